/**
 * 铺货率, 重购率 and 上柜率 per 客户经理 from one first day to each of several last
 * days (a 品牌培育 project's weekly trend, a project's status in the 周报 and 月报) in
 * one pass over the days. Each point is exactly the 分销与四率 report by 客户经理 over
 * [from, to] with the same scopes (distribution.ts; the equality is tested against it):
 *   - 铺货率 = 正常经营 retailers of the scope who ordered (订购量 > 0) any spec of
 *     the product scope / 正常经营 retailers of the scope;
 *   - 重购率 = of those, retailers with ≥ 2 distinct order dates / retailers who ordered;
 *   - 上柜率 = retailers whose latest inspection in the days shows a spec of the scope
 *     / retailers inspected in the days (null without any inspection in the days).
 * Quantities are never negative (imports refuse them), so "ordered from `from` to `to`"
 * is "has an order date on or before `to`" and a retailer's cumulative figures at any
 * last day follow from its first and second order dates alone. Those come from the
 * monthly summaries' day masks (rpt_month_r without a product restriction, rpt_month_rc
 * for one 价类, else rpt_month_rp; kept in step with the lines, bit d−1 = an order on
 * day d) and, for a month of which only a few days are asked, from those days' order lines.
 * The rows are those of the 分销 report: every 客户经理 with a 正常经营 retailer in
 * the scope, and every one with a retailer that has an order line in the days.
 */
import type { Database } from 'better-sqlite3';
import { dayOf, daysInMonth, monthKey } from '../../../common/days';
import { customerScope, productScope, ownerJoins, type Condition } from '../masterdata';
import { distributionRate, repeatRate, shelfRate } from './formulas';
import { monthsOf } from './periods';
import { UNSPECIFIED } from './query';
import { NO_INSPECTIONS_NOTE } from './shelf';
import { classSummaryStale } from './summaries';

export interface CumulativeFigures {
  /** 正常经营 retailers of the row (denominator of 铺货率) */
  customers: number;
  /** of them, retailers who ordered (订购量 > 0) */
  orderingCustomers: number;
  rate: number | null;
  /** of those, retailers with ≥ 2 distinct order dates */
  repeatCustomers: number;
  repeatRate: number | null;
  /** retailers of the row inspected in the days (null without any inspection in the days) */
  inspectedCustomers: number | null;
  shelfCustomers: number | null;
  shelfRate: number | null;
}

export interface CumulativePoint {
  /** the last day of the point (yyyymmdd) */
  to: number;
  /** one row per 客户经理 (工号; 未指定 for retailers without one), in no particular order */
  rows: (CumulativeFigures & { key: string; name: string })[];
  total: CumulativeFigures;
  /** why 上柜率 is empty (no inspection in the days), or null */
  shelfNote: string | null;
}

interface Retailer {
  key: string;
  operating: boolean;
}

/** Bit index (0-based) of the lowest set bit of a day mask. */
const lowBit = (mask: number) => 31 - Math.clz32(mask & -mask);

/**
 * The points from `from` to each day of `ends` (yyyymmdd, each ≥ from), per 客户经理 —
 * each the 分销与四率 report by 客户经理 over those days, scope and products.
 */
export function cumulativeDistribution(
  db: Database,
  input: { from: number; ends: number[]; scope?: string; products?: string },
): CumulativePoint[] {
  const { from } = input;
  const ends = [...new Set(input.ends)].sort((a, b) => a - b);
  if (!ends.length) return [];
  const last = ends[ends.length - 1];
  const products = productScope(db, input.products);
  const prodIds = `SELECT p.id FROM products p WHERE ${products.sql}`;

  // Every retailer with its owning 客户经理 and status; the scope's members per last day
  // (a 客户集 by 档位 is taken on that day, as the report takes it on its period's end).
  const retailers = new Map<number, Retailer>();
  for (const [id, key, status] of db
    .prepare(`SELECT r.id, m.code, r.status FROM retailers r ${ownerJoins('r', 'rt', 'm')}`)
    .raw()
    .all() as Array<[number, string | null, string]>)
    retailers.set(id, { key: key === null || key === '' ? UNSPECIFIED : key, operating: status === '正常' });
  const members = new Map<string, Set<number> | null>();
  const scopes = ends.map((e) => {
    const c: Condition = customerScope(db, input.scope, e);
    const sig = c.all ? '*' : `${c.sql}\u0001${JSON.stringify(c.params)}`;
    if (!members.has(sig))
      members.set(
        sig,
        c.all
          ? null
          : new Set(
              db
                .prepare(`SELECT r.id FROM retailers r WHERE ${c.sql}`)
                .pluck()
                .all(...c.params) as number[],
            ),
      );
    return members.get(sig)!;
  });

  // Order dates per retailer as day masks, one per month of [from, last].
  const months = monthsOf({ from, to: last });
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const masks = new Map<number, number[]>();
  const withLines = new Set<number>();
  const orderDay = (rid: number, month: number, mask: number) => {
    if (!mask) return;
    let m = masks.get(rid);
    if (!m) masks.set(rid, (m = new Array<number>(months.length).fill(0)));
    m[monthIndex.get(month)!] |= mask;
  };
  // A month is read from its summary rows' day masks (the days before `from` masked off; days
  // after the last asked day never count, as every figure compares dates with its own last day)
  // when that is the lighter read: always from a summary of one row per retailer (rpt_month_r
  // without a product restriction, rpt_month_rc for one 价类 while its 价类 map is current), else
  // (rpt_month_rp) when the asked days cover more than half the month; otherwise its days' lines.
  const byClass = !products.all && products.classOnly !== undefined && !classSummaryStale(db);
  const perRetailer = products.all || byClass;
  const summaryMonths: number[] = [];
  const lineDays: [number, number][] = [];
  for (const m of months) {
    const y = Math.floor(m / 100),
      n = daysInMonth(y, m % 100);
    const a = Math.max(from, m * 100 + 1),
      b = Math.min(last, m * 100 + n);
    if (perRetailer || (b - a + 1) * 2 > n) summaryMonths.push(m);
    else lineDays.push([a, b]);
  }
  if (summaryMonths.length) {
    const list = `month IN (${summaryMonths.map(() => '?').join(', ')})`;
    const rows = db
      .prepare(
        products.all
          ? `SELECT month, retailer_id, day_mask FROM rpt_month_r WHERE ${list}`
          : byClass
            ? `SELECT month, retailer_id, day_mask FROM rpt_month_rc WHERE ${list} AND price_class = ?`
            : `SELECT month, retailer_id, day_mask FROM rpt_month_rp WHERE ${list} AND product_id IN (${prodIds})`,
      )
      .raw()
      .all(...summaryMonths, ...(products.all ? [] : byClass ? [products.classOnly] : products.params)) as Array<
      [number, number, number]
    >;
    const firstMonth = monthKey(from);
    const before = (1 << (dayOf(from) - 1)) - 1; // bits of the first month's days before `from`
    for (const [month, rid, mask] of rows) {
      withLines.add(rid);
      orderDay(rid, month, month === firstMonth ? Number(mask) & ~before : Number(mask));
    }
  }
  const lines = db.prepare(
    `SELECT retailer_id, day, MAX(qty_tiao) > 0 FROM order_lines
     WHERE product_id IN (${prodIds}) AND day BETWEEN ? AND ? GROUP BY retailer_id, day`,
  );
  for (const [a, b] of lineDays)
    for (const [rid, day, ordered] of lines.raw().all(...products.params, a, b) as Array<[number, number, number]>) {
      withLines.add(rid);
      if (ordered) orderDay(rid, monthKey(day), 1 << ((day % 100) - 1));
    }

  // First and second order dates of each retailer who ordered.
  const first = new Map<number, number>();
  const second = new Map<number, number>();
  for (const [rid, m] of masks) {
    let found = 0;
    for (let i = 0; i < months.length && found < 2; i++) {
      let mask = m[i];
      while (mask && found < 2) {
        const day = months[i] * 100 + lowBit(mask) + 1;
        (found === 0 ? first : second).set(rid, day);
        found++;
        mask &= mask - 1;
      }
    }
  }

  // The first order line (of any 订购量) of a retailer not in business: its row shows from
  // that day even when it never ordered. Looked up only for such retailers of such rows.
  const firstLineStmt = db.prepare(
    `SELECT MIN(day) FROM order_lines WHERE retailer_id = ? AND day BETWEEN ? AND ? AND product_id IN (${prodIds})`,
  );
  const firstLine = new Map<number, number | null>();
  const firstLineOf = (rid: number) => {
    if (!firstLine.has(rid))
      firstLine.set(rid, firstLineStmt.pluck().get(rid, from, last, ...products.params) as number | null);
    return firstLine.get(rid)!;
  };

  // Inspections of the days in order: the latest of each retailer as each last day passes.
  const inspections = db
    .prepare(
      `SELECT l.retailer_id, l.day, EXISTS (SELECT 1 FROM inspection_shelf s JOIN products p ON p.id = s.product_id
         WHERE s.inspection_id = l.id AND ${products.sql})
       FROM inspection_records l WHERE l.day BETWEEN ? AND ? ORDER BY l.day, l.id`,
    )
    .raw()
    .all(...products.params, from, last) as [number, number, number][];
  const shows = new Map<number, boolean>();
  let next = 0;

  const names = new Map(
    (db.prepare('SELECT code, name FROM managers').raw().all() as [string, string][]).map(([c, n]) => [c, n]),
  );
  const out: CumulativePoint[] = [];
  ends.forEach((e, i) => {
    while (next < inspections.length && inspections[next][1] <= e) {
      shows.set(inspections[next][0], inspections[next][2] === 1);
      next++;
    }
    const inScope = scopes[i];
    const has = (rid: number) => inScope === null || inScope.has(rid);
    const rows = new Map<
      string,
      { customers: number; ordering: number; repeat: number; inspected: number; onShelf: number }
    >();
    const row = (key: string) => {
      let r = rows.get(key);
      if (!r) rows.set(key, (r = { customers: 0, ordering: 0, repeat: 0, inspected: 0, onShelf: 0 }));
      return r;
    };
    const idle: [number, Retailer][] = [];
    for (const [rid, r] of retailers) {
      if (!has(rid)) continue;
      if (!r.operating) {
        if (withLines.has(rid)) idle.push([rid, r]);
        continue;
      }
      const x = row(r.key);
      x.customers++;
      const f = first.get(rid);
      if (f !== undefined && f <= e) {
        x.ordering++;
        const s = second.get(rid);
        if (s !== undefined && s <= e) x.repeat++;
      }
    }
    for (const [rid, r] of idle)
      if (!rows.has(r.key)) {
        const f = firstLineOf(rid);
        if (f !== null && f <= e) row(r.key);
      }
    const hasShelf = next > 0;
    const shelfTotal = { inspected: 0, onShelf: 0 };
    const shelfByKey = new Map<string, { inspected: number; onShelf: number }>();
    for (const [rid, on] of shows) {
      const key = retailers.get(rid)?.key;
      if (key === undefined || !has(rid)) continue;
      let s = shelfByKey.get(key);
      if (!s) shelfByKey.set(key, (s = { inspected: 0, onShelf: 0 }));
      s.inspected++;
      shelfTotal.inspected++;
      if (on) {
        s.onShelf++;
        shelfTotal.onShelf++;
      }
    }
    const figures = (
      c: { customers: number; ordering: number; repeat: number },
      s: { inspected: number; onShelf: number },
    ): CumulativeFigures => ({
      customers: c.customers,
      orderingCustomers: c.ordering,
      rate: distributionRate(c.ordering, c.customers),
      repeatCustomers: c.repeat,
      repeatRate: repeatRate(c.repeat, c.ordering),
      inspectedCustomers: hasShelf ? s.inspected : null,
      shelfCustomers: hasShelf ? s.onShelf : null,
      shelfRate: hasShelf ? shelfRate(s.onShelf, s.inspected) : null,
    });
    const total = { customers: 0, ordering: 0, repeat: 0 };
    for (const r of rows.values()) {
      total.customers += r.customers;
      total.ordering += r.ordering;
      total.repeat += r.repeat;
    }
    out.push({
      to: e,
      rows: [...rows].map(([key, r]) => ({
        key,
        name: names.get(key) ?? key,
        ...figures(r, shelfByKey.get(key) ?? { inspected: 0, onShelf: 0 }),
      })),
      total: figures(total, shelfTotal),
      shelfNote: hasShelf ? null : NO_INSPECTIONS_NOTE,
    });
  });
  return input.ends.map((e) => out.find((p) => p.to === e)!);
}

/**
 * The county's 铺货率 from `from` to `to` without scopes — the total of cumulativeDistribution (and
 * of the 分销 report) over those days: 正常经营 retailers with an order date in the days, over
 * 正常经营 retailers. Counted in SQL straight off rpt_month_r's day masks (the days outside
 * [from, to] masked off) instead of walking every retailer in JavaScript: the 周报 首页 card.
 */
export function countyRate(
  db: Database,
  from: number,
  to: number,
): { customers: number; orderingCustomers: number; rate: number | null } {
  const months = monthsOf({ from, to });
  // bits of the asked days in each month (bit d−1 = day d)
  const masks = months.map((m) => {
    const n = daysInMonth(Math.floor(m / 100), m % 100);
    const a = Math.max(from, m * 100 + 1) % 100,
      b = Math.min(to, m * 100 + n) % 100;
    return 2 ** b - 2 ** (a - 1);
  });
  const customers = db.prepare("SELECT COUNT(*) FROM retailers WHERE status = '正常'").pluck().get() as number;
  const orderingCustomers = db
    .prepare(
      `SELECT COUNT(DISTINCT x.retailer_id) FROM rpt_month_r x JOIN retailers r ON r.id = x.retailer_id
       WHERE x.month IN (${months.map(() => '?').join(', ')}) AND r.status = '正常'
         AND (x.day_mask & CASE x.month ${months.map(() => 'WHEN ? THEN ?').join(' ')} END) != 0`,
    )
    .pluck()
    .get(...months, ...months.flatMap((m, i) => [m, masks[i]])) as number;
  return { customers, orderingCustomers, rate: distributionRate(orderingCustomers, customers) };
}
