/**
 * Upgrading to the kept order dates of the 内管 scan (migrations 073, 074; 075 adds the empty table of
 * changes not yet applied). 073 builds the
 * month-keyed rows from the order lines; 074 converts only a file whose 073 ran in its earlier
 * day-keyed form (fixtures/073_old_form.sql, with the index monitor_order_days_pair), and is
 * recorded without running on any other file. Each path ends with the month-keyed table whose
 * rows equal the rows plain loops compute from the lines and a rebuild; a file that ran both
 * earlier forms (fixtures/074_old.sql) keeps its rows untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { migrate } from '../../../electron/db/migrate';
import { rebuildOrderDays } from '../../../electron/domain/monitor/orderDays';
import { tempDir } from '../../helpers/backend';
import { keptRows, rowsFromLines } from './keptRows';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

let db: Database.Database;
afterEach(() => db?.close());

/** A file at 072 with order lines: 12 retailers × 5 specs over four months, some days 0 or two lines. */
function fileAt072(): Database.Database {
  const d = new Database(path.join(tempDir(), 'old.db'));
  migrate(d, 72);
  d.pragma('foreign_keys = OFF');
  let seed = 17;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const insert = d.prepare(
    `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
     VALUES (1, ?, ?, ?, ?, ?, ?, 100, ?)`,
  );
  let no = 0;
  d.exec('BEGIN');
  for (const month of [202601, 202602, 202603, 202604])
    for (let dd = 1; dd <= 28; dd++)
      for (let r = 1; r <= 12; r++)
        for (let p = 1; p <= 5; p++) {
          if (random() > 0.25) continue;
          const lines = random() < 0.2 ? 2 : 1;
          for (let i = 0; i < lines; i++) {
            const q = random() < 0.1 ? 0 : 1 + Math.floor(random() * 20);
            insert.run(month * 100 + dd, `O${++no}`, r, p, q, q, q * 100);
          }
        }
  d.exec('COMMIT');
  return d;
}

const record = (d: Database.Database, version: number, name: string) => {
  d.prepare('INSERT INTO schema_migrations(version, name) VALUES (?, ?)').run(version, name);
  d.pragma(`user_version = ${version}`);
};

const columns = (d: Database.Database) =>
  (d.prepare("SELECT name FROM pragma_table_info('monitor_order_days')").pluck().all() as string[]).join(',');
const indexes = (d: Database.Database) =>
  d
    .prepare(
      "SELECT name FROM sqlite_master WHERE tbl_name LIKE 'monitor_order_days%' AND type = 'index' AND sql IS NOT NULL",
    )
    .pluck()
    .all();
const tables = (d: Database.Database) =>
  d
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'monitor_order_days%' ORDER BY name")
    .pluck()
    .all();

/** The rows a rebuild writes (rolled back afterwards). */
function rebuilt(d: Database.Database): string[] {
  d.exec('SAVEPOINT rebuild');
  try {
    rebuildOrderDays(d, 3);
    return keptRows(d);
  } finally {
    d.exec('ROLLBACK TO rebuild');
    d.exec('RELEASE rebuild');
  }
}

function expectMonthKeyed(d: Database.Database) {
  expect(columns(d)).toBe('month,retailer_id,product_id,day,qty,base');
  expect(indexes(d)).toEqual([]);
  // 075 adds the table of pending changes, empty after an upgrade (the rows were built from every line)
  const at75 = d.prepare('SELECT 1 FROM schema_migrations WHERE version = 75').get() !== undefined;
  expect(tables(d)).toEqual(
    at75
      ? ['monitor_order_days', 'monitor_order_days_pending', 'monitor_order_days_state']
      : ['monitor_order_days', 'monitor_order_days_state'],
  );
  if (at75) expect(d.prepare('SELECT COUNT(*) FROM monitor_order_days_pending').pluck().get()).toBe(0);
  expect(d.prepare('SELECT COUNT(*) FROM monitor_order_days WHERE month <> day / 100').pluck().get()).toBe(0);
  const rows = keptRows(d);
  expect(rows.length).toBeGreaterThan(500);
  expect(rows).toEqual(rowsFromLines(d, 3));
  expect(rebuilt(d)).toEqual(rows);
}

it('a file at 072 with order lines: 073 builds the month-keyed rows once, 074 is recorded without running', () => {
  db = fileAt072();
  expect(migrate(db, 74)).toEqual([73, 74]);
  expectMonthKeyed(db);
  expect(db.prepare('SELECT version, name FROM schema_migrations WHERE version IN (73, 74)').all()).toEqual([
    { version: 73, name: '073_monitor_order_days.sql' },
    { version: 74, name: '074_monitor_order_days_by_month.sql' },
  ]);
  // the one build left no free pages behind (the earlier 073 + 074 freed a whole copy of the table)
  expect(db.pragma('freelist_count', { simple: true })).toBe(0);
  migrate(db);
  expectMonthKeyed(db);
});

it('a file at the earlier day-keyed 073: 074 converts it to the month-keyed rows', () => {
  db = fileAt072();
  db.exec(fixture('073_old_form.sql'));
  record(db, 73, '073_monitor_order_days.sql');
  expect(columns(db)).toBe('day,retailer_id,product_id,qty,base');
  expect(indexes(db)).toEqual(['monitor_order_days_pair']);
  const before = keptRows(db);
  expect(migrate(db, 74)).toEqual([74]);
  expectMonthKeyed(db);
  expect(keptRows(db)).toEqual(before);
});

it('a file that ran both earlier forms keeps its rows untouched and valid', () => {
  db = fileAt072();
  db.exec(fixture('073_old_form.sql'));
  record(db, 73, '073_monitor_order_days.sql');
  db.exec(fixture('074_old.sql'));
  record(db, 74, '074_monitor_order_days_by_month.sql');
  const before = keptRows(db);
  const pages = db.prepare("SELECT COUNT(*) FROM dbstat WHERE name = 'monitor_order_days'").pluck();
  expect(migrate(db, 74)).toEqual([]);
  expect(migrate(db).every((v) => v > 74)).toBe(true);
  expectMonthKeyed(db);
  expect(keptRows(db)).toEqual(before);
  expect(pages.get()).toBeGreaterThan(0);
});
