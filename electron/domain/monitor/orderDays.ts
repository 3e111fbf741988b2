/**
 * The order dates the 内管 scan reads (migration 073, `monitor_order_days`): one row per
 * retailer, spec and day with 订购量 > 0 (the day's lines summed), with `base` = the 订购量 of
 * the pair's previous `history` order dates summed (NULL with fewer). Kept in step with
 * order_lines through the imports hooks, inside the transaction that changed the lines:
 *  - lines added by an import: the dates it wrote are refreshed at its commit;
 *  - lines replaced, rolled back or generated: the changed dates are refreshed.
 * A refresh of [from, to] takes every pair with a row or a line in it, drops the pair's rows
 * from `from` on and writes them again from the lines, the pair's last `history` rows before
 * `from` giving the first baselines. An import of new days rewrites only those days; an import
 * into the past rewrites the affected pairs' later rows too. `rebuildOrderDays` writes
 * everything from the lines (and is what a scan does when the 订量突增 setting changed).
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
 * 订购量 and baseline of each (retailer, spec, day) from `lines` (a SELECT of day, retailer_id,
 * product_id, q, fresh), the window over each pair's previous n rows; only rows with fresh = 1.
 */
const windowed = (n: number, lines: string) => `
  SELECT day, retailer_id, product_id, q, b FROM (
    SELECT day, retailer_id, product_id, q, fresh, CASE WHEN COUNT(*) OVER w = ${n} THEN SUM(q) OVER w END AS b
    FROM (${lines})
    WINDOW w AS (PARTITION BY retailer_id, product_id ORDER BY day ROWS BETWEEN ${n} PRECEDING AND 1 PRECEDING))
  WHERE fresh = 1 ORDER BY day, retailer_id, product_id`;

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
        `INSERT INTO monitor_order_days(day, retailer_id, product_id, qty, base) ${windowed(
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

interface Stmts {
  n: number;
  clear: Statement;
  pairsKept: Statement;
  pairsLines: Statement;
  since: Statement;
  drop: Statement;
  write: Statement;
}
const cache = new WeakMap<Database, Stmts>();

function stmts(db: Database, n: number): Stmts {
  // The pairs of a refresh (a temporary table: created again when a rolled-back transaction took it away)
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS monitor_pairs (
    retailer_id INTEGER NOT NULL, product_id INTEGER NOT NULL, since INTEGER,
    PRIMARY KEY (retailer_id, product_id)) WITHOUT ROWID`);
  let s = cache.get(db);
  if (s && s.n === n) return s;
  const inPairs = '(retailer_id, product_id) IN (SELECT retailer_id, product_id FROM temp.monitor_pairs)';
  s = {
    n,
    clear: db.prepare('DELETE FROM temp.monitor_pairs'),
    pairsKept: db.prepare(
      `INSERT OR IGNORE INTO temp.monitor_pairs(retailer_id, product_id)
       SELECT retailer_id, product_id FROM monitor_order_days WHERE day BETWEEN ? AND ?`,
    ),
    pairsLines: db.prepare(
      `INSERT OR IGNORE INTO temp.monitor_pairs(retailer_id, product_id)
       SELECT retailer_id, product_id FROM order_lines WHERE day BETWEEN ? AND ? AND qty_tiao > 0`,
    ),
    // the first of the pair's last n order dates before `from` (0: it has fewer)
    since: db.prepare(
      `UPDATE temp.monitor_pairs AS a SET since = COALESCE((
         SELECT k.day FROM monitor_order_days k
         WHERE k.retailer_id = a.retailer_id AND k.product_id = a.product_id AND k.day < ?
         ORDER BY k.day DESC LIMIT 1 OFFSET ${n - 1}), 0)`,
    ),
    drop: db.prepare(`DELETE FROM monitor_order_days WHERE day >= ? AND ${inPairs}`),
    write: db.prepare(
      `INSERT INTO monitor_order_days(day, retailer_id, product_id, qty, base) ${windowed(
        n,
        // the pairs' last n order dates before `from` (pair by pair), every line of [from, to]
        // (each of their pairs is one of the pairs), the pairs' lines after `to`
        `SELECT k.day, k.retailer_id, k.product_id, k.qty AS q, 0 AS fresh
         FROM temp.monitor_pairs a CROSS JOIN monitor_order_days k INDEXED BY monitor_order_days_pair
           ON k.retailer_id = a.retailer_id AND k.product_id = a.product_id AND k.day >= a.since AND k.day < @from
         UNION ALL
         SELECT day, retailer_id, product_id, SUM(qty_tiao), 1 FROM order_lines WHERE day BETWEEN @from AND @to
         GROUP BY day, retailer_id, product_id HAVING SUM(qty_tiao) > 0
         UNION ALL
         SELECT day, retailer_id, product_id, SUM(qty_tiao), 1 FROM order_lines WHERE day > @to AND ${inPairs}
         GROUP BY day, retailer_id, product_id HAVING SUM(qty_tiao) > 0`,
      )}`,
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
    s.pairsKept.run(from, to);
    s.pairsLines.run(from, to);
    s.since.run(from);
    s.drop.run(from);
    s.write.run({ from, to });
    s.clear.run();
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
