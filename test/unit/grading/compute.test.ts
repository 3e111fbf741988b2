import { describe, expect, it } from 'vitest';
import { computeGrades, compareRatio } from '../../../electron/domain/grading/compute';
import { effectiveDay, parseAsOf, reviewWindow } from '../../../electron/domain/grading/store';

const r = (code: string, qty: number, amount: number, current: number | null) => ({
  retailerId: code.charCodeAt(0),
  code,
  qty,
  amount,
  current,
});

describe('客户分档 computation', () => {
  it('grades a hand-worked county with tied ranks and clamps a move to ±3', () => {
    // 订购量 A10 B10 C20 D5 → ranks D1 A2.5 B2.5 C4; 金额 A1000 B2000 C2000 D3000 → A1 B2.5 C2.5 D4;
    // 条均价 A100 B200 C100 D600 → A1.5 C1.5 B3 D4. n = 4.
    // score A (0.5·2.5+0.3·1+0.2·1.5)/4 = 0.4625, B (1.25+0.75+0.6)/4 = 0.65,
    //       C (2+0.75+0.3)/4 = 0.7625, D (0.5+1.2+0.8)/4 = 0.625 → order A D B C → ⌈7.5⌉=8, 15, ⌈22.5⌉=23, 30.
    const rows = computeGrades([
      r('C', 20, 2000, 25),
      r('A', 10, 1000, 8),
      r('D', 5, 3000, 20),
      r('B', 10, 2000, null),
    ]);
    expect(rows.map((x) => x.code)).toEqual(['A', 'D', 'B', 'C']);
    expect(rows.map((x) => x.score)).toEqual([0.4625, 0.625, 0.65, 0.7625]);
    expect(rows.map((x) => x.computed)).toEqual([8, 15, 23, 30]);
    // A stays 8; D 20→15 is clamped to 17; B has no grade and takes 23; C 25→30 is clamped to 28.
    expect(rows.map((x) => x.proposed)).toEqual([8, 17, 23, 28]);
  });

  it('breaks a score tie by 客户编码', () => {
    const rows = computeGrades([r('R2', 7, 700, 1), r('R1', 7, 700, 30)]);
    expect(rows.map((x) => [x.code, x.score, x.computed, x.proposed])).toEqual([
      ['R1', 0.75, 15, 27],
      ['R2', 0.75, 30, 4],
    ]);
  });

  it('compares 条均价 exactly, also beyond 2^53', () => {
    expect(compareRatio(1, 3, 2, 6)).toBe(0);
    expect(compareRatio(2, 3, 1, 2)).toBeGreaterThan(0);
    const big = 2 ** 40;
    expect(compareRatio(big + 1, big, big, big - 1)).toBeLessThan(0);
  });

  it('takes the 6 months ending with the review month and dates grades the next month', () => {
    expect(reviewWindow(parseAsOf('2026-03'))).toEqual({ from: 20251001, to: 20260331 });
    expect(reviewWindow(parseAsOf('2024-08'))).toEqual({ from: 20240301, to: 20240831 });
    expect(effectiveDay(parseAsOf('2026-12'))).toBe(20270101);
    expect(() => parseAsOf('2026-13')).toThrow(/YYYY-MM/);
  });
});
