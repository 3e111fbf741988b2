/**
 * The large demo county the imports, 内管 and 周报 benchmarks share (6,000 retailers, 350
 * specs, a year of orders to 2026-03-31, seed 11), kept in the temp folder and generated
 * when missing. BENCH_MONITOR_DB names another database instead (benchmarks copy it, never
 * change it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../../../electron/api/backend';
import { DEMO_VERSION } from '../../../electron/domain/masterdata/demo';
import '../../../electron/api/contract';
import { keptDatabase } from './kept';

export function largeCounty(out: string[]): string {
  const file = path.join(os.tmpdir(), `wb-bench-imports-large-v${DEMO_VERSION}.db`);
  if (process.env.BENCH_MONITOR_DB) return process.env.BENCH_MONITOR_DB;
  if (!keptDatabase(file, "SELECT COUNT(*) FROM import_batches WHERE kind = 'orders'")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-demo-'));
    const t = performance.now();
    const b = createBackend({ dbPath: file, dataDir: dir, jobMode: 'inline', log: () => {} });
    const r = b.call(
      'jobs.start',
      { name: 'masterdata.demo', input: { size: 'large', years: 1, seed: 11, endDate: '2026-03-31' } },
      { via: 'cli' },
    );
    if (!r.ok) throw new Error(r.error!.message);
    b.db.pragma('wal_checkpoint(TRUNCATE)');
    b.close();
    fs.rmSync(dir, { recursive: true, force: true });
    out.push(`生成示例数据（大县，1年）：${((performance.now() - t) / 1000).toFixed(1)} 秒`);
  }
  return file;
}

/** Median wall and CPU time of `runs` calls after a warm-up (CPU: this process, user + system). */
export function timed(f: () => void, runs = 3): { ms: number; cpu: number } {
  f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    f();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[runs >> 1];
  return { ms: mid(wall), cpu: mid(cpu) };
}

/** The median wall time (ms) of `runs` calls after a warm-up. */
export const median = (f: () => void, runs = 3): number => timed(f, runs).ms;
