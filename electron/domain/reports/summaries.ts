/**
 * Monthly summary tables (migration 020) kept in step with order_lines.
 * Any change to order lines on some days recomputes the whole months those
 * days fall in, inside the caller's transaction, so the summaries never
 * disagree with the lines. `rebuildSummaries` recomputes everything.
 */
import type { Database } from 'better-sqlite3';
import { onOrdersChanged } from '../imports/hooks';

const dayLevel = (keys: string) => `
  SELECT day, ${keys}, SUM(qty_tiao) q, SUM(demand_tiao) d, SUM(amount_fen) a,
         SUM(CASE WHEN demand_tiao > 0 THEN qty_tiao ELSE 0 END) qdp, COUNT(*) n,
         SUM(demand_tiao > 0) ndp, SUM(demand_tiao > 0 AND qty_tiao = 0) nout
  FROM order_lines WHERE day BETWEEN ? AND ? GROUP BY day, ${keys}`;

const MASK = 'SUM(CASE WHEN q > 0 THEN 1 << (day % 100 - 1) ELSE 0 END)';

/** rpt_month_rc from the order lines of a day range, 价类 taken from rpt_class_map. */
const RC_INSERT = `INSERT INTO rpt_month_rc
  SELECT day / 100, pc, retailer_id, SUM(q), SUM(d), SUM(a), SUM(qdp), SUM(n), SUM(ndp), SUM(nout), ${MASK}, SUM(q > 0)
  FROM (SELECT o.day, c.price_class pc, o.retailer_id, SUM(o.qty_tiao) q, SUM(o.demand_tiao) d, SUM(o.amount_fen) a,
          SUM(CASE WHEN o.demand_tiao > 0 THEN o.qty_tiao ELSE 0 END) qdp, COUNT(*) n,
          SUM(o.demand_tiao > 0) ndp, SUM(o.demand_tiao > 0 AND o.qty_tiao = 0) nout
        FROM order_lines o JOIN rpt_class_map c ON c.product_id = o.product_id
        WHERE o.day BETWEEN ? AND ? GROUP BY o.day, c.price_class, o.retailer_id)
  GROUP BY day / 100, pc, retailer_id`;

/** True when some spec's 价类 differs from the one rpt_month_rc was built with (or a spec is unmapped). */
export function classSummaryStale(db: Database): boolean {
  return !!db
    .prepare(`SELECT 1 FROM products p LEFT JOIN rpt_class_map c ON c.product_id = p.id
      WHERE c.product_id IS NULL OR c.price_class <> COALESCE(p.price_class, '') LIMIT 1`)
    .get();
}

/** Rebuilds rpt_month_rc and its 价类 map from scratch, month by month. */
export function rebuildClassSummary(db: Database): void {
  db.prepare('DELETE FROM rpt_month_rc').run();
  db.prepare('DELETE FROM rpt_class_map').run();
  db.prepare("INSERT INTO rpt_class_map SELECT id, COALESCE(price_class, '') FROM products").run();
  const a = (db.prepare('SELECT MIN(day) a FROM order_lines').get() as { a: number | null }).a;
  const b = (db.prepare('SELECT MAX(day) b FROM order_lines').get() as { b: number | null }).b;
  if (a === null || b === null) return;
  const ins = db.prepare(RC_INSERT);
  for (let k = Math.floor(a / 100); k <= Math.floor(b / 100); k = k % 100 === 12 ? k + 89 : k + 1) ins.run(k * 100, k * 100 + 99);
}

/**
 * Keeps rpt_month_rc in step for the months of a change. A spec whose 价类
 * changed (or a table never built) means a full rebuild; new specs are added
 * to the map (they have no earlier lines).
 */
function refreshClassSummary(db: Database, m1: number, m2: number): void {
  const mapped = (db.prepare('SELECT COUNT(*) n FROM rpt_class_map').get() as { n: number }).n;
  const changed = mapped > 0 && !!db.prepare(`SELECT 1 FROM products p JOIN rpt_class_map c ON c.product_id = p.id WHERE c.price_class <> COALESCE(p.price_class, '') LIMIT 1`).get();
  if (mapped === 0 || changed) {
    rebuildClassSummary(db);
    return;
  }
  db.prepare("INSERT OR IGNORE INTO rpt_class_map SELECT id, COALESCE(price_class, '') FROM products").run();
  db.prepare('DELETE FROM rpt_month_rc WHERE month BETWEEN ? AND ?').run(m1, m2);
  db.prepare(RC_INSERT).run(m1 * 100, m2 * 100 + 99);
}

interface Stmts {
  delRp: import('better-sqlite3').Statement;
  delR: import('better-sqlite3').Statement;
  delP: import('better-sqlite3').Statement;
  insRp: import('better-sqlite3').Statement;
  insR: import('better-sqlite3').Statement;
  insP: import('better-sqlite3').Statement;
}
const cache = new WeakMap<Database, Stmts>();

function stmts(db: Database): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = {
      delRp: db.prepare('DELETE FROM rpt_month_rp WHERE month BETWEEN ? AND ?'),
      delR: db.prepare('DELETE FROM rpt_month_r WHERE month BETWEEN ? AND ?'),
      delP: db.prepare('DELETE FROM rpt_month_p WHERE month BETWEEN ? AND ?'),
      insRp: db.prepare(`INSERT INTO rpt_month_rp
        SELECT day / 100, product_id, retailer_id, SUM(q), SUM(d), SUM(a), SUM(qdp), SUM(n), SUM(ndp), SUM(nout), ${MASK}, SUM(q > 0)
        FROM (${dayLevel('product_id, retailer_id')}) GROUP BY day / 100, product_id, retailer_id`),
      insR: db.prepare(`INSERT INTO rpt_month_r
        SELECT day / 100, retailer_id, SUM(q), SUM(d), SUM(a), SUM(qdp), SUM(n), SUM(ndp), SUM(nout), ${MASK}, SUM(q > 0)
        FROM (${dayLevel('retailer_id')}) GROUP BY day / 100, retailer_id`),
      insP: db.prepare(`INSERT INTO rpt_month_p
        SELECT month, product_id, SUM(qty), SUM(demand), SUM(amount), SUM(qty_dp), SUM(lines), SUM(lines_dp), SUM(lines_out), SUM(qty > 0)
        FROM rpt_month_rp WHERE month BETWEEN ? AND ? GROUP BY month, product_id`),
    };
    cache.set(db, s);
  }
  return s;
}

const current = new WeakMap<Database, boolean>();
/** Migrations 021/022 applied? (A database upgraded past 030 before they existed skips them.) */
function schemaCurrent(db: Database): boolean {
  let ok = current.get(db);
  if (ok === undefined) {
    ok =
      (db.prepare("SELECT COUNT(*) n FROM pragma_table_info('rpt_month_rp') WHERE name = 'order_days'").get() as { n: number }).n > 0 &&
      !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rpt_month_rc'").get();
    current.set(db, ok);
  }
  return ok;
}

/**
 * Recomputes the summaries of every month that [dayFrom, dayTo] touches (yyyymmdd).
 * On a database without the summaries' current structure it does nothing: the
 * reports refuse such a database with their own message, and an import must not fail.
 */
export function refreshSummaries(db: Database, dayFrom: number, dayTo: number): { months: number } {
  if (!schemaCurrent(db)) return { months: 0 };
  const m1 = Math.floor(Math.min(dayFrom, dayTo) / 100);
  const m2 = Math.floor(Math.max(dayFrom, dayTo) / 100);
  const d1 = m1 * 100, d2 = m2 * 100 + 99;
  const s = stmts(db);
  const work = () => {
    s.delRp.run(m1, m2);
    s.delR.run(m1, m2);
    s.delP.run(m1, m2);
    s.insRp.run(d1, d2);
    s.insR.run(d1, d2);
    s.insP.run(m1, m2);
    refreshClassSummary(db, m1, m2);
  };
  if (db.inTransaction) work();
  else db.transaction(work)();
  const months = (Math.floor(m2 / 100) - Math.floor(m1 / 100)) * 12 + (m2 % 100) - (m1 % 100) + 1;
  return { months };
}

/** Recomputes every summary from the order lines, month by month (progress via onMonth). */
export function rebuildSummaries(db: Database, onMonth?: (done: number, total: number) => void): { months: number; lines: number } {
  const range = {
    a: (db.prepare('SELECT MIN(day) a FROM order_lines').get() as { a: number | null }).a,
    b: (db.prepare('SELECT MAX(day) b FROM order_lines').get() as { b: number | null }).b,
    n: (db.prepare('SELECT COUNT(*) n FROM order_lines').get() as { n: number }).n,
  };
  const work = () => {
    db.prepare('DELETE FROM rpt_month_rp').run();
    db.prepare('DELETE FROM rpt_month_r').run();
    db.prepare('DELETE FROM rpt_month_p').run();
    db.prepare('DELETE FROM rpt_month_rc').run();
    db.prepare('DELETE FROM rpt_class_map').run();
    db.prepare("INSERT INTO rpt_class_map SELECT id, COALESCE(price_class, '') FROM products").run();
    if (range.a === null || range.b === null) return 0;
    const months: number[] = [];
    for (let k = Math.floor(range.a / 100); k <= Math.floor(range.b / 100); k = k % 100 === 12 ? k + 89 : k + 1) months.push(k);
    months.forEach((k, i) => {
      refreshSummaries(db, k * 100 + 1, k * 100 + 31);
      onMonth?.(i + 1, months.length);
    });
    return months.length;
  };
  const months = db.inTransaction ? work() : db.transaction(work)();
  return { months, lines: range.n };
}

/** Keeps the summaries in step with every import, replace and rollback of order lines. */
onOrdersChanged((db, dayFrom, dayTo) => {
  refreshSummaries(db, dayFrom, dayTo);
});
