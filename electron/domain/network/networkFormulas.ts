/**
 * The 网建 indicator formulas (DOMAIN.md "Network-building indicators"): numerator,
 * denominator and value of each formula over a group of retailers, and the value
 * with its target and status. Denominators are taken at the end of the month.
 */
import { AppError } from '../../api/errors';
import { statusOf, type Indicator, type Status } from './indicators';
import type { ScopeKind } from './data';
import { isLicensed, isOperating, type BaseRetailer, type PeriodData } from './periodData';

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
