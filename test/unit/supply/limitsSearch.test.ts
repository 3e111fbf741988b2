/**
 * The exact search (limitsSearch.ts) against the search it replaced (limitsSearchReference.ts,
 * kept as it was): the same tables, costs and proofs on seeded random inputs — through the whole
 * rule (segmentLimits, which runs the search only where the top-down fill leaves a remainder) and
 * on the search alone with small budgets, so that every way out of it is compared. Then the kept
 * results: bounded by their estimated bytes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { segmentLimits, type SegmentInput } from '../../../electron/domain/supply';
import { closestTable, maxQuantity, type Level } from '../../../electron/domain/supply/limitsSearch';
import {
  MEMO_BYTES,
  clearLimitsMemo,
  limitsMemoHits,
  limitsMemoSize,
  setExactSearch,
} from '../../../electron/domain/supply/limits';
import { seededRandom } from '../../../electron/domain/masterdata';
import { referenceClosestTable } from './limitsSearchReference';

/** Seeded random numbers (the demo data's generator), so a failing case can be replayed. */
function seeded(seed: number) {
  const next = seededRandom(seed);
  return { next, pick: (n: number) => Math.floor(next() * n) };
}

type Input = Parameters<typeof segmentLimits>[0];

/** A random plan of one spec: 1–3 segments, counts small to large, weights, a cap, typed limits. */
function randomInput(r: ReturnType<typeof seeded>): Input {
  const size = r.next();
  // most cases small or medium (quick), a few with counts in the hundreds (as in a county)
  const [least, top] = size < 0.5 ? [2, 8] : size < 0.95 ? [10, 50] : [300, 600];
  const segs: SegmentInput[] = [];
  const nSegs = 1 + r.pick(3);
  let total = 0;
  for (let s = 0; s < nSegs; s++) {
    const density = 0.15 + r.next() * 0.85;
    const retailers: number[] = Array.from({ length: 30 }, () => (r.next() < density ? least + r.pick(top) : 0));
    if (!retailers.some((n) => n > 0)) retailers[r.pick(30)] = least + r.pick(top);
    let w = r.pick(3);
    const linear = r.next() < 0.5;
    const weights = retailers.map((_, i) => (linear ? i + 1 : (w += r.pick(4) * 0.5)));
    if (weights[29] === 0) weights[29] = 1;
    segs.push({ retailers, weights, label: `范围${s + 1}` });
    total += retailers.reduce((a, n) => a + n, 0);
  }
  const capTiao = r.next() < 0.3 ? 1 + r.pick(6) : null;
  let quantityTiao = r.pick(total * (1 + r.pick(8)) + 1);
  // now and then one segment's limits typed (monotone, within the cap), the rest shared
  if (nSegs > 1 && r.next() < 0.15) {
    const s = segs[0];
    let v = 0;
    const fixed = s.retailers.map(() => (v = Math.min(capTiao ?? Infinity, v + r.pick(2))));
    s.fixed = fixed;
    quantityTiao += fixed.reduce((a, q, i) => a + q * s.retailers[i], 0);
  }
  return { quantityTiao, capTiao, segments: segs };
}

afterEach(() => setExactSearch(null));

describe('the exact search gives the tables of the search it replaced', () => {
  it('on 2,000 random plans that reach the search, through segmentLimits', () => {
    // random plans, keeping those where the top-down fill leaves a remainder that the search
    // may place (the others never reach it)
    const r = seeded(20261205);
    let searched = 0;
    setExactSearch((...args) => {
      searched++;
      return closestTable(...args);
    });
    const inputs: Input[] = [];
    const got: ReturnType<typeof segmentLimits>[] = [];
    while (inputs.length < 2000) {
      const input = randomInput(r);
      const before = searched;
      const out = segmentLimits(input);
      if (searched === before) continue;
      inputs.push(input);
      got.push(out);
    }
    setExactSearch(referenceClosestTable); // also forgets the kept results
    inputs.forEach((input, k) => expect(got[k], `case ${k}`).toEqual(segmentLimits(input)));
    // the search changed the table (placed more than the top-down fill) in most of them
    expect(got.filter((x) => x.allocatedTiao > x.topDownTiao).length).toBeGreaterThanOrEqual(1000);
  });

  it('on the search alone, with budgets small enough to stop it at every stage', () => {
    const r = seeded(7);
    let proven = 0;
    let unproven = 0;
    let none = 0;
    for (let k = 0; k < 600; k++) {
      const nSegs = 1 + r.pick(2);
      const levels: Level[] = [];
      const counts: number[][] = [];
      const top = r.next() < 0.7 ? 12 : 400;
      for (let s = 0; s < nSegs; s++) {
        const m = 1 + r.pick(12);
        const ns = Array.from({ length: m }, () => 1 + r.pick(top));
        let w = 30 * 100;
        ns.forEach((n) => levels.push({ n, w: (w -= 100 * r.pick(3)), seg: s }));
        counts.push(ns);
      }
      const cap = r.next() < 0.3 ? 1 + r.pick(8) : null;
      const room = r.pick(levels.reduce((a, l) => a + l.n, 0) * (2 + r.pick(6)));
      const quantity = maxQuantity(counts, cap, room);
      // a monotone table near the shape, as the top-down fill gives
      const near =
        r.next() < 0.6 ? levels.map((l) => Math.floor((quantity / 3000 / levels.length) * l.w * 0.01)) : undefined;
      if (near)
        for (let j = 1; j < near.length; j++)
          if (levels[j].seg === levels[j - 1].seg) near[j] = Math.min(near[j], near[j - 1]);
      const budget = [200, 2000, 20_000, 3_000_000][r.pick(4)];
      const proof = [50, 500, 150_000][r.pick(3)];
      const want = referenceClosestTable(levels, cap, quantity, budget, proof, near);
      const got = closestTable(levels, cap, quantity, budget, proof, near);
      expect(got, `case ${k}`).toEqual(want);
      if (!want) none++;
      else if (want.proven) proven++;
      else unproven++;
    }
    // every outcome occurs: no table within the budget, a table kept unproven, proven ones
    expect(none).toBeGreaterThan(10);
    expect(unproven).toBeGreaterThan(10);
    expect(proven).toBeGreaterThan(10);
  });
});

describe('kept results of the exact step', () => {
  it('stay within MEMO_BYTES, the oldest dropped first', () => {
    clearLimitsMemo();
    // 30 levels of 5–9 retailers: a key of about 330 characters; the top-down fill leaves a
    // remainder (less than every level's retailers) for most quantities
    const r = seeded(11);
    const retailers = Array.from({ length: 30 }, () => 5 + r.pick(5));
    const total = retailers.reduce((a, n) => a + n, 0);
    const input = (q: number): Input => ({
      quantityTiao: q,
      segments: [{ retailers, weights: Array.from({ length: 30 }, (_, i) => i + 1) }],
    });
    const searchedAt: number[] = [];
    let calls = 0;
    // the kept results are what is under test here, not the search: one that finds nothing
    // (kept like any other result) keeps each input quick
    setExactSearch(() => {
      calls++;
      return null;
    });
    // new quantities until 50 kept results have been dropped
    for (let q = total; searchedAt.length < 20000 && searchedAt.length - limitsMemoSize().entries < 50; q++) {
      const before = calls;
      segmentLimits(input(q));
      if (calls > before) searchedAt.push(q);
    }
    const sizes = limitsMemoSize();
    expect(searchedAt.length - sizes.entries).toBe(50);
    // within the bound, and less than one entry (about 800 bytes here) below it
    expect(sizes.bytes).toBeLessThanOrEqual(MEMO_BYTES);
    expect(sizes.bytes).toBeGreaterThan(MEMO_BYTES - 2000);
    // the latest input is kept, the first one was dropped and is searched again
    const hits = limitsMemoHits();
    segmentLimits(input(searchedAt[searchedAt.length - 1]));
    expect(limitsMemoHits()).toBe(hits + 1);
    const searches = calls;
    segmentLimits(input(searchedAt[0]));
    expect([limitsMemoHits(), calls]).toEqual([hits + 1, searches + 1]);
  });
});
