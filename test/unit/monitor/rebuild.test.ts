/**
 * The kept order dates of the 内管 scan (monitor_order_days) against plain loops over every order
 * line (keptRows.ts) and against migration 073's one-statement build:
 *  - a county of 150 retailers × 12 specs over six months whose lines reach the table the way an
 *    import hands them over (the sink, lines in shuffled order, a few days summing to 0 or with two
 *    lines, pairs ordering every month or only every few months), month by month and a month
 *    split in two imports — after each, the rows equal the loops';
 *  - lines written without the imports hooks and a damaged table (rows removed, a base and a
 *    quantity changed, a row that should not be there): `monitor.rebuild` (job and CLI) gives
 *    back the rows of a fresh build, and a rebuild cancelled part-way changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { migrate } from '../../../electron/db/migrate';
import { applyPendingOrderDays, orderDaysSink, rebuildOrderDays } from '../../../electron/domain/monitor/orderDays';
import { runCli } from '../../../electron/cli';
import { tempDir, testBackend, type TestBackend } from '../../helpers/backend';
import { importMasters, writeCsv } from '../masterdata/fixtures';
import { keptRows, rowsFromLines } from './keptRows';

const BUILD_073 = fs
  .readFileSync(path.join(__dirname, '../../../electron/db/migrations/073_monitor_order_days.sql'), 'utf8')
  .split(/;\s*\n/)
  .find((x) => x.includes('INSERT INTO monitor_order_days('))!;

/** The rows migration 073's statement builds from the lines (rolled back afterwards). */
function fresh073(db: Database.Database): string[] {
  db.exec('SAVEPOINT fresh');
  try {
    db.exec('DELETE FROM monitor_order_days');
    db.exec(BUILD_073);
    return keptRows(db);
  } finally {
    db.exec('ROLLBACK TO fresh');
    db.exec('RELEASE fresh');
  }
}

let db: Database.Database | undefined;
let t: TestBackend | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  t?.close();
  t = undefined;
});

it('new lines handed over as an import does, month by month and in parts, keep the rows equal to plain loops', () => {
  db = new Database(path.join(tempDir(), 'county.db'));
  migrate(db);
  db.pragma('foreign_keys = OFF');
  let seed = 5;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const insert = db.prepare(
    `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
     VALUES (1, ?, ?, ?, ?, ?, ?, 100, ?)`,
  );
  let no = 0;
  /** one import: the lines of these days, written and handed to the sink in shuffled order */
  const importDays = (days: number[]) => {
    const lines: [number, number, number, number][] = [];
    for (const day of days)
      for (let r = 1; r <= 150; r++)
        for (let p = 1; p <= 12; p++) {
          // pairs of retailers 1–30 order about every third month, the others most weeks
          const often = r > 30 ? 0.3 : 0.012;
          if (random() > often) continue;
          const q = random() < 0.05 ? 0 : 1 + Math.floor(random() * 30);
          lines.push([day, r, p, q]);
          if (random() < 0.1) lines.push([day, r, p, random() < 0.5 ? -q : 2]); // a second line (some cancel out)
        }
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    db!.transaction(() => {
      const sink = orderDaysSink(db!);
      let first = 0;
      let last = 0;
      for (const [day, r, p, q] of lines) {
        last = Number(insert.run(day, `O${++no}`, r, p, q, q, q * 100).lastInsertRowid);
        if (!first) first = last;
        sink.add(day, r, p, q, q, q * 100);
      }
      sink.commit({ first, last });
    })();
    // what the follow-up scan does first: the lines read back by their ids and appended (or refreshed)
    expect(applyPendingOrderDays(db!)).toBe(1);
    return lines.length;
  };
  const weekdays = (month: number, from = 1, to = 28) => {
    const out: number[] = [];
    for (let d = from; d <= to; d += 3) out.push(month * 100 + d);
    return out;
  };
  for (const month of [202510, 202511, 202512, 202601]) {
    expect(importDays(weekdays(month))).toBeGreaterThan(1000);
    expect(keptRows(db)).toEqual(rowsFromLines(db, 3));
  }
  // February in two files: the second's pairs find earlier order dates in February itself
  importDays(weekdays(202602, 1, 13));
  importDays(weekdays(202602, 16, 28));
  // March and April in one file
  importDays([...weekdays(202603), ...weekdays(202604)]);
  const rows = keptRows(db);
  expect(rows).toEqual(rowsFromLines(db, 3));
  expect(rows.length).toBeGreaterThan(20000);
  // pairs with three earlier dates, with fewer, and pairs first seen months after the start
  expect(rows.filter((r) => r.endsWith(' -')).length).toBeGreaterThan(1000);
  expect(fresh073(db)).toEqual(rows);
  // an earlier day than some kept rows (2026-01-30, a day without lines): refreshed in SQL
  importDays([20260130]);
  expect(keptRows(db)).toEqual(rowsFromLines(db, 3));
  // the month-by-month rebuild writes the same rows
  db.exec('SAVEPOINT r');
  expect(rebuildOrderDays(db, 3).rows).toBe(keptRows(db).length);
  expect(keptRows(db)).toEqual(rowsFromLines(db, 3));
  rebuildOrderDays(db, 5);
  expect(keptRows(db)).toEqual(rowsFromLines(db, 5));
  db.exec('ROLLBACK TO r');
});

const HEAD = ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'];
const R = ['420100001', '420100002', '420100003', '420100004'];
const P = ['6901028000001', '6901028000002', '6901028000003'];

/** Three months of orders imported (every pair on most Mondays), then the table damaged and lines written without the hooks. */
function damaged(b: TestBackend): { damagedRows: string[] } {
  importMasters(b);
  let n = 0;
  for (const month of ['01', '02', '03']) {
    const rows: (string | number)[][] = [];
    for (const day of ['05', '12', '19', '26'])
      R.forEach((r, i) =>
        P.forEach((p, j) => {
          if ((i + j + Number(day)) % 4 !== 0)
            rows.push([`2026-${month}-${day}`, `N${++n}`, r, p, 1 + ((i * 7 + j * 3 + n) % 11), '10.00']);
        }),
      );
    const file = writeCsv(path.join(b.dir, `o${month}.csv`), [HEAD, ...rows]);
    expect(b.job('imports.run', { kind: 'orders', file }).type).toBe('done');
  }
  const d = b.backend.db;
  expect(keptRows(d)).toEqual(rowsFromLines(d, 3));
  // lines written straight into the table (no import): an earlier day and a later one
  const batch = d.prepare('SELECT MAX(id) FROM import_batches').pluck().get();
  const id = (code: string, table: string) => d.prepare(`SELECT id FROM ${table} WHERE code = ?`).pluck().get(code);
  const write = d.prepare(
    `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1000, ?)`,
  );
  write.run(batch, 20260107, 'X1', id(R[0], 'retailers'), id(P[0], 'products'), 40, 40, 40000);
  write.run(batch, 20260401, 'X2', id(R[1], 'retailers'), id(P[2], 'products'), 9, 9, 9000);
  // and the kept rows damaged
  d.prepare('DELETE FROM monitor_order_days WHERE day = 20260212').run();
  d.prepare('UPDATE monitor_order_days SET base = base + 1 WHERE base IS NOT NULL AND day = 20260326').run();
  d.prepare('UPDATE monitor_order_days SET qty = 999 WHERE day = 20260119').run();
  d.prepare('INSERT INTO monitor_order_days VALUES (202603, 99, 99, 20260301, 5, NULL)').run();
  const damagedRows = keptRows(d);
  expect(damagedRows).not.toEqual(rowsFromLines(d, 3));
  return { damagedRows };
}

it('monitor.rebuild gives back the rows of a fresh build after lines written without the hooks and a damaged table', () => {
  t = testBackend();
  damaged(t);
  const d = t.backend.db;
  const expected = rowsFromLines(d, 3);
  expect(fresh073(d)).toEqual(expected);
  const end = t.job('monitor.rebuild', {}) as any;
  expect(end.type).toBe('done');
  expect(keptRows(d)).toEqual(expected);
  expect(end.result).toMatchObject({ rows: expected.length, months: 4, history: 3 });
  expect(end.result.lines).toBe(d.prepare('SELECT COUNT(*) FROM order_lines').pluck().get());
  expect(end.result.message).toContain(`4 个月的 ${end.result.lines} 行订单，${expected.length} 个订货日`);
  const progress = t.events.filter((e) => e.name === 'monitor.rebuild' && e.type === 'progress');
  expect(progress.length).toBeGreaterThan(0);
  const audit = d
    .prepare("SELECT action, after FROM audit_log WHERE module = 'monitor' ORDER BY id DESC LIMIT 1")
    .get() as { action: string; after: string };
  expect(audit.action).toBe('rebuild');
  expect(JSON.parse(audit.after)).toMatchObject({ rows: expected.length, months: 4, history: 3 });
});

it('a rebuild cancelled part-way leaves the rows as they were', () => {
  t = testBackend();
  const { damagedRows } = damaged(t);
  const t2: TestBackend = testBackend({
    dataDir: t.dir,
    dbPath: t.dbPath,
    onJobEvent: (e) => {
      // 取消 as soon as the first month is written
      if (e.name === 'monitor.rebuild' && e.type === 'progress' && e.message?.startsWith('已重建'))
        t2.backend.call('jobs.cancel', { jobId: e.jobId }, { via: 'cli' });
      t2.events.push(e);
    },
  });
  try {
    const end = t2.job('monitor.rebuild', {});
    expect(end.type).toBe('cancelled');
    expect(t2.events.some((e) => e.type === 'progress' && e.message?.startsWith('已重建'))).toBe(true);
    expect(keptRows(t2.backend.db)).toEqual(damagedRows);
    expect(t2.backend.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'rebuild'").pluck().get()).toBe(0);
  } finally {
    t2.close();
  }
});

it('the CLI’s monitor rebuild does the same and says what it wrote', () => {
  t = testBackend();
  damaged(t);
  const expected = rowsFromLines(t.backend.db, 3);
  const file = t.dbPath;
  t.close();
  t = undefined;
  const r = runCli(['monitor', 'rebuild', '--db', file]);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ rows: expected.length, months: 4, history: 3 });
  expect(r.stderr).toContain('已按订单明细重建内管订货日数据');
  db = new Database(file);
  expect(keptRows(db)).toEqual(expected);
});
