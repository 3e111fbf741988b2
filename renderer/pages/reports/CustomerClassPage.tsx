/**
 * 客户分类销售情况一览表: 业态 (or 城乡, 档位) × month for a chosen period, in one
 * query — the table the old platform needed six runs and a hand-made sheet for.
 */
import { useMemo, useState } from 'react';
import { Alert, Select, Space, Typography } from 'antd';
import { useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { PrintButton } from '../../components/PrintButton';
import { signatureFooter } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import {
  customerClassSpec,
  FilterBar,
  periodText,
  productsOrAll,
  query,
  searchParam,
  useFilters,
  useReportOptions,
} from './common';

export function CustomerClassPage() {
  const { settings } = useApp();
  const opts = useReportOptions();
  const [filters, setFilters] = useFilters(opts.data?.latestCompleteMonth);
  const [by, setBy] = useState<'format' | 'area' | 'grade'>((searchParam('by') as 'format') ?? 'format');
  const input = {
    period: periodText(filters.period.kind === 'month' ? { ...filters.period, kind: 'ytd' } : filters.period),
    by,
    scope: filters.scope,
    products: productsOrAll(filters.products),
  };
  const { data, error, loading } = useCall('reports.customerClass', opts.data ? input : null, [opts.data]);
  const spec = useMemo(() => (data ? customerClassSpec(data) : null), [data]);
  return (
    <div data-testid="customer-class-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        客户分类销售情况一览表
      </Typography.Title>
      <FilterBar value={filters} onChange={setFilters} options={opts.data}>
        <Space>
          <span>分类</span>
          <Select
            style={{ width: 110 }}
            value={by}
            onChange={setBy}
            options={[
              { value: 'format', label: '经营业态' },
              { value: 'area', label: '城乡分类' },
              { value: 'grade', label: '档位' },
            ]}
          />
        </Space>
      </FilterBar>
      <Typography.Paragraph type="secondary">选“月度”时按本年1月至所选月份逐月展开。</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error.message} />}
      {data?.throughLabel && (
        <Alert
          type="warning"
          showIcon
          message={`${data.throughLabel}：${data.months.at(-1)?.slice(0, 4)}年${Number(data.months.at(-1)?.slice(5, 7))}月尚未结束，该月只含已导入的天数`}
          style={{ marginBottom: 12 }}
          data-testid="through-note"
        />
      )}
      <DataGrid
        testId="customer-class-grid"
        columns={spec?.columns ?? []}
        rows={spec?.rows ?? []}
        totals={spec?.totals}
        loading={loading}
        unitName={settings?.unitName}
        exportSpec={
          spec ? { title: spec.title, period: spec.period, unitLine: spec.unitLine, note: spec.note } : undefined
        }
        exportOptions={{ footer: signatureFooter() }}
        exportFileName={data ? `客户分类销售情况一览表-${data.periodLabel}` : undefined}
        toolbar={
          <PrintButton
            route={`/reports/print/customer-class?${query({ period: input.period, by, scope: input.scope, products: input.products })}`}
            landscape
          />
        }
      />
    </div>
  );
}
