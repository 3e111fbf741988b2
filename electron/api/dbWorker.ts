/**
 * The DB worker thread. In 'main' mode it owns the connection and answers
 * {id, method, input, meta} with {id, result}; job events stream as {job}.
 * In 'job' mode it runs one job on its own connection and exits; in 'backup' mode it takes
 * the daily backup on a read-only connection and exits; in 'extract' mode it reads the text of
 * stored attachment files, one {sha256, type, file} message at a time, with no connection
 * (the main worker writes the answers: api/textExtraction.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { JobEvent, JobMap, MethodMap } from './define';
import Database from 'better-sqlite3';
import { checkFile, openDatabase } from '../db/connection';
import { defaultBackupDir } from '../paths';
import { dailyBackup } from '../db/backup';
import { toErrorPayload } from './errors';
import type { WaitingBlob } from '../domain/archive';

interface WorkerData {
  mode: 'main' | 'job' | 'backup' | 'extract' | 'check';
  /** 'main' mode: the full check of the file runs this long after the open (see backend.ts) */
  integrityCheckDelayMs?: number;
  /** 'backup' mode: the folder and how many automatic backups to keep */
  backupDir?: string;
  keep?: number;
  dbPath: string;
  dataDir: string;
  extraModulePaths?: string[];
  autoBackup?: boolean;
  recoverFrom?: string;
  /** the JavaScript heap limit (MB) of job threads instead of THREAD_HEAP_MB (tests) */
  heapMb?: number;
  job?: { jobId: string; name: string; input: unknown; actor: never; flag: Int32Array };
}

export type WorkerRequest = {
  id: number;
  method: string;
  input: unknown;
  meta: { token?: string; via: string; grantedPaths?: string[] };
  /** answer with the Result's JSON text as UTF-8 bytes (the browser-mode server) */
  json?: boolean;
};
export type WorkerMessage =
  | { type: 'ready'; schemaVersion: number }
  | { type: 'fatal'; error: { code: string; message: string; details?: unknown } }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'json'; id: number; json: Uint8Array }
  | { type: 'job'; event: JobEvent };

const selfFile = typeof __filename !== 'undefined' ? __filename : fileURLToPath(import.meta.url);

async function loadExtra(paths: string[]): Promise<{ methods?: MethodMap; jobs?: JobMap }[]> {
  const out = [];
  for (const p of paths) out.push(await import(p));
  return out;
}

async function main() {
  const data = workerData as WorkerData;
  const port = parentPort!;
  if (data.mode === 'backup') {
    // The daily backup on its own read-only connection: the main worker keeps answering meanwhile.
    // The connection is closed before the answer, so the file is free once it arrives.
    let answer: { made?: boolean; error?: string };
    try {
      const db = new Database(data.dbPath, { readonly: true, fileMustExist: true });
      try {
        answer = { made: dailyBackup(db, data.backupDir!, data.keep!) !== null };
      } finally {
        db.close();
      }
    } catch (err) {
      answer = { error: (err as Error).message };
    }
    port.postMessage(answer);
    return;
  }
  if (data.mode === 'check') {
    // The deferred full check on a read-only connection of its own; a damaged file is answered
    // with the refusal the open would have given (naming the newest sound backup).
    const failed = checkFile(data.dbPath, defaultBackupDir(data.dataDir));
    port.postMessage(failed ? { ok: false, error: toErrorPayload(failed.error), detail: failed.detail } : { ok: true });
    return;
  }
  if (data.mode === 'extract') {
    // Only the archive's reader is loaded (not the whole contract), so the thread is ready soon.
    // Parsing blocks this thread only; the main worker keeps answering calls meanwhile.
    const { extractStored } = await import('../domain/archive');
    port.on('message', (m: WaitingBlob) => {
      port.postMessage({ sha256: m.sha256, result: extractStored(m.file, m.type) });
    });
    return;
  }
  const [{ createBackend, mergeModules }, { runJob }] = await Promise.all([import('./backend'), import('./jobs')]);
  const extra = await loadExtra(data.extraModulePaths ?? []);
  if (data.mode === 'job') {
    // A standby thread gets its job by message once one is started.
    const j =
      data.job ??
      (await new Promise<NonNullable<WorkerData['job']>>((resolve) =>
        port.once('message', (m: { job: NonNullable<WorkerData['job']> }) => resolve(m.job)),
      ));
    const { jobs } = mergeModules(extra);
    // The live connection checked the file at start; a job does not read every page again.
    const db = openDatabase(data.dbPath, { skipMigrate: true, quickCheck: false });
    try {
      runJob({
        db,
        dbPath: data.dbPath,
        dataDir: data.dataDir,
        jobId: j.jobId,
        name: j.name,
        def: jobs[j.name],
        input: j.input,
        actor: j.actor,
        cancelFlag: j.flag,
        emit: (e) => port.postMessage(e),
      });
    } finally {
      db.close();
    }
    return;
  }
  let backend;
  try {
    backend = createBackend({
      dbPath: data.dbPath,
      dataDir: data.dataDir,
      jobMode: 'thread',
      extraModules: extra,
      extraModulePaths: data.extraModulePaths,
      jobThreadScript: selfFile,
      autoBackup: data.autoBackup,
      recoverFrom: data.recoverFrom,
      deferIntegrityCheckMs: data.integrityCheckDelayMs ?? 2000,
      threadHeapMb: data.heapMb,
      onJobEvent: (event) => port.postMessage({ type: 'job', event } satisfies WorkerMessage),
    });
  } catch (err) {
    port.postMessage({ type: 'fatal', error: toErrorPayload(err) } satisfies WorkerMessage);
    return;
  }
  const b = backend;
  port.postMessage({
    type: 'ready',
    schemaVersion: b.db.pragma('user_version', { simple: true }) as number,
  } satisfies WorkerMessage);
  // The daily backup is checked every hour while the app stays open.
  const timer = data.autoBackup ? setInterval(() => b.maybeDailyBackup(), 3600_000) : null;
  timer?.unref();
  port.on('message', (msg: WorkerRequest | { type: 'close' }) => {
    if ('type' in msg && msg.type === 'close') {
      b.close();
      port.close();
      return;
    }
    const req = msg as WorkerRequest;
    const result = b.call(req.method, req.input, req.meta);
    if (req.json) {
      // The answer as the JSON bytes the server sends: handed over without a copy, so the
      // server's thread never rebuilds a large answer (a city's 26,400 retailers: 12 MB) as objects.
      const json = answerBytes(result);
      port.postMessage({ type: 'json', id: req.id, json } satisfies WorkerMessage, [json.buffer as ArrayBuffer]);
    } else port.postMessage({ type: 'result', id: req.id, result } satisfies WorkerMessage);
  });
}

/** A Result as UTF-8 JSON; one that cannot be written as JSON is answered as the internal error. */
export function answerBytes(result: unknown): Uint8Array {
  let text: string;
  try {
    text = JSON.stringify(result);
  } catch (err) {
    text = JSON.stringify({ ok: false, error: toErrorPayload(err) });
  }
  return new TextEncoder().encode(text);
}

main().catch((err) => parentPort?.postMessage({ type: 'fatal', error: toErrorPayload(err) }));
