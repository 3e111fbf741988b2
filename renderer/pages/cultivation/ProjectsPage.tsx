/**
 * 品牌培育: the projects (a 品牌集 or specs, a period, an optional 客户集 of target
 * retailers, per 客户经理 targets for 铺货率, 重购率 and 上柜率), created and edited
 * here; each opens on its weekly trend and action list.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { Output } from '@contract';
import { api, ApiError, useCall } from '../../api/client';
import { ProductPicker, productsOrAll, useReportOptions } from '../reports/common';
import { can, useMe } from '../accounts/session';
import { useAction } from '../../components/useAction';
import { PageHead } from '../../components/PageHead';

type Project = Output<'cultivation.list'>['rows'][number];
type Pct = number | null;
interface TargetRow {
  manager: string;
  name: string;
  distributionRate: Pct;
  repeatRate: Pct;
  shelfRate: Pct;
}

const toPct = (x: number | null | undefined): Pct => (x === null || x === undefined ? null : +(x * 100).toFixed(2));
const fromPct = (x: Pct): number | null => (x === null ? null : Math.round(x * 100) / 10000);
const showPct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

function Editor({ project, onClose }: { project: Project | 'new'; onClose: (saved: boolean) => void }) {
  const { message } = App.useApp();
  const opts = useReportOptions();
  const p = project === 'new' ? null : project;
  const [name, setName] = useState(p?.name ?? '');
  const [products, setProducts] = useState(p?.products ?? 'set:');
  const [targetSet, setTargetSet] = useState<string | null>(p?.targetSet ?? null);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(p ? [dayjs(p.from), dayjs(p.to)] : null);
  const [note, setNote] = useState(p?.note ?? '');
  const managers = opts.data?.managers ?? [];
  const [targets, setTargets] = useState<TargetRow[] | null>(null);
  const rows: TargetRow[] =
    targets ??
    managers.map((m) => {
      const t = p?.targets.find((x) => x.manager === m.code);
      return {
        manager: m.code,
        name: m.name,
        distributionRate: toPct(t?.distributionRate),
        repeatRate: toPct(t?.repeatRate),
        shelfRate: toPct(t?.shelfRate),
      };
    });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, k: keyof TargetRow, v: Pct) =>
    setTargets(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const fillAll = (k: keyof TargetRow) => setTargets(rows.map((r) => ({ ...r, [k]: rows[0][k] })));
  const save = async () => {
    if (!range) return setError('请选择项目期间');
    if (productsOrAll(products) === 'all') return setError('请选择培育的品牌集、品牌或规格');
    setBusy(true);
    setError(null);
    try {
      await api.call('cultivation.save', {
        ...(p ? { id: p.id } : {}),
        name,
        products,
        targetSet,
        from: range[0].format('YYYY-MM-DD'),
        to: range[1].format('YYYY-MM-DD'),
        note: note || null,
        targets: rows
          .filter((r) => r.distributionRate !== null || r.repeatRate !== null || r.shelfRate !== null)
          .map((r) => ({
            manager: r.manager,
            distributionRate: fromPct(r.distributionRate),
            repeatRate: fromPct(r.repeatRate),
            shelfRate: fromPct(r.shelfRate),
          })),
      });
      message.success('培育项目已保存');
      onClose(true);
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const pctCell = (k: 'distributionRate' | 'repeatRate' | 'shelfRate') => (v: Pct, _r: TargetRow, i: number) => (
    <InputNumber
      size="small"
      min={0}
      max={100}
      step={1}
      precision={2}
      value={v}
      addonAfter="%"
      style={{ width: 120 }}
      onChange={(x) => set(i, k, x === null ? null : Number(x))}
      data-testid={`target-${k}-${i}`}
    />
  );
  const head = (label: string, k: 'distributionRate' | 'repeatRate' | 'shelfRate') => (
    <Space size={4}>
      {label}
      <Button size="small" type="link" onClick={() => fillAll(k)} style={{ padding: 0 }}>
        同第一行
      </Button>
    </Space>
  );
  return (
    <Modal
      open
      width={860}
      title={p ? `编辑培育项目：${p.name}` : '新建培育项目'}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={save}
      onCancel={() => onClose(false)}
      data-testid="project-editor"
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form layout="horizontal" labelCol={{ span: 4 }} wrapperCol={{ span: 20 }}>
        <Form.Item label="项目名称" required>
          <Input value={name} maxLength={60} onChange={(e) => setName(e.target.value)} data-testid="project-name" />
        </Form.Item>
        <Form.Item label="培育卷烟" required>
          <ProductPicker value={products} options={opts.data} onChange={setProducts} />
        </Form.Item>
        <Form.Item label="目标客户集">
          <Select
            allowClear
            placeholder="不选则为全部正常经营客户"
            style={{ width: 280 }}
            value={targetSet ?? undefined}
            options={(opts.data?.retailerSets ?? []).map((s) => ({ value: s, label: s }))}
            onChange={(v) => setTargetSet(v ?? null)}
          />
        </Form.Item>
        <Form.Item label="项目期间" required>
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
            data-testid="project-range"
          />
        </Form.Item>
        <Form.Item label="说明">
          <Input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
      <Typography.Text strong>各客户经理目标（不填表示不考核该项）</Typography.Text>
      <Table
        size="small"
        rowKey="manager"
        pagination={false}
        scroll={{ y: 260 }}
        dataSource={rows}
        columns={[
          { title: '客户经理', dataIndex: 'name', width: 120, render: (n: string, r) => `${n}（${r.manager}）` },
          {
            title: head('铺货率', 'distributionRate'),
            dataIndex: 'distributionRate',
            render: pctCell('distributionRate'),
          },
          { title: head('重购率', 'repeatRate'), dataIndex: 'repeatRate', render: pctCell('repeatRate') },
          { title: head('上柜率', 'shelfRate'), dataIndex: 'shelfRate', render: pctCell('shelfRate') },
        ]}
      />
    </Modal>
  );
}

export function ProjectsPage() {
  const { run } = useAction();
  const me = useMe();
  const list = useCall('cultivation.list', {}, []);
  const [editing, setEditing] = useState<Project | 'new' | null>(null);
  const remove = async (p: Project) => {
    if (await run(() => api.call('cultivation.delete', { id: p.id }), `已删除“${p.name}”`)) list.reload();
  };
  const mayEdit = can(me, 'edit');
  return (
    <div data-testid="cultivation-page">
      <PageHead title="品牌培育">
        {mayEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-project">
            新建项目
          </Button>
        )}
      </PageHead>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table
        size="small"
        rowKey="id"
        loading={list.loading}
        pagination={false}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: '还没有培育项目' }}
        columns={[
          {
            title: '项目名称',
            dataIndex: 'name',
            render: (n: string, p) => <a href={`#/cultivation/project?id=${p.id}`}>{n}</a>,
          },
          { title: '培育卷烟', dataIndex: 'productsLabel' },
          { title: '目标客户', dataIndex: 'targetSet', render: (s: string | null) => s ?? '全部正常经营客户' },
          { title: '期间', key: 'period', render: (_: unknown, p) => `${p.from} 至 ${p.to}` },
          {
            title: '铺货率目标',
            key: 'dist',
            render: (_: unknown, p) => {
              const v = p.targets.map((t) => t.distributionRate).filter((x): x is number => x !== null);
              return v.length ? `${showPct(Math.min(...v))}–${showPct(Math.max(...v))}` : '—';
            },
          },
          {
            title: '操作',
            key: 'ops',
            width: 150,
            render: (_: unknown, p) =>
              mayEdit ? (
                <Space>
                  <a onClick={() => setEditing(p)}>编辑</a>
                  <Popconfirm title={`删除“${p.name}”？`} okText="删除" cancelText="取消" onConfirm={() => remove(p)}>
                    <a>删除</a>
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
      {editing && (
        <Editor
          project={editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) list.reload();
          }}
        />
      )}
    </div>
  );
}
