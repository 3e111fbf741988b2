/**
 * 分销与“四率”: 铺货率, 重购率, 动销率, 订足率, 断货率, 订货户数/次数, 户均订货量 per
 * 客户经理 / 线路 / 业态 / 城乡 / 规格, and the weekly 铺货率 of the chosen specs
 * against a target line. Double-click a row for the retailers behind it.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Card, InputNumber, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { Chart, type ChartOption } from '../../components/Chart';
import { PrintButton } from '../../components/PrintButton';
import { signatureFooter } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import { dayCount, textToDay } from '../../../common/days';
import {
  distributionColumns,
  distributionSpec,
  FilterBar,
  periodText,
  productsOrAll,
  query,
  searchParam,
  useFilters,
  useReportOptions,
  ThroughNote,
} from './common';

const BY = [
  { value: 'manager', label: '客户经理' },
  { value: 'route', label: '线路' },
  { value: 'format', label: '业态' },
  { value: 'area', label: '城乡' },
  { value: 'grade', label: '档位' },
  { value: 'spec', label: '规格' },
  { value: 'class', label: '价类' },
];

/** Days of a week point that fall in the period (a week cut by the month's first or last day has fewer than 7). */
export function weekDays(p: { from: string; to: string }): number {
  return dayCount({ from: textToDay(p.from), to: textToDay(p.to) });
}

/**
 * The weekly 铺货率 chart. A week cut by the period's first or last day is named with its days
 * (「第1周（11.1–11.1）仅1天」) and its bar drawn pale: its rate counts fewer ordering days and
 * is not comparable with a whole week's.
 */
export function weeklyOption(
  points: { week: string; from: string; to: string; rate: number | null; cumulativeRate: number | null }[],
  target: number | null,
): ChartOption {
  const days = points.map(weekDays);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(2) + '%' : '—') },
    legend: { top: 0, data: ['当周铺货率', '累计铺货率', ...(target !== null ? ['目标'] : [])] },
    grid: { left: 50, right: 20, top: 40, bottom: 70 },
    xAxis: {
      type: 'category',
      data: points.map((p, i) => (days[i] < 7 ? `${p.week} 仅${days[i]}天` : p.week)),
      axisLabel: { rotate: 30 },
    },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '当周铺货率',
        type: 'bar',
        data: points.map((p, i) => ({
          value: p.rate === null ? null : +(p.rate * 100).toFixed(2),
          ...(days[i] < 7 ? { itemStyle: { opacity: 0.35 } } : {}),
        })),
      },
      {
        name: '累计铺货率',
        type: 'line',
        data: points.map((p) => (p.cumulativeRate === null ? null : +(p.cumulativeRate * 100).toFixed(2))),
      },
      ...(target !== null
        ? [
            {
              name: '目标',
              type: 'line' as const,
              symbol: 'none',
              lineStyle: { type: 'dashed' as const, color: '#d4380d' },
              data: points.map(() => +(target * 100).toFixed(2)),
            },
          ]
        : []),
    ],
  };
}

export function DistributionPage() {
  const { settings } = useApp();
  const opts = useReportOptions();
  const [filters, setFilters] = useFilters(opts.data?.latestCompleteMonth);
  const [by, setBy] = useState(searchParam('by') ?? 'manager');
  const [target, setTarget] = useState<number | null>(60);
  const navigate = useNavigate();
  const products = productsOrAll(filters.products);
  const input = { period: periodText(filters.period), scope: filters.scope, products, by: by as never };
  const { message } = App.useApp();
  const { data, error, loading, reload } = useCall('reports.distribution', opts.data ? input : null, [opts.data]);
  const weekly = useCall(
    'reports.distributionWeekly',
    opts.data
      ? { period: input.period, scope: filters.scope, products, target: target === null ? null : target / 100 }
      : null,
    [opts.data],
  );
  const option = useMemo(
    () => (weekly.data ? weeklyOption(weekly.data.points, weekly.data.target) : null),
    [weekly.data],
  );
  const q = query({
    period: input.period,
    scope: input.scope,
    products,
    by,
    target: target === null ? '' : String(target),
  });
  return (
    <div data-testid="distribution-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        分销与“四率”
      </Typography.Title>
      <FilterBar value={filters} onChange={setFilters} options={opts.data}>
        <Space>
          <span>分组</span>
          <Select style={{ width: 110 }} value={by} options={BY} onChange={setBy} data-testid="distribution-by" />
        </Space>
        <Select
          style={{ width: 200 }}
          value={data?.activeRateBasis ?? 'customers'}
          onChange={(v) =>
            api
              .call('settings.update', { activeRateBasis: v })
              .then(() => {
                reload();
                message.success('动销率口径已保存');
              })
              .catch((e: ApiError) => message.error(e.message))
          }
          options={[
            { value: 'customers', label: '动销率：按客户（默认）' },
            { value: 'specs', label: '动销率：按规格' },
          ]}
          data-testid="active-basis"
        />
        <Select
          showSearch
          allowClear
          style={{ width: 240 }}
          placeholder="快速查规格（按线路看铺货）"
          optionFilterProp="label"
          options={(opts.data?.products ?? []).map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
          onChange={(code?: string) => {
            setFilters({ ...filters, products: code ? `codes:${code}` : 'all' });
            if (code) setBy('route');
          }}
          data-testid="quick-spec"
        />
      </FilterBar>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} />}
      <ThroughNote data={data} />
      <DataGrid
        testId="distribution-grid"
        columns={data ? distributionColumns(data.byLabel, data.by, data.activeRateBasis, data.through) : []}
        rows={(data?.rows ?? []) as unknown as Record<string, unknown>[]}
        totals={data ? [{ ...data.total, key: '合计', name: '' }] : []}
        loading={loading}
        height={420}
        unitName={settings?.unitName}
        exportSpec={data ? distributionSpec(data) : undefined}
        exportOptions={{ footer: signatureFooter() }}
        exportFileName={data ? `分销与四率-${data.periodLabel}` : undefined}
        toolbar={
          <PrintButton
            route={`/reports/print/distribution?${q}`}
            landscape
            name={`分销与四率-${data?.periodLabel ?? ''}`}
          />
        }
        onRowDoubleClick={(row) =>
          navigate(
            `/reports/drill?${query({ period: input.period, scope: input.scope, products, by, key: String(row.key) })}`,
          )
        }
      />
      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={`按周铺货率（${weekly.data?.productsLabel ?? ''}，${weekly.data?.scopeLabel ?? ''}）`}
        extra={
          <Space>
            目标
            <InputNumber
              min={0}
              max={100}
              value={target}
              onChange={(v) => setTarget(v === null ? null : Number(v))}
              addonAfter="%"
              style={{ width: 120 }}
              data-testid="target-input"
            />
          </Space>
        }
      >
        {weekly.error && <Alert type="error" showIcon message={weekly.error.message} />}
        {option && <Chart option={option} height={300} testId="weekly-chart" />}
      </Card>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        双击一行查看其下的零售客户（含未订货的正常经营客户），再双击客户查看其订单明细。
      </Typography.Paragraph>
    </div>
  );
}
