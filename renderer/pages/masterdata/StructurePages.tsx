/**
 * 客户结构分析 and 客户经理队伍结构: as-of date (and scope), a table per
 * dimension with counts and shares, a chart, Excel export and a print view.
 * One TableSpec (common/structureTables) serves the grid, the Excel file, the
 * print view and the command line's xlsx.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Col, DatePicker, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { Chart, type ChartOption } from '../../components/Chart';
import { PrintButton } from '../../components/PrintButton';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import { fmtNumber, fmtPct } from '../../components/format';
import { signatureFooter } from '../../components/exportXlsx';
import { StatCards } from '../../components/StatCards';
import type { TableSpec } from '../../components/table';
import { useApp } from '../../app/AppContext';
import { DemoBanner, searchParam } from './common';
import { CUSTOMER_NOTE, MANAGER_NOTE, customerSpec, managerSpec, type Share } from '../../../common/structureTables';

export { CUSTOMER_NOTE, MANAGER_NOTE, customerSpec, managerSpec };

const today = () => dayjs().format('YYYY-MM-DD');

/**
 * A ring of shares: the legend wraps onto a second line for a few items and pages only when
 * there are many; the percentage labels sit outside on guide lines, overlapping ones hidden
 * (the tooltip and the table beside the chart give every figure).
 */
const pie = (title: string, list: Share[]): ChartOption => {
  const shown = list.filter((s) => s.count > 0);
  const many = shown.length > 6;
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: {
      bottom: 0,
      type: many ? 'scroll' : 'plain',
      itemWidth: 12,
      itemHeight: 8,
      itemGap: 6,
      textStyle: { fontSize: 11 },
    },
    series: [
      {
        type: 'pie',
        radius: ['26%', '44%'],
        center: ['50%', '48%'],
        avoidLabelOverlap: true,
        minShowLabelAngle: 8,
        labelLine: { length: 6, length2: 6 },
        data: shown.map((s) => ({ name: String(s.key), value: s.count })),
        label: { formatter: '{d}%', overflow: 'none', fontSize: 11 },
        labelLayout: { hideOverlap: true },
      },
    ],
  };
};

const bars = (title: string, list: Share[], unit: string): ChartOption => ({
  title: { text: title, left: 'center', textStyle: { fontSize: 13 } },
  tooltip: { trigger: 'axis' },
  grid: { left: 40, right: 16, top: 40, bottom: 40 },
  xAxis: {
    type: 'category',
    data: list.map((s) => String(s.key)),
    axisLabel: { interval: 0, rotate: list.length > 8 ? 45 : 0 },
  },
  yAxis: { type: 'value', name: unit, minInterval: 1 },
  series: [{ type: 'bar', data: list.map((s) => s.count), label: { show: list.length <= 8, position: 'top' } }],
});

/** Two rings side by side. */
function PiePair({ pies, testId }: { pies: [string, Share[]][]; testId?: string }) {
  return (
    <Row gutter={8}>
      {pies.map(([title, list], i) => (
        <Col span={12} key={title}>
          <Chart option={pie(title, list)} height={240} testId={i === 0 ? testId : undefined} />
        </Col>
      ))}
    </Row>
  );
}

/** 截至: the day the structure is counted on. */
function AsOfPicker({ value, onChange }: { value: string; onChange: (day: string) => void }) {
  return (
    <>
      <span>截至</span>
      <DatePicker
        value={dayjs(value)}
        onChange={(d) => d && onChange(d.format('YYYY-MM-DD'))}
        allowClear={false}
        data-testid="as-of"
      />
    </>
  );
}

/** A structure table with its Excel file (口径说明 and the signature lines under it). */
function StructureGrid({
  spec,
  note,
  fileName,
  height,
  testId,
}: {
  spec: TableSpec;
  note: string;
  fileName: string;
  height: number;
  testId: string;
}) {
  const { settings } = useApp();
  return (
    <DataGrid
      testId={testId}
      columns={spec.columns}
      rows={spec.rows}
      height={height}
      exportSpec={{ title: spec.title, period: spec.period, unitLine: spec.unitLine, note }}
      exportFileName={fileName}
      exportOptions={{ footer: signatureFooter() }}
      unitName={settings?.unitName}
    />
  );
}

export function CustomerStructurePage() {
  const [asOf, setAsOf] = useState(today());
  const [scope, setScope] = useState('county');
  const opts = useCall('masterdata.options', {}, []);
  const sets = useCall('masterdata.sets', {}, []);
  const r = useCall('masterdata.customerStructure', { asOf, scope }, [asOf, scope]);
  const spec = useMemo(() => (r.data ? customerSpec(r.data) : null), [r.data]);
  const scopes = [
    { value: 'county', label: '全县' },
    ...(opts.data?.managers ?? []).map((m) => ({
      value: `manager:${m.code}`,
      label: `客户经理 ${m.name}（${m.code}）`,
    })),
    ...(opts.data?.routes ?? []).map((x) => ({ value: `route:${x.code}`, label: `线路 ${x.name}（${x.code}）` })),
    ...(sets.data ?? [])
      .filter((s) => s.kind === 'retailers')
      .map((s) => ({ value: `set:${s.name}`, label: `客户集 ${s.name}` })),
  ];
  return (
    <div data-testid="customer-structure">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        客户结构分析
      </Typography.Title>
      <DemoBanner />
      <Space wrap style={{ marginBottom: 12 }}>
        <AsOfPicker value={asOf} onChange={setAsOf} />
        <span>范围</span>
        <Select
          value={scope}
          onChange={setScope}
          options={scopes}
          style={{ width: 260 }}
          showSearch
          optionFilterProp="label"
          data-testid="scope"
        />
        <PrintButton
          route={`/masterdata/customer-structure/print?asOf=${asOf}&scope=${encodeURIComponent(scope)}`}
          name={`客户结构分析表-${asOf}`}
        />
      </Space>
      {r.error && <Typography.Text type="danger">{r.error.message}</Typography.Text>}
      {r.data && spec && (
        <>
          <StatCards
            items={[
              { title: '持证客户（户）', value: r.data.licensed },
              { title: '正常经营户（户）', value: r.data.operating },
              { title: '人均服务户数', value: fmtNumber(r.data.perManager.average, 1) },
              { title: '单人最多服务户数', value: r.data.perManager.max },
            ]}
          />
          <Row gutter={16}>
            <Col span={12}>
              <StructureGrid
                testId="customer-structure-grid"
                spec={spec}
                note={CUSTOMER_NOTE}
                fileName={`客户结构分析表-${asOf}`}
                height={560}
              />
            </Col>
            <Col span={12}>
              <PiePair
                pies={[
                  ['城乡分类', r.data.byArea],
                  ['结算方式', r.data.bySettlement],
                ]}
                testId="chart-area"
              />
              <Chart option={bars('经营业态', r.data.byFormat, '户')} height={240} />
              <Chart option={bars('订货方式', r.data.byOrderMethod, '户')} height={220} />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            口径说明：{CUSTOMER_NOTE}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}

export function ManagerStructurePage() {
  const [asOf, setAsOf] = useState(today());
  const r = useCall('masterdata.managerStructure', { asOf }, [asOf]);
  const spec = useMemo(() => (r.data ? managerSpec(r.data) : null), [r.data]);
  return (
    <div data-testid="manager-structure">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        客户经理队伍结构
      </Typography.Title>
      <DemoBanner />
      <Space wrap style={{ marginBottom: 12 }}>
        <AsOfPicker value={asOf} onChange={setAsOf} />
        <PrintButton route={`/masterdata/manager-structure/print?asOf=${asOf}`} name={`客户经理队伍结构表-${asOf}`} />
      </Space>
      {r.error && <Typography.Text type="danger">{r.error.message}</Typography.Text>}
      {r.data && spec && (
        <>
          <StatCards
            items={[
              { title: '在岗客户经理（人）', value: r.data.count },
              { title: '平均年龄（岁）', value: fmtNumber(r.data.averageAge, 1) },
              { title: '本科及以上占比', value: fmtPct(r.data.byEducation[0]?.share ?? null) },
            ]}
          />
          <Row gutter={16}>
            <Col span={12}>
              <StructureGrid
                testId="manager-structure-grid"
                spec={spec}
                note={MANAGER_NOTE}
                fileName={`客户经理队伍结构表-${asOf}`}
                height={520}
              />
            </Col>
            <Col span={12}>
              <Chart option={bars('年龄结构', r.data.byAgeBand, '人')} height={250} testId="chart-age" />
              <PiePair
                pies={[
                  ['学历', r.data.byEducation],
                  ['职业技能等级', r.data.byGrade],
                ]}
              />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            口径说明：{MANAGER_NOTE}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}

/** A structure table's print view: its title (示例数据 when demo data is loaded), a lead line, the table. */
function StructurePrintDoc({
  title,
  spec,
  note,
  children,
}: {
  title: string;
  spec: TableSpec;
  note: string;
  children: ReactNode;
}) {
  const { settings, info } = useApp();
  const demo = info?.demoData ?? settings?.demoData;
  return (
    <PrintDocument
      title={`${title}${demo ? '（示例数据）' : ''}`}
      unitName={settings?.unitName}
      period={spec.period}
      unitLine={spec.unitLine}
      note={note}
    >
      <p style={{ fontSize: '10pt' }}>{children}</p>
      <PrintTable spec={spec} />
    </PrintDocument>
  );
}

export function CustomerStructurePrint() {
  const asOf = searchParam('asOf') ?? today();
  const scope = searchParam('scope') ?? 'county';
  const r = useCall('masterdata.customerStructure', { asOf, scope }, []);
  if (r.error) return <div style={{ padding: 40 }}>{r.error.message}</div>;
  if (!r.data) return null;
  return (
    <StructurePrintDoc title="客户结构分析表" spec={customerSpec(r.data)} note={CUSTOMER_NOTE}>
      持证客户 {r.data.licensed} 户，正常经营户 {r.data.operating} 户；在岗客户经理 {r.data.perManager.managers}{' '}
      人，人均服务 {fmtNumber(r.data.perManager.average, 1)} 户，最多 {r.data.perManager.max} 户。
    </StructurePrintDoc>
  );
}

export function ManagerStructurePrint() {
  const asOf = searchParam('asOf') ?? today();
  const r = useCall('masterdata.managerStructure', { asOf }, []);
  if (r.error) return <div style={{ padding: 40 }}>{r.error.message}</div>;
  if (!r.data) return null;
  return (
    <StructurePrintDoc title="客户经理队伍结构表" spec={managerSpec(r.data)} note={MANAGER_NOTE}>
      在岗客户经理 {r.data.count} 人，平均年龄 {fmtNumber(r.data.averageAge, 1)} 岁。
    </StructurePrintDoc>
  );
}
