/**
 * 需求预测: next 1–3 months per 价类 / 品牌 / 规格, the backtested MAPE beside
 * the same-month-last-year yardstick, and a chart of history + forecast.
 */
import { useMemo, useState } from 'react';
import { Alert, Card, Select, Tag, Typography } from 'antd';
import { useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { Chart, type ChartOption } from '../../components/Chart';
import { PrintButton } from '../../components/PrintButton';
import { forecastSpec } from './common';
import { signatureFooter } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import { PageHead } from '../../components/PageHead';

type Level = 'total' | 'class' | 'brand' | 'spec';

export function ForecastPage() {
  const { settings } = useApp();
  const [level, setLevel] = useState<Level>('class');
  const [horizon, setHorizon] = useState(3);
  const [selected, setSelected] = useState<string | null>(null);
  const { data, error, loading } = useCall('reports.forecast', { level, horizon, limit: 30 }, []);
  const spec = useMemo(() => (data ? forecastSpec(data) : null), [data]);
  const current = data?.results.find((r) => r.key === selected) ?? data?.results[0];
  const option = useMemo<ChartOption | null>(() => {
    if (!current) return null;
    const months = [...current.history.map((h) => h.month), ...current.forecast.map((f) => f.month)];
    const n = current.history.length;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['实际销量', '预测', '同月去年法'] },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', name: '箱' },
      series: [
        {
          name: '实际销量',
          type: 'line',
          data: [...current.history.map((h) => +(h.volumeTiao / 250).toFixed(2)), ...current.forecast.map(() => null)],
        },
        {
          name: '预测',
          type: 'line',
          lineStyle: { type: 'dashed' },
          data: [
            ...current.history.map((_, i) => (i === n - 1 ? +(current.history[i].volumeTiao / 250).toFixed(2) : null)),
            ...current.forecast.map((f) => +(f.volumeTiao / 250).toFixed(2)),
          ],
        },
        {
          name: '同月去年法',
          type: 'scatter',
          data: [...current.history.map(() => null), ...current.forecast.map((f) => +(f.naiveTiao / 250).toFixed(2))],
        },
      ],
    };
  }, [current]);
  return (
    <div data-testid="forecast-page">
      <PageHead title="需求预测">
        <Select
          value={level}
          style={{ width: 120 }}
          onChange={(v) => {
            setLevel(v);
            setSelected(null);
          }}
          options={[
            { value: 'total', label: '全部卷烟' },
            { value: 'class', label: '按价类' },
            { value: 'brand', label: '按品牌' },
            { value: 'spec', label: '按规格' },
          ]}
        />
        <Select
          value={horizon}
          style={{ width: 140 }}
          onChange={setHorizon}
          options={[1, 2, 3].map((h) => ({ value: h, label: `预测未来${h}个月` }))}
        />
        {data && (
          <Typography.Text type="secondary">
            方法：{data.method}；参照：{data.yardstick}；数据截至 {data.lastCompleteMonth}；回测中本方法优于参照{' '}
            {data.beatsCount}/{data.comparedCount} 项
          </Typography.Text>
        )}
      </PageHead>
      {error && <Alert type="error" showIcon message={error.message} />}
      <DataGrid
        testId="forecast-grid"
        columns={spec?.columns ?? []}
        rows={spec?.rows ?? []}
        loading={loading}
        height={360}
        unitName={settings?.unitName}
        exportSpec={
          spec ? { title: spec.title, period: spec.period, unitLine: spec.unitLine, note: spec.note } : undefined
        }
        exportOptions={{ footer: signatureFooter() }}
        toolbar={
          <PrintButton
            route={`/reports/print/forecast?level=${level}&horizon=${horizon}`}
            landscape
            name="卷烟需求预测表"
          />
        }
        exportFileName="卷烟需求预测表"
        onRowClick={(r) => setSelected(String(r.key))}
      />
      {current && (
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={`${current.name}：历史与预测`}
          extra={
            <Tag color={current.beatsNaive ? 'green' : current.beatsNaive === false ? 'orange' : 'default'}>
              {current.verdict}
            </Tag>
          }
        >
          {option && <Chart option={option} height={320} testId="forecast-chart" />}
        </Card>
      )}
    </div>
  );
}
