/**
 * One 品牌培育 project: each rate per 客户经理 week by week against the targets
 * (chart and table), the target retailers who have not ordered yet (Excel, one
 * sheet per 客户经理, with phone numbers) and the week's 培育通报 print.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Segmented, Select, Space, Spin, Table, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useCall } from '../../api/client';
import { Chart } from '../../components/Chart';
import { SpecGrid } from '../../components/SpecGrid';
import { PrintButton } from '../../components/PrintButton';
import { exportXlsx } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import { searchParam } from '../reports/common';
import { RATE_OPTIONS, actionSpecs, noticeTitle, trendOption, trendSpec, type RateKey } from './tables';

export function ProjectPage() {
  const { settings } = useApp();
  const { message } = App.useApp();
  const id = Number(searchParam('id') ?? 0);
  const trend = useCall('cultivation.trend', id > 0 ? { id } : null, []);
  const actions = useCall('cultivation.actions', id > 0 ? { id } : null, []);
  const [rate, setRate] = useState<RateKey>('distributionRate');
  const [week, setWeek] = useState<number | null>(null);
  const t = trend.data;
  const spec = useMemo(() => (t ? trendSpec(t, rate) : null), [t, rate]);
  const option = useMemo(() => (t && t.weeks.length ? trendOption(t, rate) : null), [t, rate]);
  const sheets = useMemo(() => (actions.data ? actionSpecs(actions.data) : []), [actions.data]);
  if (!(id > 0)) return <Alert type="error" showIcon message="没有指定培育项目" />;
  if (trend.error) return <Alert type="error" showIcon message={trend.error.message} />;
  if (!t) return <Spin style={{ margin: 60 }} />;
  const printWeek = week ?? t.weeks.length - 1;
  const exportActions = () => {
    if (!sheets.length) return;
    exportXlsx(sheets, `${t.project.name}未订货客户`, settings?.unitName);
    message.success(`已导出 ${sheets.length} 位客户经理的名单`);
  };
  return (
    <div data-testid="cultivation-project">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t.project.name}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        培育卷烟：{t.project.productsLabel}；目标客户：{t.project.targetSet ?? '全部正常经营客户'}；期间{' '}
        {t.project.from} 至 {t.project.to}
        {t.project.note ? `；${t.project.note}` : ''}
      </Typography.Paragraph>
      {t.note && <Alert type="info" showIcon message={t.note} style={{ marginBottom: 12 }} />}
      {t.weeks.length > 0 && spec && (
        <Card
          size="small"
          title="按周走势"
          extra={
            <Space>
              <Segmented
                value={rate}
                options={RATE_OPTIONS}
                onChange={(v) => setRate(v as RateKey)}
                data-testid="rate-switch"
              />
              <Select
                style={{ width: 150 }}
                value={printWeek}
                options={t.weeks.map((w, i) => ({ value: i, label: w.label.replace(/（.*$/, '') + '通报' }))}
                onChange={setWeek}
              />
              <PrintButton
                route={`/cultivation/print?id=${id}&week=${printWeek}`}
                landscape
                name={noticeTitle(t.project.name)}
                label="培育通报"
              />
            </Space>
          }
          style={{ marginBottom: 12 }}
        >
          {option && <Chart option={option} height={300} testId="cultivation-chart" />}
          {rate === 'shelfRate' && t.weeks.at(-1)?.snapshot.shelfNote && (
            <Alert type="info" showIcon message={t.weeks.at(-1)!.snapshot.shelfNote} style={{ margin: '8px 0' }} />
          )}
          <SpecGrid spec={spec} height={260} testId="cultivation-trend-grid" />
        </Card>
      )}
      <Card
        size="small"
        title={`尚未订货的目标客户（${actions.data ? actions.data.rows.length : '…'} 户）`}
        extra={
          <Button
            icon={<FileExcelOutlined />}
            disabled={!sheets.length}
            onClick={exportActions}
            data-testid="export-actions"
          >
            导出Excel（每位客户经理一张表）
          </Button>
        }
      >
        {actions.error && <Alert type="error" showIcon message={actions.error.message} />}
        <Table
          size="small"
          rowKey="retailer"
          loading={actions.loading}
          dataSource={actions.data?.rows ?? []}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          locale={{ emptyText: '目标客户均已订货' }}
          columns={[
            { title: '客户经理', dataIndex: 'managerName', render: (v: string | null) => v ?? '未分配' },
            { title: '客户编码', dataIndex: 'retailer' },
            { title: '客户名称', dataIndex: 'retailerName' },
            { title: '负责人', dataIndex: 'owner' },
            { title: '联系电话', dataIndex: 'phone' },
            { title: '线路', dataIndex: 'route' },
            { title: '档位', dataIndex: 'grade' },
          ]}
        />
      </Card>
    </div>
  );
}
