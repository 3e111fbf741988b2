/**
 * The 月报 pack reads the retailer summaries once for all its sections (withSharedReads): inside a
 * batch, sums and ordering counts by 客户经理, 线路, 城乡, 业态 and in total come from shared reads
 * rolled up in JavaScript. They must equal the per-report queries outside a batch, and the pack's
 * sections must equal the reports computed one by one and the naive implementation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { randomCounty } from './randomCounty';
import { naiveDistribution, naiveSales } from '../../../electron/domain/reports/naive';
import { monthPeriod, parsePeriod } from '../../../electron/domain/reports/periods';
import { type Dim, reachBy, sumsBy, withSharedReads } from '../../../electron/domain/reports/query';
import { customerScope, productScope } from '../../../electron/domain/masterdata';
import { monthlyPack } from '../../../electron/domain/reports/pack';
import { salesReport } from '../../../electron/domain/reports/sales';
import { distributionReport } from '../../../electron/domain/reports/distribution';
import { customerClassTable } from '../../../electron/domain/reports/overview';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  randomCounty(tb.backend.db, 31);
});
afterAll(() => tb.close());

const DIMS: Dim[] = ['manager', 'route', 'area', 'format', 'total'];
const RANGES = ['2026-03', '2026-02', '2026Q1', 'ytd:2026-03-31', '2025-12', '2025-12-01~2026-02-28'];
const SCOPES = ['county', 'manager:102', 'route:R3', 'area:城镇', 'set:乡村客户'];

const plain = <T>(m: Map<string, T>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

describe('shared reads of the retailer summaries', () => {
  it('give the same sums and ordering counts as the per-report queries', () => {
    const db = tb.backend.db;
    let compared = 0;
    for (const spec of SCOPES) {
      const p = parsePeriod('2026-03');
      const scope = { customers: customerScope(db, spec, p.to), products: productScope(db, 'all') };
      const alone = (f: () => unknown) => JSON.stringify(f());
      for (const period of RANGES) {
        const range = parsePeriod(period);
        for (const dim of DIMS) {
          const runs = () => [
            plain(sumsBy(db, range, scope, dim)),
            plain(sumsBy(db, range, scope, dim, undefined, { qtyAmountOnly: true })),
            plain(reachBy(db, range, scope, dim)),
          ];
          const want = alone(runs);
          // inside a batch: first read at each width, then served again from the same reads
          const got = withSharedReads(db, () => {
            const light = plain(sumsBy(db, range, scope, dim, undefined, { qtyAmountOnly: true }));
            return [runs(), light, runs()];
          });
          const [first, light, again] = got;
          expect(JSON.stringify(first), `${spec} ${period} ${dim}`).toBe(want);
          expect(JSON.stringify(again), `${spec} ${period} ${dim} again`).toBe(want);
          expect(JSON.stringify(light)).toBe(JSON.stringify(JSON.parse(want)[1]));
          compared++;
        }
      }
    }
    expect(compared).toBe(SCOPES.length * RANGES.length * DIMS.length);
  });

  it('a light read first, then a full one, then counts: each answers its own width', () => {
    const db = tb.backend.db;
    const range = parsePeriod('2026Q1');
    const scope = { customers: customerScope(db, 'county'), products: productScope(db, 'all') };
    const want = JSON.stringify([
      plain(sumsBy(db, range, scope, 'route', undefined, { qtyAmountOnly: true })),
      plain(sumsBy(db, range, scope, 'route')),
      plain(reachBy(db, range, scope, 'route')),
    ]);
    const got = withSharedReads(db, () =>
      JSON.stringify([
        plain(sumsBy(db, range, scope, 'route', undefined, { qtyAmountOnly: true })),
        plain(sumsBy(db, range, scope, 'route')),
        plain(reachBy(db, range, scope, 'route')),
      ]),
    );
    expect(got).toBe(want);
  });

  it('the 月报 pack equals its reports computed one by one, and the naive implementation', () => {
    const db = tb.backend.db;
    for (const scope of [undefined, 'manager:102']) {
      const pack = monthlyPack(db, { month: '2026-03', scope });
      const period = monthPeriod(2026, 3);
      for (const by of ['class', 'brand', 'manager', 'route', 'area', 'format'] as const) {
        const key = `by${by[0].toUpperCase()}${by.slice(1)}` as keyof typeof pack.sales;
        expect(pack.sales[key], `${scope} sales ${by}`).toEqual(salesReport(db, { period, scope, by }));
        const n = naiveSales(db, period, scope ?? 'county', 'all', by);
        expect(
          Object.fromEntries(pack.sales[key].rows.map((x) => [x.key, [x.volumeTiao, x.amountFen, x.demandTiao]])),
        ).toEqual(
          Object.fromEntries([...n.rows.values()].map((x) => [x.key, [x.volumeTiao, x.amountFen, x.demandTiao]])),
        );
      }
      for (const by of ['manager', 'route'] as const) {
        const key = by === 'manager' ? 'byManager' : 'byRoute';
        expect(pack.distribution[key], `${scope} distribution ${by}`).toEqual(
          distributionReport(db, { period, scope, by }),
        );
        const n = naiveDistribution(db, period, scope ?? 'county', 'all', by);
        for (const row of pack.distribution[key].rows) {
          const w = n.get(row.key);
          expect([row.orderingCustomers, row.repeatCustomers, row.orderCount, row.orderedBefore]).toEqual(
            w ? [w.orderingCustomers, w.repeatCustomers, w.orderCount, w.orderedBefore] : [0, 0, 0, 0],
          );
        }
      }
      expect(pack.customerClass).toEqual(
        customerClassTable(db, { period: parsePeriod('ytd:2026-03-31'), by: 'format', scope }),
      );
    }
  });
});
