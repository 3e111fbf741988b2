import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shownShares } from '../../../renderer/pages/masterdata/shares';

const shares = (counts: number[], base = counts.reduce((a, b) => a + b, 0)) =>
  counts.map((c, i) => ({ key: String(i), count: c, share: base > 0 ? c / base : null }));

describe('shares as shown in the structure tables', () => {
  it('adds thirds up to 100.00%: the first category takes the spare 0.01%', () => {
    expect(shownShares(shares([1, 1, 1]))).toEqual([0.3334, 0.3333, 0.3333]);
    expect(shownShares(shares([2, 1]))).toEqual([0.6667, 0.3333]);
  });

  it('always adds up to exactly 100.00% when the categories split the whole, and moves no share by 0.01% or more', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5000), { minLength: 1, maxLength: 30 }).filter((a) => a.some((x) => x > 0)),
        (counts) => {
          const shown = shownShares(shares(counts));
          const total = counts.reduce((a, b) => a + b, 0);
          expect(shown.reduce<number>((t, x) => t + Math.round(x! * 10000), 0)).toBe(10000);
          shown.forEach((x, i) => expect(Math.abs(x! - counts[i] / total)).toBeLessThan(0.0001));
        },
      ),
    );
  });

  it('rounds each share on its own when the list does not split the whole (注销 beside licensed)', () => {
    // 3 licensed: 正常 2, 暂停 1, 注销 1 (not licensed) → 66.67%, 33.33%, 33.33%.
    expect(shownShares(shares([2, 1, 1], 3))).toEqual([0.6667, 0.3333, 0.3333]);
    expect(shownShares([{ key: 'a', count: 0, share: null }])).toEqual([null]);
  });
});
