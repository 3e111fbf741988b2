/**
 * The order dates the 内管 scan reads (migrations 073/074, `monitor_order_days`): one row per
 * retailer, spec and day with 订购量 > 0 (the day's lines summed), with `base` = the 订购量 of
 * the pair's previous `history` order dates summed (NULL with fewer), keyed month, retailer,
 * spec, day. Kept in step with order_lines through the imports hooks, inside the transaction
 * that changed the lines:
 *  - lines added by an import: the dates it wrote are refreshed at its commit;
 *  - lines replaced, rolled back or generated: the changed dates are refreshed.
 * A refresh of [from, to] takes every pair with a row or a line in it, drops the pair's rows
 * from `from` on and writes them again from the lines, the pair's last `history` rows before
 * `from` (looked up month by month backwards) giving the first baselines. An import of new days
 * rewrites only those days; an import into the past rewrites the affected pairs' later rows too.
 * `rebuildOrderDays` writes everything from the lines (and is what a scan does when the 订量突增
 * setting changed).
 */
import type { Database, Statement } from 'better-sqlite3';
import { onOrdersAdded, onOrdersChanged } from '../imports';

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

/**
 * The rebuild: 订购量 and baseline of each (retailer, spec, day) from `lines` (a SELECT of day, retailer_id,
 * product_id, q, fresh), the window over each pair's previous n rows; only rows with fresh = 1,
 * in key order.
 */
const windowed = (n: number, lines: string) => `
  SELECT day / 100, retailer_id, product_id, day, q, b FROM (
    SELECT day, retailer_id, product_id, q, fresh, CASE WHEN COUNT(*) OVER w = ${n} THEN SUM(q) OVER w END AS b
    FROM (${lines})
    WINDOW w AS (PARTITION BY retailer_id, product_id ORDER BY day ROWS BETWEEN ${n} PRECEDING AND 1 PRECEDING))
  WHERE fresh = 1 ORDER BY day / 100, retailer_id, product_id, day`;

const INSERT = 'INSERT INTO monitor_order_days(month, retailer_id, product_id, day, qty, base)';

/** Writes every row again from the order lines, for `history` previous order dates. */
export function rebuildOrderDays(db: Database, history: number): { rows: number } {
  const n = checkHistory(history);
  const work = () => {
    db.prepare('DELETE FROM monitor_order_days').run();
    db.prepare(
      'INSERT INTO monitor_order_days_state(id, history) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET history = excluded.history',
    ).run(n);
    const rows = db
      .prepare(
        `${INSERT} ${windowed(
          n,
          `SELECT day, retailer_id, product_id, SUM(qty_tiao) AS q, 1 AS fresh FROM order_lines
           GROUP BY retailer_id, product_id, day HAVING SUM(qty_tiao) > 0`,
        )}`,
      )
      .run().changes;
    return { rows };
  };
  return db.inTransaction ? work() : db.transaction(work)();
}

const prevMonth = (m: number): number => (m % 100 === 1 ? m - 89 : m - 1);

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
      for (let month = Math.floor(from / 100); month >= first; month = prevMonth(month)) {
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

/** Replaced, rolled back or generated lines: the changed dates are refreshed. */
onOrdersChanged((db, dayFrom, dayTo) => refreshOrderDays(db, Math.min(dayFrom, dayTo), Math.max(dayFrom, dayTo)));

/** An import that only adds lines: the dates it wrote are refreshed once it has written them all. */
onOrdersAdded((db) => {
  let from = Infinity;
  let to = -Infinity;
  return {
    add(day) {
      if (day < from) from = day;
      if (day > to) to = day;
    },
    commit() {
      if (from <= to) refreshOrderDays(db, from, to);
    },
  };
});
