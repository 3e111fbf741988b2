/**
 * What a 网建 month is computed from: the retailers at the month end and the
 * month's visits, inspections, collection plan, targets and hand-entered values.
 *
 * The master data keeps no history of a retailer's status, settlement or order
 * method, so a month is read from its month-end snapshot (network_retailer_snapshots,
 * taken with network.takeSnapshot) when one exists, and otherwise from the current
 * master data, leaving out retailers whose 加入日期 is after the month's end. Every
 * result says which basis it used. A retailer belongs to the 客户经理 who owns it
 * (masterdata/ownership.ts: its own, else its route's) and to its route — not to
 * whoever made a visit or an inspection.
 */
import type { Database } from 'better-sqlite3';
import { ownerJoins } from '../masterdata';
import { COUNTY_KEY, manualValuesForMonth, targetsForMonth, type ScopeKind } from './data';
import { parseMonth, type Month } from './period';

export interface BaseRetailer {
  id: number;
  code: string;
  name: string;
  status: string;
  settlement: string | null;
  orderMethod: string | null;
  modern: boolean;
  routeCode: string | null;
  routeName: string | null;
  managerCode: string | null;
  managerName: string | null;
}

interface Inspection {
  id: number;
  retailerId: number;
  day: number;
  priceTag: number | null;
  display: number | null;
  info: number;
}

export interface PeriodData {
  month: Month;
  basis: 'snapshot' | 'current';
  retailers: BaseRetailer[];
  visited: Set<number>;
  /** whether the month has any visit / inspection record at all (none = not imported yet) */
  hasVisits: boolean;
  hasInspections: boolean;
  inspectionsByRetailer: Map<number, Inspection[]>;
  collected: Set<number>;
  plan: Set<number> | null;
  targets: Map<string, { value: number; period: string }>;
  manual: Map<string, number>;
}

/** 正常经营 */
export const isOperating = (r: BaseRetailer) => r.status === '正常';
/** 持证: every retailer not 注销 */
export const isLicensed = (r: BaseRetailer) => r.status !== '注销';

export function hasSnapshot(db: Database, period: string): boolean {
  return !!db.prepare('SELECT 1 FROM network_snapshot_periods WHERE period = ?').get(period);
}

/** Today's master data with each retailer's 加入日期, loaded once for many months (trend). */
export interface RetailerCache {
  current?: (BaseRetailer & { joined: string | null })[];
}

export function loadRetailers(
  db: Database,
  month: Month,
  cache?: RetailerCache,
  lean = false,
): { basis: 'snapshot' | 'current'; retailers: BaseRetailer[] } {
  // lean: no names or codes of the retailers, routes and managers, in no particular order
  const cols = lean
    ? `r.id, NULL, NULL, rt.code, NULL, m.code, NULL`
    : `r.id, r.code, r.name, rt.code, rt.name, m.code, m.name`;
  const order = lean ? '' : 'ORDER BY r.code';
  // Rows are read as arrays and made into objects of one shape here: a city's 26,400 rows read as
  // objects by the driver cost several times as much.
  type Raw = [
    number,
    string,
    string,
    string | null,
    string | null,
    string | null,
    string | null,
    string,
    string | null,
    string | null,
    number,
    string | null,
  ];
  const shape = (x: Raw): BaseRetailer & { joined: string | null } => ({
    id: x[0],
    code: x[1] ?? '',
    name: x[2] ?? '',
    routeCode: x[3],
    routeName: x[4],
    managerCode: x[5],
    managerName: x[6],
    status: x[7],
    settlement: x[8],
    orderMethod: x[9],
    modern: x[10] === 1,
    joined: x[11] ?? null,
  });
  if (hasSnapshot(db, month.period)) {
    const rows = db
      .prepare(
        `SELECT ${cols}, s.status, s.settlement, s.order_method, s.modern_terminal
         FROM network_retailer_snapshots s JOIN retailers r ON r.id = s.retailer_id
         LEFT JOIN routes rt ON rt.id = s.route_id
         LEFT JOIN managers m ON m.id = s.manager_id
         WHERE s.period = ? ${order}`,
      )
      .raw()
      .all(month.period) as Raw[];
    return { basis: 'snapshot', retailers: rows.map(shape) };
  }
  if (cache) {
    cache.current ??= (
      db
        .prepare(
          `SELECT ${cols}, r.status, r.settlement, r.order_method, r.modern_terminal, NULLIF(r.joined_date, '')
           FROM retailers r ${ownerJoins('r', 'rt', 'm')}
           ${order}`,
        )
        .raw()
        .all() as Raw[]
    ).map(shape);
    return { basis: 'current', retailers: cache.current.filter((r) => r.joined === null || r.joined <= month.endDate) };
  }
  const rows = db
    .prepare(
      `SELECT ${cols}, r.status, r.settlement, r.order_method, r.modern_terminal
       FROM retailers r ${ownerJoins('r', 'rt', 'm')}
       WHERE r.joined_date IS NULL OR r.joined_date = '' OR r.joined_date <= ?
       ${order}`,
    )
    .raw()
    .all(month.endDate) as Raw[];
  return { basis: 'current', retailers: rows.map(shape) };
}

export interface LoadOptions {
  cache?: RetailerCache;
  /** leave out what an indicator does not read (the trend of one indicator) */
  visits?: boolean;
  inspections?: boolean;
  /**
   * only what the indicators and the rows by 客户经理 or 线路 read (the 首页 summary): the
   * retailers without their codes and names (''/null), in no particular order
   */
  lean?: boolean;
}

export function loadPeriod(db: Database, period: string, o: LoadOptions = {}): PeriodData {
  const month = parseMonth(period);
  const { basis, retailers } = loadRetailers(db, month, o.cache, o.lean);
  const visited = new Set(
    o.visits === false
      ? []
      : (db
          .prepare('SELECT DISTINCT retailer_id FROM visit_records WHERE day BETWEEN ? AND ?')
          .pluck()
          .all(month.dayFrom, month.dayTo) as number[]),
  );
  const inspections = (
    o.inspections === false
      ? []
      : db
          .prepare(
            `SELECT id, retailer_id AS retailerId, day, price_tag AS priceTag, display, info_collected AS info
             FROM inspection_records WHERE day BETWEEN ? AND ? ORDER BY day, id`,
          )
          .all(month.dayFrom, month.dayTo)
  ) as Inspection[];
  const inspectionsByRetailer = new Map<number, Inspection[]>();
  const collected = new Set<number>();
  for (const i of inspections) {
    const list = inspectionsByRetailer.get(i.retailerId) ?? [];
    list.push(i);
    inspectionsByRetailer.set(i.retailerId, list);
    if (i.info === 1) collected.add(i.retailerId);
  }
  const planRows = db.prepare('SELECT retailer_id AS id FROM network_collection_plan WHERE period = ?').all(period) as {
    id: number;
  }[];
  return {
    month,
    basis,
    retailers,
    visited,
    hasVisits: visited.size > 0,
    hasInspections: inspections.length > 0,
    inspectionsByRetailer,
    collected,
    plan: planRows.length ? new Set(planRows.map((r) => r.id)) : null,
    targets: targetsForMonth(db, period),
    manual: manualValuesForMonth(db, period),
  };
}

export interface GroupRow {
  key: string;
  label: string;
  retailers: BaseRetailer[];
}

/** The rows of a breakdown: the county, every manager (工号 ascending) or every route (编码 ascending). */
export function groupsOf(db: Database, pd: PeriodData, by: ScopeKind): GroupRow[] {
  if (by === 'county') return [{ key: COUNTY_KEY, label: COUNTY_KEY, retailers: pd.retailers }];
  const field = by === 'manager' ? 'managerCode' : 'routeCode';
  const byKey = new Map<string, BaseRetailer[]>();
  for (const r of pd.retailers) {
    const k = r[field];
    if (k === null) continue;
    const list = byKey.get(k) ?? [];
    list.push(r);
    byKey.set(k, list);
  }
  // Managers on duty and every route appear even with no retailers (their targets still show).
  const listed = (
    by === 'manager'
      ? db
          .prepare('SELECT code, name FROM managers WHERE on_duty = 1 OR code IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify([...byKey.keys()]))
      : db.prepare('SELECT code, name FROM routes').all()
  ) as { code: string; name: string }[];
  const names = new Map(listed.map((r) => [r.code, r.name]));
  for (const k of byKey.keys()) if (!names.has(k)) names.set(k, k);
  return [...names.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => ({ key: k, label: names.get(k)!, retailers: byKey.get(k) ?? [] }));
}
