/**
 * The exact search of limitsSearch.ts as it was before its dynamic programme was bounded: the
 * reference the bounded search must match table for table (limitsSearch.test.ts). Kept as it was
 * written; only closestTable is renamed referenceClosestTable.
 */
import { shapeCost, shapeTargets, type ClosestTable, type Level } from '../../../electron/domain/supply/limitsSearch';

/** Most DP states (level × limit × quantity) a search for a table using the quantity may hold. */
const STATE_BUDGET = 3_000_000;
/** … and a search that only has to prove the table found least (it is kept unproven beyond). */
const PROOF_BUDGET = 150_000;

/**
 * The monotone table (per segment, limits ≤ cap) that uses exactly `quantity` and is least
 * distant from the shape (see the file comment); null when none was found within the budget.
 */
export function referenceClosestTable(
  levels: readonly Level[],
  cap: number | null,
  quantity: number,
  budget = STATE_BUDGET,
  proofBudget = PROOF_BUDGET,
  near?: readonly number[],
): ClosestTable | null {
  if (!levels.length) return quantity === 0 ? { limits: [], cost: 0, proven: true } : null;
  const shape = shapeTargets(levels, cap, quantity);
  // On tables of one quantity A, Σ n(q − t)² and Σ n(q − t − s)² differ by the constant
  // 2sA − Σ n(2st + s²): the same table is least for any shift s. The shift that makes the
  // nearest integers add up to about A leaves the least excess, hence the narrowest windows.
  const top = cap ?? Infinity;
  const nearest = (x: number) => Math.min(top, Math.max(0, Math.round(x)));
  const rounded = (s: number) => levels.reduce((a, l, j) => a + l.n * nearest(shape[j] + s), 0);
  let sLo = -1;
  let sHi = 1;
  while (rounded(sLo) > quantity && sLo > -1e9) sLo *= 2;
  while (rounded(sHi) < quantity && sHi < 1e9) sHi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (sLo + sHi) / 2;
    if (rounded(mid) < quantity) sLo = mid;
    else sHi = mid;
  }
  const t = shape.map((x) => x + sHi);
  const least = t.map((x) => (nearest(x) - x) ** 2);
  const floorCost = levels.reduce((a, l, j) => a + l.n * least[j], 0);
  let bound = 1;
  let best: ClosestTable | null = null;
  if (near) {
    // Quick first: limits within 1 of the given table (the top-down fill), quantity near its path.
    const lo = near.map((v) => Math.max(0, v - 1));
    const hi = near.map((v) => (cap === null ? v + 1 : Math.min(cap, v + 1)));
    const found = searchWindows(levels, t, lo, hi, quantity, budget, near);
    if (found && found !== 'too-big') {
      const result = { limits: found.limits, cost: shapeCost(levels, cap, found.limits) };
      best = { ...result, proven: false };
      if (found.cost <= floorCost + 1e-9) return { ...result, proven: true };
      bound = Math.max(bound, found.cost - floorCost);
    }
  }
  for (let round = 0; round < 40; round++) {
    const lo = levels.map((l, j) => Math.max(0, Math.ceil(t[j] - Math.sqrt(least[j] + bound / l.n) - 1e-9)));
    const hi = levels.map((l, j) => {
      const v = Math.floor(t[j] + Math.sqrt(least[j] + bound / l.n) + 1e-9);
      return cap === null ? v : Math.min(cap, v);
    });
    const found = searchWindows(levels, t, lo, hi, quantity, best ? Math.min(budget, proofBudget) : budget);
    const whole = cap !== null && lo.every((x, j) => x === 0 && hi[j] === cap);
    if (found === 'too-big') return best;
    if (found) {
      const result = { limits: found.limits, cost: shapeCost(levels, cap, found.limits) };
      if (whole || found.cost <= floorCost + bound + 1e-9) return { ...result, proven: true };
      best = { ...result, proven: false };
      // every table cheaper than this one lies within the windows of B = its excess
      bound = found.cost - floorCost;
    } else if (whole)
      return null; // every table was searched: none uses the quantity
    else bound *= 4;
  }
  return best;
}

/**
 * The least Σ n·(q − t)² over monotone tables with lo ≤ q ≤ hi per level that use exactly
 * `quantity`: DP over the levels on the quantity used so far (relative to Σ n·lo).
 */
function searchWindows(
  levels: readonly Level[],
  t: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
  quantity: number,
  budget: number,
  near?: readonly number[],
): { limits: number[]; cost: number } | null | 'too-big' {
  const L = levels.length;
  if (lo.some((x, j) => x > hi[j])) return null;
  // quantity used above Σ n·lo: after level j it lies in [after[j].a, after[j].b]
  const target = quantity - levels.reduce((a, l, j) => a + l.n * lo[j], 0);
  if (target < 0) return null;
  const span = levels.map((l, j) => l.n * (hi[j] - lo[j]));
  const restMax = new Array<number>(L + 1).fill(0);
  for (let j = L - 1; j >= 0; j--) restMax[j] = restMax[j + 1] + span[j];
  if (restMax[0] < target) return null;
  const from: number[] = [];
  const to: number[] = [];
  let done = 0;
  let states = 0;
  // with `near`, only paths whose quantity stays within one level's retailers (plus what is
  // missing) of that table's are followed: a quick search for a table close to it
  const band = near ? Math.max(...levels.map((l) => l.n)) : 0;
  const missing = near ? Math.max(0, target - nearDoneTotal(levels, near, lo)) : 0;
  let nearDone = 0;
  for (let j = 0; j < L; j++) {
    done += span[j];
    from.push(Math.max(0, target - restMax[j + 1]));
    to.push(Math.min(done, target));
    if (near) {
      nearDone += levels[j].n * (near[j] - lo[j]);
      from[j] = Math.max(from[j], nearDone - band);
      to[j] = Math.min(to[j], nearDone + band + missing);
    }
    if (from[j] > to[j]) return null;
    states += (hi[j] - lo[j] + 1) * (to[j] - from[j] + 1);
    if (states > budget || hi[j] - lo[j] >= 0x7fff) return 'too-big';
  }
  // cost[v][p]: least cost of levels 0…j with level j at lo + v and quantity p + from[j]; two
  // buffers taken in turn (the last level's is `prev` after the loop), the choices of every
  // level in one array (level j's from back[j])
  let widest = 0;
  for (let j = 0; j < L; j++) widest = Math.max(widest, (hi[j] - lo[j] + 1) * (to[j] - from[j] + 1));
  const bufs = [new Float64Array(widest), new Float64Array(widest)];
  const args = new Int16Array(states).fill(-1);
  const run = new Float64Array(widest);
  const runArg = new Int16Array(widest);
  let prev = bufs[1];
  let prevWidth = 0;
  const back: Int16Array[] = [];
  let offset = 0;
  for (let j = 0; j < L; j++) {
    const V = hi[j] - lo[j] + 1;
    const W = to[j] - from[j] + 1;
    const cur = bufs[j % 2].fill(Infinity, 0, V * W);
    const arg = args.subarray(offset, offset + V * W);
    offset += V * W;
    const n = levels[j].n;
    const sameSeg = j > 0 && levels[j - 1].seg === levels[j].seg;
    // run[p]: least cost over the previous level's limits ≥ this level's limit (any limit when a
    // new segment starts), built up while this level's limits are taken from the top down
    if (j > 0) {
      run.fill(Infinity, 0, prevWidth);
      runArg.fill(-1, 0, prevWidth);
    }
    const PV = j > 0 ? hi[j - 1] - lo[j - 1] + 1 : 0;
    let taken = PV; // previous limits lo[j-1] + taken … are in run
    for (let v = V - 1; v >= 0; v--) {
      const limit = lo[j] + v;
      const add = n * v;
      const c = n * (limit - t[j]) ** 2;
      const row = v * W;
      if (j === 0) {
        const p = add - from[0];
        if (p >= 0 && p < W) {
          cur[row + p] = c;
          arg[row + p] = 0;
        }
        continue;
      }
      const uFrom = sameSeg ? Math.max(0, limit - lo[j - 1]) : 0;
      while (taken > uFrom) {
        taken--;
        const prow = taken * prevWidth;
        for (let p = 0; p < prevWidth; p++) {
          const x = prev[prow + p];
          if (x < run[p]) {
            run[p] = x;
            runArg[p] = taken;
          }
        }
      }
      // p_prev + from[j-1] + add = p + from[j]
      const shift = from[j - 1] + add - from[j];
      const pFrom = Math.max(0, -shift);
      const pTo = Math.min(prevWidth - 1, W - 1 - shift);
      const at = row + shift;
      for (let pp = pFrom; pp <= pTo; pp++) {
        const x = run[pp];
        if (x === Infinity) continue;
        cur[at + pp] = x + c;
        arg[at + pp] = runArg[pp];
      }
    }
    back.push(arg);
    prev = cur;
    prevWidth = W;
  }
  // the quantity must be exactly target: p = target − from[L-1]
  const pEnd = target - from[L - 1];
  const VL = hi[L - 1] - lo[L - 1] + 1;
  let v = -1;
  let cost = Infinity;
  for (let x = VL - 1; x >= 0; x--) {
    const y = prev[x * prevWidth + pEnd];
    if (y < cost) {
      cost = y;
      v = x;
    }
  }
  if (v < 0) return null;
  const limits = new Array<number>(L);
  let p = pEnd;
  for (let j = L - 1; j >= 0; j--) {
    limits[j] = lo[j] + v;
    const W = to[j] - from[j] + 1;
    const u = back[j][v * W + p];
    if (j > 0) p = p + from[j] - levels[j].n * v - from[j - 1];
    v = u;
  }
  return { limits, cost };
}

/** Σ n·(near − lo): the quantity above Σ n·lo of the table the quick search stays close to. */
function nearDoneTotal(levels: readonly Level[], near: readonly number[], lo: readonly number[]): number {
  return levels.reduce((a, l, j) => a + l.n * (near[j] - lo[j]), 0);
}
