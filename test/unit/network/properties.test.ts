import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { statusOf } from '../../../electron/domain/network/indicators';
import { rankTotals, ruleFactor } from '../../../electron/domain/network/assessmentRules';

const ORDER = { 未达标: 0, 接近: 1, 达标: 2 } as const;

describe('status and scoring invariants', () => {
  it('never gives a better value a worse status, in either direction', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (a, b, t, higher) => {
          const ind = {
            unit: 'rate' as const,
            direction: higher ? ('higher' as const) : ('lower' as const),
            margin: null,
            marginKind: null,
          };
          const [better, worse] = higher ? (a >= b ? [a, b] : [b, a]) : a <= b ? [a, b] : [b, a];
          const sb = statusOf(better, t, ind) as keyof typeof ORDER;
          const sw = statusOf(worse, t, ind) as keyof typeof ORDER;
          expect(ORDER[sb]).toBeGreaterThanOrEqual(ORDER[sw]);
        },
      ),
    );
  });

  it('keeps every rule’s factor between 0 and 1 and never lowers it for a higher value', () => {
    const rule = fc.oneof(
      fc.record({ type: fc.constant('linear' as const), target: fc.double({ min: 0.01, max: 100, noNaN: true }) }),
      fc.record({ type: fc.constant('passfail' as const), threshold: fc.double({ min: 0, max: 100, noNaN: true }) }),
      fc.record({
        type: fc.constant('stepped' as const),
        steps: fc
          .uniqueArray(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 5 })
          .map((ts) => {
            const sorted = [...ts].sort((x, y) => x - y);
            return sorted.map((atLeast, i) => ({ atLeast, factor: (i + 1) / sorted.length }));
          }),
      }),
    );
    fc.assert(
      fc.property(
        rule,
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (r, x, y) => {
          const lo = Math.min(x, y);
          const hi = Math.max(x, y);
          const f = ruleFactor(r, lo);
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThanOrEqual(1);
          expect(ruleFactor(r, hi)).toBeGreaterThanOrEqual(f);
        },
      ),
    );
  });

  it('ranks so that a higher total never has a larger rank number, and the best is 1', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 30 }), (totals) => {
        const ranks = rankTotals(totals);
        expect(Math.min(...ranks)).toBe(1);
        totals.forEach((t, i) =>
          totals.forEach((u, j) => {
            if (t > u) expect(ranks[i]).toBeLessThan(ranks[j]);
            if (t === u) expect(ranks[i]).toBe(ranks[j]);
          }),
        );
      }),
    );
  });
});
