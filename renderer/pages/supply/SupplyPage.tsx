/**
 * 货源投放: the week's plan for every spec (可用量, 机动量, 投放范围 with their 档位表, monotone
 * limits per 档位 with the 剩余 shown), copied from last week with the review's suggestions,
 * edited like a spreadsheet (typed, pasted from the provincial sheet, filled down, undone);
 * exported in the provincial import layout and printed; reviewed after the week.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { api, useCall, type ApiError } from '../../api/client';
import { DataGrid, type CellEdit, type GridColumn } from '../../components/DataGrid';
import { PrintButton } from '../../components/PrintButton';
import type { TableColumn } from '../../components/table';
import { exportXlsx } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import { can, useMe } from '../accounts/session';
import { ScopePicker, useReportOptions } from '../reports/common';
import { searchParam } from '../plans/common';
import { intParser } from '../../../common/cellValues';
import { MAX_SUPPLY_TIAO } from '../../../common/supply';
import { addIsoWeeks, isoWeekOf, isoWeekText, parseDayText, parseIsoWeek, todayText } from '../../../common/days';
import {
  gradesOf,
  planColumns,
  planRows,
  reviewGradeSpec,
  reviewSpecSpec,
  type PlanRow,
  type SpecPlan,
  type WeekData,
  weekLabel,
} from './tables';
import { fmtInt } from '../../components/format';
import { useGridWrite } from '../../components/useGridWrite';

type SegmentEntry = { scope: string; weights: number[] | null; limits: number[] | null };
type SpecEntry = {
  spec: string;
  availableTiao: number;
  reserveTiao: number;
  capTiao: number | null;
  segments: SegmentEntry[];
};

/** A quantity of a spec's week in whole 条 (可用量, 机动量, 单户上限). */
function TiaoInput(p: {
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  testId?: string;
  placeholder?: string;
}) {
  return (
    <InputNumber
      addonBefore={p.label}
      addonAfter="条"
      min={0}
      max={MAX_SUPPLY_TIAO}
      precision={0}
      value={p.value}
      onChange={p.onChange}
      placeholder={p.placeholder}
      data-testid={p.testId}
    />
  );
}

/** The entry that saves a spec's plan again: typed limits kept, computed ones recomputed. */
function entryOf(p: SpecPlan): SpecEntry {
  return {
    spec: p.spec,
    availableTiao: p.availableTiao,
    reserveTiao: p.reserveTiao,
    capTiao: p.capTiao,
    segments: p.segments.map((s) => ({ scope: s.scope, weights: s.weights, limits: s.manual ? [...s.limits] : null })),
  };
}

const thisWeek = () => isoWeekText(isoWeekOf(parseDayText(todayText())!));

function WeekPicker({ week, onChange }: { week: string; onChange: (w: string) => void }) {
  const w = parseIsoWeek(week)!;
  const monday = dayjs(String(w.from).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'));
  return (
    <Space.Compact>
      <Button onClick={() => onChange(isoWeekText(addIsoWeeks(w, -1)))} data-testid="week-prev">
        上一周
      </Button>
      <DatePicker
        picker="week"
        value={monday}
        allowClear={false}
        style={{ width: 260 }}
        format={() => {
          const md = (d: number) => `${Math.floor(d / 100) % 100}.${d % 100}`;
          return `${w.year}年第${w.week}周 ${md(w.from)}–${md(w.to)}`;
        }}
        onChange={(d) => {
          const day = d ? parseDayText(d.format('YYYY-MM-DD')) : null;
          if (day) onChange(isoWeekText(isoWeekOf(day)));
        }}
        data-testid="week-picker"
      />
      <Button onClick={() => onChange(isoWeekText(addIsoWeeks(w, 1)))} data-testid="week-next">
        下一周
      </Button>
    </Space.Compact>
  );
}

/** Adds specs or edits one spec's quantities and 投放范围. */
function SpecModal({
  open,
  week,
  editing,
  existing,
  onClose,
  onSaved,
}: {
  open: boolean;
  week: string;
  editing: SpecPlan | null;
  existing: Set<string>;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const options = useReportOptions();
  const products = useCall('masterdata.list', { entity: 'products', limit: 5000 }, []);
  const [specs, setSpecs] = useState<string[]>([]);
  const [available, setAvailable] = useState<number | null>(0);
  const [reserve, setReserve] = useState<number | null>(0);
  const [cap, setCap] = useState<number | null>(null);
  const [segments, setSegments] = useState<{ scope: string; weights: string }[]>([{ scope: 'county', weights: '' }]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reset = () => {
    setSpecs(editing ? [editing.spec] : []);
    setAvailable(editing?.availableTiao ?? 0);
    setReserve(editing?.reserveTiao ?? 0);
    setCap(editing?.capTiao ?? null);
    setSegments(
      editing
        ? editing.segments.map((s) => ({ scope: s.scope, weights: s.weights ? s.weights.join(',') : '' }))
        : [{ scope: 'county', weights: '' }],
    );
    setError(null);
  };
  const productRows = (products.data?.rows ?? []) as { code: string; name: string; onSale?: number }[];
  const save = async () => {
    setError(null);
    if (!specs.length) return setError('请选择卷烟规格');
    if (available === null || reserve === null) return setError('可用量和机动量不能为空');
    const segs: SegmentEntry[] = [];
    for (const [i, s] of segments.entries()) {
      let weights: number[] | null = null;
      if (s.weights.trim()) {
        const parts = s.weights.split(/[,，\s]+/).filter(Boolean);
        const nums = parts.map(Number);
        if (nums.length !== 30 || nums.some((x) => !Number.isFinite(x) || x < 0))
          return setError(`第 ${i + 1} 个投放范围的档位权重应为 30 个不小于 0 的数（1档到30档，用逗号分隔）`);
        weights = nums;
      }
      segs.push({ scope: s.scope, weights, limits: null });
    }
    setBusy(true);
    try {
      await api.call('supply.save', {
        week,
        plans: specs.map((spec) => ({
          spec,
          availableTiao: available,
          reserveTiao: reserve,
          capTiao: cap,
          segments: segs,
        })),
      });
      message.success(editing ? '已保存并重新计算限量' : `已添加 ${specs.length} 个规格`);
      onSaved();
      onClose();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={editing ? `投放范围与数量：${editing.name}（${editing.spec}）` : '添加规格'}
      onCancel={onClose}
      onOk={save}
      okText="保存并计算"
      confirmLoading={busy}
      afterOpenChange={(o) => o && reset()}
      width={720}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {!editing && (
          <Select
            mode="multiple"
            placeholder="选择卷烟规格（可多选，可输入编码或名称查找）"
            style={{ width: '100%' }}
            value={specs}
            onChange={setSpecs}
            optionFilterProp="label"
            maxTagCount="responsive"
            options={productRows
              .filter((p) => !existing.has(p.code))
              .map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
            data-testid="supply-add-specs"
          />
        )}
        {!editing && (
          <Button
            size="small"
            onClick={() =>
              setSpecs(productRows.filter((p) => p.onSale !== 0 && !existing.has(p.code)).map((p) => p.code))
            }
            data-testid="supply-add-all"
          >
            选择全部在销规格
          </Button>
        )}
        <Space wrap>
          <TiaoInput label="可用量" value={available} onChange={setAvailable} testId="supply-available" />
          <TiaoInput label="机动量" value={reserve} onChange={setReserve} />
          <TiaoInput label="单户上限" value={cap} onChange={setCap} placeholder="不限" />
        </Space>
        <Typography.Text strong>投放范围（互不重叠；每个范围可用自己的档位权重）</Typography.Text>
        {segments.map((s, i) => (
          <Space key={i} wrap>
            <ScopePicker
              value={s.scope}
              options={options.data}
              onChange={(v) => setSegments(segments.map((x, j) => (j === i ? { ...x, scope: v } : x)))}
            />
            <Input
              style={{ width: 300 }}
              placeholder="档位权重：留空用设置中的档位权重"
              value={s.weights}
              onChange={(e) => setSegments(segments.map((x, j) => (j === i ? { ...x, weights: e.target.value } : x)))}
            />
            {segments.length > 1 && (
              <Button onClick={() => setSegments(segments.filter((_, j) => j !== i))}>移除</Button>
            )}
          </Space>
        ))}
        <Button
          onClick={() => setSegments([...segments, { scope: 'area:城镇', weights: '' }])}
          data-testid="supply-add-segment"
        >
          添加投放范围
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          例如“城镇”一个范围；或按业态分成“便利店”“超市”……各用一套档位权重，共用本规格的可用量。
        </Typography.Text>
        {error && <Alert type="error" showIcon message={error} data-testid="supply-modal-error" />}
      </Space>
    </Modal>
  );
}

const FIELD_LABELS: Record<string, string> = {
  week: '周次',
  from: '开始日期',
  to: '结束日期',
  spec: '卷烟编码',
  name: '卷烟名称',
  scope: '投放范围',
  grade: '档位（D30）',
  gradeNo: '档位序号（30）',
  limit: '每户限量',
  retailers: '户数',
  total: '投放量',
};

/** The provincial import layout's columns (Settings supplyExportColumns). */
function ExportColumnsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { settings, reload } = useApp();
  const { message } = App.useApp();
  const [cols, setCols] = useState<{ field: string; header: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      await api.call('settings.update', { supplyExportColumns: cols as never });
      message.success('导出列已保存');
      reload();
      onClose();
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  return (
    <Modal
      open={open}
      title="省级系统导入格式：导出列"
      onCancel={onClose}
      onOk={save}
      okText="保存"
      afterOpenChange={(o) => {
        if (o) {
          setCols((settings?.supplyExportColumns ?? []).map((c) => ({ ...c })));
          setError(null);
        }
      }}
      width={560}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          每个规格、投放范围、档位一行；列的顺序和列名按省级系统的导入模板填写。
        </Typography.Text>
        {cols.map((c, i) => (
          <Space key={i}>
            <Select
              style={{ width: 170 }}
              value={c.field}
              options={Object.entries(FIELD_LABELS).map(([value, label]) => ({ value, label }))}
              onChange={(v) => setCols(cols.map((x, j) => (j === i ? { ...x, field: v } : x)))}
            />
            <Input
              style={{ width: 160 }}
              value={c.header}
              onChange={(e) => setCols(cols.map((x, j) => (j === i ? { ...x, header: e.target.value } : x)))}
            />
            <Button disabled={i === 0} onClick={() => setCols(swap(cols, i, i - 1))}>
              上移
            </Button>
            <Button onClick={() => setCols(cols.filter((_, j) => j !== i))}>删除</Button>
          </Space>
        ))}
        <Button onClick={() => setCols([...cols, { field: 'retailers', header: '户数' }])}>添加列</Button>
        {error && <Alert type="error" showIcon message={error} />}
      </Space>
    </Modal>
  );
}

function swap<T>(a: T[], i: number, j: number): T[] {
  const b = [...a];
  [b[i], b[j]] = [b[j], b[i]];
  return b;
}

/** The columns typed in the plan grid besides the limits: the message's name, and how a value goes into the spec's entry. */
const TYPED: Record<string, { label: string; required: boolean; apply: (e: SpecEntry, v: number | null) => void }> = {
  availableTiao: { label: '可用量', required: true, apply: (e, v) => (e.availableTiao = v ?? 0) },
  reserveTiao: { label: '机动量', required: true, apply: (e, v) => (e.reserveTiao = v ?? 0) },
  capTiao: { label: '单户上限', required: false, apply: (e, v) => (e.capTiao = v) },
};

/** Whether a plan column is typed (可用量, 机动量, 单户上限 and each 档位's 每户限量), and its name in messages. */
function typedColumn(key: string, title: string): { label: string; required: boolean } | null {
  if (TYPED[key]) return TYPED[key];
  return key.startsWith('g') ? { label: `${title} 每户限量`, required: true } : null;
}

function PlanTab({ week, data, reload }: { week: string; data: WeekData; reload: () => void }) {
  const { message, modal } = App.useApp();
  const writeGrid = useGridWrite();
  const me = useMe();
  const editable = can(me, 'edit');
  const [selected, setSelected] = useState<PlanRow[]>([]);
  const [modalSpec, setModalSpec] = useState<SpecPlan | null | undefined>(undefined);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const [useSuggestions, setUseSuggestions] = useState(true);
  const rows = useMemo(() => planRows(data), [data]);
  const grades = useMemo(() => gradesOf(data.plans), [data]);
  const bySpec = useMemo(() => new Map(data.plans.map((p) => [p.spec, p])), [data]);
  // last week's verdict and suggestion beside this week's quantity; cap and how the limits came last
  const base = planColumns(grades);
  const all: TableColumn[] = [
    ...base.slice(0, 3),
    { key: 'verdict', title: '上周评估', width: 8 },
    { key: 'suggestedTiao', title: '建议可用量', type: 'int', width: 10 },
    ...base.slice(3),
    { key: 'capTiao', title: '单户上限', type: 'int', width: 8 },
    { key: 'manual', title: '限量来源', width: 8 },
  ];
  const columns = all.map((c): GridColumn<PlanRow> => {
    const typed = typedColumn(c.key, c.title);
    return {
      ...c,
      ...(c.key === 'spec' ? { pinned: 'left' as const } : {}),
      ...(typed
        ? { editable, parse: intParser({ label: typed.label, min: 0, max: MAX_SUPPLY_TIAO, required: typed.required }) }
        : {}),
    };
  });
  const save = (entries: SpecEntry[], done: string) =>
    writeGrid(() => api.call('supply.save', { week, plans: entries }), reload, done);

  const onCellsEdit = async (edits: CellEdit<PlanRow>[]) => {
    const entries = new Map<string, SpecEntry>();
    for (const e of edits) {
      const p = bySpec.get(e.row.spec);
      if (!p) continue;
      const entry = entries.get(p.spec) ?? entryOf(p);
      entries.set(p.spec, entry);
      const v = e.value as number | null;
      const set = TYPED[e.key];
      if (set) set.apply(entry, v);
      else if (e.key.startsWith('g')) {
        const k = p.segments.findIndex((s) => s.seq === e.row.seq);
        const seg = entry.segments[k];
        seg.limits ??= [...p.segments[k].limits];
        seg.limits[Number(e.key.slice(1)) - 1] = v ?? 0;
      }
    }
    if (!entries.size) return false;
    return save([...entries.values()], `已保存 ${entries.size} 个规格`);
  };

  const recompute = () =>
    save(
      [...new Set(selected.map((r) => r.spec))].map((s) => {
        const e = entryOf(bySpec.get(s)!);
        e.segments.forEach((x) => (x.limits = null));
        return e;
      }),
      '已按档位权重重新计算',
    );

  const remove = async () => {
    try {
      const specs = [...new Set(selected.map((r) => r.spec))];
      await api.call('supply.remove', { week, specs });
      message.success(`已删除 ${specs.length} 个规格`);
      setSelected([]);
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      reload();
    }
  };

  const copy = (replace: boolean) =>
    api
      .call('supply.copy', { week, useSuggestions, replace })
      .then((r) => message.success(`已从 ${r.from} 复制 ${r.copied} 个规格`))
      .catch((e: ApiError) => {
        if (e.code === 'duplicate_supply_plan')
          modal.confirm({
            title: '替换本周方案？',
            content: e.message,
            okText: '替换本周方案',
            cancelText: '取消',
            onOk: () => copy(true),
          });
        else message.error(e.message);
      })
      .finally(reload);

  const exportProvincial = async () => {
    try {
      const spec = await api.call('supply.exportTable', { week });
      exportXlsx(spec, `货源投放_${week}_导入`, undefined, { title: false, infoLine: false });
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const t = data.totals;
  const short = data.plans.filter((p) => p.remainderTiao > 0).length;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        {editable && (
          <>
            <Checkbox checked={useSuggestions} onChange={(e) => setUseSuggestions(e.target.checked)}>
              用上周建议可用量
            </Checkbox>
            <Button type="primary" onClick={() => copy(false)} data-testid="supply-copy">
              复制上周
            </Button>
            <Button onClick={() => setModalSpec(null)} data-testid="supply-add">
              添加规格
            </Button>
            <Button
              disabled={new Set(selected.map((r) => r.spec)).size !== 1}
              onClick={() => setModalSpec(bySpec.get(selected[0].spec) ?? null)}
              data-testid="supply-edit-spec"
            >
              范围与数量
            </Button>
            <Button disabled={!selected.length} onClick={recompute} data-testid="supply-recompute">
              重新计算
            </Button>
            <Popconfirm title="删除所选规格本周的投放方案？" okText="删除" cancelText="取消" onConfirm={remove}>
              <Button danger disabled={!selected.length} data-testid="supply-remove">
                删除
              </Button>
            </Popconfirm>
          </>
        )}
        <Button onClick={exportProvincial} disabled={!data.plans.length} data-testid="supply-export">
          导出省级格式
        </Button>
        <Button onClick={() => setColumnsOpen(true)} disabled={!can(me, 'settings')}>
          导出列设置
        </Button>
        <PrintButton route={`/supply/print?week=${week}`} landscape name={`货源投放方案_${week}`} label="打印方案" />
      </Space>
      <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="supply-totals">
        {weekLabel(data)}：{data.plans.length} 个规格，可用量 <b>{fmtInt(t.availableTiao)}</b> 条，机动量{' '}
        <b>{fmtInt(t.reserveTiao)}</b> 条，按档位投放 <b>{fmtInt(t.allocatedTiao)}</b> 条，剩余{' '}
        <b>{fmtInt(t.remainderTiao)}</b> 条
      </Typography.Paragraph>
      {short > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          message={`${short} 个规格按档位分完后还有剩余（户数不能整除），剩余量可并入机动量或调整可用量。`}
        />
      )}
      <DataGrid<PlanRow>
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        rowKeys={(r) => [r.spec, r.name]}
        selectable
        onSelectionChange={setSelected}
        onCellsEdit={editable ? onCellsEdit : undefined}
        historyKey={week}
        exportSpec={{
          title: '卷烟货源投放方案',
          period: `${data.week}（${data.from} 至 ${data.to}）`,
          unitLine: '单位：条',
        }}
        exportFileName={`货源投放方案_${week}`}
        height="calc(100vh - 380px)"
        testId="supply-grid"
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        可用量、机动量、单户上限和各档位限量可直接修改或从 Excel
        粘贴（按第一列的卷烟编码匹配行），修改后立即按档位重新计算并保存；Ctrl+Z
        撤销。手工改过的限量标为“手工”，须高档位不低于低档位、合计不超过可用量减机动量。
      </Typography.Paragraph>
      <SpecModal
        open={modalSpec !== undefined}
        week={week}
        editing={modalSpec ?? null}
        existing={new Set(bySpec.keys())}
        onClose={() => setModalSpec(undefined)}
        onSaved={reload}
      />
      <ExportColumnsModal open={columnsOpen} onClose={() => setColumnsOpen(false)} />
    </div>
  );
}

function ReviewTab({ week }: { week: string }) {
  const { settings } = useApp();
  const r = useCall('supply.review', { week }, [week]);
  if (r.error) return <Alert type="info" showIcon message={r.error.message} data-testid="supply-review-empty" />;
  if (!r.data) return null;
  const specSpec = reviewSpecSpec(r.data);
  const gradeSpec = reviewGradeSpec(r.data);
  return (
    <div data-testid="supply-review">
      {r.data.partial && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={r.data.dataThrough ? `订单数据只到 ${r.data.dataThrough}，本周尚未完整` : '这一周还没有导入订单数据'}
        />
      )}
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text>
          投放利用率{' '}
          <b>{r.data.totals.utilisation === null ? '—' : `${(r.data.totals.utilisation * 100).toFixed(1)}%`}</b>，满足率{' '}
          <b>{r.data.totals.fillRate === null ? '—' : `${(r.data.totals.fillRate * 100).toFixed(1)}%`}</b>
        </Typography.Text>
        {(
          [
            ['偏紧', 'red'],
            ['偏松', 'blue'],
          ] as const
        ).map(([verdict, color]) => {
          const specs = r.data!.specs.filter((s) => s.verdict === verdict);
          return (
            <Space key={verdict} size={4} wrap>
              <Typography.Text>{verdict}：</Typography.Text>
              {specs.length ? (
                specs.map((s) => (
                  <Tag color={color} key={s.spec}>
                    {s.name}
                  </Tag>
                ))
              ) : (
                <span>无</span>
              )}
            </Space>
          );
        })}
        <Button
          onClick={() => exportXlsx([specSpec, gradeSpec], `货源投放评估_${week}`, settings?.unitName)}
          data-testid="supply-review-export"
        >
          导出评估
        </Button>
      </Space>
      <Card size="small" title="按规格" style={{ marginBottom: 12 }}>
        <DataGrid
          columns={specSpec.columns}
          rows={specSpec.rows}
          totals={specSpec.totals}
          rowKey={(x) => String(x.spec)}
          height={280}
          testId="supply-review-specs"
        />
      </Card>
      <Card size="small" title="按档位">
        <DataGrid columns={gradeSpec.columns} rows={gradeSpec.rows} rowKey={(x) => String(x.grade)} height={280} />
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        {specSpec.note}
      </Typography.Paragraph>
    </div>
  );
}

export function SupplyPage() {
  const [week, setWeek] = useState(() => {
    const q = searchParam('week');
    return q && parseIsoWeek(q) ? isoWeekText(parseIsoWeek(q)!) : thisWeek();
  });
  const [tab, setTab] = useState('plan');
  const w = useCall('supply.week', { week }, [week]);
  return (
    <div data-testid="supply-page">
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          货源投放
        </Typography.Title>
        <WeekPicker week={week} onChange={setWeek} />
      </Space>
      {w.error && <Alert type="error" showIcon message={w.error.message} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'plan',
            label: '投放方案',
            children: w.data ? <PlanTab week={week} data={w.data} reload={w.reload} /> : null,
          },
          { key: 'review', label: '周后评估', children: tab === 'review' ? <ReviewTab week={week} /> : null },
        ]}
      />
    </div>
  );
}
