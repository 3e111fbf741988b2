/**
 * Hooks other modules register to follow changes in order lines, called inside the same
 * transaction as the import, rollback or replace that changed the lines: the reports module keeps
 * its summary tables in step there; the 内管 module only records what changed and brings its
 * order dates in step later (monitor/orderDays.ts).
 *
 * Two kinds:
 *  - `onOrdersChanged`: lines on some days changed in any way (removed,
 *    replaced, generated); the hook recomputes what it keeps for those days.
 *  - `onOrdersAdded`: an import that only adds lines hands each written line to
 *    a sink as it goes, and commits the sink at the end; the hook can then add
 *    the new lines to what it keeps without reading any line back.
 */
import type { Database } from 'better-sqlite3';
import type { FollowUpJob } from '../../api/define';

/** Called with the inclusive yyyymmdd range whose order lines changed. */
export type OrdersChangedHook = (db: Database, dayFrom: number, dayTo: number) => void;

/**
 * Receives the lines an import adds (quantities in 条, money in 分), then `commit` once, with the
 * batch's range of line ids (order_lines.id, every id of it one of the lines handed over) when the
 * caller has one.
 */
export interface OrderLineSink {
  add(day: number, retailerId: number, productId: number, demandTiao: number, qtyTiao: number, amountFen: number): void;
  commit(lines?: LineIds): void;
}
/** An inclusive range of order_lines ids. */
export interface LineIds {
  first: number;
  last: number;
}
export type OrdersAddedHook = (db: Database) => OrderLineSink;

const ordersChanged: OrdersChangedHook[] = [];
const ordersAdded: OrdersAddedHook[] = [];

export function onOrdersChanged(hook: OrdersChangedHook): void {
  if (!ordersChanged.includes(hook)) ordersChanged.push(hook);
}

export function onOrdersAdded(hook: OrdersAddedHook): void {
  if (!ordersAdded.includes(hook)) ordersAdded.push(hook);
}

/** The imports module calls this after writing or removing order lines, inside its transaction. */
export function notifyOrdersChanged(db: Database, dayFrom: number, dayTo: number): void {
  for (const h of ordersChanged) h(db, dayFrom, dayTo);
}

/** One sink over every registered hook, for an import that adds lines (inside its transaction). */
export function openOrderSinks(db: Database): OrderLineSink {
  const sinks = ordersAdded.map((h) => h(db));
  if (sinks.length === 1) return sinks[0];
  return {
    add(day, retailerId, productId, demand, qty, amount) {
      for (const s of sinks) s.add(day, retailerId, productId, demand, qty, amount);
    },
    commit(lines) {
      for (const s of sinks) s.commit(lines);
    },
  };
}

/**
 * A job another module runs after every orders import (e.g. the 内管 scan), over the dates the
 * import wrote: input `{ from, to }` (YYYY-MM-DD). It starts once the import has committed and
 * reported done (JobDef.followUps), as a job of its own: its own transaction and audit rows,
 * cancellable, and whatever happens to it leaves the import in place.
 */
const ordersImported: { label: string; job: string }[] = [];

export function onOrdersImported(label: string, job: string): void {
  if (!ordersImported.some((h) => h.job === job)) ordersImported.push({ label, job });
}

/** The follow-up jobs of an orders import that wrote lines on [from, to] (YYYY-MM-DD). */
export function ordersImportedFollowUps(from: string, to: string): FollowUpJob[] {
  return ordersImported.map(({ label, job }) => ({ name: job, label, input: { from, to } }));
}

/**
 * The id the next batch of order lines starts at: above every id any line ever
 * had (lines now in order_lines, lines kept aside by a replacing import, and
 * every batch's recorded range), so each batch's lines form one range of ids
 * that no other batch's line can enter — rolled back by range
 * (import_batches.first_line_id … last_line_id, migration 012).
 */
export function nextLineId(db: Database): number {
  const top = db
    .prepare(
      `SELECT MAX(COALESCE((SELECT MAX(id) FROM order_lines), 0),
                  COALESCE((SELECT MAX(id) FROM order_lines_replaced), 0),
                  COALESCE((SELECT MAX(last_line_id) FROM import_batches), 0))`,
    )
    .pluck()
    .get() as number;
  return top + 1;
}

/** Records a batch's range of line ids (none when it wrote no line). */
export function setBatchLines(db: Database, batchId: number, first: number, last: number): void {
  if (last < first) return;
  db.prepare('UPDATE import_batches SET first_line_id = ?, last_line_id = ? WHERE id = ?').run(first, last, batchId);
}
