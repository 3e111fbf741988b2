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
  url: string;
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
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + out)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr!.on('data', (d) => (out += d.toString()));
    proc.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
  const result = async (method: string, input: unknown = {}) => {
    const res = await fetch(url + 'api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method, input }),
    });
    return (await res.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } };
  };
  return {
    url,
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
