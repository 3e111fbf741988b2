/**
 * Benchmarks keep their generated demo databases in the temp folder between
 * runs. A kept file counts when it opens and `probe` (a COUNT query) finds
 * rows; otherwise it and its WAL/SHM files are removed, to be generated again.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

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
