/**
 * A grade:N scope and the 按档位 rows of a report take the 档位 held in the report's period,
 * on the hand-worked county of fixture.ts, after a 分档 review approved for February 2026
 * moves 0001 from 10档 to 13档 and 0003 from 5档 to 7档 from 2026-03-01
 * (0002 20档, 0004 歇业 8档, 0005 15档 unchanged).
 *
 * February 2026: 0001 6 条 / 120,000 分 (line 13), 0003 5 条 / 40,000 分 (line 14).
 * March 2026:    0001 10 + 5 + 2 = 17 条 / 200,000 + 40,000 + 16,000 = 256,000 分 (lines 1–3);
 *                0002 15 + 0 + 2 = 17 条; 0003 6 + 2 = 8 条; 0004 (歇业) 3 条.
 * March 2025 (同期): 0001 8 条 / 160,000 分.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { handFixture } from './fixture';
import { approveGrades } from '../../helpers/grades';
import { naiveDistribution, naiveSales } from '../../../electron/domain/reports/naive';
import { parsePeriod } from '../../../electron/domain/reports/periods';

let t: TestBackend;
beforeAll(() => {
  t = testBackend();
  handFixture(t.backend.db);
  approveGrades(t.backend.db, { 1: 13, 3: 7 }, 20260301);
});
afterAll(() => t.close());

const total = (period: string, scope: string) => {
  const r = t.call('reports.sales', { period, scope, by: 'grade' });
  return [r.total.volumeTiao, r.total.amountFen, r.total.volumeTiaoLastYear, r.total.amountFenLastYear];
};

describe('a grade:N scope as of the report’s period', () => {
  it('takes February’s 10档 (0001) for February and March’s 13档 (0001) for March', () => {
    expect(total('2026-02', 'grade:10')).toEqual([6, 120_000, 0, 0]);
    expect(total('2026-02', 'grade:13')).toEqual([0, 0, 0, 0]);
    // March: 0001 with its 同期 (the same customers a year before)
    expect(total('2026-03', 'grade:13')).toEqual([17, 256_000, 8, 160_000]);
    expect(total('2026-03', 'grade:10')).toEqual([0, 0, 0, 0]);
    expect(total('2026-02', 'grade:5')).toEqual([5, 40_000, 0, 0]);
    expect(total('2026-03', 'grade:7')).toEqual([8, 40_000, 5, 20_000]);
  });

  it('counts 按档位 customers and buyers by the period’s grades (February before the review)', () => {
    const rows = (period: string) =>
      Object.fromEntries(
        t
          .call('reports.distribution', { period, by: 'grade' })
          .rows.map((r: any) => [r.key, [r.customers, r.orderingCustomers, r.volumeTiao]]),
      );
    // 正常经营 in February: 0001 10档, 0002 20档, 0003 5档, 0005 15档; buyers 0001 and 0003
    expect(rows('2026-02')).toEqual({
      '5': [1, 1, 5],
      '10': [1, 1, 6],
      '15': [1, 0, 0],
      '20': [1, 0, 0],
    });
    // March: 0001 13档, 0003 7档; 0004 歇业 (8档) bought 3 条 but is no 正常经营 customer
    expect(rows('2026-03')).toEqual({
      '7': [1, 1, 8],
      '8': [0, 0, 3],
      '13': [1, 1, 17],
      '15': [1, 0, 0],
      '20': [1, 1, 17],
    });
  });

  it('agrees with the naive implementation, which reads grades through the same gradeAsOf', () => {
    for (const [period, scope] of [
      ['2026-02', 'grade:10'],
      ['2026-03', 'grade:13'],
      ['2026Q1', 'grade:7'],
      ['2026-03', 'county'],
    ]) {
      const p = parsePeriod(period);
      const r = t.call('reports.sales', { period, scope, by: 'grade', lean: true });
      const n = naiveSales(t.backend.db, p, scope, 'all', 'grade');
      expect(
        Object.fromEntries(r.rows.map((x: any) => [x.key, [x.volumeTiao, x.amountFen, x.volumeTiaoLastYear]])),
        `${period} ${scope}`,
      ).toEqual(
        Object.fromEntries([...n.rows.values()].map((x) => [x.key, [x.volumeTiao, x.amountFen, x.volumeTiaoLastYear]])),
      );
      const d = t.call('reports.distribution', { period, scope, by: 'grade' });
      const nd = naiveDistribution(t.backend.db, p, scope, 'all', 'grade');
      for (const row of d.rows) {
        const w = nd.get(row.key);
        expect([row.customers, row.orderingCustomers, row.orderedBefore], `${period} ${scope} ${row.key}`).toEqual([
          w?.customers ?? 0,
          w?.orderingCustomers ?? 0,
          w?.orderedBefore ?? 0,
        ]);
      }
    }
  });
});
