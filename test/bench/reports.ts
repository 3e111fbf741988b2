/**
 * Report speed at large-county size with three years of demo orders
 * (PRODUCT.md: 6,000 retailers, 350 specs, ~4 M lines a year).
 * For the last complete month it times each report query (median of 3 runs,
 * after one warm-up), the whole 月报 pack, and the same aggregates computed by
 * DuckDB over the same rows loaded into memory in the same run, printing
 * ours ÷ DuckDB per report (goal ≤ 1.0; summary tables kept at import are fair)
 * and the pack time (goal < 1 s). It also checks, on the demo data, that the
 * optimised queries agree with the naive implementation and with DuckDB.
 *
 * The demo database is generated once and kept in the temp folder.
 * BENCH_REPORTS_SIZE (large), BENCH_REPORTS_YEARS (3) and BENCH_REPORTS_DB override;
 * BENCH_SIZE=city takes a city's year instead (the 月报 pack goal < 1 s holds there too) and prints
 * the pack, every call the frame and the 首页 make on opening (goal ≤ 200 ms CPU each) and each
 * section against one plain pass over the month's summary rows (cityFigures), without DuckDB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../../electron/cli';
import { salesReport } from '../../electron/domain/reports/sales';
import { distributionReport, previousThree } from '../../electron/domain/reports/distribution';
import { customerClassTable, dashboard, homeCard, keyFigures } from '../../electron/domain/reports/overview';
import { monthlyPack } from '../../electron/domain/reports/pack';
import { demandForecast } from '../../electron/domain/reports/forecast';
import {
  type Period,
  monthPeriod,
  previousPeriod,
  samePeriodLastYear,
  ytdPeriod,
  daysInMonth,
} from '../../electron/domain/reports/periods';
import { naiveDistribution, naiveSales } from '../../electron/domain/reports/naive';
import { DIM_LABELS } from '../../electron/domain/reports/query';
import { loadDuckDb } from './lib/duckdb';
import { keptDatabase, reportsDemoArgv, reportsDemoFile } from './lib/kept';
import { openOrderSinks } from '../../electron/domain/imports/hooks';
import { fillBuyerMonths } from '../../electron/domain/reports/buyers';
import { openDatabase } from '../../electron/db/connection';
import { classSummaryStale, rebuildClassSummary, refreshSummaries } from '../../electron/domain/reports/summaries';
import { fileURLToPath } from 'node:url';
import { timed } from './lib/largeCounty';
import { timeCalls } from './lib/firstScreen';

// BENCH_SIZE=city: a whole city's year (26,400 retailers, ≈ 17 M lines), opt-in like the imports bench.
const CITY = process.env.BENCH_SIZE === 'city';
const SIZE = process.env.BENCH_REPORTS_SIZE ?? (CITY ? 'city' : 'large');
const YEARS = Number(process.env.BENCH_REPORTS_YEARS ?? (CITY ? 1 : 3));

function ensureDemo(out: string[]): string {
  const file = process.env.BENCH_REPORTS_DB ?? reportsDemoFile(SIZE, YEARS);
  if (!keptDatabase(file, 'SELECT COUNT(*) FROM rpt_month_p')) {
    const t = performance.now();
    const r = runCli(reportsDemoArgv(SIZE, YEARS, file), {});
    if (r.code !== 0) throw new Error('示例数据生成失败：' + r.stderr);
    out.push(`生成示例数据（${SIZE}，${YEARS}年）：${((performance.now() - t) / 1000).toFixed(1)} 秒`);
  }
  return file;
}

/**
 * Brings a kept demo database up to the reports schema. A file made before
 * migrations 021/022 existed has user_version ≥ 030 already (module number
 * ranges share one user_version), so they are applied here by hand when
 * missing, and the 价类 summary and the buyer bitmaps (migration 023) are built.
 */
function upgrade(file: string): void {
  const db = openDatabase(file, {});
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../electron/db/migrations');
  const cols = db.prepare("SELECT name FROM pragma_table_info('rpt_month_rp')").pluck().all() as string[];
  if (!cols.includes('order_days'))
    db.transaction(() => db.exec(fs.readFileSync(path.join(dir, '021_report_order_days.sql'), 'utf8')))();
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'rpt_month_rc'").get())
    db.transaction(() => db.exec(fs.readFileSync(path.join(dir, '022_report_class_summary.sql'), 'utf8')))();
  if (classSummaryStale(db)) db.transaction(() => rebuildClassSummary(db))();
  db.transaction(() => fillBuyerMonths(db))();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/**
 * What keeping the summaries costs: adding one month's lines as an import does
 * (the lines handed to the summary sink one by one, into a month with no
 * summary rows yet), and recomputing the month from the lines (what a replace
 * or rollback does), each timed inside a transaction that is rolled back,
 * against reading that month's lines once.
 */
function hookCost(file: string, mk: number): string {
  const db = openDatabase(file, {});
  try {
    const lines = (
      db.prepare('SELECT COUNT(*) n FROM order_lines WHERE day BETWEEN ? AND ?').get(mk * 100, mk * 100 + 99) as {
        n: number;
      }
    ).n;
    const t0 = performance.now();
    db.prepare('SELECT SUM(qty_tiao), SUM(amount_fen) FROM order_lines WHERE day BETWEEN ? AND ?').get(
      mk * 100,
      mk * 100 + 99,
    );
    const scan = performance.now() - t0;
    const rows = db
      .prepare(
        'SELECT day, retailer_id, product_id, demand_tiao, qty_tiao, amount_fen FROM order_lines WHERE day BETWEEN ? AND ?',
      )
      .raw()
      .all(mk * 100, mk * 100 + 99) as number[][];
    let ms = 0;
    let recompute = 0;
    db.exec('BEGIN');
    try {
      for (const t of ['rpt_month_rp', 'rpt_month_r', 'rpt_month_rc', 'rpt_month_p'])
        db.prepare(`DELETE FROM ${t} WHERE month = ?`).run(mk);
      const t = performance.now();
      const sink = openOrderSinks(db);
      for (const x of rows) sink.add(x[0], x[1], x[2], x[3], x[4], x[5]);
      sink.commit();
      ms = performance.now() - t;
      const t2 = performance.now();
      refreshSummaries(db, mk * 100 + 1, mk * 100 + 28);
      recompute = performance.now() - t2;
    } finally {
      db.exec('ROLLBACK');
    }
    return `导入时维护汇总表（一个月 ${lines.toLocaleString('en-US')} 行，逐行累加后写入）：${ms.toFixed(0)} 毫秒，约为读一遍这些行（${scan.toFixed(0)} 毫秒）的 ${(ms / scan).toFixed(1)} 倍；替换或撤销时整月重算：${recompute.toFixed(0)} 毫秒`;
  } finally {
    db.close();
  }
}

function median(f: () => unknown, runs = 3): number {
  f(); // warm-up
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    f();
    t.push(performance.now() - a);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function medianAsync(f: () => Promise<unknown>, runs = 3): Promise<number> {
  await f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await f();
    t.push(performance.now() - a);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Copies the rows the reports read into an in-memory DuckDB through CSV files. */
async function loadIntoDuckDb(db: Database.Database, dir: string) {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const dump = (name: string, sql: string) => {
    const file = path.join(dir, `${name}.csv`);
    const fd = fs.openSync(file, 'w');
    const stmt = db.prepare(sql).raw(true);
    let buf: string[] = [
      stmt
        .columns()
        .map((c) => c.name)
        .join(','),
    ];
    const esc = (v: unknown) =>
      v === null || v === undefined ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : String(v);
    for (const row of stmt.iterate() as Iterable<unknown[]>) {
      buf.push(row.map(esc).join(','));
      if (buf.length >= 50_000) {
        fs.writeSync(fd, buf.join('\n') + '\n');
        buf = [];
      }
    }
    fs.writeSync(fd, buf.join('\n') + '\n');
    fs.closeSync(fd);
    return file;
  };
  const tables: [string, string][] = [
    ['order_lines', 'SELECT day, retailer_id, product_id, demand_tiao, qty_tiao, amount_fen FROM order_lines'],
    [
      'retailers',
      'SELECT r.id, r.code, r.format, r.area, r.grade, r.status, rt.code AS route, m.code AS manager FROM retailers r LEFT JOIN routes rt ON rt.id = r.route_id LEFT JOIN managers m ON m.id = COALESCE(r.manager_id, rt.manager_id)',
    ],
    ['products', 'SELECT id, code, brand, price_class FROM products'],
  ];
  for (const [name, sql] of tables) {
    const file = dump(name, sql);
    await conn.run(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${file}', header = true, auto_detect = true)`);
    fs.rmSync(file);
  }
  return {
    async all(sql: string): Promise<Record<string, unknown>[]> {
      const r = await conn.runAndReadAll(sql);
      return r.getRowObjects();
    },
    close() {
      conn.closeSync?.();
      instance.closeSync?.();
    },
  };
}

const KEY: Record<string, string> = {
  class: 'p.price_class',
  brand: 'p.brand',
  spec: 'p.code',
  manager: 'r.manager',
  route: 'r.route',
  format: 'r.format',
  area: 'r.area',
  month: 'o.day // 100',
};

/** The 销售情况表 aggregates in one DuckDB query: 本期, 同期, 上期, 本年累计, 同期累计, 需求量, 订足率 numerator. */
function duckSales(p: Period, by: string, productWhere = 'TRUE'): string {
  const ly = samePeriodLastYear(p)!, // months only here
    prev = previousPeriod(p),
    ytd = ytdPeriod(p.to),
    ytdLy = samePeriodLastYear(ytd)!;
  const lo = Math.min(ly.from, ytdLy.from, prev?.from ?? p.from),
    hi = p.to;
  const f = (a: Period | null) => (a ? `o.day BETWEEN ${a.from} AND ${a.to}` : 'FALSE');
  const needR = ['manager', 'route', 'format', 'area'].includes(by);
  return `SELECT ${KEY[by]} AS k,
      SUM(CASE WHEN ${f(p)} THEN qty_tiao ELSE 0 END) qty, SUM(CASE WHEN ${f(p)} THEN amount_fen ELSE 0 END) amount,
      SUM(CASE WHEN ${f(p)} THEN demand_tiao ELSE 0 END) demand, SUM(CASE WHEN ${f(p)} AND demand_tiao > 0 THEN qty_tiao ELSE 0 END) qty_dp,
      SUM(CASE WHEN ${f(ly)} THEN qty_tiao ELSE 0 END) qty_ly, SUM(CASE WHEN ${f(ly)} THEN amount_fen ELSE 0 END) amount_ly,
      SUM(CASE WHEN ${f(prev)} THEN qty_tiao ELSE 0 END) qty_prev, SUM(CASE WHEN ${f(ytd)} THEN qty_tiao ELSE 0 END) qty_ytd,
      SUM(CASE WHEN ${f(ytdLy)} THEN qty_tiao ELSE 0 END) qty_ytd_ly
    FROM order_lines o ${needR ? 'JOIN retailers r ON r.id = o.retailer_id' : ''} JOIN products p ON p.id = o.product_id
    WHERE o.day BETWEEN ${lo} AND ${hi} AND ${productWhere} GROUP BY 1`;
}

/** 铺货率 / 重购率 / 订货次数 / 动销率 inputs per key in one DuckDB query. */
function duckDistribution(p: Period, by: string): string {
  const before = previousThree(p)!;
  return `WITH per AS (
      SELECT ${KEY[by]} AS k, o.retailer_id, ANY_VALUE(r.status) status,
        SUM(CASE WHEN o.day >= ${p.from} THEN qty_tiao ELSE 0 END) qty,
        COUNT(DISTINCT CASE WHEN o.day >= ${p.from} AND qty_tiao > 0 THEN o.day END) ndays,
        SUM(CASE WHEN o.day < ${p.from} THEN qty_tiao ELSE 0 END) qty_before
      FROM order_lines o JOIN retailers r ON r.id = o.retailer_id JOIN products p ON p.id = o.product_id
      WHERE o.day BETWEEN ${before.from} AND ${p.to} GROUP BY 1, 2)
    SELECT k, COUNT(*) FILTER (WHERE qty > 0 AND status = '正常') ordering_op, COUNT(*) FILTER (WHERE qty > 0 AND status = '正常' AND ndays >= 2) repeat_op,
      SUM(CASE WHEN qty > 0 THEN ndays ELSE 0 END) order_days, COUNT(*) FILTER (WHERE qty_before > 0) ordered_before
    FROM per GROUP BY k`;
}

function duckCustomerClass(p: Period): string {
  return `SELECT r.format AS k, o.day // 100 AS m, SUM(qty_tiao) qty, SUM(amount_fen) amount FROM order_lines o JOIN retailers r ON r.id = o.retailer_id
    WHERE o.day BETWEEN ${p.from} AND ${p.to} GROUP BY 1, 2`;
}

/**
 * BENCH_SIZE=city: the 月报 pack and the 首页 card of the last complete month, wall and CPU
 * (medians of 3 after a warm-up), each against one plain pass over the month's finest summary
 * rows (retailer × spec) measured in the same run — on a shared machine CPU is the figure to
 * read. Then each section alone, the pack's sections against the same reports computed one by
 * one (exactly equal), and the naive implementation over the month's lines for one table.
 * (DuckDB is left out here: copying 17 M lines into it is minutes of a shared machine.)
 */
function cityFigures(db: Database.Database, file: string, month: Period, monthText: string): string[] {
  const out: string[] = [];
  const mk = Math.floor(month.from / 100);
  const f = (x: { ms: number; cpu: number }) => `${x.ms.toFixed(0)} 毫秒（CPU ${x.cpu.toFixed(0)}）`;
  const summaryRows = db.prepare('SELECT COUNT(*) FROM rpt_month_rp WHERE month = ?').pluck().get(mk) as number;
  const pass = timed(() =>
    db
      .prepare(
        'SELECT SUM(qty), SUM(amount), SUM(demand), SUM(lines), SUM(order_days) FROM rpt_month_rp WHERE month = ?',
      )
      .get(mk),
  );
  const lineCount = db
    .prepare('SELECT COUNT(*) FROM order_lines WHERE day BETWEEN ? AND ?')
    .pluck()
    .get(month.from, month.to) as number;
  const linePass = timed(() =>
    db
      .prepare('SELECT SUM(qty_tiao), SUM(amount_fen) FROM order_lines WHERE day BETWEEN ? AND ?')
      .get(month.from, month.to),
  );
  out.push(
    `基准：一遍读本月汇总行（零售客户×规格，${summaryRows.toLocaleString('en-US')} 行）${f(pass)}；一遍读本月订单行（${lineCount.toLocaleString('en-US')} 行）${f(linePass)}`,
  );
  const ratio = (x: { cpu: number }) => (x.cpu / pass.cpu).toFixed(2);
  const pack = timed(() => monthlyPack(db, { month: monthText }));
  const card = timed(() => homeCard(keyFigures(db, {})));
  const dash = timed(() => dashboard(db, {}));
  out.push(
    `月报整包计算（${monthText}）：${f(pack)}，CPU 为基准的 ${ratio(pack)} 倍（目标 < 1000 毫秒）`,
    `首页卡片 reports.homeCard（最新月份及本年累计）：${f(card)}，${ratio(card)} 倍；首页关键指标含13个月趋势 reports.dashboard：${f(dash)}，${ratio(dash)} 倍`,
  );
  // every call of the frame and the 首页 on opening the file, then the cards that follow today's
  // date at the data's own date (the file's data end before today)
  const last = db.prepare('SELECT MAX(day) FROM order_lines').pluck().get() as number;
  const lastText = `${Math.floor(last / 10000)}-${String(Math.floor(last / 100) % 100).padStart(2, '0')}-${String(last % 100).padStart(2, '0')}`;
  const calls = timeCalls(db, file, [
    [`plans.homeCard（截至 ${lastText}）`, 'plans.homeCard', { asOf: lastText }],
    [`网建首页汇总（${lastText.slice(0, 7)}）`, 'network.dashboardSummary', { period: lastText.slice(0, 7) }],
  ]);
  out.push(
    `首页打开时的各调用（负载 ${os.loadavg()[0].toFixed(1)}；首次调用，及其后 3 次中位数；CPU 与基准之比；目标每项 CPU ≤ 200 毫秒）：`,
  );
  for (const c of calls)
    out.push(
      `  ${c.name.padEnd(34)} 首次 ${f(c.first).padStart(18)}  其后 ${f(c.warm).padStart(18)}  ${ratio(c.warm)}`,
    );
  const ytd = ytdPeriod(month.to);
  const sections: [string, () => unknown][] = [
    ...(['class', 'brand', 'manager', 'route', 'area', 'format'] as const).map(
      (by) =>
        [`销售情况表 按${DIM_LABELS[by]}`, () => salesReport(db, { period: month, by })] as [string, () => unknown],
    ),
    ...(['manager', 'route'] as const).map(
      (by) =>
        [`分销与四率 按${DIM_LABELS[by]}`, () => distributionReport(db, { period: month, by })] as [
          string,
          () => unknown,
        ],
    ),
    ['客户分类一览 业态×月(本年)', () => customerClassTable(db, { period: ytd, by: 'format' })],
  ];
  out.push('整包的各部分单独计算（不共用读取）：毫秒（CPU）与基准之比');
  let alone = 0;
  for (const [name, run] of sections) {
    const t = timed(run);
    alone += t.cpu;
    out.push(`  ${name.padEnd(14, '　')} ${f(t).padStart(18)}  ${ratio(t)}`);
  }
  out.push(
    `  以上各部分 CPU 合计 ${alone.toFixed(0)} 毫秒；整包共用读取后全部 ${pack.cpu.toFixed(0)} 毫秒（含计划进度、网建、品牌培育与分析）`,
  );
  // the pack's sections equal the same reports computed one by one, to the last field
  const p = monthlyPack(db, { month: monthText });
  const same =
    (['class', 'brand', 'manager', 'route', 'area', 'format'] as const).every(
      (by) =>
        JSON.stringify(p.sales[`by${by[0].toUpperCase()}${by.slice(1)}` as keyof typeof p.sales]) ===
        JSON.stringify(salesReport(db, { period: month, by })),
    ) &&
    JSON.stringify(p.distribution.byManager) ===
      JSON.stringify(distributionReport(db, { period: month, by: 'manager' })) &&
    JSON.stringify(p.distribution.byRoute) === JSON.stringify(distributionReport(db, { period: month, by: 'route' })) &&
    JSON.stringify(p.customerClass) === JSON.stringify(customerClassTable(db, { period: ytd, by: 'format' }));
  out.push(same ? '整包各表与逐表单独计算的结果完全一致' : '整包与逐表单独计算的结果不一致！');
  const tn = performance.now();
  let bad = 0;
  const r = salesReport(db, { period: month, by: 'route' }, { lean: true });
  const n = naiveSales(db, month, 'county', 'all', 'route');
  for (const [k, v] of n.rows) {
    const mine = r.rows.find((x) => x.key === k);
    if (!mine || mine.volumeTiao !== v.volumeTiao || mine.amountFen !== v.amountFen || mine.demandTiao !== v.demandTiao)
      bad++;
  }
  out.push(
    `朴素实现（逐行 JavaScript，销售情况表按线路）核对：${bad === 0 ? '全部一致' : `${bad} 处不一致`}，用时 ${((performance.now() - tn) / 1000).toFixed(1)} 秒`,
  );
  return out;
}

const keyOf = (v: unknown, by: string) =>
  v === null || v === undefined
    ? '未指定'
    : by === 'month'
      ? `${Math.floor(Number(v) / 100)}-${String(Number(v) % 100).padStart(2, '0')}`
      : String(v);

export async function run(): Promise<string[]> {
  const out: string[] = [];
  const file = ensureDemo(out);
  upgrade(file);
  const db = new Database(file, { readonly: true });
  db.pragma('cache_size = -262144');
  const info = db.prepare('SELECT COUNT(*) n, MIN(day) a, MAX(day) b FROM order_lines').get() as {
    n: number;
    a: number;
    b: number;
  };
  const retailers = (db.prepare('SELECT COUNT(*) n FROM retailers').get() as { n: number }).n;
  const lastMonth = Math.floor(info.b / 100);
  const complete = info.b % 100 === daysInMonth(Math.floor(lastMonth / 100), lastMonth % 100);
  const mk = complete ? lastMonth : lastMonth % 100 === 1 ? lastMonth - 89 : lastMonth - 1;
  const month = monthPeriod(Math.floor(mk / 100), mk % 100);
  const monthText = `${Math.floor(mk / 100)}-${String(mk % 100).padStart(2, '0')}`;
  out.push(
    `数据：${retailers.toLocaleString('en-US')} 户，订单行 ${info.n.toLocaleString('en-US')}（${info.a}–${info.b}），报表月份 ${monthText}`,
  );

  if (CITY) {
    try {
      return [...out, ...cityFigures(db, file, month, monthText)];
    } finally {
      db.close();
    }
  }

  // ── ours ──
  const ours: { name: string; ms: number; duck?: string }[] = [];
  const salesBy = ['class', 'brand', 'spec', 'manager', 'route', 'format', 'area'] as const;
  for (const by of salesBy)
    ours.push({
      name: `销售情况表 按${by}`,
      ms: median(() => salesReport(db, { period: month, by })),
      duck: `sales:${by}`,
    });
  ours.push({
    name: '销售情况表 按线路 一类烟',
    ms: median(() => salesReport(db, { period: month, by: 'route', products: 'class:一类' })),
    duck: 'sales:route:一类',
  });
  ours.push({
    name: '销售情况表 本年累计 按月',
    ms: median(() => salesReport(db, { period: ytdPeriod(month.to), by: 'month' })),
    duck: 'sales:month',
  });
  for (const by of ['manager', 'route', 'spec'] as const)
    ours.push({
      name: `分销与四率 按${by}`,
      ms: median(() => distributionReport(db, { period: month, by })),
      duck: `dist:${by}`,
    });
  ours.push({
    name: '客户分类一览 业态×月(本年)',
    ms: median(() => customerClassTable(db, { period: ytdPeriod(month.to), by: 'format' })),
    duck: 'class',
  });
  ours.push({ name: '首页关键指标', ms: median(() => dashboard(db, { month: monthText })) });
  ours.push({
    name: '需求预测 按规格 前30',
    ms: median(() => demandForecast(db, { level: 'spec', horizon: 3, limit: 30 })),
  });
  const packMs = median(() => monthlyPack(db, { month: monthText }));

  // ── DuckDB over the same rows ──
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-duck-'));
  let duck: Awaited<ReturnType<typeof loadIntoDuckDb>> | null = null;
  const duckMs = new Map<string, number>();
  const mismatches: string[] = [];
  let compared = false;
  try {
    const t = performance.now();
    duck = await loadIntoDuckDb(db, tmp);
    out.push(`DuckDB 载入同一批数据：${((performance.now() - t) / 1000).toFixed(1)} 秒（不计入比较）`);
    const d = duck;
    for (const by of salesBy) {
      const sql = duckSales(month, by);
      duckMs.set(`sales:${by}`, await medianAsync(() => d.all(sql)));
      const rows = await d.all(sql);
      const r = salesReport(db, { period: month, by });
      for (const x of rows) {
        const k = keyOf(x.k, by);
        const mine = r.rows.find((y) => y.key === k);
        const [q, qly, qytd] = [Number(x.qty), Number(x.qty_ly), Number(x.qty_ytd)];
        if (
          (q || qly) &&
          (!mine ||
            mine.volumeTiao !== q ||
            mine.volumeTiaoLastYear !== qly ||
            mine.volumeTiaoYtd !== qytd ||
            mine.amountFen !== Number(x.amount))
        )
          mismatches.push(`sales ${by} ${k}`);
      }
    }
    const sqlR = duckSales(month, 'route', "p.price_class = '一类'");
    duckMs.set('sales:route:一类', await medianAsync(() => d.all(sqlR)));
    const sqlM = duckSales(ytdPeriod(month.to), 'month');
    duckMs.set('sales:month', await medianAsync(() => d.all(sqlM)));
    for (const by of ['manager', 'route', 'spec'] as const) {
      const sql = duckDistribution(month, by);
      duckMs.set(`dist:${by}`, await medianAsync(() => d.all(sql)));
      const rows = await d.all(sql);
      const r = distributionReport(db, { period: month, by });
      for (const x of rows) {
        const k = keyOf(x.k, by);
        const mine = r.rows.find((y) => y.key === k);
        if (!mine) {
          if (Number(x.ordering_op)) mismatches.push(`dist ${by} ${k} missing`);
          continue;
        }
        if (
          mine.orderingCustomers !== Number(x.ordering_op) ||
          mine.repeatCustomers !== Number(x.repeat_op) ||
          mine.orderCount !== Number(x.order_days) ||
          mine.orderedBefore !== Number(x.ordered_before)
        )
          mismatches.push(`dist ${by} ${k}`);
      }
    }
    const sqlC = duckCustomerClass(ytdPeriod(month.to));
    duckMs.set('class', await medianAsync(() => d.all(sqlC)));
    compared = true;
  } catch (err) {
    out.push(`DuckDB 不可用，跳过比较：${(err as Error).message}`);
  } finally {
    duck?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  out.push('报表查询（中位数，毫秒）            本程序      DuckDB    本程序÷DuckDB');
  for (const o of ours) {
    const dm = o.duck ? duckMs.get(o.duck) : undefined;
    out.push(
      `${o.name.padEnd(24, '　')} ${o.ms.toFixed(1).padStart(9)} ${dm === undefined ? '        —' : dm.toFixed(1).padStart(9)}  ${dm === undefined ? '—' : (o.ms / dm).toFixed(2)}`,
    );
  }
  out.push(`月报整包计算：${packMs.toFixed(0)} 毫秒（目标 < 1000）`);
  out.push(hookCost(file, mk));
  if (compared)
    out.push(
      mismatches.length
        ? `与 DuckDB 结果不一致：${mismatches.slice(0, 10).join('；')}`
        : '与 DuckDB 的结果逐行一致（销量、销售额、同期、累计、铺货/重购/订货次数/前三期客户）',
    );

  // ── naive implementation on the same month ──
  const tn = performance.now();
  let bad = 0;
  for (const by of ['class', 'manager', 'route'] as const) {
    const r = salesReport(db, { period: month, by }, { lean: true });
    const n = naiveSales(db, month, 'county', 'all', by);
    for (const [k, v] of n.rows) {
      const mine = r.rows.find((x) => x.key === k);
      if (
        !mine ||
        mine.volumeTiao !== v.volumeTiao ||
        mine.amountFen !== v.amountFen ||
        mine.volumeTiaoLastYear !== v.volumeTiaoLastYear
      )
        bad++;
    }
  }
  const dn = naiveDistribution(db, month, 'county', 'all', 'route');
  const dr = distributionReport(db, { period: month, by: 'route' });
  for (const [k, v] of dn) {
    if (k === '合计') continue;
    const mine = dr.rows.find((x) => x.key === k);
    if (
      !mine ||
      mine.orderingCustomers !== v.orderingCustomers ||
      mine.repeatCustomers !== v.repeatCustomers ||
      mine.orderCount !== v.orderCount
    )
      bad++;
  }
  const fc = demandForecast(db, { level: 'class', horizon: 3 });
  const tot = demandForecast(db, { level: 'total', horizon: 3 }).results[0];
  const pct = (x: number | null) => (x === null ? '—' : (x * 100).toFixed(2) + '%');
  out.push(
    `需求预测回测（近12个月，提前1个月）：全部卷烟 本方法 MAPE ${pct(tot.mape)}，同月去年法 ${pct(tot.naiveMape)}；按价类 本方法优于参照 ${fc.beatsCount}/${fc.comparedCount} 项`,
  );
  out.push(
    `朴素实现（逐行 JavaScript）核对：${bad === 0 ? '全部一致' : `${bad} 处不一致`}，用时 ${((performance.now() - tn) / 1000).toFixed(1)} 秒`,
  );
  db.close();
  return out;
}
