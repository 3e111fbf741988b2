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

/** Recomputes the summaries of every month that [dayFrom, dayTo] touches (yyyymmdd). */
export function refreshSummaries(db: Database, dayFrom: number, dayTo: number): { months: number } {
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
