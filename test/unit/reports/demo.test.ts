/**
 * On a generated demo county (two years of weekly orders with the Spring
 * Festival peak), the optimised queries agree with the naive implementation,
 * and the summaries kept in step by the import hook equal a full rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { naiveDistribution, naiveSales } from '../../../electron/domain/reports/naive';
import { parsePeriod } from '../../../electron/domain/reports/periods';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  const end = tb.job('masterdata.demo', { size: 'tiny', years: 2, seed: 5, endDate: '2026-09-30' });
  expect(end.type).toBe('done');
  tb.call('masterdata.createSet', { name: '城镇超市', kind: 'retailers', rule: { field: '业态', value: '超市' } });
  tb.call('masterdata.createSet', { name: '一类烟', kind: 'products', rule: { field: '价类', value: '一类' } });
});
afterAll(() => tb.close());

describe('reports on demo data', () => {
  it('keeps summaries written by the demo import equal to a full rebuild', () => {
    const db = tb.backend.db;
    const snap = () => [
      db
        .prepare(
          'SELECT month, product_id, retailer_id, qty, demand, amount, qty_dp, lines, lines_dp, lines_out, day_mask, order_days FROM rpt_month_rp ORDER BY 1, 2, 3',
        )
        .all(),
      db.prepare('SELECT * FROM rpt_month_rc ORDER BY 1, 2, 3').all(),
      db.prepare('SELECT * FROM rpt_month_r ORDER BY 1, 2').all(),
      db.prepare('SELECT * FROM rpt_month_p ORDER BY 1, 2').all(),
    ];
    const before = snap();
    expect(before[0].length).toBeGreaterThan(1000);
    expect(before[1].length).toBeGreaterThan(100);
    rebuildSummaries(db);
    expect(snap()).toEqual(before);
  });

  it('agrees with the naive implementation for sales and distribution', () => {
    const cases: [string, string, string, string][] = [
      ['2026-09', 'county', 'all', 'class'],
      ['2026-02', 'set:城镇超市', 'all', 'spec'],
      ['2026Q1', 'county', 'set:一类烟', 'route'],
      ['ytd:2026-08-20', 'county', 'all', 'manager'],
      ['2025-12-27~2026-01-09', 'county', 'all', 'area'],
    ];
    for (const [period, scope, products, by] of cases) {
      const r = tb.call('reports.sales', { period, scope, products, by, lean: true });
      const n = naiveSales(tb.backend.db, parsePeriod(period), scope, products, by);
      expect(
        Object.fromEntries(r.rows.map((x: any) => [x.key, [x.volumeTiao, x.amountFen, x.volumeTiaoLastYear]])),
        `${period} ${by}`,
      ).toEqual(
        Object.fromEntries([...n.rows.values()].map((x) => [x.key, [x.volumeTiao, x.amountFen, x.volumeTiaoLastYear]])),
      );
      const dby = by === 'class' ? 'manager' : by;
      const d = tb.call('reports.distribution', { period, scope, products, by: dby });
      const nd = naiveDistribution(tb.backend.db, parsePeriod(period), scope, products, dby);
      for (const [k, v] of nd) {
        const mine = k === '合计' ? d.total : d.rows.find((x: any) => x.key === k);
        expect(
          [mine.customers, mine.orderingCustomers, mine.repeatCustomers, mine.orderCount, mine.orderedBefore],
          `${period} ${dby} ${k}`,
        ).toEqual([v.customers, v.orderingCustomers, v.repeatCustomers, v.orderCount, v.orderedBefore]);
      }
    }
  });

  it('forecasts the month after the data with a backtest beside the yardstick', () => {
    const f = tb.call('reports.forecast', { level: 'total', horizon: 3 });
    expect(f.lastCompleteMonth).toBe('2026-09');
    const r = f.results[0];
    expect(r.forecast.map((x: any) => x.month)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(r.backtest).toHaveLength(12);
    expect(typeof r.mape).toBe('number');
    expect(typeof r.naiveMape).toBe('number');
    expect(r.verdict).toMatch(r.beatsNaive ? /优于同月去年法/ : /未能优于/);
  });
});
