/**
 * 按档位投放 (DOMAIN.md "Plans"): a per-retailer quantity per 档位, whole 条, for one spec
 * and one customer scope.
 *
 * Definition used here:
 * - q(g) = 条 per retailer of grade g; n(g) = 正常经营 retailers of grade g in scope.
 * - Monotone: for grades g < h that both have retailers, q(g) ≤ q(h) (D30 ≥ … ≥ D1).
 * - Cap: q(g) ≤ cap for every grade when a cap per retailer is given.
 * - Allocated A = Σ q(g) × n(g) never exceeds the spec's quantity Q; the rest R = Q − A
 *   is the 机动量 (reserve), so A + R = Q exactly.
 * - q follows the grade weights: q(g) = min(cap, ⌊λ·w(g)⌋) with the largest λ that keeps
 *   A ≤ Q, then single 条 are added from the top grade down while the reserve holds a
 *   whole grade's worth and the order is kept. When it ends, no grade can take one more
 *   条 per retailer without breaking the order, the cap or the quantity.
 * Retailer-level figures are caps for supply, never minimum quotas: they are 参考.
 */
import { AppError } from '../../api/errors';

export interface GradeTableInput {
  quantityTiao: number;
  /** retailers per grade, index 0 = 档位 1 … index 29 = 档位 30 */
  retailers: readonly number[];
  /** weight per grade (same indexing), non-decreasing; decimals to 0.01 */
  weights: readonly number[];
  /** most 条 any one retailer may receive */
  capTiao?: number | null;
}

export interface GradeRow {
  grade: number;
  retailers: number;
  weight: number;
  perRetailerTiao: number;
  totalTiao: number;
}

export interface GradeTable {
  quantityTiao: number;
  allocatedTiao: number;
  reserveTiao: number;
  capTiao: number | null;
  /** grades with retailers, highest first (D30 … D1) */
  rows: GradeRow[];
}

export function defaultGradeWeights(): number[] {
  // Linear: 档位 g weighs g. A county changes it in Settings.
  return Array.from({ length: 30 }, (_, i) => i + 1);
}

export function gradeTable(input: GradeTableInput): GradeTable {
  const Q = input.quantityTiao;
  if (!Number.isSafeInteger(Q) || Q < 0) throw new AppError('invalid_quantity', '投放量必须是非负整数（条）');
  if (input.retailers.length !== 30 || input.weights.length !== 30)
    throw new AppError('invalid_grades', '档位表需要 1–30 档各一项');
  const cap = input.capTiao ?? null;
  if (cap !== null && (!Number.isSafeInteger(cap) || cap < 0))
    throw new AppError('invalid_cap', '单户上限必须是非负整数（条）');
  const w = input.weights.map((x, i) => {
    if (!Number.isFinite(x) || x < 0) throw new AppError('invalid_weights', `档位 ${i + 1} 的权重无效`);
    return Math.round(x * 100);
  });
  for (let i = 1; i < 30; i++) {
    if (w[i] < w[i - 1])
      throw new AppError(
        'invalid_weights',
        `档位权重必须随档位升高而不降低：${i + 1}档（${input.weights[i]}）低于${i}档（${input.weights[i - 1]}）`,
      );
  }
  const n = input.retailers.map((x, i) => {
    if (!Number.isSafeInteger(x) || x < 0) throw new AppError('invalid_grades', `档位 ${i + 1} 的户数无效`);
    return x;
  });
  const present = n.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0);
  if (present.length === 0) throw new AppError('no_retailers', '范围内没有正常经营的零售客户，无法按档位投放');
  if (present.every((i) => w[i] === 0)) throw new AppError('invalid_weights', '有客户的档位权重全部为零');

  const qOf = (lambda: number, i: number) => {
    const v = Math.floor(lambda * w[i]);
    return cap === null ? v : Math.min(cap, v);
  };
  const allocated = (lambda: number) => present.reduce((s, i) => s + qOf(lambda, i) * n[i], 0);
  // The largest λ with A(λ) ≤ Q: A is a non-decreasing step function of λ.
  let lo = 0;
  let hi = 1;
  while (allocated(hi) <= Q && hi < (Q + 1) * 2 + 1) hi *= 2;
  if (allocated(hi) <= Q) lo = hi;
  else
    for (let k = 0; k < 200 && hi - lo > 1e-12 * Math.max(1, hi); k++) {
      const mid = (lo + hi) / 2;
      if (allocated(mid) <= Q) lo = mid;
      else hi = mid;
    }
  const q = new Array(30).fill(0);
  for (const i of present) q[i] = qOf(lo, i);
  let reserve = Q - allocated(lo);

  // Top up one 条 at a time from the highest grade down, keeping order and cap.
  for (let changed = true; changed;) {
    changed = false;
    for (let k = present.length - 1; k >= 0; k--) {
      const i = present[k];
      const above = k === present.length - 1 ? Infinity : q[present[k + 1]];
      if (n[i] <= reserve && q[i] + 1 <= above && (cap === null || q[i] + 1 <= cap)) {
        q[i] += 1;
        reserve -= n[i];
        changed = true;
      }
    }
  }
  const rows: GradeRow[] = [...present].reverse().map((i) => ({
    grade: i + 1,
    retailers: n[i],
    weight: input.weights[i],
    perRetailerTiao: q[i],
    totalTiao: q[i] * n[i],
  }));
  const allocatedTiao = rows.reduce((s, r) => s + r.totalTiao, 0);
  return { quantityTiao: Q, allocatedTiao, reserveTiao: Q - allocatedTiao, capTiao: cap, rows };
}
