/**
 * The 内管 warnings scan (DOMAIN.md "内管 warnings"): four rules over the order
 * lines of a date range, thresholds from Settings.
 *   surge       订量突增   per retailer and spec, a day's 订购量 ≥ factor × the mean of the
 *                          previous N order dates (订购量 > 0) and ≥ mean + min 条; fewer than N: none
 *   scarce      紧俏集中   per spec of the 重点监管 品牌集 and week (Monday–Sunday), a retailer's
 *                          订购量 ≥ percent of the county's
 *   over-grade  超档位     a retailer's month 订购量 ≥ factor × the median month 订购量 of the
 *                          正常经营 retailers of its 档位, peers without orders counting as 0;
 *                          a median of 0 fires nothing (every order would be "3 × 0")
 *   inactive    非正常经营订货 order lines of a retailer whose status is 歇业 or 注销 on the order
 *                          date: status changes are dated from migration 071 on (a change made
 *                          on a day holds for that whole day); for days before any recorded
 *                          change the status before the first change (or the current one) stands.
 *                          超档位's 正常经营 peers are the retailers 正常 now; each
 *                          retailer's 档位 is the one it held on the month's last day.
 * Weeks and months are whole: a range touching a week or month scans all of it.
 * Comparisons are exact in integers (factors carry at most two decimals).
 */
import type { Database } from 'better-sqlite3';
import { addDays, daysInMonth, monthOf, weekdayOf, yearOf, ymd } from '../../../common/days';
import { gradeAsOf, productScope, statusAsOfSql } from '../masterdata';
import { readSettings } from '../settings';
import { currentOrderDays } from './orderDays';

export const RULES = ['surge', 'scarce', 'over-grade', 'inactive'] as const;
export type Rule = (typeof RULES)[number];
export const RULE_LABELS: Record<Rule, string> = {
  surge: '订量突增',
  scarce: '紧俏集中',
  'over-grade': '超档位',
  inactive: '非正常经营订货',
};

export interface Thresholds {
  surgeFactor: number;
  surgeMinTiao: number;
  surgeHistory: number;
  scarcePercent: number;
  scarceSet: string;
  overGradeFactor: number;
}

export function readThresholds(db: Database): Thresholds {
  const s = readSettings(db);
  return {
    surgeFactor: s.monitorSurgeFactor,
    surgeMinTiao: s.monitorSurgeMinTiao,
    surgeHistory: s.monitorSurgeHistory,
    scarcePercent: s.monitorScarcePercent,
    scarceSet: s.monitorScarceSet,
    overGradeFactor: s.monitorOverGradeFactor,
  };
}

/** One warning the rules find (before it is stored). */
export interface Found {
  rule: Rule;
  retailerId: number;
  productId: number | null;
  /** order date; Monday of the week (scarce); first of the month (over-grade) */
  day: number;
  valueTiao: number;
  baseline: number | null;
  ratio: number | null;
}

/** A factor with at most two decimals as an integer number of hundredths. */
const hundredths = (x: number): number => Math.round(x * 100);

export const mondayOf = (day: number): number => addDays(day, -weekdayOf(day));
export const monthStart = (day: number): number => ymd(yearOf(day), monthOf(day), 1);
export const monthEnd = (day: number): number => ymd(yearOf(day), monthOf(day), daysInMonth(yearOf(day), monthOf(day)));

/** The days a rule's warnings are dated within, for a scan of [from, to]. */
export function ruleSpan(rule: Rule, from: number, to: number): { from: number; to: number } {
  if (rule === 'scarce') return { from: mondayOf(from), to: addDays(mondayOf(to), 6) };
  if (rule === 'over-grade') return { from: monthStart(from), to: monthEnd(to) };
  return { from, to };
}

export function findSurge(db: Database, from: number, to: number, t: Thresholds): Found[] {
  const n = t.surgeHistory;
  // The kept order dates carry each one's baseline for the setting they were built for (and every
  // recorded change of the lines applied).
  currentOrderDays(db, n);
  const f = hundredths(t.surgeFactor);
  const rows = db
    .prepare(
      `SELECT retailer_id, product_id, day, qty, base FROM monitor_order_days
       WHERE month BETWEEN ? AND ? AND day BETWEEN ? AND ? AND base IS NOT NULL
         AND qty * ${n} * 100 >= ? * base AND qty * ${n} - base >= ? * ${n}`,
    )
    .all(Math.floor(from / 100), Math.floor(to / 100), from, to, f, t.surgeMinTiao) as {
    retailer_id: number;
    product_id: number;
    day: number;
    qty: number;
    base: number;
  }[];
  return rows.map((r) => ({
    rule: 'surge' as const,
    retailerId: r.retailer_id,
    productId: r.product_id,
    day: r.day,
    valueTiao: r.qty,
    baseline: r.base / n,
    ratio: (r.qty * n) / r.base,
  }));
}

export function findScarce(db: Database, from: number, to: number, t: Thresholds): Found[] {
  const span = ruleSpan('scarce', from, to);
  const set = productScope(db, `set:${t.scarceSet}`);
  currentOrderDays(db);
  // the Monday of a day: the last Monday of the span on or before it (yyyymmdd order is date order)
  const mondays: number[] = [];
  for (let d = span.from; d <= span.to; d = addDays(d, 7)) mondays.push(d);
  const monday = `CASE ${mondays
    .reverse()
    .map((m) => `WHEN k.day >= ${m} THEN ${m}`)
    .join(' ')} END`;
  // Each retailer's week of each spec of the set, and the county's, summed in SQL over the kept order dates.
  const rows = db
    .prepare(
      `WITH r AS (
         SELECT k.retailer_id, k.product_id, ${monday} AS monday, SUM(k.qty) AS q
         FROM monitor_order_days k
         WHERE k.month BETWEEN ? AND ? AND k.day BETWEEN ? AND ?
           AND k.product_id IN (SELECT p.id FROM products p WHERE ${set.sql})
         GROUP BY k.retailer_id, k.product_id, monday),
       c AS (SELECT product_id, monday, SUM(q) AS total FROM r GROUP BY product_id, monday)
       SELECT r.retailer_id, r.product_id, r.monday, r.q, c.total
       FROM r JOIN c ON c.product_id = r.product_id AND c.monday = r.monday
       WHERE r.q * 10000 >= ? * c.total`,
    )
    .all(
      Math.floor(span.from / 100),
      Math.floor(span.to / 100),
      span.from,
      span.to,
      ...set.params,
      hundredths(t.scarcePercent),
    ) as {
    retailer_id: number;
    product_id: number;
    monday: number;
    q: number;
    total: number;
  }[];
  return rows.map((r) => ({
    rule: 'scarce' as const,
    retailerId: r.retailer_id,
    productId: r.product_id,
    day: r.monday,
    valueTiao: r.q,
    baseline: r.total,
    ratio: r.q / r.total,
  }));
}

export function findOverGrade(db: Database, from: number, to: number, t: Thresholds): Found[] {
  const all = db.prepare('SELECT id, status FROM retailers').all() as { id: number; status: string }[];
  const f = hundredths(t.overGradeFactor);
  currentOrderDays(db);
  const monthTotals = db.prepare(
    'SELECT retailer_id, SUM(qty) AS q FROM monitor_order_days WHERE month = ? AND day BETWEEN ? AND ? GROUP BY retailer_id',
  );
  const out: Found[] = [];
  for (let start = monthStart(from); start <= to; start = addDays(monthEnd(start), 1)) {
    // each retailer's 档位 as it held on the month's last day (the dated grade history)
    const grades = gradeAsOf(db, monthEnd(start));
    const retailers: { id: number; grade: number; status: string }[] = [];
    for (const r of all) {
      const grade = grades.get(r.id);
      if (grade !== null && grade !== undefined) retailers.push({ ...r, grade });
    }
    const q = new Map<number, number>();
    for (const r of monthTotals.all(Math.floor(start / 100), start, monthEnd(start)) as {
      retailer_id: number;
      q: number;
    }[])
      q.set(r.retailer_id, r.q);
    const peers = new Map<number, number[]>();
    for (const r of retailers) {
      if (r.status !== '正常') continue;
      const list = peers.get(r.grade) ?? [];
      list.push(q.get(r.id) ?? 0);
      peers.set(r.grade, list);
    }
    // twice the median, an integer
    const median2 = new Map<number, number>();
    for (const [g, list] of peers) {
      list.sort((a, b) => a - b);
      const m = list.length >> 1;
      median2.set(g, list.length % 2 ? 2 * list[m] : list[m - 1] + list[m]);
    }
    for (const r of retailers) {
      const v = q.get(r.id) ?? 0;
      const m2 = median2.get(r.grade) ?? 0;
      if (v <= 0 || m2 <= 0 || v * 200 < f * m2) continue;
      out.push({
        rule: 'over-grade',
        retailerId: r.id,
        productId: null,
        day: start,
        valueTiao: v,
        baseline: m2 / 2,
        ratio: (2 * v) / m2,
      });
    }
  }
  return out;
}

/** The 经营状态 of a retailer on the day of a grouped line `l` (masterdata statusAsOfSql, migration 071). */
const STATUS_ON_DAY = statusAsOfSql('l.day', 'l.retailer_id');

export function findInactive(db: Database, from: number, to: number): Found[] {
  // Only retailers that are 歇业/注销 now or have a recorded status change can qualify: their
  // lines are read retailer by retailer (CROSS JOIN keeps that order), not the whole range.
  const rows = db
    .prepare(
      `WITH l AS (
         SELECT ol.retailer_id, ol.product_id, ol.day, SUM(ol.qty_tiao) AS q
         FROM (SELECT id FROM retailers WHERE status IN ('歇业', '注销') UNION SELECT retailer_id FROM retailer_status_changes) r
         CROSS JOIN order_lines ol ON ol.retailer_id = r.id AND ol.day BETWEEN ? AND ?
         GROUP BY ol.retailer_id, ol.product_id, ol.day)
       SELECT retailer_id, product_id, day, q FROM (SELECT l.*, ${STATUS_ON_DAY} AS st FROM l)
       WHERE st IN ('歇业', '注销')`,
    )
    .all(from, to) as { retailer_id: number; product_id: number; day: number; q: number }[];
  return rows.map((r) => ({
    rule: 'inactive' as const,
    retailerId: r.retailer_id,
    productId: r.product_id,
    day: r.day,
    valueTiao: r.q,
    baseline: null,
    ratio: null,
  }));
}

export function findWarnings(db: Database, from: number, to: number, rules: readonly Rule[], t: Thresholds): Found[] {
  const out: Found[] = [];
  for (const rule of rules) {
    if (rule === 'surge') out.push(...findSurge(db, from, to, t));
    else if (rule === 'scarce') out.push(...findScarce(db, from, to, t));
    else if (rule === 'over-grade') out.push(...findOverGrade(db, from, to, t));
    else out.push(...findInactive(db, from, to));
  }
  return out;
}

export interface ScanResult {
  from: number;
  to: number;
  rules: Rule[];
  /** warnings the rules found */
  found: number;
  /** new warnings stored */
  added: number;
  /** unchecked warnings whose figures were brought up to date */
  updated: number;
  /** unchecked warnings of the scanned span that no longer fire */
  removed: number;
  /** the ids of every warning found, in the order found */
  ids: number[];
  notes: string[];
}

/**
 * Stores what the rules find for [from, to]: a warning already stored for the same
 * rule, retailer, spec and day keeps its id (and its check); an unchecked one that
 * no longer fires is removed. Runs inside the caller's transaction.
 */
export function scanWarnings(db: Database, from: number, to: number, rules: readonly Rule[]): ScanResult {
  const t = readThresholds(db);
  const notes: string[] = [];
  let active = [...rules];
  if (active.includes('scarce')) {
    const exists = db.prepare("SELECT 1 FROM code_sets WHERE name = ? AND kind = 'products'").get(t.scarceSet);
    if (!exists) {
      if (rules.length === 1) productScope(db, `set:${t.scarceSet}`); // refuses with the set's name
      notes.push(`没有名为“${t.scarceSet}”的品牌集，未检查紧俏集中（可在设置中指定重点监管品牌集）`);
      active = active.filter((r) => r !== 'scarce');
    }
  }
  const found = findWarnings(db, from, to, active, t);
  const key = (rule: string, retailerId: number, productId: number | null, day: number) =>
    `${rule}|${retailerId}|${productId ?? 0}|${day}`;
  const existing = new Map<string, { id: number; status: string; seen: boolean }>();
  const select = db.prepare(
    'SELECT id, rule, retailer_id, product_id, day, status FROM monitor_warnings WHERE rule = ? AND day BETWEEN ? AND ?',
  );
  for (const rule of active) {
    const span = ruleSpan(rule, from, to);
    for (const w of select.all(rule, span.from, span.to) as {
      id: number;
      rule: string;
      retailer_id: number;
      product_id: number | null;
      day: number;
      status: string;
    }[])
      existing.set(key(w.rule, w.retailer_id, w.product_id, w.day), { id: w.id, status: w.status, seen: false });
  }
  const insert = db.prepare(
    'INSERT INTO monitor_warnings(rule, retailer_id, product_id, day, value_tiao, baseline, ratio) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare(
    "UPDATE monitor_warnings SET value_tiao = ?, baseline = ?, ratio = ? WHERE id = ? AND status = '待核查'",
  );
  const remove = db.prepare("DELETE FROM monitor_warnings WHERE id = ? AND status = '待核查'");
  let added = 0;
  let updated = 0;
  let removed = 0;
  const ids: number[] = [];
  for (const w of found) {
    const old = existing.get(key(w.rule, w.retailerId, w.productId, w.day));
    if (old) {
      old.seen = true;
      updated += update.run(w.valueTiao, w.baseline, w.ratio, old.id).changes;
      ids.push(old.id);
    } else {
      ids.push(
        Number(insert.run(w.rule, w.retailerId, w.productId, w.day, w.valueTiao, w.baseline, w.ratio).lastInsertRowid),
      );
      added++;
    }
  }
  for (const old of existing.values()) if (!old.seen) removed += remove.run(old.id).changes;
  return { from, to, rules: active, found: found.length, added, updated, removed, ids, notes };
}
