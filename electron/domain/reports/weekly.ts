/**
 * 周报 (DOMAIN.md "Weeks"): one ISO week, Monday to Sunday — the 销售情况表 with
 * 环比 (the previous ISO week) and 同比 (the same ISO week number one year
 * earlier), 分销与四率 by 客户经理 with the same comparisons of the county's
 * 铺货率, plan progress to the week's last day with data (the plans module's
 * summary, which takes the month's plan from planForMonth), the 内管 warnings
 * of the week's order days, and the 品牌培育 projects running in the week. Built from the same report functions as the pages, so a figure
 * here is the figure of 销售情况表 / 分销 for the same days.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import {
  addDays,
  addIsoWeeks,
  dayCount,
  isoWeekOf,
  isoWeekText,
  parseIsoWeek,
  parseDayText,
  sameIsoWeekLastYear,
  todayText,
  weekdayOf,
  type IsoWeek,
} from '../../../common/days';
import { comparisonPeriods, dataThrough, fmtDay, throughLabel, weekLabel, weekPeriod } from './periods';
import { lastOrderDay, sumsBy, withSharedReads, type Dim } from './query';
import { growth } from './formulas';
import { customerScope, productScope } from '../masterdata';
import { salesReport, type SalesFigures, type SalesReport } from './sales';
import { distributionReport, type DistributionReport } from './distribution';
import { countyRate, cumulativeDistribution, type CumulativeFigures } from './cumulative';
import { readSettings } from '../settings';
import { progressSummary } from '../plans';
import { RULES, RULE_LABELS, listWarnings } from '../monitor';
import { cultivationStatus } from '../cultivation';

export interface WeeklyInput {
  /** 'YYYY-Www'; omitted: the last complete week with data */
  week?: string;
  scope?: string;
  products?: string;
  /** the dimension of the 销售情况表 (default 价类) */
  by?: Dim;
}

/** The 周报's own names for the sales figures (CLI.md `report weekly`). */
export interface WeeklyFigures extends SalesFigures {
  volumeTiaoLastWeek: number | null;
  amountFenLastWeek: number | null;
  /** 环比 on the previous ISO week */
  wowVolume: number | null;
  wowAmount: number | null;
}

export interface WeeklyRow extends WeeklyFigures {
  key: string;
  name: string;
}

function weekly<T extends SalesFigures>(f: T, hasLastYear: boolean): T & WeeklyFigures {
  return {
    ...f,
    // a week 53 without one last year has no 同期: shown as “—”, not as 0
    volumeTiaoLastYear: hasLastYear ? f.volumeTiaoLastYear : (null as unknown as number),
    amountFenLastYear: hasLastYear ? f.amountFenLastYear : (null as unknown as number),
    volumeTiaoLastWeek: f.volumeTiaoPrev,
    amountFenLastWeek: f.amountFenPrev,
    wowVolume: f.momVolume,
    wowAmount: f.momAmount,
  };
}

export function parseWeek(text: string): IsoWeek {
  // the W is required here: 2026-03 is a month, not week 3
  const w = /^\d{4}-?[Ww]\d{1,2}$/.test(String(text).trim()) ? parseIsoWeek(text) : null;
  if (!w) {
    const m = /^(\d{4})-?[Ww](\d{1,2})$/.exec(String(text).trim());
    throw new AppError(
      'invalid_period',
      m ? `${m[1]}年没有第${Number(m[2])}周` : `周“${text}”无效，应为 YYYY-Www（如 2026-W49）`,
    );
  }
  return w;
}

/** A week's label and days, for the comparison lines. */
function weekRef(w: IsoWeek | null) {
  if (!w) return null;
  const p = weekPeriod(w);
  return { week: isoWeekText(w), label: weekLabel(p), from: fmtDay(p.from), to: fmtDay(p.to) };
}

/**
 * 铺货率 and 重购率 of the county total in a week (for the 环比/同比 line of the 分销 table);
 * `days` set: only the week's first that many days, to compare with a week not over yet.
 * The 分销 report's total over those days, scope and products, from the one-pass rates
 * (cumulative.ts) — only these three figures are shown.
 */
function distTotal(db: Database, w: IsoWeek | null, input: WeeklyInput, days: number | null): CumulativeFigures | null {
  if (!w) return null;
  const p = weekPeriod(w);
  const to = days === null ? p.to : addDays(p.from, days - 1);
  return cumulativeDistribution(db, { from: p.from, ends: [to], scope: input.scope, products: input.products })[0]
    .total;
}

export function weeklyReport(db: Database, input: WeeklyInput, now: Date = new Date()) {
  // one batch of reads: the 销售情况表 and the 分销 by 客户经理 share the week's sums by 客户经理
  return withSharedReads(db, () => buildWeekly(db, input, now));
}

function buildWeekly(db: Database, input: WeeklyInput, now: Date) {
  // without a week: the last complete week with data, or last week on an empty database
  const w = input.week
    ? parseWeek(input.week)
    : (lastCompleteWeek(db) ?? isoWeekOf(addDays(parseDayText(todayText(now))!, -7)));
  const period = weekPeriod(w);
  // a week after today (and after the last imported day, whatever this computer's clock says) has not begun
  const today = parseDayText(todayText(now))!;
  const lastDay = lastOrderDay(db);
  if (period.from > Math.max(today, lastDay ?? 0))
    throw new AppError('invalid_period', `${weekLabel(period)}尚未开始，不能编制周报（今天是 ${todayText(now)}）`);
  const started = performance.now();
  const by = input.by ?? 'class';
  const lastWeek = addIsoWeeks(w, -1);
  const lastYear = sameIsoWeekLastYear(w);
  const base = { period, scope: input.scope, products: input.products };
  const sales = salesReport(db, { ...base, by });
  const byManager = by === 'manager' ? sales : salesReport(db, { ...base, by: 'manager' });
  const shape = (r: SalesReport) => ({
    ...r,
    rows: r.rows.map((x) => weekly(x, lastYear !== null)),
    total: weekly(r.total, lastYear !== null),
  });
  const distribution: DistributionReport = distributionReport(db, { ...base, by: 'manager' });
  const through = dataThrough(period, lastDay);
  // a week not over yet is compared on the same first days of last week and of last year's week
  const days = through === null ? null : dayCount({ from: period.from, to: through });
  const dLast = distTotal(db, lastWeek, input, days);
  const dLy = distTotal(db, lastYear, input, days);
  const hasData = sales.total.volumeTiao > 0 || distribution.total.orderingAll > 0;
  // plan progress to the week's last day with data (a week that is not over: to that day)
  const asOf = through ?? period.to;
  let plan: ReturnType<typeof progressSummary> | null = null;
  let planNote: string | null = null;
  try {
    plan = progressSummary(db, { asOf: fmtDay(asOf) });
    if (!plan.plan)
      planNote = `${Number(plan.month.slice(0, 4))}年${Number(plan.month.slice(5))}月没有已批准的销售计划，计划进度从略。`;
  } catch (e) {
    planNote = `计划进度暂不可用：${(e as Error).message}`;
  }
  const warnings = listWarnings(db, { from: period.from, to: period.to, limit: 200 });
  const byRule = RULES.map((rule) => ({
    rule,
    label: RULE_LABELS[rule],
    count: listWarnings(db, { rule, from: period.from, to: period.to, limit: 1 }).total,
    unchecked: listWarnings(db, { rule, status: '待核查', from: period.from, to: period.to, limit: 1 }).total,
  }));
  const s = readSettings(db);
  return {
    report: 'weekly' as const,
    week: isoWeekText(w),
    weekLabel: weekLabel(period),
    from: fmtDay(period.from),
    to: fmtDay(period.to),
    through: through === null ? null : fmtDay(through),
    throughLabel: through === null ? null : throughLabel(through),
    hasData,
    unitName: s.unitName,
    scope: sales.scope,
    scopeLabel: sales.scopeLabel,
    products: sales.products,
    productsLabel: sales.productsLabel,
    lastWeek: weekRef(lastWeek),
    /** null when last year has no week of this number (week 53) */
    lastYear: weekRef(lastYear),
    sales: shape(sales),
    salesByManager: shape(byManager),
    distribution,
    /** the county's 铺货率 / 重购率 this week, last week and in the same week last year */
    distributionCompare: {
      rate: distribution.total.rate,
      rateLastWeek: dLast?.rate ?? null,
      rateLastYear: dLy?.rate ?? null,
      repeatRate: distribution.total.repeatRate,
      repeatRateLastWeek: dLast?.repeatRate ?? null,
      repeatRateLastYear: dLy?.repeatRate ?? null,
      orderingCustomers: distribution.total.orderingCustomers,
      orderingCustomersLastWeek: dLast?.orderingCustomers ?? null,
      orderingCustomersLastYear: dLy?.orderingCustomers ?? null,
    },
    plan: plan && plan.plan ? plan : null,
    planNote,
    warnings: { total: warnings.total, byRule, rows: warnings.rows },
    /** the 品牌培育 projects running in the week: their rates from their first day to the week's end */
    cultivation: cultivationStatus(db, period),
    computeMs: Math.round(performance.now() - started),
  };
}

export type WeeklyReport = ReturnType<typeof weeklyReport>;

/**
 * The last complete week with data: the ISO week of the last day with order
 * lines when that day is a Sunday, else the week before; null without data.
 */
export function lastCompleteWeek(db: Database): IsoWeek | null {
  const last = lastOrderDay(db);
  if (last === null) return null;
  return weekdayOf(last) === 6 ? isoWeekOf(last) : isoWeekOf(addDays(last, -7));
}

/**
 * The 首页 card: last complete week's 销量 with 环比 and 同比, 铺货率 and new 内管 warnings —
 * the 周报's own figures for that week (sales.total, distribution.total.rate, warnings), computed
 * alone: the county's 销量 of the week, of last week and of the same ISO week last year (the
 * 周报's comparison periods; sumsBy's plain total of the lines), the week's 铺货率 off the
 * retailer summaries' day masks (countyRate), and the warning counts.
 */
export function weeklyHomeCard(db: Database) {
  const w = lastCompleteWeek(db);
  const lines: { label: string; value: string; tone?: 'good' | 'warn' | 'bad' }[] = [];
  if (!w) return { title: '上周周报', lines, link: '/reports/weekly' };
  const period = weekPeriod(w);
  const scope = { customers: customerScope(db, undefined, period.to), products: productScope(db, undefined) };
  const cmp = comparisonPeriods(period, lastOrderDay(db));
  const volume = (p: { from: number; to: number }) =>
    sumsBy(db, p, scope, 'total', undefined, { qtyAmountOnly: true }).get('合计')?.qty ?? 0;
  const now = volume(period);
  const lastWeek = cmp.previous ? volume(cmp.previous) : null;
  // a week 53 without one last year: nothing to compare with (the 周报's 同比 is then “—” too)
  const lastYear = cmp.lastYear ? volume(cmp.lastYear) : 0;
  const wow = lastWeek === null ? null : growth(now, lastWeek);
  const yoy = growth(now, lastYear);
  const rate = countyRate(db, period.from, period.to).rate;
  const count = (o: { rule?: (typeof RULES)[number]; status?: '待核查' }) =>
    listWarnings(db, { ...o, from: period.from, to: period.to, limit: 1 }).total;
  const unchecked = RULES.reduce((n, rule) => n + count({ rule, status: '待核查' }), 0);
  const signed = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : '-'}${Math.abs(x * 100).toFixed(2)}%`);
  const tone = (x: number | null) => (x === null ? undefined : x >= 0 ? ('good' as const) : ('bad' as const));
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
  lines.push(
    { label: '销量', value: `${(now / 250).toFixed(2)} 箱` },
    { label: '环比（上周）', value: signed(wow), tone: tone(wow) },
    { label: '同比（去年同周）', value: signed(yoy), tone: tone(yoy) },
    { label: '铺货率', value: pct(rate) },
    {
      label: '内管预警',
      value: `${count({})} 条（待核查 ${unchecked} 条）`,
      tone: unchecked > 0 ? 'warn' : undefined,
    },
  );
  return { title: `上周周报：${weekLabel(period)}`, lines, link: `/reports/weekly?week=${isoWeekText(w)}` };
}
