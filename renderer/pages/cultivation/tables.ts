/**
 * The 品牌培育 chart: the weekly trend of one rate per 客户经理 against their
 * targets. The tables (trend, action list) are common/cultivationTables.
 */
import type { ChartOption } from '../../components/Chart';
import { shortWeek, type RateKey, type Trend } from '../../../common/cultivationTables';

export {
  RATE_OPTIONS,
  actionSpecs,
  rateLabel,
  trendSpec,
  type Actions,
  type RateKey,
  type Trend,
} from '../../../common/cultivationTables';

/** The 培育通报's title: 「九月培育」 gives 九月培育通报 (not 九月培育培育通报), 「黄鹤楼」 gives 黄鹤楼培育通报. */
export function noticeTitle(projectName: string): string {
  return projectName.endsWith('培育') ? `${projectName}通报` : `${projectName}培育通报`;
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
