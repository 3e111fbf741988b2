/**
 * The light reads behind the 首页 cards, on a seeded random county (orders 1 Dec 2024 – 15 Jun
 * 2026, retailers of every status):
 *   - the county total of 销量 and 销售额 (sumsBy by 合计 with only those two sums: plain sums of
 *     the lines for leftover days, a month's summary less its other days for more than half a
 *     month) against plain sums over order_lines in SQL, and against the general path (by 价类,
 *     summed), over weeks, whole months, ranges across months and ranges past the data;
 *   - countyRate (the 周报 card's 铺货率) against the 分销 report's total over the same days and
 *     against a count in JavaScript of 正常经营 retailers with a line of 订购量 > 0 in the days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { randomCounty } from './randomCounty';
import { sumsBy } from '../../../electron/domain/reports/query';
import { countyRate } from '../../../electron/domain/reports/cumulative';
import { customerScope, productScope } from '../../../electron/domain/masterdata';
import { dayText } from '../../../common/days';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  randomCounty(tb.backend.db, 41, { lines: 6000 });
});
afterAll(() => tb.close());

// a week in a month, a week across two months, more than half a month, exactly half, whole
// months, across a year end, past the last day (15 June 2026), before the first (1 Dec 2024),
// and days without any line
const RANGES: [number, number][] = [
  [20250414, 20250420],
  [20250929, 20251005],
  [20250403, 20250430],
  [20250416, 20250430],
  [20250401, 20250531],
  [20251215, 20260110],
  [20260608, 20260614],
  [20260601, 20260630],
  [20241125, 20241210],
  [20241101, 20241125],
];
const PRODUCTS = ['all', 'class:二类', 'brand:品牌3'];

describe('the county total of 销量 and 销售额 alone', () => {
  it('equals plain sums over the lines and the general path, with and without a product scope', () => {
    const db = tb.backend.db;
    let nonEmpty = 0;
    for (const products of PRODUCTS) {
      const scope = { customers: customerScope(db, 'county'), products: productScope(db, products) };
      for (const [from, to] of RANGES) {
        const light = sumsBy(db, { from, to }, scope, 'total', undefined, { qtyAmountOnly: true });
        const plain = db
          .prepare(
            `SELECT SUM(o.qty_tiao) qty, SUM(o.amount_fen) amount, COUNT(*) n FROM order_lines o JOIN products p ON p.id = o.product_id
             WHERE o.day BETWEEN ? AND ? AND ${scope.products.sql}`,
          )
          .get(from, to, ...scope.products.params) as { qty: number | null; amount: number | null; n: number };
        if (plain.n === 0) {
          expect(light.size, `${from}–${to} ${products}`).toBe(0);
          continue;
        }
        nonEmpty++;
        const t = light.get('合计')!;
        expect([t.qty, t.amount], `${from}–${to} ${products}`).toEqual([plain.qty, plain.amount]);
        // the other sums are left at 0, as on the general path with qtyAmountOnly
        expect([t.demand, t.qtyDp, t.lines, t.linesDp, t.linesOut, t.linesFull]).toEqual([0, 0, 0, 0, 0, 0]);
        let qty = 0,
          amount = 0;
        for (const s of sumsBy(db, { from, to }, scope, 'class').values()) {
          qty += s.qty;
          amount += s.amount;
        }
        expect([t.qty, t.amount]).toEqual([qty, amount]);
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });
});

describe('the county 铺货率 of a few days (countyRate)', () => {
  it('equals the 分销 report’s total and a count of the lines', () => {
    const db = tb.backend.db;
    const operating = new Set(db.prepare("SELECT id FROM retailers WHERE status = '正常'").pluck().all() as number[]);
    // some retailers are not 正常经营 and have lines (they must not count)
    const idleWithLines = db
      .prepare(
        "SELECT COUNT(DISTINCT retailer_id) FROM order_lines o JOIN retailers r ON r.id = o.retailer_id WHERE r.status != '正常' AND o.qty_tiao > 0",
      )
      .pluck()
      .get() as number;
    expect(idleWithLines).toBeGreaterThan(0);
    for (const [from, to] of RANGES) {
      const got = countyRate(db, from, to);
      const buyers = new Set(
        (
          db
            .prepare('SELECT retailer_id FROM order_lines WHERE day BETWEEN ? AND ? AND qty_tiao > 0')
            .pluck()
            .all(from, to) as number[]
        ).filter((id) => operating.has(id)),
      );
      expect([got.customers, got.orderingCustomers], `${from}–${to}`).toEqual([operating.size, buyers.size]);
      const report = tb.call('reports.distribution', { period: `${dayText(from)}~${dayText(to)}`, by: 'total' }).total;
      expect(got.rate).toBe(report.rate);
      expect(got.orderingCustomers).toBe(report.orderingCustomers);
    }
  });
});
