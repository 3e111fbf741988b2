/**
 * 指标目录: the built-in indicators of DOMAIN.md and user-defined ones, with the
 * 口径 each prints; editing direction, base, margin and notes; hand-entered
 * values (客户满意度 …) per month and scope.
 */
import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { api, useCall } from '../../api/client';
import type { Output } from '@contract';
import { PeriodPicker } from '../../components/PeriodPicker';
import { DataGrid, type CellEdit } from '../../components/DataGrid';
import { numberParser } from '../../../common/cellValues';
import { monthLabel, UNIT_LABELS, useMonth, type Unit } from './common';
import { useGridWrite } from '../../components/useGridWrite';
import { useAction } from '../../components/useAction';
import { PageHead } from '../../components/PageHead';

type Indicator = Output<'network.indicators'>[number];

function EditIndicator({
  ind,
  onClose,
  onSaved,
}: {
  ind: Indicator | 'new' | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { run } = useAction();
  const [form] = Form.useForm();
  const isNew = ind === 'new';
  const initial =
    ind && ind !== 'new'
      ? {
          name: ind.name,
          direction: ind.direction,
          base: ind.base,
          margin:
            ind.margin === null
              ? null
              : ind.unit === 'rate' && ind.marginKind === 'absolute'
                ? ind.margin * 100
                : ind.marginKind === 'relative'
                  ? ind.margin * 100
                  : ind.margin,
          marginKind: ind.marginKind,
          note: ind.note,
          active: ind.active,
        }
      : { direction: 'higher', unit: 'rate', marginKind: null, margin: null, active: true };
  const submit = async () => {
    const v = await form.validateFields();
    const unit: Unit = isNew ? v.unit : (ind as Indicator).unit;
    // 接近范围 is typed in 百分点 (rates, absolute) or % of target (relative); stored as fractions.
    const typed = v.margin === null || v.margin === undefined ? null : Number(v.margin);
    const marginKind = typed === null ? null : (v.marginKind ?? (unit === 'count' ? 'relative' : 'absolute'));
    const margin = typed === null ? null : marginKind === 'relative' || unit === 'rate' ? typed / 100 : typed;
    const saved = await run(async () => {
      if (isNew)
        await api.call('network.createIndicator', {
          code: v.code,
          name: v.name,
          unit,
          direction: v.direction,
          margin,
          marginKind,
          note: v.note || null,
        });
      else
        await api.call('network.updateIndicator', {
          code: (ind as Indicator).code,
          ...((ind as Indicator).builtin ? {} : { name: v.name }),
          direction: v.direction,
          ...((ind as Indicator).formula &&
          ['e_settlement', 'online_order', 'modern_count', 'modern_share', 'visit_coverage'].includes(
            (ind as Indicator).formula!,
          )
            ? { base: v.base }
            : {}),
          margin,
          marginKind,
          note: v.note || null,
          active: v.active,
        });
    }, '指标已保存');
    if (saved) {
      onSaved();
      onClose();
    }
  };
  if (!ind) return null;
  const builtin = ind !== 'new' && ind.builtin;
  const retailerBased =
    ind !== 'new' &&
    !!ind.formula &&
    ['e_settlement', 'online_order', 'modern_count', 'modern_share', 'visit_coverage'].includes(ind.formula);
  return (
    <Modal
      open
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      cancelText="取消"
      title={isNew ? '新增手工录入指标' : `编辑指标：${ind.name}`}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        {isNew && (
          <Form.Item name="code" label="指标代码（字母开头）" rules={[{ required: true, message: '请填写指标代码' }]}>
            <Input placeholder="例如 smoke_free" />
          </Form.Item>
        )}
        <Form.Item name="name" label="指标名称" rules={[{ required: true, message: '请填写指标名称' }]}>
          <Input disabled={builtin} />
        </Form.Item>
        {isNew && (
          <Form.Item name="unit" label="单位">
            <Select
              options={[
                { value: 'rate', label: '比率' },
                { value: 'count', label: '户数' },
                { value: 'score', label: '分值' },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="direction" label="方向">
          <Select
            options={[
              { value: 'higher', label: '越高越好' },
              { value: 'lower', label: '越低越好' },
            ]}
          />
        </Form.Item>
        {retailerBased && (
          <Form.Item name="base" label="分母口径">
            <Select
              options={[
                { value: 'operating', label: '正常经营零售户（默认）' },
                { value: 'licensed', label: '持证零售户（非注销）' },
              ]}
            />
          </Form.Item>
        )}
        <Space>
          <Form.Item name="margin" label="“接近”范围（留空用默认：比率2个百分点，户数5%）">
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="marginKind" label="方式">
            <Select
              style={{ width: 170 }}
              allowClear
              options={[
                { value: 'absolute', label: '百分点 / 绝对值' },
                { value: 'relative', label: '目标的百分比' },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item name="note" label="补充说明（打印在口径说明中）">
          <Input.TextArea rows={2} />
        </Form.Item>
        {!isNew && (
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ManualValues({ indicators }: { indicators: Indicator[] }) {
  const writeGrid = useGridWrite();
  const manual = indicators.filter((i) => i.source === 'manual');
  const [period, setPeriod, month] = useMonth();
  const [code, setCode] = useState<string | undefined>(undefined);
  const ind = manual.find((i) => i.code === (code ?? manual[0]?.code));
  const values = useCall('network.manualValues', { period: month }, []);
  const scopes = useCall('network.scopes', {}, []);
  const rows = useMemo(() => {
    if (!ind || !scopes.data) return [];
    const v = (kind: string, c: string) =>
      values.data?.find((x) => x.indicatorCode === ind.code && x.scopeKind === kind && x.scopeCode === c)?.value ??
      null;
    const scale = (x: number | null) => (x === null ? null : ind.unit === 'rate' ? x * 100 : x);
    return [
      {
        id: 'county|',
        kind: '全县',
        scopeKind: 'county',
        scopeCode: '',
        name: '全县',
        plain: '全县',
        value: scale(v('county', '')),
      },
      ...scopes.data.managers.map((m) => ({
        id: `manager|${m.code}`,
        kind: '客户经理',
        scopeKind: 'manager',
        scopeCode: m.code,
        name: `${m.name}（${m.code}）`,
        plain: m.name,
        value: scale(v('manager', m.code)),
      })),
      ...scopes.data.routes.map((r) => ({
        id: `route|${r.code}`,
        kind: '线路',
        scopeKind: 'route',
        scopeCode: r.code,
        name: `${r.name}（${r.code}）`,
        plain: r.name,
        value: scale(v('route', r.code)),
      })),
    ];
  }, [ind, scopes.data, values.data]);
  if (!manual.length) return null;
  // One write for a typed cell, a paste, a fill or an undo; a rate is typed as a percentage.
  const onEdit = (edits: CellEdit<Record<string, unknown>>[]) =>
    writeGrid(
      () =>
        api.call('network.setManualValues', {
          rows: edits.map((e) => ({
            indicatorCode: ind!.code,
            period: month,
            scopeKind: e.row.scopeKind as 'county' | 'manager' | 'route',
            scopeCode: String(e.row.scopeCode),
            value:
              e.value === null || e.value === undefined
                ? null
                : ind!.unit === 'rate'
                  ? +(Number(e.value) / 100).toFixed(8)
                  : Number(e.value),
          })),
        }),
      values.reload,
    );
  return (
    <Card size="small" title="手工录入值（如第三方调查的客户满意度）">
      <Space style={{ marginBottom: 8 }}>
        <PeriodPicker value={period} onChange={setPeriod} kinds={['month']} />
        <Select
          value={ind?.code}
          onChange={setCode}
          style={{ width: 200 }}
          options={manual.map((i) => ({ value: i.code, label: i.name }))}
        />
        <Typography.Text type="secondary">
          {ind
            ? `${monthLabel(month)} · ${UNIT_LABELS[ind.unit as Unit]}${ind.unit === 'rate' ? '（按百分数填写，如 95.5）' : ''}`
            : ''}
        </Typography.Text>
      </Space>
      <DataGrid
        columns={[
          { key: 'kind', title: '范围', width: 8 },
          { key: 'name', title: '名称', width: 16 },
          {
            key: 'value',
            title: ind?.unit === 'rate' ? '录入值(%)' : '录入值',
            type: 'number',
            decimals: 2,
            editable: true,
            width: 14,
            parse: numberParser({
              label: '录入值',
              decimals: ind?.unit === 'count' ? 0 : ind?.unit === 'rate' ? 4 : 2,
              min: 0,
              max: ind?.unit === 'rate' ? 100 : undefined,
              percent: ind?.unit === 'rate' ? 'points' : undefined,
            }),
          },
        ]}
        rows={rows}
        rowKey={(r) => String(r.id)}
        rowKeys={(r) => [String(r.scopeCode || r.kind), String(r.name), String(r.plain ?? '')]}
        historyKey={`${ind?.code}|${month}`}
        height={360}
        onCellsEdit={onEdit}
        testId="manual-values"
      />
    </Card>
  );
}

/** What a month has: visits, inspections, the collection list and the month-end snapshot. */
function MonthData() {
  const { modal } = App.useApp();
  const [period, setPeriod, month] = useMonth();
  const status = useCall('network.dataStatus', { period: month }, []);
  const [planOpen, setPlanOpen] = useState(false);
  const [codes, setCodes] = useState('');
  const action = useAction();
  const run = async (f: () => Promise<unknown>, ok: string) => {
    if (await action.run(f, ok)) status.reload();
  };
  const d = status.data;
  return (
    <Card size="small" title="月度数据与期末存档" style={{ marginBottom: 16 }}>
      <Space style={{ marginBottom: 8 }}>
        <PeriodPicker value={period} onChange={setPeriod} kinds={['month']} />
      </Space>
      {d && (
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label="拜访记录">
            {d.visits} 条（拜访 {d.visitedRetailers} 户）
          </Descriptions.Item>
          <Descriptions.Item label="检查记录">
            {d.inspections} 条（检查 {d.inspectedRetailers} 户）
          </Descriptions.Item>
          <Descriptions.Item label="信息采集名单">
            {d.collectionPlan ? `${d.collectionPlan} 户` : '未设（按全部正常经营客户）'}
          </Descriptions.Item>
          <Descriptions.Item label="期末存档">
            {d.snapshot
              ? `${d.snapshot.retailers} 户，${d.snapshot.takenAt.slice(0, 10)} 由 ${d.snapshot.takenBy} 存档`
              : '无（分母按当前基础资料计算）'}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Space style={{ marginTop: 8 }} wrap>
        <Button
          onClick={() =>
            modal.confirm({
              title: `将当前基础资料存为${monthLabel(month)}期末存档？`,
              content:
                '之后该月的电子结算率、网上订货率、现代终端等指标按存档计算，不再随基础资料变化。已有存档将被替换。',
              okText: '存档',
              cancelText: '取消',
              onOk: () => run(() => api.call('network.takeSnapshot', { period: month }), '已存档'),
            })
          }
        >
          期末存档
        </Button>
        <Button
          disabled={!d?.snapshot}
          onClick={() => run(() => api.call('network.deleteSnapshot', { period: month }), '已删除存档')}
        >
          删除存档
        </Button>
        <Button onClick={() => setPlanOpen(true)}>设置信息采集名单</Button>
        <Button
          disabled={!d?.collectionPlan}
          onClick={() =>
            run(() => api.call('network.setCollectionPlan', { period: month, retailerCodes: [] }), '已清空采集名单')
          }
        >
          清空采集名单
        </Button>
      </Space>
      <Modal
        open={planOpen}
        title={`${monthLabel(month)}信息采集名单`}
        okText="保存名单"
        cancelText="取消"
        onCancel={() => setPlanOpen(false)}
        onOk={async () => {
          const list = codes
            .split(/[\s,，、;；]+/)
            .map((c) => c.trim())
            .filter(Boolean);
          await run(
            () => api.call('network.setCollectionPlan', { period: month, retailerCodes: list }),
            `采集名单已保存（${list.length} 户）`,
          );
          setPlanOpen(false);
        }}
      >
        <Typography.Paragraph type="secondary">
          粘贴本月计划采集的客户编码，每行一个或用逗号分隔。名单中有未知编码时整份名单不会保存。
        </Typography.Paragraph>
        <Input.TextArea rows={8} value={codes} onChange={(e) => setCodes(e.target.value)} />
      </Modal>
    </Card>
  );
}

export function IndicatorsPage() {
  const list = useCall('network.indicators', {}, []);
  const [editing, setEditing] = useState<Indicator | 'new' | null>(null);
  const { modal } = App.useApp();
  const { run } = useAction();
  const remove = (i: Indicator) =>
    modal.confirm({
      title: `删除指标“${i.name}”？`,
      content: '该指标的目标和录入值将一并删除。',
      okText: '删除',
      cancelText: '取消',
      onOk: async () => {
        if (await run(() => api.call('network.deleteIndicator', { code: i.code }))) list.reload();
      },
    });
  return (
    <div data-testid="indicators-page">
      <PageHead title="指标目录" level={3}>
        <Button type="primary" onClick={() => setEditing('new')}>
          新增手工录入指标
        </Button>
      </PageHead>
      <Table<Indicator>
        size="small"
        bordered
        rowKey="code"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        style={{ marginBottom: 16 }}
        columns={[
          { title: '指标', dataIndex: 'name', width: 130 },
          { title: '单位', dataIndex: 'unit', width: 60, render: (u: Unit) => UNIT_LABELS[u] },
          {
            title: '来源',
            dataIndex: 'source',
            width: 80,
            render: (s: string) =>
              s === 'manual' ? <Tag color="purple">手工录入</Tag> : <Tag color="blue">系统计算</Tag>,
          },
          { title: '口径说明', dataIndex: 'definition' },
          { title: '状态', dataIndex: 'active', width: 60, render: (a: boolean) => (a ? '启用' : <Tag>停用</Tag>) },
          {
            title: '',
            width: 110,
            render: (_, i) => (
              <Space>
                <Button size="small" onClick={() => setEditing(i)}>
                  编辑
                </Button>
                {!i.builtin && (
                  <Button size="small" danger onClick={() => remove(i)}>
                    删除
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <MonthData />
      {list.data && <ManualValues indicators={list.data} />}
      <EditIndicator ind={editing} onClose={() => setEditing(null)} onSaved={() => list.reload()} />
    </div>
  );
}
