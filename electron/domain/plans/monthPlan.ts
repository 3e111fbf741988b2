/**
 * The plan that counts for a month (DOMAIN.md "Rules every module shares"): the
 * approved version of the month's plan at the chosen level; without one, the
 * approved annual plan's month share. The 首页 card, the monthly pack and the
 * 网建 考核 (计划完成率) all ask this one function.
 *
 * - level 'county': the county's plan for all products — a monthly plan at any
 *   level but 零售客户 (参考); the fallback is an approved annual plan broken down
 *   by month, whose cell for the month is the month's share.
 * - level 'manager' (or 'route', …): a monthly plan at that level. An annual plan
 *   at that level holds no month shares, so there is no fallback: null.
 * Drafts, submitted and returned plans never count. Among several approved
 * plans, the one approved last (then the highest id) counts.
 */
import type { Database } from 'better-sqlite3';
import { monthText } from '../../../common/days';
import type { Level } from './sources';
import { listPlans, type PlanRow } from './store';

export interface MonthPlan {
  plan: PlanRow;
  /** the approved version */
  versionNo: number;
  /** 'month': the month's own plan; 'annual': the month's cell of the annual plan by month */
  source: 'month' | 'annual';
  /** the cell key holding the month in an annual plan ('YYYY-MM'), null for a month's own plan */
  monthKey: string | null;
}

const latestApproved = (a: PlanRow, b: PlanRow) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || b.id - a.id;

export function planForMonth(db: Database, year: number, month: number, level: Level | 'county'): MonthPlan | null {
  const approved = listPlans(db, year).filter((p) => p.status === 'approved' && p.approvedVersion !== null);
  const own = approved
    .filter(
      (p) =>
        p.month === month && (level === 'county' ? p.products === 'all' && p.level !== 'retailer' : p.level === level),
    )
    .sort(latestApproved);
  if (own.length) return { plan: own[0], versionNo: own[0].approvedVersion!, source: 'month', monthKey: null };
  if (level !== 'county' && level !== 'month') return null;
  const annual = approved
    .filter((p) => p.month === null && p.level === 'month' && (level !== 'county' || p.products === 'all'))
    .sort(latestApproved);
  if (!annual.length) return null;
  return { plan: annual[0], versionNo: annual[0].approvedVersion!, source: 'annual', monthKey: monthText(year, month) };
}
