import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodMap } from '../../../electron/api/define';
import * as probeModule from './probeModule';
import { methods as contractMethods } from '../../../electron/api/contract';
import { roleAllows } from '../../../electron/api/permissions';
import { startWorker, type WorkerClient } from '../../../electron/api/workerClient';
import { startServer } from '../../../electron/server/server';
import { CHANNELS, startShell, type ElectronLike } from '../../../electron/shell';
import { office, PASSWORDS } from './setup';

const probe = probeModule;
const PROBE_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'probeModule.ts');

/**
 * Changing methods a 只读 user may call on their own account only (audit.exported records
 * the caller's own export in the audit log, and changes nothing else).
 */
const SELF_SERVICE = new Set(['accounts.changePassword', 'accounts.logout', 'accounts.login', 'audit.exported']);

describe('permissions at the router', () => {
  it('gives no changing method of the contract a permission a 只读 user holds (except their own password and session)', () => {
    const open = Object.entries(contractMethods as MethodMap)
      .filter(([name, def]) => def.write && !SELF_SERVICE.has(name) && roleAllows('readonly', def.perm, false))
      .map(([name, def]) => `${name} (${def.perm})`);
    expect(open).toEqual([]);
    // The methods that write outside the router's transaction are guarded too.
    for (const name of [
      'system.backupNow',
      'system.restore',
      'settings.update',
      'accounts.enableLogin',
      'accounts.disableLogin',
      'accounts.createUser',
    ]) {
      expect(roleAllows('readonly', (contractMethods as MethodMap)[name].perm, false), name).toBe(false);
    }
  });

  it('maps the roles as the product describes them', () => {
    expect(roleAllows('clerk', 'edit', false)).toBe(true);
    expect(roleAllows('clerk', 'users', false)).toBe(false);
    expect(roleAllows('clerk', 'approve', false)).toBe(false);
    expect(roleAllows('head', 'approve', false)).toBe(true);
    expect(roleAllows('head', 'users', false)).toBe(true);
    expect(roleAllows('head', 'edit', false)).toBe(false);
    expect(roleAllows('readonly', 'print', false)).toBe(true);
    expect(roleAllows('readonly', 'edit', false)).toBe(false);
    expect(roleAllows('admin', 'admin', false)).toBe(true);
    expect(roleAllows('admin', 'edit', false)).toBe(false);
    // login off: the one user does everything
    expect(roleAllows('clerk', 'admin', true)).toBe(true);
  });

  it('refuses a 只读 user a changing method and a job in-process, and nothing is written', () => {
    const o = office({ extraModules: [probe] });
    const viewer = { token: o.tokens.viewer };
    const r = o.t.result('probe.addNote', { text: '不该写入' }, viewer);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: '当前账号（赵只读）没有权限执行此操作' },
    });
    expect(o.t.backend.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'probe_notes'").get()).toEqual({
      n: 0,
    });
    expect(o.t.result('settings.update', { unitName: '改名' }, viewer)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(o.t.result('accounts.resetPassword', { id: o.ids.admin, password: 'taken-over-1' }, viewer)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(o.t.result('jobs.start', { name: 'probe.bulk', input: {} }, viewer)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(o.t.events).toEqual([]);
    // The same calls work for 内勤.
    expect(o.t.call('probe.addNote', { text: '内勤写入' }, { token: o.tokens.clerk })).toEqual({ ok: true });
    expect(o.t.job('probe.bulk', {}, { token: o.tokens.clerk })).toMatchObject({ type: 'done' });
    // and 主任 manages users but does not edit data
    expect(o.t.result('probe.addNote', { text: 'x' }, { token: o.tokens.head })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(o.t.call('settings.get', {}, { token: o.tokens.viewer }).unitName).toBe('');
    expect(o.t.call('audit.query', {}, viewer).total).toBeGreaterThan(0);
    o.t.close();
  });

  it('lets 内勤 and 管理员 change settings but not 主任 or 只读, and keeps the login switch out of settings', () => {
    const o = office();
    expect(o.t.call('settings.update', { unitName: '红安县局' }, { token: o.tokens.clerk }).unitName).toBe('红安县局');
    expect(o.t.call('settings.update', { fiscalYear: 2027 }, { token: o.tokens.admin }).fiscalYear).toBe(2027);
    expect(o.t.result('settings.update', { unitName: 'x' }, { token: o.tokens.head })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(o.t.result('settings.update', { loginRequired: false }, { token: o.tokens.admin })).toMatchObject({
      ok: false,
      error: { code: 'login_switch_in_accounts' },
    });
    expect(o.t.call('settings.get', {}, { token: o.tokens.admin })).toMatchObject({
      loginRequired: true,
      unitName: '红安县局',
    });
    o.t.close();
  });
});

describe('permissions over HTTP (browser mode)', () => {
  let client: WorkerClient;
  let srv: Awaited<ReturnType<typeof startServer>>;
  let tokens: Record<string, string>;
  const post = async (method: string, input: unknown, token?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(srv.url + 'api/call', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: srv.cookie,
        ...(token ? { 'x-workbench-token': token } : {}),
        ...headers,
      },
      body: JSON.stringify({ method, input }),
    });
    return res.json() as Promise<any>;
  };

  beforeAll(async () => {
    // Prepare the accounts in-process, then serve the same file through the real DB worker.
    const o = office();
    const dbPath = o.t.dbPath;
    o.t.close();
    client = await startWorker({ dbPath, dataDir: path.dirname(dbPath), extraModulePaths: [PROBE_PATH] });
    srv = await startServer({ client, staticDir: path.join(path.dirname(dbPath), 'no-ui'), port: 0 });
    tokens = {};
    for (const [login, pw] of [
      ['viewer', PASSWORDS.viewer],
      ['clerk', PASSWORDS.clerk],
    ]) {
      const r = await post('accounts.login', { login, password: pw });
      expect(r.ok).toBe(true);
      tokens[login] = r.value.token;
    }
  }, 60_000);

  afterAll(async () => {
    await srv?.close();
    await client?.close();
  });

  it('listens on 127.0.0.1 only', () => {
    expect((srv.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('requires a login and refuses a 只读 user a change, with nothing written', async () => {
    expect(await post('settings.get', {})).toMatchObject({ ok: false, error: { code: 'login_required' } });
    const r = await post('settings.update', { unitName: '只读改名' }, tokens.viewer);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const u = await post(
      'accounts.createUser',
      { login: 'mole', name: '内鬼', role: 'admin', password: 'mole-pass-1' },
      tokens.viewer,
    );
    expect(u).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const s = await post('settings.get', {}, tokens.viewer);
    expect(s.value.unitName).toBe('');
    // the same change by 内勤 goes through and is logged under her name, via the browser
    expect((await post('settings.update', { unitName: '内勤改名' }, tokens.clerk)).ok).toBe(true);
    const log = await post('audit.query', { module: 'settings' }, tokens.viewer);
    expect(log.value.rows[0]).toMatchObject({
      userLogin: 'clerk',
      userName: '张敏',
      via: 'http',
      action: 'update',
      before: { unitName: '' },
      after: { unitName: '内勤改名' },
    });
  });

  it('does not take a token from the URL', async () => {
    const res = await fetch(srv.url + 'api/call?token=' + encodeURIComponent(tokens.clerk), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: srv.cookie },
      body: JSON.stringify({ method: 'settings.get', input: {} }),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'login_required' } });
  });

  it('streams job events only to a logged-in caller, and runs a 内勤 job but not a 只读 one', async () => {
    const events = async (token?: string) =>
      fetch(srv.url + 'api/events', {
        headers: { cookie: srv.cookie, ...(token ? { 'x-workbench-token': token } : {}) },
      });
    const anon = await events();
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ ok: false, error: { code: 'login_required' } });
    expect(await post('jobs.start', { name: 'probe.bulk', input: { rows: 10 } }, tokens.viewer)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const res = await events(tokens.clerk);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const started = await post('jobs.start', { name: 'probe.bulk', input: { rows: 500 } }, tokens.clerk);
    expect(started.ok).toBe(true);
    // The stream carries every job's events (the file check after start-up among them): wait for this job's end.
    const parsed = (t: string) =>
      t
        .split('\n')
        .slice(0, -1) // the last piece may be a line still arriving
        .filter((l) => l.startsWith('data: '))
        .map((l) => JSON.parse(l.slice(6)) as { type: string; jobId: string });
    const isDone = (e: { type: string; jobId: string }) => e.type === 'done' && e.jobId === started.value.jobId;
    let text = '';
    while (!parsed(text).some(isDone)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    await reader.cancel();
    const done = parsed(text).find(isDone);
    expect(done).toMatchObject({ jobId: started.value.jobId, name: 'probe.bulk', result: { done: true, rows: 500 } });
    const log = await post('audit.query', { method: 'probe.bulk' }, tokens.viewer);
    expect(log.value.rows[0]).toMatchObject({ userLogin: 'clerk', via: 'http' });
  });

  it('lets the page client run a job with its token and receive its end over the event stream', async () => {
    // The renderer's own client, in Node: relative URLs go to the test server, with the
    // launch cookie a browser holds after opening the launch URL.
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((u: string | URL | Request, init?: RequestInit) =>
      typeof u === 'string' && u.startsWith('/')
        ? realFetch(srv.url + u.slice(1), { ...init, headers: { ...(init?.headers as object), cookie: srv.cookie } })
        : realFetch(u, init)) as typeof fetch;
    try {
      const { api, runJob } = await import('../../../renderer/api/client');
      await expect(runJob('probe.bulk', { rows: 5 }).done).rejects.toMatchObject({ code: 'login_required' });
      api.setToken(tokens.viewer);
      await expect(runJob('probe.bulk', { rows: 5 }).done).rejects.toMatchObject({ code: 'forbidden' });
      api.setToken(tokens.clerk);
      const progress: number[] = [];
      const r = runJob<{ rows: number }>(
        'probe.bulk',
        { rows: 300 },
        (e) => e.type === 'progress' && progress.push(e.done),
      );
      expect(await r.done).toEqual({ done: true, rows: 300 });
      expect(progress.at(-1)).toBe(300);
      api.setToken(null);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('ends the session on logout', async () => {
    const login = await post('accounts.login', { login: 'viewer', password: PASSWORDS.viewer });
    const t = login.value.token;
    expect((await post('settings.get', {}, t)).ok).toBe(true);
    expect((await post('accounts.logout', {}, t)).value).toEqual({ ended: true });
    expect(await post('settings.get', {}, t)).toMatchObject({ ok: false, error: { code: 'login_required' } });
  });
});

describe('permissions over IPC (the Electron shell)', () => {
  const INDEX = '/opt/wb/dist/renderer/index.html';
  const page = { senderFrame: { url: 'file://' + INDEX + '#/settings' } };
  let client: WorkerClient;
  let invoke: (e: unknown, method: string, input: unknown, token: string | null) => Promise<any>;

  beforeAll(async () => {
    const o = office();
    const dbPath = o.t.dbPath;
    o.t.close();
    client = await startWorker({ dbPath, dataDir: path.dirname(dbPath) });
    const handlers = new Map<string, any>();
    const never = new Promise<void>(() => {});
    const electron = {
      app: {
        requestSingleInstanceLock: () => true,
        on: () => {},
        whenReady: () => never,
        quit: () => {},
        getPath: () => '/tmp',
      },
      BrowserWindow: class {} as any,
      Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => {} },
      ipcMain: { handle: (ch: string, fn: unknown) => handlers.set(ch, fn) },
      dialog: {} as any,
    } satisfies ElectronLike;
    startShell({
      electron,
      client: async () => client,
      indexFile: INDEX,
      preloadFile: '/p/preload.cjs',
      version: 'test',
    });
    invoke = handlers.get(CHANNELS.invoke);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
  });

  it('refuses a 只读 user a change and lets 内勤 make it, logged as coming from the window', async () => {
    const viewer = await invoke(page, 'accounts.login', { login: 'viewer', password: PASSWORDS.viewer }, null);
    const clerk = await invoke(page, 'accounts.login', { login: 'clerk', password: PASSWORDS.clerk }, null);
    expect(await invoke(page, 'settings.update', { unitName: '只读改名' }, viewer.value.token)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke(page, 'accounts.unlockUser', { id: 1 }, viewer.value.token)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke(page, 'settings.update', { unitName: '只读改名' }, null)).toMatchObject({
      ok: false,
      error: { code: 'login_required' },
    });
    expect((await invoke(page, 'settings.get', {}, viewer.value.token)).value.unitName).toBe('');
    expect((await invoke(page, 'settings.update', { unitName: '窗口改名' }, clerk.value.token)).ok).toBe(true);
    const log = await invoke(page, 'audit.query', { module: 'settings', limit: 1 }, viewer.value.token);
    expect(log.value.rows[0]).toMatchObject({ userLogin: 'clerk', via: 'ipc', after: { unitName: '窗口改名' } });
  });
});
