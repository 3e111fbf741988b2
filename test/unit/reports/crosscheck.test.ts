/**
 * The optimised report queries (monthly summaries + SQL) against the naive
 * implementation (every order line counted in JavaScript) on a seeded random
 * county, over months, quarters, 本年累计, custom ranges crossing month and
 * year ends, every dimension and every kind of scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { randomCounty } from './randomCounty';
import { naiveDistribution, naiveSales } from '../../../electron/domain/reports/naive';
import { parsePeriod } from '../../../electron/domain/reports/periods';
import { classSummaryStale } from '../../../electron/domain/reports/summaries';
import { notifyOrdersChanged } from '../../../electron/domain/imports/hooks';
import { gradeAsOf, recordGrades } from '../../../electron/domain/masterdata';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  randomCounty(tb.backend.db, 11);
});
afterAll(() => tb.close());

const PERIODS = [
  '2026-03',
  '2025-02',
  '2026Q1',
  'ytd:2026-05-17',
  '2026-02-10~2026-04-03',
  '2025-12-20~2026-01-09',
  '2025',
];
const SCOPES = ['county', 'manager:102', 'route:R3', 'set:乡村客户', 'set:名单客户', 'format:超市', 'area:城镇'];
const PRODUCTS = ['all', 'class:二类', 'brand:品牌3', 'set:一类烟', 'set:通系列', 'codes:69004,69011'];
const SALES_BY = ['class', 'brand', 'spec', 'manager', 'route', 'format', 'area', 'month', 'grade'];
const DIST_BY = ['manager', 'route', 'format', 'area', 'spec', 'class', 'grade'];

function cases(a: string[], b: string[], c: string[], d: string[], n: number): string[][] {
  // every period × dimension, with scopes and products cycling through so all kinds appear
  const out: string[][] = [];
  let k = 0;
  for (const p of a) {
    for (const by of d) {
      out.push([p, b[k % b.length], c[(k * 5 + 1) % c.length], by]);
      k++;
    }
  }
  return out.slice(0, n);
}

describe('optimised queries agree with the naive implementation', () => {
  it('sales rows and totals match to the 条 and 分', () => {
    for (const [period, scope, products, by] of cases(PERIODS, SCOPES, PRODUCTS, SALES_BY, 200)) {
      const r = tb.call('reports.sales', { period, scope, products, by, lean: true });
      const n = naiveSales(tb.backend.db, parsePeriod(period), scope, products, by);
      const got = Object.fromEntries(
        r.rows.map((x: any) => [
          x.key,
          [x.volumeTiao, x.amountFen, x.demandTiao, x.volumeTiaoLastYear, x.amountFenLastYear],
        ]),
      );
      const want = Object.fromEntries(
        [...n.rows.values()].map((x) => [
          x.key,
          [x.volumeTiao, x.amountFen, x.demandTiao, x.volumeTiaoLastYear, x.amountFenLastYear],
        ]),
      );
      expect(got, `${period} ${scope} ${products} ${by}`).toEqual(want);
      expect([r.total.volumeTiao, r.total.amountFen, r.total.volumeTiaoLastYear]).toEqual([
        n.total.volumeTiao,
        n.total.amountFen,
        n.total.volumeTiaoLastYear,
      ]);
      expect(r.total.fulfilment).toBe(n.total.demandTiao ? n.total.qtyOnDemand / n.total.demandTiao : null);
    }
  });

  it('distribution counts match retailer by retailer', () => {
    for (const [period, scope, products, by] of cases(PERIODS, SCOPES, PRODUCTS, DIST_BY, 200)) {
      const r = tb.call('reports.distribution', { period, scope, products, by });
      const n = naiveDistribution(tb.backend.db, parsePeriod(period), scope, products, by);
      const label = `${period} ${scope} ${products} ${by}`;
      for (const row of r.rows) {
        const w = n.get(row.key);
        const want = w ?? {
          customers: by === 'spec' || by === 'class' ? (n.get('合计')?.customers ?? row.customers) : 0,
          orderingCustomers: 0,
          repeatCustomers: 0,
          orderingAll: 0,
          orderCount: 0,
          volumeTiao: 0,
          orderedBefore: row.orderedBefore === null ? null : 0,
        };
        expect(
          [row.customers, row.orderingCustomers, row.repeatCustomers, row.orderingAll, row.orderCount, row.volumeTiao],
          `${label} ${row.key}`,
        ).toEqual([
          want.customers,
          want.orderingCustomers,
          want.repeatCustomers,
          want.orderingAll,
          want.orderCount,
          want.volumeTiao,
        ]);
        if (w) expect(row.orderedBefore, `${label} ${row.key} before`).toBe(w.orderedBefore);
      }
      for (const k of n.keys())
        if (k !== '合计')
          expect(
            r.rows.some((x: any) => x.key === k),
            `${label} missing ${k}`,
          ).toBe(true);
      const t = n.get('合计');
      if (t)
        expect([
          r.total.customers,
          r.total.orderingCustomers,
          r.total.repeatCustomers,
          r.total.orderCount,
          r.total.orderedBefore,
        ]).toEqual([t.customers, t.orderingCustomers, t.repeatCustomers, t.orderCount, t.orderedBefore]);
    }
  });
});

describe('the retailer × 价类 summary', () => {
  const compare = (label: string) => {
    for (const [period, scope, by] of [
      ['2026-03', 'county', 'route'],
      ['2026Q1', 'area:乡村', 'manager'],
      ['2025', 'county', 'format'],
      ['2026-03', 'route:R2', 'class'],
    ] as const) {
      for (const products of ['class:二类', 'class:一类', 'all']) {
        const r = tb.call('reports.sales', { period, scope, products, by, lean: true });
        const n = naiveSales(tb.backend.db, parsePeriod(period), scope, products, by);
        expect(
          Object.fromEntries(
            r.rows.map((x: any) => [x.key, [x.volumeTiao, x.amountFen, x.demandTiao, x.volumeTiaoLastYear]]),
          ),
          `${label} ${period} ${scope} ${products} ${by}`,
        ).toEqual(
          Object.fromEntries(
            [...n.rows.values()].map((x) => [x.key, [x.volumeTiao, x.amountFen, x.demandTiao, x.volumeTiaoLastYear]]),
          ),
        );
        const dby = by === 'class' ? 'class' : by;
        const d = tb.call('reports.distribution', { period, scope, products, by: dby });
        const nd = naiveDistribution(tb.backend.db, parsePeriod(period), scope, products, dby);
        for (const [k, v] of nd) {
          const mine = k === '合计' ? d.total : d.rows.find((x: any) => x.key === k);
          expect(
            [mine.orderingCustomers, mine.repeatCustomers, mine.orderCount, mine.orderedBefore],
            `${label} ${period} ${products} ${dby} ${k}`,
          ).toEqual([v.orderingCustomers, v.repeatCustomers, v.orderCount, v.orderedBefore]);
        }
      }
    }
  };

  it('answers 价类-scoped reports by retailer attributes like the naive implementation', () => {
    expect(classSummaryStale(tb.backend.db)).toBe(false);
    compare('current');
  });

  it('is set aside when a spec changes 价类, and rebuilt by the next change of order lines', () => {
    const db = tb.backend.db;
    const before = tb.call('reports.sales', { period: '2026-03', by: 'route', products: 'class:二类', lean: true })
      .total.volumeTiao;
    const moved = db.prepare("SELECT id FROM products WHERE price_class = '一类' LIMIT 1").get() as { id: number };
    db.prepare("UPDATE products SET price_class = '二类' WHERE id = ?").run(moved.id);
    expect(classSummaryStale(db)).toBe(true);
    compare('stale');
    const after = tb.call('reports.sales', { period: '2026-03', by: 'route', products: 'class:二类', lean: true }).total
      .volumeTiao;
    expect(after).toBeGreaterThanOrEqual(before);
    db.transaction(() => notifyOrdersChanged(db, 20260601, 20260601))();
    expect(classSummaryStale(db)).toBe(false);
    compare('rebuilt');
  });
});

describe('with a grade history (档位 as of each period)', () => {
  it('grade:N scopes and 按档位 rows match the naive implementation after dated grade changes', () => {
    const db = tb.backend.db;
    const all = db.prepare('SELECT id, grade FROM retailers ORDER BY id').all() as {
      id: number;
      grade: number | null;
    }[];
    const move = (g: number | null, by: number) => (((g ?? 1) - 1 + by) % 30) + 1;
    db.transaction(() => {
      recordGrades(
        db,
        all.filter((r) => r.id % 4 === 0).map((r) => ({ retailerId: r.id, grade: move(r.grade, 3) })),
        20260201,
        'review',
      );
      recordGrades(
        db,
        all.filter((r) => r.id % 6 === 0).map((r) => ({ retailerId: r.id, grade: move(r.grade, 7) })),
        20260416,
        'edit',
      );
    })();
    // the three most common grades of March 2026
    const march = [...gradeAsOf(db, 20260331).values()];
    const common = [...new Set(march)]
      .filter((g) => g !== null)
      .sort((a, b) => march.filter((x) => x === b).length - march.filter((x) => x === a).length)
      .slice(0, 3);
    const scopes = ['county', ...common.map((g) => `grade:${g}`)];
    for (const [period, scope, products, by] of cases(PERIODS, scopes, PRODUCTS, ['grade', 'month', 'manager'], 21)) {
      const r = tb.call('reports.sales', { period, scope, products, by, lean: true });
      const n = naiveSales(db, parsePeriod(period), scope, products, by);
      expect(
        Object.fromEntries(r.rows.map((x: any) => [x.key, [x.volumeTiao, x.amountFen, x.volumeTiaoLastYear]])),
        `${period} ${scope} ${products} ${by}`,
      ).toEqual(
        Object.fromEntries([...n.rows.values()].map((x) => [x.key, [x.volumeTiao, x.amountFen, x.volumeTiaoLastYear]])),
      );
      if (by === 'month') continue;
      const d = tb.call('reports.distribution', { period, scope, products, by });
      const nd = naiveDistribution(db, parsePeriod(period), scope, products, by);
      for (const row of d.rows) {
        const w = nd.get(row.key);
        expect(
          [row.customers, row.orderingCustomers, row.orderCount, row.volumeTiao],
          `${period} ${scope} ${products} ${by} ${row.key}`,
        ).toEqual([w?.customers ?? 0, w?.orderingCustomers ?? 0, w?.orderCount ?? 0, w?.volumeTiao ?? 0]);
        if (w) expect(row.orderedBefore, `${period} ${scope} ${by} ${row.key} before`).toBe(w.orderedBefore);
      }
    }
  });
});
