/**
 * Benchmarks keep their generated demo databases in the temp folder between
 * runs (BENCH_KEEP_DIR names another folder: the city's 2.9 GB file is worth
 * keeping somewhere that outlives the temp folder). A kept file counts when it
 * opens and `probe` (a COUNT query) finds rows; otherwise it and its WAL/SHM
 * files are removed, to be generated again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DEMO_VERSION } from '../../../electron/domain/masterdata/demo';

/** Where a kept database of this name lives. */
export function keptPath(name: string): string {
  const dir = process.env.BENCH_KEEP_DIR ?? os.tmpdir();
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/**
 * The kept demo database of the reports benchmark (a county's `years` of orders up to
 * 2026-10-31, seed 7), which the core benchmark opens too at BENCH_SIZE=city.
 */
export function reportsDemoFile(size: string, years: number): string {
  return keptPath(`wb-bench-reports-${size}-${years}-v${DEMO_VERSION}.db`);
}

/** The `demo` command line that makes it. */
export function reportsDemoArgv(size: string, years: number, file: string): string[] {
  return ['demo', '--size', size, '--years', String(years), '--seed', '7', '--to', '2026-10-31', '--db', file];
}

export function keptDatabase(file: string, probe: string): boolean {
  const ok =
    fs.existsSync(file) &&
    (() => {
      try {
        const db = new Database(file, { readonly: true });
        const n = db.prepare(probe).pluck().get() as number;
        db.close();
        return n > 0;
      } catch {
        return false;
      }
    })();
  if (!ok) for (const f of [file, file + '-wal', file + '-shm']) fs.rmSync(f, { force: true });
  return ok;
}
