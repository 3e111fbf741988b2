/**
 * Drill-down: the retailers behind a report row (who ordered and who did not),
 * and a retailer's order lines in a drawer.
 */
import { useState } from 'react';
import { Alert, Button, Drawer, Segmented, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import type { TableColumn } from '../../components/table';
import { useApp } from '../../app/AppContext';
import { searchParam } from './common';

const RETAILER_COLUMNS: TableColumn[] = [
  { key: 'code', title: '客户编码', width: 14 },
  { key: 'name', title: '店名', width: 16 },
  { key: 'routeName', title: '线路', width: 10 },
  { key: 'managerName', title: '客户经理', width: 8 },
  { key: 'format', title: '业态', width: 8 },
  { key: 'area', title: '城乡', width: 6 },
  { key: 'grade', title: '档位', type: 'int', width: 6 },
  { key: 'status', title: '经营状态', width: 8 },
  { key: 'orderedText', title: '是否订货', width: 8 },
  { key: 'volumeTiao', title: '销量(箱)', type: 'cases' },
  { key: 'amountFen', title: '销售额(元)', type: 'yuan' },
  { key: 'demandTiao', title: '需求量(箱)', type: 'cases' },
  { key: 'orderDays', title: '订货次数', type: 'int' },
];

const LINE_COLUMNS: TableColumn[] = [
  { key: 'day', title: '订单日期', width: 11 },
  { key: 'orderNo', title: '订单号', width: 14 },
  { key: 'productCode', title: '卷烟编码', width: 14 },
  { key: 'productName', title: '卷烟名称', width: 16 },
  { key: 'demandTiao', title: '需求量(条)', type: 'int' },
  { key: 'qtyTiao', title: '订购量(条)', type: 'int' },
  { key: 'priceFen', title: '单价(元/条)', type: 'yuan' },
  { key: 'amountFen', title: '金额(元)', type: 'yuan' },
];

export function DrillPage() {
  const { settings } = useApp();
  const navigate = useNavigate();
  const period = searchParam('period') ?? '';
  const input = {
    period,
    scope: searchParam('scope') ?? undefined,
    products: searchParam('products') ?? undefined,
    by: (searchParam('by') ?? undefined) as never,
    key: searchParam('key') ?? undefined,
  };
  const [show, setShow] = useState<'all' | 'ordered' | 'not'>('all');
  const [retailer, setRetailer] = useState<string | null>(null);
  const { data, error, loading } = useCall('reports.drillRetailers', input, []);
  const lines = useCall(
    'reports.retailerLines',
    retailer ? { period, retailer, products: input.products, by: input.by, key: input.key } : null,
    [retailer],
  );
  const rows = (data?.rows ?? [])
    .filter((r) => (show === 'all' ? true : show === 'ordered' ? r.ordered : !r.ordered))
    .map((r) => ({ ...r, orderedText: r.ordered ? '已订货' : '未订货' }));
  return (
    <div data-testid="drill-page">
      <Space style={{ marginBottom: 8 }}>
        <Button onClick={() => navigate(-1)}>返回</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {data?.keyLabel ? `${data.keyLabel} 的零售客户` : input.key ? `${input.key} 的零售客户` : '零售客户'}
        </Typography.Title>
      </Space>
      {data && (
        <Typography.Paragraph>
          {data.periodLabel}，{data.scopeLabel}，{data.productsLabel}：正常经营 {data.operating} 户，订货{' '}
          {data.ordering} 户。
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon message={error.message} />}
      <DataGrid
        testId="drill-grid"
        columns={RETAILER_COLUMNS}
        rows={rows as unknown as Record<string, unknown>[]}
        loading={loading}
        unitName={settings?.unitName}
        exportSpec={
          data
            ? {
                title: `零售客户明细（${data.keyLabel ?? input.key ?? ''}）`,
                period: `${data.periodLabel}　${data.scopeLabel}　${data.productsLabel}`,
                unitLine: '单位：箱、元',
              }
            : undefined
        }
        exportFileName={`零售客户明细-${input.key ?? ''}`}
        toolbar={
          <Segmented
            value={show}
            onChange={(v) => setShow(v as typeof show)}
            options={[
              { value: 'all', label: '全部' },
              { value: 'ordered', label: '已订货' },
              { value: 'not', label: '未订货' },
            ]}
          />
        }
        onRowDoubleClick={(r) => setRetailer(String(r.code))}
      />
      <Drawer
        open={retailer !== null}
        onClose={() => setRetailer(null)}
        width={900}
        title={
          lines.data
            ? `${lines.data.retailer.name}（${lines.data.retailer.code}）订单明细 · ${lines.data.periodLabel}`
            : '订单明细'
        }
      >
        {lines.error && <Alert type="error" showIcon message={lines.error.message} />}
        <DataGrid
          testId="lines-grid"
          columns={LINE_COLUMNS}
          rows={(lines.data?.rows ?? []) as unknown as Record<string, unknown>[]}
          totals={lines.data ? [{ day: '合计', ...lines.data.total }] : []}
          loading={lines.loading}
          height={560}
          unitName={settings?.unitName}
          exportSpec={
            lines.data
              ? {
                  title: `${lines.data.retailer.name}订单明细`,
                  period: lines.data.periodLabel,
                  unitLine: '单位：条、元',
                }
              : undefined
          }
        />
      </Drawer>
    </div>
  );
}
