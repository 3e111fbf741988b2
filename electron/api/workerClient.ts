/**
 * The other end of the DB worker, used by the Electron main process and the
 * browser-mode server: call(method, input, meta) → Promise<Result>, job events.
 *
 * A worker that dies (a runaway allocation past its heap limit, a native fault) does not take
 * the app down: the calls it was answering and the jobs it was running are answered with the
 * Chinese reason (out_of_memory, worker_crashed) — nothing of theirs was committed — and a fresh
 * worker opens the same file at once for the next call.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { JobEvent } from './define';
import { payload, type ErrorPayload, type Result } from './errors';
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
  /** the JavaScript heap limit (MB) of the worker and its job threads, instead of THREAD_HEAP_MB (tests) */
  heapMb?: number;
}

export interface WorkerClient {
  call(
    method: string,
    input: unknown,
    meta: { token?: string; via: string; grantedPaths?: string[] },
  ): Promise<Result<unknown>>;
  /**
   * The same call answered as the Result's JSON text in UTF-8, written by the worker and handed
   * over without a copy (the browser-mode server sends it as it is).
   */
  callJson(method: string, input: unknown, meta: { token?: string; via: string }): Promise<Uint8Array>;
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

/** Why a worker ended, in the words the clerk is shown. */
function lostReason(err: Error | null): ErrorPayload {
  if ((err as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return payload('out_of_memory');
  return payload('worker_crashed', '数据库进程意外退出，操作未完成，未做任何改动；数据库已重新打开，可以再试一次');
}

/** An answer: the Result, or its JSON as UTF-8 bytes when those were asked for. */
type Answer = { result: Result<unknown> } | { json: Uint8Array };

/** One worker thread and the calls it has been handed. */
interface Generation {
  worker: Worker;
  pending: Map<number, (a: Answer) => void>;
  dead: boolean;
}

const toBytes = (r: Result<unknown>): Uint8Array => new TextEncoder().encode(JSON.stringify(r));

export function startWorker(o: WorkerClientOptions): Promise<WorkerClient> {
  const script = o.script ?? defaultWorkerScript();
  const listeners = new Set<(e: JobEvent) => void>();
  /** jobs this worker runs (with the follow-ups they named) that have not ended: id → name */
  const live = new Map<string, string>();
  let nextId = 1;
  let closing = false;
  const emit = (e: JobEvent) => {
    if (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled') live.delete(e.jobId);
    else live.set(e.jobId, e.name);
    if (e.type === 'done') for (const f of e.followUps ?? []) live.set(f.jobId, f.name);
    for (const l of listeners) l(e);
  };

  function spawn(first: boolean): Promise<{ gen: Generation; schemaVersion: number }> {
    const worker = spawnWorker(
      script,
      {
        mode: 'main',
        dbPath: o.dbPath,
        dataDir: o.dataDir,
        extraModulePaths: o.extraModulePaths ?? [],
        // a replacement neither restores a backup again nor takes the daily one
        autoBackup: first ? (o.autoBackup ?? false) : false,
        recoverFrom: first ? o.recoverFrom : undefined,
        integrityCheckDelayMs: o.integrityCheckDelayMs,
        heapMb: o.heapMb,
      },
      o.heapMb,
    );
    const gen: Generation = { worker, pending: new Map(), dead: false };
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          ready = true;
          resolve({ gen, schemaVersion: m.schemaVersion });
        } else if (m.type === 'fatal') {
          if (!ready) reject(Object.assign(new Error(m.error.message), m.error));
        } else if (m.type === 'result' || m.type === 'json') {
          gen.pending.get(m.id)?.(m.type === 'json' ? { json: m.json } : { result: m.result as Result<unknown> });
          gen.pending.delete(m.id);
        } else if (m.type === 'job') {
          emit(m.event);
        }
      });
      const lost = (err: Error | null, code?: number) => {
        if (gen.dead) return;
        gen.dead = true;
        if (!ready) return reject(err ?? new Error(`数据库进程启动失败（退出码 ${code}）`));
        if (closing) return;
        const error = lostReason(err);
        for (const res of gen.pending.values()) res({ result: { ok: false, error } });
        gen.pending.clear();
        for (const [jobId, name] of [...live]) emit({ jobId, name, type: 'failed', error });
        process.stderr.write(`[worker] the DB worker ended (${err?.message ?? `exit ${code}`}); starting another\n`);
        current = spawn(false);
        current.catch(() => {});
      };
      worker.on('error', (err) => lost(err));
      worker.on('exit', (code) => lost(null, code));
    });
  }

  let current = spawn(true);

  /** Hands one call to the live worker (the next one, should it die meanwhile). */
  async function ask(method: string, input: unknown, meta: object, json: boolean): Promise<Answer> {
    for (;;) {
      let gen: Generation;
      try {
        gen = (await current).gen;
      } catch (err) {
        return {
          result: {
            ok: false,
            error: payload('worker_crashed', `数据库无法重新打开：${(err as Error).message}。请重新启动程序`),
          },
        };
      }
      // the worker died between the wait and now: the next one takes the call
      if (gen.dead) {
        if (closing) return { result: { ok: false, error: payload('worker_crashed') } };
        continue;
      }
      const id = nextId++;
      const a = await new Promise<Answer>((res) => {
        gen.pending.set(id, res);
        try {
          gen.worker.postMessage({ id, method, input, meta, ...(json ? { json } : {}) });
        } catch {
          // Input that cannot be handed to the worker (nested thousands deep, a value that
          // cannot be copied) is refused here; the worker never sees it.
          gen.pending.delete(id);
          res({
            result: {
              ok: false,
              error: payload('invalid_input', '请求内容无法识别（层次过深或含有不支持的值），未做任何改动'),
            },
          });
        }
      });
      // a job started here is told as failed should the worker die before it ends
      if (method === 'jobs.start' && !gen.dead) {
        const r = 'result' in a ? a.result : (JSON.parse(new TextDecoder().decode(a.json)) as Result<unknown>);
        const jobId = r.ok ? (r.value as { jobId?: unknown }).jobId : undefined;
        if (typeof jobId === 'string') live.set(jobId, String((input as { name?: unknown }).name));
      }
      return a;
    }
  }

  return current.then(({ schemaVersion }) => ({
    schemaVersion,
    async call(method, input, meta) {
      const a = await ask(method, input, meta, false);
      return 'result' in a ? a.result : (JSON.parse(new TextDecoder().decode(a.json)) as Result<unknown>);
    },
    async callJson(method, input, meta) {
      const a = await ask(method, input, meta, true);
      return 'json' in a ? a.json : toBytes(a.result);
    },
    onJob(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async close() {
      closing = true;
      let gen: Generation;
      try {
        gen = (await current).gen;
      } catch {
        return;
      }
      if (gen.dead) return;
      gen.worker.postMessage({ type: 'close' });
      await new Promise((r) => gen.worker.once('exit', r));
    },
  }));
}
