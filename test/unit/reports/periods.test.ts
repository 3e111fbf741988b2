import { describe, expect, it } from 'vitest';
import {
  parsePeriod,
  samePeriodLastYear,
  previousPeriod,
  splitByMonths,
  weeksOf,
  periodLabel,
  ytdPeriod,
  shiftYears,
  monthsOf,
  addDays,
  weekdayOf,
} from '../../../electron/domain/reports/periods';
import { previousThree } from '../../../electron/domain/reports/distribution';

describe('report periods', () => {
  it('reads a month, a quarter, a year, 本年累计 and a custom range', () => {
    expect(parsePeriod('2026-03')).toEqual({ kind: 'month', from: 20260301, to: 20260331 });
    expect(parsePeriod('2024-02')).toEqual({ kind: 'month', from: 20240201, to: 20240229 });
    expect(parsePeriod('2026Q1')).toEqual({ kind: 'quarter', from: 20260101, to: 20260331 });
    expect(parsePeriod('2025')).toEqual({ kind: 'year', from: 20250101, to: 20251231 });
    expect(parsePeriod('ytd:2026-03')).toEqual({ kind: 'ytd', from: 20260101, to: 20260331 });
    expect(parsePeriod('ytd:2026-03-15')).toEqual({ kind: 'ytd', from: 20260101, to: 20260315 });
    expect(parsePeriod('2026-03-05~2026-03-12')).toEqual({ kind: 'custom', from: 20260305, to: 20260312 });
  });

  it('treats a custom range that is a whole month or quarter as that period', () => {
    expect(parsePeriod('2026-02-01~2026-02-28').kind).toBe('month');
    expect(parsePeriod('2026-04-01~2026-06-30').kind).toBe('quarter');
    expect(parsePeriod('2026-02-01~2026-03-31').kind).toBe('custom');
  });

  it('refuses impossible dates and reversed ranges with a Chinese message', () => {
    expect(() => parsePeriod('2026-13')).toThrow(/月份/);
    expect(() => parsePeriod('2025-02-29~2025-03-01')).toThrow(/日期/);
    expect(() => parsePeriod('2026-03-10~2026-03-01')).toThrow(/早于/);
    expect(() => parsePeriod('三月')).toThrow(/无法识别/);
  });

  it('takes 同期 as the same calendar month, across the year boundary', () => {
    expect(samePeriodLastYear(parsePeriod('2026-01'))).toEqual({ kind: 'month', from: 20250101, to: 20250131 });
    expect(samePeriodLastYear(parsePeriod('2025-12'))).toEqual({ kind: 'month', from: 20241201, to: 20241231 });
    // February of a leap year against a common year: whole months both
    expect(samePeriodLastYear(parsePeriod('2024-02'))).toEqual({ kind: 'month', from: 20230201, to: 20230228 });
    expect(samePeriodLastYear(parsePeriod('2025-02'))).toEqual({ kind: 'month', from: 20240201, to: 20240229 });
  });

  it('takes 本年累计 同期 from 1 January to the same day, 29 February becoming 28 February', () => {
    expect(samePeriodLastYear(ytdPeriod(20240229))).toEqual({ kind: 'ytd', from: 20230101, to: 20230228 });
    expect(samePeriodLastYear(ytdPeriod(20260315))).toEqual({ kind: 'ytd', from: 20250101, to: 20250315 });
    expect(shiftYears(20240229, 1)).toBe(20250228);
    expect(samePeriodLastYear(parsePeriod('2024-02-20~2024-02-29'))).toEqual({
      kind: 'custom',
      from: 20230220,
      to: 20230228,
    });
  });

  it('takes 上期 as the previous period of equal kind', () => {
    expect(previousPeriod(parsePeriod('2026-01'))).toEqual({ kind: 'month', from: 20251201, to: 20251231 });
    expect(previousPeriod(parsePeriod('2026-03'))).toEqual({ kind: 'month', from: 20260201, to: 20260228 });
    expect(previousPeriod(parsePeriod('2026Q1'))).toEqual({ kind: 'quarter', from: 20251001, to: 20251231 });
    expect(previousPeriod(parsePeriod('2026'))).toEqual({ kind: 'year', from: 20250101, to: 20251231 });
    expect(previousPeriod(parsePeriod('ytd:2026-03'))).toBeNull();
    // ten days back by ten days; two whole months back by two months
    expect(previousPeriod(parsePeriod('2026-03-01~2026-03-10'))).toEqual({
      kind: 'custom',
      from: 20260219,
      to: 20260228,
    });
    expect(previousPeriod(parsePeriod('2026-02-01~2026-03-31'))).toEqual({
      kind: 'custom',
      from: 20251201,
      to: 20260131,
    });
  });

  it('spans the three previous periods for 动销率', () => {
    expect(previousThree(parsePeriod('2026-03'))).toEqual({ from: 20251201, to: 20260228 });
    expect(previousThree(parsePeriod('2026Q2'))).toEqual({ from: 20250701, to: 20260331 });
    expect(previousThree(parsePeriod('ytd:2026-03'))).toBeNull();
  });

  it('splits a range into whole months and leftover days', () => {
    expect(splitByMonths({ from: 20260301, to: 20260331 })).toEqual({ months: [202603, 202603], days: [] });
    expect(splitByMonths({ from: 20260305, to: 20260312 })).toEqual({ months: null, days: [[20260305, 20260312]] });
    expect(splitByMonths({ from: 20260215, to: 20260305 })).toEqual({
      months: null,
      days: [
        [20260215, 20260228],
        [20260301, 20260305],
      ],
    });
    expect(splitByMonths({ from: 20251215, to: 20260310 })).toEqual({
      months: [202601, 202602],
      days: [
        [20251215, 20251231],
        [20260301, 20260310],
      ],
    });
    expect(splitByMonths({ from: 20260101, to: 20260315 })).toEqual({
      months: [202601, 202602],
      days: [[20260301, 20260315]],
    });
  });

  it('cuts a period into Monday-to-Sunday weeks', () => {
    expect(weekdayOf(20260302)).toBe(0); // 2026-03-02 is a Monday
    expect(weekdayOf(20260301)).toBe(6);
    const w = weeksOf({ from: 20260301, to: 20260331 });
    expect(w.map((x) => [x.from, x.to])).toEqual([
      [20260301, 20260301],
      [20260302, 20260308],
      [20260309, 20260315],
      [20260316, 20260322],
      [20260323, 20260329],
      [20260330, 20260331],
    ]);
    expect(w[1].label).toBe('第2周（3.2–3.8）');
  });

  it('labels periods in Chinese and lists months across a year end', () => {
    expect(periodLabel(parsePeriod('2026-03'))).toBe('2026年3月');
    expect(periodLabel(parsePeriod('2026Q2'))).toBe('2026年第2季度');
    expect(periodLabel(parsePeriod('ytd:2026-03-15'))).toBe('2026年1月1日至3月15日（本年累计）');
    expect(monthsOf({ from: 20251115, to: 20260210 })).toEqual([202511, 202512, 202601, 202602]);
    expect(addDays(20240228, 1)).toBe(20240229);
    expect(addDays(20231231, 1)).toBe(20240101);
  });
});
