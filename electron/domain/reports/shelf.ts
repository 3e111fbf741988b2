/**
 * 上柜率 (DOMAIN.md): retailers whose latest inspection in the period shows
 * the spec on the shelf / retailers inspected in the period — per key of a
 * dimension. For a row of several specs (a 价类, a 品牌, the product scope on a
 * retailer row) a retailer counts when any of them was on the shelf. The
 * inspections are the 网建 检查记录 (在柜规格); without any in the period the
 * figures are null and the report says so.
 */
import type { Database } from 'better-sqlite3';
import { type Dim, type QueryScope, dimSide, productKeys, retailerKeys } from './query';

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

export function shelfBy(db: Database, period: { from: number; to: number }, scope: QueryScope, by: Dim): ShelfResult {
  const byKey = new Map<string, ShelfCount>();
  // The latest inspection of each retailer in the period (by day, then by record order).
  const latest = new Map<number, number>();
  for (const r of db
    .prepare('SELECT retailer_id AS rid, id FROM inspection_records WHERE day BETWEEN ? AND ? ORDER BY retailer_id, day, id')
    .all(period.from, period.to) as { rid: number; id: number }[]) {
    latest.set(r.rid, r.id);
  }
  if (latest.size === 0) return { hasData: false, byKey, total: { inspected: 0, onShelf: 0 } };
  const seen = new Map<number, Set<number>>(); // inspection → specs on the shelf
  for (const r of db
    .prepare('SELECT s.inspection_id AS iid, s.product_id AS pid FROM inspection_shelf s JOIN inspection_records i ON i.id = s.inspection_id WHERE i.day BETWEEN ? AND ?')
    .all(period.from, period.to) as { iid: number; pid: number }[]) {
    let set = seen.get(r.iid);
    if (!set) seen.set(r.iid, (set = new Set()));
    set.add(r.pid);
  }
  const retailers = retailerKeys(db, scope.customers, by);
  const specs = productKeys(db, scope.products, by);
  const inspected = [...latest].filter(([rid]) => retailers.has(rid));
  // Per inspected retailer, the keys of the specs its latest inspection shows (each key once).
  const keysShown = (iid: number): Set<string> => {
    const out = new Set<string>();
    for (const pid of seen.get(iid) ?? []) {
      const key = specs.get(pid);
      if (key !== undefined) out.add(key);
    }
    return out;
  };
  const total: ShelfCount = { inspected: inspected.length, onShelf: 0 };
  const productSide = dimSide(by) === 'p';
  // Every product key shares the denominator: the inspected retailers of the scope.
  if (productSide) for (const key of new Set(specs.values())) byKey.set(key, { inspected: inspected.length, onShelf: 0 });
  for (const [rid, iid] of inspected) {
    const shown = keysShown(iid);
    if (shown.size > 0) total.onShelf++;
    if (productSide) {
      for (const key of shown) byKey.get(key)!.onShelf++;
    } else {
      const key = retailers.get(rid)!;
      const c = byKey.get(key) ?? { inspected: 0, onShelf: 0 };
      c.inspected++;
      if (shown.size > 0) c.onShelf++;
      byKey.set(key, c);
    }
  }
  return { hasData: true, byKey, total };
}
