import { describe, expect, it } from 'vitest';
import {
  alignedLastYear,
  backtest,
  forecastSeries,
  trendFactor,
  type Series,
} from '../../../electron/domain/reports/forecast';

/** 2024: 100 a month, 300 in February (春节 2024-02-10); 2025: 110 a month, 330 in January (春节 2025-01-29). */
function festivalSeries(): Series {
  const s: Series = new Map();
  for (let m = 1; m <= 12; m++) {
    s.set(202400 + m, m === 2 ? 300 : 100);
    s.set(202500 + m, m === 1 ? 330 : 110);
  }
  return s;
}

describe('需求预测', () => {
  it('aligns January and February when the Spring Festival changes month', () => {
    expect(alignedLastYear(202601)).toBe(202502); // 2026 春节 in February, 2025 in January
    expect(alignedLastYear(202602)).toBe(202501);
    expect(alignedLastYear(202701)).toBe(202601); // 2027-02-06 and 2026-02-17: both February
    expect(alignedLastYear(202801)).toBe(202702); // 2028-01-26
    expect(alignedLastYear(202603)).toBe(202503);
  });

  it('forecasts from the aligned month last year times the 12-month trend', () => {
    const s = festivalSeries();
    // Σ2025 = 11 × 110 + 330 = 1540; Σ2024 = 11 × 100 + 300 = 1400 → 1.1
    expect(trendFactor(s, 202512, 202401)).toBeCloseTo(1.1, 12);
    const f = forecastSeries('全部卷烟', '全部卷烟', s, 202401, 202512, 3);
    expect(f.forecast).toEqual([
      { month: '2026-01', volumeTiao: 121, naiveTiao: 330 },
      { month: '2026-02', volumeTiao: 363, naiveTiao: 110 },
      { month: '2026-03', volumeTiao: 121, naiveTiao: 110 },
    ]);
  });

  it('backtests one month ahead and beats the same-month yardstick when the festival moves', () => {
    const s = festivalSeries();
    const bt = backtest(s, 202512, 202401);
    expect(bt).toHaveLength(12);
    // trend needs two years before the origin, so every backtest month uses the aligned month alone
    expect(bt[0]).toEqual({ month: '2025-01', actual: 330, forecast: 300, naive: 100 });
    expect(bt[1]).toEqual({ month: '2025-02', actual: 110, forecast: 100, naive: 300 });
    const f = forecastSeries('x', 'x', s, 202401, 202512, 1);
    expect(f.mape).toBeCloseTo(1 / 11, 12);
    expect(f.naiveMape).toBeCloseTo((10 / 11 + 230 / 330 + 190 / 110) / 12, 12);
    expect(f.beatsNaive).toBe(true);
    expect(f.verdict).toMatch(/优于同月去年法/);
  });

  it('says so when the method does not beat the yardstick', () => {
    const s: Series = new Map();
    for (let y = 2023; y <= 2025; y++) for (let m = 1; m <= 12; m++) s.set(y * 100 + m, 100); // no season, no festival, no trend: both exact
    const f = forecastSeries('x', 'x', s, 202301, 202512, 2);
    expect(f.mape).toBe(0);
    expect(f.naiveMape).toBe(0);
    expect(f.beatsNaive).toBe(false);
    expect(f.verdict).toMatch(/未能优于/);
  });

  it('declines to judge with less than a year of history', () => {
    const s: Series = new Map([
      [202501, 10],
      [202502, 12],
    ]);
    const f = forecastSeries('x', 'x', s, 202501, 202502, 1);
    expect(f.beatsNaive).toBeNull();
    expect(f.verdict).toMatch(/不足/);
    expect(f.forecast).toEqual([{ month: '2025-03', volumeTiao: 0, naiveTiao: 0 }]);
  });
});
