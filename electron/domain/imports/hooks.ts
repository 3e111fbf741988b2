/**
 * Hooks other modules register to follow changes in order lines: the reports
 * module keeps its summary tables in step inside the same transaction as the
 * import, rollback or replace that changed the lines.
 */
import type { Database } from 'better-sqlite3';

/** Called with the inclusive yyyymmdd range whose order lines changed. */
export type OrdersChangedHook = (db: Database, dayFrom: number, dayTo: number) => void;

const ordersChanged: OrdersChangedHook[] = [];

export function onOrdersChanged(hook: OrdersChangedHook): void {
  if (!ordersChanged.includes(hook)) ordersChanged.push(hook);
}

/** The imports module calls this after writing or removing order lines, inside its transaction. */
export function notifyOrdersChanged(db: Database, dayFrom: number, dayTo: number): void {
  for (const h of ordersChanged) h(db, dayFrom, dayTo);
}
