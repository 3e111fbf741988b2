/**
 * The monotone limits use the most of the quantity any table can (limits.ts, limitsSearch.ts).
 * Hand-worked cases first, then a brute force over every monotone table of small random cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { segmentLimits } from '../../../electron/domain/supply';
import { closestTable, maxQuantity } from '../../../electron/domain/supply/limitsSearch';
import { clearLimitsMemo, limitsMemoHits } from '../../../electron/domain/supply/limits';
import { seededRandom } from '../../../electron/domain/masterdata';

const LINEAR = Array.from({ length: 30 }, (_, i) => i + 1);

/** retailers per grade from {grade: count} */
const counts = (m: Record<number, number>) => {
  const out = new Array<number>(30).fill(0);
  for (const [g, n] of Object.entries(m)) out[Number(g) - 1] = n;
  return out;
};

const table = (r: ReturnType<typeof segmentLimits>, k = 0) =>
  r.segments[k].rows.map((x) => [`D${x.grade}`, x.perRetailerTiao]);

describe('hand-worked limits', () => {
  it('2/2/3 retailers and 50 条: the top-down fill stops at 49, the best table uses all 50', () => {
    // D3 2, D2 2, D1 3, weights 3:2:1. Top-down fill: just below λ = 4, ⌊3λ⌋, ⌊2λ⌋, ⌊λ⌋ = 11, 7, 3
    // → 22 + 14 + 9 = 45; rest 5: D3 12 (rest 3), D2 8 (rest 1), D1 needs 3 → 49.
    // 50 = 2a + 2b + 3c needs c even. With t = 50/13 × (3, 2, 1) = (11.54, 7.69, 3.85):
    //   (11, 8, 4): 2·0.54² + 2·0.31² + 3·0.15² = 0.84;  (12, 7, 4): 2·0.46² + 2·0.69² + 3·0.15² = 1.46;
    //   (10, 9, 4), (12, 10, 2), (13, 6, 4), (8, 8, 6) … are further away.
    const r = segmentLimits({
      quantityTiao: 50,
      segments: [{ retailers: counts({ 3: 2, 2: 2, 1: 3 }), weights: LINEAR }],
    });
    expect(table(r)).toEqual([
      ['D3', 11],
      ['D2', 8],
      ['D1', 4],
    ]);
    expect([r.allocatedTiao, r.remainderTiao]).toEqual([50, 0]);
  });

  it('uses the quantity exactly when the shape allows: 2/2/3 and 52 条 → 12, 8, 4', () => {
    // λ = 4: 2·12 + 2·8 + 3·4 = 52.
    const r = segmentLimits({
      quantityTiao: 52,
      segments: [{ retailers: counts({ 3: 2, 2: 2, 1: 3 }), weights: LINEAR }],
    });
    expect(table(r)).toEqual([
      ['D3', 12],
      ['D2', 8],
      ['D1', 4],
    ]);
    expect(r.remainderTiao).toBe(0);
  });

  it('cannot use it all: 5 retailers of D2 and 3 of D1, 27 条 → 26, 剩余 1', () => {
    // A table is a sum of steps: raise D2 (5 条) or raise both (8 条). 27 − 8b ∈ {27, 19, 11, 3}:
    // none a multiple of 5, so 27 is out of reach; 26 = 5·2 + 8·2 → D2 4, D1 2.
    const r = segmentLimits({ quantityTiao: 27, segments: [{ retailers: counts({ 2: 5, 1: 3 }), weights: LINEAR }] });
    expect(table(r)).toEqual([
      ['D2', 4],
      ['D1', 2],
    ]);
    expect([r.allocatedTiao, r.remainderTiao]).toEqual([26, 1]);
    expect(maxQuantity([[5, 3]], null, 27)).toBe(26);
  });

  it('with a cap: 2/2/3, 50 条, at most 10 per retailer → 10, 9, 4', () => {
    // ⌊λw⌋ capped at 10: just below λ = 5: 10, 9, 4 → 20 + 18 + 12 = 50.
    const r = segmentLimits({
      quantityTiao: 50,
      capTiao: 10,
      segments: [{ retailers: counts({ 3: 2, 2: 2, 1: 3 }), weights: LINEAR }],
    });
    expect(table(r)).toEqual([
      ['D3', 10],
      ['D2', 9],
      ['D1', 4],
    ]);
    // cap 4: everyone at 4 is 28 条, all there is
    const c = segmentLimits({
      quantityTiao: 50,
      capTiao: 4,
      segments: [{ retailers: counts({ 3: 2, 2: 2, 1: 3 }), weights: LINEAR }],
    });
    expect([c.allocatedTiao, c.remainderTiao]).toEqual([28, 22]);
  });

  it('the most any table uses, when every count is large: 1000 and 1001 retailers', () => {
    // steps 1000 (top) and 2001 (both): 1,000,001 = 1000·998 + 2001·1 → D2 999, D1 1.
    expect(maxQuantity([[1000, 1001]], null, 1_000_001)).toBe(1_000_001);
    // 1000a + 2001b ≤ 999,999: with b = k ≤ 499, a = ⌊(999,999 − 2001k)/1000⌋ = 999 − 2k, so the
    // total is 999,000 + k; b = 499 (998,499) and a = 1 give 999,499.
    expect(maxQuantity([[1000, 1001]], null, 999_999)).toBe(999_499);
  });
});

/** Every monotone table (top level first, non-increasing) of one segment, values 0…top. */
function tablesOf(n: number[], top: number): number[][] {
  const out: number[][] = [];
  const walk = (j: number, above: number, acc: number[]) => {
    if (j === n.length) {
      out.push(acc);
      return;
    }
    for (let v = 0; v <= above; v++) walk(j + 1, v, [...acc, v]);
  };
  walk(0, top, []);
  return out;
}

/** λ with Σ n·min(cap, λw) = quantity, by bisection (a second, plain computation). */
function targets(levels: { n: number; w: number }[], cap: number | null, quantity: number): number[] {
  const f = (l: number) => levels.reduce((a, x) => a + x.n * Math.min(cap ?? Infinity, l * x.w), 0);
  let lo = 0;
  let hi = 1e6;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < quantity) lo = mid;
    else hi = mid;
  }
  return levels.map((x) => Math.min(cap ?? Infinity, hi * x.w));
}

describe('limits against every monotone table (brute force)', () => {
  it('uses the most any table can, and the search finds the table least distant from the shape', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            grades: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 3 }),
            ns: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
            steps: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 30, maxLength: 30 }),
          }),
          { minLength: 1, maxLength: 2 },
        ),
        fc.integer({ min: 0, max: 45 }),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
        (segs, q, cap) => {
          const input = segs.map((s) => {
            let acc = 1;
            const weights = s.steps.map((x) => (acc += x));
            const retailers = new Array<number>(30).fill(0);
            s.grades.forEach((g, k) => (retailers[g - 1] = s.ns[k]));
            return { retailers, weights };
          });
          // levels of each segment, top first
          const levels = input.map((s) =>
            s.retailers
              .map((n, i) => ({ n, w: Math.round(s.weights[i] * 100), i }))
              .filter((x) => x.n > 0)
              .reverse(),
          );
          const top = Math.min(cap ?? q, q);
          // per segment: quantity → tables
          const bySum = levels.map((ls) => {
            const m = new Map<number, number[][]>();
            for (const tb of tablesOf(
              ls.map((l) => l.n),
              top,
            )) {
              const a = tb.reduce((x, v, j) => x + v * ls[j].n, 0);
              if (a > q) continue;
              if (!m.has(a)) m.set(a, []);
              m.get(a)!.push(tb);
            }
            return m;
          });
          // the most, over every combination of the segments' tables
          let most = 0;
          const pairs: number[][] = bySum.length === 1 ? [...bySum[0].keys()].map((a) => [a]) : [];
          if (bySum.length === 2)
            for (const a of bySum[0].keys()) for (const b of bySum[1].keys()) if (a + b <= q) pairs.push([a, b]);
          for (const p of pairs) most = Math.max(most, p[0] + (p[1] ?? 0));

          const r = segmentLimits({ quantityTiao: q, segments: input, capTiao: cap });
          expect(r.allocatedTiao).toBe(most);
          expect(r.remainderTiao).toBe(q - most);
          expect(
            maxQuantity(
              levels.map((ls) => ls.map((l) => l.n)),
              cap,
              q,
            ),
          ).toBe(most);
          // monotone and capped
          r.segments.forEach((s, k) => {
            const lim = levels[k].map((l) => s.limits[l.i]);
            for (let j = 1; j < lim.length; j++) expect(lim[j]).toBeLessThanOrEqual(lim[j - 1]);
            if (cap !== null) for (const v of lim) expect(v).toBeLessThanOrEqual(cap);
          });

          // the least Σ n(q − t)² among the tables that use `most`
          const flat = levels.flatMap((ls, k) => ls.map((l) => ({ ...l, seg: k })));
          const t = targets(flat, cap, most);
          let least = Infinity;
          for (const p of pairs) {
            if (p[0] + (p[1] ?? 0) !== most) continue;
            const options = p.map((a, k) => bySum[k].get(a)!);
            const combos =
              options.length === 1 ? options[0] : options[0].flatMap((x) => options[1].map((y) => [...x, ...y]));
            for (const c of combos)
              least = Math.min(
                least,
                c.reduce((a, v, j) => a + flat[j].n * (v - t[j]) ** 2, 0),
              );
          }
          // when the top-down fill fell short, the limits are the least distant table that uses the most
          if (r.topDownTiao < r.allocatedTiao) {
            const got = flat.map((l) => r.segments[l.seg].limits[l.i]);
            expect(got.reduce((a, v, j) => a + flat[j].n * (v - t[j]) ** 2, 0)).toBeCloseTo(least, 6);
          }
          const found = closestTable(flat, cap, most);
          expect(found).not.toBeNull();
          expect(found!.proven).toBe(true);
          expect(found!.limits.reduce((a, v, j) => a + v * flat[j].n, 0)).toBe(most);
          expect(found!.cost).toBeCloseTo(least, 6);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('kept results of the exact search (memo) against a fresh search', () => {
  type Input = Parameters<typeof segmentLimits>[0];
  const tables = (r: ReturnType<typeof segmentLimits>) => r.segments.map((s) => s.limits);
  const fresh = (input: Input) => {
    clearLimitsMemo();
    return tables(segmentLimits(input));
  };
  const one = (m: Record<number, number>, quantityTiao: number, capTiao: number | null = null): Input => ({
    quantityTiao,
    capTiao,
    segments: [{ retailers: counts(m), weights: LINEAR }],
  });

  it('gives the same tables as a fresh search on edge cases and on look-alike inputs', () => {
    const inputs: Input[] = [
      // every count large: steps 1000 and 2001, the fill falls short
      one({ 2: 1000, 1: 1001 }, 1_000_001),
      one({ 2: 1000, 1: 1001 }, 999_999),
      one({ 30: 1000, 29: 1001, 12: 1000 }, 1_000_001),
      // the same counts on other 档位 (the weights differ), and with a cap
      one({ 20: 1000, 3: 1001 }, 1_000_001),
      one({ 2: 1000, 1: 1001 }, 1_000_001, 600),
      // the quantity is smaller than the smallest step: nothing is placed
      one({ 5: 7, 4: 9 }, 6),
      one({ 5: 7, 4: 9 }, 0),
      // 档位 without retailers between the ones with
      one({ 30: 2, 15: 0, 10: 2, 1: 3 }, 50),
      one({ 3: 2, 2: 2, 1: 3 }, 50),
      one({ 3: 2, 2: 2, 1: 3 }, 50, 10),
      one({ 3: 2, 2: 2, 1: 3 }, 50, 11),
      // two segments whose levels read alike but interleave differently from the top down
      {
        quantityTiao: 97,
        segments: [
          { retailers: counts({ 30: 2, 29: 3 }), weights: LINEAR },
          { retailers: counts({ 28: 5 }), weights: LINEAR },
        ],
      },
      {
        quantityTiao: 97,
        segments: [
          { retailers: counts({ 10: 2, 9: 3 }), weights: LINEAR.map((w) => w + 20) },
          { retailers: counts({ 28: 5 }), weights: LINEAR },
        ],
      },
      // one segment against the same counts split in two
      { quantityTiao: 61, segments: [{ retailers: counts({ 3: 2, 2: 3, 1: 5 }), weights: LINEAR }] },
      {
        quantityTiao: 61,
        segments: [
          { retailers: counts({ 3: 2, 2: 3 }), weights: LINEAR },
          { retailers: counts({ 1: 5 }), weights: LINEAR },
        ],
      },
      // a segment with typed limits next to a computed one
      {
        quantityTiao: 80,
        segments: [
          { retailers: counts({ 3: 2, 2: 2, 1: 3 }), weights: LINEAR },
          { retailers: counts({ 2: 4 }), weights: LINEAR, fixed: counts({ 2: 5 }) },
        ],
      },
    ];
    const expected = inputs.map(fresh);
    clearLimitsMemo();
    // twice in a row: the second round uses only kept results
    const hits = [limitsMemoHits()];
    for (let round = 0; round < 2; round++) {
      inputs.forEach((input, k) => expect(tables(segmentLimits(input)), `case ${k}`).toEqual(expected[k]));
      hits.push(limitsMemoHits());
    }
    // the exact step runs only where the top-down fill leaves a remainder
    const short = inputs.filter((input) => segmentLimits(input).topDownTiao < input.quantityTiao).length;
    expect(short).toBeGreaterThanOrEqual(8);
    expect([hits[1] - hits[0], hits[2] - hits[1]]).toEqual([0, short]);
  });

  it('gives the same tables as a fresh search on random cases sharing their counts', () => {
    const random = seededRandom(20261205);
    const pick = (n: number) => Math.floor(random() * n);
    // a few count tables, many quantities and caps over them (as in one save of many specs)
    const bases = Array.from({ length: 6 }, () => {
      const big = random() < 0.3;
      return [0, 1].map(() =>
        Array.from({ length: 30 }, () => (random() < 0.3 ? 0 : big ? 900 + pick(200) : 1 + pick(12))),
      );
    });
    const inputs: Input[] = [];
    for (let k = 0; k < 120; k++) {
      const base = bases[pick(bases.length)];
      const total = base.flat().reduce((a, n) => a + n, 0);
      inputs.push({
        quantityTiao: pick(total * 3 + 1),
        capTiao: random() < 0.3 ? 1 + pick(4) : null,
        segments: (random() < 0.5 ? base : [base[0]]).map((retailers) => ({ retailers, weights: LINEAR })),
      });
    }
    // repeats of earlier inputs, as when a week is saved again
    for (let k = 0; k < 40; k++) inputs.push(inputs[pick(inputs.length)]);
    const expected = inputs.map(fresh);
    clearLimitsMemo();
    const before = limitsMemoHits();
    inputs.forEach((input, k) => expect(tables(segmentLimits(input)), `case ${k}`).toEqual(expected[k]));
    expect(limitsMemoHits() - before).toBeGreaterThanOrEqual(1);
  });
});
