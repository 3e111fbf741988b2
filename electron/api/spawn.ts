import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts a worker thread; TypeScript sources go through a small tsx boot file. A bundle runs
 * plain, without the parent's loader flags (a parent under tsx would otherwise load the bundle
 * through tsx's hooks, as the app never does).
 */
export function spawnWorker(script: string, data: Record<string, unknown>): Worker {
  if (script.endsWith('.ts')) {
    const here = typeof __dirname !== 'undefined' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
    return new Worker(path.join(here, 'tsWorkerBoot.mjs'), { workerData: { ...data, __tsEntry: pathToUrl(script) } });
  }
  return new Worker(script, { workerData: data, execArgv: [] });
}

function pathToUrl(p: string): string {
  return new URL('file://' + path.resolve(p).replace(/\\/g, '/')).href;
}
