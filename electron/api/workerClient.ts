/**
 * The other end of the DB worker, used by the Electron main process and the
 * browser-mode server: call(method, input, meta) → Promise<Result>, job events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobEvent } from './define';
import { payload, type Result } from './errors';
import type { WorkerMessage } from './dbWorker';
import { spawnWorker } from './spawn';

export interface WorkerClientOptions {
  dbPath: string;
  dataDir: string;
  /** the worker script; defaults to dbWorker.ts beside this file (dev) */
  script?: string;
  extraModulePaths?: string[];
  autoBackup?: boolean;
  /** start-up recovery: restore this backup over a damaged database before opening it */
  recoverFrom?: string;
  /**
   * The file's full check runs this long after the worker is ready (default 2 s), on a thread of
   * its own; a damaged file is told as a failed 'system.integrityCheck' job event.
   */
  integrityCheckDelayMs?: number;
}

export interface WorkerClient {
  call(
    method: string,
    input: unknown,
    meta: { token?: string; via: string; grantedPaths?: string[] },
  ): Promise<Result<unknown>>;
  onJob(listener: (e: JobEvent) => void): () => void;
  schemaVersion: number;
  close(): Promise<void>;
}

/** dbWorker.cjs beside a bundle (dist-electron/), else the TypeScript source beside this file. */
export function defaultWorkerScript(): string {
  const here = typeof __dirname !== 'undefined' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'dbWorker.cjs');
  return fs.existsSync(bundled) ? bundled : path.join(here, 'dbWorker.ts');
}

export function startWorker(o: WorkerClientOptions): Promise<WorkerClient> {
  const script = o.script ?? defaultWorkerScript();
  const worker = spawnWorker(script, {
    mode: 'main',
    dbPath: o.dbPath,
    dataDir: o.dataDir,
    extraModulePaths: o.extraModulePaths ?? [],
    autoBackup: o.autoBackup ?? false,
    recoverFrom: o.recoverFrom,
    integrityCheckDelayMs: o.integrityCheckDelayMs,
  });
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Set<(e: JobEvent) => void>();
  let nextId = 1;
  return new Promise((resolve, reject) => {
    let ready = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        ready = true;
        resolve({
          schemaVersion: m.schemaVersion,
          call(method, input, meta) {
            const id = nextId++;
            return new Promise((res) => {
              pending.set(id, res);
              try {
                worker.postMessage({ id, method, input, meta });
              } catch {
                // Input that cannot be handed to the worker (nested thousands deep, a value that
                // cannot be copied) is refused here; the worker never sees it.
                pending.delete(id);
                res({
                  ok: false,
                  error: payload('invalid_input', '请求内容无法识别（层次过深或含有不支持的值），未做任何改动'),
                });
              }
            });
          },
          onJob(l) {
            listeners.add(l);
            return () => listeners.delete(l);
          },
          async close() {
            worker.postMessage({ type: 'close' });
            await new Promise((r) => worker.once('exit', r));
          },
        });
      } else if (m.type === 'fatal') {
        if (!ready) reject(Object.assign(new Error(m.error.message), m.error));
      } else if (m.type === 'result') {
        pending.get(m.id)?.(m.result as Result<unknown>);
        pending.delete(m.id);
      } else if (m.type === 'job') {
        for (const l of listeners) l(m.event);
      }
    });
    worker.on('error', (err) => {
      if (!ready) reject(err);
      for (const res of pending.values())
        res({ ok: false, error: payload('worker_crashed', '数据库进程意外退出，请重新启动程序') });
      pending.clear();
    });
  });
}
