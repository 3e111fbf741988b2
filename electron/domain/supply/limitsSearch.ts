/**
 * The exact part of the monotone-limit rule (limits.ts): the largest quantity any table of
 * whole-条 limits can use, and — when the top-down fill of limits.ts falls short of it — the
 * table that uses it and stays closest to the grade table's shape.
 *
 * A segment's table is monotone (D30 ≥ … ≥ D1) and capped, so it is a sum of "steps": raising
 * the top k graded levels of the segment by one 条 each costs c_k = retailers of those k levels
 * (c_1 = the top level's retailers < c_2 < …), and a table with top limit L uses at most L steps.
 * Reachable quantities are therefore the sums of the coins c_k (at most cap of them per segment
 * when a cap is set): a coin problem.
 *
 * - Without a binding cap: the smallest quantity of every residue modulo the smallest coin m
 *   (Böcker & Lipták's round-robin over the residue cycles, O(m × coins)); a quantity x is
 *   reachable iff x ≥ that smallest one of its residue (add m).
 * - With a binding cap: the fewest coins per quantity 0…room, segment by segment (O(room × coins)).
 *
 * The closest table: the target of grade g is t = min(cap, λ·w(g)) with the one λ that makes
 * Σ n·t the quantity; among the tables that use exactly the quantity it minimises
 * Σ n·(q − t)² by a dynamic programme over the levels (segment by segment, top level first) on
 * the quantity used so far, each level's limit searched within a window around t. A table with
 * a limit outside its window costs more than Σ n·min(q − t)² + B, where the windows grow with
 * B; the result is proven least when its cost is within that bound, so B is raised until it is.
 * Budgets keep it fast: finding a table that uses the quantity may hold 3 million states (beyond,
 * none is returned and limits.ts keeps its top-down table); proving the one found least may hold
 * 150,000 (beyond, it is kept unproven — its quantity is still the most, its distance from the
 * shape the least within the windows searched).
 *
 * The dynamic programme (tableDP) reuses its buffers from one search to the next and writes only
 * what a table reaches: its operations on reachable states, their order and so its tables are
 * those of the programme it replaced (test/unit/supply/limitsSearchReference.ts, compared in
 * limitsSearch.test.ts). Bounding it — dropping states whose cost so far plus a lower bound of
 * the rest exceeds the best table — was measured and not kept: the bound of the continuous
 * relaxation (limits between whole 条) misses the cost of hitting the quantity exactly with whole
 * 条, which is most of a table's distance here, so even with the best table's cost known in
 * advance half of the states stayed.
 */

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The steps ("coins") of each segment: retailers of its top 1, 2, … graded levels. */
export function stepsOf(countsTopDown: readonly number[]): number[] {
  const out: number[] = [];
  let acc = 0;
  for (const n of countsTopDown) out.push((acc += n));
  return out;
}

/**
 * The largest quantity ≤ room used by monotone tables of the segments (counts of each
 * segment's graded levels, top first; limits ≤ cap when given). Exact.
 */
export function maxQuantity(segments: readonly (readonly number[])[], cap: number | null, room: number): number {
  const segs = segments.filter((s) => s.length > 0).map(stepsOf);
  if (!segs.length || room <= 0) return 0;
  if (cap !== null) {
    const full = segs.reduce((a, s) => a + s[s.length - 1], 0) * cap;
    if (full <= room) return full;
    // The cap binds only if some segment could use more than cap steps within room.
    if (segs.some((s) => Math.floor(room / s[0]) > cap)) return cappedMax(segs, cap, room);
  }
  return residueMax([...new Set(segs.flat())], room);
}

function residueMax(coins: number[], room: number): number {
  const m = Math.min(...coins);
  const least = new Float64Array(m).fill(Infinity);
  least[0] = 0;
  for (const a of coins) {
    if (a === m) continue;
    const step = a % m;
    const g = gcd(a, m);
    const len = m / g;
    for (let p = 0; p < g; p++) {
      // start the cycle p, p + a, p + 2a … (mod m) at its smallest entry, then go round once
      let start = -1;
      let best = Infinity;
      let cur = p;
      for (let i = 0; i < len; i++) {
        if (least[cur] < best) {
          best = least[cur];
          start = cur;
        }
        cur += step;
        if (cur >= m) cur -= m;
      }
      if (start < 0) continue;
      cur = start;
      for (let i = 0; i < len; i++) {
        let next = cur + step;
        if (next >= m) next -= m;
        const v = least[cur] + a;
        if (v < least[next]) least[next] = v;
        cur = next;
      }
    }
  }
  let out = 0;
  for (let r = 0; r < m; r++) {
    if (least[r] > room) continue;
    const x = room - ((room - r) % m);
    if (x >= least[r] && x > out) out = x;
  }
  return out;
}

function cappedMax(segs: number[][], cap: number, room: number): number {
  const BIG = 0x3fffffff;
  const fewest = new Int32Array(room + 1).fill(BIG);
  fewest[0] = 0;
  segs.forEach((coins, k) => {
    // quantities the segments before reach (each within its cap) start this one with no step used
    if (k > 0) for (let a = 0; a <= room; a++) fewest[a] = fewest[a] <= cap ? 0 : BIG;
    for (const c of coins)
      for (let a = c; a <= room; a++) {
        const v = fewest[a - c] + 1;
        if (v < fewest[a]) fewest[a] = v;
      }
  });
  for (let a = room; a > 0; a--) if (fewest[a] <= cap) return a;
  return 0;
}

export interface Level {
  /** retailers of the level */
  n: number;
  /** weight of its grade (any unit) */
  w: number;
  /** index of its segment; levels of a segment are consecutive, top level first */
  seg: number;
}

/** Σ n·min(cap, λw) = quantity: the shape's share of each level (reals). */
export function shapeTargets(levels: readonly Level[], cap: number | null, quantity: number): number[] {
  const share = (lambda: number) =>
    levels.reduce((a, l) => a + l.n * (cap === null ? lambda * l.w : Math.min(cap, lambda * l.w)), 0);
  let hi = 1;
  for (let i = 0; i < 200 && share(hi) < quantity; i++) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (share(mid) < quantity) lo = mid;
    else hi = mid;
  }
  return levels.map((l) => (cap === null ? hi * l.w : Math.min(cap, hi * l.w)));
}

export interface ClosestTable {
  /** limit per level (same order as the levels) */
  limits: number[];
  /** Σ n·(q − t)² */
  cost: number;
  /** false when the search stopped at its size limit before the bound proved the table least */
  proven: boolean;
}

/** Most DP states (level × limit × quantity) a search for a table using the quantity may hold. */
const STATE_BUDGET = 3_000_000;
/** … and a search that only has to prove the table found least (it is kept unproven beyond). */
const PROOF_BUDGET = 150_000;

/**
 * The monotone table (per segment, limits ≤ cap) that uses exactly `quantity` and is least
 * distant from the shape (see the file comment); null when none was found within the budget.
 */
export function closestTable(
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

/** Σ n·(q − t)² of a table against the shape's targets. */
export function shapeCost(levels: readonly Level[], cap: number | null, limits: readonly number[]): number {
  const quantity = levels.reduce((a, l, j) => a + l.n * limits[j], 0);
  const t = shapeTargets(levels, cap, quantity);
  return levels.reduce((a, l, j) => a + l.n * (limits[j] - t[j]) ** 2, 0);
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
  return tableDP(levels, t, lo, hi, from, to, target, states);
}

/**
 * Buffers of the dynamic programme, reused by the next search (grown when one needs more; ones
 * beyond KEEP_ENTRIES are let go after the search): two cost buffers, the running least cost
 * and its choice, and the choices of every level.
 */
let costBufs = [new Float64Array(0), new Float64Array(0)];
let runBuf = new Float64Array(0);
let runArgBuf = new Int16Array(0);
let argsBuf = new Int16Array(0);
const KEEP_ENTRIES = 1 << 20;

/**
 * The dynamic programme of searchWindows: level j's states are its limit lo + v and the quantity
 * used so far, from[j] … to[j] above Σ n·lo. A state's cost is the least over the previous
 * level's states it can follow, ties to the higher previous limit; a state no table reaches
 * costs Infinity, and the choice stored with it is never read (the way back follows only states
 * some table reaches), so the choices need no clearing.
 */
function tableDP(
  levels: readonly Level[],
  t: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
  from: readonly number[],
  to: readonly number[],
  target: number,
  states: number,
): { limits: number[]; cost: number } | null {
  const L = levels.length;
  let widest = 0;
  for (let j = 0; j < L; j++) widest = Math.max(widest, (hi[j] - lo[j] + 1) * (to[j] - from[j] + 1));
  if (costBufs[0].length < widest) costBufs = [new Float64Array(widest), new Float64Array(widest)];
  if (runBuf.length < widest) {
    runBuf = new Float64Array(widest);
    runArgBuf = new Int16Array(widest);
  }
  if (argsBuf.length < states) argsBuf = new Int16Array(states);
  const bufs = costBufs;
  const run = runBuf;
  const runArg = runArgBuf;
  const args = argsBuf;
  try {
    // cost[v][p]: least cost of levels 0…j with level j at lo + v and quantity p + from[j]; two
    // buffers taken in turn (the last level's is `prev` after the loop), the choices of every
    // level in one array (level j's from back[j])
    let prev = bufs[1];
    let prevWidth = 0;
    const back: Int16Array[] = [];
    let offset = 0;
    for (let j = 0; j < L; j++) {
      const V = hi[j] - lo[j] + 1;
      const W = to[j] - from[j] + 1;
      const cur = bufs[j % 2];
      if (j === 0) cur.fill(Infinity, 0, V * W);
      const arg = args.subarray(offset, offset + V * W);
      offset += V * W;
      const n = levels[j].n;
      if (j === 0) {
        for (let v = V - 1; v >= 0; v--) {
          const p = n * v - from[0];
          if (p >= 0 && p < W) {
            cur[v * W + p] = n * (lo[0] + v - t[0]) ** 2;
            arg[v * W + p] = 0;
          }
        }
      } else {
        const sameSeg = levels[j - 1].seg === levels[j].seg;
        // run[p]: least cost over the previous level's limits ≥ this level's limit (any limit
        // when a new segment starts), built up while this level's limits are taken from the top
        // down; the first row taken is copied in
        const PV = hi[j - 1] - lo[j - 1] + 1;
        let taken = PV; // previous limits lo[j-1] + taken … are in run
        for (let v = V - 1; v >= 0; v--) {
          const limit = lo[j] + v;
          const uFrom = sameSeg ? Math.max(0, limit - lo[j - 1]) : 0;
          while (taken > uFrom) {
            taken--;
            const prow = taken * prevWidth;
            if (taken === PV - 1) {
              run.set(prev.subarray(prow, prow + prevWidth));
              runArg.fill(taken, 0, prevWidth);
              continue;
            }
            for (let p = 0; p < prevWidth; p++) {
              const x = prev[prow + p];
              if (x < run[p]) {
                run[p] = x;
                runArg[p] = taken;
              }
            }
          }
          const row = v * W;
          if (taken === PV) {
            // no previous limit this high: no table reaches the row
            cur.fill(Infinity, row, row + W);
            continue;
          }
          const c = n * (limit - t[j]) ** 2;
          // p_prev + from[j-1] + n·v = p + from[j]; the rest of the row no table reaches
          const shift = from[j - 1] + n * v - from[j];
          const pFrom = Math.max(0, -shift);
          const pTo = Math.min(prevWidth - 1, W - 1 - shift);
          const at = row + shift;
          if (pFrom > pTo) {
            cur.fill(Infinity, row, row + W);
            continue;
          }
          cur.fill(Infinity, row, at + pFrom);
          cur.fill(Infinity, at + pTo + 1, row + W);
          for (let pp = pFrom; pp <= pTo; pp++) {
            cur[at + pp] = run[pp] + c;
            arg[at + pp] = runArg[pp];
          }
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
  } finally {
    if (widest > KEEP_ENTRIES) {
      costBufs = [new Float64Array(0), new Float64Array(0)];
      runBuf = new Float64Array(0);
      runArgBuf = new Int16Array(0);
    }
    if (states > KEEP_ENTRIES) argsBuf = new Int16Array(0);
  }
}

/** Σ n·(near − lo): the quantity above Σ n·lo of the table the quick search stays close to. */
function nearDoneTotal(levels: readonly Level[], near: readonly number[], lo: readonly number[]): number {
  return levels.reduce((a, l, j) => a + l.n * (near[j] - lo[j]), 0);
}
