import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startShell,
  windowOptions,
  trustedSender,
  CHANNELS,
  menuTemplate,
  type ElectronLike,
  type ShellOptions,
} from '../../../electron/shell';
import type { WorkerClient } from '../../../electron/api/workerClient';
import { makeBridge } from '../../../electron/bridge';
import { CSP } from '../../../electron/csp';

function fakeElectron(lock = true) {
  const handlers = new Map<string, (e: any, ...a: any[]) => any>();
  const appEvents = new Map<string, (...a: any[]) => void>();
  const windows: any[] = [];
  let nextId = 1;
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const electron: ElectronLike = {
    app: {
      requestSingleInstanceLock: () => lock,
      on: (ev, cb) => appEvents.set(ev, cb),
      whenReady: () => readyP,
      quit: vi.fn(),
      getPath: () => '/tmp',
    },
    BrowserWindow: class {
      opts: any;
      webContents = {
        id: nextId++,
        on: vi.fn(),
        setWindowOpenHandler: vi.fn(),
        send: vi.fn(),
        printToPDF: vi.fn(async () => Buffer.from('%PDF')),
      };
      constructor(opts: any) {
        this.opts = opts;
        windows.push(this);
      }
      loadFile = vi.fn(async () => {});
      on = vi.fn();
      close = vi.fn();
    } as any,
    Menu: { buildFromTemplate: (t) => t, setApplicationMenu: vi.fn() },
    ipcMain: { handle: (ch, fn) => handlers.set(ch, fn) },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
  };
  return { electron, handlers, appEvents, windows, ready };
}

const INDEX = '/opt/wb/dist/renderer/index.html';

/** A stand-in for the DB worker's client; job listeners it is given go into `listeners`. */
function fakeClient(
  call: WorkerClient['call'] = vi.fn(),
  o: { listeners?: ((e: any) => void)[]; onClose?: () => void } = {},
): WorkerClient {
  return {
    call,
    callJson: async (m, i, meta) => new TextEncoder().encode(JSON.stringify(await call(m, i, meta))),
    onJob: (l) => (o.listeners?.push(l), () => {}),
    schemaVersion: 1,
    close: async () => o.onClose?.(),
  };
}

/** The shell on the fake Electron with this client (and any other options). */
function shellOn(
  f: ReturnType<typeof fakeElectron>,
  client: ShellOptions['client'],
  more: Partial<ShellOptions> = {},
): ReturnType<typeof startShell> {
  return startShell({
    electron: f.electron,
    client,
    indexFile: INDEX,
    preloadFile: '/p/preload.cjs',
    version: 't',
    ...more,
  });
}
const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

describe('the Electron shell', () => {
  it('opens its window with contextIsolation, sandbox and no nodeIntegration', () => {
    const w = windowOptions('/p/preload.cjs').webPreferences;
    expect(w).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/p/preload.cjs',
    });
  });

  it('forwards invoke to the DB worker and refuses frames that are not our page', async () => {
    const f = fakeElectron();
    const call = vi.fn(async (method: string, input: unknown, meta: unknown) => ({
      ok: true as const,
      value: { method, input, meta } as unknown,
    }));
    shellOn(f, async () => fakeClient(call));
    const invoke = f.handlers.get(CHANNELS.invoke)!;
    const good = await invoke({ senderFrame: { url: 'file://' + INDEX + '#/settings' } }, 'settings.get', {}, 'tok');
    expect(good).toEqual({
      ok: true,
      value: { method: 'settings.get', input: {}, meta: { via: 'ipc', token: 'tok', grantedPaths: [] } },
    });
    const evil = await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'settings.get', {}, null);
    expect(evil.ok).toBe(false);
    expect(evil.error.code).toBe('untrusted_sender');
    expect(call).toHaveBeenCalledTimes(1);
    const noName = await invoke({ senderFrame: { url: 'file://' + INDEX } }, 42, {}, null);
    expect(noName.ok).toBe(false);
  });

  it('blocks new windows and navigation away from the app', () => {
    const f = fakeElectron();
    shellOn(f, async () => fakeClient());
    const created = f.appEvents.get('web-contents-created')!;
    const listeners = new Map<string, (...a: any[]) => void>();
    let openHandler: any;
    created(
      {},
      { on: (ev: string, cb: any) => listeners.set(ev, cb), setWindowOpenHandler: (h: any) => (openHandler = h) },
    );
    expect(openHandler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const prevent = vi.fn();
    listeners.get('will-navigate')!({ preventDefault: prevent }, 'https://example.com/phish');
    expect(prevent).toHaveBeenCalled();
    const keep = vi.fn();
    listeners.get('will-navigate')!({ preventDefault: keep }, 'file://' + INDEX + '#/x');
    expect(keep).not.toHaveBeenCalled();
  });

  it('quits at once when another instance already holds the lock', () => {
    const f = fakeElectron(false);
    const r = shellOn(f, async () => ({}) as any);
    expect(r).toBeNull();
    expect(f.electron.app.quit).toHaveBeenCalled();
  });

  it('has a Chinese menu', () => {
    const labels = menuTemplate({ reload() {}, quit() {}, about() {} }).map((m) => m.label);
    expect(labels).toEqual(['文件', '编辑', '视图', '帮助']);
  });

  it('trusts only the app page itself', () => {
    expect(trustedSender({ senderFrame: { url: 'file://' + INDEX } }, INDEX)).toBe(true);
    expect(trustedSender({ senderFrame: { url: 'file:///tmp/other.html' } }, INDEX)).toBe(false);
    expect(trustedSender({ senderFrame: null }, INDEX)).toBe(false);
  });
});

describe('Electron security in the shell', () => {
  function secureShell() {
    const f = fakeElectron();
    const permissionRequests: ((...a: any[]) => void)[] = [];
    const permissionChecks: ((...a: any[]) => boolean)[] = [];
    const headerHooks: ((d: any, cb: (r: any) => void) => void)[] = [];
    f.electron.session = {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn) => headerHooks.push(fn) },
        setPermissionRequestHandler: (fn) => permissionRequests.push(fn),
        setPermissionCheckHandler: (fn) => permissionChecks.push(fn),
      },
    };
    const metas: any[] = [];
    const call = vi.fn(async (_m: string, _i: unknown, meta: unknown) => {
      metas.push(meta);
      return { ok: true as const, value: null };
    });
    shellOn(f, async () => fakeClient(call));
    f.ready();
    return { f, permissionRequests, permissionChecks, headerHooks, metas };
  }
  it('lets the window navigate only to the app’s own index, and redirects likewise', () => {
    const { f } = secureShell();
    const listeners = new Map<string, (...a: any[]) => void>();
    f.appEvents.get('web-contents-created')!(
      {},
      { on: (ev: string, cb: any) => listeners.set(ev, cb), setWindowOpenHandler: () => {} },
    );
    const tries = (event: string, url: string) => {
      const prevent = vi.fn();
      listeners.get(event)!({ preventDefault: prevent }, url);
      return prevent.mock.calls.length === 0;
    };
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(tries(event, 'file://' + INDEX), event).toBe(true);
      expect(tries(event, 'file://' + INDEX + '#/reports/sales?period=2026-09'), event).toBe(true);
      // another file, even beside the index, or the file system, or the web: refused
      expect(tries(event, 'file:///etc/passwd'), event).toBe(false);
      expect(tries(event, 'file:///opt/wb/dist/renderer/other.html'), event).toBe(false);
      expect(tries(event, 'file://' + INDEX + '.evil.html'), event).toBe(false);
      expect(tries(event, 'https://evil.example/'), event).toBe(false);
      expect(tries(event, 'data:text/html,<script>alert(1)</script>'), event).toBe(false);
    }
  });

  it('denies every permission asked or checked, and sends the CSP as a response header', async () => {
    const { permissionRequests, permissionChecks, headerHooks } = secureShell();
    await tick();
    expect(permissionRequests).toHaveLength(1);
    expect(permissionChecks).toHaveLength(1);
    expect(headerHooks).toHaveLength(1);
    for (const perm of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      permissionRequests[0]({}, perm, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(permissionChecks[0]({}, perm, 'file://' + INDEX)).toBe(false);
    }
    let answer: any;
    headerHooks[0](
      {
        url: 'file://' + INDEX,
        responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ['default-src *'] },
      },
      (r) => (answer = r),
    );
    expect(answer.responseHeaders['content-type']).toEqual(['text/html']);
    expect(answer.responseHeaders['content-security-policy']).toBeUndefined();
    expect(answer.responseHeaders['Content-Security-Policy']).toEqual([CSP]);
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).not.toContain('unsafe-eval');
  });

  it('hands the worker only the paths its own dialogs returned', async () => {
    const { f, metas } = secureShell();
    await tick();
    const from = { senderFrame: { url: 'file://' + INDEX + '#/imports' } };
    const invoke = f.handlers.get(CHANNELS.invoke)!;
    await invoke(from, 'imports.preview', { kind: 'orders', file: '/home/u/订单.xlsx' }, null);
    expect(metas.at(-1).grantedPaths).toEqual([]);
    (f.electron.dialog.showOpenDialog as any).mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await f.handlers.get(CHANNELS.openFile)!(from, {})).toBe(null);
    (f.electron.dialog.showOpenDialog as any).mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/u/订单.xlsx'],
    });
    expect(await f.handlers.get(CHANNELS.openFile)!(from, {})).toBe('/home/u/订单.xlsx');
    (f.electron.dialog.showSaveDialog as any).mockResolvedValueOnce({ canceled: false, filePath: '/home/u/审计.xlsx' });
    expect(await f.handlers.get(CHANNELS.saveFile)!(from, {})).toBe('/home/u/审计.xlsx');
    await invoke(from, 'imports.preview', { kind: 'orders', file: '/home/u/订单.xlsx' }, null);
    expect(metas.at(-1).grantedPaths).toEqual(['/home/u/订单.xlsx', '/home/u/审计.xlsx']);
    // another frame cannot get a path granted
    (f.electron.dialog.showOpenDialog as any).mockResolvedValueOnce({ canceled: false, filePaths: ['/etc/passwd'] });
    expect(await f.handlers.get(CHANNELS.openFile)!({ senderFrame: { url: 'https://evil.example/' } }, {})).toEqual(
      expect.objectContaining({ ok: false }),
    );
    await invoke(from, 'system.ping', {}, null);
    expect(metas.at(-1).grantedPaths).not.toContain('/etc/passwd');
  });
});

describe('printing to PDF', () => {
  const page = (id: number, route = '/settings') => ({
    senderFrame: { url: 'file://' + INDEX + '#' + route },
    sender: { id },
  });
  function printingShell(timeoutMs?: number) {
    const f = fakeElectron();
    const calls: { method: string; token: unknown }[] = [];
    const call = vi.fn(async (method: string, _input: unknown, meta: { token?: string }) => {
      calls.push({ method, token: meta.token });
      return { ok: true as const, value: null };
    });
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-print-')), '月报.pdf');
    (f.electron.dialog.showSaveDialog as any).mockImplementation(async () => ({ canceled: false, filePath: target }));
    shellOn(f, async () => fakeClient(call), { printTimeoutMs: timeoutMs });
    f.ready();
    return { f, calls, target };
  }
  it("hands the print window the caller's session and prints only when the view says it is ready", async () => {
    const { f, calls, target } = printingShell();
    await tick();
    const main = f.windows[0];
    const printing = f.handlers.get(CHANNELS.printToPdf)!(
      page(main.webContents.id, '/reports/pack'),
      { route: '/reports/print/pack?month=2026-03', landscape: true, defaultName: '2026年3月营销月报' },
      'session-of-李主任',
    );
    await tick();
    const printWin = f.windows[1];
    expect(printWin.opts.show).toBe(false);
    expect(printWin.opts.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    // the session is never in the address
    expect(printWin.loadFile).toHaveBeenCalledWith(INDEX, { hash: '/reports/print/pack?month=2026-03' });
    const invoke = f.handlers.get(CHANNELS.invoke)!;
    const printId = printWin.webContents.id;
    // the print view's own calls carry no token: the shell supplies the caller's
    await invoke(page(printId, '/reports/print/pack?month=2026-03'), 'reports.pack', { month: '2026-03' }, null);
    // the main window's calls keep their own (here: none)
    await invoke(page(main.webContents.id), 'settings.get', {}, null);
    expect(calls).toEqual([
      { method: 'reports.pack', token: 'session-of-李主任' },
      { method: 'settings.get', token: undefined },
    ]);
    await tick();
    expect(printWin.webContents.printToPDF).not.toHaveBeenCalled();
    // another window saying ready does not release this print
    await f.handlers.get(CHANNELS.printReady)!(page(main.webContents.id));
    await tick();
    expect(printWin.webContents.printToPDF).not.toHaveBeenCalled();
    await f.handlers.get(CHANNELS.printReady)!(page(printId, '/reports/print/pack?month=2026-03'));
    expect(await printing).toBe(target);
    expect(printWin.webContents.printToPDF).toHaveBeenCalledTimes(1);
    expect(printWin.webContents.printToPDF.mock.calls[0][0]).toMatchObject({ landscape: true, pageSize: 'A4' });
    expect(fs.readFileSync(target, 'latin1')).toBe('%PDF');
    expect(printWin.close).toHaveBeenCalled();
    // once printed, the window's id no longer carries the session
    await invoke(page(printId), 'reports.pack', {}, null);
    expect(calls.at(-1)).toEqual({ method: 'reports.pack', token: undefined });
  });

  it('reports an error and writes no PDF when the view is not ready in time', async () => {
    const { f, target } = printingShell(50);
    await tick();
    const r = await f.handlers.get(CHANNELS.printToPdf)!(
      page(f.windows[0].webContents.id),
      { route: '/network/print?period=2026-03&by=manager' },
      'tok',
    );
    expect(r).toBeNull();
    const printWin = f.windows[1];
    expect(printWin.webContents.printToPDF).not.toHaveBeenCalled();
    expect(fs.existsSync(target)).toBe(false);
    expect(printWin.close).toHaveBeenCalled();
    const box = (f.electron.dialog.showMessageBox as any).mock.calls.at(-1)[1];
    expect(box).toMatchObject({ type: 'error', title: '打印失败' });
    expect(box.message).toContain('未生成 PDF');
  });

  it('refuses a route that is not a plain app path', async () => {
    const { f } = printingShell();
    await tick();
    const r = await f.handlers.get(CHANNELS.printToPdf)!(page(1), { route: 'https://evil.example/' }, 'tok');
    expect(r).toBeNull();
    expect(f.windows).toHaveLength(1);
  });
});

describe('the preload bridge', () => {
  it('exposes only invoke, onJob, dialogs and print — not ipcRenderer', async () => {
    const ipc = { invoke: vi.fn(async (...a: unknown[]) => a), on: vi.fn(), removeListener: vi.fn() };
    const b = makeBridge(ipc);
    expect(Object.keys(b).sort()).toEqual([
      'invoke',
      'isElectron',
      'onJob',
      'openFile',
      'printReady',
      'printToPdf',
      'saveFile',
    ]);
    expect(Object.isFrozen(b)).toBe(true);
    expect(await b.invoke('system.ping', {}, null)).toEqual([CHANNELS.invoke, 'system.ping', {}, null]);
    const got: unknown[] = [];
    const off = b.onJob((e) => got.push(e));
    const wrapped = ipc.on.mock.calls[0][1];
    wrapped({ sender: 'x' }, { jobId: '1', type: 'started' });
    expect(got).toEqual([{ jobId: '1', type: 'started' }]);
    off();
    expect(ipc.removeListener).toHaveBeenCalledWith(CHANNELS.job, wrapped);
  });
});

describe('a damaged database', () => {
  const NEWEST = '/b/自动备份-2026-11-22.db';
  const corrupt = () =>
    Object.assign(new Error('数据库文件已损坏'), { code: 'db_corrupt', details: { newestBackup: NEWEST } });
  const failedCheck = {
    jobId: 'integrity-check',
    name: 'system.integrityCheck',
    type: 'failed',
    error: {
      code: 'db_corrupt',
      message: `数据库文件已损坏（完整性检查未通过：……）。可以从最近的备份恢复：${NEWEST}`,
      details: { newestBackup: NEWEST },
    },
  };

  /**
   * The shell over a DB worker that starts the way `starts` says, one entry per start: 'ok',
   * 'corrupt' (the open refuses a damaged file) or 'restoreFails' (the start that restores the
   * backup refuses it). `answer` is the button the clerk presses in the dialog.
   */
  async function damagedShell(starts: ('ok' | 'corrupt' | 'restoreFails')[], answer = 0) {
    const f = fakeElectron();
    (f.electron.dialog.showMessageBox as any).mockImplementation(async () => ({ response: answer }));
    const restored: string[] = [];
    const listeners: ((e: any) => void)[] = [];
    const closed: number[] = [];
    let started = 0;
    shellOn(
      f,
      async () => {
        const n = ++started;
        const how = starts[n - 1] ?? 'ok';
        if (how === 'corrupt') throw corrupt();
        if (how === 'restoreFails')
          throw Object.assign(new Error('备份文件已损坏，不能用于恢复'), { code: 'backup_corrupt' });
        return fakeClient(vi.fn(), { listeners, onClose: () => closed.push(n) });
      },
      { restoreFromBackup: (file) => restored.push(file) },
    );
    f.ready();
    await tick(20);
    const boxes = () => (f.electron.dialog.showMessageBox as any).mock.calls.map((c: any[]) => c[1]);
    return { f, restored, listeners, closed, boxes, starts: () => started, win: f.windows[0] };
  }

  it('at start: offers the newest backup and reopens after restoring it', async () => {
    const s = await damagedShell(['corrupt', 'ok']);
    expect(s.boxes()).toHaveLength(1);
    expect(s.boxes()[0]).toMatchObject({ title: '无法打开数据库', buttons: ['从最近的备份恢复', '退出'] });
    expect(s.restored).toEqual([NEWEST]);
    expect(s.starts()).toBe(2);
    expect(s.listeners).toHaveLength(1);
    expect(s.win.loadFile).toHaveBeenCalledTimes(1);
    expect(s.win.loadFile).toHaveBeenCalledWith(INDEX);
    expect(s.f.electron.app.quit).not.toHaveBeenCalled();
  });

  it('at start: 退出 quits without restoring', async () => {
    const s = await damagedShell(['corrupt'], 1);
    expect(s.restored).toEqual([]);
    expect(s.starts()).toBe(1);
    expect(s.win.loadFile).not.toHaveBeenCalled();
    expect(s.f.electron.app.quit).toHaveBeenCalledTimes(1);
  });

  it('at start: a restore that fails says 恢复失败 and quits', async () => {
    const s = await damagedShell(['corrupt', 'restoreFails']);
    expect(s.restored).toEqual([NEWEST]);
    expect(s.boxes().map((b: any) => b.title)).toEqual(['无法打开数据库', '恢复失败']);
    expect(s.boxes()[1]).toMatchObject({ message: '备份文件已损坏，不能用于恢复', buttons: ['退出'] });
    expect(s.win.loadFile).not.toHaveBeenCalled();
    expect(s.f.electron.app.quit).toHaveBeenCalledTimes(1);
  });

  it('found by the check after the first screen: offers the newest backup, restores it and reloads the page', async () => {
    const s = await damagedShell(['ok', 'ok']);
    expect(s.win.loadFile).toHaveBeenCalledTimes(1);
    expect(s.boxes()).toEqual([]);
    s.listeners[0](failedCheck);
    await tick(20);
    expect(s.boxes()).toHaveLength(1);
    expect(s.boxes()[0]).toMatchObject({
      title: '数据库文件已损坏',
      message: failedCheck.error.message,
      buttons: ['从最近的备份恢复', '稍后处理'],
    });
    // the page was told too (it shows its own notice as well)
    expect(s.win.webContents.send).toHaveBeenCalledWith(CHANNELS.job, failedCheck);
    expect(s.closed).toEqual([1]);
    expect(s.restored).toEqual([NEWEST]);
    expect(s.starts()).toBe(2);
    expect(s.listeners).toHaveLength(2);
    expect(s.win.loadFile).toHaveBeenCalledTimes(2);
    expect(s.f.electron.app.quit).not.toHaveBeenCalled();
  });

  it('found by the check: a restore that fails says 恢复失败 and quits', async () => {
    const s = await damagedShell(['ok', 'restoreFails']);
    s.listeners[0](failedCheck);
    await tick(20);
    expect(s.boxes().map((b: any) => b.title)).toEqual(['数据库文件已损坏', '恢复失败']);
    expect(s.closed).toEqual([1]);
    expect(s.restored).toEqual([NEWEST]);
    expect(s.win.loadFile).toHaveBeenCalledTimes(1);
    expect(s.f.electron.app.quit).toHaveBeenCalledTimes(1);
  });

  it('found by the check: 稍后处理 keeps the app open on the same database', async () => {
    const s = await damagedShell(['ok'], 1);
    s.listeners[0](failedCheck);
    // a passed check says nothing
    s.listeners[0]({ jobId: 'integrity-check', name: 'system.integrityCheck', type: 'done', result: { ok: true } });
    await tick(20);
    expect(s.boxes()).toHaveLength(1);
    expect(s.restored).toEqual([]);
    expect(s.closed).toEqual([]);
    expect(s.starts()).toBe(1);
    expect(s.win.loadFile).toHaveBeenCalledTimes(1);
    expect(s.f.electron.app.quit).not.toHaveBeenCalled();
  });
});
