/**
 * 月报 pack: one action for the month — every table on screen, one Excel
 * workbook with a sheet per table (and the analysis), one print view (PDF)
 * with all tables, the trend chart and the analysis.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api/client';
import { SpecCollapse } from '../../components/SpecGrid';
import { PrintButton } from '../../components/PrintButton';
import { PeriodPicker, type Period } from '../../components/PeriodPicker';
import { exportXlsx, signatureFooter } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import {
  analysisSpec,
  defaultMonth,
  packSpecs,
  searchParam,
  periodFromText,
  useReportOptions,
  type PackData,
  ThroughNote,
} from './common';
import { PageHead } from '../../components/PageHead';

export function PackPage() {
  const { settings } = useApp();
  const { message } = App.useApp();
  const opts = useReportOptions();
  const [picked, setPicked] = useState<Period | null>(null);
  const period = picked ?? periodFromText(searchParam('month'), defaultMonth(opts.data?.latestCompleteMonth));
  const month = period.from.slice(0, 7);
  const [data, setData] = useState<PackData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const specs = useMemo(() => (data ? packSpecs(data) : []), [data]);
  const make = async () => {
    setBusy(true);
    setError(null);
    try {
      setData(await api.call('reports.pack', { month }));
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const exportAll = () => {
    if (!data) return;
    const a = data.analysis;
    exportXlsx(
      [...specs, analysisSpec(a.title, a.sections, data.periodLabel)],
      `${data.periodLabel}营销月报`,
      settings?.unitName,
      { footer: signatureFooter() },
    );
    message.success('已导出 Excel 工作簿');
  };
  return (
    <div data-testid="pack-page">
      <PageHead title="月报">
        <PeriodPicker value={period} onChange={setPicked} kinds={['month']} />
        <Button type="primary" loading={busy} onClick={make} data-testid="make-pack">
          生成月报
        </Button>
        {data && (
          <>
            <Button icon={<FileExcelOutlined />} onClick={exportAll} data-testid="export-pack">
              导出Excel工作簿
            </Button>
            <PrintButton
              route={`/reports/print/pack?month=${data.month}`}
              landscape
              name={`${data.periodLabel}营销月报`}
              label="打印/PDF"
            />
          </>
        )}
      </PageHead>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {!data && !error && (
        <Empty
          style={{ marginTop: 48 }}
          data-testid="pack-empty"
          description={
            busy
              ? '正在生成月报…'
              : '选好月份后点“生成月报”：一次生成当月全部报表、趋势图和分析报告，可导出Excel工作簿或打印。'
          }
        />
      )}
      {data && (
        <>
          <ThroughNote data={data} />
          <Typography.Paragraph data-testid="pack-summary">
            {data.periodLabel}月报共 {specs.length + 1} 张表（含分析报告），计算用时 {data.computeMs} 毫秒。
            {data.planNote ?? ''}
          </Typography.Paragraph>
          <SpecCollapse specs={specs} height={360} />
        </>
      )}
    </div>
  );
}
