/**
 * Ranges that are not whole months, answered from the monthly summaries where that is exact:
 *   - a range reaching past the last day with data (or starting before the first) is read as the
 *     whole month, the added days holding no lines;
 *   - leftover days covering more than half a month are read as the month's summary rows less the
 *     other days' lines.
 * Checked on a seeded random county (orders 1 Dec 2024 – 15 Jun 2026) against the naive
 * implementation (every line counted in JavaScript) and, for the 首页 card, against plain sums over
 * order_lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { randomCounty } from './randomCounty';
import { naiveDistribution, naiveSales } from '../../../electron/domain/reports/naive';
import { daysInMonth, parsePeriod } from '../../../electron/domain/reports/periods';
import { coveredRange } from '../../../electron/domain/reports/query';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  randomCounty(tb.backend.db, 23);
});
afterAll(() => tb.close());

// past the last day (15 June 2026); before the first (1 December 2024); more than half of a month at
// either end or in the middle; exactly half (read from the lines); a month cut on both sides
const RANGES = [
  '2026-06-01~2026-06-20',
  'ytd:2026-06-15',
  '2026-05-20~2026-06-30',
  '2024-11-20~2024-12-20',
  '2025-01-03~2025-01-29',
  '2025-02-10~2025-03-20',
  '2025-04-15~2025-04-30',
  '2025-04-16~2025-04-30',
  '2025-12-02~2026-01-30',
  'ytd:2026-05-17',
];
const SCOPES = ['county', 'manager:102', 'route:R3', 'area:城镇', 'format:超市'];
const PRODUCTS = ['all', 'class:二类', 'brand:品牌3', 'codes:69004,69011'];
const BY = ['class', 'brand', 'spec', 'manager', 'route', 'format', 'area', 'month', 'grade'];

/** key → [销量, 销售额, 需求量] of the rows with any of them (同期 columns are not compared: past the data they are cut). */
const current = (rows: Iterable<any>) =>
  Object.fromEntries(
    [...rows]
      .filter((x) => x.volumeTiao || x.amountFen || x.demandTiao)
      .map((x) => [x.key, [x.volumeTiao, x.amountFen, x.demandTiao]]),
  );

describe('ranges that are not whole months', () => {
  it('widens a range only where no line can lie', () => {
    const db = tb.backend.db;
    expect(coveredRange(db, { from: 20260601, to: 20260620 })).toEqual({ from: 20260601, to: 20260630 });
    expect(coveredRange(db, { from: 20260601, to: 20260615 })).toEqual({ from: 20260601, to: 20260630 });
    expect(coveredRange(db, { from: 20260601, to: 20260614 })).toEqual({ from: 20260601, to: 20260614 });
    expect(coveredRange(db, { from: 20241120, to: 20241220 })).toEqual({ from: 20241101, to: 20241220 });
    expect(coveredRange(db, { from: 20241202, to: 20241220 })).toEqual({ from: 20241202, to: 20241220 });
  });

  it('sales rows match the naive implementation to the 条 and 分', () => {
    let k = 0;
    for (const period of RANGES)
      for (const by of BY) {
        const scope = SCOPES[k % SCOPES.length],
          products = PRODUCTS[(k * 3 + 1) % PRODUCTS.length];
        k++;
        const r = tb.call('reports.sales', { period, scope, products, by, lean: true });
        const n = naiveSales(tb.backend.db, parsePeriod(period), scope, products, by);
        expect(current(r.rows), `${period} ${scope} ${products} ${by}`).toEqual(current(n.rows.values()));
        expect([r.total.volumeTiao, r.total.amountFen, r.total.demandTiao]).toEqual([
          n.total.volumeTiao,
          n.total.amountFen,
          n.total.demandTiao,
        ]);
      }
  });

  it('同期 of ranges within the data (more than half a month of last year read as month less days) match', () => {
    for (const period of ['2026-02-10~2026-03-20', 'ytd:2026-05-17', '2026-01-03~2026-01-29'])
      for (const [by, scope] of [
        ['route', 'county'],
        ['class', 'county'],
        ['month', 'county'],
        // few lines per row: some specs are ordered only on the days left out
        ['spec', 'route:R3'],
        ['spec', 'manager:102'],
      ]) {
        const r = tb.call('reports.sales', { period, scope, by, lean: true });
        const n = naiveSales(tb.backend.db, parsePeriod(period), scope, 'all', by);
        const ly = (rows: Iterable<any>) =>
          Object.fromEntries(
            [...rows]
              .filter((x) => x.volumeTiaoLastYear || x.amountFenLastYear)
              .map((x) => [x.key, [x.volumeTiaoLastYear, x.amountFenLastYear]]),
          );
        expect(ly(r.rows), `${period} ${scope} ${by}`).toEqual(ly(n.rows.values()));
        // no row without lines in either period: the keys are exactly the naive ones
        expect(r.rows.map((x: any) => x.key).sort(), `${period} ${scope} ${by} keys`).toEqual(
          [...n.rows.keys()].sort(),
        );
      }
  });

  it('distribution counts match retailer by retailer', () => {
    let k = 0;
    for (const period of RANGES)
      for (const by of ['manager', 'route', 'format', 'spec', 'class']) {
        const scope = SCOPES[k % SCOPES.length],
          products = PRODUCTS[(k * 3 + 2) % PRODUCTS.length];
        k++;
        const r = tb.call('reports.distribution', { period, scope, products, by });
        const n = naiveDistribution(tb.backend.db, parsePeriod(period), scope, products, by);
        for (const [key, w] of n) {
          const mine = key === '合计' ? r.total : r.rows.find((x: any) => x.key === key);
          expect(
            [mine.orderingCustomers, mine.repeatCustomers, mine.orderingAll, mine.orderCount, mine.volumeTiao],
            `${period} ${scope} ${products} ${by} ${key}`,
          ).toEqual([w.orderingCustomers, w.repeatCustomers, w.orderingAll, w.orderCount, w.volumeTiao]);
        }
      }
  });

  it('the 客户分类一览 (one query per month) equals the naive implementation month by month', () => {
    for (const [period, by, scope] of [
      ['ytd:2026-06-15', 'format', 'county'],
      ['2025-11-20~2026-02-10', 'area', 'route:R3'],
      ['2025', 'grade', 'county'],
      ['2026Q1', 'format', 'manager:102'],
    ] as const) {
      const t = tb.call('reports.customerClass', { period, by, scope });
      const p = parsePeriod(period);
      const got: Record<string, number[]> = {};
      for (const row of t.rows)
        t.months.forEach((m: string, i: number) => {
          if (row.cells[i].volumeTiao || row.cells[i].amountFen)
            got[`${row.key} ${m}`] = [row.cells[i].volumeTiao, row.cells[i].amountFen];
        });
      // the naive sums of each month's days in the period, by the same attribute (档位 of that month)
      const want: Record<string, number[]> = {};
      for (const m of t.months as string[]) {
        const [y, mm] = m.split('-').map(Number);
        const from = Math.max(p.from, y * 10000 + mm * 100 + 1),
          to = Math.min(p.to, y * 10000 + mm * 100 + daysInMonth(y, mm));
        const n = naiveSales(tb.backend.db, { kind: 'custom', from, to }, scope, 'all', by);
        for (const x of n.rows.values())
          if (x.volumeTiao || x.amountFen) want[`${x.key} ${m}`] = [x.volumeTiao, x.amountFen];
      }
      expect(got, `${period} ${by} ${scope}`).toEqual(want);
    }
  });

  it('the 首页 card’s figures equal plain sums over the lines (June 2026 to the 15th)', () => {
    const db = tb.backend.db;
    const sum = (from: number, to: number) =>
      db
        .prepare(
          'SELECT COALESCE(SUM(qty_tiao), 0) q, COALESCE(SUM(amount_fen), 0) a FROM order_lines WHERE day BETWEEN ? AND ?',
        )
        .get(from, to) as { q: number; a: number };
    const cur = sum(20260601, 20260630),
      ly = sum(20250601, 20250615),
      ytd = sum(20260101, 20260615),
      ytdLy = sum(20250101, 20250615);
    expect(ly.q).toBeGreaterThan(0);
    const d = tb.call('reports.dashboard', {});
    expect(d.month).toBe('2026-06');
    expect([d.volumeTiao, d.amountFen, d.volumeTiaoLastYear, d.amountFenLastYear]).toEqual([cur.q, cur.a, ly.q, ly.a]);
    expect([d.ytdVolumeTiao, d.ytdAmountFen]).toEqual([ytd.q, ytd.a]);
    expect(d.ytdYoyVolume).toBe(ytd.q / ytdLy.q - 1);
    const c = tb.call('reports.homeCard', {});
    expect(c.title).toBe('关键指标（2026年6月，数据截至6月15日）');
    expect(c.lines[0]).toEqual({ label: '销量', value: `${(cur.q / 250).toFixed(2)} 箱` });
    expect(c.lines[2]).toEqual({ label: '销售额', value: `${(cur.a / 1_000_000).toFixed(2)} 万元` });
  });
});
