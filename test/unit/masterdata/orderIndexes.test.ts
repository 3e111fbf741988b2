/**
 * Every index on order_lines earns its place: each is the one SQLite's plan takes for a query
 * the code runs (docs/imports.md lists them), and order_lines has no other index. The plans do
 * not depend on the data (the database is never ANALYZEd), so an empty migrated database shows
 * the same plans as a large county's (checked there with the same statements).
 */
import { afterAll, expect, it } from 'vitest';
import { testBackend } from '../../helpers/backend';

const t = testBackend();
afterAll(() => t.close());

/** The plan's steps on order_lines (aliased o / ol in the code), joined. */
function plan(sql: string, ...params: unknown[]): string {
  const rows = t.backend.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows
    .map((r) => r.detail)
    .filter((d) => /\b(order_lines|o|ol)\b/.test(d))
    .join(' ; ');
}

// The statements as the code writes them (file and function in each name).
const USES: [index: string, where: string, sql: string, params: unknown[]][] = [
  [
    'order_lines_line',
    'imports/kinds/orders.ts findLine: the batch and date of a duplicate line',
    'SELECT batch_id AS batchId, day FROM order_lines WHERE order_no = ? AND product_id = ?',
    ['A1', 1],
  ],
  [
    'order_lines_day',
    'imports/kinds/orders.ts dayHasLines: a date already holds orders',
    'SELECT batch_id FROM order_lines WHERE day = ? LIMIT 1',
    [20260302],
  ],
  [
    'order_lines_day',
    'reports/summaries.ts dayLevel: a month recomputed after a replace or rollback',
    `SELECT day, product_id, retailer_id, SUM(qty_tiao) q FROM order_lines WHERE day BETWEEN ? AND ? GROUP BY day, product_id, retailer_id`,
    [20260300, 20260399],
  ],
  ['order_lines_day', 'reports/query.ts lastOrderDay', 'SELECT MAX(day) d FROM order_lines', []],
  [
    'order_lines_retailer_day',
    "reports/drill.ts: a retailer's lines in a period",
    `SELECT o.day, o.order_no orderNo, p.code productCode FROM order_lines o JOIN products p ON p.id = o.product_id
      WHERE o.retailer_id = ? AND o.day BETWEEN ? AND ? AND 1 ORDER BY o.day, o.order_no, p.code`,
    [1, 20260101, 20260331],
  ],
  [
    'order_lines_retailer_day',
    'monitor/scan.ts findInactive: the lines of 歇业/注销 retailers, retailer by retailer',
    `SELECT ol.retailer_id, ol.product_id, ol.day, SUM(ol.qty_tiao) AS q
      FROM (SELECT id FROM retailers WHERE status IN ('歇业', '注销') UNION SELECT retailer_id FROM retailer_status_changes) r
      CROSS JOIN order_lines ol ON ol.retailer_id = r.id AND ol.day BETWEEN ? AND ?
      GROUP BY ol.retailer_id, ol.product_id, ol.day`,
    [20260301, 20260331],
  ],
  [
    'order_lines_product_day',
    "masterdata/masters.ts: a spec's orders summary",
    `SELECT COUNT(*) AS lines, COUNT(DISTINCT o.day) AS orderDays FROM order_lines o WHERE o.product_id = (SELECT id FROM products WHERE code = ?)`,
    ['6901028000001'],
  ],
  [
    'order_lines_product_day',
    'plans/sources.ts byKeyRows: a breakdown over specs of a brand',
    `SELECT g.code AS key, SUM(ol.qty_tiao) AS tiao FROM order_lines ol JOIN products g ON g.id = ol.product_id
      WHERE ol.day BETWEEN ? AND ? AND ol.product_id IN (SELECT p.id FROM products p WHERE p.brand = ?) GROUP BY g.code HAVING g.code IS NOT NULL`,
    [20260101, 20260331, '黄鹤楼'],
  ],
];

it('each index on order_lines is the one a query of the code is planned with', () => {
  for (const [index, where, sql, params] of USES) {
    expect(plan(sql, ...params), where).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`));
  }
});

it('order_lines has exactly the indexes some plan uses, and none on batch_id', () => {
  const indexes = t.backend.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'order_lines' AND sql IS NOT NULL")
    .pluck()
    .all();
  expect([...indexes].sort()).toEqual([...new Set(USES.map((u) => u[0]))].sort());
});

it('a batch is counted and removed by its range of ids, the rowid B-tree', () => {
  for (const sql of [
    'SELECT COUNT(*) FROM order_lines WHERE id BETWEEN ? AND ?',
    'DELETE FROM order_lines WHERE id BETWEEN ? AND ?',
  ])
    expect(plan(sql, 1, 10)).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
});
