/**
 * 周报 across year boundaries (DOMAIN.md "Weeks"), worked by hand. The masters of
 * fixture.ts (retailers 1–3 and 5 正常经营, 4 歇业; 张三 owns 1 and 2, 李四 owns 3
 * and, through route R02, 5) with these lines (qty × price = amount):
 *
 *   2026-W01 = 2025-12-29 (Mon) … 2026-01-04 (Sun), across New Year:
 *     a 2025-12-29 r1 黄鹤楼 10 × 20000 = 200,000   b 2025-12-31 r2 七匹狼 4 × 8000 = 32,000
 *     c 2026-01-02 r1 黄鹤楼  6 × 20000 = 120,000   d 2026-01-04 r3 红金龙 5 × 4000 = 20,000
 *     → 25 条, 372,000 分; by 价类 一类 16, 二类 4, 三类 5
 *   上周 2025-W52 = 12-22 … 12-28: e 12-22 r1 黄鹤楼 8 (160,000), f 12-28 r2 黄鹤楼 3 (60,000) → 11 条, 220,000
 *   去年同周 2025-W01 = 2024-12-30 … 2025-01-05: g 2024-12-30 r1 黄鹤楼 5 (100,000),
 *     h 2025-01-05 r5 七匹狼 5 (40,000) → 10 条, 140,000; by 价类 一类 5, 二类 5
 *   just outside: 2024-12-29 (2024-W52) r1 4 条, 2025-01-06 (2025-W02) r5 9 条, 2026-01-05 (2026-W02) r3 7 条
 *   环比 = (25 − 11) / 11 = 14/11, 同比 = (25 − 10) / 10 = 1.5
 *   本年累计 to the week's end = 2026-01-01 … 01-04: c + d = 11 条
 *   铺货率: 4 正常经营; ordering r1, r2, r3 → 3/4; 重购 r1 (12-29, 01-02) → 1/3;
 *     上周 r1, r2 → 2/4; 去年同周 r1, r5 → 2/4. By manager: 张三 2/2, 李四 1/2 (r3 of r3, r5).
 *
 *   2026-W53 = 2026-12-28 … 2027-01-03 (2026 has 53 ISO weeks, 2025 has 52):
 *     k 2026-12-28 r1 黄鹤楼 2 (40,000), l 2027-01-03 r2 红金龙 10 (40,000) → 12 条
 *     上周 2026-W52: n 2026-12-27 r3 七匹狼 5 → 环比 = 7/5; 去年同周: none → 同比 “—”
 *     本年累计 2027-01-01 … 01-03: l = 10 条; m 2027-01-04 r2 红金龙 1 is 2027-W01
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { insertLines, insertMasters } from './fixture';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';
import { lastCompleteWeek, weeklyHomeCard, weeklyReport } from '../../../electron/domain/reports/weekly';
import { weeklySpecs } from '../../../common/reportTables';
import { isoWeekText } from '../../../common/days';

const L = (
  day: number,
  r: number,
  p: number,
  qty: number,
): [number, string, number, number, number, number, number] => [
  day,
  `W${day}${r}`,
  r,
  p,
  qty,
  qty,
  [0, 20000, 8000, 4000][p],
];

let tb: TestBackend;
const after = new Date(Date.UTC(2027, 1, 1)); // the weeks are in the past
beforeAll(() => {
  tb = testBackend();
  const db = tb.backend.db;
  db.transaction(() => {
    insertMasters(db);
    insertLines(db, [
      L(20251229, 1, 1, 10),
      L(20251231, 2, 2, 4),
      L(20260102, 1, 1, 6),
      L(20260104, 3, 3, 5),
      L(20251222, 1, 1, 8),
      L(20251228, 2, 1, 3),
      L(20241230, 1, 1, 5),
      L(20250105, 5, 2, 5),
      L(20241229, 1, 1, 4),
      L(20250106, 5, 2, 9),
      L(20260105, 3, 3, 7),
      L(20261228, 1, 1, 2),
      L(20270103, 2, 3, 10),
      L(20261227, 3, 2, 5),
      L(20270104, 2, 3, 1),
    ]);
    // two 内管 warnings: one on a day of 2026-W01, one on the Sunday before it
    db.exec(`INSERT INTO monitor_warnings(rule, retailer_id, product_id, day, value_tiao, baseline, ratio)
      VALUES ('surge', 2, 2, 20251231, 4, 1, 4), ('surge', 2, 1, 20251228, 3, 1, 3)`);
    rebuildSummaries(db);
  })();
});
afterAll(() => tb.close());

describe('周报 of ISO week 1 (2025-12-29 to 2026-01-04)', () => {
  it('sums the week across New Year and compares it with 2025-W52 and 2025-W01', () => {
    const r = weeklyReport(tb.backend.db, { week: '2026-W01' }, after);
    expect([r.from, r.to]).toEqual(['2025-12-29', '2026-01-04']);
    expect(r.weekLabel).toBe('2026年第1周（12月29日—1月4日）');
    expect(r.lastWeek).toMatchObject({ week: '2025-W52', from: '2025-12-22', to: '2025-12-28' });
    expect(r.lastYear).toMatchObject({ week: '2025-W01', from: '2024-12-30', to: '2025-01-05' });
    const t = r.sales.total;
    expect([t.volumeTiao, t.amountFen]).toEqual([25, 372000]);
    expect([t.volumeTiaoLastWeek, t.amountFenLastWeek]).toEqual([11, 220000]);
    expect([t.volumeTiaoLastYear, t.amountFenLastYear]).toEqual([10, 140000]);
    expect(t.wowVolume).toBeCloseTo(14 / 11, 12);
    expect(t.yoyVolume).toBeCloseTo(1.5, 12);
    expect(t.volumeTiaoYtd).toBe(11);
    const byClass = Object.fromEntries(
      r.sales.rows.map((x) => [x.key, [x.volumeTiao, x.volumeTiaoLastWeek, x.volumeTiaoLastYear]]),
    );
    expect(byClass).toEqual({ 一类: [16, 11, 5], 二类: [4, 0, 5], 三类: [5, 0, 0] });
    // 三类 had nothing in either comparison week: 环比 and 同比 undefined
    const c3 = r.sales.rows.find((x) => x.key === '三类')!;
    expect([c3.wowVolume, c3.yoyVolume]).toEqual([null, null]);
  });

  it('gives the 铺货率 of the week with last week and the same week last year, and per manager', () => {
    const r = weeklyReport(tb.backend.db, { week: '2026-W01' }, after);
    expect(r.distributionCompare).toMatchObject({
      rate: 3 / 4,
      rateLastWeek: 2 / 4,
      rateLastYear: 2 / 4,
      orderingCustomers: 3,
      orderingCustomersLastWeek: 2,
      orderingCustomersLastYear: 2,
    });
    expect(r.distributionCompare.repeatRate).toBeCloseTo(1 / 3, 12);
    const m = Object.fromEntries(r.distribution.rows.map((x) => [x.key, [x.customers, x.orderingCustomers]]));
    expect(m).toEqual({ '1001': [2, 2], '1002': [2, 1] });
  });

  it('equals the 销售情况表 and the 分销 report over the same seven days', () => {
    const r = weeklyReport(tb.backend.db, { week: '2026-W01', by: 'manager' }, after);
    const s = tb.call('reports.sales', { period: '2025-12-29~2026-01-04', by: 'manager' });
    expect(r.sales.rows.map((x) => [x.key, x.volumeTiao, x.amountFen])).toEqual(
      s.rows.map((x: any) => [x.key, x.volumeTiao, x.amountFen]),
    );
    const d = tb.call('reports.distribution', { period: '2025-12-29~2026-01-04', by: 'manager' });
    expect(r.distribution.rows.map((x) => [x.key, x.orderingCustomers, x.repeatCustomers])).toEqual(
      d.rows.map((x: any) => [x.key, x.orderingCustomers, x.repeatCustomers]),
    );
  });

  it("lists the week's 内管 warnings by their order day only", () => {
    const r = weeklyReport(tb.backend.db, { week: '2026-W01' }, after);
    expect(r.warnings.total).toBe(1);
    expect(r.warnings.rows[0]).toMatchObject({ day: '2025-12-31', retailer: '0002', status: '待核查' });
    expect(r.warnings.byRule.find((b) => b.rule === 'surge')).toMatchObject({ count: 1, unchecked: 1 });
    expect(weeklyReport(tb.backend.db, { week: '2025-W52' }, after).warnings.total).toBe(1);
  });
});

describe('周报 of ISO week 53 (2026-12-28 to 2027-01-03)', () => {
  it('compares with 2026-W52 and has no 同比, since 2025 has no week 53', () => {
    const r = weeklyReport(tb.backend.db, { week: '2026-W53' }, after);
    expect([r.from, r.to]).toEqual(['2026-12-28', '2027-01-03']);
    expect(r.lastWeek?.week).toBe('2026-W52');
    expect(r.lastYear).toBeNull();
    const t = r.sales.total;
    expect([t.volumeTiao, t.volumeTiaoLastWeek]).toEqual([12, 5]);
    expect(t.wowVolume).toBeCloseTo(7 / 5, 12);
    expect([t.volumeTiaoLastYear, t.amountFenLastYear, t.yoyVolume, t.yoyAmount]).toEqual([null, null, null, null]);
    expect(t.volumeTiaoYtd).toBe(10);
    expect(r.distributionCompare.rateLastYear).toBeNull();
  });

  it('is the 首页 headline while the data end on Monday 2027-01-04', () => {
    expect(isoWeekText(lastCompleteWeek(tb.backend.db)!)).toBe('2026-W53');
    const card = weeklyHomeCard(tb.backend.db);
    expect(card.title).toBe('上周周报：2026年第53周（12月28日—1月3日）');
    expect(card.lines.slice(0, 3)).toEqual([
      { label: '销量', value: '0.05 箱' }, // 12 条 / 250 = 0.048
      { label: '环比（上周）', value: '+140.00%', tone: 'good' }, // (12 − 5) / 5
      { label: '同比（去年同周）', value: '—', tone: undefined },
    ]);
  });
});

describe('周报 of a week not over: 2027-W01 with data to its Monday 2027-01-04', () => {
  it('compares 铺货率 with the same first day of last week and of last year’s week, not their whole weeks', () => {
    const r = weeklyReport(tb.backend.db, { week: '2027-W01' }, after);
    expect(r.through).toBe('2027-01-04');
    // 本周 01-04: m (r2) · 上周 2026-W53's Monday 12-28: k (r1), not l (r2, 01-03) ·
    // 去年同周 2026-W01's Monday 2025-12-29: a (r1), not b, c, d — each 1 of the 4 正常经营
    expect(r.distributionCompare).toMatchObject({
      rate: 1 / 4,
      rateLastWeek: 1 / 4,
      rateLastYear: 1 / 4,
      orderingCustomers: 1,
      orderingCustomersLastWeek: 1,
      orderingCustomersLastYear: 1,
    });
    // the sales compare the same day too: m 1 条 against k 2 条 and a 10 条
    expect([r.sales.total.volumeTiao, r.sales.total.volumeTiaoLastWeek, r.sales.total.volumeTiaoLastYear]).toEqual([
      1, 2, 10,
    ]);
    const compare = weeklySpecs(r).find((s) => s.title === '分销情况对比')!;
    expect(compare.columns.map((c) => c.title)).toEqual([
      '指标',
      '本周',
      '上周（同天数）',
      '较上周(百分点)',
      '去年同周（同天数）',
      '较去年同周(百分点)',
    ]);
  });
});

describe('weeks that cannot be reported', () => {
  it('refuses a week that does not exist, a malformed one and one not yet begun', () => {
    const db = tb.backend.db;
    expect(() => weeklyReport(db, { week: '2025-W53' }, after)).toThrow('2025年没有第53周');
    expect(() => weeklyReport(db, { week: '2026-13' }, after)).toThrow('应为 YYYY-Www');
    expect(() => weeklyReport(db, { week: '2027-W06' }, after)).toThrow('尚未开始');
    // after today's date but holding imported orders: the week is reported
    expect(weeklyReport(db, { week: '2027-W01' }, new Date(Date.UTC(2026, 11, 5))).sales.total.volumeTiao).toBe(1);
    expect(tb.result('reports.weekly', { week: '2026-W00' }).error?.code).toBe('invalid_period');
  });

  it('reports a past week without orders as zeros, with 环比 and 同比 “—”', () => {
    const r = weeklyReport(tb.backend.db, { week: '2026-W20' }, after);
    expect(r.hasData).toBe(false);
    expect([r.sales.total.volumeTiao, r.sales.total.wowVolume, r.sales.total.yoyVolume]).toEqual([0, null, null]);
    expect(r.distribution.total.rate).toBe(0);
    expect(r.warnings.total).toBe(0);
  });
});

describe('周报 tables', () => {
  it('prints the sales table with 上周 and 去年同周 columns and the warnings table', () => {
    const specs = weeklySpecs(weeklyReport(tb.backend.db, { week: '2026-W01' }, after));
    expect(specs.map((s) => s.title)).toEqual([
      '卷烟周销售情况表（按价类）',
      '卷烟周销售情况表（按客户经理）',
      '分销情况对比',
      '本周分销与“四率”情况表（按客户经理）',
      '本周内管预警',
      '本周内管预警明细',
    ]);
    expect(specs[0].columns.slice(1, 6).map((c) => c.title)).toEqual(['本周', '上周', '环比', '去年同周', '同比']);
    expect(specs[0].period).toBe('2026年第1周（12月29日—1月4日）　全县　全部卷烟');
    expect(specs[4].totals?.[0]).toMatchObject({ count: 1, unchecked: 1 });
  });
});

describe('ISO weeks (common/days)', () => {
  it('puts the days around New Year in the week their Thursday decides', async () => {
    const { isoWeekOf, isoWeeksInYear, parseIsoWeek } = await import('../../../common/days');
    // 2020-12-31 is a Thursday: 2020 has week 53, running to Sunday 2021-01-03
    expect(isoWeekOf(20210103)).toMatchObject({ year: 2020, week: 53, from: 20201228 });
    expect(isoWeekOf(20210104)).toMatchObject({ year: 2021, week: 1 });
    // 2025-01-02 is a Thursday: Monday 2024-12-30 already belongs to 2025-W01
    expect(isoWeekOf(20241230)).toMatchObject({ year: 2025, week: 1 });
    expect(isoWeekOf(20241229)).toMatchObject({ year: 2024, week: 52 });
    expect([2015, 2020, 2024, 2025, 2026, 2027].map(isoWeeksInYear)).toEqual([53, 53, 52, 52, 53, 52]);
    expect(parseIsoWeek('2026-W53')).toMatchObject({ from: 20261228, to: 20270103 });
    expect(parseIsoWeek('2027-W53')).toBeNull();
    expect(parseIsoWeek('2026W9')).toMatchObject({ year: 2026, week: 9 });
  });
});
