/**
 * 货源投放 speed at large-county size: 26,400 retailers (a fifth with a dated grade change),
 * 300 specs saved in one call over two segments (城镇 / 乡村), and the review of the week
 * over 150,000 order lines. Baselines measured in the same run: the bare count of retailers
 * per 档位 once per spec (what a plan needs at the least, with no grade history), and the bare
 * sum of the week's 订购量 per spec and retailer.
 */
import fs from 'node:fs';
import { seededRandom as rng } from '../../electron/domain/masterdata/demo';
import { recordGrades } from '../../electron/domain/masterdata';
import { defaultGradeWeights, segmentLimits } from '../../electron/domain/supply';
import { MEMO_BYTES, limitsMemoSize, setExactSearch } from '../../electron/domain/supply/limits';
import { referenceClosestTable } from '../unit/supply/limitsSearchReference';
import { testBackend } from '../helpers/backend';

/** Wall time and this process's CPU time (the machine is shared: CPU time is the steadier figure). */
function time<T>(fn: () => T): { ms: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, value };
}
const fig = (x: { ms: number; cpu: number }) => `${x.ms.toFixed(0)} ms（CPU ${x.cpu.toFixed(0)} ms）`;

export function run(): string[] {
  const lines: string[] = [];
  const random = rng(20261205);
  const t = testBackend();
  const db = t.backend.db;
  const R = 26400;
  const S = 300;
  db.transaction(() => {
    db.exec(
      `INSERT INTO import_batches(id, kind, file_name, file_hash, user_login, user_name) VALUES (1, 'orders', 'bench', 'x', 'bench', 'bench')`,
    );
    const r = db.prepare(`INSERT INTO retailers(id, code, name, grade, area, status) VALUES (?, ?, ?, ?, ?, '正常')`);
    for (let i = 1; i <= R; i++)
      r.run(i, `R${i}`, `店${i}`, 1 + Math.floor(random() ** 1.5 * 30), random() < 0.4 ? '城镇' : '乡村');
    const p = db.prepare(`INSERT INTO products(id, code, name) VALUES (?, ?, ?)`);
    for (let s = 1; s <= S; s++) p.run(s, `P${String(s).padStart(4, '0')}`, `规格${s}`);
    const changes = [];
    for (let i = 1; i <= R; i += 5) changes.push({ retailerId: i, grade: 1 + Math.floor(random() * 30) });
    recordGrades(db, changes, 20261116, 'edit');
    const o = db.prepare(
      `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (1, ?, ?, ?, ?, ?, ?, 100, ?)`,
    );
    for (let k = 0; k < 150000; k++) {
      const q = 1 + Math.floor(random() * 5);
      o.run(20261123 + Math.floor(random() * 7), `O${k}`, 1 + Math.floor(random() * R), 1 + (k % S), q, q, q * 100);
    }
  })();
  const plans = Array.from({ length: S }, (_, s) => ({
    spec: `P${String(s + 1).padStart(4, '0')}`,
    availableTiao: 5000 + Math.floor(random() * 50000),
    reserveTiao: 100,
    segments: [{ scope: 'area:城镇' }, { scope: 'area:乡村' }],
  }));
  // warm-up
  db.prepare('SELECT grade, COUNT(*) FROM retailers GROUP BY grade').all();
  const bare = () =>
    time(() => {
      const st = db.prepare(
        `SELECT grade, COUNT(*) AS n FROM retailers r WHERE r.status = '正常' AND r.area = ? GROUP BY grade`,
      );
      for (let s = 0; s < S; s++) for (const a of ['城镇', '乡村']) st.all(a);
    });
  const bases = [bare()];
  type Saved = {
    ms: number;
    cpu: number;
    value: { plans: { segments: { limits: number[]; retailers: number[] }[] }[] };
  };
  const saveWeek = (): Saved => time(() => t.call('supply.save', { week: '2026-W48', plans }));
  const tablesOf = (r: Saved) => JSON.stringify(r.value.plans.map((p) => p.segments.map((x) => x.limits)));
  // A first save (nothing kept) then the same week again, with the exact search as it is and with
  // the search it replaced (test/unit/supply/limitsSearchReference.ts), taken in turn twice after
  // one untimed save (so neither pays for the first statements and compilation).
  setExactSearch(null);
  saveWeek();
  const runs: { label: string; save: Saved; resave: Saved }[] = [];
  for (const [label, search] of [
    ['原搜索', referenceClosestTable],
    ['现搜索', null],
    ['原搜索', referenceClosestTable],
    ['现搜索', null],
  ] as const) {
    setExactSearch(search); // also forgets the kept results
    const save = saveWeek();
    const resave = saveWeek();
    runs.push({ label, save, resave });
  }
  const kept = limitsMemoSize();
  setExactSearch(null);
  bases.push(bare());
  const base = { ms: (bases[0].ms + bases[1].ms) / 2, cpu: (bases[0].cpu + bases[1].cpu) / 2 };
  const save = runs[3].save;
  const ok = (
    save.value.plans as unknown as {
      availableTiao: number;
      reserveTiao: number;
      allocatedTiao: number;
      remainderTiao: number;
    }[]
  ).every((p) => p.allocatedTiao + p.remainderTiao === p.availableTiao - p.reserveTiao);
  const sameTables = runs.every((r) => tablesOf(r.save) === tablesOf(save) && tablesOf(r.resave) === tablesOf(save));
  const ratio = (x: { ms: number; cpu: number }) =>
    `为基线的 ${(x.ms / base.ms).toFixed(2)} 倍（CPU ${(x.cpu / base.cpu).toFixed(2)} 倍）`;
  lines.push(
    `投放方案：${R.toLocaleString()} 户（${Math.ceil(R / 5).toLocaleString()} 户有档位变动记录）× ${S} 个规格 × 2 个投放范围，一次保存`,
  );
  lines.push(
    `  每规格按范围直接计数（基线，不读档位历史、不计算限量；保存前后各测一次取平均）: ${fig(base)}（${bases.map(fig).join('；')}）`,
  );
  for (const r of runs) {
    lines.push(
      `  [${r.label}] 首次保存全部规格（按周一档位计数、重叠检查、计算限量、写入）: ${fig(r.save)}，${ratio(r.save)}`,
    );
    lines.push(`  [${r.label}] 再次保存同一周（未改动，精确搜索结果沿用）: ${fig(r.resave)}，${ratio(r.resave)}`);
  }
  lines.push(
    `  各规格投放量 + 剩余 = 可用量 − 机动量：${ok ? '是' : '否'}；现搜索与原搜索、首次与再次保存的限量表全部相同：${sameTables ? '是' : '否'}；沿用的精确搜索结果 ${kept.entries} 条，估算 ${(kept.bytes / 1024).toFixed(0)} KB（上限 ${(MEMO_BYTES / 1024 / 1024).toFixed(0)} MB）`,
  );
  // The limits alone (counts as saved): how often the top-down fill fell short and the exact search ran.
  const counted = save.value.plans[0].segments.map((x) => x.retailers);
  const w = defaultGradeWeights();
  const limitsWith = (search: typeof referenceClosestTable | null) => {
    setExactSearch(search); // also forgets the kept results
    return time(() =>
      plans.map((p) =>
        segmentLimits({
          quantityTiao: p.availableTiao - p.reserveTiao,
          segments: counted.map((retailers) => ({ retailers, weights: w })),
        }),
      ),
    );
  };
  const limitsRef = limitsWith(referenceClosestTable);
  const limits = limitsWith(null);
  const short = limits.value.filter((r) => r.topDownTiao < r.allocatedTiao);
  lines.push(
    `  其中计算限量（${S} 个规格）: ${fig(limits)}（原搜索 ${fig(limitsRef)}，CPU 为其 ${(limits.cpu / limitsRef.cpu).toFixed(2)} 倍；结果相同：${JSON.stringify(limits.value) === JSON.stringify(limitsRef.value) ? '是' : '否'}）；逐档补足后仍有剩余、经精确搜索多投放的规格 ${short.length} 个，共多投放 ${short.reduce((a, r) => a + r.allocatedTiao - r.topDownTiao, 0).toLocaleString()} 条；剩余合计 ${limits.value.reduce((a, r) => a + r.remainderTiao, 0)} 条`,
  );
  const bareReview = time(() => {
    const st = db.prepare(
      'SELECT retailer_id, SUM(qty_tiao) FROM order_lines WHERE product_id = ? AND day BETWEEN 20261123 AND 20261129 GROUP BY retailer_id',
    );
    for (let s = 1; s <= S; s++) st.all(s);
  });
  const review = time(() => t.call('supply.review', { week: '2026-W48' }));
  lines.push(`周后评估：150,000 条订单明细，${S} 个规格`);
  lines.push(`  每规格按客户汇总订购量（基线）: ${bareReview.ms.toFixed(0)} ms`);
  lines.push(
    `  评估（按周一档位和范围归类、满足率、利用率、建议）: ${review.ms.toFixed(0)} ms，为基线的 ${(review.ms / bareReview.ms).toFixed(2)} 倍；订购量合计 ${review.value.totals.orderedTiao.toLocaleString()} 条`,
  );
  // Opening the page again: the kept review (only its fingerprint is read) against computing it.
  const again = time(() => t.call('supply.review', { week: '2026-W48' }));
  const same = JSON.stringify(again.value.totals) === JSON.stringify(review.value.totals);
  db.prepare(
    `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (1, 20261125, 'N1', 1, 1, 3, 3, 100, 300)`,
  ).run();
  const redone = time(() => t.call('supply.review', { week: '2026-W48' }));
  lines.push(
    `  再次打开（评估未变，只读指纹）: ${again.ms.toFixed(1)} ms，为计算评估的 ${(again.ms / review.ms).toFixed(4)} 倍（快 ${(review.ms / again.ms).toFixed(0)} 倍）；结果相同：${same ? '是' : '否'}`,
  );
  lines.push(
    `  本周新增一条订单后重新计算: ${redone.ms.toFixed(0)} ms；订购量合计 ${redone.value.totals.orderedTiao.toLocaleString()} 条（多 ${redone.value.totals.orderedTiao - review.value.totals.orderedTiao} 条）`,
  );
  t.close();
  fs.rmSync(t.dir, { recursive: true, force: true });
  return lines;
}
