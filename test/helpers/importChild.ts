/**
 * Runs one import job in a process of its own and prints one JSON line with
 * its time, its result or refusal, and the process's peak resident memory
 * (for the memory test and the import benchmark, so that each import's peak
 * is its own), and the job's CPU time — until the job reported done, and with the follow-up jobs
 * it started (which run after it, inline here). Usage:
 *   node [--max-old-space-size=N] --import tsx test/helpers/importChild.ts <db> <dataDir> <job> <input JSON>
 */
import fs from 'node:fs';
import { createBackend } from '../../electron/api/backend';
import type { JobEvent } from '../../electron/api/define';

const [dbPath, dataDir, job, inputJson] = process.argv.slice(2);
const events: JobEvent[] = [];
let firstProgressMs: number | null = null;
let t0 = performance.now();
let cpu0 = process.cpuUsage();
/** time and CPU when the job itself reported its end (its follow-up jobs, if any, run after) */
let ended = null as { ms: number; cpu: NodeJS.CpuUsage; peak: number } | null;
const b = createBackend({
  dbPath,
  dataDir,
  jobMode: 'inline',
  log: () => {},
  onJobEvent: (e) => {
    if (e.type === 'progress' && firstProgressMs === null) firstProgressMs = performance.now() - t0;
    if (e.type !== 'progress') events.push(e);
    if (!ended && e.name === job && (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled'))
      ended = { ms: performance.now() - t0, cpu: process.cpuUsage(cpu0), peak: peakRss() };
  },
});
t0 = performance.now();
cpu0 = process.cpuUsage();
const r = b.call('jobs.start', { name: job, input: JSON.parse(inputJson) }, { via: 'cli' });
const allMs = performance.now() - t0;
const allCpu = process.cpuUsage(cpu0);
const { ms, cpu, peak } = ended ?? { ms: allMs, cpu: allCpu, peak: peakRss() };
const end = events.find((e) => e.name === job && (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled'));
const followUps = events
  .filter((e) => e.name !== job && (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled'))
  .map((e) => ({ name: e.name, type: e.type, ...(e.type === 'done' ? { result: e.result } : {}) }));
b.close();
process.stdout.write(
  JSON.stringify({
    ms,
    /** CPU time of the job (user + system), less sensitive than `ms` to other load on the machine */
    cpuMs: (cpu.user + cpu.system) / 1000,
    firstProgressMs,
    ok: r.ok && end?.type === 'done',
    result: end?.type === 'done' ? end.result : undefined,
    error: !r.ok ? r.error : end?.type === 'failed' ? end.error : undefined,
    maxRss: peak,
    /** with the follow-up jobs the job started once done (the 内管 scan after an orders import) */
    allMs,
    allCpuMs: (allCpu.user + allCpu.system) / 1000,
    allMaxRss: peakRss(),
    followUps,
  }) + '\n',
);

/**
 * This process's own peak resident memory. On Linux the kernel's high-water mark
 * of the process's address space (VmHWM); getrusage's maxRSS is not used there,
 * because a spawned child's maxRSS starts at its parent's resident size at the
 * fork (the kernel carries the old address space's mark across exec), so a
 * child of a large bench process would report the parent's memory.
 */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
