/**
 * Plan progress (DOMAIN.md "Plans"): 完成率 = actual / target; 时间进度 = elapsed days /
 * days in the period (calendar days, or working days Mon–Fri as an option); 超欠进度 =
 * 完成率 − 时间进度 (a fraction: ×100 gives percentage points). Actual = Σ 订购量 (条) from
 * the start of the cell's period to the as-of date, for the plan's product scope.
 * Targets in the plan's unit are compared in 条 exactly (units × 条 per unit).
 * A plan in money (DOMAIN.md "Plans in money") shows each money actual beside its target:
 * 销售额 (Σ 金额, 分) against the row's share of the 销售额 target, 单箱值 (元/箱 = 销售额 ÷ 箱)
 * and 一类烟占比 (一类 订购量 ÷ 订购量) against the row's own targets.
 */
import type { Database } from 'better-sqlite3';
import { addDays, dayCount, monthText, todayText, weekdayOf } from '../../../common/days';
import { AppError } from '../../api/errors';
import type { MoneyProgress } from '../../../common/planMoney';
import { findPlan, getCells, getParams, withAmount, type PlanRow } from './store';
import { amountSplitOnRead, planMoneyTargets } from './compute';
import { planForMonth } from './monthPlan';
import {
  daysInMonth,
  dayText,
  parseDay,
  planPeriod,
  figuresByKey,
  figuresByMonth,
  figuresTotal,
  salesTotal,
  type Figures,
  ymd,
  type Period,
} from './sources';
import { TIAO_PER_UNIT, unitsToTiao, type PlanUnit } from './units';

export interface ProgressOptions {
  asOf?: string | null;
  workingDays?: boolean;
  versionNo?: number | null;
}

/** A row of progress: the 销量 against its target, and the money figures (common/planMoney.ts). */
export interface ProgressRow extends MoneyProgress {
  key: string;
  label: string;
  targetUnits: number;
  targetTiao: number;
  actualTiao: number;
  /** actual on the as-of day and over the 7 days ending on it (进度通报) */
  dayTiao: number;
  weekTiao: number;
  /** 完成率, unrounded fraction; null when the target is 0 */
  completion: number | null;
  /** 时间进度, unrounded fraction */
  timeProgress: number;
  /** 超欠进度 = completion − timeProgress; null when completion is */
  ahead: number | null;
  /** the rest to sell to reach the target, 条 (0 when reached) */
  remainingTiao: number;
}

/** 销售额, 单箱值 and 一类烟占比 of actual figures beside their targets. */
function moneyOf(
  f: Figures,
  t: { amountFen: number | null; perCaseFen: number | null; classOneBp: number | null } | null,
) {
  return {
    actualFen: f.fen,
    targetFen: t?.amountFen ?? null,
    amountCompletion: t?.amountFen ? f.fen / t.amountFen : null,
    perCaseTargetFen: t?.perCaseFen ?? null,
    perCaseYuan: f.tiao > 0 ? (f.fen * 250) / f.tiao / 100 : null,
    classOneTargetBp: t?.classOneBp ?? null,
    classOneShare: f.tiao > 0 ? f.classOneTiao / f.tiao : null,
  };
}

/** A progress row's actual figures back (its 一类 订购量 from the share). */
function actualFigures(r: ProgressRow): Figures {
  return { tiao: r.actualTiao, fen: r.actualFen, classOneTiao: Math.round((r.classOneShare ?? 0) * r.actualTiao) };
}

const NO_SALES: Figures = { tiao: 0, fen: 0, classOneTiao: 0 };
const addFigures = (a: Figures, b: Figures): Figures => ({
  tiao: a.tiao + b.tiao,
  fen: a.fen + b.fen,
  classOneTiao: a.classOneTiao + b.classOneTiao,
});

/** Days from `from` to `to` inclusive (0 when to < from), only Mon–Fri when `working`. */
export function countDays(from: number, to: number, working: boolean): number {
  if (to < from) return 0;
  const total = dayCount({ from, to });
  if (!working) return total;
  let n = 0;
  const wd0 = weekdayOf(from); // 0 = Monday
  for (let i = 0; i < total; i++) if ((wd0 + i) % 7 < 5) n++;
  return n;
}

/** 时间进度 of a period at an as-of date (the as-of day counts as elapsed). */
export function timeProgress(p: Period, asOf: number, working: boolean): number {
  const all = countDays(p.from, p.to, working);
  if (all === 0) return asOf >= p.to ? 1 : 0;
  return countDays(p.from, Math.min(asOf, p.to), working) / all;
}

function completionOf(actualTiao: number, targetUnits: number, unit: PlanUnit): number | null {
  if (targetUnits === 0) return null;
  const p = TIAO_PER_UNIT[unit];
  return (actualTiao * p.den) / (targetUnits * p.num);
}

function cellPeriod(plan: PlanRow, key: string): Period {
  if (plan.level === 'month') {
    const [y, m] = key.split('-').map(Number);
    return { from: ymd(y, m, 1), to: ymd(y, m, daysInMonth(y, m)) };
  }
  return planPeriod(plan.year, plan.month);
}

function clip(p: Period, from: number, to: number): Period | null {
  const f = Math.max(p.from, from);
  const t = Math.min(p.to, to);
  return f <= t ? { from: f, to: t } : null;
}

/** Actual 订购量, 金额 and 一类 订购量 per cell key over the part of `window` inside each cell's period. */
function actualByKey(db: Database, plan: PlanRow, keys: string[], window: Period): Map<string, Figures> {
  const out = new Map<string, Figures>(keys.map((k) => [k, NO_SALES]));
  if (plan.level === 'month') {
    const yearP = planPeriod(plan.year, null);
    const w = clip(yearP, window.from, window.to);
    if (!w) return out;
    for (const { year, month, ...f } of figuresByMonth(db, w, plan.products)) {
      const k = monthText(year, month);
      if (out.has(k)) out.set(k, addFigures(out.get(k)!, f));
    }
    return out;
  }
  const w = clip(planPeriod(plan.year, plan.month), window.from, window.to);
  if (!w) return out;
  for (const [k, v] of figuresByKey(db, plan.level, w, plan.products)) if (out.has(k)) out.set(k, v);
  return out;
}

export function planProgress(db: Database, planId: number, o: ProgressOptions = {}) {
  const plan = findPlan(db, planId);
  const versionNo = o.versionNo ?? plan.approvedVersion ?? plan.currentVersion ?? 1;
  const asOf = parseDay(o.asOf ?? todayText(), '截止日期');
  const working = o.workingDays ?? false;
  const params = withAmount(getParams(db, planId, versionNo), plan.targetAmountFen);
  let cells = getCells(db, planId, versionNo);
  // A version saved before money was split per cell (migration 031) with a 销售额 target: the
  // split is computed on read; when it cannot be, the rows say 未分解 and the 合计 keeps the target.
  let amountUnsplit = false;
  if (plan.targetAmountFen !== null && cells.every((c) => c.money === null)) {
    const tiao = unitsToTiao(
      cells.reduce((s, c) => s + c.units, 0),
      plan.unit,
    );
    const money = amountSplitOnRead(db, params, cells, tiao);
    if (money) cells = cells.map((c, i) => ({ ...c, money: money[i] }));
    else amountUnsplit = true;
  }
  const keys = cells.map((c) => c.key);
  const period = planPeriod(plan.year, plan.month);
  const cum = actualByKey(db, plan, keys, { from: period.from, to: asOf });
  const day = actualByKey(db, plan, keys, { from: asOf, to: asOf });
  const week = actualByKey(db, plan, keys, { from: addDays(asOf, -6), to: asOf });
  const rows: ProgressRow[] = cells.map((c) => {
    const p = cellPeriod(plan, c.key);
    const fig = cum.get(c.key) ?? NO_SALES;
    const actual = fig.tiao;
    const completion = completionOf(actual, c.units, plan.unit);
    const tp = timeProgress(p, asOf, working);
    const targetTiao = unitsToTiao(c.units, plan.unit);
    return {
      key: c.key,
      label: c.label,
      targetUnits: c.units,
      targetTiao,
      actualTiao: actual,
      dayTiao: day.get(c.key)?.tiao ?? 0,
      weekTiao: week.get(c.key)?.tiao ?? 0,
      completion,
      timeProgress: tp,
      ahead: completion === null ? null : completion - tp,
      remainingTiao: Math.max(0, targetTiao - actual),
      ...moneyOf(fig, c.money),
      ...(amountUnsplit ? { amountUnsplit } : {}),
    };
  });
  const hasMoney = amountUnsplit || cells.some((c) => c.money !== null);
  const targetUnits = rows.reduce((s, r) => s + r.targetUnits, 0);
  // The county's actual includes sales outside the listed cells (e.g. retailers without a 客户经理).
  const countyActual = salesTotal(db, { from: period.from, to: Math.min(asOf, period.to) }, plan.products);
  const cellsActual = rows.reduce((s, r) => s + r.actualTiao, 0);
  const cellsFigures = [...cum.values()].reduce(addFigures, NO_SALES);
  const planTargets = hasMoney ? planMoneyTargets(params, unitsToTiao(targetUnits, plan.unit)) : null;
  const totalCompletion = completionOf(cellsActual, targetUnits, plan.unit);
  const totalTp = timeProgress(period, asOf, working);
  const total: ProgressRow = {
    key: '合计',
    label: '合计',
    targetUnits,
    targetTiao: unitsToTiao(targetUnits, plan.unit),
    actualTiao: cellsActual,
    dayTiao: rows.reduce((s, r) => s + r.dayTiao, 0),
    weekTiao: rows.reduce((s, r) => s + r.weekTiao, 0),
    completion: totalCompletion,
    timeProgress: totalTp,
    ahead: totalCompletion === null ? null : totalCompletion - totalTp,
    remainingTiao: Math.max(0, unitsToTiao(targetUnits, plan.unit) - cellsActual),
    ...moneyOf(cellsFigures, planTargets),
  };
  return {
    planId,
    name: plan.name,
    status: plan.status,
    statusLabel: plan.statusLabel,
    versionNo,
    unit: plan.unit,
    level: plan.level,
    asOf: dayText(asOf),
    workingDays: working,
    period: { from: dayText(period.from), to: dayText(period.to) },
    rows,
    total,
    /** whether the plan carries money targets (销售额, 单箱值, 一类烟占比) */
    hasMoney,
    /** a 销售额 target that could not be split over the rows (an old version): rows show 未分解 */
    amountUnsplit,
    unattributedTiao: countyActual - cellsActual,
  };
}

/**
 * This month's county plan against actual sales, for the 首页 and the monthly pack.
 * The plan is the one that counts for the month (monthPlan.ts): the approved monthly
 * county plan for all products, else the approved annual plan's month.
 */
export function progressSummary(db: Database, o: { asOf?: string | null; workingDays?: boolean } = {}) {
  const asOf = parseDay(o.asOf ?? todayText(), '截止日期');
  const y = Math.floor(asOf / 10000);
  const m = Math.floor(asOf / 100) % 100;
  const month = monthText(y, m);
  const counted = planForMonth(db, y, m, 'county');
  const plan = counted?.plan;
  const period = planPeriod(y, m);
  const tp = timeProgress(period, asOf, o.workingDays ?? false);
  if (!plan) {
    return {
      month,
      asOf: dayText(asOf),
      plan: null,
      unit: null,
      targetUnits: null,
      targetTiao: null,
      actualTiao: salesTotal(db, { from: period.from, to: asOf }, 'all'),
      completion: null,
      timeProgress: tp,
      ahead: null,
      behind: [] as { key: string; label: string; ahead: number }[],
      money: null as (ReturnType<typeof moneyOf> & { amountUnsplit?: boolean }) | null,
    };
  }
  const pr = planProgress(db, plan.id, {
    asOf: dayText(asOf),
    workingDays: o.workingDays,
    versionNo: counted.versionNo,
  });
  let targetUnits: number;
  let actualTiao: number;
  let behind: { key: string; label: string; ahead: number }[] = [];
  let money: (ReturnType<typeof moneyOf> & { amountUnsplit?: boolean }) | null = null;
  const targetsOf = (r: ProgressRow) => ({
    amountFen: r.targetFen,
    perCaseFen: r.perCaseTargetFen,
    classOneBp: r.classOneTargetBp,
  });
  if (plan.level === 'month') {
    const row = pr.rows.find((r) => r.key === month);
    if (!row) throw new AppError('internal_plan', `计划 ${plan.id} 缺少 ${month} 的分解`);
    targetUnits = row.targetUnits;
    actualTiao = row.actualTiao;
    if (pr.hasMoney) money = { ...moneyOf(actualFigures(row), targetsOf(row)), amountUnsplit: pr.amountUnsplit };
  } else {
    targetUnits = pr.total.targetUnits;
    const county = figuresTotal(db, { from: period.from, to: asOf }, plan.products);
    actualTiao = county.tiao;
    if (pr.hasMoney) money = moneyOf(county, targetsOf(pr.total));
    behind = pr.rows
      .filter((r) => r.ahead !== null && r.ahead < 0)
      .sort((a, b) => a.ahead! - b.ahead! || (a.key < b.key ? -1 : 1))
      .slice(0, 5)
      .map((r) => ({ key: r.key, label: r.label, ahead: r.ahead! }));
  }
  const completion = completionOf(actualTiao, targetUnits, plan.unit);
  return {
    month,
    asOf: dayText(asOf),
    plan: { id: plan.id, name: plan.name, status: plan.status, statusLabel: plan.statusLabel, level: plan.level },
    unit: plan.unit,
    targetUnits,
    targetTiao: unitsToTiao(targetUnits, plan.unit),
    actualTiao,
    completion,
    timeProgress: tp,
    ahead: completion === null ? null : completion - tp,
    behind,
    /** 销售额, 单箱值 and 一类烟占比 beside their targets, when the plan carries them */
    money,
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
const points = (x: number | null) =>
  x === null ? '—' : `${x >= 0 ? '+' : '-'}${Math.abs(x * 100).toFixed(2)}个百分点`;
const xiang = (tiao: number) =>
  `${(tiao / 250).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}箱`;

/** The 首页 card: this month's plan, actual, 完成率, 时间进度, 超欠进度 and who is furthest behind. */
export function homeCard(s: ReturnType<typeof progressSummary>) {
  const [y, m] = s.month.split('-');
  const title = `本月计划进度（${y}年${Number(m)}月）`;
  if (!s.plan) {
    return {
      title,
      lines: [
        { label: '本月计划', value: '尚未编制' },
        { label: '本月销量', value: xiang(s.actualTiao) },
        { label: '时间进度', value: pct(s.timeProgress) },
      ],
      link: '/plans',
    };
  }
  const tone =
    s.ahead === null
      ? undefined
      : s.ahead >= 0
        ? ('good' as const)
        : s.ahead > -0.05
          ? ('warn' as const)
          : ('bad' as const);
  const lines: { label: string; value: string; tone?: 'good' | 'warn' | 'bad' }[] = [
    { label: `计划（${s.plan.name}，${s.plan.statusLabel}）`, value: xiang(s.targetTiao!) },
    { label: '完成销量', value: xiang(s.actualTiao) },
    { label: '完成率', value: pct(s.completion) },
    { label: '时间进度', value: pct(s.timeProgress) },
    { label: '超欠进度', value: points(s.ahead), tone },
  ];
  if (s.behind.length)
    lines.push({
      label: '进度落后',
      value: s.behind
        .slice(0, 3)
        .map((b) => b.label)
        .join('、'),
      tone: 'warn',
    });
  return { title, lines, link: `/plans/progress?id=${s.plan.id}` };
}
