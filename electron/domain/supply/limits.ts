/**
 * 按档位投放 (DOMAIN.md "Plans" and "货源投放"): per-retailer limits per 档位, whole 条 —
 * the one implementation of the monotone-limit rule, used by 货源投放 (one spec over
 * one or more customer segments) and by 按档位投放 in plans (`plan grades`, one scope).
 *
 * Definition used here:
 * - q_s(g) = 条 per retailer of grade g in segment s; n_s(g) = 正常经营 retailers of grade g
 *   in segment s. Segments do not overlap (the caller checks).
 * - Monotone within each segment: for grades g < h that both have retailers,
 *   q_s(g) ≤ q_s(h) (D30 ≥ … ≥ D1).
 * - Cap: q_s(g) ≤ cap for every grade when a cap per retailer is given.
 * - Allocated A = Σ q_s(g) × n_s(g) never exceeds the quantity Q; the rest R = Q − A is
 *   left over (shown as 剩余 / 机动量), so A + R = Q exactly.
 * - A segment may carry fixed limits (typed by the clerk): they are checked (whole 条,
 *   monotone, cap) and taken first; the others share what is left.
 * - The other limits follow each segment's grade weights with one common λ:
 *   q_s(g) = min(cap, ⌊λ·w_s(g)⌋) with the largest λ that keeps A ≤ Q, then single 条 are
 *   added from the top grade down (segments in their order within a grade) while the rest
 *   holds a whole grade's worth and the order is kept.
 * - That top-down fill can stop short of what another monotone table uses (2/2/3 retailers and
 *   50 条: it places 49, while 11/8/4 places 50). When it leaves a remainder, the most any table
 *   can use is found exactly (limitsSearch.ts); if that is more, the limits become the table that
 *   uses it and is least distant from the weights' shape (Σ n·(q − t)², t the proportional
 *   share). So the quantity used is always the most possible (A is maximal), and the shape
 *   decides between tables that use as much. (The one exception: a search that outgrows its
 *   size limit — only when every count is in the hundreds or more and no small step fits —
 *   keeps the top-down table.)
 * Retailer-level figures are caps for supply, never minimum quotas: they are 参考.
 */
import { AppError } from '../../api/errors';
import { closestTable, maxQuantity, type Level } from './limitsSearch';

const GRADES = 30;

export interface SegmentInput {
  /** retailers per grade, index 0 = 档位 1 … index 29 = 档位 30 */
  retailers: readonly number[];
  /** weight per grade (same indexing), non-decreasing; decimals to 0.01 */
  weights: readonly number[];
  /** limits typed by the clerk (same indexing); null = computed */
  fixed?: readonly number[] | null;
  /** for messages: 城镇, 业态 便利店 … */
  label?: string;
}

export interface GradeRow {
  grade: number;
  retailers: number;
  weight: number;
  perRetailerTiao: number;
  totalTiao: number;
}

export interface SegmentLimits {
  /** per grade, index 0 = 档位 1 (0 where the grade has no retailers) */
  limits: number[];
  /** grades with retailers, highest first (D30 … D1) */
  rows: GradeRow[];
  allocatedTiao: number;
}

export interface LimitsResult {
  quantityTiao: number;
  allocatedTiao: number;
  /** Q − A: what the limits leave unused */
  remainderTiao: number;
  /** what the top-down fill alone placed (less than allocatedTiao when the exact search placed more) */
  topDownTiao: number;
  capTiao: number | null;
  segments: SegmentLimits[];
}

export function defaultGradeWeights(): number[] {
  // Linear: 档位 g weighs g. A county changes it in Settings.
  return Array.from({ length: GRADES }, (_, i) => i + 1);
}

const where = (s: SegmentInput, many: boolean) => (many && s.label ? `（${s.label}）` : '');

/** Limits for several segments sharing one quantity (see the file comment). */
export function segmentLimits(input: {
  quantityTiao: number;
  segments: readonly SegmentInput[];
  capTiao?: number | null;
}): LimitsResult {
  const Q = input.quantityTiao;
  if (!Number.isSafeInteger(Q) || Q < 0) throw new AppError('invalid_quantity', '投放量必须是非负整数（条）');
  const cap = input.capTiao ?? null;
  if (cap !== null && (!Number.isSafeInteger(cap) || cap < 0))
    throw new AppError('invalid_cap', '单户上限必须是非负整数（条）');
  const many = input.segments.length > 1;
  const segs = input.segments.map((s) => {
    if (s.retailers.length !== GRADES || s.weights.length !== GRADES)
      throw new AppError('invalid_grades', '档位表需要 1–30 档各一项');
    const w = s.weights.map((x, i) => {
      if (!Number.isFinite(x) || x < 0)
        throw new AppError('invalid_weights', `档位 ${i + 1} 的权重无效${where(s, many)}`);
      return Math.round(x * 100);
    });
    for (let i = 1; i < GRADES; i++) {
      if (w[i] < w[i - 1])
        throw new AppError(
          'invalid_weights',
          `档位权重必须随档位升高而不降低：${i + 1}档（${s.weights[i]}）低于${i}档（${s.weights[i - 1]}）${where(s, many)}`,
        );
    }
    const n = s.retailers.map((x, i) => {
      if (!Number.isSafeInteger(x) || x < 0) throw new AppError('invalid_grades', `档位 ${i + 1} 的户数无效`);
      return x;
    });
    const present = n.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0);
    const fixed = s.fixed ?? null;
    if (fixed) {
      if (fixed.length !== GRADES) throw new AppError('invalid_grades', '档位表需要 1–30 档各一项');
      let above = Infinity;
      for (let k = present.length - 1; k >= 0; k--) {
        const i = present[k];
        const v = fixed[i];
        if (!Number.isSafeInteger(v) || v < 0)
          throw new AppError('invalid_quantity', `D${i + 1} 的限量必须是非负整数（条）${where(s, many)}`);
        if (cap !== null && v > cap)
          throw new AppError('invalid_cap', `D${i + 1} 的限量 ${v} 条超过单户上限 ${cap} 条${where(s, many)}`);
        if (v > above)
          throw new AppError(
            'invalid_quantity',
            `限量必须随档位升高而不降低：D${i + 1}（${v} 条）高于更高档位（${above} 条）${where(s, many)}`,
          );
        above = v;
      }
    }
    return { w, n, present, fixed, weights: s.weights };
  });
  if (segs.every((s) => s.present.length === 0))
    throw new AppError('no_retailers', '范围内没有正常经营的零售客户，无法按档位投放');
  const free = segs.filter((s) => !s.fixed && s.present.length > 0);
  if (free.length && free.every((s) => s.present.every((i) => s.w[i] === 0)))
    throw new AppError('invalid_weights', '有客户的档位权重全部为零');

  const q = segs.map(() => new Array<number>(GRADES).fill(0));
  let fixedTotal = 0;
  segs.forEach((s, k) => {
    if (!s.fixed) return;
    for (const i of s.present) {
      q[k][i] = s.fixed[i];
      fixedTotal += s.fixed[i] * s.n[i];
    }
  });
  if (fixedTotal > Q) throw new AppError('invalid_quantity', `填写的限量合计 ${fixedTotal} 条，超过可投放量 ${Q} 条`);
  const room = Q - fixedTotal;

  const qOf = (lambda: number, w: number) => {
    const v = Math.floor(lambda * w);
    return cap === null ? v : Math.min(cap, v);
  };
  const allocated = (lambda: number) =>
    free.reduce((t, s) => t + s.present.reduce((u, i) => u + qOf(lambda, s.w[i]) * s.n[i], 0), 0);
  // The largest λ with A(λ) ≤ room: A is a non-decreasing step function of λ.
  let lo = 0;
  let hi = 1;
  while (allocated(hi) <= room && hi < (room + 1) * 2 + 1) hi *= 2;
  if (allocated(hi) <= room) lo = hi;
  else
    for (let k = 0; k < 200 && hi - lo > 1e-12 * Math.max(1, hi); k++) {
      const mid = (lo + hi) / 2;
      if (allocated(mid) <= room) lo = mid;
      else hi = mid;
    }
  const freeIdx = segs.map((s, k) => (!s.fixed && s.present.length > 0 ? k : -1)).filter((k) => k >= 0);
  for (const k of freeIdx) for (const i of segs[k].present) q[k][i] = qOf(lo, segs[k].w[i]);
  let rest = room - allocated(lo);

  // Top up one 条 at a time from the highest grade down, keeping order and cap.
  const aboveOf = (k: number, i: number) => {
    for (let j = i + 1; j < GRADES; j++) if (segs[k].n[j] > 0) return q[k][j];
    return Infinity;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let i = GRADES - 1; i >= 0; i--) {
      for (const k of freeIdx) {
        const n = segs[k].n[i];
        if (n > 0 && n <= rest && q[k][i] + 1 <= aboveOf(k, i) && (cap === null || q[k][i] + 1 <= cap)) {
          q[k][i] += 1;
          rest -= n;
          changed = true;
        }
      }
    }
  }
  // The top-down fill may stop short of what some other monotone table uses (e.g. 2/2/3
  // retailers, 50 条: 49). Then the table that uses the most, closest to the shape, replaces it.
  const topDownTiao = Q - rest;
  if (rest > 0) {
    const counts = freeIdx.map((k) => [...segs[k].present].reverse().map((i) => segs[k].n[i]));
    const levels = freeIdx.flatMap((k, s) =>
      [...segs[k].present].reverse().map((i) => ({ n: segs[k].n[i], w: segs[k].w[i], seg: s, k, i })),
    );
    const found = exactLimits(levels, counts, cap, room, room - rest, (l) => q[l.k][l.i]);
    // (none only when the search outgrows its size limit: the top-down table is kept)
    if (found) levels.forEach((l, j) => (q[l.k][l.i] = found[j]));
  }
  const out = segs.map((s, k): SegmentLimits => {
    const rows = [...s.present].reverse().map((i) => ({
      grade: i + 1,
      retailers: s.n[i],
      weight: s.weights[i],
      perRetailerTiao: q[k][i],
      totalTiao: q[k][i] * s.n[i],
    }));
    return {
      limits: q[k].map((v, i) => (s.n[i] > 0 ? v : 0)),
      rows,
      allocatedTiao: rows.reduce((t, r) => t + r.totalTiao, 0),
    };
  });
  const allocatedTiao = out.reduce((t, s) => t + s.allocatedTiao, 0);
  return {
    quantityTiao: Q,
    allocatedTiao,
    remainderTiao: Q - allocatedTiao,
    topDownTiao,
    capTiao: cap,
    segments: out,
  };
}

/**
 * The exact step of segmentLimits: the table that places the most, closest to the shape, or null
 * to keep the top-down table. It depends only on the free levels (retailers, weight, segment),
 * the top-down table, the cap and the room, so results are kept for inputs seen before: many specs of one save share their scopes, and saving a week again
 * recomputes every spec with the same counts and quantities.
 */
function exactLimits<L extends Level>(
  levels: readonly L[],
  counts: readonly (readonly number[])[],
  cap: number | null,
  room: number,
  filled: number,
  topDown: (l: L) => number,
): readonly number[] | null {
  const near = levels.map(topDown);
  const key = `${cap}|${room}|${levels.map((l, j) => `${l.seg},${l.n},${l.w},${near[j]}`).join(';')}`;
  const kept = exactMemo.get(key);
  if (kept) {
    memoHits++;
    // most recently used last: the oldest entry is the one dropped
    exactMemo.delete(key);
    exactMemo.set(key, kept);
    return kept.limits;
  }
  // Without the cap the most any table uses is quick to find; with a cap that is an upper
  // bound, exact when a capped table uses it, else the capped maximum is counted.
  const upper = maxQuantity(counts, null, room);
  let found = upper > filled ? search(levels, cap, upper, undefined, undefined, near) : null;
  // (the capped count holds one number per quantity: up to 20 million of them)
  if (!found && cap !== null && upper > filled && room <= 20_000_000) {
    const exact = maxQuantity(counts, cap, room);
    if (exact > filled && exact < upper) found = search(levels, cap, exact, undefined, undefined, near);
  }
  const out = found ? Object.freeze([...found.limits]) : null;
  remember(key, out);
  return out;
}

/** The search of the exact step (closestTable; see setExactSearch). */
let search: typeof closestTable = closestTable;

/**
 * Runs the exact step with another search of the same signature (null: closestTable again) and
 * forgets the kept results: the tests and the bench compare closestTable with the search it
 * replaced, table for table.
 */
export function setExactSearch(fn: typeof closestTable | null): void {
  search = fn ?? closestTable;
  clearLimitsMemo();
}

/**
 * Results of the exact step kept for inputs seen before (see exactLimits), least recently used
 * dropped first, within MEMO_BYTES by the estimate of entryBytes.
 */
const exactMemo = new Map<string, { limits: readonly number[] | null; bytes: number }>();
/** Bound on the estimated size of the kept results: 4 MiB. */
export const MEMO_BYTES = 4 * 1024 * 1024;
let memoBytes = 0;
let memoHits = 0;

/**
 * Estimated bytes of one kept result: 2 per character of the key (V8 stores an ASCII string in
 * one byte per character; two is the most any string takes), 8 per limit (one array slot), and
 * 128 for the map's slot and the headers of the entry, the key, the array and its elements.
 * The key holds 4 numbers per level, so a spec of 60 levels takes about 2.2 KB: about 1,900 such
 * specs fit.
 */
export function entryBytes(key: string, limits: readonly number[] | null): number {
  return 2 * key.length + 8 * (limits?.length ?? 0) + 128;
}

function remember(key: string, limits: readonly number[] | null): void {
  const bytes = entryBytes(key, limits);
  if (bytes > MEMO_BYTES) return;
  exactMemo.set(key, { limits, bytes });
  memoBytes += bytes;
  for (const [oldest, entry] of exactMemo) {
    if (memoBytes <= MEMO_BYTES) break;
    exactMemo.delete(oldest);
    memoBytes -= entry.bytes;
  }
}

/** Forgets the kept results of the exact step (tests compare a fresh computation with a kept one). */
export function clearLimitsMemo(): void {
  exactMemo.clear();
  memoBytes = 0;
}

/** The kept results of the exact step: how many, and their estimated bytes (entryBytes). */
export function limitsMemoSize(): { entries: number; bytes: number } {
  return { entries: exactMemo.size, bytes: memoBytes };
}

/** How many times a kept result of the exact step was used (since the process started). */
export function limitsMemoHits(): number {
  return memoHits;
}

export interface GradeTableInput {
  quantityTiao: number;
  /** retailers per grade, index 0 = 档位 1 … index 29 = 档位 30 */
  retailers: readonly number[];
  /** weight per grade (same indexing), non-decreasing; decimals to 0.01 */
  weights: readonly number[];
  /** most 条 any one retailer may receive */
  capTiao?: number | null;
}

export interface GradeTable {
  quantityTiao: number;
  allocatedTiao: number;
  reserveTiao: number;
  capTiao: number | null;
  /** grades with retailers, highest first (D30 … D1) */
  rows: GradeRow[];
}

/** 按档位投放 for one scope (`plan grades`): the rest of the quantity is the 机动量. */
export function gradeTable(input: GradeTableInput): GradeTable {
  const r = segmentLimits({
    quantityTiao: input.quantityTiao,
    capTiao: input.capTiao,
    segments: [{ retailers: input.retailers, weights: input.weights }],
  });
  return {
    quantityTiao: r.quantityTiao,
    allocatedTiao: r.allocatedTiao,
    reserveTiao: r.remainderTiao,
    capTiao: r.capTiao,
    rows: r.segments[0].rows,
  };
}
