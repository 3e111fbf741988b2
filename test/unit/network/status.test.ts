import { describe, expect, it } from 'vitest';
import { statusOf, type Indicator } from '../../../electron/domain/network/indicators';
import { monthsEnding, parseMonth, shiftMonth, targetPeriodsFor } from '../../../electron/domain/network/period';

const rate: Pick<Indicator, 'unit' | 'direction' | 'margin' | 'marginKind'> = {
  unit: 'rate',
  direction: 'higher',
  margin: null,
  marginKind: null,
};
const count: typeof rate = { unit: 'count', direction: 'higher', margin: null, marginKind: null };
const lowerRate: typeof rate = { unit: 'rate', direction: 'lower', margin: null, marginKind: null };

describe('status against a target', () => {
  it('marks a rate that meets its target exactly as 达标', () => {
    expect(statusOf(0.9, 0.9, rate)).toBe('达标');
    expect(statusOf(0.95, 0.9, rate)).toBe('达标');
  });
  it('counts a rate exactly 2 percentage points short as 接近 and one a hair further as 未达标', () => {
    expect(statusOf(0.88, 0.9, rate)).toBe('接近');
    expect(statusOf(0.8799, 0.9, rate)).toBe('未达标');
    expect(statusOf(0.8801, 0.9, rate)).toBe('接近');
    // a fraction of retailers: 39/50 = 0.78 against 0.80
    expect(statusOf(39 / 50, 0.8, rate)).toBe('接近');
    expect(statusOf(38 / 50, 0.8, rate)).toBe('未达标');
  });
  it('allows a count 5% of its target short as 接近', () => {
    expect(statusOf(100, 100, count)).toBe('达标');
    expect(statusOf(95, 100, count)).toBe('接近');
    expect(statusOf(94, 100, count)).toBe('未达标');
    expect(statusOf(19, 20, count)).toBe('接近'); // 5% of 20 = 1
    expect(statusOf(18, 20, count)).toBe('未达标');
  });
  it('reverses the comparison for an indicator where lower is better', () => {
    expect(statusOf(0.04, 0.05, lowerRate)).toBe('达标');
    expect(statusOf(0.07, 0.05, lowerRate)).toBe('接近');
    expect(statusOf(0.0701, 0.05, lowerRate)).toBe('未达标');
  });
  it('uses a margin set on the indicator instead of the default', () => {
    expect(statusOf(0.85, 0.9, { ...rate, margin: 0.05, marginKind: 'absolute' })).toBe('接近');
    expect(statusOf(0.84, 0.9, { ...rate, margin: 0.05, marginKind: 'absolute' })).toBe('未达标');
    expect(statusOf(0.87, 0.9, { ...rate, margin: 0, marginKind: 'absolute' })).toBe('未达标');
    expect(statusOf(90, 100, { ...count, margin: 0.1, marginKind: 'relative' })).toBe('接近');
  });
  it('says 无目标 without a target and 无数据 when a target has no value to compare', () => {
    expect(statusOf(0.5, null, rate)).toBe('无目标');
    expect(statusOf(null, null, rate)).toBe('无目标');
    expect(statusOf(null, 0.9, rate)).toBe('无数据');
  });
});

describe('periods', () => {
  it('knows the last day of each month, leap years included', () => {
    expect(parseMonth('2024-02').dayTo).toBe(20240229);
    expect(parseMonth('2026-02').endDate).toBe('2026-02-28');
    expect(parseMonth('2026-12').dayFrom).toBe(20261201);
  });
  it('walks back across a year end', () => {
    expect(shiftMonth('2026-01', 1)).toBe('2025-12');
    expect(shiftMonth('2026-03', 3)).toBe('2025-12');
    expect(monthsEnding('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
  it('looks for a month target first, then the quarter, then the year', () => {
    expect(targetPeriodsFor('2026-05')).toEqual(['2026-05', '2026-Q2', '2026']);
  });
  it('refuses a malformed period with a Chinese message', () => {
    expect(() => parseMonth('2026-13')).toThrow(/YYYY-MM/);
  });
});
