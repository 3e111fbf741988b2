/**
 * A retailer's 经营状态 on a given day (migration 071): every change of retailers.status is dated.
 * The status on a day is the new status of the last change on or before that day, else the old
 * status of the first change after it, else the current status (days before the history was
 * kept, or a retailer whose status never changed). 内管 (非正常经营订货 on the order date) and
 * 货源投放 (正常经营 retailers of a week) read it through here.
 */
import { dayLiteral } from './gradeHistory';

/**
 * The SQL expression of the 经营状态 of the retailer whose id is `id` (an SQL expression, e.g.
 * `r.id` or `l.retailer_id`) on `day` (yyyymmdd, or an SQL expression giving one). `current` is
 * its status now when the caller has the row at hand (e.g. `r.status`); else it is looked up.
 */
export function statusAsOfSql(day: number | string, id = 'r.id', current?: string): string {
  const d = dayLiteral(day);
  const now = current ?? `(SELECT s.status FROM retailers s WHERE s.id = ${id})`;
  // retailers without any recorded change (most of them) skip the two lookups
  return `(CASE WHEN ${id} IN (SELECT retailer_id FROM retailer_status_changes) THEN COALESCE(
  (SELECT c.new_status FROM retailer_status_changes c WHERE c.retailer_id = ${id} AND c.day <= ${d} ORDER BY c.day DESC, c.id DESC LIMIT 1),
  (SELECT c.old_status FROM retailer_status_changes c WHERE c.retailer_id = ${id} AND c.day > ${d} ORDER BY c.day, c.id LIMIT 1),
  ${now}) ELSE ${now} END)`;
}
