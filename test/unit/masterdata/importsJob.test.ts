import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { runCli } from '../../../electron/cli';
import { runJob } from '../../../electron/api/jobs';
import { importsJobs } from '../../../electron/domain/imports/api';
import type { JobEvent } from '../../../electron/api/define';
import { tempDir, testBackend, type TestBackend } from '../../helpers/backend';
import { bigOrders, masterFiles, writeCsv } from './fixtures';

let t: TestBackend | undefined;
afterEach(() => t?.close());

function loadMasters(dbPath: string, dir: string) {
  const f = masterFiles(dir);
  for (const kind of ['managers', 'routes', 'retailers', 'products'] as const) {
    const r = runCli(['import', kind, f[kind], '--db', dbPath], { ...process.env, WORKBENCH_TOKEN: '' });
    expect(r.code, r.stderr).toBe(0);
  }
}

const state = (db: Database.Database) => ({
  lines: db.prepare('SELECT COUNT(*) FROM order_lines').pluck().get(),
  batches: db.prepare('SELECT COUNT(*) FROM import_batches').pluck().get(),
  integrity: db.pragma('integrity_check', { simple: true }),
});

describe('the import job', () => {
  it('cancelled midway leaves the database exactly as it was', () => {
    t = testBackend();
    loadMasters(t.dbPath, t.dir);
    const file = bigOrders(path.join(t.dir, 'cancel.csv'), 3000);
    const before = state(t.backend.db);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const events: JobEvent[] = [];
    runJob({
      db: t.backend.db,
      dbPath: t.dbPath,
      dataDir: t.dir,
      jobId: 'j1',
      name: 'imports.run',
      def: importsJobs['imports.run'],
      input: { kind: 'orders', file },
      actor: { userId: 1, login: 'single', name: '内勤', role: 'clerk', via: 'cli', singleUser: true },
      cancelFlag: flag,
      progressEveryMs: 0,
      emit: (e) => {
        events.push(e);
        // Cancel once the job has checked a first stretch of rows.
        if (e.type === 'progress' && e.done >= 1024) Atomics.store(flag, 0, 1);
      },
    });
    expect(events.at(-1)?.type).toBe('cancelled');
    const progress = events.filter((e) => e.type === 'progress') as Extract<JobEvent, { type: 'progress' }>[];
    expect(progress.some((e) => e.done >= 1024 && e.total !== undefined && e.total >= 2900)).toBe(true);
    expect(state(t.backend.db)).toEqual({ ...before, integrity: 'ok' });
  });

  it('a process killed in the middle of a large import leaves the database as it was', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'kill.db');
    loadMasters(dbPath, dir);
    const file = bigOrders(path.join(dir, 'big.csv'), 400_000);
    const db0 = new Database(dbPath);
    const before = state(db0);
    db0.close();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/cli.ts', 'import', 'orders', file, '--db', dbPath],
      { stdio: 'ignore' },
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((res) =>
      child.on('exit', (code, signal) => res({ code, signal })),
    );
    // Wait until the transaction has spilled pages into the WAL, i.e. it is mid-import (on a busy
    // machine the CLI's start-up and the first rows take a while: wait for as long as it runs).
    const wal = dbPath + '-wal';
    const started = Date.now();
    let spilled = false;
    while (Date.now() - started < 170_000) {
      if (fs.existsSync(wal) && fs.statSync(wal).size > 8 * 1024 * 1024) {
        spilled = true;
        break;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    const end = await exited;
    expect(spilled).toBe(true);
    expect(end.signal).toBe('SIGKILL');
    const db = new Database(dbPath);
    expect(state(db)).toEqual({ ...before, integrity: 'ok' });
    db.close();
  }, 200_000);
});

describe('the CLI', () => {
  it('prints the import result of CLI.md, lists the history and rolls back; refusals exit 2', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'cli.db');
    loadMasters(dbPath, dir);
    const file = writeCsv(
      path.join(dir, '2026-03.csv'),
      [
        ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价', '金额'],
        ['2026-03-02', 'C1', '420100001', '6901028000001', 2, '190.80', '381.60'],
        ['2026-03-02', 'C1', '420100009', '6901028000002', 1, '62.54', '62.54'],
      ],
      'gb18030',
    );
    const r = runCli(['import', 'orders', file, '--db', dbPath]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      batchId: '5',
      kind: 'orders',
      file: '2026-03.csv',
      rowsRead: 2,
      rowsImported: 1,
      rowsRejected: 1,
      rejected: [{ row: 3, reason: '未知的客户编码 420100009' }],
    });
    expect(fs.existsSync(out.rejectedFile)).toBe(true);

    const again = runCli(['import', 'orders', file, '--db', dbPath]);
    expect(again.code).toBe(2);
    expect(JSON.parse(again.stdout).error.code).toBe('period_exists');

    const replaced = runCli(['import', 'orders', file, '--replace', '--db', dbPath]);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout).replacedLines).toBe(1);

    const hist = JSON.parse(runCli(['imports', '--db', dbPath]).stdout);
    expect(hist.batches.map((b: any) => [b.batchId, b.kind, b.rowsImported])).toEqual([
      ['6', 'orders', 1],
      ['5', 'orders', 1],
      ['4', 'products', 3],
      ['3', 'retailers', 4],
      ['2', 'routes', 2],
      ['1', 'managers', 3],
    ]);
    const rb = runCli(['rollback', '6', '--db', dbPath]);
    expect(rb.code).toBe(0);
    expect(JSON.parse(rb.stdout)).toEqual({ ok: true, batchId: '6', kind: 'orders', removed: 1, restored: 1 });
    expect(runCli(['rollback', '6', '--db', dbPath]).code).toBe(2);
    expect(runCli(['import', 'bogus', file, '--db', dbPath]).code).toBe(2);
    expect(runCli(['import', 'orders', path.join(dir, 'nope.csv'), '--db', dbPath]).code).toBe(2);
    // Retailers referenced by orders cannot be rolled back from under them.
    const blocked = runCli(['rollback', '3', '--db', dbPath]);
    expect(blocked.code).toBe(2);
    expect(JSON.parse(blocked.stdout).error.code).toBe('rollback_blocked');
  });

  it('refuses a missing sheet, a bad unit and a bad demo size with exit 2, changing nothing', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'args.db');
    const f = masterFiles(dir);
    const sheet = runCli(['import', 'routes', f.routes, '--sheet', '不存在', '--db', dbPath]);
    expect(sheet.code).toBe(2);
    expect(JSON.parse(sheet.stdout).error).toMatchObject({ code: 'sheet_not_found' });
    expect(JSON.parse(sheet.stdout).error.message).toContain('线路');
    const named = runCli(['import', 'managers', f.managers, '--db', dbPath]);
    expect(named.code).toBe(0);
    expect(runCli(['import', 'routes', f.routes, '--sheet', '线路', '--db', dbPath]).code).toBe(0);
    expect(runCli(['import', 'orders', f.routes, '--unit', '吨', '--db', dbPath]).code).toBe(2);
    expect(runCli(['demo', '--size', 'huge', '--db', dbPath]).code).toBe(2);
    const demo = runCli(['demo', '--size', 'small', '--db', dbPath]);
    expect(demo.code).toBe(2);
    expect(JSON.parse(demo.stdout).error.code).toBe('not_empty');
    const db = new Database(dbPath);
    expect(db.prepare('SELECT kind FROM import_batches ORDER BY id').pluck().all()).toEqual(['managers', 'routes']);
    db.close();
  });
});
