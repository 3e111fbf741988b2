/**
 * The aggregate queries under every report. A period is answered from the
 * monthly summaries for its whole months and from order_lines for leftover
 * days at either end; the coarsest summary that can answer is used:
 *   per spec × month   when no retailer attribute is needed,
 *   per retailer × month when no product attribute is needed,
 *   per retailer × spec × month otherwise.
 * Retailer and product attributes are joined at query time, so a retailer
 * moved to another route is reported on its current route.
 */
import type { Database } from 'better-sqlite3';
import { yyyymmText } from '../../../common/days';
import { addDays, dayOf, daysInMonth, monthKey, monthOf, splitByMonths, yearOf, ymd } from './periods';
import type { Condition } from '../masterdata';
import { AREAS, FORMATS, PRICE_CLASSES as CLASSES } from '../masterdata';
import { classSummaryStale, ensureFunctions } from './summaries';
import { distinctBuyers, monthReach } from './buyers';
import { AppError } from '../../api/errors';
import { customerScope, gradeAsOfSql, ownerJoins, ownerManagerCode, productScope } from '../masterdata';

export type Dim =
  'class' | 'brand' | 'spec' | 'manager' | 'route' | 'format' | 'area' | 'grade' | 'month' | 'total' | 'retailer';
export const SALES_DIMS = ['class', 'brand', 'spec', 'manager', 'route', 'format', 'area', 'grade', 'month'] as const;
export const DISTRIBUTION_DIMS = ['manager', 'route', 'format', 'area', 'grade', 'spec', 'class', 'brand'] as const;

export const DIM_LABELS: Record<Dim, string> = {
  retailer: '零售客户',
  class: '价类',
  brand: '品牌',
  spec: '规格',
  manager: '客户经理',
  route: '线路',
  format: '经营业态',
  area: '城乡分类',
  grade: '档位',
  month: '月份',
  total: '合计',
};

/** Rows with no value for the dimension (a retailer without a route, a spec without 价类) */
export const UNSPECIFIED = '未指定';

interface DimDef {
  expr: string;
  side: 'r' | 'p' | 'none';
}

const DIMS: Record<Dim, DimDef> = {
  class: { expr: 'p.price_class', side: 'p' },
  brand: { expr: 'p.brand', side: 'p' },
  spec: { expr: 'p.code', side: 'p' },
  manager: { expr: 'm.code', side: 'r' },
  route: { expr: 'rt.code', side: 'r' },
  format: { expr: 'r.format', side: 'r' },
  area: { expr: 'r.area', side: 'r' },
  grade: { expr: 'r.grade', side: 'r' },
  month: { expr: 'f.month', side: 'none' },
  total: { expr: "'合计'", side: 'none' },
  retailer: { expr: 'r.code', side: 'r' },
};

/**
 * The condition "this row of a dimension" (a drill-down from a row): on the
 * retailer side or the product side; a month row narrows the period instead.
 */
export function keyCondition(
  db: Database,
  dim: Dim,
  key: string,
  asOfDay: number,
): { side: 'r' | 'p' | 'none'; sql: string; params: unknown[] } {
  const d = DIMS[dim];
  if (d.side === 'none') return { side: 'none', sql: '1', params: [] };
  let expr = dimExpr(db, dim, asOfDay);
  if (dim === 'manager') expr = ownerManagerCode('r');
  if (dim === 'route') expr = '(SELECT code FROM routes WHERE id = r.route_id)';
  if (key === UNSPECIFIED) return { side: d.side, sql: `(${expr} IS NULL OR ${expr} = '')`, params: [] };
  return { side: d.side, sql: `${expr} = ?`, params: [dim === 'grade' ? Number(key) : key] };
}

export const dimSide = (d: Dim) => DIMS[d].side;
/**
 * The SQL expression of a dimension's key over retailers r (with routes rt, managers m) or
 * products p. 档位 is the grade that held on `asOfDay` (yyyymmdd, or an SQL expression giving
 * one): masterdata/gradeHistory.ts.
 */
export const dimExpr = (db: Database, d: Dim, asOfDay: number | string) =>
  d === 'grade' ? gradeAsOfSql(db, asOfDay) : DIMS[d].expr;
/** Joins a retailer r to its route rt and its owning manager m (masterdata/ownership.ts). */
export const ROUTE_MANAGER_JOINS = ownerJoins('r', 'rt', 'm');

const RETAILER_JOINS = `JOIN retailers r ON r.id = f.retailer_id ${ROUTE_MANAGER_JOINS}`;
const PRODUCT_JOIN = 'JOIN products p ON p.id = f.product_id';

export interface Sums {
  qty: number;
  demand: number;
  amount: number;
  qtyDp: number;
  lines: number;
  linesDp: number;
  linesOut: number;
  /** lines with 需求量 > 0 supplied in full (订购量 ≥ 需求量) */
  linesFull: number;
}

export const zeroSums = (): Sums => ({
  qty: 0,
  demand: 0,
  amount: 0,
  qtyDp: 0,
  lines: 0,
  linesDp: 0,
  linesOut: 0,
  linesFull: 0,
});

export function addSums(a: Sums, b: Sums): Sums {
  return {
    qty: a.qty + b.qty,
    demand: a.demand + b.demand,
    amount: a.amount + b.amount,
    qtyDp: a.qtyDp + b.qtyDp,
    lines: a.lines + b.lines,
    linesDp: a.linesDp + b.linesDp,
    linesOut: a.linesOut + b.linesOut,
    linesFull: a.linesFull + b.linesFull,
  };
}

type Grain = 'rp' | 'r' | 'p' | 'rc';

const checked = new WeakSet<Database>();
/**
 * The summaries need migrations 021 and 022. A database that reached a higher
 * user_version before they were added skips them (one user_version for all
 * module ranges); say so plainly instead of failing inside SQL.
 */
export function checkSchema(db: Database): void {
  if (checked.has(db)) return;
  const hasDays =
    (
      db.prepare("SELECT COUNT(*) n FROM pragma_table_info('rpt_month_rp') WHERE name = 'order_days'").get() as {
        n: number;
      }
    ).n > 0;
  const hasRc = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rpt_month_rc'").get();
  if (!hasDays || !hasRc) {
    throw new AppError(
      'reports_schema_outdated',
      '此数据库缺少统计汇总表的新结构（迁移 021/022 未应用：该库在这两个迁移加入之前已升级到更高的结构版本）。请备份后用新数据库重新导入，或联系信息管理员。',
    );
  }
  checked.add(db);
}

/**
 * Months m1..m2 (yyyymm) one by one. The summaries are selected with month IN
 * (…) rather than BETWEEN: equality on the first key column lets SQLite seek
 * on the second as well (e.g. one 价类 of rpt_month_rc), not scan every key of
 * each month.
 */
function monthList(m1: number, m2: number): number[] {
  const out: number[] = [];
  for (let k = m1; k <= m2; k = k % 100 === 12 ? k + 89 : k + 1) out.push(k);
  return out;
}

/**
 * A day range widened to whole months where the added days cannot hold order lines: days after
 * the last order day or before the first. The summaries then answer such a month whole (a month
 * in progress, 本年累计 to the last day with data) instead of its days being read from
 * order_lines; every sum is the same, as the added days hold no lines.
 */
export function coveredRange(db: Database, range: { from: number; to: number }): { from: number; to: number } {
  const b = db
    .prepare('SELECT (SELECT MIN(day) FROM order_lines) AS first, (SELECT MAX(day) FROM order_lines) AS last')
    .get() as { first: number | null; last: number | null };
  if (b.first === null || b.last === null) return range;
  let { from, to } = range;
  if (to >= b.last) to = ymd(yearOf(to), monthOf(to), daysInMonth(yearOf(to), monthOf(to)));
  if (from <= b.first) from = ymd(yearOf(from), monthOf(from), 1);
  return { from, to };
}

/**
 * Rows of one grain for a day range, all with the same columns: whole months
 * from the summary table, leftover days aggregated from order_lines exactly as
 * the summaries are built (per day first, so two orders on one day count as
 * one order date).
 *
 * With `complement`, leftover days covering more than half their month are
 * answered as the month's summary rows plus the other days' lines negated:
 * every sum comes out the same and far fewer lines are read (同期 of a month in
 * progress, 截至同日). order_days and day_mask are 0 in the negated rows, so only
 * callers that read the sums (sumsBy) may ask for it; a key whose lines all
 * fall on the other days nets to lines = 0, which the caller drops.
 */
function facts(
  grain: Grain,
  range: { from: number; to: number },
  complement = false,
): { sql: string; params: unknown[]; complemented: boolean } {
  // (callers have run checkSchema through grainFor)
  const split = splitByMonths(range);
  const parts: string[] = [];
  const params: unknown[] = [];
  const keyCols =
    grain === 'rp'
      ? 'product_id, retailer_id'
      : grain === 'r'
        ? 'retailer_id'
        : grain === 'rc'
          ? 'price_class, retailer_id'
          : 'product_id';
  const sumCols = 'qty, demand, amount, qty_dp, lines, lines_dp, lines_out, lines_full';
  if (grain === 'rc') {
    // used only for whole months (see grainFor)
    const list = monthList(split.months![0], split.months![1]);
    parts.push(
      `SELECT month, ${keyCols}, ${sumCols}, order_days, day_mask FROM rpt_month_rc WHERE month IN (${list.map(() => '?').join(', ')})`,
    );
    params.push(...list);
    return { sql: parts.join(''), params, complemented: false };
  }
  const list = split.months ? monthList(split.months[0], split.months[1]) : [];
  const days: [number, number][] = [];
  const negated: [number, number][] = [];
  let complemented = false;
  for (const [a, b] of split.days) {
    const y = yearOf(a),
      m = monthOf(a),
      n = daysInMonth(y, m);
    if (complement && (b - a + 1) * 2 > n) {
      complemented = true;
      list.push(monthKey(a));
      if (dayOf(a) > 1) negated.push([ymd(y, m, 1), addDays(a, -1)]);
      if (dayOf(b) < n) negated.push([addDays(b, 1), ymd(y, m, n)]);
    } else days.push([a, b]);
  }
  if (list.length) {
    const extra = grain === 'p' ? '0 AS order_days, 0 AS day_mask' : 'order_days, day_mask';
    const table = grain === 'rp' ? 'rpt_month_rp' : grain === 'r' ? 'rpt_month_r' : 'rpt_month_p';
    parts.push(
      `SELECT month, ${keyCols}, ${sumCols}, ${extra} FROM ${table} WHERE month IN (${list.map(() => '?').join(', ')})`,
    );
    params.push(...list);
  }
  for (const [a, b] of days) {
    parts.push(`SELECT day / 100 AS month, ${keyCols}, SUM(q) AS qty, SUM(d) AS demand, SUM(a) AS amount, SUM(qdp) AS qty_dp, SUM(n) AS lines,
        SUM(ndp) AS lines_dp, SUM(nout) AS lines_out, SUM(nfull) AS lines_full, SUM(q > 0) AS order_days, SUM(CASE WHEN q > 0 THEN 1 << (day % 100 - 1) ELSE 0 END) AS day_mask
      FROM (SELECT day, ${keyCols}, SUM(qty_tiao) q, SUM(demand_tiao) d, SUM(amount_fen) a, SUM(CASE WHEN demand_tiao > 0 THEN qty_tiao ELSE 0 END) qdp,
              COUNT(*) n, SUM(demand_tiao > 0) ndp, SUM(demand_tiao > 0 AND qty_tiao = 0) nout, SUM(demand_tiao > 0 AND qty_tiao >= demand_tiao) nfull
            FROM order_lines WHERE day BETWEEN ? AND ? GROUP BY day, ${keyCols})
      GROUP BY day / 100, ${keyCols}`);
    params.push(a, b);
  }
  for (const [a, b] of negated) {
    parts.push(`SELECT day / 100 AS month, ${keyCols}, -SUM(qty_tiao) AS qty, -SUM(demand_tiao) AS demand, -SUM(amount_fen) AS amount,
        -SUM(CASE WHEN demand_tiao > 0 THEN qty_tiao ELSE 0 END) AS qty_dp, -COUNT(*) AS lines, -SUM(demand_tiao > 0) AS lines_dp,
        -SUM(demand_tiao > 0 AND qty_tiao = 0) AS lines_out, -SUM(demand_tiao > 0 AND qty_tiao >= demand_tiao) AS lines_full, 0 AS order_days, 0 AS day_mask
      FROM order_lines WHERE day BETWEEN ? AND ? GROUP BY day / 100, ${keyCols}`);
    params.push(a, b);
  }
  if (!parts.length)
    parts.push(
      `SELECT 0 AS month, ${keyCols
        .split(', ')
        .map((c) => `0 AS ${c}`)
        .join(
          ', ',
        )}, 0 qty, 0 demand, 0 amount, 0 qty_dp, 0 lines, 0 lines_dp, 0 lines_out, 0 lines_full, 0 order_days, 0 day_mask WHERE 0`,
    );
  return { sql: parts.join('\nUNION ALL\n'), params, complemented };
}

/** Scope conditions on the fact rows as IN-lists over the masters (index range scans on the summaries). */
function factFilter(grain: Grain, scope: QueryScope): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (grain !== 'p' && !scope.customers.all) {
    parts.push(`retailer_id IN (SELECT r.id FROM retailers r WHERE ${scope.customers.sql})`);
    params.push(...scope.customers.params);
  }
  if (grain === 'rc') {
    if (scope.products.classOnly !== undefined) {
      parts.push('price_class = ?');
      params.push(scope.products.classOnly);
    }
  } else if (grain !== 'r' && !scope.products.all) {
    parts.push(`product_id IN (SELECT p.id FROM products p WHERE ${scope.products.sql})`);
    params.push(...scope.products.params);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

export interface QueryScope {
  customers: Condition;
  products: Condition;
}

/**
 * The coarsest summary that answers. Retailer × 价类 serves a product scope of
 * one 价类 (or a by-价类 table) over whole months while its 价类 map is current.
 */
function grainFor(
  db: Database,
  scope: QueryScope,
  dims: Dim[],
  range: { from: number; to: number },
  needRetailer = false,
): Grain {
  checkSchema(db);
  const needR = needRetailer || !scope.customers.all || dims.some((d) => DIMS[d].side === 'r');
  const needP = !scope.products.all || dims.some((d) => DIMS[d].side === 'p');
  if (needR && needP) {
    const classOnly =
      (scope.products.all || scope.products.classOnly !== undefined) &&
      dims.every((d) => DIMS[d].side !== 'p' || d === 'class');
    if (classOnly) {
      const split = splitByMonths(range);
      if (split.months && split.days.length === 0 && !classSummaryStale(db)) return 'rc';
    }
    return 'rp';
  }
  if (needR) return 'r';
  return 'p';
}

export function keyString(v: unknown, dim: Dim): string {
  if (v === null || v === undefined || v === '') return UNSPECIFIED;
  if (dim === 'month') {
    const n = Number(v);
    return yyyymmText(n);
  }
  return String(v);
}

/**
 * Shared reads for a batch of reports over the same months (the 月报 pack: 销售情况表 by 客户经理,
 * 线路, 城乡 and 业态, each with 上期 and 本年累计, and 分销 by 客户经理 and 线路 with the previous
 * three months). Inside `withSharedReads`, sums and ordering counts by a retailer attribute over
 * whole months are answered from one read of the retailer summaries per set of months: summed per
 * retailer, joined to the masters once and grouped by every such attribute together (a few hundred
 * rows), then rolled up in JavaScript — the same integer sums and counts as the per-report
 * queries, which each read and joined the months again. The reads are dropped when the batch ends
 * (nothing can change the lines inside one synchronous call).
 */
const CUBE_DIMS: readonly Dim[] = ['manager', 'route', 'area', 'format'];
const SUM_KEYS = ['qty', 'demand', 'amount', 'qtyDp', 'lines', 'linesDp', 'linesOut', 'linesFull'] as const;
const REACH_KEYS = ['ordering', 'orderingOperating', 'repeatOperating', 'repeat', 'orderDays'] as const;
/** manager, route, area, format, then the sums and counts of its width (cubeRows) */
type CubeRow = unknown[];
const sharedReads = new WeakMap<Database, Map<string, CubeRow[]>>();

/** sumsBy's answers inside a batch, by their arguments: a report of the batch asking what another asked already */
const sumsMemo = new WeakMap<Database, Map<string, Map<string, Sums>>>();

export function withSharedReads<T>(db: Database, f: () => T): T {
  if (sharedReads.has(db)) return f();
  sharedReads.set(db, new Map());
  sumsMemo.set(db, new Map());
  try {
    return f();
  } finally {
    sharedReads.delete(db);
    sumsMemo.delete(db);
  }
}

/**
 * What a set of shared rows carries after the four keys: every sum and the ordering counts
 * ('full'), 销量 and 销售额 only ('light', for 同期, 上期 and 本年累计), or the ordering counts only
 * ('reach', for the previous three months of 动销率). Narrower reads group fewer columns.
 */
type Width = 'full' | 'light' | 'reach';
const SERVES: Record<Width, Width[]> = { full: ['full'], light: ['light', 'full'], reach: ['reach', 'full'] };
const REACH_SQL = `SUM(x.qty > 0), SUM(x.qty > 0 AND r.status = '正常'), SUM(x.qty > 0 AND r.status = '正常' AND x.days >= 2),
  SUM(x.qty > 0 AND x.days >= 2), SUM(CASE WHEN x.qty > 0 THEN x.days ELSE 0 END)`;

/**
 * The shared rows of whole months and a customer scope at a width, read on first use (a wider read
 * of the same months serves); null outside a batch or for other dimensions.
 */
function cubeRows(
  db: Database,
  range: { from: number; to: number },
  customers: Condition,
  dim: Dim,
  width: Width,
): { rows: CubeRow[]; width: Width } | null {
  const cache = sharedReads.get(db);
  const split = splitByMonths(range);
  if (!cache || !split.months || split.days.length || !(CUBE_DIMS.includes(dim) || dim === 'total')) return null;
  const months = monthList(split.months[0], split.months[1]);
  const id = `${months.join(',')}\u0000${customers.sql}\u0000${JSON.stringify(customers.params)}`;
  for (const w of SERVES[width]) {
    const rows = cache.get(id + w);
    if (rows) return { rows, width: w };
  }
  const where = customers.all ? '' : ` AND retailer_id IN (SELECT r.id FROM retailers r WHERE ${customers.sql})`;
  const cols =
    width === 'full'
      ? ['qty', 'demand', 'amount', 'qty_dp', 'lines', 'lines_dp', 'lines_out', 'lines_full', 'order_days']
      : width === 'light'
        ? ['qty', 'amount']
        : ['qty', 'order_days'];
  const as = (c: string) => (c === 'order_days' ? 'days' : c);
  // one month: its rows are one per retailer already
  const per =
    months.length === 1
      ? `SELECT retailer_id, ${cols.map((c) => `${c} AS ${as(c)}`).join(', ')} FROM rpt_month_r WHERE month = ?${where}`
      : `SELECT retailer_id, ${cols.map((c) => `SUM(${c}) AS ${as(c)}`).join(', ')}
        FROM rpt_month_r WHERE month IN (${months.map(() => '?').join(', ')})${where} GROUP BY retailer_id`;
  const sums = cols.filter((c) => c !== 'order_days' && width !== 'reach').map((c) => `SUM(x.${c})`);
  const rows = db
    .prepare(
      `SELECT ${CUBE_DIMS.map((d) => DIMS[d].expr).join(', ')}, ${[...sums, ...(width === 'light' ? [] : [REACH_SQL])].join(', ')}
      FROM (${per}) x JOIN retailers r ON r.id = x.retailer_id ${ROUTE_MANAGER_JOINS}
      GROUP BY 1, 2, 3, 4`,
    )
    .raw()
    .all(...months, ...(customers.all ? [] : customers.params)) as CubeRow[];
  cache.set(id + width, rows);
  return { rows, width };
}

/** Rolls the shared rows up by one dimension into the fields `keys` found from column `at` on. */
function rollUp<T extends object>(
  rows: CubeRow[],
  dim: Dim,
  keys: readonly (keyof T & string)[],
  at: number,
  zero: () => T,
): Map<string, T> {
  const p = CUBE_DIMS.indexOf(dim);
  const out = new Map<string, T>();
  for (const row of rows) {
    const k = dim === 'total' ? '合计' : keyString(row[p], dim);
    let s = out.get(k);
    if (!s) out.set(k, (s = zero()));
    for (let i = 0; i < keys.length; i++) (s as Record<string, number>)[keys[i]] += row[at + i] as number;
  }
  return out;
}

/** sumsBy from the shared rows (see withSharedReads), or null when they do not answer. */
function sharedSums(
  db: Database,
  range: { from: number; to: number },
  scope: QueryScope,
  dim: Dim,
  light: boolean,
): Map<string, Sums> | null {
  const c = cubeRows(db, range, scope.customers, dim, light ? 'light' : 'full');
  if (!c) return null;
  const at = CUBE_DIMS.length;
  const out =
    c.width === 'light'
      ? rollUp<Sums>(c.rows, dim, ['qty', 'amount'], at, zeroSums)
      : rollUp<Sums>(c.rows, dim, SUM_KEYS, at, zeroSums);
  if (light)
    for (const s of out.values())
      Object.assign(s, { demand: 0, qtyDp: 0, lines: 0, linesDp: 0, linesOut: 0, linesFull: 0 });
  return out;
}

/**
 * sumsBy's county total of 销量 and 销售额 alone (a 首页 card's week, a plan's month to date): whole
 * months from the per-spec summaries, leftover days as one plain sum of their lines — no grouping
 * per day and spec, which is what the other sums need and what makes a city's week cost ten
 * times a read of its lines — and a leftover covering more than half its month as the month's
 * summary less the other days' lines (as facts' complement). The same map as the general path:
 * empty when the range holds no line, the other sums 0.
 */
function totalSums(db: Database, range: { from: number; to: number }, products: Condition): Map<string, Sums> {
  const split = splitByMonths(range);
  const months = split.months ? monthList(split.months[0], split.months[1]) : [];
  const plus: [number, number][] = [];
  const minus: [number, number][] = [];
  for (const [a, b] of split.days) {
    const y = yearOf(a),
      m = monthOf(a),
      n = daysInMonth(y, m);
    if ((b - a + 1) * 2 > n) {
      months.push(monthKey(a));
      if (dayOf(a) > 1) minus.push([ymd(y, m, 1), addDays(a, -1)]);
      if (dayOf(b) < n) minus.push([addDays(b, 1), ymd(y, m, n)]);
    } else plus.push([a, b]);
  }
  const only = products.all ? '' : ` AND product_id IN (SELECT p.id FROM products p WHERE ${products.sql})`;
  const t = { qty: 0, amount: 0, lines: 0 };
  const add = (row: unknown[], sign: number) => {
    t.qty += sign * Number(row[0] ?? 0);
    t.amount += sign * Number(row[1] ?? 0);
    t.lines += sign * Number(row[2] ?? 0);
  };
  if (months.length)
    add(
      db
        .prepare(
          `SELECT SUM(qty), SUM(amount), SUM(lines) FROM rpt_month_p WHERE month IN (${months.map(() => '?').join(', ')})${only}`,
        )
        .raw()
        .get(...months, ...(products.all ? [] : products.params)) as unknown[],
      1,
    );
  const days = db
    .prepare(`SELECT SUM(qty_tiao), SUM(amount_fen), COUNT(*) FROM order_lines WHERE day BETWEEN ? AND ?${only}`)
    .raw();
  for (const [a, b] of plus) add(days.get(a, b, ...(products.all ? [] : products.params)) as unknown[], 1);
  for (const [a, b] of minus) add(days.get(a, b, ...(products.all ? [] : products.params)) as unknown[], -1);
  if (t.lines === 0) return new Map();
  return new Map([['合计', { ...zeroSums(), qty: t.qty, amount: t.amount }]]);
}

/** separates the two keys of a two-dimension table (业态 × 月份) */
export const KEY_SEP = '\u0001';

/**
 * Σ of the line figures per key of one dimension (and optionally a second,
 * the month), for a day range and scope. Rows are first summed per retailer
 * or per spec (a few thousand), then joined to the masters for the key.
 */
export function sumsBy(
  db: Database,
  range: { from: number; to: number },
  scope: QueryScope,
  dim: Dim,
  dim2?: Dim,
  opts: { qtyAmountOnly?: boolean } = {},
): Map<string, Sums> {
  const memo = sumsMemo.get(db);
  if (!memo) return sumsOf(db, range, scope, dim, dim2, opts);
  // (the 周报's 销售情况表 and 分销 by 客户经理 both ask the week's sums by 客户经理)
  const id = JSON.stringify([
    range.from,
    range.to,
    scope.customers.sql,
    scope.customers.params,
    scope.products.sql,
    scope.products.params,
    dim,
    dim2 ?? null,
    opts.qtyAmountOnly === true,
  ]);
  let m = memo.get(id);
  if (!m) memo.set(id, (m = sumsOf(db, range, scope, dim, dim2, opts)));
  // a copy: callers may change what they are given
  return new Map([...m].map(([k, s]) => [k, { ...s }]));
}

function sumsOf(
  db: Database,
  range: { from: number; to: number },
  scope: QueryScope,
  dim: Dim,
  dim2?: Dim,
  opts: { qtyAmountOnly?: boolean } = {},
): Map<string, Sums> {
  const dims = dim2 ? [dim, dim2] : [dim];
  const asked = range; // 档位 are taken as of the asked end (below), whatever the widening
  range = coveredRange(db, range);
  const grain = grainFor(db, scope, dims, range);
  const light = opts.qtyAmountOnly === true;
  if (dims.includes('month') && grain !== 'p' && monthKey(asked.from) !== monthKey(asked.to)) {
    // By month over several months: one query per month. Its keys hold the month, so the maps do
    // not overlap, and grouping one month's rows at a time costs less than sorting all of them
    // (the 客户分类一览 of a city's nine months: 105 ms CPU against 178).
    const out = new Map<string, Sums>();
    for (let m = monthKey(asked.from); m <= monthKey(asked.to); m = m % 100 === 12 ? m + 89 : m + 1) {
      const y = Math.floor(m / 100),
        mm = m % 100;
      const sub = { from: Math.max(asked.from, ymd(y, mm, 1)), to: Math.min(asked.to, ymd(y, mm, daysInMonth(y, mm))) };
      for (const [k, v] of sumsBy(db, sub, scope, dim, dim2, opts)) out.set(k, v);
    }
    return out;
  }
  if (light && dim === 'total' && dim2 === undefined && grain === 'p') return totalSums(db, range, scope.products);
  if (grain === 'r' && dim2 === undefined) {
    const shared = sharedSums(db, range, scope, dim, light);
    if (shared) return shared;
  }
  const f = facts(grain, range, true);
  const w = factFilter(grain, scope);
  const sides = new Set(dims.map((d) => DIMS[d].side));
  const ent: string[] = [];
  // month first: the summaries' primary keys start with it, so grouping can follow the index
  if (dims.includes('month')) ent.push('month');
  if (sides.has('r')) ent.push('retailer_id');
  if (sides.has('p')) ent.push(grain === 'rc' ? 'price_class' : 'product_id');
  // 同期, 上期 and 本年累计 columns need only 销量 and 销售额: the other sums are left at 0.
  // (lines are counted even then when negated days are mixed in: a key whose lines net to 0 is dropped)
  const sums = light
    ? `SUM(qty) qty, 0 demand, SUM(amount) amount, 0 qty_dp, ${f.complemented ? 'SUM(lines)' : '0'} lines, 0 lines_dp, 0 lines_out, 0 lines_full`
    : 'SUM(qty) qty, SUM(demand) demand, SUM(amount) amount, SUM(qty_dp) qty_dp, SUM(lines) lines, SUM(lines_dp) lines_dp, SUM(lines_out) lines_out, SUM(lines_full) lines_full';
  // When the grouping is the summary table's own key (e.g. 业态 × month from per retailer × month)
  // and no leftover days are mixed in, rows are already unique: no grouping pass.
  const natural =
    grain === 'rp'
      ? ['month', 'product_id', 'retailer_id']
      : grain === 'r'
        ? ['month', 'retailer_id']
        : grain === 'rc'
          ? ['month', 'price_class', 'retailer_id']
          : ['month', 'product_id'];
  const unique =
    splitByMonths(range).days.length === 0 && natural.length === ent.length && natural.every((c) => ent.includes(c));
  const inner = unique
    ? `SELECT ${ent.join(', ')}, qty, ${light ? '0 demand' : 'demand'}, amount, ${light ? '0 qty_dp, 0 lines, 0 lines_dp, 0 lines_out, 0 lines_full' : 'qty_dp, lines, lines_dp, lines_out, lines_full'} FROM (${f.sql}) WHERE ${w.sql}`
    : `SELECT ${ent.map((c) => c + ', ').join('')}${sums} FROM (${f.sql}) WHERE ${w.sql}${ent.length ? ' GROUP BY ' + ent.join(', ') : ''}`;
  const needRoute = dims.includes('manager') || dims.includes('route');
  const joins = [
    sides.has('r') ? (needRoute ? RETAILER_JOINS : 'JOIN retailers r ON r.id = f.retailer_id') : '',
    sides.has('p') && grain !== 'rc' ? PRODUCT_JOIN : '',
  ].join(' ');
  // 档位 by month when the months are keys (each month's figures under that month's grades), else at the period's end
  const gradeDay = dims.includes('month') ? 'f.month * 100 + 31' : asked.to;
  const expr = (d: Dim) => (grain === 'rc' && d === 'class' ? "NULLIF(f.price_class, '')" : dimExpr(db, d, gradeDay));
  const outerSums =
    light && !f.complemented
      ? 'SUM(f.qty) qty, 0 demand, SUM(f.amount) amount, 0 qtyDp, 0 lines, 0 linesDp, 0 linesOut, 0 linesFull'
      : `SUM(f.qty) qty, SUM(f.demand) demand, SUM(f.amount) amount, SUM(f.qty_dp) qtyDp,
      SUM(f.lines) lines, SUM(f.lines_dp) linesDp, SUM(f.lines_out) linesOut, SUM(f.lines_full) linesFull`;
  const sql = `SELECT ${expr(dim)} AS k, ${dim2 ? expr(dim2) : 'NULL'} AS k2, ${outerSums}
    FROM (${inner}) f ${joins}
    GROUP BY k, k2`;
  const out = new Map<string, Sums>();
  for (const r of db.prepare(sql).all(...f.params, ...w.params) as (Sums & { k: unknown; k2: unknown })[]) {
    if (r.qty === null) continue; // an empty range
    const k = dim2 ? keyString(r.k, dim) + KEY_SEP + keyString(r.k2, dim2) : keyString(r.k, dim);
    const { k: _k, k2: _k2, ...s } = r;
    out.set(k, out.has(k) ? addSums(out.get(k)!, s) : s);
  }
  if (f.complemented)
    for (const [k, s] of out) {
      if (s.lines === 0) out.delete(k);
      else if (light) s.lines = 0;
    }
  return out;
}

export interface Reach {
  /** retailers in scope with 订购量 > 0 */
  ordering: number;
  /** of those, 正常经营 (the numerator of 铺货率) */
  orderingOperating: number;
  /** 正常经营 ordering retailers with two or more distinct order dates */
  repeatOperating: number;
  /** every ordering retailer with two or more distinct order dates */
  repeat: number;
  /** 订货次数: Σ over ordering retailers of their distinct order dates */
  orderDays: number;
}

/**
 * Per key: how many retailers ordered, how often. Distinct order dates are
 * counted per retailer across every spec of the key and product scope: when a
 * key holds one spec (by spec) or every spec (no product restriction) the
 * summaries' order_days add up across months; otherwise the day bits are
 * OR-ed over the specs within a month first.
 */
export function reachBy(
  db: Database,
  range: { from: number; to: number },
  scope: QueryScope,
  dim: Dim,
): Map<string, Reach> {
  const asked = range;
  range = coveredRange(db, range);
  const grain = grainFor(db, scope, [dim], range, true);
  if (dim === 'spec') {
    const fast = specReachFromBitmaps(db, range, scope);
    if (fast) return fast;
  }
  const shared = grain === 'r' ? cubeRows(db, range, scope.customers, dim, 'reach') : null;
  if (shared) {
    const zero = (): Reach => ({ ordering: 0, orderingOperating: 0, repeatOperating: 0, repeat: 0, orderDays: 0 });
    const at = CUBE_DIMS.length + (shared.width === 'full' ? SUM_KEYS.length : 0);
    return rollUp<Reach>(shared.rows, dim, REACH_KEYS, at, zero);
  }
  const f = facts(grain, range);
  const w = factFilter(grain, scope);
  const side = DIMS[dim].side;
  // order_days add up when each fact row holds exactly the specs of one key
  const onePerSpec = dim === 'spec' || grain === 'r' || grain === 'rc';
  let per: string;
  if (onePerSpec) {
    const ent =
      dim === 'spec'
        ? 'product_id, retailer_id'
        : grain === 'rc' && dim === 'class'
          ? 'price_class, retailer_id'
          : 'retailer_id';
    // one whole month: the summary rows are already one per key and retailer
    const split = splitByMonths(range);
    const oneMonth = split.days.length === 0 && split.months !== null && split.months[0] === split.months[1];
    const unique =
      oneMonth && (grain === 'r' || (grain === 'rp' && dim === 'spec') || (grain === 'rc' && dim === 'class'));
    per = unique
      ? `SELECT ${ent}, qty, order_days AS days FROM (${f.sql}) WHERE ${w.sql}`
      : `SELECT ${ent}, SUM(qty) qty, SUM(order_days) days FROM (${f.sql}) WHERE ${w.sql} GROUP BY ${ent}`;
  } else {
    ensureFunctions(db);
    if (side === 'p') {
      per = `SELECT pk, retailer_id, SUM(qty) qty, SUM(days) days FROM (
          SELECT ${DIMS[dim].expr} AS pk, f.retailer_id, f.month, SUM(f.qty) qty, rpt_popcount(rpt_or(f.day_mask)) days
          FROM (${f.sql}) f JOIN products p ON p.id = f.product_id WHERE ${w.sql} GROUP BY pk, f.retailer_id, f.month)
        GROUP BY pk, retailer_id`;
    } else {
      per = `SELECT retailer_id, SUM(qty) qty, SUM(days) days FROM (
          SELECT retailer_id, month, SUM(qty) qty, rpt_popcount(rpt_or(day_mask)) days FROM (${f.sql}) WHERE ${w.sql} GROUP BY retailer_id, month)
        GROUP BY retailer_id`;
    }
  }
  const keyExpr =
    dim === 'spec'
      ? 'p.code'
      : grain === 'rc' && dim === 'class'
        ? "NULLIF(x.price_class, '')"
        : side === 'p'
          ? 'x.pk'
          : dimExpr(db, dim, asked.to); // 档位 as held at the asked range's end, as in sumsBy
  const sql = `SELECT ${keyExpr} AS k, SUM(x.qty > 0) ordering, SUM(x.qty > 0 AND r.status = '正常') orderingOperating,
      SUM(x.qty > 0 AND r.status = '正常' AND x.days >= 2) repeatOperating, SUM(x.qty > 0 AND x.days >= 2) "repeat",
      SUM(CASE WHEN x.qty > 0 THEN x.days ELSE 0 END) orderDays
    FROM (${per}) x JOIN retailers r ON r.id = x.retailer_id
    ${dim === 'manager' || dim === 'route' ? ROUTE_MANAGER_JOINS : ''}
    ${dim === 'spec' ? 'JOIN products p ON p.id = x.product_id' : ''}
    GROUP BY k`;
  const out = new Map<string, Reach>();
  for (const r of db.prepare(sql).all(...f.params, ...w.params) as (Reach & { k: unknown })[]) {
    const { k, ...rest } = r;
    out.set(keyString(k, dim), rest);
  }
  return out;
}

/** Ids of the specs in a product scope, with their codes (the keys of by-spec tables). */
function specIds(db: Database, products: Condition): { id: number; code: string }[] {
  return db.prepare(`SELECT p.id, p.code FROM products p WHERE ${products.sql}`).all(...products.params) as {
    id: number;
    code: string;
  }[];
}

/** Ids of the retailers in a customer scope; null for the whole county. */
function retailerIds(db: Database, customers: Condition, operatingOnly = false): number[] | null {
  if (customers.all && !operatingOnly) return null;
  return db
    .prepare(`SELECT r.id FROM retailers r WHERE ${customers.sql}${operatingOnly ? " AND r.status = '正常'" : ''}`)
    .pluck()
    .all(...customers.params) as number[];
}

/** reachBy per spec for one whole month, from the buyer bitmaps; null when they cannot answer. */
function specReachFromBitmaps(
  db: Database,
  range: { from: number; to: number },
  scope: QueryScope,
): Map<string, Reach> | null {
  const split = splitByMonths(range);
  if (!split.months || split.days.length || split.months[0] !== split.months[1]) return null;
  const specs = specIds(db, scope.products);
  const m = monthReach(
    db,
    split.months[0],
    retailerIds(db, scope.customers),
    retailerIds(db, scope.customers, true)!,
    new Set(specs.map((x) => x.id)),
  );
  if (!m) return null;
  const out = new Map<string, Reach>();
  for (const x of specs) {
    const r = m.get(x.id);
    if (r) out.set(x.code, r);
  }
  return out;
}

/**
 * Retailers of the scope who ordered (订购量 > 0) in a range, per key — the
 * base of 动销率. Lighter than reachBy: no order dates, no statuses.
 */
export function orderingBy(
  db: Database,
  range: { from: number; to: number },
  scope: QueryScope,
  dim: Dim,
): Map<string, number> {
  if (dim !== 'spec') {
    const out = new Map<string, number>();
    for (const [k, r] of reachBy(db, range, scope, dim)) out.set(k, r.ordering);
    return out;
  }
  range = coveredRange(db, range);
  const grain = grainFor(db, scope, [dim], range, true);
  // Whole months with buyer bitmaps: an OR of the months' bitmaps per spec.
  const split = splitByMonths(range);
  if (split.months && split.days.length === 0) {
    const specs = specIds(db, scope.products);
    const counts = distinctBuyers(
      db,
      split.months[0],
      split.months[1],
      retailerIds(db, scope.customers),
      new Set(specs.map((x) => x.id)),
    );
    if (counts) {
      const out = new Map<string, number>();
      for (const x of specs) if (counts.has(x.id)) out.set(x.code, counts.get(x.id)!);
      return out;
    }
  }
  const f = facts(grain, range);
  const w = factFilter(grain, scope);
  const sql = `SELECT p.code k, COUNT(*) n FROM (SELECT product_id, retailer_id FROM (${f.sql}) WHERE qty > 0 AND ${w.sql} GROUP BY product_id, retailer_id) x
    JOIN products p ON p.id = x.product_id GROUP BY k`;
  const out = new Map<string, number>();
  for (const r of db.prepare(sql).all(...f.params, ...w.params) as { k: string; n: number }[]) out.set(r.k, r.n);
  return out;
}

/** The specs of a product scope with their key of a product dimension. */
export function productKeys(db: Database, products: Condition, dim: Dim): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT p.id, ${DIMS[dim].side === 'p' ? DIMS[dim].expr : "'合计'"} AS k FROM products p WHERE ${products.sql}`,
    )
    .all(...products.params) as { id: number; k: unknown }[];
  return new Map(rows.map((r) => [r.id, DIMS[dim].side === 'p' ? keyString(r.k, dim) : '合计']));
}

/** 正常经营 retailers in the customer scope, per key of a retailer dimension (档位 as of asOfDay) or one total. */
export function operatingBy(db: Database, customers: Condition, dim: Dim, asOfDay: number): Map<string, number> {
  const expr = DIMS[dim].side === 'r' ? dimExpr(db, dim, asOfDay) : "'*'";
  const rows = db
    .prepare(
      `SELECT ${expr} AS k, COUNT(*) n FROM retailers r ${ROUTE_MANAGER_JOINS}
      WHERE r.status = '正常' AND ${customers.sql} GROUP BY k`,
    )
    .all(...customers.params) as { k: unknown; n: number }[];
  const out = new Map<string, number>();
  for (const r of rows) out.set(DIMS[dim].side === 'r' ? keyString(r.k, dim) : '*', r.n);
  return out;
}

/** Specs of the product scope that are on sale (rows of a by-spec table even without orders). */
export function specsInScope(db: Database, products: Condition): { code: string; name: string }[] {
  return db
    .prepare(`SELECT p.code, p.name FROM products p WHERE p.on_sale = 1 AND ${products.sql} ORDER BY p.code`)
    .all(...products.params) as { code: string; name: string }[];
}

const GRADE_CMP = (a: string, b: string) => Number(a) - Number(b);

/** Natural order of keys: DOMAIN.md's category order, codes ascending, 未指定 last. */
export function orderKeys(dim: Dim, keys: Iterable<string>): string[] {
  const list = [...new Set(keys)];
  const fixed = dim === 'class' ? CLASSES : dim === 'format' ? FORMATS : dim === 'area' ? AREAS : null;
  const rank = (k: string) => (k === UNSPECIFIED ? 2 : fixed && !(fixed as readonly string[]).includes(k) ? 1 : 0);
  return list.sort((a, b) => {
    const ra = rank(a),
      rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (fixed && ra === 0) return (fixed as readonly string[]).indexOf(a) - (fixed as readonly string[]).indexOf(b);
    if (dim === 'grade') return GRADE_CMP(a, b);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Names behind keys: a spec's name, a manager's or route's name. */
export function keyNames(db: Database, dim: Dim, keys: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const table = dim === 'spec' ? 'products' : dim === 'manager' ? 'managers' : dim === 'route' ? 'routes' : null;
  if (!table) {
    for (const k of keys) out.set(k, dim === 'grade' && k !== UNSPECIFIED ? `${k}档` : k);
    return out;
  }
  const stmt = db.prepare(`SELECT name FROM ${table} WHERE code = ?`);
  for (const k of keys) out.set(k, (stmt.get(k) as { name: string } | undefined)?.name ?? k);
  return out;
}

/**
 * Σ 订购量 (条) and 金额 (分) over a day range for the whole county and a product scope spec, with
 * the 一类 part of the 订购量: the figures plans' progress tracks, from the summaries.
 */
export function countyFigures(
  db: Database,
  range: { from: number; to: number },
  products: string,
): { tiao: number; fen: number; classOneTiao: number } {
  const scope = { customers: customerScope(db, 'county'), products: productScope(db, products) };
  const out = { tiao: 0, fen: 0, classOneTiao: 0 };
  for (const [k, s] of sumsBy(db, range, scope, 'class', undefined, { qtyAmountOnly: true })) {
    out.tiao += s.qty;
    out.fen += s.amount;
    if (k === '一类') out.classOneTiao += s.qty;
  }
  return out;
}

/** The last day holding order lines (yyyymmdd), or null on an empty database: how far the data go. */
export function lastOrderDay(db: Database): number | null {
  return (db.prepare('SELECT MAX(day) d FROM order_lines').get() as { d: number | null }).d;
}
