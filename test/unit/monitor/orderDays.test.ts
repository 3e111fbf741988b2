/**
 * The kept order dates of the 内管 scan (monitor_order_days, migration 073) follow the order
 * lines through imports that add days after, add days before, replace a day and are rolled back;
 * after each step they equal (a) the hand-worked rows of the two pairs below, (b) the rows plain
 * loops compute from every order line, and (c) a rebuild from scratch.
 *
 * Retailer 420100001 (R1) × spec 6901028000001 (P1), three previous order dates:
 *   file 1: 03-02 5, 03-09 0 (not an order date), 03-16 7, 03-23 3 + 2 (two lines) = 5, 03-30 9
 *           → 03-30 base 5 + 7 + 5 = 17; the others have fewer than three before them
 *   file 2: 04-06 30 → base 7 + 5 + 9 = 21
 *   file 3: 02-23 2 (an earlier day) → 03-23 base 2 + 5 + 7 = 14, 03-30 17, 04-06 21
 *   file 4: replaces 03-23 with 12 → 03-23 14, 03-30 5 + 7 + 12 = 24, 04-06 7 + 12 + 9 = 28
 *   rolling back file 4, then file 3, gives back the rows after file 3, then after file 2
 * Retailer 420100002 (R2) × spec 6901028000002 (P2): 03-02 4, 03-16 6, 03-23 3 (file 1), 03-31 2
 *   and 04-06 1 (file 2: a later day of the same month and the next month) → 03-31 base
 *   4 + 6 + 3 = 13, 04-06 6 + 3 + 2 = 11; file 4 replaces 03-23 without R2 → 03-31 has two earlier
 *   dates only (no base), 04-06 4 + 6 + 2 = 12.
 * Each import's follow-up scan applies what it recorded; a rollback's record is applied by the next
 * reader (here `kept()`, as every reader does).
 * With the setting at two previous dates, a scan rebuilds the rows for two (second test).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import path from 'node:path';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { importMasters, writeCsv } from '../masterdata/fixtures';
import { applyPendingOrderDays, rebuildOrderDays } from '../../../electron/domain/monitor/orderDays';

let t: TestBackend;

beforeEach(() => {
  t = testBackend();
  importMasters(t);
});
afterEach(() => t.close());

const R1 = '420100001';
const R2 = '420100002';
const P1 = '6901028000001';
const P2 = '6901028000002';
const HEAD = ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'];
let files = 0;
function importOrders(rows: (string | number)[][], replace = false): number {
  const file = writeCsv(path.join(t.dir, `orders${++files}.csv`), [HEAD, ...rows]);
  const end = t.job('imports.run', { kind: 'orders', file, replace });
  expect(end.type).toBe('done');
  return t.backend.db.prepare('SELECT MAX(id) FROM import_batches').pluck().get() as number;
}

type Row = { day: number; retailer: string; spec: string; qty: number; base: number | null };
const show = (rows: Row[]) => rows.map((r) => `${r.retailer} ${r.spec} ${r.day} ${r.qty} ${r.base ?? '-'}`);

/** The kept rows as a reader sees them (every reader applies the recorded changes first). */
function kept(): string[] {
  applyPendingOrderDays(t.backend.db);
  const rows = t.backend.db
    .prepare(
      `SELECT k.day, r.code AS retailer, p.code AS spec, k.qty, k.base FROM monitor_order_days k
       JOIN retailers r ON r.id = k.retailer_id JOIN products p ON p.id = k.product_id
       ORDER BY r.code, p.code, k.day`,
    )
    .all() as Row[];
  return show(rows);
}

/** The rows from the order lines by plain loops: per pair, each day's sum > 0, the previous n summed. */
function fromLines(n: number): string[] {
  const lines = t.backend.db
    .prepare(
      `SELECT ol.day, r.code AS retailer, p.code AS spec, ol.qty_tiao AS q FROM order_lines ol
       JOIN retailers r ON r.id = ol.retailer_id JOIN products p ON p.id = ol.product_id`,
    )
    .all() as { day: number; retailer: string; spec: string; q: number }[];
  const days = new Map<string, Map<number, number>>();
  for (const l of lines) {
    const key = `${l.retailer} ${l.spec}`;
    const m = days.get(key) ?? new Map<number, number>();
    m.set(l.day, (m.get(l.day) ?? 0) + l.q);
    days.set(key, m);
  }
  const out: Row[] = [];
  for (const key of [...days.keys()].sort()) {
    const [retailer, spec] = key.split(' ');
    const dated = [...days.get(key)!].filter(([, q]) => q > 0).sort((a, b) => a[0] - b[0]);
    dated.forEach(([day, qty], i) => {
      let base: number | null = null;
      if (i >= n) {
        base = 0;
        for (let j = i - n; j < i; j++) base += dated[j][1];
      }
      out.push({ day, retailer, spec, qty, base });
    });
  }
  return show(out);
}

/** The rows a rebuild from scratch writes (rolled back afterwards). */
function rebuilt(n: number): string[] {
  const db = t.backend.db;
  db.exec('SAVEPOINT rebuild');
  try {
    rebuildOrderDays(db, n);
    return kept();
  } finally {
    db.exec('ROLLBACK TO rebuild');
    db.exec('RELEASE rebuild');
  }
}

function expectInStep(pairs: string[]) {
  const now = kept();
  expect(now.filter((r) => r.startsWith(`${R1} ${P1} `) || r.startsWith(`${R2} ${P2} `))).toEqual(pairs);
  expect(now).toEqual(fromLines(3));
  expect(rebuilt(3)).toEqual(now);
}

const AFTER_FILE_2 = [
  `${R1} ${P1} 20260302 5 -`,
  `${R1} ${P1} 20260316 7 -`,
  `${R1} ${P1} 20260323 5 -`,
  `${R1} ${P1} 20260330 9 17`,
  `${R1} ${P1} 20260406 30 21`,
  `${R2} ${P2} 20260302 4 -`,
  `${R2} ${P2} 20260316 6 -`,
  `${R2} ${P2} 20260323 3 -`,
  `${R2} ${P2} 20260331 2 13`,
  `${R2} ${P2} 20260406 1 11`,
];
const AFTER_FILE_3 = [
  `${R1} ${P1} 20260223 2 -`,
  `${R1} ${P1} 20260302 5 -`,
  `${R1} ${P1} 20260316 7 -`,
  `${R1} ${P1} 20260323 5 14`,
  `${R1} ${P1} 20260330 9 17`,
  `${R1} ${P1} 20260406 30 21`,
  ...AFTER_FILE_2.slice(5),
];

it('keeps each pair’s order dates and baselines in step with imports, replaces and rollbacks', () => {
  importOrders([
    ['2026-03-02', 'A1', R1, P1, 5, '190.80'],
    ['2026-03-09', 'A2', R1, P1, 0, '190.80'],
    ['2026-03-16', 'A3', R1, P1, 7, '190.80'],
    ['2026-03-23', 'A4', R1, P1, 3, '190.80'],
    ['2026-03-23', 'A5', R1, P1, 2, '190.80'],
    ['2026-03-30', 'A6', R1, P1, 9, '190.80'],
    ['2026-03-02', 'B1', R2, P2, 4, '62.54'],
    ['2026-03-16', 'B2', R2, P2, 6, '62.54'],
    ['2026-03-23', 'B3', R2, P2, 3, '62.54'],
    ['2026-03-16', 'B4', R2, '6901028000003', 8, '25.44'],
  ]);
  expectInStep([...AFTER_FILE_2.slice(0, 4), ...AFTER_FILE_2.slice(5, 8)]);

  importOrders([
    ['2026-04-06', 'C1', R1, P1, 30, '190.80'],
    ['2026-04-06', 'C2', R2, P2, 1, '62.54'],
    ['2026-03-31', 'C3', R2, P2, 2, '62.54'],
  ]);
  expectInStep(AFTER_FILE_2);

  const third = importOrders([['2026-02-23', 'D1', R1, P1, 2, '190.80']]);
  expectInStep(AFTER_FILE_3);

  const fourth = importOrders([['2026-03-23', 'E1', R1, P1, 12, '190.80']], true);
  expectInStep([
    `${R1} ${P1} 20260223 2 -`,
    `${R1} ${P1} 20260302 5 -`,
    `${R1} ${P1} 20260316 7 -`,
    `${R1} ${P1} 20260323 12 14`,
    `${R1} ${P1} 20260330 9 24`,
    `${R1} ${P1} 20260406 30 28`,
    `${R2} ${P2} 20260302 4 -`,
    `${R2} ${P2} 20260316 6 -`,
    `${R2} ${P2} 20260331 2 -`,
    `${R2} ${P2} 20260406 1 12`,
  ]);

  // a rollback runs no scan: it records its dates, applied by the next reader
  const pending = t.backend.db.prepare('SELECT day_from, day_to, first_line_id FROM monitor_order_days_pending');
  expect(pending.all()).toEqual([]);
  t.call('imports.rollback', { batchId: fourth });
  expect(pending.all()).toEqual([{ day_from: 20260323, day_to: 20260323, first_line_id: null }]);
  expectInStep(AFTER_FILE_3);
  t.call('imports.rollback', { batchId: third });
  expectInStep(AFTER_FILE_2);
  expect(pending.all()).toEqual([]);
});

it('a scan with another number of previous dates rebuilds the rows for it', () => {
  importOrders([
    ['2026-03-02', 'A1', R1, P1, 20, '190.80'],
    ['2026-03-16', 'A3', R1, P1, 1, '190.80'],
    ['2026-03-23', 'A4', R1, P1, 5, '190.80'],
    ['2026-03-30', 'A6', R1, P1, 9, '190.80'],
    ['2026-04-06', 'C1', R1, P1, 30, '190.80'],
  ]);
  t.call('settings.update', { monitorSurgeHistory: 2 });
  // 04-06: 30 against (5 + 9) / 2 = 7 → fires (with three dates the mean would be 15 / 3 = 5);
  // 03-30: 9 against (1 + 5) / 2 = 3 → 3× but only 6 over → none; 03-23: 5 against 10.5 → none
  const r = t.call('monitor.scan', { from: '2026-03-01', to: '2026-04-30', rules: ['surge'] });
  expect(r.warnings.map((w: any) => `${w.day} ${w.valueTiao} ${w.baseline}`)).toEqual(['2026-04-06 30 7']);
  expect(t.backend.db.prepare('SELECT history FROM monitor_order_days_state').pluck().get()).toBe(2);
  expect(kept()).toEqual([
    `${R1} ${P1} 20260302 20 -`,
    `${R1} ${P1} 20260316 1 -`,
    `${R1} ${P1} 20260323 5 21`,
    `${R1} ${P1} 20260330 9 6`,
    `${R1} ${P1} 20260406 30 14`,
  ]);
  expect(kept()).toEqual(fromLines(2));
});
