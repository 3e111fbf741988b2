/**
 * 上柜率 (DOMAIN.md): retailers whose latest inspection in the period shows
 * the spec on the shelf / retailers inspected in the period — per key of a
 * dimension. For a row of several specs (a 价类, a 品牌, the product scope on a
 * retailer row) a retailer counts when any of them was on the shelf. The
 * inspections are the 网建 检查记录 (在柜规格); without any in the period the
 * figures are null and the report says so.
 */
import type { Database } from 'better-sqlite3';
import { type Dim, type QueryScope, ROUTE_MANAGER_JOINS, dimExpr, dimSide, keyString, productKeys } from './query';

/** What a report says when the days hold no inspection at all. */
export const NO_INSPECTIONS_NOTE = '本期没有检查记录（未导入检查数据），上柜率无法计算';

export interface ShelfCount {
  /** retailers of the row inspected in the period */
  inspected: number;
  /** of them, those whose latest inspection shows a spec of the row on the shelf */
  onShelf: number;
}

export interface ShelfResult {
  /** false when the period holds no inspection at all */
  hasData: boolean;
  byKey: Map<string, ShelfCount>;
  total: ShelfCount;
}

/** The latest inspection (by day, then record) of each retailer in the period. */
const LATEST = `(SELECT id, retailer_id FROM (
    SELECT id, retailer_id, ROW_NUMBER() OVER (PARTITION BY retailer_id ORDER BY day DESC, id DESC) AS rn
    FROM inspection_records WHERE day BETWEEN ? AND ?) WHERE rn = 1)`;

export function shelfBy(db: Database, period: { from: number; to: number }, scope: QueryScope, by: Dim): ShelfResult {
  const byKey = new Map<string, ShelfCount>();
  const any = db
    .prepare('SELECT 1 FROM inspection_records WHERE day BETWEEN ? AND ? LIMIT 1')
    .get(period.from, period.to);
  if (!any) return { hasData: false, byKey, total: { inspected: 0, onShelf: 0 } };
  const { customers, products } = scope;
  const shows = `EXISTS (SELECT 1 FROM inspection_shelf s JOIN products p ON p.id = s.product_id WHERE s.inspection_id = l.id AND ${products.sql})`;
  const productSide = dimSide(by) === 'p';
  const rows = db
    .prepare(
      `SELECT ${productSide ? "'合计'" : dimExpr(db, by, period.to)} AS k, COUNT(*) AS inspected, SUM(${shows}) AS onShelf
       FROM ${LATEST} l JOIN retailers r ON r.id = l.retailer_id ${ROUTE_MANAGER_JOINS}
       WHERE ${customers.sql} GROUP BY k`,
    )
    .all(...products.params, period.from, period.to, ...customers.params) as {
    k: unknown;
    inspected: number;
    onShelf: number;
  }[];
  const total: ShelfCount = { inspected: 0, onShelf: 0 };
  for (const r of rows) {
    total.inspected += r.inspected;
    total.onShelf += r.onShelf;
    if (!productSide) byKey.set(keyString(r.k, by), { inspected: r.inspected, onShelf: r.onShelf });
  }
  if (productSide) {
    // Every product key shares the denominator: the inspected retailers of the scope.
    for (const key of new Set(productKeys(db, products, by).values()))
      byKey.set(key, { inspected: total.inspected, onShelf: 0 });
    const shown = db
      .prepare(
        `SELECT ${dimExpr(db, by, period.to)} AS k, COUNT(DISTINCT l.retailer_id) AS n
         FROM ${LATEST} l JOIN retailers r ON r.id = l.retailer_id ${ROUTE_MANAGER_JOINS}
         JOIN inspection_shelf s ON s.inspection_id = l.id JOIN products p ON p.id = s.product_id
         WHERE ${customers.sql} AND ${products.sql} GROUP BY k`,
      )
      .all(period.from, period.to, ...customers.params, ...products.params) as { k: unknown; n: number }[];
    for (const r of shown) {
      const c = byKey.get(keyString(r.k, by));
      if (c) c.onShelf = r.n;
    }
  }
  return { hasData: true, byKey, total };
}
