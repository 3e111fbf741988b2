/**
 * 分销与“四率” (DOMAIN.md "Distribution and the rates"), per key of a
 * dimension: 铺货率, 重购率, 动销率, 订足率, 断货率, 订货户数, 订货次数, 户均订货量.
 * Denominators of 铺货率 are the 正常经营 retailers of the scope (and of the
 * row, for manager/route/业态/城乡/档位 rows); the numerator counts only
 * retailers who are in that denominator.
 */
import type { Database } from 'better-sqlite3';
import { type Period, dataThrough, fmtDay, periodLabel, periodSpec, previousPeriod, weeksOf } from './periods';
import { customerScope, productScope } from '../masterdata';
import { reportFrame, type ReportFrame } from './frame';
import { readSettings } from '../settings';
import {
  type Dim,
  type QueryScope,
  type Reach,
  type Sums,
  KEY_SEP,
  UNSPECIFIED,
  addSums,
  keyNames,
  operatingBy,
  orderKeys,
  orderingBy,
  reachBy,
  specsInScope,
  sumsBy,
  zeroSums,
  dimSide,
  lastOrderDay,
} from './query';
import {
  activeRate,
  distributionRate,
  fulfilmentOn,
  perCustomerTiao,
  repeatRate,
  shelfRate,
  stockoutRate,
} from './formulas';
import { NO_INSPECTIONS_NOTE, type ShelfCount, shelfBy } from './shelf';

export interface DistributionInput {
  period: Period;
  scope?: string;
  products?: string;
  by: Dim;
}

export interface DistributionFigures {
  /** 正常经营 retailers (denominator of 铺货率) */
  customers: number;
  /** of them, retailers who ordered (订购量 > 0) */
  orderingCustomers: number;
  /** 铺货率 */
  rate: number | null;
  /** ordering retailers (of the denominator) with ≥ 2 distinct order dates */
  repeatCustomers: number;
  /** 重购率 */
  repeatRate: number | null;
  /** 订货户数: every retailer of the scope who ordered, whatever its status */
  orderingAll: number;
  /** 订货次数: Σ distinct order dates per ordering retailer */
  orderCount: number;
  volumeTiao: number;
  demandTiao: number;
  amountFen: number;
  /** 户均订货量 (条) = 销量 / 订货户数 */
  perCustomerTiao: number | null;
  /** retailers who ordered in any of the previous three periods of equal kind (null for 本年累计) */
  orderedBefore: number | null;
  /** 动销率: by default ordering now / ordered in the previous three periods; with the 规格 basis, activeSpecs / specsOnSale */
  activeRate: number | null;
  /** 规格 basis of 动销率 (Settings): on-sale specs with 销量 in the row, and on-sale specs of the row's product scope */
  activeSpecs: number | null;
  specsOnSale: number | null;
  fulfilment: number | null;
  stockoutRate: number | null;
  /** 上柜率's denominator: retailers of the row inspected in the period (null without inspections) */
  inspectedCustomers: number | null;
  /** of them, retailers whose latest inspection shows a spec of the row on the shelf */
  shelfCustomers: number | null;
  /** 上柜率 */
  shelfRate: number | null;
}

export interface DistributionRow extends DistributionFigures {
  key: string;
  name: string;
}

export interface DistributionReport extends ReportFrame {
  report: 'distribution';
  /** which 动销率 definition was used (Settings → activeRateBasis) */
  activeRateBasis: 'customers' | 'specs';
  /** which 订足率 definition was used (Settings → fulfilmentBasis) */
  fulfilmentBasis: 'volume' | 'lines';
  /** why 上柜率 is empty (no inspection records in the period), or null */
  shelfNote: string | null;
  rows: DistributionRow[];
  total: DistributionFigures;
}

const noReach: Reach = { ordering: 0, orderingOperating: 0, repeatOperating: 0, repeat: 0, orderDays: 0 };

function fig(
  customers: number,
  r: Reach,
  s: Sums,
  before: number | null,
  shelf: ShelfCount | null,
  basis: 'volume' | 'lines',
): DistributionFigures {
  return {
    customers,
    orderingCustomers: r.orderingOperating,
    rate: distributionRate(r.orderingOperating, customers),
    repeatCustomers: r.repeatOperating,
    repeatRate: repeatRate(r.repeatOperating, r.orderingOperating),
    orderingAll: r.ordering,
    orderCount: r.orderDays,
    volumeTiao: s.qty,
    demandTiao: s.demand,
    amountFen: s.amount,
    perCustomerTiao: perCustomerTiao(s.qty, r.ordering),
    orderedBefore: before,
    activeRate: before === null ? null : activeRate(r.ordering, before),
    activeSpecs: null,
    specsOnSale: null,
    fulfilment: fulfilmentOn(basis, s),
    stockoutRate: stockoutRate(s.linesOut, s.linesDp),
    inspectedCustomers: shelf ? shelf.inspected : null,
    shelfCustomers: shelf ? shelf.onShelf : null,
    shelfRate: shelf ? shelfRate(shelf.onShelf, shelf.inspected) : null,
  };
}

/** The three previous periods of equal kind as one range (they are consecutive). */
export function previousThree(p: Period): { from: number; to: number } | null {
  const p1 = previousPeriod(p, 1),
    p3 = previousPeriod(p, 3);
  return p1 && p3 ? { from: p3.from, to: p1.to } : null;
}

export interface ActiveCount {
  /** retailers of the row who ordered (订购量 > 0) in the period */
  ordering: number;
  /** retailers of the row who ordered in any of the previous three periods of equal kind */
  orderedBefore: number;
  /** 动销率 = ordering / orderedBefore */
  rate: number | null;
}

/**
 * 动销率 on the customers basis (DOMAIN.md, the default) per key of a dimension;
 * null for a period without previous periods of equal kind (本年累计). The one
 * computation 考核's 品牌动销率 uses (network/assessmentScore.ts).
 */
export function activeRateBy(db: Database, p: Period, scope: QueryScope, by: Dim): Map<string, ActiveCount> | null {
  const before = previousThree(p);
  if (!before) return null;
  const now = orderingBy(db, p, scope, by);
  const prev = orderingBy(db, before, scope, by);
  const out = new Map<string, ActiveCount>();
  for (const k of new Set([...now.keys(), ...prev.keys()])) {
    const ordering = now.get(k) ?? 0;
    const orderedBefore = prev.get(k) ?? 0;
    out.set(k, { ordering, orderedBefore, rate: activeRate(ordering, orderedBefore) });
  }
  return out;
}

export function distributionReport(db: Database, input: DistributionInput): DistributionReport {
  const p = input.period;
  const by = input.by;
  const scope: QueryScope = {
    customers: customerScope(db, input.scope, p.to),
    products: productScope(db, input.products),
  };
  const reach = reachBy(db, p, scope, by);
  const sums = sumsBy(db, p, scope, by);
  // Sums always add up over the rows. Counts of retailers do too when each retailer
  // sits in exactly one row (manager, route, 业态, 城乡, 档位); by spec, 价类 or 品牌 a
  // retailer can sit in several rows, so the county total is counted on its own.
  const partition = dimSide(by) === 'r';
  const addReach = (m: Map<string, Reach>): Reach => {
    const t = { ...noReach };
    for (const r of m.values()) for (const k of Object.keys(t) as (keyof Reach)[]) t[k] += r[k];
    return t;
  };
  const reachT = partition ? addReach(reach) : (reachBy(db, p, scope, 'total').get('合计') ?? noReach);
  const sumsT = [...sums.values()].reduce(addSums, zeroSums());
  const settings = readSettings(db);
  const basis = settings.activeRateBasis;
  const fBasis = settings.fulfilmentBasis;
  const before = basis === 'customers' ? previousThree(p) : null;
  const beforeM = before ? orderingBy(db, before, scope, by) : null;
  const beforeT = !before
    ? null
    : partition
      ? [...beforeM!.values()].reduce((a, b) => a + b, 0)
      : (reachBy(db, before, scope, 'total').get('合计') ?? noReach).ordering;
  const operating = operatingBy(db, scope.customers, by, p.to);
  const operatingT = partition
    ? [...operating.values()].reduce((a, b) => a + b, 0)
    : (operatingBy(db, scope.customers, 'total', p.to).get('*') ?? 0);

  const shelf = shelfBy(db, p, scope, by);
  const through = dataThrough(p, lastOrderDay(db));
  const shelfOf = (k: string | null) =>
    !shelf.hasData ? null : k === null ? shelf.total : (shelf.byKey.get(k) ?? { inspected: 0, onShelf: 0 });

  const keys = new Set<string>([...reach.keys(), ...sums.keys()]);
  if (dimSide(by) === 'r') for (const k of operating.keys()) keys.add(k);
  if (by === 'spec') for (const s of specsInScope(db, scope.products)) keys.add(s.code);
  const ordered = orderKeys(by, keys);
  const names = keyNames(db, by, ordered);
  const rows: DistributionRow[] = ordered.map((k) => ({
    key: k,
    name: names.get(k) ?? k,
    ...fig(
      dimSide(by) === 'r' ? (operating.get(k) ?? 0) : operatingT,
      reach.get(k) ?? noReach,
      sums.get(k) ?? zeroSums(),
      beforeM ? (beforeM.get(k) ?? 0) : null,
      shelfOf(k),
      fBasis,
    ),
  }));
  const total = fig(operatingT, reachT, sumsT, beforeT, shelfOf(null), fBasis);
  if (basis === 'specs') specBasis(db, p, scope, by, rows, total);
  return {
    report: 'distribution',
    activeRateBasis: basis,
    fulfilmentBasis: fBasis,
    shelfNote: shelf.hasData ? null : NO_INSPECTIONS_NOTE,
    ...reportFrame(p, through, scope, by),
    rows,
    total,
  };
}

/**
 * 动销率 on the 规格 basis (DOMAIN.md's alternative): on-sale specs that sold in
 * the row / on-sale specs of the product scope (of the row's 价类 or 品牌 for
 * such rows; the spec itself for a by-spec row).
 */
function specBasis(
  db: Database,
  p: Period,
  scope: QueryScope,
  by: Dim,
  rows: DistributionRow[],
  total: DistributionFigures,
): void {
  const onSale = db
    .prepare(`SELECT p.code, p.price_class, p.brand FROM products p WHERE p.on_sale = 1 AND ${scope.products.sql}`)
    .all(...scope.products.params) as { code: string; price_class: string | null; brand: string | null }[];
  const onSaleCodes = new Set(onSale.map((x) => x.code));
  const sold = sumsBy(db, p, scope, by, 'spec');
  const active = new Map<string, number>();
  for (const [k, sums] of sold) {
    const [key, code] = k.split(KEY_SEP);
    if (sums.qty > 0 && onSaleCodes.has(code)) active.set(key, (active.get(key) ?? 0) + 1);
  }
  const soldTotal = new Set(
    [...sold].filter(([k, s]) => s.qty > 0 && onSaleCodes.has(k.split(KEY_SEP)[1])).map(([k]) => k.split(KEY_SEP)[1]),
  ).size;
  const baseOf = (key: string) =>
    by === 'spec'
      ? onSaleCodes.has(key)
        ? 1
        : 0
      : by === 'class'
        ? onSale.filter((x) => (x.price_class ?? UNSPECIFIED) === key).length
        : by === 'brand'
          ? onSale.filter((x) => (x.brand ?? UNSPECIFIED) === key).length
          : onSale.length;
  for (const r of rows) {
    r.activeSpecs = active.get(r.key) ?? 0;
    r.specsOnSale = baseOf(r.key);
    r.activeRate = activeRate(r.activeSpecs, r.specsOnSale);
    r.orderedBefore = null;
  }
  total.activeSpecs = soldTotal;
  total.specsOnSale = onSale.length;
  total.activeRate = activeRate(soldTotal, onSale.length);
  total.orderedBefore = null;
}

export interface WeeklyPoint {
  week: string;
  from: string;
  to: string;
  customers: number;
  /** ordered in this week */
  orderingCustomers: number;
  rate: number | null;
  /** ordered at least once from the start of the period to the end of this week */
  cumulativeCustomers: number;
  cumulativeRate: number | null;
}

/**
 * Weekly 铺货率 across a period (a new spec's cultivation against its target):
 * per week, and cumulative from the period's start.
 */
export function weeklyDistribution(
  db: Database,
  input: { period: Period; scope?: string; products?: string; target?: number | null },
) {
  const scope: QueryScope = {
    customers: customerScope(db, input.scope, input.period.to),
    products: productScope(db, input.products),
  };
  const operatingT = operatingBy(db, scope.customers, 'total', input.period.to).get('*') ?? 0;
  const weeks = weeksOf(input.period);
  // One pass over the lines: first and per-week ordering of each operating retailer.
  const rows = db
    .prepare(
      `SELECT o.retailer_id rid, o.day FROM order_lines o JOIN retailers r ON r.id = o.retailer_id JOIN products p ON p.id = o.product_id
      WHERE o.day BETWEEN ? AND ? AND o.qty_tiao > 0 AND r.status = '正常' AND ${scope.customers.sql} AND ${scope.products.sql}
      GROUP BY o.retailer_id, o.day`,
    )
    .all(input.period.from, input.period.to, ...scope.customers.params, ...scope.products.params) as {
    rid: number;
    day: number;
  }[];
  const weekOf = (day: number) => weeks.findIndex((w) => day >= w.from && day <= w.to);
  const perWeek = weeks.map(() => new Set<number>());
  const first = new Map<number, number>();
  for (const r of rows) {
    const w = weekOf(r.day);
    perWeek[w].add(r.rid);
    const f = first.get(r.rid);
    if (f === undefined || w < f) first.set(r.rid, w);
  }
  const firstCount = weeks.map(() => 0);
  for (const w of first.values()) firstCount[w]++;
  let cum = 0;
  const points: WeeklyPoint[] = weeks.map((w, i) => {
    cum += firstCount[i];
    return {
      week: w.label,
      from: fmtDay(w.from),
      to: fmtDay(w.to),
      customers: operatingT,
      orderingCustomers: perWeek[i].size,
      rate: distributionRate(perWeek[i].size, operatingT),
      cumulativeCustomers: cum,
      cumulativeRate: distributionRate(cum, operatingT),
    };
  });
  return {
    report: 'distribution-weekly' as const,
    period: periodSpec(input.period),
    periodLabel: periodLabel(input.period),
    scope: scope.customers.spec,
    scopeLabel: scope.customers.label,
    products: scope.products.spec,
    productsLabel: scope.products.label,
    target: input.target ?? null,
    points,
  };
}
