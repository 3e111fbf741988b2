/** Shared bits of the 销售计划 pages: plan units for display and typing, labels, status tags. */
import { Tag } from 'antd';
import type { Output } from '@contract';

export type PlanUnit = '0.01箱' | '箱' | '条';
import type { Level } from '../../../common/plans';
export { LEVEL_LABELS, type Level } from '../../../common/plans';
export type Plan = Output<'plans.list'>['plans'][number];
export type Breakdown = Output<'plans.breakdown'>;
export type BreakdownRow = Breakdown['rows'][number];
export type Explain = BreakdownRow['explain'];

/** The title of the key column for a level. */
export function keyTitle(level: Level): string {
  return {
    month: '月份',
    manager: '工号',
    route: '线路编码',
    retailer: '客户编码',
    class: '价类',
    brand: '品牌',
    spec: '卷烟编码',
  }[level];
}

/** Levels where 客户户数 and 档位权重 make sense. */
export function isOrgLevel(level: Level): boolean {
  return level === 'manager' || level === 'route' || level === 'retailer';
}
export const UNIT_OPTIONS: { value: PlanUnit; label: string }[] = [
  { value: '0.01箱', label: '0.01箱（两位小数的箱）' },
  { value: '箱', label: '整箱' },
  { value: '条', label: '整条' },
];
export const METHOD_OPTIONS = [
  { value: 'history', label: '同期销量占比' },
  { value: 'recent', label: '近N月均值' },
  { value: 'customers', label: '客户户数（正常经营）' },
  { value: 'grade', label: '档位权重' },
  { value: 'equal', label: '平均' },
] as const;

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  returned: 'warning',
};

export function StatusTag({ status, label }: { status: string; label: string }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="plan-status" data-status={status}>
      {label}
    </Tag>
  );
}

/** What one unit is called in column titles. */
export function displayUnitName(unit: PlanUnit): string {
  return unit === '条' ? '条' : '箱';
}

/** Units → the number shown (0.01箱 → 箱 with two decimals). */
export function unitsToDisplay(units: number, unit: PlanUnit): number {
  return unit === '0.01箱' ? units / 100 : units;
}

export function displayDecimals(unit: PlanUnit): number {
  return unit === '0.01箱' ? 2 : 0;
}

export function fmtUnits(units: number | null | undefined, unit: PlanUnit): string {
  if (units === null || units === undefined) return '—';
  return unitsToDisplay(units, unit).toLocaleString('zh-CN', {
    minimumFractionDigits: displayDecimals(unit),
    maximumFractionDigits: displayDecimals(unit),
  });
}

/** 条 per unit, for comparing with sales. */
export function tiaoPerUnit(unit: PlanUnit): number {
  return unit === '0.01箱' ? 2.5 : unit === '箱' ? 250 : 1;
}

export function searchParam(name: string): string | null {
  const hash = typeof location !== 'undefined' ? location.hash : '';
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get(name);
}

export function periodLabel(p: { year: number; month: number | null }): string {
  return p.month ? `${p.year}年${p.month}月` : `${p.year}年`;
}
