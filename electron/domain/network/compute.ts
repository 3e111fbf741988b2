/**
 * The 网建 reports for a month (DOMAIN.md "Network-building indicators"): every
 * indicator by county, customer manager or route with targets and status, the
 * trend of one indicator, the action list behind a gap, and the 首页 summary.
 * The month's data is read by periodData.ts; the formulas are networkFormulas.ts.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { customerScope } from '../masterdata';
import { dayText } from '../../../common/days';
import { definitionText, listIndicators, type Status } from './indicators';
import type { ScopeKind } from './data';
import { monthsEnding } from './period';
import { indicatorValue, type IndicatorValue } from './networkFormulas';
import {
  groupsOf,
  isLicensed,
  isOperating,
  loadPeriod,
  type BaseRetailer,
  type PeriodData,
  type RetailerCache,
} from './periodData';

export type { IndicatorValue } from './networkFormulas';

export interface NetworkRow {
  key: string;
  label: string;
  indicators: IndicatorValue[];
}

export interface NetworkReport {
  report: 'network';
  period: string;
  by: ScopeKind;
  /** 'snapshot': month-end snapshot; 'current': today's master data */
  basis: 'snapshot' | 'current';
  definitions: { code: string; name: string; definition: string }[];
  /** what the month lacks, e.g. no visit records imported */
  notes: string[];
  rows: NetworkRow[];
}

export function networkReport(
  db: Database,
  period: string,
  by: ScopeKind,
  opts: {
    scopeCode?: string;
    indicatorCodes?: string[];
    customers?: string;
    /** the month's data loaded already (several breakdowns of one month); not changed here */
    data?: PeriodData;
    /** the rows' figures only: the month's retailers are read without their names (loadPeriod's lean) */
    lean?: boolean;
  } = {},
): NetworkReport {
  const pd = opts.data ? { ...opts.data } : loadPeriod(db, period, { lean: opts.lean });
  if (opts.customers) {
    // only the retailers of a customer scope (e.g. a 客户集) count, in every row
    const c = customerScope(db, opts.customers, pd.month.dayTo);
    if (!c.all) {
      const ids = new Set(
        db
          .prepare(`SELECT r.id FROM retailers r WHERE ${c.sql}`)
          .pluck()
          .all(...c.params) as number[],
      );
      pd.retailers = pd.retailers.filter((r) => ids.has(r.id));
    }
  }
  let indicators = listIndicators(db, { activeOnly: true });
  if (opts.indicatorCodes) indicators = indicators.filter((i) => opts.indicatorCodes!.includes(i.code));
  let groups = groupsOf(db, pd, by);
  if (opts.scopeCode !== undefined && by !== 'county') groups = groups.filter((g) => g.key === opts.scopeCode);
  return {
    report: 'network',
    period,
    by,
    basis: pd.basis,
    definitions: indicators.map((i) => ({ code: i.code, name: i.name, definition: definitionText(i) })),
    notes: [
      ...(pd.hasVisits ? [] : ['本月没有拜访记录（尚未导入），客户拜访覆盖率暂无数据']),
      ...(pd.hasInspections
        ? []
        : ['本月没有检查记录（尚未导入），明码标价合格率、卷烟陈列规范率、信息采集完成率暂无数据']),
    ],
    rows: groups.map((g) => ({
      key: g.key,
      label: g.label,
      indicators: indicators.map((ind) => indicatorValue(ind, g.retailers, pd, by, by === 'county' ? '' : g.key)),
    })),
  };
}

export interface TrendPoint {
  period: string;
  basis: 'snapshot' | 'current';
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: number | null;
  status: Status;
}

/** An indicator over the `months` months ending with `period`, for one scope. */
export function trend(
  db: Database,
  o: { indicatorCode: string; period: string; months: number; scopeKind: ScopeKind; scopeCode: string },
): TrendPoint[] {
  const ind = listIndicators(db).find((i) => i.code === o.indicatorCode);
  if (!ind) throw new AppError('unknown_indicator', `指标“${o.indicatorCode}”不存在`);
  const cache: RetailerCache = {};
  const f = ind.formula;
  return monthsEnding(o.period, o.months).map((p) => {
    const pd = loadPeriod(db, p, {
      cache,
      visits: f === 'visit_coverage',
      inspections: f === 'price_tag' || f === 'display' || f === 'info_collection',
    });
    const group = groupsOf(db, pd, o.scopeKind).find((g) => o.scopeKind === 'county' || g.key === o.scopeCode);
    const v = indicatorValue(ind, group?.retailers ?? [], pd, o.scopeKind, o.scopeKind === 'county' ? '' : o.scopeCode);
    return {
      period: p,
      basis: pd.basis,
      numerator: v.numerator,
      denominator: v.denominator,
      value: v.value,
      target: v.target,
      status: v.status,
    };
  });
}

export interface ActionRow {
  retailerCode: string;
  retailerName: string;
  routeCode: string | null;
  routeName: string | null;
  managerCode: string | null;
  managerName: string | null;
  address: string | null;
  phone: string | null;
  grade: number | null;
  reason: string;
}

/**
 * 行动清单: the retailers behind an indicator's gap in one scope — e.g. the
 * cash-settling retailers of a route, the retailers not visited this month,
 * the retailers whose 明码标价 failed an inspection.
 */
export function actionList(
  db: Database,
  o: { period: string; indicatorCode: string; scopeKind: ScopeKind; scopeCode: string },
): { indicator: { code: string; name: string }; basis: 'snapshot' | 'current'; rows: ActionRow[] } {
  const ind = listIndicators(db).find((i) => i.code === o.indicatorCode);
  if (!ind) throw new AppError('unknown_indicator', `指标“${o.indicatorCode}”不存在`);
  if (ind.source === 'manual') throw new AppError('no_action_list', `“${ind.name}”为手工录入指标，没有对应的客户明细`);
  const pd = loadPeriod(db, o.period);
  const group =
    o.scopeKind === 'county'
      ? pd.retailers
      : pd.retailers.filter((r) => (o.scopeKind === 'manager' ? r.managerCode : r.routeCode) === o.scopeCode);
  const inBase = ind.base === 'licensed' ? isLicensed : isOperating;
  const behind: { r: BaseRetailer; reason: string }[] = [];
  switch (ind.formula) {
    case 'e_settlement':
      for (const r of group)
        if (inBase(r) && !(r.settlement ?? '').startsWith('电子结算'))
          behind.push({ r, reason: `结算方式：${r.settlement || '未填写'}` });
      break;
    case 'online_order':
      for (const r of group)
        if (inBase(r) && r.orderMethod !== '网上' && r.orderMethod !== '手机')
          behind.push({ r, reason: `订货方式：${r.orderMethod || '未填写'}` });
      break;
    case 'modern_count':
    case 'modern_share':
      for (const r of group) if (inBase(r) && !r.modern) behind.push({ r, reason: '尚未建成现代终端' });
      break;
    case 'visit_coverage': {
      const last = db.prepare('SELECT MAX(day) AS d FROM visit_records WHERE retailer_id = ? AND day < ?');
      for (const r of group) {
        if (!inBase(r) || pd.visited.has(r.id)) continue;
        const d = (last.get(r.id, pd.month.dayFrom) as { d: number | null }).d;
        behind.push({ r, reason: d ? `本月未拜访（上次拜访 ${dayText(d)}）` : '本月未拜访（无拜访记录）' });
      }
      break;
    }
    case 'price_tag':
    case 'display': {
      const label = ind.formula === 'price_tag' ? '明码标价不合格' : '卷烟陈列不规范';
      for (const r of group) {
        const failed = (pd.inspectionsByRetailer.get(r.id) ?? []).filter(
          (i) => (ind.formula === 'price_tag' ? i.priceTag : i.display) === 0,
        );
        if (failed.length)
          behind.push({ r, reason: `${label}（检查日期 ${failed.map((i) => dayText(i.day)).join('、')}）` });
      }
      break;
    }
    case 'info_collection': {
      const planned = pd.plan ? group.filter((r) => pd.plan!.has(r.id)) : group.filter(isOperating);
      for (const r of planned) if (!pd.collected.has(r.id)) behind.push({ r, reason: '本月未完成信息采集' });
      break;
    }
  }
  const extra = db.prepare('SELECT address, phone, grade FROM retailers WHERE id = ?');
  const rows = behind
    .map(({ r, reason }) => {
      const e = extra.get(r.id) as { address: string | null; phone: string | null; grade: number | null };
      return {
        retailerCode: r.code,
        retailerName: r.name,
        routeCode: r.routeCode,
        routeName: r.routeName,
        managerCode: r.managerCode,
        managerName: r.managerName,
        address: e.address,
        phone: e.phone,
        grade: e.grade,
        reason,
      };
    })
    .sort(
      (a, b) =>
        cmp(a.managerCode, b.managerCode) || cmp(a.routeCode, b.routeCode) || cmp(a.retailerCode, b.retailerCode),
    );
  return { indicator: { code: ind.code, name: ind.name }, basis: pd.basis, rows };
}

function cmp(a: string | null, b: string | null): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** For the 首页: how many indicators are behind (and close) this month, county-wide and per manager. */
export function dashboardSummary(db: Database, period: string) {
  // the month's data read once for both breakdowns, without the names neither shows
  const data = loadPeriod(db, period, { lean: true });
  const county = networkReport(db, period, 'county', { data });
  const managers = networkReport(db, period, 'manager', { data });
  const c = county.rows[0].indicators;
  const count = (s: Status) => c.filter((i) => i.status === s).length;
  const managerPairsBehind = managers.rows.reduce(
    (n, r) => n + r.indicators.filter((i) => i.status === '未达标').length,
    0,
  );
  const managersBehind = managers.rows.filter((r) => r.indicators.some((i) => i.status === '未达标')).length;
  return {
    period,
    basis: county.basis,
    indicators: c.length,
    behind: count('未达标'),
    close: count('接近'),
    met: count('达标'),
    noTarget: count('无目标'),
    noData: count('无数据'),
    behindNames: c.filter((i) => i.status === '未达标').map((i) => i.name),
    closeNames: c.filter((i) => i.status === '接近').map((i) => i.name),
    managersBehind,
    managerIndicatorsBehind: managerPairsBehind,
  };
}
