/**
 * Runs one import job in a process of its own and prints one JSON line with
 * its time, its result or refusal, and the process's peak resident memory
 * (for the memory test and the import benchmark, so that each import's peak
 * is its own). Usage:
 *   node [--max-old-space-size=N] --import tsx test/helpers/importChild.ts <db> <dataDir> <job> <input JSON>
 */
import { createBackend } from '../../electron/api/backend';
import type { JobEvent } from '../../electron/api/define';

const [dbPath, dataDir, job, inputJson] = process.argv.slice(2);
const events: JobEvent[] = [];
let firstProgressMs: number | null = null;
let t0 = performance.now();
const b = createBackend({
  dbPath,
  dataDir,
  jobMode: 'inline',
  log: () => {},
  onJobEvent: (e) => {
    if (e.type === 'progress' && firstProgressMs === null) firstProgressMs = performance.now() - t0;
    if (e.type !== 'progress') events.push(e);
  },
});
const start = performance.now();
t0 = start;
const r = b.call('jobs.start', { name: job, input: JSON.parse(inputJson) }, { via: 'cli' });
const ms = performance.now() - start;
const end = events.find((e) => e.type === 'done' || e.type === 'failed' || e.type === 'cancelled');
b.close();
process.stdout.write(
  JSON.stringify({
    ms,
    firstProgressMs,
    ok: r.ok && end?.type === 'done',
    result: end?.type === 'done' ? end.result : undefined,
    error: !r.ok ? r.error : end?.type === 'failed' ? end.error : undefined,
    maxRss: process.resourceUsage().maxRSS * 1024,
  }) + '\n',
);
