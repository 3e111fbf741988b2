/**
 * Computing the 网建 indicators for a month (DOMAIN.md "Network-building
 * indicators"), by county, customer manager or route, with targets, status and
 * the action list behind each gap.
 *
 * Denominators are taken at the end of the month. The master data keeps no
 * history of a retailer's status, settlement or order method, so a month is
 * computed from its month-end snapshot (network_retailer_snapshots, taken with
 * network.takeSnapshot) when one exists, and otherwise from the current master
 * data, leaving out retailers whose 加入日期 is after the month's end. Every
 * result says which basis it used. A retailer belongs to the customer manager
 * recorded on it (or, when blank, to its route's manager) and to its route —
 * not to whoever made a visit or an inspection.
 */
import type { Database } from 'better-sqlite3';
import { ownerJoins } from '../masterdata/ownership';
import { AppError } from '../../api/errors';
import { dayText } from '../../../common/days';
import { definitionText, listIndicators, statusOf, type Indicator, type Status } from './indicators';
import { COUNTY_KEY, manualValuesForMonth, targetsForMonth, type ScopeKind } from './data';
import { monthsEnding, parseMonth, type Month } from './period';

export interface BaseRetailer {
  id: number;
  code: string;
  name: string;
  status: string;
  settlement: string | null;
  orderMethod: string | null;
  modern: boolean;
  routeCode: string | null;
  routeName: string | null;
  managerCode: string | null;
  managerName: string | null;
}

interface Inspection {
  id: number;
  retailerId: number;
  day: number;
  priceTag: number | null;
  display: number | null;
  info: number;
}

export interface PeriodData {
  month: Month;
  basis: 'snapshot' | 'current';
  retailers: BaseRetailer[];
  visited: Set<number>;
  /** whether the month has any visit / inspection record at all (none = not imported yet) */
  hasVisits: boolean;
  hasInspections: boolean;
  inspectionsByRetailer: Map<number, Inspection[]>;
  collected: Set<number>;
  plan: Set<number> | null;
  targets: Map<string, { value: number; period: string }>;
  manual: Map<string, number>;
}

const isOperating = (r: BaseRetailer) => r.status === '正常';
const isLicensed = (r: BaseRetailer) => r.status !== '注销';

export function hasSnapshot(db: Database, period: string): boolean {
  return !!db.prepare('SELECT 1 FROM network_snapshot_periods WHERE period = ?').get(period);
}

/** Today's master data with each retailer's 加入日期, loaded once for many months (trend). */
export interface RetailerCache {
  current?: (BaseRetailer & { joined: string | null })[];
}

export function loadRetailers(
  db: Database,
  month: Month,
  cache?: RetailerCache,
): { basis: 'snapshot' | 'current'; retailers: BaseRetailer[] } {
  const cols = `r.id, r.code, r.name, rt.code AS routeCode, rt.name AS routeName, m.code AS managerCode, m.name AS managerName`;
  type Row = Omit<BaseRetailer, 'modern'> & { modern: number };
  if (hasSnapshot(db, month.period)) {
    const rows = db
      .prepare(
        `SELECT ${cols}, s.status, s.settlement, s.order_method AS orderMethod, s.modern_terminal AS modern
         FROM network_retailer_snapshots s JOIN retailers r ON r.id = s.retailer_id
         LEFT JOIN routes rt ON rt.id = s.route_id
         LEFT JOIN managers m ON m.id = s.manager_id
         WHERE s.period = ? ORDER BY r.code`,
      )
      .all(month.period) as Row[];
    return { basis: 'snapshot', retailers: rows.map((r) => ({ ...r, modern: r.modern === 1 })) };
  }
  if (cache) {
    cache.current ??= (
      db
        .prepare(
          `SELECT ${cols}, r.status, r.settlement, r.order_method AS orderMethod, r.modern_terminal AS modern, NULLIF(r.joined_date, '') AS joined
           FROM retailers r ${ownerJoins('r', 'rt', 'm')}
           ORDER BY r.code`,
        )
        .all() as (Row & { joined: string | null })[]
    ).map((r) => ({ ...r, modern: r.modern === 1 }));
    return { basis: 'current', retailers: cache.current.filter((r) => r.joined === null || r.joined <= month.endDate) };
  }
  const rows = db
    .prepare(
      `SELECT ${cols}, r.status, r.settlement, r.order_method AS orderMethod, r.modern_terminal AS modern
       FROM retailers r ${ownerJoins('r', 'rt', 'm')}
       WHERE r.joined_date IS NULL OR r.joined_date = '' OR r.joined_date <= ?
       ORDER BY r.code`,
    )
    .all(month.endDate) as Row[];
  return { basis: 'current', retailers: rows.map((r) => ({ ...r, modern: r.modern === 1 })) };
}

export interface LoadOptions {
  cache?: RetailerCache;
  /** leave out what an indicator does not read (the trend of one indicator) */
  visits?: boolean;
  inspections?: boolean;
}

export function loadPeriod(db: Database, period: string, o: LoadOptions = {}): PeriodData {
  const month = parseMonth(period);
  const { basis, retailers } = loadRetailers(db, month, o.cache);
  const visited = new Set(
    o.visits === false
      ? []
      : (
          db
            .prepare('SELECT DISTINCT retailer_id AS id FROM visit_records WHERE day BETWEEN ? AND ?')
            .all(month.dayFrom, month.dayTo) as { id: number }[]
        ).map((r) => r.id),
  );
  const inspections = (
    o.inspections === false
      ? []
      : db
          .prepare(
            `SELECT id, retailer_id AS retailerId, day, price_tag AS priceTag, display, info_collected AS info
             FROM inspection_records WHERE day BETWEEN ? AND ? ORDER BY day, id`,
          )
          .all(month.dayFrom, month.dayTo)
  ) as Inspection[];
  const inspectionsByRetailer = new Map<number, Inspection[]>();
  const collected = new Set<number>();
  for (const i of inspections) {
    const list = inspectionsByRetailer.get(i.retailerId) ?? [];
    list.push(i);
    inspectionsByRetailer.set(i.retailerId, list);
    if (i.info === 1) collected.add(i.retailerId);
  }
  const planRows = db.prepare('SELECT retailer_id AS id FROM network_collection_plan WHERE period = ?').all(period) as {
    id: number;
  }[];
  return {
    month,
    basis,
    retailers,
    visited,
    hasVisits: visited.size > 0,
    hasInspections: inspections.length > 0,
    inspectionsByRetailer,
    collected,
    plan: planRows.length ? new Set(planRows.map((r) => r.id)) : null,
    targets: targetsForMonth(db, period),
    manual: manualValuesForMonth(db, period),
  };
}

export interface IndicatorValue {
  code: string;
  name: string;
  unit: Indicator['unit'];
  direction: Indicator['direction'];
  numerator: number | null;
  denominator: number | null;
  /** unrounded fraction for rates, integer for counts, the entered number for scores; null when undefined */
  value: number | null;
  target: number | null;
  /** which target period applied ('2026-03', '2026-Q1' or '2026') */
  targetPeriod: string | null;
  /** value − target, signed so that a positive gap is better than the target */
  gap: number | null;
  status: Status;
}

/** Numerator, denominator and value of one formula indicator over a group of retailers. */
export function formulaValue(
  ind: Indicator,
  group: BaseRetailer[],
  pd: PeriodData,
): { numerator: number; denominator: number; value: number | null } {
  const inBase = ind.base === 'licensed' ? isLicensed : isOperating;
  const share = (pred: (r: BaseRetailer) => boolean) => {
    const den = group.filter(inBase);
    const num = den.filter(pred).length;
    return { numerator: num, denominator: den.length, value: den.length ? num / den.length : null };
  };
  switch (ind.formula) {
    case 'e_settlement': // 电子结算率
      return share((r) => (r.settlement ?? '').startsWith('电子结算'));
    case 'online_order': // 网上订货率
      return share((r) => r.orderMethod === '网上' || r.orderMethod === '手机');
    case 'modern_share': // 现代终端占比
      return share((r) => r.modern);
    case 'modern_count': {
      // 现代终端户数: the count is the value; the denominator is shown for context
      const s = share((r) => r.modern);
      return { numerator: s.numerator, denominator: s.denominator, value: s.numerator };
    }
    case 'visit_coverage': {
      // 客户拜访覆盖率: a retailer visited twice counts once. A month without a single
      // visit record in the county has not been imported: no value rather than 0.
      const s = share((r) => pd.visited.has(r.id));
      return pd.hasVisits ? s : { ...s, value: null };
    }
    case 'price_tag': // 明码标价合格率: inspections passed / inspections made
    case 'display': {
      // 卷烟陈列规范率
      let made = 0;
      let passed = 0;
      for (const r of group) {
        for (const i of pd.inspectionsByRetailer.get(r.id) ?? []) {
          const item = ind.formula === 'price_tag' ? i.priceTag : i.display;
          if (item === null) continue;
          made++;
          if (item === 1) passed++;
        }
      }
      return { numerator: passed, denominator: made, value: made ? passed / made : null };
    }
    case 'info_collection': {
      // 信息采集完成率: planned retailers (the month's list, or all 正常经营) with a collection record
      const planned = pd.plan ? group.filter((r) => pd.plan!.has(r.id)) : group.filter(isOperating);
      const num = planned.filter((r) => pd.collected.has(r.id)).length;
      // As for visits: no inspection record in the whole month means nothing was imported.
      return {
        numerator: num,
        denominator: planned.length,
        value: planned.length && pd.hasInspections ? num / planned.length : null,
      };
    }
    default:
      throw new AppError('unknown_formula', `指标“${ind.name}”的计算公式未知`);
  }
}

export function indicatorValue(
  ind: Indicator,
  group: BaseRetailer[],
  pd: PeriodData,
  kind: ScopeKind,
  scopeCode: string,
): IndicatorValue {
  let numerator: number | null = null;
  let denominator: number | null = null;
  let value: number | null;
  if (ind.source === 'manual') {
    value = pd.manual.get(`${ind.code}|${kind}|${scopeCode}`) ?? null;
  } else {
    ({ numerator, denominator, value } = formulaValue(ind, group, pd));
  }
  const t = pd.targets.get(`${ind.code}|${kind}|${scopeCode}`);
  const target = t ? t.value : null;
  const gap = value === null || target === null ? null : ind.direction === 'higher' ? value - target : target - value;
  return {
    code: ind.code,
    name: ind.name,
    unit: ind.unit,
    direction: ind.direction,
    numerator,
    denominator,
    value,
    target,
    targetPeriod: t ? t.period : null,
    gap,
    status: statusOf(value, target, ind),
  };
}

export interface GroupRow {
  key: string;
  label: string;
  retailers: BaseRetailer[];
}

/** The rows of a breakdown: the county, every manager (工号 ascending) or every route (编码 ascending). */
export function groupsOf(db: Database, pd: PeriodData, by: ScopeKind): GroupRow[] {
  if (by === 'county') return [{ key: COUNTY_KEY, label: COUNTY_KEY, retailers: pd.retailers }];
  const field = by === 'manager' ? 'managerCode' : 'routeCode';
  const byKey = new Map<string, BaseRetailer[]>();
  for (const r of pd.retailers) {
    const k = r[field];
    if (k === null) continue;
    const list = byKey.get(k) ?? [];
    list.push(r);
    byKey.set(k, list);
  }
  // Managers on duty and every route appear even with no retailers (their targets still show).
  const listed = (
    by === 'manager'
      ? db
          .prepare('SELECT code, name FROM managers WHERE on_duty = 1 OR code IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify([...byKey.keys()]))
      : db.prepare('SELECT code, name FROM routes').all()
  ) as { code: string; name: string }[];
  const names = new Map(listed.map((r) => [r.code, r.name]));
  for (const k of byKey.keys()) if (!names.has(k)) names.set(k, k);
  return [...names.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => ({ key: k, label: names.get(k)!, retailers: byKey.get(k) ?? [] }));
}

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
  opts: { scopeCode?: string; indicatorCodes?: string[] } = {},
): NetworkReport {
  const pd = loadPeriod(db, period);
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
  const county = networkReport(db, period, 'county');
  const managers = networkReport(db, period, 'manager');
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
