/**
 * SQL that feeds a breakdown: the sibling cells of a level (months, 客户经理 在岗,
 * 线路, 正常经营 零售客户) and each cell's base figure per method, read from the
 * master-data tables and order_lines (010_masterdata.sql). Sales are 订购量 in 条,
 * attributed by the retailer's current 线路 and owning 客户经理 (masterdata/ownership.ts:
 * its own, else its route's).
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { PRICE_CLASSES } from '../masterdata';
import { ownerJoins } from '../masterdata';
import { customerScope, gradeAsOfSql, productScope } from '../masterdata';
import { daysInMonth, dayText, monthText, parseDayText, ymd } from '../../../common/days';
import type { Level } from '../../../common/plans';
import { countyFigures } from '../reports';

export { daysInMonth, dayText, ymd };

export type { Level };
/** levels of the organisation (customers counted, 档位 weighed) */
export type OrgLevel = 'manager' | 'route' | 'retailer';
/** levels of the product tree: total → 价类 → 品牌 → 规格 */
export type ProductLevel = 'class' | 'brand' | 'spec';
export const PRODUCT_LEVELS: readonly Level[] = ['class', 'brand', 'spec'];

export interface CellRef {
  key: string;
  label: string;
  /** a 线路 that has been stopped (停用, migration 015): listed only while it holds base data */
  stopped?: boolean;
}

// ---- dates (yyyymmdd integers, calendar dates without time zone) ----

export function parseDay(text: string, what = '日期'): number {
  if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(text.trim()))
    throw new AppError('invalid_date', `${what}“${text}”应写成 YYYY-MM-DD`);
  const day = parseDayText(text);
  if (day === null) throw new AppError('invalid_date', `${what}“${text}”不是有效日期`);
  return day;
}

export interface Period {
  from: number;
  to: number;
}

/** The period of a plan: a whole year, or one month. */
export function planPeriod(year: number, month: number | null): Period {
  if (month === null) return { from: ymd(year, 1, 1), to: ymd(year, 12, 31) };
  return { from: ymd(year, month, 1), to: ymd(year, month, daysInMonth(year, month)) };
}

/** The same period one year earlier (同期); 29 February becomes 28 February. */
export function samePeriodLastYear(p: Period): Period {
  const back = (d: number) => {
    const y = Math.floor(d / 10000) - 1;
    const m = Math.floor(d / 100) % 100;
    return ymd(y, m, Math.min(d % 100, daysInMonth(y, m)));
  };
  return { from: back(p.from), to: back(p.to) };
}

// ---- product scope (CLI.md: all | class:<价类> | brand:<品牌> | set:<品牌集> | codes:<c1,c2,…>) ----

const CLASSES: readonly string[] = PRICE_CLASSES;

/**
 * SQL restricting order lines `ol` to the product scope (the shared parser,
 * masterdata/scopes.ts): `sql` is '' for all products; `where` is the condition
 * over products `p`.
 */
export function productFilter(
  db: Database,
  spec: string,
): { sql: string; params: unknown[]; label: string; where: string } {
  const c = productScope(db, spec);
  if (c.all) return { sql: '', params: [], label: c.label, where: '1' };
  return {
    sql: ` AND ol.product_id IN (SELECT p.id FROM products p WHERE ${c.sql})`,
    params: c.params,
    label: c.label,
    where: c.sql,
  };
}

// ---- cells ----

/**
 * Restricts retailer-level cells (and the grade table) to a customer scope of the shared
 * parser: manager:<工号> (the retailers it owns), route:<编码>, set:<客户集>, format:, area:, grade:
 * (the 档位 held on `asOfDay`, the first day of the plan's period).
 */
export function retailerWithin(
  db: Database,
  within: string | undefined,
  asOfDay?: number,
): { sql: string; params: unknown[] } {
  if (!within) return { sql: '', params: [] };
  const c = customerScope(db, within, asOfDay);
  return c.all ? { sql: '', params: [] } : { sql: ` AND ${c.sql}`, params: c.params };
}

/**
 * The sibling cells of a level for a plan of `period`. Routes come with their stopped ones
 * flagged: the breakdown keeps a stopped route only when it holds base data (computeBreakdown).
 */
export function listCells(db: Database, level: Level, period: Period, within?: string, products?: string): CellRef[] {
  const year = Math.floor(period.from / 10000);
  switch (level) {
    case 'month':
      return Array.from({ length: 12 }, (_, i) => ({ key: monthText(year, i + 1), label: `${i + 1}月` }));
    case 'manager':
      return db
        .prepare('SELECT code AS key, name AS label FROM managers WHERE on_duty = 1 ORDER BY code')
        .all() as CellRef[];
    case 'route':
      return (
        db.prepare('SELECT code AS key, name AS label, active FROM routes ORDER BY code').all() as (CellRef & {
          active: number;
        })[]
      ).map(({ active, ...c }) => (active ? c : { ...c, stopped: true }));
    case 'retailer': {
      const w = retailerWithin(db, within, period.from);
      return db
        .prepare(
          `SELECT r.code AS key, r.name AS label FROM retailers r WHERE r.status = '正常'${w.sql} ORDER BY r.code`,
        )
        .all(...w.params) as CellRef[];
    }
    default:
      return productCells(db, level, products ?? 'all');
  }
}

/** Product cells on sale within the product scope: 价类 in their order, 品牌 by name, 规格 by code. */
function productCells(db: Database, level: ProductLevel, products: string): CellRef[] {
  const f = productFilter(db, products);
  if (level === 'class') {
    const found = new Set(
      (
        db
          .prepare(
            `SELECT DISTINCT price_class AS c FROM products p WHERE on_sale = 1 AND price_class IS NOT NULL AND (${f.where})`,
          )
          .all(...f.params) as { c: string }[]
      ).map((r) => r.c),
    );
    return [...CLASSES.filter((c) => found.has(c)), ...[...found].filter((c) => !CLASSES.includes(c)).sort()].map(
      (c) => ({ key: c, label: c }),
    );
  }
  if (level === 'brand') {
    return db
      .prepare(
        `SELECT DISTINCT brand AS key, brand AS label FROM products p WHERE on_sale = 1 AND brand IS NOT NULL AND brand <> '' AND (${f.where}) ORDER BY brand`,
      )
      .all(...f.params) as CellRef[];
  }
  return db
    .prepare(`SELECT code AS key, name AS label FROM products p WHERE on_sale = 1 AND (${f.where}) ORDER BY code`)
    .all(...f.params) as CellRef[];
}

const KEY_EXPR: Record<Exclude<Level, 'month'>, { join: string; key: string }> = {
  manager: { join: `JOIN retailers r ON r.id = ol.retailer_id ${ownerJoins('r', 'rt', 'g')}`, key: 'g.code' },
  route: { join: 'JOIN retailers r ON r.id = ol.retailer_id JOIN routes g ON g.id = r.route_id', key: 'g.code' },
  retailer: { join: 'JOIN retailers r ON r.id = ol.retailer_id', key: 'r.code' },
  class: { join: 'JOIN products g ON g.id = ol.product_id', key: 'g.price_class' },
  brand: { join: 'JOIN products g ON g.id = ol.product_id', key: 'g.brand' },
  spec: { join: 'JOIN products g ON g.id = ol.product_id', key: 'g.code' },
};

/** What progress tracks of sales: 订购量 (条), 金额 (分) and the 一类 part of the 订购量 (一类烟占比). */
export interface Figures {
  tiao: number;
  fen: number;
  classOneTiao: number;
}
const FIGURES_SQL = `SUM(ol.qty_tiao) AS tiao, SUM(ol.amount_fen) AS fen,
  SUM(CASE WHEN ol.product_id IN (SELECT id FROM products WHERE price_class = '一类') THEN ol.qty_tiao ELSE 0 END) AS classOneTiao`;
/** The measure a split is based on: 订购量 (条) for 销量, 金额 (分) for 销售额. */
export type Measure = 'tiao' | 'fen';
const MEASURE_SQL: Record<Measure, string> = { tiao: 'SUM(ol.qty_tiao) AS tiao', fen: 'SUM(ol.amount_fen) AS tiao' };

function byKeyRows<T>(db: Database, level: Exclude<Level, 'month'>, p: Period, products: string, select: string) {
  const f = productFilter(db, products);
  const k = KEY_EXPR[level];
  return db
    .prepare(
      `SELECT ${k.key} AS key, ${select} FROM order_lines ol ${k.join} WHERE ol.day BETWEEN ? AND ?${f.sql} GROUP BY ${k.key} HAVING ${k.key} IS NOT NULL`,
    )
    .all(p.from, p.to, ...f.params) as (T & { key: string })[];
}

function byMonthRows<T>(db: Database, p: Period, products: string, select: string) {
  const f = productFilter(db, products);
  const rows = db
    .prepare(
      `SELECT ol.day / 100 AS ym, ${select} FROM order_lines ol WHERE ol.day BETWEEN ? AND ?${f.sql} GROUP BY ol.day / 100 ORDER BY 1`,
    )
    .all(p.from, p.to, ...f.params) as (T & { ym: number })[];
  return rows.map(({ ym, ...r }) => ({ year: Math.floor(ym / 100), month: ym % 100, ...(r as T) }));
}

/** Σ 订购量 (条), or Σ 金额 (分) with measure 'fen', per cell key over [from, to] (organisation and product levels). */
export function salesByKey(
  db: Database,
  level: Exclude<Level, 'month'>,
  p: Period,
  products: string,
  measure: Measure = 'tiao',
): Map<string, number> {
  const rows = byKeyRows<{ tiao: number }>(db, level, p, products, MEASURE_SQL[measure]);
  return new Map(rows.map((r) => [r.key, r.tiao]));
}

/** 订购量, 金额 and 一类 订购量 per cell key over [from, to]. */
export function figuresByKey(
  db: Database,
  level: Exclude<Level, 'month'>,
  p: Period,
  products: string,
): Map<string, Figures> {
  const rows = byKeyRows<Figures>(db, level, p, products, FIGURES_SQL);
  return new Map(rows.map(({ key, ...f }) => [key, f]));
}

/** Σ 订购量 (条), or Σ 金额 (分) with measure 'fen' (in the field tiao), per (year, month) over [from, to]. */
export function salesByMonth(
  db: Database,
  p: Period,
  products: string,
  measure: Measure = 'tiao',
): { year: number; month: number; tiao: number }[] {
  return byMonthRows<{ tiao: number }>(db, p, products, MEASURE_SQL[measure]);
}

/** 订购量, 金额 and 一类 订购量 per (year, month) over [from, to]. */
export function figuresByMonth(
  db: Database,
  p: Period,
  products: string,
): ({ year: number; month: number } & Figures)[] {
  return byMonthRows<Figures>(db, p, products, FIGURES_SQL);
}

/** Σ 订购量 (条) over [from, to] for the whole county. */
export function salesTotal(db: Database, p: Period, products: string): number {
  return figuresTotal(db, p, products).tiao;
}

/** 订购量, 金额 and 一类 订购量 over [from, to] for the whole county. */
export function figuresTotal(db: Database, p: Period, products: string): Figures {
  // from the reports' monthly summaries: a city's month is ~1.5 M order lines
  return countyFigures(db, p, products);
}

const RETAILER_KEY: Record<OrgLevel, { join: string; key: string }> = {
  manager: { join: ownerJoins('r', 'rt', 'g'), key: 'g.code' },
  route: { join: 'JOIN routes g ON g.id = r.route_id', key: 'g.code' },
  retailer: { join: '', key: 'r.code' },
};

/** 客户户数: 正常经营 retailers per cell key. */
export function customersByKey(db: Database, level: OrgLevel): Map<string, number> {
  const k = RETAILER_KEY[level];
  const rows = db
    .prepare(
      `SELECT ${k.key} AS key, COUNT(*) AS n FROM retailers r ${k.join} WHERE r.status = '正常' GROUP BY ${k.key} HAVING ${k.key} IS NOT NULL`,
    )
    .all() as { key: string; n: number }[];
  return new Map(rows.map((r) => [r.key, r.n]));
}

/**
 * 档位权重: Σ weight(档位) × 100 over 正常经营 retailers per cell key (retailers without a grade
 * count 0), each retailer weighed by the 档位 it holds on `asOfDay` (the first day of the plan's
 * period: a 分档 review approved for March holds from 1 April, so an April plan uses it).
 */
export function gradeWeightByKey(
  db: Database,
  level: OrgLevel,
  weights: readonly number[],
  asOfDay: number,
): Map<string, number> {
  const k = RETAILER_KEY[level];
  const rows = db
    .prepare(
      `SELECT key, grade, COUNT(*) AS n FROM (SELECT ${k.key} AS key, ${gradeAsOfSql(db, asOfDay)} AS grade FROM retailers r ${k.join} WHERE r.status = '正常')
       WHERE grade IS NOT NULL AND key IS NOT NULL GROUP BY key, grade`,
    )
    .all() as { key: string; grade: number; n: number }[];
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.key, (out.get(r.key) ?? 0) + Math.round(weights[r.grade - 1] * 100) * r.n);
  return out;
}

/** 正常经营 retailers per 档位 (index 0 = 1档) held on `asOfDay` in a scope, for 按档位投放. */
export function retailersByGrade(db: Database, within: string | undefined, asOfDay: number): number[] {
  const w = retailerWithin(db, within, asOfDay);
  const rows = db
    .prepare(
      `SELECT grade, COUNT(*) AS n FROM (SELECT ${gradeAsOfSql(db, asOfDay)} AS grade FROM retailers r WHERE r.status = '正常'${w.sql})
       WHERE grade IS NOT NULL GROUP BY grade`,
    )
    .all(...w.params) as { grade: number; n: number }[];
  const out = new Array(30).fill(0);
  for (const r of rows) out[r.grade - 1] = r.n;
  return out;
}
