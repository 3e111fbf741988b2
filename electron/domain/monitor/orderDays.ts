/**
 * The order dates the 内管 scan reads (migration 073, `monitor_order_days`): one row per
 * retailer, spec and day with 订购量 > 0 (the day's lines summed), with `base` = the 订购量 of
 * the pair's previous `history` order dates summed (NULL with fewer), keyed month, retailer,
 * spec, day. Brought in step with order_lines after the transaction that changed the lines:
 *  - inside it, the imports hooks only record what changed (`markOrderDays`, a row of
 *    `monitor_order_days_pending`, migration 075): an import that only adds lines its first and
 *    last day and its batch's range of line ids; a replace, a rollback or generated lines the
 *    dates changed;
 *  - `applyPendingOrderDays` applies the records and deletes them in one transaction: in the scan
 *    that follows every orders import (`monitor.scanImported`), and before anything reads the rows
 *    (`currentOrderDays`: the scan, the demo's cases), so a scan never reads rows that lag the lines;
 *  - lines an import added after every kept row (the usual month's file) are read back by their
 *    ids and summed per retailer, spec and day in memory; each pair's last `history` rows before
 *    the new days are read (a month's range read in key order while many pairs still need rows,
 *    else pair by pair) and the new rows written in key order (`appendOrderDays`);
 *  - lines added before a kept row (an earlier day), replaced, rolled back or generated: the
 *    changed dates are refreshed in SQL (`refreshOrderDays`).
 * A refresh of [from, to] takes every pair with a row or a line in it, drops the pair's rows
 * from `from` on and writes them again from the lines, the pair's last `history` rows before
 * `from` (looked up month by month backwards) giving the first baselines; an import into the past
 * rewrites the affected pairs' later rows too.
 * `rebuildOrderDays` writes everything from the lines, month by month in key order (what a scan
 * does when the 订量突增 setting changed, and the `monitor.rebuild` job: cancellable, with progress).
 */
import type { Database, Statement } from 'better-sqlite3';
import { addMonths, monthKey, yyyymmText } from '../../../common/days';
import { onOrdersAdded, onOrdersChanged, type LineIds, type OrderLineSink } from '../imports';

/** The history (number of previous order dates) the rows were built for; null without the table. */
export function keptHistory(db: Database): number | null {
  const has = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'monitor_order_days_state'")
    .get();
  if (!has) return null;
  const n = db.prepare('SELECT history FROM monitor_order_days_state WHERE id = 1').pluck().get() as number | undefined;
  return n ?? null;
}

const checkHistory = (n: number): number => {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`订量突增参照订货次数无效：${n}`);
  return n;
};

const INSERT = 'INSERT INTO monitor_order_days(month, retailer_id, product_id, day, qty, base)';

/**
 * Order lines summed per retailer, spec and day as they come (an import's lines, or a month's
 * lines read back for a rebuild), held as columns. `pairs()` sorts them once: by retailer
 * (a counting sort), then each retailer's lines by spec and day.
 */
export class DaySums {
  private r = new Int32Array(1024);
  private p = new Int32Array(1024);
  private d = new Int32Array(1024);
  private q = new Float64Array(1024);
  private maxR = 0;
  lines = 0;
  from = Infinity;
  to = -Infinity;

  add(day: number, retailerId: number, productId: number, qty: number): void {
    const i = this.lines;
    if (i === this.r.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.r = grow(this.r);
      this.p = grow(this.p);
      this.d = grow(this.d);
      this.q = grow(this.q);
    }
    this.r[i] = retailerId;
    this.p[i] = productId;
    this.d[i] = day;
    this.q[i] = qty;
    this.lines = i + 1;
    if (retailerId > this.maxR) this.maxR = retailerId;
    if (day < this.from) this.from = day;
    if (day > this.to) this.to = day;
  }

  /** The lines' positions in (retailer, spec, day) order. */
  private order(): Uint32Array {
    const { r, p, d, lines } = this;
    const idx = new Uint32Array(lines);
    const bySpecDay = (a: number, b: number) => p[a] - p[b] || d[a] - d[b];
    if (this.maxR > 4 * lines + 65536) {
      for (let i = 0; i < lines; i++) idx[i] = i;
      return idx.sort((a, b) => r[a] - r[b] || bySpecDay(a, b));
    }
    const at = new Int32Array(this.maxR + 2);
    for (let i = 0; i < lines; i++) at[r[i] + 1]++;
    for (let k = 1; k < at.length; k++) at[k] += at[k - 1];
    const start = at.slice();
    for (let i = 0; i < lines; i++) idx[at[r[i]]++] = i;
    for (let k = 0; k + 1 < start.length; k++) {
      const lo = start[k];
      const hi = start[k + 1];
      if (hi - lo < 2) continue;
      if (hi - lo > 64) idx.subarray(lo, hi).sort(bySpecDay);
      else
        for (let i = lo + 1; i < hi; i++) {
          const x = idx[i];
          let j = i - 1;
          while (j >= lo && bySpecDay(idx[j], x) > 0) {
            idx[j + 1] = idx[j];
            j--;
          }
          idx[j + 1] = x;
        }
    }
    return idx;
  }

  /** The pairs in (retailer, spec) order, each with its days in day order whose summed 订购量 is > 0. */
  pairs(): Pairs {
    const { r, p, d, q, lines } = this;
    const idx = this.order();
    const retailer = new Int32Array(lines);
    const product = new Int32Array(lines);
    const first = new Int32Array(lines + 1);
    const day = new Int32Array(lines);
    const qty = new Float64Array(lines);
    let count = 0;
    let rows = 0;
    for (let i = 0; i < lines;) {
      const ri = r[idx[i]];
      const pi = p[idx[i]];
      const before = rows;
      while (i < lines && r[idx[i]] === ri && p[idx[i]] === pi) {
        const di = d[idx[i]];
        let sum = 0;
        while (i < lines && r[idx[i]] === ri && p[idx[i]] === pi && d[idx[i]] === di) sum += q[idx[i++]];
        if (sum > 0) {
          day[rows] = di;
          qty[rows++] = sum;
        }
      }
      if (rows === before) continue;
      retailer[count] = ri;
      product[count++] = pi;
      first[count] = rows;
    }
    return {
      count,
      retailer: retailer.subarray(0, count),
      product: product.subarray(0, count),
      first: first.subarray(0, count + 1),
      day: day.subarray(0, rows),
      qty: qty.subarray(0, rows),
    };
  }
}

/** Pairs in (retailer, spec) order; pair i's days are day[first[i] … first[i + 1] − 1], in day order. */
export interface Pairs {
  count: number;
  retailer: ArrayLike<number>;
  product: ArrayLike<number>;
  first: ArrayLike<number>;
  day: ArrayLike<number>;
  qty: ArrayLike<number>;
}

/**
 * The 订购量 of each pair's previous order dates, at most n: pair i's are
 * qty[i·n + n − have[i] … i·n + n − 1], in day order.
 */
interface Previous {
  qty: Float64Array;
  have: Int32Array;
}

/** Pairs in key order with their last order dates (what a rebuild carries from month to month). */
interface Carry {
  retailer: ArrayLike<number>;
  product: ArrayLike<number>;
  prev: Previous;
}

interface AppendStmts {
  n: number;
  firstMonth: Statement;
  ofRetailers: Statement;
  insert: Statement;
  insertMany: Statement;
}
/** Rows written by one statement (binding many rows at once costs a third of one at a time). */
const BATCH = 64;
const appendCache = new WeakMap<Database, AppendStmts>();

function appendStmts(db: Database, n: number): AppendStmts {
  let s = appendCache.get(db);
  if (s && s.n === n) return s;
  s = {
    n,
    firstMonth: db.prepare('SELECT MIN(month) FROM monitor_order_days').pluck(),
    // a month's rows of some retailers before a day, in key order, as one JSON array
    // [retailer, spec, 订购量, …] (one value read instead of a row each: most of the cost of a row is
    // handing it to JavaScript)
    ofRetailers: db
      .prepare(
        `SELECT '[' || group_concat(retailer_id || ',' || product_id || ',' || qty) || ']' FROM monitor_order_days
         WHERE month = ? AND retailer_id IN (SELECT value FROM json_each(?)) AND day < ?`,
      )
      .pluck(),
    insert: db.prepare(`${INSERT} VALUES (?, ?, ?, ?, ?, ?)`),
    insertMany: db.prepare(`${INSERT} VALUES ${Array(BATCH).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`),
  };
  appendCache.set(db, s);
  return s;
}

/**
 * Each pair's last n kept rows before `from`, month by month backwards from the month of `from`
 * until every pair has n or the first month is passed: each month, the rows of the retailers that
 * still have a pair short of rows, read retailer by retailer in key order.
 */
function previousRows(db: Database, s: AppendStmts, pairs: Pairs, from: number): Previous {
  const n = s.n;
  const prev: Previous = { qty: new Float64Array(pairs.count * n), have: new Int32Array(pairs.count) };
  const first = s.firstMonth.get() as number | null;
  if (first === null || pairs.count === 0) return prev;
  // the first pair of each retailer (pairs are in retailer order)
  const start = new Map<number, number>();
  for (let i = pairs.count - 1; i >= 0; i--) start.set(pairs.retailer[i], i);
  let needy: number[] = [];
  for (let i = 0; i < pairs.count; i++) needy.push(i);
  const buf: number[] = [];
  /** puts the last of the rows just read for pair `at` (buf, in day order) before those it has */
  const take = (at: number) => {
    const t = Math.min(n - prev.have[at], buf.length);
    const end = at * n + n - prev.have[at];
    for (let j = 0; j < t; j++) prev.qty[end - t + j] = buf[buf.length - t + j];
    prev.have[at] += t;
  };
  for (let month = monthKey(from); needy.length > 0 && month >= first; month = addMonths(month, -1)) {
    const retailers: number[] = [];
    for (const i of needy)
      if (retailers.length === 0 || retailers[retailers.length - 1] !== pairs.retailer[i])
        retailers.push(pairs.retailer[i]);
    let curR = -1;
    let curP = -1;
    let ptr = 0;
    let at = -1;
    const rows = JSON.parse(
      (s.ofRetailers.get(month, JSON.stringify(retailers), from) as string | null) ?? '[]',
    ) as number[];
    for (let j = 0; j < rows.length; j += 3) {
      const r = rows[j];
      const p = rows[j + 1];
      if (r !== curR || p !== curP) {
        if (at >= 0) take(at);
        buf.length = 0;
        if (r !== curR) {
          curR = r;
          ptr = start.get(r)!;
        }
        curP = p;
        while (ptr < pairs.count && pairs.retailer[ptr] === r && pairs.product[ptr] < p) ptr++;
        at =
          ptr < pairs.count && pairs.retailer[ptr] === r && pairs.product[ptr] === p && prev.have[ptr] < n ? ptr : -1;
      }
      if (at >= 0) buf.push(rows[j + 2]);
    }
    if (at >= 0) take(at);
    needy = needy.filter((i) => prev.have[i] < n);
  }
  return prev;
}

/**
 * Writes the rows of new order dates that come after every kept row of their pairs (`pairs`,
 * from DaySums), given each pair's previous order dates: each day's base = the previous n order
 * dates' 订购量 summed, NULL with fewer; rows written month by month in key order. Returns the
 * rows written; `carry` receives each pair's last n 订购量 afterwards (for the next month of a rebuild).
 */
function writeRows(s: AppendStmts, pairs: Pairs, prev: Previous, carry?: Previous): number {
  const n = s.n;
  const base = new Float64Array(pairs.day.length);
  const window: number[] = [];
  for (let i = 0; i < pairs.count; i++) {
    window.length = 0;
    let sum = 0;
    for (let j = i * n + n - prev.have[i]; j < i * n + n; j++) {
      window.push(prev.qty[j]);
      sum += prev.qty[j];
    }
    for (let j = pairs.first[i]; j < pairs.first[i + 1]; j++) {
      base[j] = window.length >= n ? sum : -1;
      window.push(pairs.qty[j]);
      sum += pairs.qty[j];
      if (window.length > n) sum -= window[window.length - 1 - n];
    }
    if (carry) {
      const t = Math.min(n, window.length);
      for (let j = 0; j < t; j++) carry.qty[i * n + n - t + j] = window[window.length - t + j];
      carry.have[i] = t;
    }
  }
  const months = new Set<number>();
  for (let j = 0; j < pairs.day.length; j++) months.add(monthKey(pairs.day[j]));
  const args: (number | null)[] = new Array(6 * BATCH);
  let filled = 0;
  for (const m of [...months].sort((a, b) => a - b)) {
    for (let i = 0; i < pairs.count; i++)
      for (let j = pairs.first[i]; j < pairs.first[i + 1]; j++) {
        if (monthKey(pairs.day[j]) !== m) continue;
        const o = 6 * filled;
        args[o] = m;
        args[o + 1] = pairs.retailer[i];
        args[o + 2] = pairs.product[i];
        args[o + 3] = pairs.day[j];
        args[o + 4] = pairs.qty[j];
        args[o + 5] = base[j] < 0 ? null : base[j];
        if (++filled === BATCH) {
          s.insertMany.run(...args);
          filled = 0;
        }
      }
  }
  for (let k = 0; k < filled; k++) s.insert.run(...args.slice(6 * k, 6 * k + 6));
  return pairs.day.length;
}

/** New order dates after every kept row of their pairs: their rows appended, baselines from the kept rows. */
export function appendOrderDays(db: Database, n: number, pairs: Pairs, from: number): number {
  const s = appendStmts(db, n);
  return writeRows(s, pairs, previousRows(db, s, pairs, from));
}

/** Progress and cancelling of a rebuild run as a job (JobControl). */
export interface RebuildControl {
  checkpoint(done: number, total?: number, message?: string): void;
}

/**
 * The rebuild's previous order dates of a month's pairs: merged from what the months before left
 * (`last`, pairs in key order), without reading the rows back.
 */
function carried(last: Carry, pairs: Pairs, n: number): Previous {
  const prev: Previous = { qty: new Float64Array(pairs.count * n), have: new Int32Array(pairs.count) };
  let k = 0;
  for (let i = 0; i < pairs.count; i++) {
    const r = pairs.retailer[i];
    const p = pairs.product[i];
    while (k < last.retailer.length && (last.retailer[k] < r || (last.retailer[k] === r && last.product[k] < p))) k++;
    if (k < last.retailer.length && last.retailer[k] === r && last.product[k] === p) {
      prev.have[i] = last.prev.have[k];
      prev.qty.set(last.prev.qty.subarray(k * n, k * n + n), i * n);
    }
  }
  return prev;
}

/** Every pair of `a` and `b` (both in key order) with its last order dates, b's where both have it. */
function mergeCarry(a: Carry, b: Carry, n: number): Carry {
  const retailer: number[] = [];
  const product: number[] = [];
  const from: { side: Previous; at: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.retailer.length || j < b.retailer.length) {
    const cmp =
      i >= a.retailer.length
        ? 1
        : j >= b.retailer.length
          ? -1
          : a.retailer[i] - b.retailer[j] || a.product[i] - b.product[j];
    if (cmp < 0) {
      retailer.push(a.retailer[i]);
      product.push(a.product[i]);
      from.push({ side: a.prev, at: i++ });
    } else {
      retailer.push(b.retailer[j]);
      product.push(b.product[j]);
      from.push({ side: b.prev, at: j++ });
      if (cmp === 0) i++;
    }
  }
  const prev: Previous = { qty: new Float64Array(from.length * n), have: new Int32Array(from.length) };
  from.forEach(({ side, at }, k) => {
    prev.have[k] = side.have[at];
    prev.qty.set(side.qty.subarray(at * n, at * n + n), k * n);
  });
  return { retailer, product, prev };
}

/**
 * Writes every row again from the order lines, for `history` previous order dates: month by month
 * (each month's lines summed in memory, the rows appended in key order after the earlier months',
 * each pair's last order dates carried from month to month), in the caller's transaction or one
 * of its own. `control` gets the lines read so far against all of them after each month and may
 * stop the rebuild by throwing (a cancelled job: the transaction is rolled back and the rows stay
 * as they were).
 */
export function rebuildOrderDays(
  db: Database,
  history: number,
  control?: RebuildControl,
): { rows: number; lines: number; months: number } {
  const n = checkHistory(history);
  const work = () => {
    db.prepare('DELETE FROM monitor_order_days').run();
    // every change recorded for applyPendingOrderDays is in the rows written now
    if (hasPending(db)) db.prepare('DELETE FROM monitor_order_days_pending').run();
    db.prepare(
      'INSERT INTO monitor_order_days_state(id, history) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET history = excluded.history',
    ).run(n);
    const span = db.prepare('SELECT MIN(day) AS first, MAX(day) AS last, COUNT(*) AS lines FROM order_lines').get() as {
      first: number | null;
      last: number | null;
      lines: number;
    };
    let rows = 0;
    let read = 0;
    let months = 0;
    if (span.first === null || span.last === null) return { rows, lines: 0, months };
    const s = appendStmts(db, n);
    // a month's lines as one JSON array [day, retailer, spec, 订购量, …]
    const lines = db
      .prepare(
        `SELECT '[' || group_concat(day || ',' || retailer_id || ',' || product_id || ',' || qty_tiao) || ']'
         FROM order_lines WHERE day BETWEEN ? AND ?`,
      )
      .pluck();
    control?.checkpoint(0, span.lines, '正在重建订货日数据');
    let last: Carry = { retailer: [], product: [], prev: { qty: new Float64Array(0), have: new Int32Array(0) } };
    for (let m = monthKey(span.first); m <= monthKey(span.last); m = addMonths(m, 1)) {
      const sums = new DaySums();
      const month = JSON.parse((lines.get(m * 100 + 1, m * 100 + 31) as string | null) ?? '[]') as number[];
      for (let j = 0; j < month.length; j += 4) sums.add(month[j], month[j + 1], month[j + 2], month[j + 3]);
      read += sums.lines;
      const pairs = sums.pairs();
      const after: Previous = { qty: new Float64Array(pairs.count * n), have: new Int32Array(pairs.count) };
      rows += writeRows(s, pairs, carried(last, pairs, n), after);
      last = mergeCarry(last, { retailer: pairs.retailer, product: pairs.product, prev: after }, n);
      months++;
      control?.checkpoint(read, span.lines, `已重建 ${yyyymmText(m)}`);
    }
    return { rows, lines: read, months };
  };
  return db.inTransaction ? work() : db.transaction(work)();
}

interface Stmts {
  n: number;
  clear: Statement;
  clearDays: Statement;
  pairsKept: Statement;
  pairsLines: Statement;
  firstMonth: Statement;
  seed: Statement;
  needy: Statement;
  anyNeedy: Statement;
  drop: Statement;
  fresh: Statement;
  later: Statement;
  write: Statement;
}
const cache = new WeakMap<Database, Stmts>();

function stmts(db: Database, n: number): Stmts {
  // The pairs of a refresh, and their previous order dates (fresh = 0) and the order dates
  // written (fresh = 1) in pair order, which the window reads without sorting (temporary tables:
  // created again when a rolled-back transaction took them away).
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS monitor_pairs (
    retailer_id INTEGER NOT NULL, product_id INTEGER NOT NULL, need INTEGER NOT NULL,
    PRIMARY KEY (retailer_id, product_id)) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS monitor_days (
    retailer_id INTEGER NOT NULL, product_id INTEGER NOT NULL, day INTEGER NOT NULL, qty INTEGER NOT NULL,
    fresh INTEGER NOT NULL, PRIMARY KEY (retailer_id, product_id, day)) WITHOUT ROWID`);
  let s = cache.get(db);
  if (s && s.n === n) return s;
  const inPairs = '(retailer_id, product_id) IN (SELECT retailer_id, product_id FROM temp.monitor_pairs)';
  s = {
    n,
    clear: db.prepare('DELETE FROM temp.monitor_pairs'),
    clearDays: db.prepare('DELETE FROM temp.monitor_days'),
    pairsKept: db.prepare(
      `INSERT OR IGNORE INTO temp.monitor_pairs(retailer_id, product_id, need)
       SELECT retailer_id, product_id, ${n} FROM monitor_order_days WHERE month BETWEEN ? AND ? AND day BETWEEN ? AND ?`,
    ),
    // the pairs of the days written (read back from them in key order: one pass over the lines)
    pairsLines: db.prepare(
      `INSERT OR IGNORE INTO temp.monitor_pairs(retailer_id, product_id, need)
       SELECT DISTINCT retailer_id, product_id, ${n} FROM temp.monitor_days`,
    ),
    firstMonth: db.prepare('SELECT MIN(month) FROM monitor_order_days').pluck(),
    // one month of the pairs that still lack previous order dates (pair by pair: CROSS JOIN keeps that order)
    seed: db.prepare(
      `INSERT INTO temp.monitor_days(retailer_id, product_id, day, qty, fresh)
       SELECT k.retailer_id, k.product_id, k.day, k.qty, 0 FROM temp.monitor_pairs a CROSS JOIN monitor_order_days k
       ON k.month = @month AND k.retailer_id = a.retailer_id AND k.product_id = a.product_id AND k.day < @from
       WHERE a.need > 0`,
    ),
    needy: db.prepare(
      `UPDATE temp.monitor_pairs AS a SET need = ${n} - (
         SELECT COUNT(*) FROM temp.monitor_days s WHERE s.retailer_id = a.retailer_id AND s.product_id = a.product_id AND s.fresh = 0)
       WHERE need > 0`,
    ),
    anyNeedy: db.prepare('SELECT 1 FROM temp.monitor_pairs WHERE need > 0 LIMIT 1'),
    drop: db.prepare(`DELETE FROM monitor_order_days WHERE month >= ? AND day >= ? AND ${inPairs}`),
    // every line of [from, to] (each of their pairs is one of the pairs), the pairs' lines after `to`
    // every line of [from, to] (each of their pairs is one of the pairs) …
    fresh: db.prepare(
      `INSERT INTO temp.monitor_days(retailer_id, product_id, day, qty, fresh)
       SELECT retailer_id, product_id, day, SUM(qty_tiao), 1 FROM order_lines WHERE day BETWEEN ? AND ?
       GROUP BY retailer_id, product_id, day HAVING SUM(qty_tiao) > 0`,
    ),
    // … and the pairs' lines after `to`
    later: db.prepare(
      `INSERT INTO temp.monitor_days(retailer_id, product_id, day, qty, fresh)
       SELECT retailer_id, product_id, day, SUM(qty_tiao), 1 FROM order_lines WHERE day > ? AND ${inPairs}
       GROUP BY retailer_id, product_id, day HAVING SUM(qty_tiao) > 0`,
    ),
    // the window over each pair's days in key order; rows written in pair order (one month: key order)
    write: db.prepare(
      `${INSERT} SELECT day / 100, retailer_id, product_id, day, qty, b FROM (
         SELECT day, retailer_id, product_id, qty, fresh, CASE WHEN COUNT(*) OVER w = ${n} THEN SUM(qty) OVER w END AS b
         FROM temp.monitor_days
         WINDOW w AS (PARTITION BY retailer_id, product_id ORDER BY day ROWS BETWEEN ${n} PRECEDING AND 1 PRECEDING))
       WHERE fresh = 1`,
    ),
  };
  cache.set(db, s);
  return s;
}

/** Brings the rows in step with the order lines after the lines of [from, to] changed. */
export function refreshOrderDays(db: Database, from: number, to: number): void {
  const n = keptHistory(db);
  if (n === null) return; // a database from before migration 073 (its own upgrade builds the rows)
  const s = stmts(db, n);
  const work = () => {
    s.clear.run();
    s.clearDays.run();
    s.fresh.run(from, to);
    s.pairsLines.run();
    s.pairsKept.run(Math.floor(from / 100), Math.floor(to / 100), from, to);
    s.later.run(to);
    // each pair's previous order dates, month by month backwards until it has n (or none are left)
    const first = s.firstMonth.get() as number | null;
    if (first !== null)
      for (let month = Math.floor(from / 100); month >= first; month = addMonths(month, -1)) {
        s.seed.run({ month, from });
        s.needy.run();
        if (s.anyNeedy.get() === undefined) break;
      }
    s.drop.run(Math.floor(from / 100), from);
    s.write.run();
    s.clear.run();
    s.clearDays.run();
  };
  if (db.inTransaction) work();
  else db.transaction(work)();
}

/** Whether the file has the table of pending changes (migration 075). */
function hasPending(db: Database): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'monitor_order_days_pending'").get() !==
    undefined
  );
}

/**
 * Records that the order lines of [from, to] changed (`lines`: an import that only added the lines
 * of that id range), for `applyPendingOrderDays`: one row, inside the caller's transaction.
 */
export function markOrderDays(db: Database, from: number, to: number, lines?: LineIds): void {
  if (keptHistory(db) === null) return; // a database from before migration 073 (its own upgrade builds the rows)
  if (!hasPending(db)) {
    // a file between migrations 073 and 075 (only reached part-way through an upgrade)
    refreshOrderDays(db, Math.min(from, to), Math.max(from, to));
    return;
  }
  db.prepare(
    'INSERT INTO monitor_order_days_pending(day_from, day_to, first_line_id, last_line_id) VALUES (?, ?, ?, ?)',
  ).run(Math.min(from, to), Math.max(from, to), lines?.first ?? null, lines?.last ?? null);
}

interface Pending {
  id: number;
  from: number;
  to: number;
  first: number | null;
  last: number | null;
}

/** Line ids read back at a time (one JSON array each). */
const READ_BACK = 200_000;

/**
 * The lines an import added (ids first … last), summed per retailer, spec and day; their rows
 * appended when no kept row lies on or after their first day (`from`), else [from, to] refreshed.
 */
function applyAdded(db: Database, n: number, m: Pending): void {
  const later = db
    .prepare('SELECT 1 FROM monitor_order_days WHERE month >= ? AND day >= ? LIMIT 1')
    .get(monthKey(m.from), m.from);
  if (later !== undefined) {
    refreshOrderDays(db, m.from, m.to);
    return;
  }
  const read = db
    .prepare(
      `SELECT '[' || group_concat(day || ',' || retailer_id || ',' || product_id || ',' || qty_tiao) || ']'
       FROM order_lines WHERE id BETWEEN ? AND ?`,
    )
    .pluck();
  const sums = new DaySums();
  for (let a = m.first!; a <= m.last!; a += READ_BACK) {
    const part = JSON.parse((read.get(a, Math.min(a + READ_BACK - 1, m.last!)) as string | null) ?? '[]') as number[];
    for (let j = 0; j < part.length; j += 4) sums.add(part[j], part[j + 1], part[j + 2], part[j + 3]);
  }
  if (sums.lines > 0) appendOrderDays(db, n, sums.pairs(), sums.from);
}

/**
 * Brings the rows in step with the order lines for every change recorded by `markOrderDays`, and
 * deletes those records, in one transaction (the caller's, or one of its own); returns how many
 * were applied. The rows as they stand are those of the lines before the recorded changes, so:
 *  - when the changes reach back to the first kept row and the first line, every row is written
 *    again (`rebuildOrderDays`: cheaper than a refresh of everything);
 *  - when every change is an import that only added lines and their date ranges do not overlap,
 *    each in date order is applied as it was imported: its lines read back by their ids, summed,
 *    and appended after every kept row (or its dates refreshed when a kept row lies on or after
 *    its first day);
 *  - otherwise (a replace, a rollback, the demo's lines) the ranges, merged where they overlap, are
 *    refreshed in date order: a pair's rows before a range's first day are then always right (any
 *    change of the pair before it lies in an earlier range, refreshed first), and the refresh
 *    writes the pair's rows from that day on again from the lines.
 */
export function applyPendingOrderDays(db: Database): number {
  if (!hasPending(db)) return 0;
  if (db.prepare('SELECT 1 FROM monitor_order_days_pending LIMIT 1').get() === undefined) return 0;
  const work = () => {
    const marks = db
      .prepare(
        `SELECT id, day_from AS "from", day_to AS "to", first_line_id AS first, last_line_id AS last
         FROM monitor_order_days_pending ORDER BY day_from, id`,
      )
      .all() as Pending[];
    const n = keptHistory(db);
    const clear = () =>
      db
        .prepare('DELETE FROM monitor_order_days_pending WHERE id IN (SELECT value FROM json_each(?))')
        .run(JSON.stringify(marks.map((m) => m.id)));
    if (n === null) {
      clear();
      return marks.length;
    }
    const firstKept = db
      .prepare('SELECT MIN(day) FROM monitor_order_days WHERE month = (SELECT MIN(month) FROM monitor_order_days)')
      .pluck()
      .get() as number | null;
    const firstLine = db.prepare('SELECT MIN(day) FROM order_lines').pluck().get() as number | null;
    if (marks[0].from <= Math.min(firstKept ?? Infinity, firstLine ?? Infinity)) {
      rebuildOrderDays(db, n); // deletes every pending record too
      return marks.length;
    }
    const added = marks.every((m, i) => m.first !== null && (i === 0 || marks[i - 1].to < m.from));
    if (added) for (const m of marks) applyAdded(db, n, m);
    else {
      let from = marks[0].from;
      let to = marks[0].to;
      for (const m of marks.slice(1)) {
        if (m.from > to) {
          refreshOrderDays(db, from, to);
          from = m.from;
        }
        to = Math.max(to, m.to);
      }
      refreshOrderDays(db, from, to);
    }
    clear();
    return marks.length;
  };
  return db.inTransaction ? work() : db.transaction(work)();
}

/**
 * The rows ready for a reader: written again for `history` previous order dates when they were
 * built for another number, else the pending changes applied.
 */
export function currentOrderDays(db: Database, history?: number): void {
  if (history !== undefined && keptHistory(db) !== history) rebuildOrderDays(db, history);
  else applyPendingOrderDays(db);
}

/** Replaced, rolled back or generated lines: their dates recorded as changed. */
onOrdersChanged((db, dayFrom, dayTo) => markOrderDays(db, dayFrom, dayTo));

/**
 * An import that only adds lines: its first and last day are followed as the lines come, and at
 * its commit recorded with the batch's range of line ids (without one, the dates as changed).
 */
export function orderDaysSink(db: Database): OrderLineSink {
  let from = Infinity;
  let to = -Infinity;
  return {
    add(day) {
      if (day < from) from = day;
      if (day > to) to = day;
    },
    commit(lines) {
      if (from <= to) markOrderDays(db, from, to, lines);
    },
  };
}

onOrdersAdded(orderDaysSink);
