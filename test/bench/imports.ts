/**
 * Import speed at large-county size (PRODUCT.md: 6,000 retailers, 350 specs; a
 * month of order lines ≈ 400,000). Baselines measured in the same run:
 *  - CSV: our import (read, detect, check every row, write one batch) against a
 *    bare prepared-statement insert of the same rows into the same table;
 *    goal: our rate ÷ bare rate ≥ 0.5.
 *  - XLSX: our import time against SheetJS's own parse of the same file;
 *    goal: ours ÷ parse ≤ 1.5.
 * Prints rows/s and the peak resident memory seen during each import.
 * BENCH_IMPORT_ROWS overrides the row count (e.g. for a quick look).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as XLSX from 'xlsx';
import { createBackend } from '../../electron/api/backend';
import type { JobEvent } from '../../electron/api/define';
import { seededRandom } from '../../electron/domain/masterdata/demo';
import { notifyOrdersChanged } from '../../electron/domain/imports/hooks';
import '../../electron/api/contract';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 400_000);

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

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} 行/秒`;

export async function run(): Promise<string[]> {
  const out: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-imports-'));
  try {
    // Masters of a large county, no orders.
    const base = path.join(dir, 'base.db');
    const setup = backendOn(base, dir);
    setup.job('masterdata.demo', { size: 'large', years: 1, seed: 11, endDate: '2026-03-31', orders: false });
    const retailers = setup.b.db.prepare('SELECT id, code FROM retailers').all() as { id: number; code: string }[];
    const products = setup.b.db.prepare('SELECT id, code, wholesale_price_fen AS price FROM products').all() as { id: number; code: string; price: number }[];
    setup.b.close();

    // One month of lines: weekly orders of ~16 specs per retailer.
    const rand = seededRandom(3);
    type Row = { day: number; orderNo: string; retailer: number; product: number; code: string; pcode: string; demand: number; qty: number; price: number };
    const rows: Row[] = [];
    for (let i = 0; rows.length < ROWS; i++) {
      const r = retailers[i % retailers.length];
      // Weekly on the retailer's weekday from Monday 2 March 2026 (a large county's month ≈ 4.3 weeks).
      const d = new Date(Date.UTC(2026, 2, 2 + 7 * Math.floor(i / retailers.length) + (i % 5)));
      const day = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
      const orderNo = `DD${day}${r.code.slice(-5)}`;
      const used = new Set<number>();
      for (let k = 0; k < 16 && rows.length < ROWS; k++) {
        const pi = Math.floor(rand() * products.length);
        if (used.has(pi)) continue;
        used.add(pi);
        const p = products[pi];
        const qty = 1 + Math.floor(rand() * 8);
        rows.push({ day, orderNo, retailer: r.id, product: p.id, code: r.code, pcode: p.code, demand: qty + (rand() < 0.1 ? 2 : 0), qty, price: p.price });
      }
    }
    const dayMin = rows.reduce((m, x) => Math.min(m, x.day), Infinity);
    const dayMax = rows.reduce((m, x) => Math.max(m, x.day), 0);
    const iso = (d: number) => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6)}`;
    const csv = path.join(dir, '2026-03订单明细.csv');
    const fd = fs.openSync(csv, 'w');
    fs.writeSync(fd, '订单日期,订单号,客户编码,卷烟编码,需求量,订购量,单价,金额\n');
    let chunk = '';
    for (const x of rows) {
      chunk += `${iso(x.day)},${x.orderNo},${x.code},${x.pcode},${x.demand},${x.qty},${(x.price / 100).toFixed(2)},${((x.price * x.qty) / 100).toFixed(2)}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    out.push(`规模：大县 ${retailers.length} 户、${products.length} 个规格；订单明细 ${ROWS.toLocaleString('en-US')} 行（CSV ${mb(fs.statSync(csv).size)}）`);

    // Baseline: the same rows, already resolved, with one prepared statement in one transaction.
    const bareDb = path.join(dir, 'bare.db');
    fs.copyFileSync(base, bareDb);
    const db = new Database(bareDb);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    const batch = Number(db.prepare(`INSERT INTO import_batches(kind, file_name, file_hash, user_login, user_name) VALUES ('orders', 'bare', '-', 'bench', 'bench')`).run().lastInsertRowid);
    const ins = db.prepare('INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    let t0 = performance.now();
    db.transaction(() => {
      for (const x of rows) ins.run(batch, x.day, x.orderNo, x.retailer, x.product, x.demand, x.qty, x.price, x.price * x.qty);
    })();
    const bareMs = performance.now() - t0;
    // What other modules do after any change of order lines (the reports module's monthly
    // summaries), timed on the same rows: part of every import, not of the bare insert.
    t0 = performance.now();
    db.transaction(() => notifyOrdersChanged(db, dayMin, dayMax))();
    const hookMs = performance.now() - t0;
    db.close();

    // Ours: CSV.
    const csvDb = path.join(dir, 'csv.db');
    fs.copyFileSync(base, csvDb);
    let peak = process.memoryUsage().rss;
    const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
    const a = backendOn(csvDb, dir, sample);
    t0 = performance.now();
    const rc = a.job('imports.run', { kind: 'orders', file: csv });
    const csvMs = performance.now() - t0;
    sample();
    a.b.close();
    if (rc.rowsImported !== ROWS) throw new Error(`CSV 导入了 ${rc.rowsImported} 行，应为 ${ROWS}`);
    out.push(`裸插入（同表、同索引、预编译语句、单事务）：${(bareMs / 1000).toFixed(2)} 秒，${rate(ROWS, bareMs)}`);
    out.push(`CSV 导入（读取+表头识别+逐行校验+写入批次）：${(csvMs / 1000).toFixed(2)} 秒，${rate(ROWS, csvMs)}，内存峰值 ${mb(peak)}`);
    out.push(`其中订单变动钩子（报表模块的月汇总刷新，在裸插入库上单独计时）：${(hookMs / 1000).toFixed(2)} 秒`);
    out.push(`CSV 导入速率 ÷ 裸插入速率 = ${(bareMs / csvMs).toFixed(2)}（目标 ≥ 0.5）；不计钩子 = ${(bareMs / Math.max(1, csvMs - hookMs)).toFixed(2)}`);

    // The XLSX is written only now, so its garbage does not weigh on the CSV measurements.
    const xlsx = path.join(dir, '2026-03订单明细.xlsx');
    const aoa: (string | number)[][] = [[`订单明细（${iso(dayMin)}至${iso(dayMax)}）`], ['订单日期', '订单号', '客户编码', '卷烟编码', '需求量', '订购量', '单价', '金额']];
    for (const x of rows) aoa.push([iso(x.day), x.orderNo, x.code, x.pcode, x.demand, x.qty, x.price / 100, (x.price * x.qty) / 100]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { dense: true } as XLSX.AOA2SheetOpts), '订单');
    fs.writeFileSync(xlsx, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
    aoa.length = 0;
    rows.length = 0;
    out.push(`同样的行写成 XLSX（标题行+表头）：${mb(fs.statSync(xlsx).size)}`);
    // Ours: XLSX, against SheetJS's own parse of the same file.
    global.gc?.();
    t0 = performance.now();
    let parsed: XLSX.WorkBook | null = XLSX.read(fs.readFileSync(xlsx), { type: 'buffer', dense: true });
    const parseMs = performance.now() - t0;
    if (!parsed.SheetNames.length) throw new Error('SheetJS read no sheet');
    parsed = null; // not held during our import (peak memory is ours)
    const xDb = path.join(dir, 'xlsx.db');
    fs.copyFileSync(base, xDb);
    peak = process.memoryUsage().rss;
    const c = backendOn(xDb, dir, sample);
    t0 = performance.now();
    const rx = c.job('imports.run', { kind: 'orders', file: xlsx });
    const xlsxMs = performance.now() - t0;
    sample();
    c.b.close();
    if (rx.rowsImported !== ROWS) throw new Error(`XLSX 导入了 ${rx.rowsImported} 行，应为 ${ROWS}`);
    out.push(`SheetJS 解析同一 XLSX（dense）：${(parseMs / 1000).toFixed(2)} 秒`);
    out.push(`XLSX 导入：${(xlsxMs / 1000).toFixed(2)} 秒，${rate(ROWS, xlsxMs)}，内存峰值 ${mb(peak)}`);
    out.push(`XLSX 导入时间 ÷ SheetJS 解析时间 = ${(xlsxMs / parseMs).toFixed(2)}（目标 ≤ 1.5）；不计钩子 = ${((xlsxMs - hookMs) / parseMs).toFixed(2)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
