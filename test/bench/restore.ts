/**
 * The CLI's `restore`: it checks the backup it restores (integrity_check of the staged copy) and
 * no longer runs the whole-file check of the current file first. Measured on a database of
 * BENCH_RESTORE_MB MB (default 300) of filler pages: `restore` as it runs now, against the same
 * restore plus the check of the current file that it used to run first (`check`, the same
 * quick_check), alternating, three rounds. On a city's 3.75 GB file that check took 14–40 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../../electron/cli';

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function run(): string[] {
  const mb = Number(process.env.BENCH_RESTORE_MB ?? 300);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-restore-'));
  try {
    const live = path.join(dir, 'workbench.db');
    if (runCli(['init', '--db', live]).code !== 0) throw new Error('init failed');
    const db = new Database(live);
    db.exec('CREATE TABLE filler (x BLOB)');
    const ins = db.prepare('INSERT INTO filler VALUES (randomblob(4000))');
    db.transaction(() => {
      for (let i = 0; i < mb * 256; i++) ins.run();
    })();
    db.close();
    const backup = path.join(dir, '备份.db');
    if (runCli(['backup', '--out', backup, '--db', live]).code !== 0) throw new Error('backup failed');
    const checks: number[] = [];
    const restores: number[] = [];
    for (let round = 0; round < 3; round++) {
      let t0 = process.hrtime.bigint();
      if (runCli(['check', '--db', live]).code !== 0) throw new Error('check failed');
      checks.push(seconds(t0));
      t0 = process.hrtime.bigint();
      const r = runCli(['restore', backup, '--db', live]);
      if (r.code !== 0) throw new Error(r.stderr);
      restores.push(seconds(t0));
      fs.rmSync(JSON.parse(r.stdout).keptAs);
    }
    const now = median(restores);
    const before = median(restores.map((r, i) => r + checks[i]));
    return [
      `数据库 ${(fs.statSync(live).size / 1048576).toFixed(0)} MB，三轮取中位数`,
      `restore（现在：只完整检查备份）${now.toFixed(2)} 秒；当前文件的完整检查 ${median(checks).toFixed(2)} 秒`,
      `原先（先检查当前文件再恢复）约 ${before.toFixed(2)} 秒；现在/原先 = ${(now / before).toFixed(2)}`,
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
