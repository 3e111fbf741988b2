/**
 * One grid per master (客户经理, 线路, 零售客户, 卷烟规格): search, sort and filter,
 * inline edit checked by the backend, 批量修改 of one column for the selected
 * rows, 导出Excel, and a detail drawer (详情 for the clicked row, or a
 * double-click on a cell that cannot be edited, such as the code).
 */
import { useMemo, useState } from 'react';
import { Button, Descriptions, Drawer, Form, Input, Modal, Select, Space, Spin, Typography } from 'antd';
import {
  CheckCircleOutlined,
  EditOutlined,
  PlusOutlined,
  ProfileOutlined,
  ReloadOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { api, useCall } from '../../api/client';
import { DataGrid, type CellEdit, type EditHow } from '../../components/DataGrid';
import { fmtCases, fmtInt, fmtWan } from '../../components/format';
import { useApp } from '../../app/AppContext';
import { DemoBanner, editValue, ENTITY_LABELS, masterColumns, withYuan, type Entity } from './common';
import { CreateMaster, useStopMasters } from './MasterForms';
import { useGridWrite } from '../../components/useGridWrite';
import { useAction } from '../../components/useAction';

export function MastersPage({ entity }: { entity: Entity }) {
  const writeGrid = useGridWrite();
  const { settings } = useApp();
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const list = useCall('masterdata.list', { entity, ...(applied ? { search: applied } : {}) }, [entity, applied]);
  const options = useCall('masterdata.options', {}, []);
  const [selected, setSelected] = useState<Record<string, unknown>[]>([]);
  // bumped after 停用/启用 so the grid unticks the rows it acted on
  const [selectionReset, setSelectionReset] = useState(0);
  const [batchOpen, setBatchOpen] = useState(false);
  const [detail, setDetail] = useState<string | null>(null);
  const [createOpen, setCreateOpen] = useState(false);
  const stopMasters = useStopMasters(entity);
  const names = useMemo(
    () => ({
      routes: new Map((options.data?.routes ?? []).map((r) => [r.code, r.name])),
      managers: new Map((options.data?.managers ?? []).map((m) => [m.code, m.name])),
    }),
    [options.data],
  );
  const setActive = async (active: boolean) => {
    if (
      await stopMasters(
        selected.map((r) => String(r.code)),
        active,
      )
    ) {
      setSelected([]);
      setSelectionReset((n) => n + 1);
      list.reload();
    }
  };
  // Double-click edits an editable cell; on a read-only cell (编码, 客户经理…) it opens the drawer, as 详情 does for the row last clicked.
  const [current, setCurrent] = useState<string | null>(null);
  const columns = useMemo(
    () =>
      masterColumns(
        entity,
        (options.data?.categories ?? {}) as Record<string, readonly string[]>,
        (options.data?.routes ?? []).map((r) => r.code),
        (options.data?.managers ?? []).map((m) => m.code),
      ),
    [entity, options.data],
  );
  const rows = useMemo(() => withYuan((list.data?.rows ?? []) as Record<string, unknown>[]), [list.data]);

  // Typed cells, pastes, fills and undo: one write for all of them, checked again by the backend.
  const onCellsEdit = async (edits: CellEdit<Record<string, unknown>>[], how: EditHow) => {
    const byCode = new Map<string, Record<string, string | number | null>>();
    for (const e of edits) {
      const col = columns.find((c) => c.key === e.key);
      if (!col?.field) continue;
      const code = String(e.row.code);
      byCode.set(code, { ...byCode.get(code), [col.field]: editValue(col, e.value) });
    }
    if (!byCode.size) return false;
    const [[code, changes]] = [...byCode];
    return writeGrid(
      () =>
        byCode.size === 1
          ? api.call('masterdata.update', { entity, code, changes })
          : api.call('masterdata.updateMany', {
              entity,
              rows: [...byCode].map(([c, ch]) => ({ code: c, changes: ch })),
            }),
      list.reload,
      how === 'edit'
        ? `已保存 ${String(edits[0].row.code)} 的${columns.find((c) => c.key === edits[0].key)?.title}`
        : undefined,
    );
  };

  return (
    <div data-testid={`masters-${entity}`}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {ENTITY_LABELS[entity]}
      </Typography.Title>
      <DemoBanner />
      <DataGrid
        testId={`grid-${entity}`}
        columns={columns}
        rows={rows}
        loading={list.loading}
        rowKey={(r) => String(r.code)}
        selectable
        onSelectionChange={setSelected}
        selectionReset={selectionReset}
        onCellsEdit={onCellsEdit}
        rowKeys={(r) => [String(r.code), String(r.name ?? '')]}
        onRowClick={(r) => setCurrent(String(r.code))}
        onRowDoubleClick={(r) => setDetail(String(r.code))}
        height="calc(100vh - 260px)"
        exportSpec={{
          title: `${ENTITY_LABELS[entity]}资料`,
          unitLine: entity === 'products' ? '价格单位：元/条' : undefined,
        }}
        exportFileName={`${ENTITY_LABELS[entity]}资料`}
        unitName={settings?.unitName}
        toolbar={
          <>
            <Input.Search
              placeholder="按编码或名称查找"
              allowClear
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => setApplied(v.trim())}
              style={{ width: 240 }}
              data-testid="masters-search"
            />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreateOpen(true)}
              data-testid="master-create"
            >
              新增
            </Button>
            <Button
              icon={<ProfileOutlined />}
              disabled={!current}
              onClick={() => setDetail(current)}
              data-testid="open-detail"
            >
              详情{current ? `（${current}）` : ''}
            </Button>
            <Button
              icon={<EditOutlined />}
              disabled={!selected.length}
              onClick={() => setBatchOpen(true)}
              data-testid="batch-edit"
            >
              批量修改{selected.length ? `（${selected.length}）` : ''}
            </Button>
            <Button
              danger
              icon={<StopOutlined />}
              disabled={!selected.length}
              onClick={() => void setActive(false)}
              data-testid="master-stop"
            >
              停用{selected.length ? `（${selected.length}）` : ''}
            </Button>
            <Button
              icon={<CheckCircleOutlined />}
              disabled={!selected.length}
              onClick={() => void setActive(true)}
              data-testid="master-start"
            >
              启用
            </Button>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
            <Typography.Text type="secondary">
              共 {fmtInt(list.data?.total ?? 0)} 条；双击单元格直接修改，双击{columns[0]?.title ?? '编码'}查看详情
            </Typography.Text>
          </>
        }
      />
      {list.error && <Typography.Text type="danger">{list.error.message}</Typography.Text>}
      <BatchEdit
        open={batchOpen}
        entity={entity}
        codes={selected.map((r) => String(r.code))}
        columns={columns.filter((c) => c.field && c.key !== 'name')}
        onClose={(changed) => {
          setBatchOpen(false);
          if (changed) list.reload();
        }}
      />
      <DetailDrawer entity={entity} code={detail} onClose={() => setDetail(null)} />
      <CreateMaster
        open={createOpen}
        entity={entity}
        columns={columns}
        names={names}
        onClose={(created) => {
          setCreateOpen(false);
          if (created) {
            list.reload();
            options.reload();
          }
        }}
      />
    </div>
  );
}

function BatchEdit(p: {
  open: boolean;
  entity: Entity;
  codes: string[];
  columns: ReturnType<typeof masterColumns>;
  onClose: (changed: boolean) => void;
}) {
  const [field, setField] = useState<string | undefined>();
  const [value, setValue] = useState<string>('');
  const { busy, run } = useAction();
  const col = p.columns.find((c) => c.key === field);
  const choices = (col?.cellEditorParams as { values?: string[] } | undefined)?.values?.filter(Boolean);
  const submit = async () => {
    if (!col?.field) return;
    const input = { entity: p.entity, codes: p.codes, field: col.field, value: editValue(col, value) };
    const done = await run(
      () => api.call('masterdata.batchUpdate', input),
      (r) => `已修改 ${r.updated} 条${r.label}的“${col.title}”（其中 ${r.changed} 条有变化）`,
    );
    if (done) p.onClose(true);
  };
  return (
    <Modal
      open={p.open}
      title={`批量修改（已选 ${p.codes.length} 条）`}
      onCancel={() => p.onClose(false)}
      onOk={submit}
      okText="修改"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label="要修改的列">
          <Select
            value={field}
            onChange={(v) => (setField(v), setValue(''))}
            options={p.columns.map((c) => ({ value: c.key, label: c.title }))}
            placeholder="选择一列"
            data-testid="batch-field"
          />
        </Form.Item>
        <Form.Item label="新的值" extra="所有选中的行改为同一个值；有一行不合规则时全部不改">
          {choices ? (
            <Select
              value={value}
              onChange={setValue}
              options={choices.map((v) => ({ value: v, label: v }))}
              data-testid="batch-value"
            />
          ) : (
            <Input value={value} onChange={(e) => setValue(e.target.value)} data-testid="batch-value" />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DetailDrawer({ entity, code, onClose }: { entity: Entity; code: string | null; onClose: () => void }) {
  const d = useCall('masterdata.get', code ? { entity, code } : null, [entity, code]);
  const fields = useCall('masterdata.options', {}, []);
  const labels = new Map((fields.data?.fields?.[entity] ?? []).map((f) => [f.key, f.label]));
  const rec = (d.data?.record ?? {}) as Record<string, unknown>;
  const orders = d.data?.orders as {
    lines: number;
    orderDays: number;
    volumeTiao: number;
    amountFen: number;
    firstDay: number | null;
    lastDay: number | null;
  } | null;
  const day = (n: number | null) =>
    n ? `${String(n).slice(0, 4)}-${String(n).slice(4, 6)}-${String(n).slice(6)}` : '—';
  return (
    <Drawer
      open={code !== null}
      onClose={onClose}
      title={`${ENTITY_LABELS[entity]}详情：${code ?? ''}`}
      size="large"
      data-testid="master-detail"
    >
      {d.loading || !d.data ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={1}>
            {Object.entries(rec)
              .filter(([k]) => k !== 'updatedAt')
              .map(([k, v]) => (
                <Descriptions.Item key={k} label={LABEL_EXTRA[k] ?? labels.get(k) ?? k}>
                  {showValue(k, v)}
                </Descriptions.Item>
              ))}
          </Descriptions>
          {orders && (
            <Descriptions bordered size="small" column={2} title="订单汇总（全部历史）">
              <Descriptions.Item label="订单行数">{fmtInt(orders.lines)}</Descriptions.Item>
              <Descriptions.Item label="订货日数">{fmtInt(orders.orderDays)}</Descriptions.Item>
              <Descriptions.Item label="销量(箱)">{fmtCases(orders.volumeTiao)}</Descriptions.Item>
              <Descriptions.Item label="销售额(万元)">{fmtWan(orders.amountFen)}</Descriptions.Item>
              <Descriptions.Item label="最早订单">{day(orders.firstDay)}</Descriptions.Item>
              <Descriptions.Item label="最近订单">{day(orders.lastDay)}</Descriptions.Item>
            </Descriptions>
          )}
          <Typography.Text type="secondary">
            导入记录：
            {(d.data.imports as { batchId: number; file: string; at: string }[])
              .map((i) => `#${i.batchId} ${i.file}`)
              .join('；') || '无（手工录入或示例数据）'}
          </Typography.Text>
        </Space>
      )}
    </Drawer>
  );
}

const FLAGS = new Set(['modernTerminal', 'lowTar', 'onSale']);

function showValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (key.endsWith('Fen') && typeof v === 'number') return `${(v / 100).toFixed(2)} 元/条`;
  if (FLAGS.has(key)) return v ? '是' : '否';
  if (key === 'onDuty') return v ? '在岗' : '离岗';
  if (key === 'active') return v ? '在用' : '停用';
  return String(v);
}

const LABEL_EXTRA: Record<string, string> = {
  code: '编码',
  managerCode: '客户经理工号',
  routeCode: '线路编码',
  routeName: '线路名称',
  managerName: '客户经理',
  routes: '负责线路数',
  licensedRetailers: '持证客户数',
  active: '状态',
};
