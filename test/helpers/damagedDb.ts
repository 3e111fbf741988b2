/**
 * Damaged database files for the tests of the file check: a workbench database with enough rows
 * to span many pages, then pages overwritten with junk where the header and schema still read.
 */
import fs from 'node:fs';
import { openDatabase } from '../../electron/db/connection';

/** A workbench database with ~400 KB of filler rows, checkpointed into the one file. */
export function filledDb(file: string): string {
  const db = openDatabase(file);
  db.exec('CREATE TABLE filler (x TEXT)');
  const ins = db.prepare('INSERT INTO filler VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) ins.run('x'.repeat(200));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

/**
 * Overwrites 8 KB with 0xab bytes at `offset` (default: three 8 KB runs before the end, the
 * filler's data pages, which the open does not read and quick_check does).
 */
export function damagePages(file: string, offset = fs.statSync(file).size - 8192 * 3): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, offset);
  } finally {
    fs.closeSync(fd);
  }
}
