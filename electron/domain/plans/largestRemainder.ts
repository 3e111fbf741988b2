/**
 * Sum-preserving rounding (DOMAIN.md "Plans"): each cell gets the floor of its exact
 * share in whole units, then the units still missing go one by one to the largest
 * fractional remainders, ties broken by key ascending. Exact shares are rationals
 * over one common denominator, so the comparison of remainders is exact.
 *
 * With bounds, the exact share of a cell is clamp(λ·w, floor, ceiling), λ chosen so
 * the cells add up to the total (a box-constrained proportional split). Bounds are
 * whole units, so rounding an exact value that lies within them stays within them.
 */
import { AppError } from '../../api/errors';

export interface ApportionItem {
  key: string;
  /** non-negative integer weight (a base figure or a combined share scaled to an integer) */
  weight: bigint | number;
  /** smallest allowed result in units (default 0) */
  floor?: number;
  /** largest allowed result in units (default none) */
  ceiling?: number | null;
}

export interface ApportionCell {
  key: string;
  units: number;
  /** exact share = exactNum / den (units); plain numbers when they are exact in a double */
  exactNum: bigint | number;
  /** floor of the exact share */
  floorUnits: number;
  /** exact share − floor, as a numerator over den */
  remainderNum: bigint | number;
  /** true when this cell received one of the remaining units */
  plusOne: boolean;
  /** 1-based place in the queue of remainders (cells with a non-zero remainder), null otherwise */
  rank: number | null;
  /** the bound that held this cell, if any */
  bound: 'floor' | 'ceiling' | null;
}

export interface Apportionment {
  total: number;
  den: bigint | number;
  cells: ApportionCell[];
  /** units handed out by remainder after the floors */
  handedOut: number;
}

/** Describes units for messages (e.g. "12.34箱"); the default prints the bare number. */
export type UnitFormatter = (units: number) => string;

const plain: UnitFormatter = (u) => String(u);

function checkTotal(total: number): void {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new AppError('invalid_total', `分解总量必须是非负整数单位（收到 ${total}）`);
}

/** Compares keys ascending: the stable tie-break. */
/** ⌊p / W⌋ for integers held exactly in doubles, corrected where the division rounds across an integer. */
function floorDiv(p: number, W: number): number {
  const q = Math.floor(p / W);
  const r = p - q * W;
  return r < 0 ? q - 1 : r >= W ? q + 1 : q;
}

/**
 * Gives the units left after the floors, one each, to the cells in `queue` (already in
 * order: largest remainder first, ties by key), and records every queued cell's rank.
 */
function handOut(
  cells: { units: number; rank: number | null; plusOne: boolean }[],
  queue: number[],
  handedOut: number,
): number {
  if (handedOut < 0 || handedOut > queue.length)
    throw new Error(`apportion invariant broken: ${handedOut} of ${queue.length}`);
  for (let k = 0; k < queue.length; k++) {
    const c = cells[queue[k]];
    c.rank = k + 1;
    if (k < handedOut) {
      c.units += 1;
      c.plusOne = true;
    }
  }
  return handedOut;
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits `total` units over the items in proportion to their weights, respecting
 * floors and ceilings. Throws AppError 'infeasible' when the bounds cannot hold the
 * total, 'no_basis' when units remain to spread but every free weight is zero.
 */
export function apportion(total: number, items: ApportionItem[], fmt: UnitFormatter = plain): Apportionment {
  checkTotal(total);
  const n = items.length;
  const w = items.map((it) => {
    const v = BigInt(it.weight);
    if (v < 0n) throw new AppError('invalid_weights', `权重不能为负数（${it.key}）`);
    return v;
  });
  const lo = items.map((it) => it.floor ?? 0);
  const hi = items.map((it) => (it.ceiling === undefined || it.ceiling === null ? null : it.ceiling));
  for (let i = 0; i < n; i++) {
    if (!Number.isSafeInteger(lo[i]) || lo[i] < 0)
      throw new AppError('invalid_bound', `下限必须是非负整数单位（${items[i].key}）`);
    const h = hi[i];
    if (h !== null && (!Number.isSafeInteger(h) || h < lo[i])) {
      throw new AppError('infeasible', `“${items[i].key}”的上限 ${fmt(h)} 低于下限 ${fmt(lo[i])}`, {
        key: items[i].key,
      });
    }
  }
  if (n === 0) {
    if (total !== 0) throw new AppError('no_cells', `没有可分配的对象，总量 ${fmt(total)} 无法分解`);
    return { total, den: 1n, cells: [], handedOut: 0 };
  }
  const fast = unboundedInDoubles(total, items, lo, hi);
  if (fast) return fast;
  const sumLo = lo.reduce((a, b) => a + b, 0);
  if (sumLo > total) {
    throw new AppError('infeasible', `各项下限合计 ${fmt(sumLo)} 超过可分配量 ${fmt(total)}，无法同时满足`, {
      sumFloors: sumLo,
      total,
    });
  }
  if (hi.every((h) => h !== null)) {
    const sumHi = (hi as number[]).reduce((a, b) => a + b, 0);
    if (sumHi < total) {
      throw new AppError('infeasible', `各项上限合计 ${fmt(sumHi)} 低于可分配量 ${fmt(total)}，无法同时满足`, {
        sumCeilings: sumHi,
        total,
      });
    }
  }

  // Fix cells at a bound until the proportional share of the free cells violates none.
  const fixed: (number | null)[] = new Array(n).fill(null);
  const bound: ('floor' | 'ceiling' | null)[] = new Array(n).fill(null);
  const T = BigInt(total);
  let rest: bigint;
  let W: bigint;
  for (;;) {
    rest = T;
    W = 0n;
    let free = 0;
    for (let i = 0; i < n; i++) {
      if (fixed[i] !== null) rest -= BigInt(fixed[i]!);
      else {
        W += w[i];
        free++;
      }
    }
    if (free === 0) break;
    if (W === 0n) {
      // λ·0 = 0: free cells sit at their floors; anything beyond has no basis to spread on.
      for (let i = 0; i < n; i++)
        if (fixed[i] === null) {
          fixed[i] = lo[i];
          if (lo[i] > 0) bound[i] = 'floor';
        }
      let restAfter = T;
      for (let i = 0; i < n; i++) restAfter -= BigInt(fixed[i]!);
      if (restAfter !== 0n) {
        throw new AppError(
          'no_basis',
          `还有 ${fmt(Number(restAfter))} 需要分摊，但未锁定对象的基数全部为零（例如基期没有销量），请改用平均法或手工填写`,
          { left: Number(restAfter) },
        );
      }
      rest = 0n;
      W = 0n;
      break;
    }
    let dLow = 0n;
    let dHigh = 0n;
    const low: number[] = [];
    const high: number[] = [];
    for (let i = 0; i < n; i++) {
      if (fixed[i] !== null) continue;
      const a = rest * w[i];
      const f = BigInt(lo[i]) * W;
      if (a < f) {
        low.push(i);
        dLow += f - a;
      } else if (hi[i] !== null) {
        const c = BigInt(hi[i]!) * W;
        if (a > c) {
          high.push(i);
          dHigh += a - c;
        }
      }
    }
    if (low.length === 0 && high.length === 0) break;
    if (dLow >= dHigh)
      for (const i of low) {
        fixed[i] = lo[i];
        bound[i] = 'floor';
      }
    else
      for (const i of high) {
        fixed[i] = hi[i]!;
        bound[i] = 'ceiling';
      }
  }

  const den = W === 0n ? 1n : W;
  const cells: ApportionCell[] = new Array(n);
  let sumFloor = 0;
  const queue: number[] = [];
  for (let i = 0; i < n; i++) {
    let exactNum: bigint;
    if (fixed[i] !== null) exactNum = BigInt(fixed[i]!) * den;
    else exactNum = rest * w[i];
    const q = exactNum / den;
    const r = exactNum - q * den;
    const fu = Number(q);
    sumFloor += fu;
    cells[i] = {
      key: items[i].key,
      units: fu,
      exactNum,
      floorUnits: fu,
      remainderNum: r,
      plusOne: false,
      rank: null,
      bound: bound[i],
    };
    if (r > 0n) queue.push(i);
  }
  queue.sort((a, b) => {
    const ra = cells[a].remainderNum;
    const rb = cells[b].remainderNum;
    if (ra !== rb) return ra > rb ? -1 : 1;
    return compareKeys(items[a].key, items[b].key);
  });
  const handedOut = handOut(cells, queue, total - sumFloor);
  return { total, den, cells, handedOut };
}

/**
 * Without bounds, and when total × weight stays a safe integer, the same computation
 * in doubles: every product and remainder is an exact integer, so the result is identical.
 */
function unboundedInDoubles(
  total: number,
  items: ApportionItem[],
  lo: number[],
  hi: (number | null)[],
): Apportionment | null {
  const n = items.length;
  let W = 0;
  let maxW = 0;
  for (let i = 0; i < n; i++) {
    if (lo[i] !== 0 || hi[i] !== null) return null;
    const v = items[i].weight;
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return null;
    W += v;
    if (v > maxW) maxW = v;
  }
  if (W === 0 || !Number.isSafeInteger(W) || total * maxW > Number.MAX_SAFE_INTEGER) return null;
  const cells: ApportionCell[] = new Array(n);
  const rems = new Float64Array(n);
  const queue: number[] = [];
  let sumFloor = 0;
  for (let i = 0; i < n; i++) {
    const p = total * (items[i].weight as number);
    const q = floorDiv(p, W);
    const r = p - q * W;
    sumFloor += q;
    cells[i] = {
      key: items[i].key,
      units: q,
      exactNum: p,
      floorUnits: q,
      remainderNum: r,
      plusOne: false,
      rank: null,
      bound: null,
    };
    rems[i] = r;
    if (r > 0) queue.push(i);
  }
  queue.sort((a, b) => rems[b] - rems[a] || compareKeys(items[a].key, items[b].key));
  const handedOut = handOut(cells, queue, total - sumFloor);
  return { total, den: W, cells, handedOut };
}

/**
 * The fast path for the common case — no bounds, integer weights small enough that
 * total × weight stays a safe integer — with the same result as `apportion`.
 * Returns only the units.
 */
export function apportionUnits(
  total: number,
  keys: readonly string[],
  weights: ArrayLike<number>,
): Int32Array | number[] {
  checkTotal(total);
  const n = keys.length;
  let W = 0;
  let maxW = 0;
  for (let i = 0; i < n; i++) {
    const v = weights[i];
    if (!Number.isSafeInteger(v) || v < 0) return bigPath();
    W += v;
    if (v > maxW) maxW = v;
  }
  if (!Number.isSafeInteger(W) || total * maxW > Number.MAX_SAFE_INTEGER || W === 0) return bigPath();
  const units = new Array<number>(n);
  const rem = new Float64Array(n);
  let sum = 0;
  let withRem = 0;
  for (let i = 0; i < n; i++) {
    const p = total * weights[i];
    const q = floorDiv(p, W);
    const r = p - q * W;
    units[i] = q;
    rem[i] = r;
    sum += q;
    if (r > 0) withRem++;
  }
  const left = total - sum;
  if (left > 0) {
    // The `left` largest remainders get one unit: find the threshold with a numeric sort,
    // then break the ties at the threshold by key.
    const r = new Float64Array(withRem);
    let k = 0;
    for (let i = 0; i < n; i++) if (rem[i] > 0) r[k++] = rem[i];
    r.sort();
    const v = r[withRem - left];
    let above = 0;
    const ties: number[] = [];
    for (let i = 0; i < n; i++) {
      if (rem[i] > v) {
        units[i] += 1;
        above++;
      } else if (rem[i] === v) ties.push(i);
    }
    ties.sort((a, b) => compareKeys(keys[a], keys[b]));
    for (let j = 0; j < left - above; j++) units[ties[j]] += 1;
  }
  return units;

  function bigPath() {
    return apportion(
      total,
      keys.map((key, i) => ({ key, weight: BigInt(weights[i]) })),
    ).cells.map((c) => c.units);
  }
}

/** The exact share as a floating-point number, for display and explanations. */
export function exactValue(c: ApportionCell, den: bigint | number): number {
  return Number(c.exactNum) / Number(den);
}
