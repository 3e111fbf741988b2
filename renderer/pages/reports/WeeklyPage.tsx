/**
 * 周报: one ISO week (Monday to Sunday) — the 销售情况表 with 上周 (环比) and 去年同周
 * (同比), 分销, plan progress, the week's 内管 warnings and the 品牌培育 status; one
 * Excel workbook with a sheet per table and one print view (PDF), like the 月报.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Select, Spin, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useCall } from '../../api/client';
import { SpecCollapse } from '../../components/SpecGrid';
import { PrintButton } from '../../components/PrintButton';
import { exportXlsx, signatureFooter } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import { searchParam, weeklySpecs, type WeeklyData } from './common';
import { isoWeekOf, isoWeekText, parseIsoWeek, textToDay } from '../../../common/days';
import { PageHead } from '../../components/PageHead';

const BY_OPTIONS = [
  { value: 'class', label: '按价类' },
  { value: 'brand', label: '按品牌' },
  { value: 'route', label: '按线路' },
  { value: 'format', label: '按业态' },
  { value: 'area', label: '按城乡' },
];

const dayjsOf = (day: number) => dayjs(`${Math.floor(day / 10000)}-${Math.floor(day / 100) % 100}-${day % 100}`);

export function WeeklyPage() {
  const { settings } = useApp();
  const { message } = App.useApp();
  const [picked, setPicked] = useState<string | null>(null);
  const [by, setBy] = useState('class');
  // without a pick the server answers with the last complete week with data
  const asked = picked ?? searchParam('week') ?? undefined;
  const call = useCall('reports.weekly', { week: asked, by: by as never }, []);
  const data = call.error ? null : (call.data ?? null);
  const error = call.error?.message ?? null;
  const week = asked ?? call.data?.week ?? '';
  const specs = useMemo(() => (data ? weeklySpecs(data) : []), [data]);
  const monday = useMemo(() => {
    const w = parseIsoWeek(week);
    return w ? dayjsOf(w.from) : null;
  }, [week]);
  const exportAll = () => {
    if (!data) return;
    exportXlsx(specs, `${data.weekLabel}营销周报`, settings?.unitName, { footer: signatureFooter() });
    message.success('已导出 Excel 工作簿');
  };
  return (
    <div data-testid="weekly-page">
      <PageHead title="周报">
        <DatePicker
          picker="week"
          allowClear={false}
          value={monday}
          format={(d: Dayjs) => {
            const w = isoWeekOf(textToDay(d.format('YYYY-MM-DD')));
            return `${w.year}年第${w.week}周`;
          }}
          onChange={(d) => d && setPicked(isoWeekText(isoWeekOf(textToDay(d.format('YYYY-MM-DD')))))}
          data-testid="week-picker"
        />
        <Select style={{ width: 110 }} value={by} options={BY_OPTIONS} onChange={setBy} />
        {call.loading && <Spin size="small" />}
        {data && (
          <>
            <Button icon={<FileExcelOutlined />} onClick={exportAll} data-testid="export-weekly">
              导出Excel工作簿
            </Button>
            <PrintButton
              route={`/reports/print/weekly?week=${data.week}&by=${by}`}
              landscape
              name={`${data.weekLabel}营销周报`}
              label="打印/PDF"
            />
          </>
        )}
      </PageHead>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {data && (
        <>
          {data.throughLabel && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={`${data.throughLabel}，本周尚未结束：上周、去年同周按相同天数比较。`}
            />
          )}
          {!data.hasData && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="本周没有订单数据。" />}
          <Typography.Paragraph data-testid="weekly-summary">{weeklyHeadline(data)}</Typography.Paragraph>
          <SpecCollapse specs={specs} height={320} />
        </>
      )}
    </div>
  );
}

/** The one-paragraph summary of the week, rounded only here. */
export function weeklyHeadline(d: WeeklyData): string {
  const t = d.sales.total;
  const signed = (x: number | null) =>
    x === null ? '—' : `${x >= 0 ? '增长' : '下降'}${Math.abs(x * 100).toFixed(2)}%`;
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
  const parts = [
    `${d.weekLabel}${d.throughLabel ? `（本周尚未结束，${d.throughLabel}，环比、同比均与相同天数比较）` : ''}销量 ${(t.volumeTiao / 250).toFixed(2)} 箱，环比${signed(t.wowVolume)}，同比${d.lastYear ? signed(t.yoyVolume) : '—（上年没有同序号的周）'}`,
    `销售额 ${(t.amountFen / 1_000_000).toFixed(2)} 万元`,
    `铺货率 ${pct(d.distributionCompare.rate)}`,
    `内管预警 ${d.warnings.total} 条`,
  ];
  if (d.plan) parts.push(`${d.plan.month.slice(5).replace(/^0/, '')}月计划完成 ${pct(d.plan.completion)}`);
  return parts.join('；') + '。' + (d.planNote ?? '');
}
