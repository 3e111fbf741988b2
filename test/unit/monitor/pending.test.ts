/**
 * The 内管 order dates (monitor_order_days) are brought in step after the transaction that changed
 * the order lines: the import, replace or rollback only records what changed
 * (monitor_order_days_pending, migration 075); the scan that follows an import applies it, and so
 * does every reader (a scan from the page, monitor.rebuild) before it reads the rows. After every
 * path below the whole table equals (a) a rebuild from scratch of the same lines and (b) the rows
 * plain loops compute from every line (keptRows.ts):
 *  - an import of two months (the first into an empty table), then a later month (appended after
 *    every kept row: the lines read back by their ids), then days before kept rows (refreshed);
 *  - a replace of some days, and its rollback (which runs no scan: the next reader applies it);
 *  - an import whose follow-up scan never ran (cancelled as it starts, as after a crash): the rows
 *    lag the lines until a reader applies the record — a scan from the page, the next import's
 *    follow-up, or monitor.rebuild;
 *  - a rollback of a batch whose record was never applied, and two imports left pending in
 *    reverse date order.
 * The lines: the fixture's 4 retailers × 3 specs, each pair ordering on about 60 % of the days,
 * some lines of 0 条 and some days with a second line (from a seeded generator).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import path from 'node:path';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { importMasters, writeCsv } from '../masterdata/fixtures';
import { rebuildOrderDays } from '../../../electron/domain/monitor/orderDays';
import { keptRows, rowsFromLines } from './keptRows';

let t: TestBackend;
beforeEach(() => {
  t = testBackend();
  importMasters(t);
});
afterEach(() => t.close());

const HEAD = ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'];
const RETAILERS = ['420100001', '420100002', '420100003', '420100004'];
const SPECS: [string, string][] = [
  ['6901028000001', '190.80'],
  ['6901028000002', '62.54'],
  ['6901028000003', '25.44'],
];

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
let files = 0;

/** The days of a month whose day number leaves `rest` divided by 3 (three interleaved sets). */
const days = (month: string, rest: number) => {
  const out: string[] = [];
  for (let d = 1; d <= 28; d++) if (d % 3 === rest) out.push(`${month}-${String(d).padStart(2, '0')}`);
  return out;
};

function orderRows(dates: string[], qty = () => (random() < 0.1 ? 0 : 1 + Math.floor(random() * 25))) {
  const rows: (string | number)[][] = [];
  const tag = `F${files + 1}`;
  for (const day of dates)
    for (const r of RETAILERS)
      for (const [p, price] of SPECS) {
        if (random() > 0.6) continue;
        rows.push([day, `${tag}-${day}-${r}-1`, r, p, qty(), price]);
        if (random() < 0.15) rows.push([day, `${tag}-${day}-${r}-2`, r, p, qty(), price]);
      }
  return rows;
}

interface Imported {
  batchId: number;
  /** the follow-up scan's end: done (with what it applied) or cancelled */
  followUp: { type: string; result?: { orderDays?: { applied: number } } };
}

/** One orders file imported; `crash`: its follow-up scan is cancelled as it starts (it applies nothing). */
function importOrders(rows: (string | number)[][], opts: { replace?: boolean; crash?: boolean } = {}): Imported {
  const file = writeCsv(path.join(t.dir, `orders${++files}.csv`), [HEAD, ...rows]);
  const b = testBackend({
    dataDir: t.dir,
    dbPath: t.dbPath,
    onJobEvent: (e) => {
      if (opts.crash && e.name === 'monitor.scanImported' && e.type === 'started')
        b.backend.call('jobs.cancel', { jobId: e.jobId }, { via: 'cli' });
      b.events.push(e);
    },
  });
  try {
    const end = b.job('imports.run', { kind: 'orders', file, replace: opts.replace ?? false }) as any;
    expect(end.type).toBe('done');
    expect(end.result.rowsImported).toBe(rows.length);
    const id = end.result.followUps[0].jobId;
    const followUp = b.events.find((e) => e.jobId === id && e.type !== 'started' && e.type !== 'progress') as any;
    return {
      batchId: b.backend.db.prepare('SELECT MAX(id) FROM import_batches').pluck().get() as number,
      followUp,
    };
  } finally {
    b.close();
  }
}

const db = () => t.backend.db;

/** The whole table, every column, in key order. */
const dump = () =>
  (
    db()
      .prepare(
        'SELECT month, retailer_id, product_id, day, qty, base FROM monitor_order_days ORDER BY month, retailer_id, product_id, day',
      )
      .all() as { month: number; retailer_id: number; product_id: number; day: number; qty: number; base: number }[]
  ).map((r) => `${r.month} ${r.retailer_id} ${r.product_id} ${r.day} ${r.qty} ${r.base ?? '-'}`);

/** The table a rebuild from scratch writes from the same lines (rolled back afterwards). */
function fresh(): string[] {
  db().exec('SAVEPOINT fresh');
  try {
    rebuildOrderDays(db(), 3);
    return dump();
  } finally {
    db().exec('ROLLBACK TO fresh');
    db().exec('RELEASE fresh');
  }
}

const pending = () =>
  db()
    .prepare(
      'SELECT day_from AS "from", day_to AS "to", first_line_id IS NOT NULL AS added FROM monitor_order_days_pending ORDER BY id',
    )
    .all();

/** The table as it stands equals a rebuild from scratch and the plain loops, with nothing pending. */
function expectExact() {
  expect(pending()).toEqual([]);
  const rows = dump();
  expect(rows).toEqual(fresh());
  expect(keptRows(db())).toEqual(rowsFromLines(db(), 3));
  return rows;
}

/** A reader: the page's scan of one day (it applies every pending record first). */
const scanFromPage = () => t.call('monitor.scan', { from: '2026-01-05', to: '2026-01-05', rules: ['surge'] });

it('imports appended or into the past, a replace and its rollback: the table equals a rebuild after each', () => {
  const first = importOrders(orderRows([...days('2026-01', 0), ...days('2026-02', 0)]));
  expect(first.followUp.type).toBe('done');
  expect(first.followUp.result?.orderDays?.applied).toBe(1);
  const rows1 = expectExact();
  expect(rows1.length).toBeGreaterThan(100);
  expect(rows1.some((r) => !r.endsWith(' -'))).toBe(true); // pairs with three earlier dates

  // a later month: after every kept row
  const march = importOrders(orderRows(days('2026-03', 0)));
  expect(march.followUp.result?.orderDays?.applied).toBe(1);
  expectExact();

  // days before kept rows (February's days left by the first file): refreshed
  importOrders(orderRows(days('2026-02', 1)));
  expectExact();
  // days before every kept row and line (2026-01-01 on): the table written again from every line
  importOrders(orderRows(days('2026-01', 1)));
  const beforeReplace = expectExact();

  // a replace of two March days with other quantities, then its rollback (no scan follows a rollback)
  const replace = importOrders(
    orderRows(['2026-03-03', '2026-03-06'], () => 40 + Math.floor(random() * 10)),
    {
      replace: true,
    },
  );
  expect(
    db().prepare('SELECT replaced_lines FROM import_batches WHERE id = ?').pluck().get(replace.batchId),
  ).toBeGreaterThan(0);
  const replaced = expectExact();
  expect(replaced).not.toEqual(beforeReplace);
  t.call('imports.rollback', { batchId: replace.batchId });
  expect(pending()).toEqual([{ from: 20260303, to: 20260306, added: 0 }]);
  expect(dump()).toEqual(replaced); // not yet applied: the rows of the lines before the rollback
  scanFromPage();
  expect(expectExact()).toEqual(beforeReplace);
});

it('a follow-up that never ran: the next reader, the next import’s follow-up or a rebuild applies it', () => {
  importOrders(orderRows([...days('2026-01', 0), ...days('2026-02', 0)]));
  expectExact();

  // March imported, its scan never ran: the rows lag the lines until a reader applies the record
  const march = importOrders(orderRows(days('2026-03', 0)), { crash: true });
  expect(march.followUp.type).toBe('cancelled');
  const lines = db()
    .prepare('SELECT MIN(id) AS a, MAX(id) AS b FROM order_lines WHERE batch_id = ?')
    .get(march.batchId) as {
    a: number;
    b: number;
  };
  expect(db().prepare('SELECT first_line_id AS a, last_line_id AS b FROM monitor_order_days_pending').get()).toEqual(
    lines,
  );
  expect(dump()).not.toEqual(fresh());
  scanFromPage();
  expectExact();

  // April's scan never ran; May's follow-up applies both (two appends in date order)
  importOrders(orderRows(days('2026-04', 0)), { crash: true });
  const may = importOrders(orderRows(days('2026-05', 0)));
  expect(may.followUp.result?.orderDays?.applied).toBe(2);
  expectExact();

  // days before kept rows left pending, then a later month: the follow-up refreshes both ranges
  importOrders(orderRows(days('2026-03', 1)), { crash: true });
  const june = importOrders(orderRows(days('2026-06', 0)));
  expect(june.followUp.result?.orderDays?.applied).toBe(2);
  expectExact();

  // two imports left pending in reverse date order (August, then July), then a page scan
  importOrders(orderRows(days('2026-08', 0)), { crash: true });
  importOrders(orderRows(days('2026-07', 0)), { crash: true });
  expect(pending()).toEqual([
    { from: 20260803, to: 20260827, added: 1 },
    { from: 20260703, to: 20260727, added: 1 },
  ]);
  scanFromPage();
  expectExact();

  // a pending import, then monitor.rebuild: the rebuild takes every line and clears the record
  importOrders(orderRows(days('2026-09', 0)), { crash: true });
  expect(t.job('monitor.rebuild', {}).type).toBe('done');
  expectExact();
});

it('rolling back a batch before and after its record was applied comes out exact', () => {
  importOrders(orderRows([...days('2026-01', 0), ...days('2026-02', 0)]));
  const before = expectExact();

  // March imported, its scan never ran, then rolled back: both records applied by the next reader
  const march = importOrders(orderRows(days('2026-03', 0)), { crash: true });
  t.call('imports.rollback', { batchId: march.batchId });
  expect(pending()).toEqual([
    { from: 20260303, to: 20260327, added: 1 },
    { from: 20260303, to: 20260327, added: 0 },
  ]);
  scanFromPage();
  expect(expectExact()).toEqual(before);

  // days into the past whose scan never ran, rolled back: the same
  const past = importOrders(orderRows(days('2026-02', 1)), { crash: true });
  t.call('imports.rollback', { batchId: past.batchId });
  scanFromPage();
  expect(expectExact()).toEqual(before);

  // April imported and followed up, then rolled back
  const april = importOrders(orderRows(days('2026-04', 0)));
  expect(expectExact()).not.toEqual(before);
  t.call('imports.rollback', { batchId: april.batchId });
  scanFromPage();
  expect(expectExact()).toEqual(before);
});
