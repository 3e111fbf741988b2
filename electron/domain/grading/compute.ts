/**
 * The 30档 客户分档 computation (DOMAIN.md "客户分档 (30 grades) review"), pure.
 *
 * score = 0.5·pr(月均订购量) + 0.3·pr(月均订购金额) + 0.2·pr(条均价), pr(x) = average
 * ascending rank ÷ n. Dividing both 月均 by 6 changes no rank, so ranks are taken on the
 * window totals; 条均价 is compared by cross-multiplication. With doubled ranks (integers
 * even for ties) the order key 5·R₁ + 3·R₂ + 2·R₃ is an exact integer and score = key ÷ 20n.
 */

export interface GradingInput {
  retailerId: number;
  code: string;
  /** window 订购量 (条), > 0 */
  qty: number;
  /** window 金额 (分) */
  amount: number;
  /** 档位 now, or null */
  current: number | null;
}

export interface GradingRow extends GradingInput {
  score: number;
  /** pr(月均订购量), pr(月均订购金额), pr(条均价): average ascending rank ÷ n */
  prQty: number;
  prAmount: number;
  prPrice: number;
  computed: number;
  proposed: number;
}

/** Largest move of one review (grades). */
export const MAX_MOVE = 3;

/** Doubled average ranks (first + last position of each tie group, 1-based) by an ascending comparator. */
export function doubledRanks<T>(items: readonly T[], cmp: (a: T, b: T) => number): number[] {
  const order = items.map((_, i) => i).sort((a, b) => cmp(items[a], items[b]));
  const ranks = new Array<number>(items.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && cmp(items[order[start]], items[order[end + 1]]) === 0) end++;
    const doubled = start + 1 + (end + 1);
    for (let k = start; k <= end; k++) ranks[order[k]] = doubled;
    start = end + 1;
  }
  return ranks;
}

/** Compares a₁/q₁ with a₂/q₂ (q > 0) without division. */
export function compareRatio(a1: number, q1: number, a2: number, q2: number): number {
  const l = a1 * q2;
  const r = a2 * q1;
  if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l - r;
  const d = BigInt(a1) * BigInt(q2) - BigInt(a2) * BigInt(q1);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

/** The grade the i-th (from 1) of n gets: ⌈30·i / n⌉. */
export function gradeOfPosition(i: number, n: number): number {
  return Math.floor((30 * i + n - 1) / n);
}

/** The proposal: the computed grade moved at most MAX_MOVE from the current one. */
export function clampMove(computed: number, current: number | null): number {
  if (current === null) return computed;
  return Math.min(current + MAX_MOVE, Math.max(current - MAX_MOVE, computed));
}

/** Scores, orders and grades the retailers; returns them in (score, 客户编码) order. */
export function computeGrades(input: readonly GradingInput[]): GradingRow[] {
  const n = input.length;
  if (n === 0) return [];
  const rq = doubledRanks(input, (a, b) => a.qty - b.qty);
  const ra = doubledRanks(input, (a, b) => a.amount - b.amount);
  const rp = doubledRanks(input, (a, b) => compareRatio(a.amount, a.qty, b.amount, b.qty));
  const keyed = input.map((r, i) => ({ r, i, key: 5 * rq[i] + 3 * ra[i] + 2 * rp[i] }));
  keyed.sort((a, b) => a.key - b.key || (a.r.code < b.r.code ? -1 : a.r.code > b.r.code ? 1 : 0));
  return keyed.map(({ r, i, key }, pos) => {
    const computed = gradeOfPosition(pos + 1, n);
    return {
      ...r,
      score: key / (20 * n),
      prQty: rq[i] / (2 * n),
      prAmount: ra[i] / (2 * n),
      prPrice: rp[i] / (2 * n),
      computed,
      proposed: clampMove(computed, r.current),
    };
  });
}
