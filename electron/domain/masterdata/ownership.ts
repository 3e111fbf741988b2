/**
 * Who owns a retailer (DOMAIN.md "Rules every module shares"): its own 客户经理;
 * where that is blank, the 客户经理 of its 线路. Every per-manager figure — 销售情况表,
 * 分销, plan bases and progress, 网建 and 考核, 客户结构 — attributes retailers through
 * the SQL built here, so the figures agree wherever they are shown.
 */

/**
 * Joins retailer `r` to its route `rt` and to the 客户经理 `m` who owns it (the
 * route's manager when the retailer has none). Both joins are LEFT: a retailer
 * without either keeps its row with m.* NULL.
 */
export function ownerJoins(r = 'r', rt = 'rt', m = 'm'): string {
  return `LEFT JOIN routes ${rt} ON ${rt}.id = ${r}.route_id LEFT JOIN managers ${m} ON ${m}.id = COALESCE(${r}.manager_id, ${rt}.manager_id)`;
}

/** The id of the owning 客户经理 of retailer `r`, as one SQL expression (no join needed). */
export function ownerManagerId(r = 'r'): string {
  return `COALESCE(${r}.manager_id, (SELECT manager_id FROM routes WHERE id = ${r}.route_id))`;
}

/** The 工号 of the owning 客户经理 of retailer `r`, as one SQL expression. */
export function ownerManagerCode(r = 'r'): string {
  return `(SELECT code FROM managers WHERE id = ${ownerManagerId(r)})`;
}
