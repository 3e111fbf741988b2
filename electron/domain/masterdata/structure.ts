/**
 * 客户结构分析 and 客户经理队伍结构 (CLI.md reports customer-structure and
 * manager-structure). Categories are the exact labels of DOMAIN.md in their
 * order; ages and tenures are completed years at the as-of date.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { textToDay, todayText } from '../../../common/days';
import {
  AGE_BANDS,
  AREAS,
  EDUCATIONS,
  FORMATS,
  ORDER_METHODS,
  SETTLEMENTS,
  SKILL_GRADES,
  STATUSES,
  TENURE_BANDS,
  ageBand,
  completedYears,
  tenureBand,
} from './categories';
import { ownerManagerId } from './ownership';
import { gradeAsOfSql } from './gradeHistory';
import { customerScope } from './scopes';

export interface Share {
  key: string | number;
  count: number;
  share: number | null;
}

/** Label for rows whose category is not filled in; listed last, only when present. */
export const UNFILLED = '未填写';

function shares(
  labels: readonly (string | number)[],
  counts: Map<string | number | null, number>,
  base: number,
): Share[] {
  const out: Share[] = labels.map((k) => ({
    key: k,
    count: counts.get(k) ?? 0,
    share: base > 0 ? (counts.get(k) ?? 0) / base : null,
  }));
  let other = 0;
  for (const [k, v] of counts) if (!labels.includes(k as never)) other += v;
  if (other > 0) out.push({ key: UNFILLED, count: other, share: base > 0 ? other / base : null });
  return out;
}

function checkAsOf(asOf: string): void {
  const [y, m, d] = asOf.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d)
    throw new AppError('invalid_date', `日期“${asOf}”无效`);
}

/**
 * Retailers as of a date: those who had joined by then (no 加入日期 counts as
 * always there), with their recorded status. licensed = not 注销, operating = 正常.
 * Every breakdown is over licensed retailers, except byStatus which also counts
 * 注销; all shares are count / licensed (CLI.md).
 */
export function customerStructure(db: Database, input: { asOf?: string; scope?: string }) {
  const asOf = input.asOf ?? todayText();
  checkAsOf(asOf);
  const scope = input.scope ?? 'county';
  // 档位 as held on the day asked (gradeHistory.ts), in the breakdown and in a grade: scope
  const day = textToDay(asOf);
  const sc = customerScope(db, scope, day);
  const rows = db
    .prepare(
      `SELECT r.format, r.area, r.order_method AS orderMethod, r.settlement, r.status, ${gradeAsOfSql(db, day)} AS grade,
              ${ownerManagerId('r')} AS managerId
       FROM retailers r WHERE (r.joined_date IS NULL OR r.joined_date <= ?) AND ${sc.sql}`,
    )
    .all(asOf, ...sc.params) as {
    format: string | null;
    area: string | null;
    orderMethod: string | null;
    settlement: string | null;
    status: string;
    grade: number | null;
    managerId: number | null;
  }[];
  const licensedRows = rows.filter((r) => r.status !== '注销');
  const licensed = licensedRows.length;
  const operating = rows.filter((r) => r.status === '正常').length;
  const tally = (list: typeof rows, f: (r: (typeof rows)[number]) => string | number | null) => {
    const m = new Map<string | number | null, number>();
    for (const r of list) {
      const k = f(r);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const grades = Array.from({ length: 30 }, (_, i) => i + 1);
  // 人均服务户数: licensed retailers per customer manager on duty (of the scope's managers).
  const perMgr = tally(licensedRows, (r) => r.managerId);
  let managers: number;
  if (scope === 'county' || scope === '') {
    managers = db
      .prepare(`SELECT COUNT(*) FROM managers WHERE on_duty = 1 AND (manager_since IS NULL OR manager_since <= ?)`)
      .pluck()
      .get(asOf) as number;
  } else managers = [...perMgr.keys()].filter((k) => k !== null).length;
  const max = Math.max(0, ...[...perMgr.entries()].filter(([k]) => k !== null).map(([, v]) => v));
  /** The licensed retailers' shares by one field, over the values it may take. */
  const share = (values: readonly (string | number)[], field: (r: (typeof rows)[number]) => string | number | null) =>
    shares(values, tally(licensedRows, field), licensed);
  return {
    report: 'customer-structure' as const,
    asOf,
    scope,
    scopeLabel: sc.label,
    licensed,
    operating,
    byArea: share(AREAS, (r) => r.area),
    byFormat: share(FORMATS, (r) => r.format),
    byOrderMethod: share(ORDER_METHODS, (r) => r.orderMethod),
    bySettlement: share(SETTLEMENTS, (r) => r.settlement),
    // 经营状态 over every retailer (注销 ones included), against the licensed count like the rest
    byStatus: shares(
      STATUSES,
      tally(rows, (r) => r.status),
      licensed,
    ),
    byGrade: share(grades, (r) => r.grade),
    perManager: { managers, average: managers > 0 ? licensed / managers : null, max },
  };
}

/**
 * Managers 在岗 at the as-of date (任客户经理日期 on or before it, or unknown).
 * Age and tenure in completed years; averageAge over those with a birth date.
 */
export function managerStructure(db: Database, input: { asOf?: string }) {
  const asOf = input.asOf ?? todayText();
  checkAsOf(asOf);
  const rows = db
    .prepare(
      `SELECT birth_date AS birth, education, skill_grade AS skill, manager_since AS since FROM managers
       WHERE on_duty = 1 AND (manager_since IS NULL OR manager_since <= ?)`,
    )
    .all(asOf) as { birth: string | null; education: string | null; skill: string | null; since: string | null }[];
  const count = rows.length;
  const tally = (f: (r: (typeof rows)[number]) => string | null) => {
    const m = new Map<string | number | null, number>();
    for (const r of rows) {
      const k = f(r);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const ages = rows.filter((r) => r.birth).map((r) => completedYears(r.birth!, asOf));
  return {
    report: 'manager-structure' as const,
    asOf,
    count,
    averageAge: ages.length ? ages.reduce((s, a) => s + a, 0) / ages.length : null,
    byAgeBand: shares(
      AGE_BANDS,
      tally((r) => (r.birth ? ageBand(completedYears(r.birth, asOf)) : null)),
      count,
    ),
    byEducation: shares(
      EDUCATIONS,
      tally((r) => r.education),
      count,
    ),
    byGrade: shares(
      SKILL_GRADES,
      tally((r) => r.skill ?? '无'),
      count,
    ),
    byTenure: shares(
      TENURE_BANDS,
      tally((r) => (r.since ? tenureBand(completedYears(r.since, asOf)) : null)),
      count,
    ),
  };
}

export type CustomerStructure = ReturnType<typeof customerStructure>;
export type ManagerStructure = ReturnType<typeof managerStructure>;
