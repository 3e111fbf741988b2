/**
 * Plan breakdown speed (issue 5): a city-size county, 26,400 retailers × 50 specs, and a
 * re-spread after one lock at 客户经理 level (105 × 350 cells). Each is timed against a
 * bare proportional split of the same numbers in the same run (Math.round(T·w/W), which
 * does not even add up): the ratio is what exact rounding, locks and explanations cost.
 */
import { seededRandom as rng } from '../../electron/domain/masterdata/demo';
import { breakdown, type BreakdownCellInput } from '../../electron/domain/plans/breakdown';
import { apportionUnits } from '../../electron/domain/plans/largestRemainder';

function time<T>(fn: () => T, repeat = 1): { ms: number; value: T } {
  let value!: T;
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) value = fn();
  return { ms: (performance.now() - t0) / repeat, value };
}

function bare(total: number, weights: ArrayLike<number>): number[] {
  let W = 0;
  for (let i = 0; i < weights.length; i++) W += weights[i];
  const out = new Array<number>(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = Math.round((total * weights[i]) / W);
  return out;
}

export function run(): string[] {
  const lines: string[] = [];
  const random = rng(20260101);

  // --- 26,400 retailers × 50 specs ---
  const R = 26400;
  const S = 50;
  const keys = Array.from({ length: R }, (_, i) => String(4201000000 + i));
  const history: number[][] = [];
  const targets: number[] = [];
  for (let s = 0; s < S; s++) {
    // last year's 条 per retailer for the spec: many small, some zero, a few large
    history.push(Array.from({ length: R }, () => (random() < 0.15 ? 0 : Math.floor(random() ** 3 * 600))));
    targets.push(Math.floor(200000 + random() * 4_000_000)); // hundredths of a 箱: 2,000–42,000 箱
  }
  // warm-up so the JIT does not favour whichever runs second
  bare(targets[0], history[0]);
  apportionUnits(targets[0], keys, history[0]);

  const tBare = time(() => history.map((h, s) => bare(targets[s], h)), 3);
  const tFast = time(() => history.map((h, s) => apportionUnits(targets[s], keys, h)), 3);
  const tFull = time(() =>
    history.map((h, s) =>
      breakdown({
        totalUnits: targets[s],
        unit: '0.01箱',
        methods: [{ method: 'history', weight: 1 }],
        cells: keys.map((key, i) => ({ key, bases: { history: h[i] } })),
        // as plans.breakdown does at retailer level: explanation texts are built on demand
        texts: false,
      }),
    ),
  );
  const bareOff = tBare.value.reduce((n, u, s) => n + Math.abs(u.reduce((a, b) => a + b, 0) - targets[s]), 0);
  const exactOk = tFast.value.every((u, s) => Array.from(u).reduce((a, b) => a + b, 0) === targets[s]);
  const fullOk = tFull.value.every((r, s) => r.rows.reduce((a, x) => a + x.units, 0) === targets[s]);
  lines.push(`分解到零售客户：${R.toLocaleString()} 户 × ${S} 个规格 = ${(R * S).toLocaleString()} 格`);
  lines.push(`  简单按比例四舍五入（基线，不保证合计）: ${tBare.ms.toFixed(1)} ms；各规格合计偏差共 ${bareOff} 个单位`);
  lines.push(
    `  最大余数法取整（只算结果）: ${tFast.ms.toFixed(1)} ms，为基线的 ${(tFast.ms / tBare.ms).toFixed(2)} 倍；合计全部相等：${exactOk ? '是' : '否'}`,
  );
  lines.push(
    `  完整分解（含每格说明数据）: ${tFull.ms.toFixed(1)} ms，为基线的 ${(tFull.ms / tBare.ms).toFixed(2)} 倍；合计全部相等：${fullOk ? '是' : '否'}`,
  );

  // --- 105 客户经理 × 350 specs, one lock, 60% history + 40% customers ---
  const M = 105;
  const P = 350;
  const mKeys = Array.from({ length: M }, (_, i) => `M${String(i + 1).padStart(3, '0')}`);
  const customers = mKeys.map(() => 150 + Math.floor(random() * 200));
  const grid = Array.from({ length: P }, () => mKeys.map(() => Math.floor(random() * 40000)));
  const specTargets = grid.map((row) => Math.floor((row.reduce((a, b) => a + b, 0) / 2.5) * (0.95 + random() * 0.1)));
  const cellsOf = (p: number, lock: boolean): BreakdownCellInput[] =>
    mKeys.map((key, i) => ({
      key,
      bases: { history: grid[p][i], customers: customers[i] },
      lock: lock && p === 0 && i === 0 ? Math.floor(specTargets[0] / 50) : null,
    }));
  const methods = [
    { method: 'history' as const, weight: '0.6' },
    { method: 'customers' as const, weight: '0.4' },
  ];
  const combinedWeights = grid.map((row) => {
    const H = row.reduce((a, b) => a + b, 0);
    const C = customers.reduce((a, b) => a + b, 0);
    return row.map((h, i) => 0.6 * (h / H) + 0.4 * (customers[i] / C));
  });
  bare(specTargets[0], combinedWeights[0]);
  const gBare = time(() => combinedWeights.map((w, p) => bare(specTargets[p], w)), 5);
  const gFull = time(
    () =>
      grid.map((_, p) => breakdown({ totalUnits: specTargets[p], unit: '0.01箱', methods, cells: cellsOf(p, true) })),
    3,
  );
  const gOne = time(
    () => breakdown({ totalUnits: specTargets[0], unit: '0.01箱', methods, cells: cellsOf(0, true) }),
    20,
  );
  const lockKept = gFull.value[0].rows[0].units === Math.floor(specTargets[0] / 50);
  const gOk = gFull.value.every((r, p) => r.rows.reduce((a, x) => a + x.units, 0) === specTargets[p]);
  lines.push(
    `锁定一格后重新分摊：${M} 名客户经理 × ${P} 个规格 = ${(M * P).toLocaleString()} 格（60% 同期占比 + 40% 客户户数）`,
  );
  lines.push(`  简单按比例四舍五入（基线）: ${gBare.ms.toFixed(1)} ms`);
  lines.push(
    `  整表重新分解（精确组合权重、锁定、说明）: ${gFull.ms.toFixed(1)} ms，为基线的 ${(gFull.ms / gBare.ms).toFixed(2)} 倍；合计全部相等：${gOk ? '是' : '否'}；锁定格未变：${lockKept ? '是' : '否'}`,
  );
  lines.push(`  只重算被锁定的那一列（编辑器的即时重算）: ${gOne.ms.toFixed(2)} ms`);
  return lines;
}
