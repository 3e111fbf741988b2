/**
 * 计划编制's grid rows and the links a cell leads to, without React: a breakdown's rows (or a
 * saved version's cells) as the grid shows them in the plan unit, the way back from a shown
 * value to whole plan units, the 按档位投放 address of a cell and the label of its child breakdown.
 */
import type { Explain, Level, PlanUnit } from './common';
import { baseDisplay } from './tables';
import { METHOD_OPTIONS, unitsToDisplay } from './common';
import type { MethodRow } from './planDraft';

export type GridRow = {
  key: string;
  label: string;
  value: number;
  exact: number;
  share: number;
  base: number | null;
  locked: string;
  bound: string;
  explain: Explain;
  /** 销售额 in 元 (exact to the 分), null without a 销售额 target */
  amount: number | null;
  amountLocked: boolean;
  amountExplain: Explain | null;
  /** 单箱值 target (元/箱) and 一类烟占比 target (percentage points) of the row */
  perCase: number | null;
  classOne: number | null;
};

/** A row's money targets as plans.breakdown and plans.get give them. */
export interface SourceMoney {
  amountFen: number | null;
  amountLocked: boolean;
  amountExplain: Explain | null;
  perCaseFen: number | null;
  classOneBp: number | null;
}

/** A breakdown row or a saved cell, as far as the grid needs it. */
export interface SourceRow {
  key: string;
  label: string;
  units: number;
  exact: number;
  locked: boolean;
  explain: Explain;
  money?: SourceMoney | null;
}

/** Plan units per shown number (0.01箱 is shown as 箱 with two decimals). */
export function unitFactor(unit: PlanUnit): number {
  return unit === '0.01箱' ? 100 : 1;
}

/** A shown (or typed) value back to whole plan units. */
export function displayToUnits(value: number, unit: PlanUnit): number {
  return Math.round(value * unitFactor(unit));
}

export function gridRows(src: SourceRow[], unit: PlanUnit): GridRow[] {
  const total = src.reduce((s, r) => s + r.units, 0);
  return src.map((r) => ({
    key: r.key,
    label: r.label,
    value: unitsToDisplay(r.units, unit),
    exact: unitsToDisplay(r.exact, unit),
    share: total > 0 ? r.units / total : 0,
    base: r.explain.methods[0] ? baseDisplay(r.explain.methods[0].label, r.explain.methods[0].base) : null,
    locked: r.locked ? '已锁定' : '',
    bound: r.explain.bound === 'floor' ? '取下限' : r.explain.bound === 'ceiling' ? '取上限' : '',
    explain: r.explain,
    amount: r.money?.amountFen == null ? null : r.money.amountFen / 100,
    amountLocked: r.money?.amountLocked ?? false,
    amountExplain: r.money?.amountExplain ?? null,
    perCase: r.money?.perCaseFen == null ? null : r.money.perCaseFen / 100,
    classOne: r.money?.classOneBp == null ? null : r.money.classOneBp / 100,
  }));
}

/** A grid row's money targets back in 分 and 0.01% (for the export); null when it has none. */
export function moneyOfRow(r: GridRow) {
  if (r.amount === null && r.perCase === null && r.classOne === null) return null;
  const whole = (x: number | null) => (x === null ? null : Math.round(x * 100));
  return {
    amountFen: whole(r.amount),
    amountLocked: r.amountLocked,
    perCaseFen: whole(r.perCase),
    classOneBp: whole(r.classOne),
  };
}

/** The title of the base column: the first method's base. */
export function baseTitle(methods: MethodRow[]): string {
  return methods[0]
    ? METHOD_OPTIONS.find((o) => o.value === methods[0].method)!.label.replace('（正常经营）', '') + '基数'
    : '基数';
}

/**
 * 按档位投放 of a cell's quantity: a spec for the county, or everything of one 客户经理 / 线路;
 * whole 条 for the grade table (half a 条 of an odd 0.01箱 stays out). Null for other levels.
 */
export function gradesLink(level: Level, key: string, units: number, unit: PlanUnit): string | null {
  const xiang = (Math.floor(units * (unit === '0.01箱' ? 2.5 : unit === '箱' ? 250 : 1)) / 250).toFixed(3);
  if (level === 'spec') return `/plans/grades?qty=${xiang}`;
  if (level === 'manager' || level === 'route')
    return `/plans/grades?qty=${xiang}&within=${level}:${encodeURIComponent(key)}`;
  return null;
}

/** Where a cell's child breakdown goes, for its button. */
export function childLevelLabel(level: Level): string {
  return level === 'month'
    ? '到客户经理'
    : level === 'class'
      ? '到品牌'
      : level === 'brand'
        ? '到规格'
        : '到零售客户，参考';
}
