/**
 * A 品牌培育 project's progress: 铺货率, 重购率 and 上柜率 per 客户经理 from the
 * project's first day to the end of each week, against the manager's targets.
 * Every figure is the 分销与四率 report (reports module, the one home of the
 * rates) over those days, the project's product scope and its target 客户集 —
 * so a point of the trend is what 分销 shows for the same days; the reports
 * module computes all the weeks' points in one pass over the project's days
 * (reports/cumulative.ts) instead of one report per week. Weeks run
 * Monday to Sunday (the first and last are clipped to the project's period);
 * weeks after the last day with orders are not computed yet.
 */
import type { Database } from 'better-sqlite3';
import { dayText, textToDay } from '../../../common/days';
import { cumulativeDistribution, lastOrderDay, weeksOf, type CumulativeFigures } from '../reports';
import { ownerJoins, customerScope, productScope } from '../masterdata';
import { getProject, projectsOverlapping, specCount, type ManagerTarget, type Project } from './store';

export const RATES = ['distributionRate', 'repeatRate', 'shelfRate'] as const;
export type RateKey = (typeof RATES)[number];
export const RATE_LABELS: Record<RateKey, string> = {
  distributionRate: '铺货率',
  repeatRate: '重购率',
  shelfRate: '上柜率',
};

export interface RatePoint {
  /** 正常经营 retailers in scope (denominator of 铺货率) */
  customers: number;
  orderingCustomers: number;
  distributionRate: number | null;
  repeatCustomers: number;
  repeatRate: number | null;
  /** null without inspections in the days */
  inspectedCustomers: number | null;
  shelfCustomers: number | null;
  shelfRate: number | null;
}

/** A row of the 分销与四率 figures (cumulative, or one report row) as a point of the trend. */
export const ratePoint = (f: CumulativeFigures): RatePoint => ({
  customers: f.customers,
  orderingCustomers: f.orderingCustomers,
  distributionRate: f.rate,
  repeatCustomers: f.repeatCustomers,
  repeatRate: f.repeatRate,
  inspectedCustomers: f.inspectedCustomers,
  shelfCustomers: f.shelfCustomers,
  shelfRate: f.shelfRate,
});

/** The point of a manager with a target but no retailer row yet. */
export const EMPTY_RATES: RatePoint = {
  customers: 0,
  orderingCustomers: 0,
  distributionRate: null,
  repeatCustomers: 0,
  repeatRate: null,
  inspectedCustomers: null,
  shelfCustomers: null,
  shelfRate: null,
};

/** The customer scope of a project: its target 客户集, or the county. */
export function projectScope(p: Project): string {
  return p.targetSet ? `set:${p.targetSet}` : 'county';
}

export interface ManagerRates {
  manager: string;
  managerName: string;
  target: ManagerTarget | null;
  rates: RatePoint;
}

export interface Snapshot {
  /** the days the rates cover: the project's first day to `to` */
  from: string;
  to: string;
  managers: ManagerRates[];
  total: RatePoint;
  shelfNote: string | null;
}

/**
 * Rates from the project's first day to each day of `ends` (yyyymmdd), per 客户经理 and for the
 * whole scope: all of them in one pass over the days (reports' cumulativeDistribution).
 */
export function snapshots(db: Database, p: Project, ends: number[]): Snapshot[] {
  const points = cumulativeDistribution(db, {
    from: textToDay(p.from),
    ends,
    scope: projectScope(p),
    products: p.products,
  });
  const targets = new Map(p.targets.map((t) => [t.manager, t]));
  return points.map((r) => {
    const managers: ManagerRates[] = r.rows.map((row) => ({
      manager: row.key,
      managerName: row.name,
      target: targets.get(row.key) ?? null,
      rates: ratePoint(row),
    }));
    // a manager with a target but no retailer in scope still shows, with empty rates
    for (const t of p.targets)
      if (!managers.some((m) => m.manager === t.manager))
        managers.push({
          manager: t.manager,
          managerName: t.managerName ?? t.manager,
          target: t,
          rates: { ...EMPTY_RATES },
        });
    managers.sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
    return { from: p.from, to: dayText(r.to), managers, total: ratePoint(r.total), shelfNote: r.shelfNote };
  });
}

/** Rates from the project's first day to `to` (yyyymmdd), per 客户经理 and for the whole scope. */
export function snapshot(db: Database, p: Project, to: number): Snapshot {
  return snapshots(db, p, [to])[0];
}

export interface TrendWeek {
  index: number;
  label: string;
  from: string;
  to: string;
  /** the last day with orders when the week is not over yet (its figures run to that day), else null */
  through: string | null;
  snapshot: Snapshot;
}

/** Why a project's figures cannot be read, or null. */
function problem(db: Database, p: Project): string | null {
  try {
    productScope(db, p.products);
    customerScope(db, projectScope(p));
  } catch (e) {
    return (e as Error).message;
  }
  return specCount(db, p.products) === 0 ? `“${p.productsLabel}”中目前没有任何规格` : null;
}

/** The weekly trend of a project: cumulative rates to the end of each week with data. */
export function projectTrend(db: Database, id: number) {
  const p = getProject(db, id);
  const note = problem(db, p);
  const last = lastOrderDay(db);
  const weeks: TrendWeek[] = [];
  if (!note && last !== null) {
    const ws = weeksOf({ from: textToDay(p.from), to: textToDay(p.to) }).filter((w) => w.from <= last);
    const ends = ws.map((w) => Math.min(w.to, last));
    const snaps = snapshots(db, p, ends);
    ws.forEach((w, i) =>
      weeks.push({
        index: w.index,
        label: w.label,
        from: dayText(w.from),
        to: dayText(ends[i]),
        through: ends[i] < w.to ? dayText(ends[i]) : null,
        snapshot: snaps[i],
      }),
    );
  }
  return {
    project: p,
    note: note ?? (weeks.length === 0 ? '项目期间还没有订单数据' : null),
    weeks,
  };
}

export type ProjectTrend = ReturnType<typeof projectTrend>;

export interface ActionRow {
  manager: string | null;
  managerName: string | null;
  retailer: string;
  retailerName: string;
  owner: string | null;
  phone: string | null;
  address: string | null;
  route: string | null;
  grade: number | null;
}

/**
 * The action list: 正常经营 target retailers (the project's 客户集, or all) who have
 * not ordered (订购量 > 0) any spec of the project from its first day to `asOf`
 * (default: the last day with orders, within the period), per owning 客户经理.
 * They are exactly the denominator of 铺货率 less its numerator.
 */
export function notOrdered(db: Database, id: number) {
  const p = getProject(db, id);
  const note = problem(db, p);
  const last = lastOrderDay(db);
  const from = textToDay(p.from);
  const to = Math.min(textToDay(p.to), last ?? textToDay(p.to));
  if (note) return { project: p, note, from: p.from, to: dayText(to), rows: [] as ActionRow[] };
  const c = customerScope(db, projectScope(p), to);
  const pr = productScope(db, p.products);
  const rows = db
    .prepare(
      `SELECT m.code AS manager, m.name AS managerName, r.code AS retailer, r.name AS retailerName, r.owner, r.phone,
         r.address, rt.name AS route, r.grade
       FROM retailers r ${ownerJoins('r', 'rt', 'm')}
       WHERE r.status = '正常' AND ${c.sql}
         AND NOT EXISTS (SELECT 1 FROM order_lines o JOIN products p ON p.id = o.product_id
           WHERE o.retailer_id = r.id AND o.day BETWEEN ? AND ? AND o.qty_tiao > 0 AND ${pr.sql})
       ORDER BY m.code IS NULL, m.code, r.code`,
    )
    .all(...c.params, from, to, ...pr.params) as ActionRow[];
  return { project: p, note: null as string | null, from: p.from, to: dayText(to), rows };
}

/** Status of every project running in [from, to]: rates to the end of the range (or the last data day). */
export function cultivationStatus(db: Database, range: { from: number; to: number }) {
  const last = lastOrderDay(db);
  return projectsOverlapping(db, range.from, range.to).map((p) => {
    const note = problem(db, p);
    const to = Math.min(range.to, textToDay(p.to), last ?? range.to);
    const snap = note || to < textToDay(p.from) ? null : snapshot(db, p, to);
    return { project: p, note: note ?? (snap ? null : '项目期间还没有订单数据'), snapshot: snap };
  });
}

export type CultivationStatus = ReturnType<typeof cultivationStatus>;
