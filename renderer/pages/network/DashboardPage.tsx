/**
 * 网建达标: every indicator of a month per county / 客户经理 / 线路 with actual,
 * target and a 达标 / 接近 / 未达标 mark; the 12-month trend of the chosen cell;
 * and the action list behind its gap, exportable per customer manager.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Row, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, useCall, type ApiError } from '../../api/client';
import type { Output } from '@contract';
import { PeriodPicker } from '../../components/PeriodPicker';
import { PrintButton } from '../../components/PrintButton';
import { DataGrid } from '../../components/DataGrid';
import { StatCards } from '../../components/StatCards';
import { Chart, type ChartOption } from '../../components/Chart';
import { exportXlsx } from '../../components/exportXlsx';
import type { TableColumn, TableSpec } from '../../components/table';
import { useApp } from '../../app/AppContext';
import {
  SCOPE_LABELS,
  StatusTag,
  columnType,
  fmtGap,
  fmtValue,
  monthLabel,
  useMonth,
  type ScopeKind,
  type Status,
  type Unit,
} from './common';
import { PageHead } from '../../components/PageHead';

type Report = Output<'network.report'>;
type Row = Report['rows'][number];
type Ind = Row['indicators'][number];

const ACTION_COLUMNS: TableColumn[] = [
  { key: 'managerName', title: '客户经理', width: 10 },
  { key: 'routeName', title: '线路', width: 12 },
  { key: 'retailerCode', title: '客户编码', width: 14 },
  { key: 'retailerName', title: '店名', width: 18 },
  { key: 'address', title: '地址', width: 24 },
  { key: 'phone', title: '电话', width: 13 },
  { key: 'grade', title: '档位', type: 'int', width: 6 },
  { key: 'reason', title: '需要做的事', width: 28 },
];

/** The report as a table spec (one group of 实际/目标/状态 per indicator) for Excel. */
/** The narrowest an indicator's column of the 达标 table gets. */
const INDICATOR_WIDTH = 96;

export function matrixSpec(r: Report, by: ScopeKind): TableSpec {
  const cols: TableColumn[] = [
    { key: 'key', title: by === 'county' ? '范围' : by === 'manager' ? '工号' : '线路编码', width: 10 },
  ];
  if (by !== 'county') cols.push({ key: 'label', title: by === 'manager' ? '姓名' : '线路名称', width: 10 });
  const first = r.rows[0]?.indicators ?? [];
  for (const i of first) {
    cols.push({ key: `${i.code}_value`, title: '实际', group: i.name, type: columnType(i.unit as Unit), width: 9 });
    cols.push({ key: `${i.code}_target`, title: '目标', group: i.name, type: columnType(i.unit as Unit), width: 9 });
    cols.push({ key: `${i.code}_status`, title: '状态', group: i.name, width: 7 });
  }
  const rows = r.rows.map((row) => {
    const o: Record<string, unknown> = { key: row.key, label: row.label };
    for (const i of row.indicators) {
      o[`${i.code}_value`] = i.value;
      o[`${i.code}_target`] = i.target;
      o[`${i.code}_status`] = i.status;
    }
    return o;
  });
  return {
    title: `网建指标达标情况表（按${SCOPE_LABELS[by]}）`,
    period: monthLabel(r.period),
    columns: cols,
    rows,
    note:
      r.definitions.map((d) => d.definition).join('；') +
      (r.basis === 'current' ? '。本月无期末存档，分母按当前基础资料计算' : '。分母取自本月期末存档'),
    sheetName: `按${SCOPE_LABELS[by]}`,
  };
}

export function DashboardPage() {
  const { message } = App.useApp();
  const { settings } = useApp();
  const [period, setPeriod, month] = useMonth();
  const [by, setBy] = useState<ScopeKind>('manager');
  const report = useCall('network.report', { period: month, by }, []);
  const summary = useCall('network.dashboardSummary', { period: month }, []);
  const [cell, setCell] = useState<{
    code: string;
    name: string;
    unit: Unit;
    key: string;
    label: string;
    formula: boolean;
  } | null>(null);
  const scopeCode = cell && by !== 'county' ? cell.key : '';
  const trend = useCall(
    'network.trend',
    cell ? { indicatorCode: cell.code, period: month, months: 12, scopeKind: by, scopeCode } : null,
    [cell?.code, cell?.key, by, month],
  );
  const actions = useCall(
    'network.actionList',
    cell?.formula ? { period: month, indicatorCode: cell.code, scopeKind: by, scopeCode } : null,
    [cell?.code, cell?.key, by, month],
  );
  const indicators = useCall('network.indicators', {}, []);
  const manual = useMemo(
    () => new Set((indicators.data ?? []).filter((i) => i.source === 'manual').map((i) => i.code)),
    [indicators.data],
  );

  const columns = useMemo<ColumnsType<Row>>(() => {
    const first = report.data?.rows[0]?.indicators ?? [];
    return [
      {
        title: SCOPE_LABELS[by],
        key: 'scope',
        fixed: 'left',
        // a name and its code in full: 孙志强（KM003）, 城关城区线（XL001）
        width: by === 'route' ? 190 : 160,
        render: (_: unknown, r: Row) => (by === 'county' ? r.label : `${r.label}（${r.key}）`),
      },
      ...first.map((ind) => ({
        title: ind.name,
        key: ind.code,
        // room for 100.00% and 目标 85.00%; the table shares out the rest, a long name wraps
        width: INDICATOR_WIDTH,
        render: (_: unknown, r: Row) => {
          const i = r.indicators.find((x) => x.code === ind.code) as Ind;
          const selected = cell?.code === i.code && cell?.key === r.key;
          return (
            <div
              role="button"
              data-testid={`cell-${r.key}-${i.code}`}
              onClick={() =>
                setCell({
                  code: i.code,
                  name: i.name,
                  unit: i.unit as Unit,
                  key: r.key,
                  label: r.label,
                  formula: !manual.has(i.code),
                })
              }
              style={{
                cursor: 'pointer',
                padding: 2,
                borderRadius: 4,
                outline: selected ? '2px solid #1677ff' : undefined,
              }}
              title={i.numerator !== null ? `${i.numerator} / ${i.denominator}` : '手工录入'}
            >
              <div style={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
                {fmtValue(i.unit as Unit, i.value)}
              </div>
              <div style={{ fontSize: 12, color: '#888' }}>
                目标 {i.target === null ? '—' : fmtValue(i.unit as Unit, i.target)}
              </div>
              <StatusTag status={i.status as Status} />
            </div>
          );
        },
      })),
    ];
  }, [report.data, by, cell, manual]);

  const takeSnapshot = async () => {
    try {
      const r = await api.call('network.takeSnapshot', { period: month });
      message.success(`已将当前基础资料存为 ${monthLabel(month)} 期末存档（${r.retailers} 户）`);
      report.reload();
      summary.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  /** One workbook, one sheet per customer manager: the retailers behind the chosen indicator. */
  const exportPerManager = async () => {
    if (!cell) return;
    try {
      const all = await api.call('network.actionList', {
        period: month,
        indicatorCode: cell.code,
        scopeKind: by,
        scopeCode,
      });
      const byManager = new Map<string, typeof all.rows>();
      for (const r of all.rows) {
        const k = r.managerName ? `${r.managerName}（${r.managerCode}）` : '未分配客户经理';
        byManager.set(k, [...(byManager.get(k) ?? []), r]);
      }
      if (!byManager.size) {
        message.info('没有需要跟进的客户');
        return;
      }
      const specs: TableSpec[] = [...byManager.entries()].map(([m, rows]) => ({
        title: `${cell.name}行动清单——${m}`,
        period: monthLabel(month),
        columns: ACTION_COLUMNS,
        rows: rows as unknown as Record<string, unknown>[],
        sheetName: m,
      }));
      exportXlsx(specs, `${cell.name}行动清单-${month}`, settings?.unitName);
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  /** Everything a manager is behind on this month, one sheet per indicator. */
  const exportManagerAll = async () => {
    if (!cell || by !== 'manager' || !report.data) return;
    const row = report.data.rows.find((r) => r.key === cell.key);
    if (!row) return;
    const gaps = row.indicators.filter((i) => (i.status === '未达标' || i.status === '接近') && !manual.has(i.code));
    if (!gaps.length) {
      message.info(`${row.label}本月没有未达标或接近的公式指标`);
      return;
    }
    try {
      const specs: TableSpec[] = [];
      for (const g of gaps) {
        const a = await api.call('network.actionList', {
          period: month,
          indicatorCode: g.code,
          scopeKind: 'manager',
          scopeCode: row.key,
        });
        specs.push({
          title: `${g.name}行动清单——${row.label}`,
          period: monthLabel(month),
          columns: ACTION_COLUMNS,
          rows: a.rows as unknown as Record<string, unknown>[],
          sheetName: g.name,
        });
      }
      exportXlsx(specs, `行动清单-${row.label}-${month}`, settings?.unitName);
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const trendOption = useMemo<ChartOption | null>(() => {
    if (!trend.data || !cell) return null;
    const pct = cell.unit === 'rate';
    const scale = (v: number | null) => (v === null ? null : pct ? +(v * 100).toFixed(2) : +v.toFixed(2));
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: ['实际', '目标'], top: 0, right: 10 },
      grid: { left: 50, right: 20, top: 36, bottom: 30 },
      xAxis: {
        type: 'category',
        data: trend.data.map((p) => monthLabel(p.period).replace(/^\d{4}年/, (s) => s.slice(2))),
      },
      yAxis: { type: 'value', name: pct ? '%' : '', scale: true },
      series: [
        {
          name: '实际',
          type: 'line',
          data: trend.data.map((p) => scale(p.value)),
          label: { show: true, fontSize: 10 },
        },
        {
          name: '目标',
          type: 'line',
          step: 'middle',
          lineStyle: { type: 'dashed' },
          data: trend.data.map((p) => scale(p.target)),
        },
      ],
    };
  }, [trend.data, cell]);

  const s = summary.data;
  return (
    <div data-testid="network-dashboard">
      <PageHead title="网建达标" level={3}>
        <PeriodPicker
          value={period}
          onChange={(p) => {
            setPeriod(p);
            setCell(null);
          }}
          kinds={['month']}
        />
        <Segmented
          value={by}
          onChange={(v) => {
            setBy(v as ScopeKind);
            setCell(null);
          }}
          options={[
            { value: 'county', label: '全县' },
            { value: 'manager', label: '按客户经理' },
            { value: 'route', label: '按线路' },
          ]}
        />
        {report.data && (
          <Button
            onClick={() =>
              exportXlsx(matrixSpec(report.data!, by), `网建达标-${month}-${SCOPE_LABELS[by]}`, settings?.unitName)
            }
          >
            导出Excel
          </Button>
        )}
        <PrintButton
          route={`/network/print?period=${month}&by=${by}`}
          landscape
          name={`网建指标达标情况表-${month}`}
          label="打印达标情况表"
        />
      </PageHead>
      {report.error && <Alert type="error" showIcon message={report.error.message} style={{ marginBottom: 12 }} />}
      {report.data?.basis === 'current' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={`${monthLabel(month)}没有期末存档：电子结算率等指标的分母按当前基础资料计算（剔除期末后加入的客户）。`}
          action={
            <Button size="small" onClick={takeSnapshot}>
              将当前基础资料存为本月期末存档
            </Button>
          }
        />
      )}
      {report.data && report.data.notes.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={report.data.notes.join('；')}
          data-testid="network-notes"
        />
      )}
      {s && (
        <StatCards
          items={[
            { title: '全县未达标指标', value: s.behind, suffix: '项', color: s.behind ? '#cf1322' : undefined },
            { title: '接近目标', value: s.close, suffix: '项', color: s.close ? '#d48806' : undefined },
            { title: '已达标', value: s.met, suffix: '项', color: '#389e0d' },
            { title: '有未达标指标的客户经理', value: s.managersBehind, suffix: '人' },
          ]}
        />
      )}
      <Table<Row>
        size="small"
        bordered
        loading={report.loading}
        rowKey="key"
        columns={columns}
        dataSource={report.data?.rows ?? []}
        pagination={false}
        // every manager in the page's own scroll (no box inside the page); the header stays in sight.
        // The columns fill the width; sideways only when the indicators need more room than it has.
        tableLayout="fixed"
        scroll={{ x: (by === 'route' ? 190 : 160) + INDICATOR_WIDTH * (report.data?.rows[0]?.indicators.length ?? 0) }}
        sticky={{ getContainer: () => document.querySelector<HTMLElement>('[data-testid="content"]') ?? window }}
        data-testid="network-matrix"
        locale={{ emptyText: '暂无数据' }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        点击任一单元格查看该指标近12个月走势和需要跟进的客户名单。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={cell ? `${cell.name}走势（${by === 'county' ? '全县' : cell.label}，近12个月）` : '走势'}
          >
            {trendOption ? (
              <Chart option={trendOption} height={300} testId="network-trend" />
            ) : (
              <Empty description="请点击上表中的指标" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={cell ? `行动清单：${cell.name}（${by === 'county' ? '全县' : cell.label}）` : '行动清单'}
            extra={
              cell?.formula ? (
                <Space>
                  <Button size="small" onClick={exportPerManager} data-testid="export-per-manager">
                    按客户经理分表导出
                  </Button>
                  {by === 'manager' && (
                    <Button size="small" onClick={exportManagerAll}>
                      导出该客户经理全部清单
                    </Button>
                  )}
                </Space>
              ) : null
            }
          >
            {!cell && <Empty description="请点击上表中的指标" />}
            {cell && !cell.formula && <Empty description="手工录入指标没有客户明细" />}
            {cell?.formula && actions.error && <Alert type="error" message={actions.error.message} />}
            {cell?.formula && actions.data && (
              <>
                <Typography.Text>
                  共 {actions.data.rows.length} 户需要跟进 · 当前{' '}
                  {fmtValue(
                    cell.unit,
                    report.data?.rows.find((r) => r.key === cell.key)?.indicators.find((i) => i.code === cell.code)
                      ?.value,
                  )}
                  ， 差距{' '}
                  {fmtGap(
                    cell.unit,
                    report.data?.rows.find((r) => r.key === cell.key)?.indicators.find((i) => i.code === cell.code)
                      ?.gap,
                  )}
                </Typography.Text>
                <DataGrid
                  columns={ACTION_COLUMNS}
                  rows={actions.data.rows as unknown as Record<string, unknown>[]}
                  height={300}
                  exportSpec={{ title: `${cell.name}行动清单`, period: monthLabel(month) }}
                  exportFileName={`${cell.name}行动清单-${cell.label}-${month}`}
                  unitName={settings?.unitName}
                  testId="action-list"
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
