/**
 * A plan's money targets beside their actuals (DOMAIN.md "Plans in money") as table columns,
 * shared by the 进度通报 (grid, Excel, print) and the 月报's 销售计划进度表: 销售额 (万元)
 * target, actual and 完成率; 单箱值 (元/箱) target and actual; 一类烟占比 target and actual.
 * Pure data, like common/table.ts.
 */
import type { TableColumn } from './table';

/** The money figures of a progress row (plans.progress rows and total, progressSummary's money). */
export interface MoneyProgress {
  /** 销售额 actual (分) and its target; the target and 完成率 are null without a 销售额 target */
  actualFen: number;
  targetFen: number | null;
  amountCompletion: number | null;
  /** 单箱值: target 分/箱, actual 元/箱 unrounded (null without sales) */
  perCaseTargetFen: number | null;
  perCaseYuan: number | null;
  /** 一类烟占比: target in 0.01%, actual as an unrounded fraction (null without sales) */
  classOneTargetBp: number | null;
  classOneShare: number | null;
  /** a 销售额 target the plan has but did not split over this row (a version saved before money was split) */
  amountUnsplit?: boolean;
}

export function moneyColumns(): TableColumn[] {
  return [
    { key: 'm_targetFen', title: '计划', group: '销售额(万元)', type: 'wan', width: 11 },
    { key: 'm_actualFen', title: '实际', group: '销售额(万元)', type: 'wan', width: 11 },
    { key: 'm_amountCompletion', title: '完成率', group: '销售额(万元)', type: 'percent', width: 9 },
    { key: 'm_perCaseTarget', title: '计划', group: '单箱值(元/箱)', type: 'yuan', width: 11 },
    { key: 'm_perCase', title: '实际', group: '单箱值(元/箱)', type: 'yuan', width: 11 },
    { key: 'm_classOneTarget', title: '计划', group: '一类烟占比', type: 'percent', width: 9 },
    { key: 'm_classOne', title: '实际', group: '一类烟占比', type: 'percent', width: 9 },
  ];
}

/** The cells of moneyColumns() for one row: money in 分, shares as fractions; 未分解 for a target not split. */
export function moneyCells(m: MoneyProgress | null | undefined): Record<string, number | string | null> {
  if (!m) return {};
  return {
    m_targetFen: m.targetFen === null && m.amountUnsplit ? '未分解' : m.targetFen,
    m_actualFen: m.actualFen,
    m_amountCompletion: m.amountCompletion,
    m_perCaseTarget: m.perCaseTargetFen,
    m_perCase: m.perCaseYuan === null ? null : m.perCaseYuan * 100,
    m_classOneTarget: m.classOneTargetBp === null ? null : m.classOneTargetBp / 10000,
    m_classOne: m.classOneShare,
  };
}

export const MONEY_NOTE =
  '销售额完成率=实际销售额÷销售额计划；单箱值=销售额(元)÷销量(箱)，1箱=250条；一类烟占比=一类烟销量÷总销量。';
