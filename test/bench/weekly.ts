/**
 * 周报 and 品牌培育 speed at large-county size (6,000 retailers, 350 specs, a year of orders to
 * 2026-03-31 — the county of the imports and 内管 benchmarks, copied once to a kept file of
 * this benchmark and brought to the current schema there, so a run does not migrate 4 M lines).
 * Before timing: the 内管 scan of the week (through the monitor module's entry) so the 周报
 * lists warnings, and a 品牌培育 project on brand 七匹狼 from 2026-01-05 to 2026-03-31 (13
 * weeks) with targets for every 客户经理, so the 周报 carries its 培育 status as it would.
 * Timed (wall and CPU, median of 5 rounds after a warm-up, all of them taking turns in each round;
 * ratios on CPU time, which a busy machine inflates less), in this run:
 *   - baseline: one plain pass over the week's order lines (SELECT iterating and summing them);
 *   - baseline: the 分销与四率 report by 客户经理 for the same seven days (`reports.distribution`);
 *   - baseline: the same report over the project's whole period;
 *   - the 周报 of 2026-W13 (`reports.weekly`, by 价类, through the router as the page calls it),
 *     against the week's 分销 (goal ≤ ~3×) and the plain pass;
 *   - the 首页 card of the last complete week (`reports.weeklyHomeCard`, the same week here),
 *     against the week's 分销 and the 周报 (goal: well under 1 s);
 *   - the project's weekly trend (`cultivation.trend`, 13 cumulative points in one pass) against
 *     one 分销 report over the whole period (goal ≤ ~2×), and its action list (`cultivation.actions`).
 * BENCH_WEEKLY_NAIVE=1 also times, once, the week-by-week method the trend replaced (one 分销
 * report per week from the first day, ~45 s CPU) and checks the figures are the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../../electron/api/backend';
import { DEMO_VERSION } from '../../electron/domain/masterdata/demo';
import { scanWarnings, RULES } from '../../electron/domain/monitor';
import '../../electron/api/contract';
import { keptDatabase } from './lib/kept';
import { largeCounty } from './lib/largeCounty';

type Timing = { ms: number; cpu: number };

/** Median wall and CPU time of each function over `runs` rounds after a warm-up, the functions taking turns in each round. */
function timedTogether(fns: (() => void)[], runs = 5): Timing[] {
  for (const f of fns) f();
  const wall = fns.map(() => [] as number[]);
  const cpu = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++)
    fns.forEach((f, j) => {
      const c = process.cpuUsage();
      const t = performance.now();
      f();
      wall[j].push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu[j].push((d.user + d.system) / 1000);
    });
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[runs >> 1];
  return fns.map((_, j) => ({ ms: mid(wall[j]), cpu: mid(cpu[j]) }));
}

const WEEK = '2026-W13';
const FROM = 20260323;
const TO = 20260329;

/** This benchmark's kept copy of the large county, migrated to the current schema. */
function county(out: string[]): string {
  const file = path.join(os.tmpdir(), `wb-bench-weekly-large-v${DEMO_VERSION}.db`);
  if (!keptDatabase(file, "SELECT COUNT(*) FROM import_batches WHERE kind = 'orders'")) {
    const t = performance.now();
    fs.copyFileSync(largeCounty(out), file);
    out.push(`复制大县数据库：${((performance.now() - t) / 1000).toFixed(1)} 秒`);
  }
  const t = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-weekly-'));
  const b = createBackend({ dbPath: file, dataDir: dir, jobMode: 'inline', log: () => {} });
  b.db.pragma('wal_checkpoint(TRUNCATE)');
  b.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const s = (performance.now() - t) / 1000;
  if (s > 5) out.push(`升级数据库结构：${s.toFixed(1)} 秒`);
  return file;
}

export function run(): string[] {
  const out: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-weekly-'));
  try {
    const file = county(out);
    const b = createBackend({ dbPath: file, dataDir: dir, jobMode: 'inline', log: () => {} });
    const call = <T = any>(method: string, input: unknown): T => {
      const r = b.call(method, input, { via: 'cli' });
      if (!r.ok) throw new Error(`${method}：${r.error!.message}`);
      return r.value as T;
    };
    try {
      const db = b.db;
      const setup = performance.now();
      if (!db.prepare("SELECT 1 FROM code_sets WHERE name = '重点监管'").get())
        call('masterdata.createSet', { name: '重点监管', kind: 'products', rule: { field: '品牌', value: '中华' } });
      db.transaction(() => scanWarnings(db, FROM, TO, RULES))();
      const managers = db.prepare('SELECT code FROM managers ORDER BY code').pluck().all() as string[];
      const old = call<{ rows: { id: number; name: string }[] }>('cultivation.list', {}).rows.find(
        (p) => p.name === '基准：七匹狼一季度铺货',
      );
      const project = call<{ id: number }>('cultivation.save', {
        ...(old ? { id: old.id } : {}),
        name: '基准：七匹狼一季度铺货',
        products: 'brand:七匹狼',
        from: '2026-01-05',
        to: '2026-03-31',
        targets: managers.map((m) => ({ manager: m, distributionRate: 0.6, repeatRate: 0.5, shelfRate: null })),
      });
      const lines = db.prepare('SELECT COUNT(*) FROM order_lines WHERE day BETWEEN ? AND ?').pluck().get(FROM, TO);
      const all = db.prepare('SELECT COUNT(*) FROM order_lines').pluck().get() as number;
      const retailers = db.prepare('SELECT COUNT(*) FROM retailers').pluck().get() as number;
      out.push(
        `大县：${retailers.toLocaleString('en-US')} 户，${managers.length} 位客户经理，全年 ${all.toLocaleString('en-US')} 行订单；${WEEK}（3.23–3.29）${Number(lines).toLocaleString('en-US')} 行（准备：内管检查该周并建培育项目 ${((performance.now() - setup) / 1000).toFixed(1)} 秒）`,
      );

      // Every figure and its baselines are timed together, round by round (a warm-up, then 5
      // rounds; medians), so a change in the machine's load falls on all of them alike.
      const pass = db.prepare('SELECT qty_tiao, amount_fen FROM order_lines WHERE day BETWEEN ? AND ?');
      let tiao = 0;
      let rate = 0;
      let weekly: any;
      let card: any;
      let trend: any;
      let actions = 0;
      const [passT, distT, weeklyT, cardT, wholeT, trendT, actionsT] = timedTogether([
        // baseline: a plain pass over the week's lines
        () => {
          tiao = 0;
          for (const r of pass.iterate(FROM, TO) as Iterable<{ qty_tiao: number }>) tiao += r.qty_tiao;
        },
        // baseline: the week's 分销
        () => {
          rate = call('reports.distribution', { period: '2026-03-23~2026-03-29', by: 'manager' }).total.rate;
        },
        () => {
          weekly = call('reports.weekly', { week: WEEK });
        },
        // the 首页 card: the same week's headline
        () => {
          card = call('reports.weeklyHomeCard', {});
        },
        // baseline: one 分销 over the project's whole period
        () => {
          call('reports.distribution', { period: '2026-01-05~2026-03-31', products: 'brand:七匹狼', by: 'manager' });
        },
        () => {
          trend = call('cultivation.trend', { id: project.id });
        },
        () => {
          actions = call<{ rows: unknown[] }>('cultivation.actions', { id: project.id }).rows.length;
        },
      ]);
      if (weekly.sales.total.volumeTiao !== tiao)
        throw new Error(`周报销量 ${weekly.sales.total.volumeTiao} 条与逐行累加 ${tiao} 条不符`);
      if (card.lines[0].value !== `${(tiao / 250).toFixed(2)} 箱`)
        throw new Error(`首页卡片销量 ${card.lines[0].value} 与逐行累加 ${tiao} 条不符`);
      const last = trend.weeks.at(-1).snapshot.total;
      let naive: Timing | null = null;
      if (process.env.BENCH_WEEKLY_NAIVE === '1') {
        const c = process.cpuUsage();
        const t0 = performance.now();
        for (const w of trend.weeks) {
          const d = call('reports.distribution', {
            period: `2026-01-05~${w.to}`,
            products: 'brand:七匹狼',
            by: 'manager',
          });
          const rates = new Map(w.snapshot.managers.map((m: any) => [m.manager, m.rates]));
          const mine = JSON.stringify(
            d.rows.map((r: any) => {
              const m: any = rates.get(r.key);
              return [r.key, m?.orderingCustomers, m?.repeatCustomers, m?.customers, w.snapshot.total.distributionRate];
            }),
          );
          const theirs = JSON.stringify(
            d.rows.map((r: any) => [r.key, r.orderingCustomers, r.repeatCustomers, r.customers, d.total.rate]),
          );
          if (mine !== theirs) throw new Error(`${w.label} 的走势与逐周分销不符`);
        }
        const d = process.cpuUsage(c);
        naive = { ms: performance.now() - t0, cpu: (d.user + d.system) / 1000 };
      }

      const f = (x: Timing) => `${x.ms.toFixed(0)} 毫秒（CPU ${x.cpu.toFixed(0)} 毫秒）`;
      const r = (x: number) => x.toFixed(x < 1 ? 2 : 1);
      const ratio = (x: Timing, y: Timing) => `${r(x.cpu / y.cpu)}（按墙钟 ${r(x.ms / y.ms)}）`;
      out.push(`基准一 逐行累加该周订单（${tiao.toLocaleString('en-US')} 条）：${f(passT)}`);
      out.push(`基准二 分销与四率（该周 7 天，按客户经理，铺货率 ${(rate * 100).toFixed(2)}%）：${f(distT)}`);
      out.push(
        `周报 ${WEEK}（销售情况表×2、分销、上周与去年同周、计划进度、内管 ${weekly.warnings.total} 条、培育 ${weekly.cultivation.length} 项）：${f(weeklyT)}`,
      );
      out.push(`  比值 周报 ÷ 分销 ${ratio(weeklyT, distT)}（目标 ≤ 约 3）；周报 ÷ 逐行累加 ${ratio(weeklyT, passT)}`);
      out.push(`首页周报卡片（${card.title}）：${f(cardT)}`);
      out.push(`  比值 卡片 ÷ 分销 ${ratio(cardT, distT)}；卡片 ÷ 周报 ${ratio(cardT, weeklyT)}（目标：远低于 1 秒）`);
      out.push(`基准三 全期一次分销与四率（2026-01-05～03-31，七匹狼，按客户经理）：${f(wholeT)}`);
      out.push(
        `培育项目按周走势（${trend.weeks.length} 周，最后一周铺货率 ${(last.distributionRate * 100).toFixed(2)}%）：${f(trendT)}`,
      );
      out.push(
        `  比值 走势 ÷ 全期分销 ${ratio(trendT, wholeT)}（目标 ≤ 约 2）；走势 ÷ 逐行累加该周 ${ratio(trendT, passT)}`,
      );
      if (naive)
        out.push(
          `  逐周分销（旧算法，${trend.weeks.length} 次分销，只计一次，各周数字与走势相同）：${f(naive)}；走势快 ${(naive.cpu / trendT.cpu).toFixed(0)} 倍（CPU）`,
        );
      out.push(
        `未订货客户清单（${actions.toLocaleString('en-US')} 户）：${f(actionsT)}；÷ 全期分销 ${ratio(actionsT, wholeT)}`,
      );
    } finally {
      b.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
