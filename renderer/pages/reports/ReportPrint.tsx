/**
 * Print views of the reports module (A4, rendered without the shell; the app
 * prints them to PDF): one table, the analysis, or the whole monthly pack.
 * Parameters come from the hash query, so the same URL prints the same report.
 */
import { useMemo } from 'react';
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import { NoWrapText, SpecPrint } from '../../components/SpecPrint';
import { Chart, type ChartOption } from '../../components/Chart';
import { useApp } from '../../app/AppContext';
import {
  customerClassSpec,
  distributionSpec,
  forecastSpec,
  noteDistribution,
  noteSales,
  packSpecs,
  salesSpec,
  searchParam,
  periodLine,
  weeklySpecs,
  NOTE_WEEKLY,
  NOTE_CULTIVATION,
} from './common';
import { weeklyOption } from './DistributionPage';
import { weeklyHeadline } from './WeeklyPage';

const Wait = ({ error }: { error?: { message: string } | null }) =>
  error ? <div style={{ padding: 40 }}>{error.message}</div> : <Spin style={{ margin: 80 }} />;

function Sections({ sections }: { sections: { title: string; text: string }[] }) {
  return (
    <div data-testid="print-analysis">
      {sections.map((s, i) => (
        <div key={i}>
          <h2>{s.title}</h2>
          {s.text.split(/\n+/).map((l, j) => (
            <p key={j} style={{ textIndent: '2em', lineHeight: 1.8, margin: '0 0 4pt' }}>
              {l}
            </p>
          ))}
        </div>
      ))}
    </div>
  );
}

export function SalesPrint() {
  const input = {
    period: searchParam('period') ?? '',
    scope: searchParam('scope') ?? undefined,
    products: searchParam('products') ?? undefined,
    by: (searchParam('by') ?? 'class') as never,
  };
  const { data, error } = useCall('reports.sales', input, []);
  if (!data) return <Wait error={error} />;
  const spec = salesSpec(data);
  return <SpecPrint spec={spec} noWrap />;
}

export function DistributionPrint() {
  const products = searchParam('products') ?? undefined;
  const input = {
    period: searchParam('period') ?? '',
    scope: searchParam('scope') ?? undefined,
    products,
    by: (searchParam('by') ?? 'manager') as never,
  };
  const target = searchParam('target');
  const { data, error } = useCall('reports.distribution', input, []);
  const weekly = useCall(
    'reports.distributionWeekly',
    { period: input.period, scope: input.scope, products, target: target ? Number(target) / 100 : null },
    [],
  );
  const option = useMemo(
    () => (weekly.data ? { ...weeklyOption(weekly.data.points, weekly.data.target), animation: false } : null),
    [weekly.data],
  );
  if (!data) return <Wait error={error} />;
  const spec = distributionSpec(data);
  return (
    <SpecPrint spec={spec} noWrap>
      {option && (
        <>
          <h2>按周铺货率</h2>
          <Chart option={option} height={260} />
        </>
      )}
    </SpecPrint>
  );
}

export function CustomerClassPrint() {
  const input = {
    period: searchParam('period') ?? '',
    by: (searchParam('by') ?? 'format') as 'format',
    scope: searchParam('scope') ?? undefined,
    products: searchParam('products') ?? undefined,
  };
  const { data, error } = useCall('reports.customerClass', input, []);
  if (!data) return <Wait error={error} />;
  const spec = customerClassSpec(data);
  return <SpecPrint spec={spec} noWrap />;
}

export function AnalysisPrint() {
  const { settings } = useApp();
  const input = { period: searchParam('period') ?? '', scope: searchParam('scope') ?? undefined };
  // the newest saved version; without one, the draft generated from the figures
  const saved = useCall('reports.analysisDrafts', input, []);
  const generated = useCall('reports.analysis', input, []);
  const sales = useCall('reports.sales', { ...input, by: 'total' as never, lean: true }, []);
  if (!saved.data || !generated.data || !sales.data)
    return <Wait error={saved.error ?? generated.error ?? sales.error} />;
  const d = saved.data.latest ?? generated.data;
  return (
    <PrintDocument
      title={d.title}
      unitName={settings?.unitName}
      period={periodLine(sales.data, sales.data.scopeLabel)}
      note={noteSales(sales.data.fulfilmentBasis)}
    >
      <Sections sections={d.sections} />
    </PrintDocument>
  );
}

function trendOption(trend: { month: string; volumeTiao: number; amountFen: number }[]): ChartOption {
  return {
    animation: false,
    legend: { top: 0, data: ['销量(箱)', '销售额(万元)'] },
    grid: { left: 60, right: 60, top: 44, bottom: 30 },
    xAxis: { type: 'category', data: trend.map((t) => t.month) },
    yAxis: [
      { type: 'value', name: '箱' },
      { type: 'value', name: '万元' },
    ],
    series: [
      { name: '销量(箱)', type: 'bar', data: trend.map((t) => +(t.volumeTiao / 250).toFixed(2)) },
      {
        name: '销售额(万元)',
        type: 'line',
        yAxisIndex: 1,
        data: trend.map((t) => +(t.amountFen / 1_000_000).toFixed(2)),
      },
    ],
  };
}

export function PackPrint() {
  const { settings } = useApp();
  const month = searchParam('month') ?? '';
  const { data, error } = useCall('reports.pack', { month }, []);
  const dash = useCall('reports.dashboard', { month }, []);
  const option = useMemo(() => (dash.data && dash.data.hasData ? trendOption(dash.data.trend) : null), [dash.data]);
  const specs = useMemo(() => (data ? packSpecs(data) : []), [data]);
  if (!data) return <Wait error={error} />;
  const analysis = data.analysis;
  return (
    <PrintDocument
      title={`${data.periodLabel}卷烟营销月报`}
      unitName={settings?.unitName}
      period={periodLine(data)}
      unitLine="单位：箱、万元、户"
      orientation="landscape"
      note={`${noteSales(data.distribution.byManager.fulfilmentBasis)}${noteDistribution(data.distribution.byManager.activeRateBasis, data.distribution.byManager.fulfilmentBasis)}${data.planNote ? data.planNote + '。' : ''}`}
    >
      {option && (
        <>
          <h2>近13个月销售走势</h2>
          <Chart option={option} height={240} />
        </>
      )}
      <NoWrapText />
      {specs.map((s, i) => (
        // tables follow one another; rows never split and headers repeat across pages
        <div key={i} style={{ breakInside: s.rows.length <= 12 ? 'avoid' : undefined }}>
          <PrintTable spec={s} caption={`${i + 1}. ${s.title}（${s.period}，${s.unitLine}）`} />
        </div>
      ))}
      <div className="page-break">
        <h2 style={{ textAlign: 'center' }}>{analysis.title}</h2>
        <Sections sections={analysis.sections} />
      </div>
    </PrintDocument>
  );
}

export function ForecastPrint() {
  const level = (searchParam('level') ?? 'class') as 'class';
  const horizon = Number(searchParam('horizon') ?? 3);
  const { data, error } = useCall('reports.forecast', { level, horizon, limit: 30 }, []);
  if (!data) return <Wait error={error} />;
  const spec = forecastSpec(data);
  return (
    <SpecPrint spec={spec} noWrap>
      <p>
        回测中本方法优于同月去年法 {data.beatsCount}/{data.comparedCount} 项。
        {data.results.map((r) => `${r.name}：${r.verdict}`).join('；')}。
      </p>
    </SpecPrint>
  );
}

/** 周报: every table of the week, one after another, with the summary line. */
export function WeeklyPrint() {
  const { settings } = useApp();
  const week = searchParam('week') ?? '';
  const by = (searchParam('by') ?? 'class') as never;
  const { data, error } = useCall('reports.weekly', { week, by }, []);
  const specs = useMemo(() => (data ? weeklySpecs(data) : []), [data]);
  if (!data) return <Wait error={error} />;
  return (
    <PrintDocument
      title={`${data.weekLabel.replace(/（.*$/, '')}卷烟营销周报`}
      unitName={settings?.unitName}
      period={periodLine({ periodLabel: data.weekLabel, throughLabel: data.throughLabel }, data.scopeLabel)}
      unitLine="单位：箱、万元、户、条"
      orientation="landscape"
      note={`${NOTE_WEEKLY}${data.cultivation.length ? NOTE_CULTIVATION : ''}${data.planNote ?? ''}`}
    >
      <p data-testid="print-weekly-summary" style={{ textIndent: '2em', lineHeight: 1.8 }}>
        {weeklyHeadline(data)}
      </p>
      <NoWrapText />
      {specs.map((s, i) => {
        // the 品牌培育 tables run from each project's first day: their caption says to which day
        const own =
          i >= specs.length - data.cultivation.length ? (s.period ?? '').replace(data.weekLabel, '').trim() : '';
        return (
          <div key={i} style={{ breakInside: s.rows.length <= 12 ? 'avoid' : undefined }}>
            <PrintTable spec={s} caption={`${i + 1}. ${s.title}（${own ? own + '，' : ''}${s.unitLine}）`} />
            {s.sheetName === '预警明细' && s.note && <p>{s.note}</p>}
          </div>
        );
      })}
    </PrintDocument>
  );
}
