/**
 * 月度考核表 — a month's scores per 客户经理 with the active scheme. Each source
 * is computed where its rule lives:
 * - 上柜率: reports/shelf.ts (latest inspection of each retailer in the month);
 * - 品牌动销率: reports/distribution.ts activeRateBy (DOMAIN.md 动销率, customers basis);
 * - 覆盖率 and the 网建 indicators: this module's formulas (networkFormulas.ts);
 * - 计划完成率: the plan that counts for the month at 客户经理 level
 *   (plans/monthPlan.ts), its 完成率 at the month end; without one, the value
 *   entered by hand, and the table says so.
 * Retailers belong to the 客户经理 who owns them (masterdata/ownership.ts).
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { customerScope } from '../masterdata';
import { planForMonth, planProgress } from '../plans';
import { activeRateBy, monthPeriod, shelfBy, shelfRate, type ActiveCount, type ShelfCount } from '../reports';
import { groupsOf, loadPeriod, type PeriodData } from './periodData';
import { indicatorValue } from './networkFormulas';
import { listIndicators } from './indicators';
import {
  rankTotals,
  ruleFactor,
  ruleText,
  type AssessmentReport,
  type AssessmentRow,
  type ItemResult,
  type SchemeItem,
} from './assessmentRules';
import { activeScheme, listAssessmentValues, productCondition, type Scheme } from './assessmentSchemes';

/** Computes a month's assessment with the active scheme (nothing is stored). */
export function computeAssessment(db: Database, period: string, scheme: Scheme = activeScheme(db)): AssessmentReport {
  const pd: PeriodData = loadPeriod(db, period);
  const managers = groupsOf(db, pd, 'manager');
  const indicators = listIndicators(db);
  const manual = new Map(listAssessmentValues(db, period).map((v) => [`${v.itemCode}|${v.managerCode}`, v.value]));
  const notes: string[] = [];
  const m = pd.month;

  // 上柜率 and 品牌动销率 per 客户经理, from the reports module, one map per item.
  const month = monthPeriod(m.year, m.month);
  const county = customerScope(db, 'county');
  const shelf = new Map<string, Map<string, ShelfCount>>();
  const moving = new Map<string, Map<string, ActiveCount>>();
  for (const it of scheme.items) {
    if (it.source !== 'shelf' && it.source !== 'brand_moving') continue;
    const scope = { customers: county, products: productCondition(db, it.products) };
    if (it.source === 'shelf') {
      const r = shelfBy(db, month, scope, 'manager');
      if (!r.hasData) notes.push(`${it.name}：本月没有检查记录，尚未导入检查数据`);
      shelf.set(it.code, r.byKey);
    } else moving.set(it.code, activeRateBy(db, month, scope, 'manager')!);
  }

  // 计划完成率: the plan that counts for the month at 客户经理 level, as of the month end.
  let planCompletion: Map<string, number | null> | null = null;
  // 销售额完成率: the same plan's 销售额 actual ÷ target, when the plan carries 销售额 targets.
  let amountCompletion: Map<string, number | null> | null = null;
  if (scheme.items.some((i) => i.source === 'plan' || i.source === 'plan_amount')) {
    const counted = planForMonth(db, m.year, m.month, 'manager');
    if (counted) {
      const progress = planProgress(db, counted.plan.id, { asOf: m.endDate, versionNo: counted.versionNo });
      planCompletion = new Map(progress.rows.map((r) => [r.key, r.completion]));
      if (progress.hasMoney) amountCompletion = new Map(progress.rows.map((r) => [r.key, r.amountCompletion]));
      else if (scheme.items.some((i) => i.source === 'plan_amount'))
        notes.push(`计划“${counted.plan.name}”没有销售额目标，销售额完成率为手工录入值`);
      notes.push(`计划完成率取自计划“${counted.plan.name}”（${counted.plan.statusLabel}），截至 ${m.endDate}`);
    } else {
      notes.push('本月没有已审批的按客户经理分解的销售计划，计划完成率为手工录入值');
    }
  }

  const rows: Omit<AssessmentRow, 'rank'>[] = managers.map((g) => {
    const items: ItemResult[] = scheme.items.map((it) => {
      let numerator: number | null = null;
      let denominator: number | null = null;
      let value: number | null;
      if (it.source === 'coverage') {
        const cov = indicators.find((i) => i.formula === 'visit_coverage')!;
        ({ numerator, denominator, value } = indicatorValue(cov, g.retailers, pd, 'manager', g.key));
      } else if (it.source === 'shelf') {
        const c = shelf.get(it.code)!.get(g.key);
        numerator = c?.onShelf ?? 0;
        denominator = c?.inspected ?? 0;
        value = c ? shelfRate(c.onShelf, c.inspected) : null;
      } else if (it.source === 'brand_moving') {
        const c = moving.get(it.code)!.get(g.key);
        numerator = c?.ordering ?? 0;
        denominator = c?.orderedBefore ?? 0;
        value = c?.rate ?? null;
      } else if (it.source === 'manual') {
        value = manual.get(`${it.code}|${g.key}`) ?? null;
      } else if (it.source === 'plan') {
        value = planCompletion ? (planCompletion.get(g.key) ?? null) : (manual.get(`${it.code}|${g.key}`) ?? null);
      } else if (it.source === 'plan_amount') {
        value = amountCompletion ? (amountCompletion.get(g.key) ?? null) : (manual.get(`${it.code}|${g.key}`) ?? null);
      } else {
        const ind = indicators.find((i) => i.code === it.source.slice('indicator:'.length));
        if (!ind) throw new AppError('unknown_indicator', `考核项目“${it.name}”引用的网建指标不存在`);
        ({ numerator, denominator, value } = indicatorValue(ind, g.retailers, pd, 'manager', g.key));
      }
      const factor = ruleFactor(it.rule, value);
      return {
        code: it.code,
        name: it.name,
        group: it.group,
        weight: it.weight,
        numerator,
        denominator,
        value,
        factor,
        score: it.weight * factor,
        missing: value === null,
      };
    });
    return { key: g.key, name: g.label, total: items.reduce((s, i) => s + i.score, 0), items };
  });
  const ranks = rankTotals(rows.map((r) => r.total));
  const ranked = rows
    .map((r, i) => ({ ...r, rank: ranks[i] }))
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const itemUnit = (it: SchemeItem): 'rate' | 'score' | 'count' => {
    if (it.source === 'manual') return it.unit ?? 'score';
    if (it.source === 'plan' || it.source === 'plan_amount') return 'rate';
    if (it.source.startsWith('indicator:'))
      return indicators.find((i) => i.code === it.source.slice(10))?.unit ?? 'rate';
    return 'rate';
  };
  if (scheme.items.some((i) => i.code === 'plan_completion' && i.source === 'manual'))
    notes.push('计划完成率为手工录入值');
  return {
    report: 'assessment',
    period,
    source: 'computed',
    basis: pd.basis,
    savedAt: null,
    savedBy: null,
    scheme: { name: scheme.name, items: scheme.items.map((i) => ({ ...i, ruleText: ruleText(i.rule, itemUnit(i)) })) },
    notes,
    rows: ranked,
  };
}
