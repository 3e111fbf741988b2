/**
 * A browser-mode server in a child process for service tests, started the way the
 * e2e fixture (test/e2e/fixtures.ts useServer) starts it, and called over HTTP as
 * the page calls it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface ServerProcess {
  /** the app's address, without its key */
  url: string;
  /** the launch URL the server printed (hands a browser this launch's key) */
  launchUrl: string;
  /** "name=value" of the launch cookie the launch URL sets; every /api request needs it */
  cookie: string;
  proc: ChildProcess;
  call<T = any>(method: string, input?: unknown): Promise<T>;
  /** the Result as the server answered it */
  result(
    method: string,
    input?: unknown,
  ): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>;
  stop(): Promise<void>;
}

export async function startServerProcess(dbPath: string): Promise<ServerProcess> {
  const proc = spawn(TSX, [path.join(ROOT, 'electron', 'server', 'start.ts')], {
    cwd: ROOT,
    env: { ...process.env, WORKBENCH_PORT: '0', WORKBENCH_DB: dbPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const launchUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + out)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?launch=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr!.on('data', (d) => (out += d.toString()));
    proc.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
  const url = new URL(launchUrl).origin + '/';
  // What a browser gets from the launch URL: the key in a cookie, and a redirect to the page.
  const launched = await fetch(launchUrl, { redirect: 'manual' });
  const cookie = (launched.headers.get('set-cookie') ?? '').split(';')[0];
  if (launched.status !== 303 || !cookie) throw new Error('the launch URL did not hand out its key');
  const result = async (method: string, input: unknown = {}) => {
    const res = await fetch(url + 'api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ method, input }),
    });
    return (await res.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } };
  };
  return {
    url,
    launchUrl,
    cookie,
    proc,
    result,
    async call(method, input) {
      const r = await result(method, input);
      if (!r.ok) throw Object.assign(new Error(r.error!.message), { code: r.error!.code });
      return r.value;
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
