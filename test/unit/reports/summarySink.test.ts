/**
 * The summaries an import adds to line by line (the orders sink) equal a full
 * rebuild from the order lines: fresh months, months that already hold lines
 * (rows added to, day masks OR-ed), a spec whose 价类 changed in between (the
 * 价类 table is rebuilt), and a spec that is new. Also through real imports of
 * two files into one month, a replace and a rollback. The buyer bitmaps
 * (rpt_month_pb) are compared too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { openOrderSinks } from '../../../electron/domain/imports/hooks';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';
import { mulberry32, randomCounty } from './randomCounty';
import { masterFiles, writeCsv } from '../masterdata/fixtures';

let t: TestBackend;
afterEach(() => t?.close());

const snap = (db: Database) => [
  db
    .prepare(
      'SELECT month, product_id, retailer_id, qty, demand, amount, qty_dp, lines, lines_dp, lines_out, lines_full, day_mask, order_days FROM rpt_month_rp ORDER BY 1, 2, 3',
    )
    .all(),
  db
    .prepare(
      'SELECT month, price_class, retailer_id, qty, demand, amount, qty_dp, lines, lines_dp, lines_out, lines_full, day_mask, order_days FROM rpt_month_rc ORDER BY 1, 2, 3',
    )
    .all(),
  db
    .prepare(
      'SELECT month, retailer_id, qty, demand, amount, qty_dp, lines, lines_dp, lines_out, lines_full, day_mask, order_days FROM rpt_month_r ORDER BY 1, 2',
    )
    .all(),
  db
    .prepare(
      'SELECT month, product_id, qty, demand, amount, qty_dp, lines, lines_dp, lines_out, lines_full, buyers FROM rpt_month_p ORDER BY 1, 2',
    )
    .all(),
  db
    .prepare(
      'SELECT month, product_id, hex(retailers) AS retailers, hex(layers) AS layers FROM rpt_month_pb ORDER BY 1, 2',
    )
    .all(),
];

/** Summaries as they stand, then after a full rebuild: the two must be equal. */
function expectEqualToRebuild(db: Database) {
  const kept = snap(db);
  db.transaction(() => rebuildSummaries(db))();
  expect(kept).toEqual(snap(db));
  return kept;
}

let orderSeq = 0;
/** Writes random lines on days of [from, to] as an import does: insert, hand to the sink, commit. */
function importLines(db: Database, rnd: () => number, days: number[], n: number, products: number[]) {
  const ins = db.prepare(
    'INSERT OR IGNORE INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    const sink = openOrderSinks(db);
    for (let k = 0; k < n; k++) {
      const day = days[Math.floor(rnd() * days.length)];
      const r = 1 + Math.floor(rnd() * 40);
      const p = products[Math.floor(rnd() * products.length)];
      const demand = rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 20);
      const qty = demand === 0 ? (rnd() < 0.5 ? 3 : 0) : rnd() < 0.15 ? 0 : demand - Math.floor(rnd() * 2);
      // Several orders of one retailer on one day: one spec can appear twice in a day.
      const orderNo = `S${++orderSeq % 7}-${day}-${r}`;
      if (ins.run(day, orderNo, r, p, demand, qty, 1000 + p, qty * (1000 + p)).changes)
        sink.add(day, r, p, demand, qty, qty * (1000 + p));
    }
    sink.commit();
  })();
}

describe('summaries added to by imports', () => {
  it('equal a full rebuild: fresh months, months with earlier lines, a 价类 change and a new spec', () => {
    t = testBackend();
    const db = t.backend.db;
    randomCounty(db, 3, { retailers: 40, products: 12, lines: 0 });
    const rnd = mulberry32(11);
    const specs = Array.from({ length: 12 }, (_, i) => i + 1);
    // January and February 2026 are fresh; 31 January sets the top bit of the day mask.
    importLines(db, rnd, [20260105, 20260112, 20260131, 20260202, 20260227], 600, specs);
    const first = expectEqualToRebuild(db);
    expect(first[0].length).toBeGreaterThan(300);
    expect(first[1].length).toBeGreaterThan(50);
    expect(first[4].length).toBeGreaterThan(12);
    // Some lines were supplied in full, some not: the column is exercised both ways.
    const full = (first[0] as { lines_full: number; lines_dp: number }[]).reduce(
      (a, r) => [a[0] + r.lines_full, a[1] + r.lines_dp],
      [0, 0],
    );
    expect(full[0]).toBeGreaterThan(0);
    expect(full[0]).toBeLessThan(full[1]);
    // February again (rows added to) and March (fresh), in one import.
    importLines(db, rnd, [20260203, 20260227, 20260302, 20260331], 600, specs);
    expectEqualToRebuild(db);
    // A spec changes 价类 between imports: the 价类 table is rebuilt with the new one.
    db.prepare(
      "UPDATE products SET price_class = CASE price_class WHEN '一类' THEN '二类' ELSE '一类' END WHERE id = 4",
    ).run();
    importLines(db, rnd, [20260303, 20260316], 300, specs);
    const afterChange = expectEqualToRebuild(db);
    const cls = (db.prepare('SELECT price_class FROM products WHERE id = 4').pluck().get() as string) ?? '';
    expect(db.prepare('SELECT price_class FROM rpt_class_map WHERE product_id = 4').pluck().get()).toBe(cls);
    expect(afterChange[1].length).toBeGreaterThan(0);
    // A new spec with lines only in this import.
    db.prepare(
      "INSERT INTO products(id, code, name, brand, price_class, on_sale) VALUES (13, '69013', '新烟', '品牌9', '三类', 1)",
    ).run();
    importLines(db, rnd, [20260317, 20260401], 300, [13, 1, 2]);
    const last = expectEqualToRebuild(db);
    expect((last[3] as { product_id: number }[]).some((x) => x.product_id === 13)).toBe(true);
  });

  it('migration 026 fills lines_full of existing rows exactly as the summaries compute it', () => {
    t = testBackend();
    const db = t.backend.db;
    randomCounty(db, 5, { retailers: 30, products: 10, lines: 1500 });
    const kept = snap(db);
    for (const table of ['rpt_month_rp', 'rpt_month_r', 'rpt_month_p', 'rpt_month_rc'])
      db.prepare(`UPDATE ${table} SET lines_full = 0`).run();
    const sql = fs.readFileSync(
      path.join(__dirname, '../../../electron/db/migrations/026_report_lines_full.sql'),
      'utf8',
    );
    db.exec(sql.slice(sql.indexOf('CREATE TEMP TABLE')));
    expect(snap(db)).toEqual(kept);
    expect((kept[2] as { lines_full: number }[]).some((r) => r.lines_full > 0)).toBe(true);
  });

  it('through the import job: two files in one month, a replace and a rollback', () => {
    t = testBackend();
    const f = masterFiles(t.dir);
    for (const kind of ['managers', 'routes', 'retailers', 'products'] as const) {
      const end = t.job('imports.run', { kind, file: f[kind] });
      expect(end.type).toBe('done');
    }
    const db = t.backend.db;
    const head = ['订单日期', '订单号', '客户编码', '卷烟编码', '需求量', '订购量', '单价', '金额'];
    const run = (name: string, rows: (string | number)[][], extra: Record<string, unknown> = {}) => {
      const end = t.job('imports.run', {
        kind: 'orders',
        file: writeCsv(path.join(t.dir, name), [head, ...rows]),
        ...extra,
      });
      if (end.type !== 'done') throw new Error(JSON.stringify(end));
      return end.result as { batchId: number };
    };
    run('一.csv', [
      ['2026-03-02', 'D1', '420100001', '6901028000001', 5, 5, 190.8, 954],
      ['2026-03-02', 'D1', '420100001', '6901028000002', 10, 0, 62.54, 0],
      ['2026-03-09', 'D2', '420100002', '6901028000003', 20, 20, 25.44, 508.8],
    ]);
    const second = run('二.csv', [
      ['2026-03-16', 'D3', '420100001', '6901028000001', 2, 2, 190.8, 381.6],
      ['2026-03-16', 'D4', '420100001', '6901028000001', 1, 1, 190.8, 190.8],
      ['2026-04-01', 'D5', '420100002', '6901028000002', 3, 3, 62.54, 187.62],
    ]);
    // By hand: retailer 420100001 × 黄鹤楼(软蓝) in March: 5 + 2 + 1 条 on days 2 and 16 (mask bits 1 and 15).
    const rp = db
      .prepare(
        `SELECT s.qty, s.lines, s.day_mask, s.order_days FROM rpt_month_rp s JOIN retailers r ON r.id = s.retailer_id JOIN products p ON p.id = s.product_id
        WHERE s.month = 202603 AND r.code = '420100001' AND p.code = '6901028000001'`,
      )
      .get();
    expect(rp).toEqual({ qty: 8, lines: 3, day_mask: (1 << 1) | (1 << 15), order_days: 2 });
    expect(
      db
        .prepare(
          'SELECT month, qty, buyers FROM rpt_month_p s JOIN products p ON p.id = s.product_id WHERE p.code = ? ORDER BY month',
        )
        .all('6901028000002'),
    ).toEqual([
      { month: 202603, qty: 0, buyers: 0 },
      { month: 202604, qty: 3, buyers: 1 },
    ]);
    expectEqualToRebuild(db);
    run('替换.csv', [['2026-03-16', 'D6', '420100002', '6901028000003', 4, 4, 25.44, 101.76]], { replace: true });
    expectEqualToRebuild(db);
    const rolled = t.call('imports.rollback', { batchId: second.batchId + 1 });
    expect(rolled).toBeTruthy();
    expectEqualToRebuild(db);
  });
});
