/**
 * The 品牌培育 tables: the weekly trend of one rate per 客户经理 against their
 * targets, and the action list of target retailers who have not ordered (one
 * table, i.e. one sheet, per 客户经理). Pure data: the 培育 page (grid, Excel)
 * and the command line's xlsx build the same tables from here. Rounded only
 * for display.
 */
import type { Output } from '@contract';
import type { TableColumn, TableSpec } from './table';

export type Trend = Output<'cultivation.trend'>;
export type Actions = Output<'cultivation.actions'>;
export type RateKey = 'distributionRate' | 'repeatRate' | 'shelfRate';

export const RATE_OPTIONS: { value: RateKey; label: string }[] = [
  { value: 'distributionRate', label: '铺货率' },
  { value: 'repeatRate', label: '重购率' },
  { value: 'shelfRate', label: '上柜率' },
];
export const rateLabel = (k: RateKey) => RATE_OPTIONS.find((o) => o.value === k)!.label;

/** 第3周（3.9–3.15） → 第3周, for narrow chart axes and column heads. */
export const shortWeek = (label: string) => label.replace(/（.*$/, '');

/** Managers × weeks: the rate from the project's first day to each week's end, with the target and the gap. */
export function trendSpec(t: Trend, rate: RateKey): TableSpec {
  const columns: TableColumn[] = [
    { key: 'key', title: '客户经理', width: 9 },
    { key: 'name', title: '姓名', width: 8 },
    { key: 'target', title: '目标', type: 'percent' },
    // a week not over yet says to which day its figures run
    ...t.weeks.map((w, i) => ({
      key: `w${i}`,
      title:
        shortWeek(w.label) + (w.through ? `（至${Number(w.through.slice(5, 7))}.${Number(w.through.slice(8))}）` : ''),
      type: 'percent' as const,
    })),
    { key: 'gap', title: '差距', type: 'signedPercent' },
  ];
  const last = t.weeks.at(-1)?.snapshot;
  const rows = (last?.managers ?? []).map((m) => {
    const row: Record<string, unknown> = { key: m.manager, name: m.managerName, target: m.target?.[rate] ?? null };
    t.weeks.forEach((w, i) => {
      row[`w${i}`] = w.snapshot.managers.find((x) => x.manager === m.manager)?.rates[rate] ?? null;
    });
    const actual = m.rates[rate];
    const target = m.target?.[rate];
    row.gap = actual === null || target === null || target === undefined ? null : actual - target;
    return row;
  });
  const total: Record<string, unknown> = { key: '合计', name: '', target: null, gap: null };
  t.weeks.forEach((w, i) => (total[`w${i}`] = w.snapshot.total[rate]));
  return {
    title: `${t.project.name}：${rateLabel(rate)}按周走势`,
    period: `${t.project.productsLabel}　${t.project.from} 至 ${t.project.to}　${t.project.targetSet ? '目标客户集 ' + t.project.targetSet : '全部正常经营客户'}`,
    unitLine: '单位：%',
    columns,
    rows,
    totals: t.weeks.length ? [total] : [],
    note: `自项目开始日累计至各周周日（最后一周至最近有订单的日期）的${rateLabel(rate)}，口径同“分销与四率”；差距=最近一周实际−目标。`,
    sheetName: `${rateLabel(rate)}走势`,
  };
}

const ACTION_COLUMNS: TableColumn[] = [
  { key: 'retailer', title: '客户编码', width: 14 },
  { key: 'retailerName', title: '客户名称', width: 18 },
  { key: 'owner', title: '负责人', width: 8 },
  { key: 'phone', title: '联系电话', width: 14 },
  { key: 'address', title: '经营地址', width: 24 },
  { key: 'route', title: '线路', width: 10 },
  { key: 'grade', title: '档位', type: 'int' },
];

/** The action list, one table (sheet) per 客户经理. */
export function actionSpecs(a: Actions): TableSpec[] {
  const groups = new Map<string, { name: string; rows: Actions['rows'] }>();
  for (const r of a.rows) {
    const k = r.manager ?? '';
    if (!groups.has(k)) groups.set(k, { name: r.managerName ?? '未分配客户经理', rows: [] });
    groups.get(k)!.rows.push(r);
  }
  return [...groups.entries()].map(([code, g]) => ({
    title: `${a.project.name}：尚未订货的目标客户`,
    period: `客户经理 ${g.name}${code ? `（${code}）` : ''}　${a.project.productsLabel}　${a.from} 至 ${a.to}`,
    unitLine: `共 ${g.rows.length} 户`,
    columns: ACTION_COLUMNS,
    rows: g.rows as unknown as Record<string, unknown>[],
    note: '自项目开始日至统计截止日未订购本项目任何规格的正常经营目标客户，请客户经理逐户走访推介。',
    sheetName: g.name,
  }));
}
