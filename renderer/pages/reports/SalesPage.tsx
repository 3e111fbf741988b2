/**
 * 销售情况表: pick a period, a customer scope, a product scope and a dimension;
 * the grid shows 本期/同期/同比/上期/环比/本年累计/累计同比 for 销量 and 销售额,
 * 单箱值, 条均批发价, 结构, 需求量 and 订足率. A row opens its retailers.
 */
import { useState } from 'react';
import { Alert, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { PrintButton } from '../../components/PrintButton';
import { signatureFooter } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import {
  DIM_OPTIONS,
  FilterBar,
  periodText,
  productsOrAll,
  query,
  salesColumns,
  salesSpec,
  ThroughNote,
  searchParam,
  useFilters,
  useReportOptions,
} from './common';

export function SalesPage() {
  const { settings } = useApp();
  const opts = useReportOptions();
  const [filters, setFilters] = useFilters(opts.data?.latestCompleteMonth);
  const [by, setBy] = useState(searchParam('by') ?? 'class');
  const navigate = useNavigate();
  const input = {
    period: periodText(filters.period),
    scope: filters.scope,
    products: productsOrAll(filters.products),
    by: by as never,
  };
  const { data, error, loading } = useCall('reports.sales', opts.data ? input : null, [opts.data]);
  const q = query({ period: input.period, scope: input.scope, products: input.products, by });
  return (
    <div data-testid="sales-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        销售情况表
      </Typography.Title>
      <FilterBar value={filters} onChange={setFilters} options={opts.data}>
        <Space>
          <span>分组</span>
          <Select style={{ width: 110 }} value={by} options={DIM_OPTIONS} onChange={setBy} data-testid="sales-by" />
        </Space>
      </FilterBar>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} />}
      <ThroughNote data={data} />
      <DataGrid
        testId="sales-grid"
        columns={data ? salesColumns(data.byLabel, data.by, data.through !== null) : []}
        rows={(data?.rows ?? []) as unknown as Record<string, unknown>[]}
        totals={data ? [{ ...data.total, key: '合计', name: '' }] : []}
        loading={loading}
        unitName={settings?.unitName}
        exportSpec={data ? salesSpec(data) : undefined}
        exportOptions={{ footer: signatureFooter() }}
        exportFileName={data ? `卷烟销售情况表-${data.periodLabel}` : undefined}
        toolbar={
          <PrintButton
            route={`/reports/print/sales?${q}`}
            landscape
            name={`卷烟销售情况表-${data?.periodLabel ?? ''}`}
          />
        }
        onRowDoubleClick={(row) =>
          navigate(
            `/reports/drill?${query({ period: input.period, scope: input.scope, products: input.products, by, key: String(row.key) })}`,
          )
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        双击一行查看其下的零售客户；“—”表示基数为0，无法计算。
      </Typography.Paragraph>
    </div>
  );
}
