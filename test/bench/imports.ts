/**
 * Import speed and memory at large-county size (PRODUCT.md: 6,000 retailers,
 * 350 specs, ~4 M lines a year; a month's file ≈ 400,000 lines). The county is
 * the demo data's (one year to 2026-03-31); its last ~400,000 lines, whole
 * days, are taken out and written as the file to import, so the import goes
 * into a database that already holds the rest of the year, as a clerk's does.
 * Each import runs in a process of its own (test/helpers/importChild.ts), so
 * the peak resident memory printed is that import's (the kernel's high-water
 * mark of the child's own address space, VmHWM). Wall and CPU times are both
 * printed: on a machine shared with other work the CPU-time ratio is the
 * steadier one. Ratios, measured in the same run:
 *  - CSV: our import (read, detect, check every row, write one batch, keep the
 *    report summaries in step) against a bare prepared-statement insert of the
 *    same rows into a table without indexes (headline; goal ≥ 0.5), and into
 *    order_lines with its indexes;
 *  - XLSX (as Excel writes it: shared strings, date cells): our import time
 *    against SheetJS's own parse of the same file (goal ≤ 0.7), and the
 *    inflating of its sheet entry alone with Node's zlib and with fflate;
 *  - a zip bomb (1 MB inflating to 300 MB of sheet XML): refused, how fast and
 *    at what peak memory (goal: within 2 s, no spike).
 * BENCH_SIZE=city runs the same at a whole city's size (PRODUCT.md: 26,400
 * retailers, 450 specs, one year ≈ 17 M lines; a month's file ≈ 1.4 M lines),
 * on the city database the reports and core benchmarks keep (BENCH_KEEP_DIR; generated once
 * when missing, which takes long: it is opt-in). Both sizes print how long opening the file
 * takes with the integrity check the app runs at start and without it (how a
 * job thread opens it).
 * BENCH_IMPORT_ROWS changes the line count (e.g. 1200000 for the memory
 * goal at three months); BENCH_IMPORT_KEEP=<folder> keeps the base database
 * and the CSV there (to profile an import on its own). The demo database is
 * generated once and kept in the temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as XLSX from 'xlsx';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { writeLargeXlsx, type WCell } from '../helpers/xlsxWriter';
import { bookParts, writeRawZip } from '../unit/masterdata/xlsxCorpus';
import { createBackend } from '../../electron/api/backend';
import type { JobEvent } from '../../electron/api/define';
import { DEMO_VERSION } from '../../electron/domain/masterdata/demo';
import { openOrderSinks } from '../../electron/domain/imports/hooks';
import { inflateEngine, SHEET_LIMITS, ZipFile } from '../../electron/domain/imports/zip';
import {
  applyPendingOrderDays,
  markOrderDays,
  orderDaysSink,
  refreshOrderDays,
} from '../../electron/domain/monitor/orderDays';
import { refreshSummaries } from '../../electron/domain/reports/summaries';
import { fillBuyerMonths } from '../../electron/domain/reports/buyers';
import { migrate } from '../../electron/db/migrate';
import { openDatabase } from '../../electron/db/connection';
import '../../electron/api/contract';
import { keptDatabase, reportsDemoArgv, reportsDemoFile } from './lib/kept';
import { runCli } from '../../electron/cli';

const SIZE = process.env.BENCH_SIZE === 'city' ? 'city' : 'large';
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? (SIZE === 'city' ? 1_400_000 : 400_000));

function backendOn(dbPath: string, dir: string, onEvent?: (e: JobEvent) => void) {
  const events: JobEvent[] = [];
  const b = createBackend({
    dbPath,
    dataDir: dir,
    jobMode: 'inline',
    log: () => {},
    onJobEvent: (e) => {
      events.push(e);
      onEvent?.(e);
    },
  });
  return {
    b,
    job(name: string, input: unknown) {
      events.length = 0;
      const r = b.call('jobs.start', { name, input }, { via: 'bench' });
      if (!r.ok) throw new Error(r.error.message);
      const end = events.find((e) => e.type === 'done' || e.type === 'failed' || e.type === 'cancelled');
      if (!end || end.type !== 'done') throw new Error(JSON.stringify(end));
      return end.result as any;
    },
  };
}

/** CPU time (user + system) of this process since `c`, in ms: less sensitive than wall time to other load. */
const cpuMs = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} 行/秒`;

interface ChildRun {
  /** until the job reported done */
  ms: number;
  cpuMs: number;
  /** with the follow-up jobs it started (they run after it, inline in the child) */
  allMs: number;
  allCpuMs: number;
  allMaxRss: number;
  followUps: { name: string; type: string; result?: { orderDays?: { applied: number; ms: number } } }[];
  firstProgressMs: number | null;
  ok: boolean;
  result?: { rowsImported?: number; rowsRead?: number };
  error?: { code: string; message: string };
  maxRss: number;
}

/** One import job in a process of its own: its time, result and peak memory. */
function importInChild(db: string, dir: string, job: string, input: unknown): ChildRun {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(here, '..', 'helpers', 'importChild.ts'), db, dir, job, JSON.stringify(input)],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`导入子进程失败：${r.stderr.slice(-2000)}`);
  return JSON.parse(last) as ChildRun;
}

/**
 * A large county with a year of demo orders, kept in the temp folder between runs; a city is the
 * reports and core benchmarks' kept city (BENCH_KEEP_DIR), made here when missing.
 */
function demoCounty(out: string[]): string {
  if (SIZE === 'city') {
    const kept = reportsDemoFile('city', 1);
    if (!keptDatabase(kept, "SELECT COUNT(*) FROM import_batches WHERE kind = 'orders'")) {
      const t = performance.now();
      const r = runCli(reportsDemoArgv('city', 1, kept), {});
      if (r.code !== 0) throw new Error('示例数据生成失败：' + r.stderr);
      out.push(`生成示例数据（地市，1年）：${((performance.now() - t) / 1000).toFixed(1)} 秒`);
    }
    return kept;
  }
  const file = path.join(os.tmpdir(), `wb-bench-imports-${SIZE}-v${DEMO_VERSION}.db`);
  if (!keptDatabase(file, "SELECT COUNT(*) FROM import_batches WHERE kind = 'orders'")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-demo-'));
    const t = performance.now();
    const g = backendOn(file, dir);
    const r = g.job('masterdata.demo', { size: SIZE, years: 1, seed: 11, endDate: '2026-03-31' });
    g.b.db.pragma('wal_checkpoint(TRUNCATE)');
    g.b.close();
    fs.rmSync(dir, { recursive: true, force: true });
    out.push(
      `生成示例数据（大县，1年，${r.orderLines.toLocaleString('en-US')} 行订单）：${((performance.now() - t) / 1000).toFixed(1)} 秒`,
    );
  }
  return file;
}

/**
 * Inflating the XLSX's sheet entry alone, through the reader's EntryReader, with Node's zlib and with
 * fflate: CPU ms, the least of three alternating rounds each (in this process, nothing else running).
 */
function inflateFigures(file: string): string {
  const zip = ZipFile.open(file, path.basename(file), fs.statSync(file).size);
  const entry = zip.entry('xl/worksheets/sheet1.xml');
  if (!entry) throw new Error('XLSX 中没有 sheet1.xml');
  const was = inflateEngine.native;
  const best = { zlib: Infinity, fflate: Infinity };
  try {
    for (let round = 0; round < 3; round++) {
      for (const native of [true, false]) {
        inflateEngine.native = native;
        const c = process.cpuUsage();
        const r = zip.open(entry, SHEET_LIMITS);
        let n = 0;
        try {
          for (let b = r.next(); b; b = r.next()) n += b.length;
        } finally {
          r.close();
        }
        const ms = cpuMs(c);
        if (n !== entry.size) throw new Error(`解压得到 ${n} 字节，目录记 ${entry.size} 字节`);
        const k = native ? 'zlib' : 'fflate';
        best[k] = Math.min(best[k], ms);
      }
    }
  } finally {
    inflateEngine.native = was;
  }
  return `解压 XLSX 的工作表（${mb(entry.packed)} → ${mb(entry.size)}，三轮交替取最少）：Node zlib CPU ${best.zlib.toFixed(0)} 毫秒，fflate CPU ${best.fflate.toFixed(0)} 毫秒（比值 ${(best.zlib / best.fflate).toFixed(2)}）`;
}

export async function run(): Promise<string[]> {
  const out: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-imports-'));
  try {
    // The county without its last ~ROWS lines (whole days): the file to import holds those.
    const base = path.join(dir, 'base.db');
    fs.copyFileSync(demoCounty(out), base);
    const setup = new Database(base);
    setup.pragma('journal_mode = WAL');
    migrate(setup); // a kept county from an older build gets the current summary tables
    fillBuyerMonths(setup);
    const yearLines = setup.prepare('SELECT COUNT(*) FROM order_lines').pluck().get() as number;
    const perDay = setup.prepare('SELECT day, COUNT(*) n FROM order_lines GROUP BY day ORDER BY day DESC').all() as {
      day: number;
      n: number;
    }[];
    let dayMin = perDay[0].day;
    for (let i = 0, n = 0; i < perDay.length && n < ROWS; i++) {
      n += perDay[i].n;
      dayMin = perDay[i].day;
    }
    const dayMax = perDay[0].day;
    type Row = {
      day: number;
      orderNo: string;
      retailer: number;
      product: number;
      code: string;
      pcode: string;
      demand: number;
      qty: number;
      price: number;
      amount: number;
    };
    const rows = setup
      .prepare(
        `SELECT o.day, o.order_no AS orderNo, o.retailer_id AS retailer, o.product_id AS product, r.code, p.code AS pcode,
                o.demand_tiao AS demand, o.qty_tiao AS qty, o.price_fen AS price, o.amount_fen AS amount
         FROM order_lines o JOIN retailers r ON r.id = o.retailer_id JOIN products p ON p.id = o.product_id
         WHERE o.day >= ? ORDER BY o.id`,
      )
      .all(dayMin) as Row[];
    setup.transaction(() => {
      setup.prepare('DELETE FROM order_lines WHERE day >= ?').run(dayMin);
      refreshSummaries(setup, dayMin, dayMax);
      // the 内管 order dates follow the lines taken out, as after a rollback
      refreshOrderDays(setup, dayMin, dayMax);
    })();
    setup.pragma('wal_checkpoint(TRUNCATE)');
    const specs = setup.prepare('SELECT COUNT(*) FROM products').pluck().get() as number;
    const retailerCount = setup.prepare('SELECT COUNT(*) FROM retailers').pluck().get() as number;
    setup.close();
    // Opening the file: as the app's live connection does at start (with PRAGMA quick_check, which
    // reads every page) and as a job thread does (header and schema only).
    const opening = (quickCheck: boolean) => {
      const t = performance.now();
      const c = process.cpuUsage();
      openDatabase(base, { skipMigrate: true, quickCheck }).close();
      return { ms: performance.now() - t, cpu: cpuMs(c) };
    };
    const openChecked = opening(true);
    const openPlain = opening(false);
    const iso = (d: number) => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6)}`;
    const csv = path.join(dir, `订单明细${dayMin}-${dayMax}.csv`);
    const fd = fs.openSync(csv, 'w');
    fs.writeSync(fd, '订单日期,订单号,客户编码,卷烟编码,需求量,订购量,单价,金额\n');
    let chunk = '';
    for (const x of rows) {
      chunk += `${iso(x.day)},${x.orderNo},${x.code},${x.pcode},${x.demand},${x.qty},${(x.price / 100).toFixed(2)},${(x.amount / 100).toFixed(2)}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const N = rows.length;
    out.push(
      `规模：${SIZE === 'city' ? '地市' : '大县'} ${retailerCount} 户、${specs} 个规格，示例数据一年 ${yearLines.toLocaleString('en-US')} 行订单`,
    );
    out.push(
      `导入文件：${iso(dayMin)} 至 ${iso(dayMax)} 的订单明细 ${N.toLocaleString('en-US')} 行（CSV ${mb(fs.statSync(csv).size)}），库中已有其余 ${(yearLines - N).toLocaleString('en-US')} 行`,
    );

    out.push(
      `打开数据库文件（${mb(fs.statSync(base).size)}）：含完整性检查 quick_check ${(openChecked.ms / 1000).toFixed(2)} 秒（CPU ${(openChecked.cpu / 1000).toFixed(2)} 秒）；任务线程的打开（不做 quick_check）${openPlain.ms.toFixed(0)} 毫秒`,
    );
    if (process.env.BENCH_IMPORT_KEEP) {
      fs.mkdirSync(process.env.BENCH_IMPORT_KEEP, { recursive: true });
      for (const f of [base, csv]) fs.copyFileSync(f, path.join(process.env.BENCH_IMPORT_KEEP, path.basename(f)));
    }
    // Baselines: the same rows, already resolved, with one prepared statement in one transaction,
    // into a table of the same columns without any index (the headline), and into order_lines itself.
    const bareDb = path.join(dir, 'bare.db');
    fs.copyFileSync(base, bareDb);
    const db = new Database(bareDb);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    db.exec(`CREATE TABLE bare_lines (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, day INTEGER NOT NULL, order_no TEXT NOT NULL,
      retailer_id INTEGER NOT NULL, product_id INTEGER NOT NULL, demand_tiao INTEGER NOT NULL, qty_tiao INTEGER NOT NULL,
      price_fen INTEGER NOT NULL, amount_fen INTEGER NOT NULL)`);
    const batch = Number(
      db
        .prepare(
          `INSERT INTO import_batches(kind, file_name, file_hash, user_login, user_name) VALUES ('orders', 'bare', '-', 'bench', 'bench')`,
        )
        .run().lastInsertRowid,
    );
    const bare = (table: string) => {
      const ins = db.prepare(
        `INSERT INTO ${table}(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const t = performance.now();
      const c = process.cpuUsage();
      db.transaction(() => {
        for (const x of rows)
          ins.run(batch, x.day, x.orderNo, x.retailer, x.product, x.demand, x.qty, x.price, x.amount);
      })();
      return { ms: performance.now() - t, cpu: cpuMs(c) };
    };
    const free = bare('bare_lines');
    const freeMs = free.ms;
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'order_lines' AND sql IS NOT NULL")
      .pluck()
      .all() as string[];
    // What each index costs: the same insert into order_lines with only that index (the others
    // dropped inside a transaction that is rolled back), against none of them, CPU time.
    const onlyIndex = (keep: string | null) => {
      db.exec('BEGIN');
      try {
        for (const name of indexes) if (name !== keep) db.exec(`DROP INDEX ${name}`);
        const ins = db.prepare(
          `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const c = process.cpuUsage();
        for (const x of rows)
          ins.run(batch, x.day, x.orderNo, x.retailer, x.product, x.demand, x.qty, x.price, x.amount);
        return cpuMs(c);
      } finally {
        db.exec('ROLLBACK');
      }
    };
    const noIndexCpu = onlyIndex(null);
    const perIndex = indexes.map((name) => ({ name, extra: onlyIndex(name) - noIndexCpu }));
    // Then the same rows into order_lines itself, with every index (kept: the others' baseline).
    const withIdx = bare('order_lines');
    const bareMs = withIdx.ms;
    // What other modules do with an import's lines inside its transaction (the reports module adds
    // them to its monthly summaries, the 内管 module records the batch's days and line ids), timed
    // alone on the same rows: part of every import, not of the bare insert. The 内管 part on its own
    // (rolled back): its sink as an import feeds it; then what the follow-up scan does with that
    // record (the lines read back by their ids, summed and appended) against — the way before the
    // record, same run — the SQL refresh of the days written; then every module's together.
    const rolledBackCpu = (f: () => void) => {
      const c = process.cpuUsage();
      db.exec('BEGIN');
      try {
        f();
      } finally {
        db.exec('ROLLBACK');
      }
      return cpuMs(c);
    };
    const markCpu = rolledBackCpu(() => {
      const sink = orderDaysSink(db);
      for (const x of rows) sink.add(x.day, x.retailer, x.product, x.demand, x.qty, x.amount);
      sink.commit();
    });
    const ids = db
      .prepare('SELECT MIN(id) AS first, MAX(id) AS last FROM order_lines WHERE batch_id = ?')
      .get(batch) as {
      first: number;
      last: number;
    };
    if (ids.last - ids.first + 1 !== rows.length) throw new Error('裸插入的行号不连续');
    const orderDaysCpu = rolledBackCpu(() => {
      markOrderDays(db, dayMin, dayMax, ids);
      if (applyPendingOrderDays(db) !== 1) throw new Error('内管订货日的待更新记录不是一条');
    });
    const orderDaysSqlCpu = rolledBackCpu(() => refreshOrderDays(db, dayMin, dayMax));
    let t0 = performance.now();
    const hookC = process.cpuUsage();
    db.transaction(() => {
      const sink = openOrderSinks(db);
      for (const x of rows) sink.add(x.day, x.retailer, x.product, x.demand, x.qty, x.amount);
      sink.commit();
    })();
    const hookMs = performance.now() - t0;
    const hookCpu = cpuMs(hookC);
    db.close();
    fs.rmSync(bareDb, { force: true });

    // Ours: CSV, in a process of its own.
    const csvDb = path.join(dir, 'csv.db');
    fs.copyFileSync(base, csvDb);
    const rc = importInChild(csvDb, dir, 'imports.run', { kind: 'orders', file: csv });
    if (!rc.ok || rc.result?.rowsImported !== N)
      throw new Error(`CSV 导入失败或行数不对：${JSON.stringify(rc.error ?? rc.result)}`);
    const csvMs = rc.ms;
    fs.rmSync(csvDb, { force: true });
    const s2 = (ms: number) => `${(ms / 1000).toFixed(2)} 秒`;
    out.push(`裸插入，无索引的同列表（预编译语句、单事务）：${s2(freeMs)}（CPU ${s2(free.cpu)}），${rate(N, freeMs)}`);
    out.push(
      `裸插入，order_lines 本身（${indexes.length} 个索引：${indexes.join('、')}）：${s2(bareMs)}（CPU ${s2(withIdx.cpu)}），${rate(N, bareMs)}`,
    );
    out.push(
      `各索引单独的代价（只留这一个索引插入同样的行，减去不留索引的 CPU ${s2(noIndexCpu)}）：${perIndex.map((x) => `${x.name} +${s2(x.extra)}`).join('，')}`,
    );
    out.push(
      `CSV 导入（读取+表头识别+逐行校验+写入批次+其他模块随导入维护的数据，到导入任务报告完成）：${s2(csvMs)}（CPU ${s2(rc.cpuMs)}），${rate(N, csvMs)}，子进程内存峰值 ${mb(rc.maxRss)}，首次进度 ${Math.round(rc.firstProgressMs ?? -1)} 毫秒`,
    );
    out.push(
      `其中其他模块随导入维护的数据（同样的行，在裸插入库上单独计时）：${s2(hookMs)}（CPU ${s2(hookCpu)}），其中内管订货日（monitor_order_days）在导入中只记下日期与行号 CPU ${s2(markCpu)}，报表月汇总 CPU ${s2(hookCpu - markCpu)}`,
    );
    out.push(
      `内管订货日移到导入后的检查任务中更新（同样的行，在裸插入库上单独计时）：按行号读回、汇总、追加 CPU ${s2(orderDaysCpu)}（按原来的 SQL 刷新 ${s2(orderDaysSqlCpu)}，比值 ${(orderDaysCpu / orderDaysSqlCpu).toFixed(2)}）`,
    );
    const od = rc.followUps.find((f) => f.result?.orderDays)?.result?.orderDays;
    out.push(
      `导入完成之后的后续任务（${rc.followUps.map((f) => `${f.name} ${f.type}`).join('、') || '无'}，更新内管订货日并做内管预警检查，不计入导入）：${s2(rc.allMs - rc.ms)}（CPU ${s2(rc.allCpuMs - rc.cpuMs)}），其中更新订货日 ${od ? `${s2(od.ms)}（${od.applied} 条待更新记录）` : '—'}，连同它的内存峰值 ${mb(rc.allMaxRss)}`,
    );
    // The most ratio 1 can be while order_lines keeps the indexes its queries are planned with and
    // the other modules keep their data in step inside the import: an import that only inserted
    // (same indexes) and ran those modules' upkeep, reading and checking nothing.
    const ceiling = free.cpu / (withIdx.cpu + hookCpu);
    out.push(
      `【比值 1】CSV 导入 ÷ 无索引裸插入，按 CPU 时间 = ${(free.cpu / rc.cpuMs).toFixed(2)}（目标 ≥ 0.5；墙钟 ${(freeMs / csvMs).toFixed(2)}；所需 ${indexes.length} 个索引与其他模块随导入维护的数据给出的上限 ${ceiling.toFixed(2)}，只算索引 ${(free.cpu / withIdx.cpu).toFixed(2)}）；【比值 2】÷ 同索引裸插入（order_lines 的 ${indexes.length} 个索引）= ${(withIdx.cpu / rc.cpuMs).toFixed(2)}（墙钟 ${(bareMs / csvMs).toFixed(2)}）；导入子进程内存峰值 ${mb(rc.maxRss)}（目标 ≤ 400 MB）`,
    );

    // The XLSX is written only now, as Excel writes one (shared strings, date cells), streamed.
    const xlsx = path.join(dir, `订单明细${dayMin}-${dayMax}.xlsx`);
    const serial = (d: number) =>
      (Date.UTC(Math.floor(d / 10000), (Math.floor(d / 100) % 100) - 1, d % 100) - Date.UTC(1899, 11, 30)) / 86400000;
    function* sheetRows(): Generator<WCell[]> {
      yield [`订单明细（${iso(dayMin)}至${iso(dayMax)}）`];
      yield ['订单日期', '订单号', '客户编码', '卷烟编码', '需求量', '订购量', '单价', '金额'];
      for (const x of rows)
        yield [{ serial: serial(x.day) }, x.orderNo, x.code, x.pcode, x.demand, x.qty, x.price / 100, x.amount / 100];
    }
    writeLargeXlsx(xlsx, '订单', sheetRows());
    rows.length = 0;
    out.push(`同样的行写成 XLSX（标题行+表头，共享字符串，日期单元格）：${mb(fs.statSync(xlsx).size)}`);
    global.gc?.();
    t0 = performance.now();
    const parseC = process.cpuUsage();
    let parsed: XLSX.WorkBook | null = XLSX.read(fs.readFileSync(xlsx), { type: 'buffer', dense: true });
    const parseMs = performance.now() - t0;
    const parseCpu = cpuMs(parseC);
    if (!parsed.SheetNames.length) throw new Error('SheetJS read no sheet');
    parsed = null;
    const xDb = path.join(dir, 'xlsx.db');
    fs.copyFileSync(base, xDb);
    const rx = importInChild(xDb, dir, 'imports.run', { kind: 'orders', file: xlsx });
    if (!rx.ok || rx.result?.rowsImported !== N)
      throw new Error(`XLSX 导入失败或行数不对：${JSON.stringify(rx.error ?? rx.result)}`);
    fs.rmSync(xDb, { force: true });
    const xlsxMs = rx.ms;
    out.push(
      `SheetJS 解析同一 XLSX（dense）：${(parseMs / 1000).toFixed(2)} 秒（CPU ${(parseCpu / 1000).toFixed(2)} 秒）`,
    );
    out.push(
      `XLSX 导入：${(xlsxMs / 1000).toFixed(2)} 秒（CPU ${(rx.cpuMs / 1000).toFixed(2)} 秒），${rate(N, xlsxMs)}，子进程内存峰值 ${mb(rx.maxRss)}（连同导入后的内管预警检查 ${mb(rx.allMaxRss)}），首次进度 ${Math.round(rx.firstProgressMs ?? -1)} 毫秒`,
    );
    out.push(
      `【比值 3】XLSX 导入时间 ÷ SheetJS 解析时间 = ${(xlsxMs / parseMs).toFixed(2)}（按 CPU ${(rx.cpuMs / parseCpu).toFixed(2)}；目标 ≤ 0.7，远景 0.5）；不计汇总维护 = ${((xlsxMs - hookMs) / parseMs).toFixed(2)}；解压用 ${inflateEngine.native ? 'Node zlib' : 'fflate'}`,
    );
    out.push(inflateFigures(xlsx));

    // A zip bomb: a real header, then rows inflating to 300 MB from about 1 MB, refused while inflating.
    const bomb = path.join(dir, '订单明细-炸弹.xlsx');
    const cells = ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量']
      .map((h) => `<c t="inlineStr"><is><t>${h}</t></is></c>`)
      .join('');
    const row = '<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>';
    const body = Buffer.concat([
      Buffer.from(`<worksheet><sheetData><row>${cells}</row>`),
      Buffer.alloc(300 << 20, row),
    ]);
    const packed = zlib.deflateRawSync(body, { level: 9 });
    // Twice: with the size its zip directory states (refused on that, before inflating), and with a
    // directory that understates it as 1 MB (refused once it inflates past that, or on the ratio).
    const bDb = path.join(dir, 'bomb.db');
    fs.copyFileSync(base, bDb);
    for (const lies of [false, true]) {
      const entries = Object.entries(bookParts({ sheets: [{ name: '订单', data: '' }] })).map(([name, text]) =>
        name === 'xl/worksheets/sheet1.xml'
          ? { name, data: packed, method: 8 as const, size: lies ? 1 << 20 : body.length }
          : { name, data: Buffer.from(text), method: 0 as const, size: Buffer.byteLength(text) },
      );
      writeRawZip(bomb, entries);
      const rb = importInChild(bDb, dir, 'imports.run', { kind: 'orders', file: bomb });
      out.push(
        `压缩炸弹（${(fs.statSync(bomb).size / 1024).toFixed(0)} KB，解压 300 MB${lies ? '，压缩包目录谎称 1 MB' : ''}）：${rb.ok ? '未拒绝！' : `拒绝，用时 ${(rb.ms / 1000).toFixed(2)} 秒（CPU ${(rb.cpuMs / 1000).toFixed(2)} 秒；目标 ≤ 2 秒），内存峰值 ${mb(rb.maxRss)}；原因：${rb.error?.message}`}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
