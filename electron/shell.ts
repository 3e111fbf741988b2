/**
 * The Electron shell, written against the parts of the `electron` module it
 * uses so a fake can stand in for it in unit tests. Thin: one window with
 * secure defaults, a Chinese menu, the single-instance lock, and IPC that
 * forwards to the DB worker. No business logic lives here.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { WorkerClient } from './api/workerClient';
import { INTEGRITY_JOB, type JobEvent } from './api/define';
import { pdfOptions } from './print/pdfOptions';
import { CHANNELS } from './channels';
import { CSP } from './csp';

/** The slice of Electron the shell needs (matches the real module's shapes). */
export interface ElectronLike {
  app: {
    requestSingleInstanceLock(): boolean;
    on(event: string, cb: (...args: any[]) => void): unknown;
    whenReady(): Promise<void>;
    quit(): void;
    getPath(name: string): string;
  };
  BrowserWindow: new (opts: any) => WindowLike;
  Menu: { buildFromTemplate(t: any[]): unknown; setApplicationMenu(m: unknown): void };
  ipcMain: { handle(channel: string, fn: (e: IpcEventLike, ...args: any[]) => unknown): void };
  dialog: {
    showOpenDialog(w: WindowLike, o: any): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(w: WindowLike, o: any): Promise<{ canceled: boolean; filePath?: string }>;
    showMessageBox(w: WindowLike | null, o: any): Promise<{ response: number }>;
  };
  session?: {
    defaultSession: {
      webRequest: { onHeadersReceived(fn: (d: any, cb: (r: any) => void) => void): void };
      setPermissionRequestHandler(fn: (...a: any[]) => void): void;
      setPermissionCheckHandler(fn: (...a: any[]) => boolean): void;
    };
  };
}

export interface WindowLike {
  loadFile(file: string, opts?: { hash?: string }): Promise<void>;
  on(event: string, cb: (...args: any[]) => void): unknown;
  once?(event: string, cb: (...args: any[]) => void): unknown;
  show?(): void;
  focus?(): void;
  isMinimized?(): boolean;
  restore?(): void;
  close?(): void;
  webContents: {
    id?: number;
    on(event: string, cb: (...args: any[]) => void): unknown;
    setWindowOpenHandler(fn: (d: { url: string }) => { action: 'deny' | 'allow' }): void;
    send(channel: string, ...args: unknown[]): void;
    printToPDF(o: any): Promise<Buffer>;
    getURL?(): string;
  };
}

export interface IpcEventLike {
  senderFrame?: { url: string } | null;
  sender?: { id: number };
}

/** How long a print view may take to show its data before printing is given up with an error. */
export const PRINT_READY_TIMEOUT_MS = 60_000;

export { CHANNELS };

export function windowOptions(preload: string) {
  return {
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    title: '县级营销内勤工作台',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      // a middle click on a link would otherwise ask for a new window
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

export function menuTemplate(actions: { reload(): void; devtools?(): void; quit(): void; about(): void }) {
  return [
    { label: '文件', submenu: [{ label: '退出', accelerator: 'Ctrl+Q', click: actions.quit }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '刷新', accelerator: 'F5', click: actions.reload },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    { label: '帮助', submenu: [{ label: '关于县级营销内勤工作台', click: actions.about }] },
  ];
}

/** True for the app's own index.html (any #route), as a file: URL; nothing else. */
export function isAppIndex(url: string, indexFile: string): boolean {
  const expected = 'file://' + (indexFile.startsWith('/') ? '' : '/') + indexFile.replace(/\\/g, '/');
  const page = url.split('#')[0];
  return page === encodeURI(expected) || page === expected;
}

/** Only our own page may call: IPC from any other frame is refused. */
export function trustedSender(e: IpcEventLike, indexFile: string): boolean {
  return isAppIndex(e.senderFrame?.url ?? '', indexFile);
}

/** Adds the app's CSP to every response the window loads (a header, not only the page's meta tag). */
export function withCsp(details: { responseHeaders?: Record<string, string[] | string> }): {
  responseHeaders: Record<string, string[] | string>;
} {
  const headers: Record<string, string[] | string> = {};
  for (const [k, v] of Object.entries(details.responseHeaders ?? {}))
    if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
  // eng-disable (Electronegativity): the value is the constant of electron/csp.ts, which the scan cannot read here;
  // the same policy is the page's meta tag (renderer/index.html) and is unit-tested (shell.test.ts)
  headers['Content-Security-Policy'] = [CSP]; // eng-disable CSP_GLOBAL_CHECK
  return { responseHeaders: headers };
}

export interface ShellOptions {
  electron: ElectronLike;
  client: () => Promise<WorkerClient>;
  indexFile: string;
  preloadFile: string;
  version: string;
  /** replaces the damaged database with a backup (keeps the damaged file beside it) */
  restoreFromBackup?: (backupFile: string) => void;
  /** how long a print view may take to say it is ready (tests shorten it) */
  printTimeoutMs?: number;
}

export function startShell(o: ShellOptions) {
  const { app, BrowserWindow, Menu, ipcMain, dialog } = o.electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  let win: WindowLike | null = null;
  /** Hidden print windows by webContents id: the session of the page that asked, and the 「ready」 signal. */
  const printing = new Map<number, { token: string | undefined; ready: () => void }>();
  let clientPromise: Promise<WorkerClient> | null = null;
  const getClient = () => (clientPromise ??= o.client());

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized?.()) win.restore?.();
      win.focus?.();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.on('web-contents-created', (_e: unknown, contents: WindowLike['webContents']) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // Navigation stays on the app's own index (its #routes); any other file or address is refused.
    const stayHome = (ev: { preventDefault(): void }, url: string) => {
      if (!isAppIndex(String(url), o.indexFile)) ev.preventDefault();
    };
    contents.on('will-navigate', stayHome);
    contents.on('will-redirect', stayHome);
    contents.on('will-attach-webview', (ev: { preventDefault(): void }) => ev.preventDefault());
  });

  const guard =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    (e: IpcEventLike, ...a: A): R | { ok: false; error: { code: string; message: string } } => {
      if (!trustedSender(e, o.indexFile))
        return { ok: false, error: { code: 'untrusted_sender', message: '拒绝来自未知页面的请求' } };
      return fn(...a);
    };

  const printSession = (e: IpcEventLike) => (e.sender ? printing.get(e.sender.id)?.token : undefined);
  /**
   * Files this window's open/save dialogs returned: the only free paths the worker takes from
   * the window (api/appFiles). The page cannot add to them; the latest few are kept.
   */
  const granted: string[] = [];
  const grant = (p: string | null | undefined) => {
    if (!p) return p ?? null;
    if (!granted.includes(p)) granted.push(p);
    if (granted.length > 20) granted.shift();
    return p;
  };
  ipcMain.handle(CHANNELS.invoke, (e: IpcEventLike, method: unknown, input: unknown, token: unknown) =>
    guard(async () => {
      if (typeof method !== 'string')
        return { ok: false, error: { code: 'bad_request', message: '缺少要调用的功能名' } };
      const c = await getClient();
      // A print window calls with the session of the page that asked for the print.
      const session = typeof token === 'string' ? token : printSession(e);
      return c.call(method, input, { via: 'ipc', token: session, grantedPaths: [...granted] });
    })(e),
  );
  ipcMain.handle(
    CHANNELS.printReady,
    (e: IpcEventLike) => void (e.sender && trustedSender(e, o.indexFile) && printing.get(e.sender.id)?.ready()),
  );
  ipcMain.handle(
    CHANNELS.openFile,
    guard(async (opts: { title?: string; filters?: { name: string; extensions: string[] }[] } = {}) => {
      const r = await dialog.showOpenDialog(win!, {
        title: String(opts?.title ?? '选择文件'),
        properties: ['openFile'],
        filters: sanitiseFilters(opts?.filters),
      });
      return r.canceled ? null : grant(r.filePaths[0]);
    }),
  );
  ipcMain.handle(
    CHANNELS.saveFile,
    guard(
      async (
        opts: { title?: string; defaultPath?: string; filters?: { name: string; extensions: string[] }[] } = {},
      ) => {
        const r = await dialog.showSaveDialog(win!, {
          title: String(opts?.title ?? '保存'),
          defaultPath: typeof opts?.defaultPath === 'string' ? path.basename(opts.defaultPath) : undefined,
          filters: sanitiseFilters(opts?.filters),
        });
        return r.canceled ? null : grant(r.filePath);
      },
    ),
  );
  ipcMain.handle(
    CHANNELS.printToPdf,
    guard(async (opts: { route?: string; landscape?: boolean; defaultName?: string } = {}, token?: unknown) => {
      const route = typeof opts?.route === 'string' && /^\/[\w\-/?=&%.]*$/.test(opts.route) ? opts.route : null;
      if (!route) return null;
      const target = await dialog.showSaveDialog(win!, {
        title: '保存为 PDF',
        defaultPath: (opts.defaultName ?? '报表').replace(/[\\/:*?"<>|]/g, '_') + '.pdf',
        filters: [{ name: 'PDF 文件', extensions: ['pdf'] }],
      });
      if (target.canceled || !target.filePath) return null;
      // eng-disable (Electronegativity): the options are windowOptions(): contextIsolation, sandbox, no Auxclick (unit-tested)
      const printWin = new BrowserWindow({ ...windowOptions(o.preloadFile), show: false }); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
      const id = printWin.webContents.id ?? -1;
      const timeoutMs = o.printTimeoutMs ?? PRINT_READY_TIMEOUT_MS;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        // The print view says 「ready」 once its data is rendered; it may never do so (a failed query).
        const ready = new Promise<boolean>((resolve) => {
          printing.set(id, { token: typeof token === 'string' ? token : undefined, ready: () => resolve(true) });
          timer = setTimeout(() => resolve(false), timeoutMs);
        });
        await printWin.loadFile(o.indexFile, { hash: route });
        if (!(await ready)) {
          await dialog.showMessageBox(win, {
            type: 'error',
            title: '打印失败',
            message: `报表在 ${Math.round(timeoutMs / 1000)} 秒内没有显示出数据，未生成 PDF。`,
            detail: '请在工作台中打开该报表确认能正常显示（数据读取失败或登录已过期时会这样），然后再打印。',
          });
          return null;
        }
        const p = pdfOptions({ landscape: !!opts.landscape });
        const buf = await printWin.webContents.printToPDF({
          landscape: p.landscape,
          pageSize: p.pageSize,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: p.headerTemplate,
          footerTemplate: p.footerTemplate,
          preferCSSPageSize: true,
        });
        fs.writeFileSync(target.filePath, buf);
        return target.filePath;
      } finally {
        clearTimeout(timer);
        printing.delete(id);
        printWin.close?.();
      }
    }),
  );

  const forwardJobs = async () => {
    const c = await getClient();
    c.onJob((e: JobEvent) => {
      win?.webContents.send(CHANNELS.job, e);
      if (e.name === INTEGRITY_JOB.name && e.type === 'failed') void damagedWhileOpen(e.error);
    });
  };

  /**
   * The full check that runs after the first screen found the file damaged: the same offer as
   * at start (the newest sound backup), or the clerk carries on and deals with it later.
   */
  async function damagedWhileOpen(error: { message: string; details?: unknown }): Promise<void> {
    const newest = (error.details as { newestBackup?: string | null } | undefined)?.newestBackup ?? null;
    const buttons = newest && o.restoreFromBackup ? ['从最近的备份恢复', '稍后处理'] : ['知道了'];
    const choice = await dialog.showMessageBox(win, {
      type: 'error',
      title: '数据库文件已损坏',
      message: error.message,
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
    });
    if (newest && o.restoreFromBackup && choice.response === 0) await restoreNewest(newest);
  }

  /**
   * Restores the newest sound backup over the damaged database, at start or after the check:
   * the DB worker (if it opened) is closed, the next one restores the backup before opening,
   * and the page loads again on it. 恢复失败 ends the app (the damaged file is left as it was).
   */
  async function restoreNewest(newest: string): Promise<void> {
    try {
      const open = await clientPromise?.catch(() => null);
      await open?.close();
      o.restoreFromBackup!(newest);
      clientPromise = null;
      await forwardJobs();
      await win?.loadFile(o.indexFile);
    } catch (again) {
      await dialog.showMessageBox(null, {
        type: 'error',
        title: '恢复失败',
        message: (again as Error).message,
        buttons: ['退出'],
      });
      app.quit();
    }
  }

  app.whenReady().then(async () => {
    const session = o.electron.session;
    if (session) {
      // No camera, microphone, notifications, geolocation…: asked or checked, the answer is no.
      session.defaultSession.setPermissionRequestHandler((_wc: unknown, _perm: unknown, cb: (ok: boolean) => void) =>
        cb(false),
      );
      session.defaultSession.setPermissionCheckHandler(() => false);
      session.defaultSession.webRequest.onHeadersReceived((details, cb) => cb(withCsp(details)));
    }
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          reload: () => win?.loadFile(o.indexFile),
          quit: () => app.quit(),
          about: () =>
            void dialog.showMessageBox(win, {
              type: 'info',
              title: '关于',
              message: '县级营销内勤工作台',
              detail: `版本 ${o.version}`,
            }),
        }),
      ),
    );
    win = new BrowserWindow(windowOptions(o.preloadFile)); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    win.on('ready-to-show', () => win?.show?.());
    try {
      await getClient();
    } catch (err) {
      const e = err as { code?: string; message: string; details?: { newestBackup?: string | null } };
      const newest = e.details?.newestBackup ?? null;
      const buttons = newest ? ['从最近的备份恢复', '退出'] : ['退出'];
      const choice = await dialog.showMessageBox(null, {
        type: 'error',
        title: '无法打开数据库',
        message: e.message,
        buttons,
        defaultId: 0,
        cancelId: buttons.length - 1,
      });
      if (newest && choice.response === 0 && o.restoreFromBackup) await restoreNewest(newest);
      else app.quit();
      return;
    }
    await forwardJobs();
    await win.loadFile(o.indexFile);
  });
  return { window: () => win };
}

function sanitiseFilters(f: unknown): { name: string; extensions: string[] }[] | undefined {
  if (!Array.isArray(f)) return undefined;
  return f
    .filter((x) => x && typeof x.name === 'string' && Array.isArray(x.extensions))
    .map((x) => ({
      name: String(x.name).slice(0, 40),
      extensions: x.extensions.filter((e: unknown) => typeof e === 'string' && /^[\w*]{1,10}$/.test(e as string)),
    }));
}
