/**
 * 内管 scan speed at large-county size (PRODUCT.md: 6,000 retailers, 350 specs, ~4 M lines a
 * year): the four rules over the last month of the demo county (a year of orders to
 * 2026-03-31, the same kept database as the imports benchmark), 重点监管 = the 一类 specs,
 * default thresholds. Timed (median of 3 after a warm-up, each scan in a transaction rolled
 * back so every run stores its warnings afresh): the whole scan with storing, each rule's
 * finding alone, and — the baseline, same run — one plain pass over the month's lines (a
 * SELECT iterating every line and summing it). Goal: the scan under 1 s. Then the kept order
 * dates (monitor_order_days): writing March's rows as an import of March does (its sink fed the
 * month's lines) against the SQL refresh of the same days, and the month-by-month rebuild against
 * migration 073's one-statement build.
 * BENCH_MONITOR_DB uses another database (it is copied, never changed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../../electron/api/backend';
import { scanWarnings, RULES } from '../../electron/domain/monitor';
import { findWarnings, readThresholds } from '../../electron/domain/monitor/scan';
import { orderDaysSink, rebuildOrderDays, refreshOrderDays } from '../../electron/domain/monitor/orderDays';
import '../../electron/api/contract';
import { largeCounty, median, timed } from './lib/largeCounty';

const FROM = 20260301;
const TO = 20260331;

class Rollback extends Error {}

export function run(): string[] {
  const out: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-monitor-'));
  try {
    const file = path.join(dir, 'county.db');
    fs.copyFileSync(largeCounty(out), file);
    const b = createBackend({ dbPath: file, dataDir: dir, jobMode: 'inline', log: () => {} });
    try {
      const db = b.db;
      // A demo generated since the demo has its own 重点监管 set and scanned warnings: start from none.
      db.exec(
        "DELETE FROM monitor_ledger; DELETE FROM monitor_warning_docs; DELETE FROM monitor_warnings; DELETE FROM code_sets WHERE name = '重点监管'",
      );
      const made = b.call(
        'masterdata.createSet',
        { name: '重点监管', kind: 'products', rule: { field: '价类', value: '一类' } },
        { via: 'cli' },
      );
      if (!made.ok) throw new Error(made.error!.message);
      const lines = db
        .prepare('SELECT COUNT(*) FROM order_lines WHERE day BETWEEN ? AND ?')
        .pluck()
        .get(FROM, TO) as number;
      const all = db.prepare('SELECT COUNT(*) FROM order_lines').pluck().get() as number;
      const retailers = db.prepare('SELECT COUNT(*) FROM retailers').pluck().get() as number;
      out.push(
        `大县：${retailers.toLocaleString('en-US')} 户，全年 ${all.toLocaleString('en-US')} 行订单；检查 2026年3月 ${lines.toLocaleString('en-US')} 行`,
      );

      // baseline: one plain pass over the same lines
      const pass = db.prepare(
        'SELECT retailer_id, product_id, day, qty_tiao FROM order_lines WHERE day BETWEEN ? AND ?',
      );
      let sum = 0;
      const passT = timed(() => {
        sum = 0;
        for (const r of pass.iterate(FROM, TO) as Iterable<{ qty_tiao: number }>) sum += r.qty_tiao;
      });

      // the scan with storing, rolled back after each run
      let found = 0;
      const byRule = new Map<string, number>();
      const scanT = timed(() => {
        try {
          db.transaction(() => {
            const r = scanWarnings(db, FROM, TO, RULES);
            found = r.found;
            throw new Rollback();
          })();
        } catch (e) {
          if (!(e instanceof Rollback)) throw e;
        }
      });
      const t = readThresholds(db);
      const ruleMs = RULES.map((rule) => {
        const ms = median(() => {
          byRule.set(rule, findWarnings(db, FROM, TO, [rule], t).length);
        });
        return `${rule} ${ms.toFixed(0)} 毫秒（${byRule.get(rule)} 条）`;
      });
      // keeping the order dates: what an import of the month adds (its dates refreshed), and a full rebuild
      const rolledBack = (f: () => void) => () => {
        try {
          db.transaction(() => {
            f();
            throw new Rollback();
          })();
        } catch (e) {
          if (!(e instanceof Rollback)) throw e;
        }
      };
      // an import of the month's new days: its rows are taken away first (not timed), then written
      // as an import does (its sink fed the month's lines in file order, then committed), and — the
      // earlier way, same run — refreshed in SQL from the lines already written
      const drop = db.prepare('DELETE FROM monitor_order_days WHERE month BETWEEN ? AND ?');
      const monthLines = db
        .prepare('SELECT day, retailer_id, product_id, qty_tiao FROM order_lines WHERE day BETWEEN ? AND ? ORDER BY id')
        .raw()
        .all(FROM, TO) as number[][];
      const upkeep = (f: () => void) => {
        const wall: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < 3; i++)
          rolledBack(() => {
            drop.run(Math.floor(FROM / 100), Math.floor(TO / 100));
            const c = process.cpuUsage();
            const t0 = performance.now();
            f();
            wall.push(performance.now() - t0);
            const d = process.cpuUsage(c);
            cpu.push((d.user + d.system) / 1000);
          })();
        return { ms: wall.sort((a, b) => a - b)[1], cpu: cpu.sort((a, b) => a - b)[1] };
      };
      const sinkT = upkeep(() => {
        const sink = orderDaysSink(db);
        for (const [day, r, p, q] of monthLines) sink.add(day, r, p, q, q, 0);
        sink.commit();
      });
      const refreshT = upkeep(() => refreshOrderDays(db, FROM, TO));
      let kept = 0;
      const rebuildT = timed(
        rolledBack(() => {
          kept = rebuildOrderDays(db, t.surgeHistory).rows;
        }),
        1,
      );
      // the one-statement build of migration 073 (a window over every pair's grouped lines), same run
      const buildSql = fs
        .readFileSync(
          path.join(
            path.dirname(fileURLToPath(import.meta.url)),
            '../../electron/db/migrations/073_monitor_order_days.sql',
          ),
          'utf8',
        )
        .split(/;\s*\n/)
        .find((x) => x.includes('INSERT INTO monitor_order_days('))!;
      const oneStatementT = timed(
        rolledBack(() => {
          db.exec('DELETE FROM monitor_order_days');
          db.exec(buildSql);
        }),
        1,
      );
      const passMs = passT.ms;
      const scanMs = scanT.ms;
      out.push(
        `一次普通遍历（SELECT 逐行累加，${sum.toLocaleString('en-US')} 条）：${passMs.toFixed(0)} 毫秒（CPU ${passT.cpu.toFixed(0)} 毫秒）`,
      );
      out.push(
        `内管检查（四条规则并保存预警，发现 ${found.toLocaleString('en-US')} 条）：${scanMs.toFixed(0)} 毫秒（CPU ${scanT.cpu.toFixed(0)} 毫秒）；目标 < 1000 毫秒 ${scanMs < 1000 ? '达标' : '未达标'}`,
      );
      out.push(`比值 检查 ÷ 普通遍历：${(scanMs / passMs).toFixed(2)}（按 CPU ${(scanT.cpu / passT.cpu).toFixed(2)}）`);
      out.push(`各规则（只查找，不保存）：${ruleMs.join('；')}`);
      const cpuRatio = (x: { cpu: number }) => (x.cpu / passT.cpu).toFixed(2);
      out.push(
        `订货日表（${kept.toLocaleString('en-US')} 行）随导入写入这个月（${monthLines.length.toLocaleString('en-US')} 行订单）：导入时逐行汇总、提交时追加 ${sinkT.ms.toFixed(0)} 毫秒（CPU ${sinkT.cpu.toFixed(0)} 毫秒，按 CPU 为普通遍历的 ${cpuRatio(sinkT)} 倍）；原来的 SQL 刷新 ${refreshT.ms.toFixed(0)} 毫秒（CPU ${refreshT.cpu.toFixed(0)} 毫秒，${cpuRatio(refreshT)} 倍）；比值 追加 ÷ SQL 刷新：按 CPU ${(sinkT.cpu / refreshT.cpu).toFixed(2)}，墙钟 ${(sinkT.ms / refreshT.ms).toFixed(2)}`,
      );
      out.push(
        `全部重建（逐月，可取消）：${(rebuildT.ms / 1000).toFixed(1)} 秒（CPU ${(rebuildT.cpu / 1000).toFixed(1)} 秒）；迁移 073 的单条语句重建 ${(oneStatementT.ms / 1000).toFixed(1)} 秒（CPU ${(oneStatementT.cpu / 1000).toFixed(1)} 秒）；比值 按 CPU ${(rebuildT.cpu / oneStatementT.cpu).toFixed(2)}`,
      );
    } finally {
      b.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
