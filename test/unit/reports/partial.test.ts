/**
 * A period that is not over (DOMAIN.md "Sales figures"): the hand-worked county
 * of fixture.ts with its order lines cut after 12 March 2026, as if the data
 * had been imported up to that day. Worked by hand from the LINES table:
 *   本期 March 1–12: lines 1, 2, 3, 4, 5, 6, 9 → 10 + 5 + 2 + 15 + 0 + 6 + 2 = 40 条,
 *     200,000 + 40,000 + 16,000 + 300,000 + 0 + 24,000 + 16,000 = 596,000 分
 *   同期（截至同日）March 1–12, 2025: line 10 only (line 11 is the 15th, 12 the 20th) → 8 条, 160,000 分
 *     (the whole of March 2025 would be 23 条)
 *   上期（截至同日）February 1–12, 2026: line 13 (the 10th) → 6 条; line 14 (the 15th) falls outside
 *   本年累计 1 January – 12 March 2026: January 4 (line 15) + February 6 + 5 (lines 13, 14) + March 40 = 55 条
 *   累计同期 1 January – 12 March 2025: line 10 → 8 条 (line 16 is December 2025)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { insertLines, insertMasters, LINES } from './fixture';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';
import {
  comparisonPeriods,
  lastCompleteMonth,
  monthPeriod,
  parsePeriod,
} from '../../../electron/domain/reports/periods';
import { customerClassSpec, distributionSpec, salesSpec } from '../../../common/reportTables';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  const db = tb.backend.db;
  db.transaction(() => {
    insertMasters(db);
    insertLines(
      db,
      LINES.filter(([day]) => day <= 20260312),
    );
    rebuildSummaries(db);
  })();
});
afterAll(() => tb.close());

describe('comparison periods of a period that is not over', () => {
  it('compares a month cut at day D with days 1–D of last year and of the month before', () => {
    const c = comparisonPeriods(monthPeriod(2026, 3), 20260312);
    expect(c.through).toBe(20260312);
    expect([c.lastYear!.from, c.lastYear!.to]).toEqual([20250301, 20250312]);
    expect([c.previous!.from, c.previous!.to]).toEqual([20260201, 20260212]);
    expect([c.ytd.from, c.ytd.to]).toEqual([20260101, 20260312]);
    expect([c.ytdLastYear.from, c.ytdLastYear.to]).toEqual([20250101, 20250312]);
  });

  it('takes all of a shorter previous month, and 29 February to 28 February a year back', () => {
    const c = comparisonPeriods(monthPeriod(2026, 3), 20260330);
    expect([c.previous!.from, c.previous!.to]).toEqual([20260201, 20260228]);
    const leap = comparisonPeriods(parsePeriod('2028Q1'), 20280229);
    expect([leap.lastYear!.from, leap.lastYear!.to]).toEqual([20270101, 20270228]);
    // a quarter cut after 60 days: the previous quarter's first 60 days (1 Oct – 29 Nov)
    expect([leap.previous!.from, leap.previous!.to]).toEqual([20271001, 20271129]);
  });

  it('leaves a period alone when the data reach its last day or go beyond it, or have not started', () => {
    for (const last of [20260331, 20260405, 20260215, null]) {
      const c = comparisonPeriods(monthPeriod(2026, 3), last);
      expect(c.through).toBeNull();
      expect([c.lastYear!.from, c.lastYear!.to]).toEqual([20250301, 20250331]);
      expect([c.previous!.from, c.previous!.to]).toEqual([20260201, 20260228]);
    }
  });

  it('names the last complete month: the last day’s month when it is the month’s last day, else the month before', () => {
    expect(lastCompleteMonth(20260331)).toBe(202603);
    expect(lastCompleteMonth(20260330)).toBe(202602);
    expect(lastCompleteMonth(20260101)).toBe(202512);
    expect(lastCompleteMonth(20280229)).toBe(202802);
    expect(lastCompleteMonth(null)).toBeNull();
  });
});

describe('reports on a month whose data end on the 12th', () => {
  it('says 数据截至3月12日 and compares 同期, 上期 and 本年累计 over the same days', () => {
    const r = tb.call('reports.sales', { period: '2026-03', by: 'class' });
    expect(r.through).toBe('2026-03-12');
    expect(r.throughLabel).toBe('数据截至3月12日');
    const t = r.total;
    expect([t.volumeTiao, t.amountFen]).toEqual([40, 596000]);
    expect([t.volumeTiaoLastYear, t.amountFenLastYear]).toEqual([8, 160000]);
    expect(t.yoyVolume).toBeCloseTo(32 / 8, 12);
    expect(t.volumeTiaoPrev).toBe(6);
    expect(t.momVolume).toBeCloseTo(34 / 6, 12);
    expect([t.volumeTiaoYtd, t.volumeTiaoYtdLastYear]).toEqual([55, 8]);
    expect(t.ytdYoyVolume).toBeCloseTo(47 / 8, 12);
    expect(r.lastYear).toEqual({ from: '2025-03-01', to: '2025-03-12' });
    expect(r.previous).toEqual({ from: '2026-02-01', to: '2026-02-12' });
  });

  it('titles the comparison columns 「（截至同日）」 and puts the cut-off in the period line of print and Excel', () => {
    const spec = salesSpec(tb.call('reports.sales', { period: '2026-03', by: 'class' }));
    expect(spec.period).toBe('2026年3月（数据截至3月12日）　全县　全部卷烟');
    const titles = spec.columns.filter((c) => c.key.endsWith('LastYear') || c.key.endsWith('Prev')).map((c) => c.title);
    expect(titles).toEqual(['同期（截至同日）', '上期（截至同日）', '同期（截至同日）', '同期（截至同日）']);
  });

  it('leaves a complete month (February, data continue into March) compared whole', () => {
    const r = tb.call('reports.sales', { period: '2026-02', by: 'total' });
    expect(r.through).toBeNull();
    expect(r.throughLabel).toBeNull();
    // February 2026: lines 13 and 14 → 11 条; January: line 15 → 4 条
    expect([r.total.volumeTiao, r.total.volumeTiaoPrev]).toEqual([11, 4]);
  });

  it('opens the reports on February, the last complete month, and says how far the data go', () => {
    const o = tb.call('reports.options', {});
    expect(o.latestMonth).toBe('2026-03');
    expect(o.latestCompleteMonth).toBe('2026-02');
    expect(o.lastDay).toBe('2026-03-12');
    expect(o.lastDayLabel).toBe('数据截至3月12日');
  });

  it('marks the 分销 report and the 首页 card of March the same way, 同比 over the same days', () => {
    expect(tb.call('reports.distribution', { period: '2026-03', by: 'manager' }).throughLabel).toBe('数据截至3月12日');
    const d = tb.call('reports.dashboard', { month: '2026-03' });
    expect([d.volumeTiao, d.volumeTiaoLastYear]).toEqual([40, 8]);
    expect([d.ytdVolumeTiao]).toEqual([55]);
    const c = tb.call('reports.homeCard', {});
    expect(c.title).toBe('关键指标（2026年3月，数据截至3月12日）');
    expect(c.lines[1]).toEqual({ label: '销量同比（截至同日）', value: '+400.00%', tone: 'good' });
  });

  it('marks 动销率 of March with its cut-off, and leaves February unmarked', () => {
    const march = distributionSpec(tb.call('reports.distribution', { period: '2026-03', by: 'manager' }));
    expect(march.columns.find((c) => c.key === 'activeRate')!.title).toBe('动销率（截至3月12日）');
    expect(march.period).toBe('2026年3月（数据截至3月12日）　全县　全部卷烟');
    const feb = distributionSpec(tb.call('reports.distribution', { period: '2026-02', by: 'manager' }));
    expect(feb.columns.find((c) => c.key === 'activeRate')!.title).toBe('动销率');
  });

  it('says how far the data go on the 客户分类销售一览 too', () => {
    // 本年累计 to March: January–March 2026, data to the 12th; 本年累计 to February is complete.
    const ytd = tb.call('reports.customerClass', { period: 'ytd:2026-03', by: 'format' });
    expect([ytd.through, ytd.throughLabel]).toEqual(['2026-03-12', '数据截至3月12日']);
    expect(customerClassSpec(ytd).period).toBe('2026年1月1日至3月31日（本年累计）（数据截至3月12日）　全县　全部卷烟');
    // the months add up to the 本年累计 worked above: 4 + 11 + 40 = 55 条
    expect(ytd.total.total.volumeTiao).toBe(55);
    const feb = tb.call('reports.customerClass', { period: 'ytd:2026-02', by: 'format' });
    expect([feb.through, feb.throughLabel]).toEqual([null, null]);
  });

  it('prints the 月报 of March with its cut-off and plan progress to the 12th', () => {
    const p = tb.call('reports.pack', { month: '2026-03' });
    expect(p.throughLabel).toBe('数据截至3月12日');
    expect(p.sales.byClass.total.volumeTiaoLastYear).toBe(8);
  });
});
