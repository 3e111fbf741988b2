/**
 * vitest global setup: the run's temporary files (each test's database, backups and exports) go
 * under one folder that is removed when the run ends, so repeated runs do not fill the disk.
 * KEEP_TEST_TMP=1 keeps it for a look afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-vitest-'));
  process.env.TMPDIR = dir;
  process.env.TMP = dir;
  process.env.TEMP = dir;
  return () => {
    if (!process.env.KEEP_TEST_TMP) fs.rmSync(dir, { recursive: true, force: true });
  };
}
