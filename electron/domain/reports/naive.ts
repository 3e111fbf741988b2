/**
 * A second, deliberately plain implementation of the sales and distribution
 * figures: every order line of the period read into memory and counted in
 * JavaScript, with scopes applied in code instead of SQL. The optimised
 * queries (summary tables + SQL) are checked against it in tests and in the
 * benchmark. Slow by design; never used by the app.
 *
 * 档位 is the grade held at the end of the range being counted (gradeAsOf, the one helper):
 * a scope grade:N and the 本期 rows take it at the period's end, 同期 and the three periods
 * before (动销率's base) each at their own end.
 */
import type { Database } from 'better-sqlite3';
import { gradeAsOf } from '../masterdata';
import type { Period } from './periods';
import { monthKey, yyyymmText } from '../../../common/days';
import { previousPeriod, samePeriodLastYear } from './periods';

interface Retailer {
  id: number;
  code: string;
  format: string | null;
  area: string | null;
  grade: number | null;
  status: string;
  route: string | null;
  manager: string | null;
  order_method: string | null;
  settlement: string | null;
  modern_terminal: number;
}
interface Product {
  id: number;
  code: string;
  brand: string | null;
  price_class: string | null;
  maker: string | null;
  low_tar: number;
  on_sale: number;
}
interface Line {
  day: number;
  retailer_id: number;
  product_id: number;
  demand_tiao: number;
  qty_tiao: number;
  amount_fen: number;
}

/** The retailers with the grades held on `day`. */
function withGradesOn(db: Database, retailers: Map<number, Retailer>, day: number): Map<number, Retailer> {
  const grades = gradeAsOf(db, day);
  return new Map([...retailers].map(([id, r]) => [id, { ...r, grade: grades.get(id) ?? null }]));
}

/** Retailers and products; each retailer's grade is the one held on `day`. */
function masters(db: Database, day: number) {
  const retailers = new Map<number, Retailer>();
  for (const r of db
    .prepare(
      `SELECT r.id, r.code, r.format, r.area, r.grade, r.status, r.order_method, r.settlement, r.modern_terminal,
      (SELECT code FROM routes WHERE id = r.route_id) route,
      (SELECT code FROM managers WHERE id = COALESCE(r.manager_id, (SELECT manager_id FROM routes WHERE id = r.route_id))) manager
      FROM retailers r`,
    )
    .all() as Retailer[])
    retailers.set(r.id, r);
  for (const [id, g] of gradeAsOf(db, day)) retailers.get(id)!.grade = g;
  const products = new Map<number, Product>();
  for (const p of db
    .prepare('SELECT id, code, brand, price_class, maker, low_tar, on_sale FROM products')
    .all() as Product[])
    products.set(p.id, p);
  return { retailers, products };
}

function setOf(db: Database, name: string): { rule: { field: string; value: unknown }[] | null; codes: Set<string> } {
  const s = db.prepare('SELECT id, rule FROM code_sets WHERE name = ?').get(name) as {
    id: number;
    rule: string | null;
  };
  const codes = new Set(
    (db.prepare('SELECT code FROM code_set_members WHERE set_id = ?').all(s.id) as { code: string }[]).map(
      (r) => r.code,
    ),
  );
  const rule = s.rule ? ([] as { field: string; value: unknown }[]).concat(JSON.parse(s.rule)) : null;
  return { rule, codes };
}

const R_FIELD: Record<string, keyof Retailer> = {
  format: 'format',
  业态: 'format',
  经营业态: 'format',
  area: 'area',
  城乡: 'area',
  城乡分类: 'area',
  grade: 'grade',
  档位: 'grade',
  status: 'status',
  经营状态: 'status',
  route: 'route',
  线路: 'route',
  线路编码: 'route',
  manager: 'manager',
  客户经理: 'manager',
  order_method: 'order_method',
  orderMethod: 'order_method',
  订货方式: 'order_method',
  settlement: 'settlement',
  结算方式: 'settlement',
  modern_terminal: 'modern_terminal',
  modernTerminal: 'modern_terminal',
  现代终端: 'modern_terminal',
};
const P_FIELD: Record<string, keyof Product> = {
  priceClass: 'price_class',
  lowTar: 'low_tar',
  onSale: 'on_sale',
  price_class: 'price_class',
  class: 'price_class',
  价类: 'price_class',
  brand: 'brand',
  品牌: 'brand',
  maker: 'maker',
  生产企业: 'maker',
  卷烟编码: 'code',
  low_tar: 'low_tar',
  低焦: 'low_tar',
  on_sale: 'on_sale',
  在销: 'on_sale',
};

function retailerFilter(db: Database, scope: string): (r: Retailer) => boolean {
  if (!scope || scope === 'county') return () => true;
  const [kind, ...rest] = scope.split(':');
  const v = rest.join(':');
  if (kind === 'manager') return (r) => r.manager === v;
  if (kind === 'route') return (r) => r.route === v;
  if (kind === 'format') return (r) => r.format === v;
  if (kind === 'area') return (r) => r.area === v;
  if (kind === 'grade') return (r) => r.grade === Number(v);
  if (kind === 'set') {
    const s = setOf(db, v);
    if (s.rule) return (r) => s.rule!.every((c) => String(r[R_FIELD[c.field]]) === String(c.value));
    return (r) => s.codes.has(r.code);
  }
  throw new Error('naive: unknown scope ' + scope);
}

function productFilter(db: Database, scope: string): (p: Product) => boolean {
  if (!scope || scope === 'all') return () => true;
  const [kind, ...rest] = scope.split(':');
  const v = rest.join(':');
  if (kind === 'class') return (p) => p.price_class === v;
  if (kind === 'brand') return (p) => p.brand === v;
  if (kind === 'codes') {
    const set = new Set(v.split(','));
    return (p) => set.has(p.code);
  }
  if (kind === 'set') {
    const s = setOf(db, v);
    if (s.rule) return (p) => s.rule!.every((c) => String(p[P_FIELD[c.field]]) === String(c.value));
    return (p) => s.codes.has(p.code);
  }
  throw new Error('naive: unknown products ' + scope);
}

function keyOf(by: string, r: Retailer, p: Product, day: number): string {
  const v: unknown =
    by === 'class'
      ? p.price_class
      : by === 'brand'
        ? p.brand
        : by === 'spec'
          ? p.code
          : by === 'manager'
            ? r.manager
            : by === 'route'
              ? r.route
              : by === 'format'
                ? r.format
                : by === 'area'
                  ? r.area
                  : by === 'grade'
                    ? r.grade
                    : by === 'month'
                      ? yyyymmText(monthKey(day))
                      : '合计';
  return v === null || v === undefined || v === '' ? '未指定' : String(v);
}

function lines(db: Database, p: { from: number; to: number }): Line[] {
  return db
    .prepare(
      'SELECT day, retailer_id, product_id, demand_tiao, qty_tiao, amount_fen FROM order_lines WHERE day BETWEEN ? AND ?',
    )
    .all(p.from, p.to) as Line[];
}

export interface NaiveSalesRow {
  key: string;
  volumeTiao: number;
  amountFen: number;
  demandTiao: number;
  volumeTiaoLastYear: number;
  amountFenLastYear: number;
}

/** Sales rows (the CLI body's rows and total sums) from raw lines. */
export function naiveSales(db: Database, period: Period, scope: string, products: string, by: string) {
  const { retailers, products: prods } = masters(db, period.to);
  const rf = retailerFilter(db, scope),
    pf = productFilter(db, products);
  const rows = new Map<string, NaiveSalesRow>();
  const total = {
    volumeTiao: 0,
    amountFen: 0,
    demandTiao: 0,
    volumeTiaoLastYear: 0,
    amountFenLastYear: 0,
    qtyOnDemand: 0,
  };
  const row = (k: string) => {
    let x = rows.get(k);
    if (!x)
      rows.set(
        k,
        (x = { key: k, volumeTiao: 0, amountFen: 0, demandTiao: 0, volumeTiaoLastYear: 0, amountFenLastYear: 0 }),
      );
    return x;
  };
  for (const l of lines(db, period)) {
    const r = retailers.get(l.retailer_id)!,
      p = prods.get(l.product_id)!;
    if (!rf(r) || !pf(p)) continue;
    const x = row(keyOf(by, r, p, l.day));
    x.volumeTiao += l.qty_tiao;
    x.amountFen += l.amount_fen;
    x.demandTiao += l.demand_tiao;
    total.volumeTiao += l.qty_tiao;
    total.amountFen += l.amount_fen;
    total.demandTiao += l.demand_tiao;
    if (l.demand_tiao > 0) total.qtyOnDemand += l.qty_tiao;
  }
  const lastYear = samePeriodLastYear(period);
  const retailersLy = lastYear ? withGradesOn(db, retailers, lastYear.to) : retailers;
  for (const l of lastYear ? lines(db, lastYear) : []) {
    const r = retailers.get(l.retailer_id)!,
      p = prods.get(l.product_id)!;
    if (!rf(r) || !pf(p)) continue;
    // by month: last year's month sits beside this year's; by 档位: last year's grade
    const x = row(keyOf(by, retailersLy.get(r.id)!, p, by === 'month' ? l.day + 10000 : l.day));
    x.volumeTiaoLastYear += l.qty_tiao;
    x.amountFenLastYear += l.amount_fen;
    total.volumeTiaoLastYear += l.qty_tiao;
    total.amountFenLastYear += l.amount_fen;
  }
  return { rows, total };
}

export interface NaiveDistRow {
  key: string;
  customers: number;
  orderingCustomers: number;
  repeatCustomers: number;
  orderingAll: number;
  orderCount: number;
  volumeTiao: number;
  orderedBefore: number | null;
}

/** Distribution rows from raw lines: sets of retailers and sets of order dates. */
export function naiveDistribution(db: Database, period: Period, scope: string, products: string, by: string) {
  const { retailers, products: prods } = masters(db, period.to);
  const rf = retailerFilter(db, scope),
    pf = productFilter(db, products);
  const retailerDim = ['manager', 'route', 'format', 'area', 'grade'].includes(by);
  const operating = new Map<string, number>();
  let operatingTotal = 0;
  for (const r of retailers.values()) {
    if (r.status !== '正常' || !rf(r)) continue;
    operatingTotal++;
    if (retailerDim) {
      const k = keyOf(by, r, {} as Product, 0);
      operating.set(k, (operating.get(k) ?? 0) + 1);
    }
  }
  const collect = (p: { from: number; to: number }) => {
    const days = new Map<string, Map<number, Set<number>>>(); // key → retailer → days with 订购量 > 0
    const vol = new Map<string, number>();
    const keyed = withGradesOn(db, retailers, p.to);
    for (const l of lines(db, p)) {
      const r = retailers.get(l.retailer_id)!,
        pr = prods.get(l.product_id)!;
      if (!rf(r) || !pf(pr)) continue;
      for (const k of [keyOf(by, keyed.get(r.id)!, pr, l.day), '合计']) {
        vol.set(k, (vol.get(k) ?? 0) + l.qty_tiao);
        if (l.qty_tiao > 0) {
          if (!days.has(k)) days.set(k, new Map());
          const m = days.get(k)!;
          if (!m.has(r.id)) m.set(r.id, new Set());
          m.get(r.id)!.add(l.day);
        }
      }
    }
    return { days, vol };
  };
  const now = collect(period);
  const p1 = previousPeriod(period, 1),
    p3 = previousPeriod(period, 3);
  const before = p1 && p3 ? collect({ from: p3.from, to: p1.to }) : null;
  const keys = new Set([...now.vol.keys()]);
  if (retailerDim) for (const k of operating.keys()) keys.add(k);
  const out = new Map<string, NaiveDistRow>();
  for (const k of keys) {
    const m = now.days.get(k) ?? new Map<number, Set<number>>();
    let orderingCustomers = 0,
      repeatCustomers = 0,
      orderCount = 0;
    for (const [rid, ds] of m) {
      orderCount += ds.size;
      if (retailers.get(rid)!.status === '正常') {
        orderingCustomers++;
        if (ds.size >= 2) repeatCustomers++;
      }
    }
    out.set(k, {
      key: k,
      customers: k === '合计' || !retailerDim ? operatingTotal : (operating.get(k) ?? 0),
      orderingCustomers,
      repeatCustomers,
      orderingAll: m.size,
      orderCount,
      volumeTiao: now.vol.get(k) ?? 0,
      orderedBefore: before ? (before.days.get(k)?.size ?? 0) : null,
    });
  }
  return out;
}
