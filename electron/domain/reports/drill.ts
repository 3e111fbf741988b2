/**
 * Drill-down: from a row of any report to the retailers behind it (who
 * ordered, how much, on how many days — and the 正常经营 retailers who did not
 * order, the action list behind a low 铺货率), and from one retailer to its
 * order lines.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { type Period, fmtDay, monthPeriod, periodLabel } from './periods';
import { type Condition, customerScope, gradeAsOfSql, productScope } from '../masterdata';
import { type Dim, DIM_LABELS, ROUTE_MANAGER_JOINS, keyCondition, keyNames, reachBy, sumsBy } from './query';
import { perCaseYuan } from './formulas';

export interface DrillRetailer {
  code: string;
  name: string;
  route: string | null;
  routeName: string | null;
  manager: string | null;
  managerName: string | null;
  format: string | null;
  area: string | null;
  grade: number | null;
  status: string;
  ordered: boolean;
  volumeTiao: number;
  amountFen: number;
  demandTiao: number;
  orderDays: number;
  perCaseYuan: number | null;
}

function narrow(c: Condition, sql: string, params: unknown[]): Condition {
  return { ...c, sql: `(${c.sql}) AND ${sql}`, params: [...c.params, ...params], all: false };
}

export function drillRetailers(
  db: Database,
  input: { period: Period; scope?: string; products?: string; by?: Dim; key?: string; onlyOrdering?: boolean },
) {
  let period = input.period;
  let customers = customerScope(db, input.scope, input.period.to);
  let products = productScope(db, input.products);
  if (input.by && input.key !== undefined && input.by !== 'total') {
    if (input.by === 'month') {
      const r = /^(\d{4})-(\d{2})$/.exec(input.key);
      if (!r) throw new AppError('invalid_key', `月份“${input.key}”无效`);
      const m = monthPeriod(Number(r[1]), Number(r[2]));
      period = { kind: 'custom', from: Math.max(m.from, period.from), to: Math.min(m.to, period.to) };
    } else {
      const k = keyCondition(db, input.by, input.key, period.to);
      if (k.side === 'r') customers = narrow(customers, k.sql, k.params);
      else products = narrow(products, k.sql, k.params);
    }
  }
  const scope = { customers, products };
  const sums = sumsBy(db, period, scope, 'retailer');
  const reach = reachBy(db, period, scope, 'retailer');
  const list = db
    .prepare(
      `SELECT r.code, r.name, rt.code route, rt.name routeName, m.code manager, m.name managerName, r.format, r.area, ${gradeAsOfSql(db, period.to)} AS grade, r.status
      FROM retailers r ${ROUTE_MANAGER_JOINS}
      WHERE ${customers.sql} ORDER BY r.code`,
    )
    .all(...customers.params) as Omit<
    DrillRetailer,
    'ordered' | 'volumeTiao' | 'amountFen' | 'demandTiao' | 'orderDays' | 'perCaseYuan'
  >[];
  const rows: DrillRetailer[] = [];
  for (const r of list) {
    const s = sums.get(r.code);
    const re = reach.get(r.code);
    const ordered = (re?.ordering ?? 0) > 0;
    if (!s && r.status !== '正常') continue;
    if (input.onlyOrdering && !ordered) continue;
    rows.push({
      ...r,
      ordered,
      volumeTiao: s?.qty ?? 0,
      amountFen: s?.amount ?? 0,
      demandTiao: s?.demand ?? 0,
      orderDays: re?.orderDays ?? 0,
      perCaseYuan: perCaseYuan(s?.amount ?? 0, s?.qty ?? 0),
    });
  }
  // the row drilled into, named as the report shows it: 客户经理 陈军（KM001）
  let keyLabel: string | null = null;
  if (input.by && input.key !== undefined && input.by !== 'total') {
    const name = keyNames(db, input.by, [input.key]).get(input.key) ?? input.key;
    keyLabel = `${DIM_LABELS[input.by]} ${name !== input.key ? `${name}（${input.key}）` : input.key}`;
  }
  return {
    keyLabel,
    periodLabel: periodLabel(period),
    from: fmtDay(period.from),
    to: fmtDay(period.to),
    scopeLabel: customers.label,
    productsLabel: products.label,
    operating: rows.filter((r) => r.status === '正常').length,
    ordering: rows.filter((r) => r.ordered).length,
    rows,
  };
}

export interface OrderLineRow {
  day: string;
  orderNo: string;
  productCode: string;
  productName: string;
  brand: string | null;
  priceClass: string | null;
  demandTiao: number;
  qtyTiao: number;
  priceFen: number;
  amountFen: number;
}

/** The product side and the period of a drilled row: a 价类/品牌/规格 row narrows the specs, a month row the days. */
function rowNarrowing(
  db: Database,
  period: Period,
  products: Condition,
  by?: Dim,
  key?: string,
): { period: Period; products: Condition } {
  if (!by || key === undefined || by === 'total') return { period, products };
  if (by === 'month') {
    const r = /^(\d{4})-(\d{2})$/.exec(key);
    if (!r) throw new AppError('invalid_key', `月份“${key}”无效`);
    const m = monthPeriod(Number(r[1]), Number(r[2]));
    return { period: { kind: 'custom', from: Math.max(m.from, period.from), to: Math.min(m.to, period.to) }, products };
  }
  const k = keyCondition(db, by, key, period.to);
  return { period, products: k.side === 'p' ? narrow(products, k.sql, k.params) : products };
}

export function retailerLines(
  db: Database,
  input: { period: Period; retailer: string; products?: string; by?: Dim; key?: string },
) {
  const r = db.prepare('SELECT id, code, name, status FROM retailers WHERE code = ?').get(input.retailer) as
    { id: number; code: string; name: string; status: string } | undefined;
  if (!r) throw new AppError('unknown_retailer', `没有客户编码为“${input.retailer}”的零售客户`);
  const narrowed = rowNarrowing(db, input.period, productScope(db, input.products), input.by, input.key);
  const products = narrowed.products;
  input = { ...input, period: narrowed.period };
  const rows = db
    .prepare(
      `SELECT o.day, o.order_no orderNo, p.code productCode, p.name productName, p.brand, p.price_class priceClass,
        o.demand_tiao demandTiao, o.qty_tiao qtyTiao, o.price_fen priceFen, o.amount_fen amountFen
      FROM order_lines o JOIN products p ON p.id = o.product_id
      WHERE o.retailer_id = ? AND o.day BETWEEN ? AND ? AND ${products.sql}
      ORDER BY o.day, o.order_no, p.code`,
    )
    .all(r.id, input.period.from, input.period.to, ...products.params) as (Omit<OrderLineRow, 'day'> & {
    day: number;
  })[];
  return {
    retailer: { code: r.code, name: r.name, status: r.status },
    periodLabel: periodLabel(input.period),
    productsLabel: products.label,
    rows: rows.map((x) => ({ ...x, day: fmtDay(x.day) })) as OrderLineRow[],
    total: rows.reduce(
      (t, x) => ({
        demandTiao: t.demandTiao + x.demandTiao,
        qtyTiao: t.qtyTiao + x.qtyTiao,
        amountFen: t.amountFen + x.amountFen,
      }),
      { demandTiao: 0, qtyTiao: 0, amountFen: 0 },
    ),
  };
}
