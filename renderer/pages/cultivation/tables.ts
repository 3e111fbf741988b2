/**
 * The 品牌培育 tables and chart: the weekly trend of one rate per 客户经理 against
 * their targets, and the action list (one sheet per 客户经理). Rounded only for display.
 */
import type { Output } from '@contract';
import type { TableColumn, TableSpec } from '../../components/table';
import type { ChartOption } from '../../components/Chart';

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
const shortWeek = (label: string) => label.replace(/（.*$/, '');

/** Managers × weeks: the rate from the project's first day to each week's end, with the target and the gap. */
export function trendSpec(t: Trend, rate: RateKey): TableSpec {
  const columns: TableColumn[] = [
    { key: 'key', title: '客户经理', width: 9 },
    { key: 'name', title: '姓名', width: 8 },
    { key: 'target', title: '目标', type: 'percent' },
    ...t.weeks.map((w, i) => ({ key: `w${i}`, title: shortWeek(w.label), type: 'percent' as const })),
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

const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : +(x * 100).toFixed(2));

/** Each manager's line of the rate, its target dashed in the same colour, and the whole scope in black. */
export function trendOption(t: Trend, rate: RateKey): ChartOption {
  const weeks = t.weeks.map((w) => shortWeek(w.label));
  const managers = t.weeks.at(-1)?.snapshot.managers ?? [];
  const palette = ['#1677ff', '#52c41a', '#fa8c16', '#722ed1', '#eb2f96', '#13c2c2', '#a0d911', '#faad14', '#2f54eb'];
  const series: NonNullable<ChartOption['series']> = [];
  managers.forEach((m, i) => {
    const color = palette[i % palette.length];
    series.push({
      name: m.managerName,
      type: 'line',
      color,
      data: t.weeks.map((w) => pct(w.snapshot.managers.find((x) => x.manager === m.manager)?.rates[rate])),
    });
    const target = m.target?.[rate];
    if (target !== null && target !== undefined)
      series.push({
        name: `${m.managerName}目标`,
        type: 'line',
        color,
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1 },
        data: weeks.map(() => pct(target)),
      });
  });
  series.push({
    name: '合计',
    type: 'line',
    color: '#000',
    lineStyle: { width: 3 },
    data: t.weeks.map((w) => pct(w.snapshot.total[rate])),
  });
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(2) + '%' : '—') },
    legend: { top: 0, type: 'plain' },
    grid: { left: 50, right: 20, top: 60, bottom: 30 },
    xAxis: { type: 'category', data: weeks },
    yAxis: { type: 'value', max: 100, min: 0, axisLabel: { formatter: '{value}%' } },
    series,
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
