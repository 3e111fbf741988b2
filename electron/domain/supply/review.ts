/**
 * The review after the week (DOMAIN.md "货源投放"): per spec and 档位, 满足率 =
 * 订购量 ÷ (limit × retailers of the grade who ordered), and 投放利用率 = Σ 订购量 ÷ Σ limits
 * (Σ limit × retailers planned). Orders are the spec's order lines of the week's days; a retailer
 * 正常经营 on the Monday (dated 经营状态, migration 071) counts in the segment it falls in and the
 * 档位 it held on the Monday (orders by other retailers — 歇业 on the Monday, no 档位, outside
 * every segment — are shown as outsideTiao).
 * Verdicts feed the next week's suggestion:
 * - 偏紧 (too tight): 满足率 ≥ Settings supplyTightPercent and 投放利用率 ≥ supplyLoosePercent —
 *   those who ordered took (nearly) all their limit and most limits were used; suggested
 *   可用量 = ⌈可用量 × (1 + supplyRaisePercent%)⌉.
 * - 偏松 (too loose): 投放利用率 < supplyLoosePercent; suggested 可用量 = 订购量 + 机动量
 *   (never above this week's 可用量).
 * - 适中 otherwise: the same 可用量.
 * No order line at all in the week: no verdict (数据未导入).
 */
import type { Database } from 'better-sqlite3';
import { dayText, type IsoWeek } from '../../../common/days';
import { customerScope, gradeAsOfSql } from '../masterdata';
import { readSettings } from '../settings';
import { GRADES, operatingOn, readWeek, type SpecPlan } from './plan';

export type Verdict = '偏紧' | '偏松' | '适中' | '无数据';

export interface ReviewRow {
  spec: string;
  name: string;
  scope: string;
  scopeLabel: string;
  grade: string;
  limitTiao: number;
  retailers: number;
  orderers: number;
  orderedTiao: number;
  /** limit × retailers */
  plannedTiao: number;
  /** ordered ÷ (limit × orderers); null without orderers or limit */
  fillRate: number | null;
}

export interface SpecReview {
  spec: string;
  name: string;
  availableTiao: number;
  reserveTiao: number;
  plannedTiao: number;
  orderedTiao: number;
  /** 订购量 of the spec by retailers in none of the plan's segments (not in the rates) */
  outsideTiao: number;
  orderers: number;
  fillRate: number | null;
  utilisation: number | null;
  verdict: Verdict;
  suggestedAvailableTiao: number | null;
}

export interface GradeReview {
  grade: string;
  plannedTiao: number;
  orderedTiao: number;
  orderers: number;
  fillRate: number | null;
  utilisation: number | null;
}

export interface WeekReview {
  week: string;
  from: string;
  to: string;
  /** the week's days covered by imported orders, up to this day (the latest order day, at most Sunday); null when none */
  dataThrough: string | null;
  partial: boolean;
  rows: ReviewRow[];
  specs: SpecReview[];
  grades: GradeReview[];
  totals: { plannedTiao: number; orderedTiao: number; utilisation: number | null; fillRate: number | null };
  rules: { tightPercent: number; loosePercent: number; raisePercent: number };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

type Rules = WeekReview['rules'];

/**
 * What a week's review is computed from, cheaply read (a few index scans): the week's order
 * lines (their ids — an import adds lines with new ids, a replace sets lines aside and adds new
 * ones, a rollback removes a batch's ids and restores the ones it set aside), the latest order
 * day up to the Sunday (whether the week is complete; later weeks' orders change nothing else), the week's plans (each save writes new rows), the
 * thresholds, and what decides who is in a segment and 档位: retailers (every import and edit
 * stamps updated_at), their dated 档位 and 经营状态, routes, 客户经理, 客户集 and product names.
 * Equal fingerprints mean the review would come out the same.
 */
function fingerprint(db: Database, week: IsoWeek, rules: Rules): string {
  const row = db
    .prepare(
      `SELECT
         (SELECT COUNT(*) || ':' || TOTAL(id) || ':' || IFNULL(MAX(id), 0) FROM order_lines WHERE day BETWEEN ? AND ?) AS orders,
         (SELECT MIN(IFNULL(MAX(day), 0), ?) FROM order_lines) AS latest,
         (SELECT group_concat(id || '@' || updated_at) FROM supply_plans WHERE week = ?) AS plans,
         (SELECT COUNT(*) || ':' || IFNULL(MAX(updated_at), '') FROM retailers) AS retailers,
         (SELECT COUNT(*) || ':' || IFNULL(MAX(id), 0) FROM grade_history) AS grades,
         (SELECT COUNT(*) || ':' || IFNULL(MAX(id), 0) FROM retailer_status_changes) AS statuses,
         (SELECT COUNT(*) || ':' || IFNULL(MAX(updated_at), '') FROM routes) AS routes,
         (SELECT COUNT(*) || ':' || IFNULL(MAX(updated_at), '') FROM managers) AS managers,
         (SELECT COUNT(*) || ':' || IFNULL(MAX(updated_at), '') FROM products) AS products,
         (SELECT group_concat(id || ':' || name || ':' || IFNULL(rule, '')) FROM code_sets WHERE kind = 'retailers') AS sets,
         (SELECT group_concat(m.set_id || ':' || m.code) FROM code_set_members m
            JOIN code_sets c ON c.id = m.set_id AND c.kind = 'retailers') AS members`,
    )
    .get(week.from, week.to, week.to, week.from);
  return JSON.stringify([row, rules]);
}

/** Reviews kept per database: the last few weeks asked for, each with its fingerprint. */
const kept = new WeakMap<Database, Map<string, { fingerprint: string; review: WeekReview }>>();
const KEEP = 8;

/**
 * The review of a week (all specs, or one). Kept until anything it is computed from changes
 * (see fingerprint): opening the page again, or the next week's suggestions, reuse it.
 */
export function reviewWeek(db: Database, week: IsoWeek, spec?: string): WeekReview {
  const s = readSettings(db);
  const rules: Rules = {
    tightPercent: s.supplyTightPercent,
    loosePercent: s.supplyLoosePercent,
    raisePercent: s.supplyRaisePercent,
  };
  const fp = fingerprint(db, week, rules);
  let byWeek = kept.get(db);
  if (!byWeek) kept.set(db, (byWeek = new Map()));
  const key = `${week.from}|${spec ?? ''}`;
  const hit = byWeek.get(key);
  byWeek.delete(key);
  if (hit && hit.fingerprint === fp) {
    byWeek.set(key, hit);
    return hit.review;
  }
  const review = computeReview(db, week, rules, spec);
  byWeek.set(key, { fingerprint: fp, review });
  if (byWeek.size > KEEP) byWeek.delete(byWeek.keys().next().value!);
  return review;
}

/** The review computed afresh (reviewWeek keeps it). */
export function computeReview(db: Database, week: IsoWeek, rules: Rules, spec?: string): WeekReview {
  const plan = readWeek(db, week, spec ? [spec] : undefined);
  const last = db
    .prepare('SELECT MAX(day) AS d FROM order_lines WHERE day BETWEEN ? AND ?')
    .get(week.from, week.to) as { d: number | null };
  // The week is complete once orders after it have been imported (no orders on a Sunday is no gap).
  const latest = (db.prepare('SELECT MAX(day) AS d FROM order_lines').get() as { d: number | null }).d;
  // The week's 订购量 per spec and retailer, read once (nothing to read without a plan).
  const lines = !plan.plans.length
    ? []
    : (db
        .prepare(
          `SELECT p.code AS spec, o.retailer_id AS rid, SUM(o.qty_tiao) AS q
         FROM order_lines o JOIN products p ON p.id = o.product_id
        WHERE o.day BETWEEN ? AND ?${spec ? ' AND p.code = ?' : ''} GROUP BY o.product_id, o.retailer_id`,
        )
        .all(week.from, week.to, ...(spec ? [spec] : [])) as { spec: string; rid: number; q: number }[]);
  const bySpec = new Map<string, { rid: number; q: number }[]>();
  for (const l of lines) {
    let a = bySpec.get(l.spec);
    if (!a) bySpec.set(l.spec, (a = []));
    a.push(l);
  }
  // 正常经营 retailers of each scope with the 档位 they held on the Monday, read once per scope.
  const members = new Map<string, Map<number, number>>();
  const gradeSql = gradeAsOfSql(db, week.from);
  const memberOf = (scope: string) => {
    let m = members.get(scope);
    if (!m) {
      const cond = customerScope(db, scope, week.from);
      const got = db
        .prepare(
          `SELECT id, grade FROM (SELECT r.id AS id, ${gradeSql} AS grade FROM retailers r
            WHERE ${operatingOn(week.from)} AND (${cond.sql})) WHERE grade IS NOT NULL`,
        )
        .all(...cond.params) as { id: number; grade: number }[];
      members.set(scope, (m = new Map(got.map((x) => [x.id, x.grade]))));
    }
    return m;
  };
  const rows: ReviewRow[] = [];
  const specs: SpecReview[] = [];
  for (const p of plan.plans) {
    const specLines = (bySpec.get(p.spec) ?? []).filter((l) => l.q > 0);
    let ordered = 0;
    let orderers = 0;
    let filledBase = 0;
    for (const seg of p.segments) {
      const m = memberOf(seg.scope);
      const got = new Map<number, { orderers: number; q: number }>();
      for (const l of specLines) {
        const g = m.get(l.rid);
        if (g === undefined) continue;
        const x = got.get(g) ?? { orderers: 0, q: 0 };
        x.orderers += 1;
        x.q += l.q;
        got.set(g, x);
      }
      const byGrade = got;
      for (let g = GRADES; g >= 1; g--) {
        const n = seg.retailers[g - 1];
        const lim = seg.limits[g - 1];
        const o = byGrade.get(g);
        if (n === 0 && !o) continue;
        const q = o?.q ?? 0;
        const k = o?.orderers ?? 0;
        ordered += q;
        orderers += k;
        filledBase += lim * k;
        rows.push({
          spec: p.spec,
          name: p.name,
          scope: seg.scope,
          scopeLabel: seg.label,
          grade: `D${g}`,
          limitTiao: lim,
          retailers: n,
          orderers: k,
          orderedTiao: q,
          plannedTiao: lim * n,
          fillRate: ratio(q, lim * k),
        });
      }
    }
    const all = (bySpec.get(p.spec) ?? []).reduce((a, l) => a + l.q, 0);
    specs.push(specReview(p, ordered, all - ordered, orderers, filledBase, last.d !== null, rules));
  }
  const grades: GradeReview[] = [];
  for (let g = GRADES; g >= 1; g--) {
    const rs = rows.filter((r) => r.grade === `D${g}`);
    if (!rs.length) continue;
    const planned = rs.reduce((a, r) => a + r.plannedTiao, 0);
    const ordered = rs.reduce((a, r) => a + r.orderedTiao, 0);
    const base = rs.reduce((a, r) => a + r.limitTiao * r.orderers, 0);
    grades.push({
      grade: `D${g}`,
      plannedTiao: planned,
      orderedTiao: ordered,
      orderers: rs.reduce((a, r) => a + r.orderers, 0),
      fillRate: ratio(ordered, base),
      utilisation: ratio(ordered, planned),
    });
  }
  const planned = specs.reduce((a, r) => a + r.plannedTiao, 0);
  const ordered = specs.reduce((a, r) => a + r.orderedTiao, 0);
  const base = rows.reduce((a, r) => a + r.limitTiao * r.orderers, 0);
  return {
    week: plan.week,
    from: plan.from,
    to: plan.to,
    dataThrough: latest === null || latest < week.from ? null : dayText(Math.min(latest, week.to)),
    partial: latest === null || latest < week.to,
    rows,
    specs,
    grades,
    totals: {
      plannedTiao: planned,
      orderedTiao: ordered,
      utilisation: ratio(ordered, planned),
      fillRate: ratio(ordered, base),
    },
    rules,
  };
}

function specReview(
  p: SpecPlan,
  ordered: number,
  outside: number,
  orderers: number,
  filledBase: number,
  hasData: boolean,
  rules: { tightPercent: number; loosePercent: number; raisePercent: number },
): SpecReview {
  const fillRate = ratio(ordered, filledBase);
  const utilisation = ratio(ordered, p.allocatedTiao);
  let verdict: Verdict = '适中';
  let suggested: number | null = p.availableTiao;
  if (!hasData) {
    verdict = '无数据';
    suggested = null;
  } else if (utilisation === null || utilisation * 100 < rules.loosePercent) {
    verdict = '偏松';
    suggested = Math.min(p.availableTiao, ordered + p.reserveTiao);
  } else if (fillRate !== null && fillRate * 100 >= rules.tightPercent) {
    verdict = '偏紧';
    suggested = Math.ceil((p.availableTiao * (100 + rules.raisePercent)) / 100);
  }
  return {
    spec: p.spec,
    name: p.name,
    availableTiao: p.availableTiao,
    reserveTiao: p.reserveTiao,
    plannedTiao: p.allocatedTiao,
    orderedTiao: ordered,
    outsideTiao: outside,
    orderers,
    fillRate,
    utilisation,
    verdict,
    suggestedAvailableTiao: suggested,
  };
}
