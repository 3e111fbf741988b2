import { Worker, type ResourceLimits } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The most JavaScript heap (V8's old generation, MB) each kind of thread may use. The Windows
 * build ships ia32 too: there the whole main process — Electron's main, the DB worker, a job
 * thread and the helper threads — shares about 2 GB of address space, and V8's own default on a
 * 4 GB PC lets each isolate grow to 1 GB. With these limits a runaway allocation ends that one
 * thread (ERR_WORKER_OUT_OF_MEMORY, answered as the Chinese out_of_memory refusal) instead of
 * taking the app down. The largest legitimate need measured at a city's size (26,400 retailers,
 * 17 M order lines; test/bench/memory.ts) is well under each limit.
 */
export const THREAD_HEAP_MB = {
  /** the DB worker: every call's answer is built here */
  main: 512,
  /** a job (an import, the demo data, a rollback, a report file) on its own connection */
  job: 512,
  /** reading attachment text (the PDF/Word parsers run on a thread of their own below it) */
  extract: 256,
  /** the PDF / Word parser of one attachment (pdf.js, mammoth) */
  parser: 384,
  /** the file check and the daily backup: SQLite does the work, outside the JavaScript heap */
  check: 128,
  backup: 128,
} as const;

export type ThreadKind = keyof typeof THREAD_HEAP_MB;

/** The worker options that hold a thread of this kind to its heap limit. */
export function heapLimits(kind: ThreadKind): ResourceLimits {
  return { maxOldGenerationSizeMb: THREAD_HEAP_MB[kind] };
}

/**
 * Starts a worker thread; TypeScript sources go through a small tsx boot file. A bundle runs
 * plain, without the parent's loader flags (a parent under tsx would otherwise load the bundle
 * through tsx's hooks, as the app never does). The thread's heap is held to its kind's limit
 * (THREAD_HEAP_MB, a job's without a mode; `heapMb` overrides it, for tests).
 */
export function spawnWorker(
  script: string,
  data: Record<string, unknown> & { mode?: ThreadKind },
  heapMb?: number,
): Worker {
  const resourceLimits = heapMb ? { maxOldGenerationSizeMb: heapMb } : heapLimits(data.mode ?? 'job');
  if (script.endsWith('.ts')) {
    const here = typeof __dirname !== 'undefined' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
    return new Worker(path.join(here, 'tsWorkerBoot.mjs'), {
      workerData: { ...data, __tsEntry: pathToUrl(script) },
      resourceLimits,
    });
  }
  return new Worker(script, { workerData: data, execArgv: [], resourceLimits });
}

function pathToUrl(p: string): string {
  return new URL('file://' + path.resolve(p).replace(/\\/g, '/')).href;
}
