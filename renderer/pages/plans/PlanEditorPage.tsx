/**
 * 计划编制: the target, the methods and their weights, the unit; the grid of cells where
 * typing a value locks the cell and the rest is re-spread at once through plans.breakdown;
 * an explanation drawer for any cell; drafts saved as versions; submit, approve or return
 * by role. A saved plan shows its stored numbers until something is changed.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, ApiError, useCall } from '../../api/client';
import { DataGrid, type CellEdit, type EditOutcome } from '../../components/DataGrid';
import { numberParser } from '../../../common/cellValues';
import { PrintButton } from '../../components/PrintButton';
import { useApp } from '../../app/AppContext';
import { can, useMe } from '../accounts/session';
import { fmtPct } from '../../components/format';
import {
  displayDecimals,
  displayUnitName,
  fmtUnits,
  isOrgLevel,
  keyTitle,
  LEVEL_LABELS,
  METHOD_OPTIONS,
  searchParam,
  StatusTag,
  unitsToDisplay,
  UNIT_OPTIONS,
  type Breakdown,
  type Explain,
  type Level,
  type PlanUnit,
} from './common';
import { baseDisplay, exportWithSignatures, schemeSpec } from './tables';
import {
  childOf,
  defaultDraft,
  draftFromQuery,
  fromParams,
  toParams,
  type Draft,
  type MethodRow,
  type Params,
} from './planDraft';

type GridRow = {
  key: string;
  label: string;
  value: number;
  exact: number;
  share: number;
  base: number | null;
  locked: string;
  bound: string;
  explain: Explain;
};

/** A new editor for every address: a child breakdown opened from a cell starts fresh. */
export function PlanEditorPage() {
  const loc = useLocation();
  return <PlanEditor key={loc.search} />;
}

function PlanEditor() {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { settings } = useApp();
  const me = useMe();
  const [planId, setPlanId] = useState<number | null>(() => (searchParam('id') ? Number(searchParam('id')) : null));
  const [draft, setDraft] = useState<Draft>(
    () => draftFromQuery(searchParam) ?? defaultDraft(settings?.fiscalYear ?? new Date().getFullYear()),
  );
  const [saved, setSaved] = useState<Awaited<ReturnType<typeof loadPlan>> | null>(null);
  const [dirty, setDirty] = useState(planId === null);
  const [preview, setPreview] = useState<Breakdown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [explainKey, setExplainKey] = useState<string | null>(null);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  /** rebuilds the grid rows, undoing a typed value that was refused */
  const [bump, setBump] = useState(0);
  const [returnOpen, setReturnOpen] = useState(false);
  const [reason, setReason] = useState('');
  const seq = useRef(0);
  const options = useCall('masterdata.options', {}, []);

  async function loadPlan(id: number) {
    return api.call('plans.get', { planId: id });
  }
  const reload = async (id = planId) => {
    if (id === null) return;
    try {
      const g = await loadPlan(id);
      setSaved(g);
      setDraft(fromParams(g.plan.name, g.params as Params, g.plan.targetAmountFen));
      setDirty(false);
      setPreview(null);
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [planId]);

  const editable = saved ? saved.editable : true;
  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };

  // Instant re-spread: every change of the draft asks the backend for the breakdown.
  useEffect(() => {
    if (!dirty) return;
    if (!draft.target.trim()) {
      setPreview(null);
      setError(null);
      return;
    }
    const my = ++seq.current;
    const t = setTimeout(() => {
      api
        .call('plans.breakdown', toParams(draft))
        .then((r) => {
          if (my !== seq.current) return;
          setPreview(r);
          setError(null);
        })
        .catch((e: ApiError) => {
          if (my !== seq.current) return;
          setError(e.message);
        });
    }, 120);
    return () => clearTimeout(t);
  }, [draft, dirty]);

  const unit = draft.unit;
  const rows: GridRow[] = useMemo(() => {
    const src =
      dirty || !saved ? (preview?.rows ?? []) : saved.cells.map((c) => ({ ...c, basis: { share: c.explain.share } }));
    const total = src.reduce((s, r) => s + r.units, 0);
    return src.map((r) => ({
      key: r.key,
      label: r.label,
      value: unitsToDisplay(r.units, unit),
      exact: unitsToDisplay(r.exact, unit),
      share: total > 0 ? r.units / total : 0,
      base: r.explain.methods[0] ? baseDisplay(r.explain.methods[0].label, r.explain.methods[0].base) : null,
      locked: r.locked ? '已锁定' : '',
      bound: r.explain.bound === 'floor' ? '取下限' : r.explain.bound === 'ceiling' ? '取上限' : '',
      explain: r.explain as Explain,
    }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dirty, saved, preview, unit, bump]);
  const totalUnits = rows.reduce((s, r) => s + Math.round(r.value * (unit === '0.01箱' ? 100 : 1)), 0);
  const lockedCount = Object.keys(draft.locks).length;

  // A typed, pasted or filled value becomes a lock only when the breakdown can hold all of them;
  // otherwise the reason is shown and the cells keep what they were. Undo puts the locks back.
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const valueParser = useMemo(
    () => numberParser({ label: '计划', decimals: displayDecimals(unit), min: 0, required: true }),
    [unit],
  );
  const onCellsEdit = async (edits: CellEdit<GridRow>[]): Promise<EditOutcome> => {
    if (!editable) return false;
    const d = draftRef.current;
    const factor = d.unit === '0.01箱' ? 100 : 1;
    const prev = new Map<string, number | undefined>();
    const locks = { ...d.locks };
    for (const e of edits) {
      prev.set(e.row.key, d.locks[e.row.key]);
      locks[e.row.key] = Math.round(Number(e.value) * factor);
    }
    try {
      if (d.target.trim()) await api.call('plans.breakdown', toParams({ ...d, locks }));
    } catch (e) {
      const msg = (e as ApiError).message;
      message.error(
        edits.length === 1
          ? `不能锁定为 ${String(edits[0].value)}：${msg}`
          : `这 ${edits.length} 格不能一起锁定：${msg}`,
      );
      setBump((b) => b + 1);
      return false;
    }
    update({ locks });
    return {
      undo: () => {
        const back = { ...draftRef.current.locks };
        for (const [k, v] of prev) {
          if (v === undefined) delete back[k];
          else back[k] = v;
        }
        update({ locks: back });
        return true;
      },
    };
  };
  const unlock = (key: string) => {
    const { [key]: _, ...rest } = draft.locks;
    void _;
    update({ locks: rest });
  };

  const amountText = draft.amountWan.trim();
  const amountYuan =
    amountText === '' || !Number.isFinite(Number(amountText)) ? null : Math.round(Number(amountText) * 1_000_000) / 100;
  const targetXiang = Number(draft.target);
  const perCase = amountYuan !== null && targetXiang > 0 ? amountYuan / targetXiang : null;
  const save = async () => {
    if (!draft.name.trim()) return message.error('请填写计划名称');
    if (amountText !== '' && (!Number.isFinite(Number(amountText)) || Number(amountText) < 0))
      return message.error(`金额目标“${amountText}”不是有效的万元数`);
    if (error) return message.error('当前分解无法完成，不能保存：' + error);
    setBusy(true);
    try {
      if (planId === null) {
        const r = await api.call('plans.create', {
          name: draft.name.trim(),
          params: toParams(draft),
          targetAmountYuan: amountYuan,
        });
        message.success(`已保存为新计划（第 ${r.versionNo} 版草稿）`);
        setPlanId(r.planId);
        navigate(`/plans/edit?id=${r.planId}`, { replace: true });
      } else {
        const r = await api.call('plans.saveVersion', {
          planId,
          params: toParams(draft),
          targetAmountYuan: amountYuan,
        });
        message.success(`已保存第 ${r.versionNo} 版`);
        await reload(planId);
      }
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const act = async (what: 'submit' | 'approve' | 'return') => {
    if (planId === null) return;
    setBusy(true);
    try {
      if (what === 'submit') await api.call('plans.submit', { planId });
      if (what === 'approve') await api.call('plans.approve', { planId });
      if (what === 'return') await api.call('plans.return', { planId, reason });
      message.success(what === 'submit' ? '已提交审批' : what === 'approve' ? '已审批通过' : '已退回');
      setReturnOpen(false);
      await reload(planId);
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };

  const header = {
    name: draft.name || '（未命名计划）',
    year: draft.year,
    month: draft.level === 'month' ? null : draft.month,
    level: draft.level,
    unit,
    products: draft.products,
    status: saved?.plan.statusLabel,
    versionNo: dirty ? null : saved?.versionNo,
  };
  const doExport = () => {
    const spec = schemeSpec(
      header,
      rows.map((r) => ({
        key: r.key,
        label: r.label,
        units: Math.round(r.value * (unit === '0.01箱' ? 100 : 1)),
        locked: !!r.locked,
        explain: { share: r.explain.share, methods: r.explain.methods, bound: r.explain.bound },
      })),
    );
    exportWithSignatures([spec], `${header.name}-计划分解表`, settings?.unitName);
  };
  const explainRow = rows.find((r) => r.key === explainKey) ?? null;
  const dispUnit = displayUnitName(unit);

  return (
    <div data-testid="plan-editor">
      <Space align="center" style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {planId === null ? '新建销售计划' : `销售计划：${saved?.plan.name ?? ''}`}
        </Typography.Title>
        {saved && <StatusTag status={saved.plan.status} label={saved.plan.statusLabel} />}
        {saved && <Tag>第 {saved.versionNo} 版</Tag>}
        {dirty && planId !== null && <Tag color="orange">有未保存的修改</Tag>}
      </Space>
      {saved?.plan.status === 'returned' && saved.plan.returnReason && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`主任退回：${saved.plan.returnReason}`} />
      )}
      {saved && !saved.editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            saved.plan.status === 'approved'
              ? '此计划已审批，只能查看、导出和打印。'
              : '此计划已提交待审批，不能修改；需要修改请由主任退回。'
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 8]}>
          <Col span={8}>
            <Field label="计划名称">
              <Input
                value={draft.name}
                disabled={!editable}
                onChange={(e) => update({ name: e.target.value })}
                placeholder="如：2026年3月客户经理销售计划"
                data-testid="plan-name"
              />
            </Field>
          </Col>
          <Col span={4}>
            <Field label="年度">
              <InputNumber
                value={draft.year}
                min={2000}
                max={2100}
                disabled={!editable || planId !== null}
                onChange={(v) => v && update({ year: v })}
                style={{ width: '100%' }}
                data-testid="plan-year"
              />
            </Field>
          </Col>
          <Col span={4}>
            <Field label="分解到">
              <Select
                value={draft.level}
                disabled={!editable || planId !== null}
                onChange={(v: Level) => update({ level: v, locks: {}, month: v === 'month' ? null : draft.month })}
                options={(['month', 'manager', 'route', 'retailer', 'class', 'brand', 'spec'] as Level[]).map((l) => ({
                  value: l,
                  label: LEVEL_LABELS[l],
                }))}
                style={{ width: '100%' }}
                data-testid="plan-level"
              />
            </Field>
          </Col>
          <Col span={4}>
            <Field label="期间">
              <Select
                value={draft.level === 'month' ? 0 : (draft.month ?? 0)}
                disabled={!editable || planId !== null || draft.level === 'month'}
                onChange={(v: number) => update({ month: v === 0 ? null : v, locks: {} })}
                options={[
                  { value: 0, label: '全年' },
                  ...Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` })),
                ]}
                style={{ width: '100%' }}
                virtual={false}
                listHeight={420}
                data-testid="plan-month"
              />
            </Field>
          </Col>
          <Col span={4}>
            <Field label="计划单位">
              <Select
                value={unit}
                disabled={!editable}
                onChange={(v: PlanUnit) => update({ unit: v, locks: {} })}
                options={UNIT_OPTIONS}
                style={{ width: '100%' }}
                data-testid="plan-unit"
              />
            </Field>
          </Col>
          {draft.level === 'retailer' && (
            <Col span={8}>
              <Field label="零售客户范围（客户经理或线路）">
                <Select
                  value={draft.within}
                  disabled={!editable}
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder="全县正常经营客户"
                  onChange={(v: string | undefined) => update({ within: v ?? null, locks: {} })}
                  options={[
                    ...(options.data?.managers ?? []).map((m) => ({
                      value: `manager:${m.code}`,
                      label: `客户经理 ${m.name}（${m.code}）`,
                    })),
                    ...(options.data?.routes ?? []).map((r) => ({
                      value: `route:${r.code}`,
                      label: `线路 ${r.name}（${r.code}）`,
                    })),
                  ]}
                  style={{ width: '100%' }}
                  data-testid="plan-within"
                />
              </Field>
            </Col>
          )}
          <Col span={6}>
            <Field label="目标（箱）">
              <Input
                value={draft.target}
                disabled={!editable}
                onChange={(e) => update({ target: e.target.value })}
                placeholder="市公司下达的目标，如 12500"
                data-testid="plan-target"
              />
            </Field>
          </Col>
          <Col span={6}>
            <Field
              label={`金额目标（万元，可选）${perCase !== null ? `　单箱值 ${perCase.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元/箱` : ''}`}
            >
              <Input
                value={draft.amountWan}
                disabled={!editable}
                onChange={(e) => update({ amountWan: e.target.value })}
                placeholder="如 2856.71"
                data-testid="plan-amount"
              />
            </Field>
          </Col>
          <Col span={6}>
            <Field label="卷烟范围">
              <Input
                value={draft.products}
                disabled={!editable}
                onChange={(e) => update({ products: e.target.value })}
                placeholder="all、class:一类、brand:黄鹤楼"
                data-testid="plan-products"
              />
            </Field>
          </Col>
          <Col span={6}>
            <Field label="同期基期（默认去年同期）">
              <DatePicker.RangePicker
                disabled={!editable}
                value={draft.baseFrom && draft.baseTo ? [dayjs(draft.baseFrom), dayjs(draft.baseTo)] : null}
                onChange={(v) =>
                  update({
                    baseFrom: v?.[0]?.format('YYYY-MM-DD') ?? null,
                    baseTo: v?.[1]?.format('YYYY-MM-DD') ?? null,
                  })
                }
                style={{ width: '100%' }}
              />
            </Field>
          </Col>
          <Col span={6}>
            <Field label="下限（去年同期的比例）">
              <Input
                value={draft.floorRatio}
                disabled={!editable}
                onChange={(e) => update({ floorRatio: e.target.value })}
                placeholder="如 0.9；留空不设"
                data-testid="plan-floor"
              />
            </Field>
          </Col>
          <Col span={24}>
            <Field label="分解方法（可组合，权重自动归一）">
              <Space wrap>
                {draft.methods.map((m, i) => (
                  <Space.Compact key={i}>
                    <Select
                      value={m.method}
                      disabled={!editable}
                      style={{ width: 170 }}
                      options={METHOD_OPTIONS.filter(
                        (o) => isOrgLevel(draft.level) || (o.value !== 'customers' && o.value !== 'grade'),
                      ).map((o) => ({ value: o.value, label: o.label }))}
                      onChange={(v: MethodRow['method']) =>
                        update({
                          methods: draft.methods.map((x, j) =>
                            j === i ? { ...x, method: v, n: v === 'recent' ? 3 : undefined } : x,
                          ),
                        })
                      }
                      data-testid={`plan-method-${i}`}
                    />
                    {m.method === 'recent' && (
                      <InputNumber
                        value={m.n ?? 3}
                        min={1}
                        max={36}
                        addonAfter="个月"
                        disabled={!editable}
                        style={{ width: 110 }}
                        onChange={(v) =>
                          update({ methods: draft.methods.map((x, j) => (j === i ? { ...x, n: v ?? 3 } : x)) })
                        }
                      />
                    )}
                    <InputNumber
                      value={m.weight}
                      min={0}
                      max={100}
                      step={0.1}
                      addonBefore="权重"
                      disabled={!editable}
                      style={{ width: 130 }}
                      onChange={(v) =>
                        update({ methods: draft.methods.map((x, j) => (j === i ? { ...x, weight: v ?? 0 } : x)) })
                      }
                      data-testid={`plan-weight-${i}`}
                    />
                    {draft.methods.length > 1 && (
                      <Button
                        disabled={!editable}
                        onClick={() => update({ methods: draft.methods.filter((_, j) => j !== i) })}
                      >
                        删除
                      </Button>
                    )}
                  </Space.Compact>
                ))}
                <Button
                  disabled={!editable || draft.methods.length >= 5}
                  onClick={() => update({ methods: [...draft.methods, { method: 'customers', weight: 0.4 }] })}
                  data-testid="plan-add-method"
                >
                  增加方法
                </Button>
              </Space>
            </Field>
          </Col>
        </Row>
      </Card>
      {draft.level === 'retailer' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="零售客户层级的分解仅供参考：按政策不对零售客户下达最低任务，数量可作为供货上限的参考。"
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="无法按当前条件分解"
          description={error}
          data-testid="plan-error"
        />
      )}
      <DataGrid<GridRow>
        testId="plan-grid"
        height={440}
        rows={rows}
        rowKey={(r) => r.key}
        onCellsEdit={onCellsEdit}
        rowKeys={(r) => [r.key, r.label]}
        blockedCell={(r) => (r.locked ? '已锁定（粘贴和填充不改锁定的格，可直接修改或先解除锁定）' : null)}
        historyKey={`${planId}|${draft.level}|${draft.unit}|${draft.year}|${draft.month}`}
        onRowClick={(r) => setSelectedKey(r.key)}
        columns={[
          {
            key: 'key',
            title: keyTitle(draft.level),
            type: 'text',
            width: draft.level === 'retailer' || draft.level === 'spec' ? 16 : 12,
            pinned: 'left',
          },
          { key: 'label', title: '名称', type: 'text', width: 14 },
          {
            key: 'value',
            title: `计划(${dispUnit})`,
            type: 'number',
            decimals: displayDecimals(unit),
            width: 12,
            editable,
            parse: valueParser,
          },
          { key: 'share', title: '占比', type: 'percent', decimals: 2, width: 9 },
          { key: 'exact', title: `精确值(${dispUnit})`, type: 'number', decimals: 4, width: 13 },
          {
            key: 'base',
            title: draft.methods[0]
              ? METHOD_OPTIONS.find((o) => o.value === draft.methods[0].method)!.label.replace('（正常经营）', '') +
                '基数'
              : '基数',
            type: 'number',
            decimals: 2,
            width: 13,
          },
          { key: 'locked', title: '锁定', type: 'text', width: 8 },
          { key: 'bound', title: '上下限', type: 'text', width: 8 },
        ]}
        totals={
          rows.length
            ? [
                {
                  key: '合计',
                  label: '',
                  value: unitsToDisplay(totalUnits, unit),
                  share: 1,
                  exact: null,
                  base: null,
                  locked: lockedCount ? `${lockedCount} 格` : '',
                  bound: '',
                },
              ]
            : undefined
        }
        toolbar={
          <>
            <Button
              disabled={!selectedKey || !rows.some((r) => r.key === selectedKey)}
              onClick={() => setExplainKey(selectedKey)}
              data-testid="plan-explain-open"
            >
              计算说明
              {selectedKey && rows.some((r) => r.key === selectedKey)
                ? `（${rows.find((r) => r.key === selectedKey)!.label}）`
                : ''}
            </Button>
            <Typography.Text type="secondary">
              双击“计划”格输入数值即锁定该格，其余自动按同一方法重新分摊；选中一行后点“计算说明”查看这一格是怎样算出来的。
            </Typography.Text>
            {lockedCount > 0 && editable && (
              <Button onClick={() => update({ locks: {} })} data-testid="plan-unlock-all">
                解除全部锁定
              </Button>
            )}
          </>
        }
      />
      <Space style={{ marginTop: 12 }} wrap>
        {editable && can(me, 'edit') && (
          <Button
            type="primary"
            loading={busy}
            onClick={save}
            disabled={planId !== null && !dirty}
            data-testid="plan-save"
          >
            {planId === null ? '保存为草稿' : '保存新版本'}
          </Button>
        )}
        {saved && editable && can(me, 'edit') && (
          <Button
            loading={busy}
            disabled={dirty}
            data-testid="plan-submit"
            onClick={() =>
              modal.confirm({
                title: '提交审批',
                content: `提交第 ${saved.versionNo} 版给主任审批？提交后在退回前不能修改。`,
                okText: '提交',
                cancelText: '取消',
                okButtonProps: { 'data-testid': 'plan-submit-ok' } as Record<string, string>,
                onOk: () => act('submit'),
              })
            }
          >
            提交审批
          </Button>
        )}
        {saved?.plan.status === 'submitted' && can(me, 'approve') && (
          <>
            <Button type="primary" loading={busy} onClick={() => act('approve')} data-testid="plan-approve">
              审批通过
            </Button>
            <Button danger loading={busy} onClick={() => setReturnOpen(true)} data-testid="plan-return">
              退回
            </Button>
          </>
        )}
        {rows.length > 0 && (
          <Button onClick={doExport} data-testid="plan-export">
            导出Excel（上报格式）
          </Button>
        )}
        {saved && !dirty && (
          <PrintButton
            route={`/plans/scheme-print?id=${saved.plan.id}`}
            landscape
            name={`${saved.plan.name}.pdf`}
            label="打印方案"
          />
        )}
        {saved && saved.versions.length > 1 && (
          <Button onClick={() => navigate(`/plans/compare?id=${saved.plan.id}`)}>版本对比</Button>
        )}
        {saved && (
          <Button onClick={() => navigate(`/plans/progress?id=${saved.plan.id}`)} data-testid="plan-goto-progress">
            查看进度
          </Button>
        )}
        <Button onClick={() => navigate('/plans')}>返回列表</Button>
      </Space>
      <Drawer
        title={explainRow ? `计算说明：${explainRow.label}（${explainRow.key}）` : '计算说明'}
        open={!!explainRow}
        onClose={() => setExplainKey(null)}
        width={520}
        data-testid="plan-explain"
      >
        {explainRow && (
          <ExplainView
            row={explainRow}
            unit={unit}
            onUnlock={editable && explainRow.locked ? () => unlock(explainRow.key) : undefined}
          />
        )}
        {explainRow &&
          saved &&
          !dirty &&
          (() => {
            const link = childOf(
              {
                level: draft.level,
                year: draft.year,
                month: draft.month,
                unit,
                products: draft.products,
                name: saved.plan.name,
                methods: draft.methods,
              },
              {
                key: explainRow.key,
                label: explainRow.label,
                units: Math.round(explainRow.value * (unit === '0.01箱' ? 100 : 1)),
              },
            );
            const units = Math.round(explainRow.value * (unit === '0.01箱' ? 100 : 1));
            // whole 条 for the grade table (half a 条 of an odd 0.01箱 stays out)
            const xiang = (Math.floor(units * (unit === '0.01箱' ? 2.5 : unit === '箱' ? 250 : 1)) / 250).toFixed(3);
            // 按档位投放 of this cell's quantity: a spec for the county, or everything of one 客户经理 / 线路.
            const grades =
              draft.level === 'spec'
                ? `/plans/grades?qty=${xiang}`
                : draft.level === 'manager' || draft.level === 'route'
                  ? `/plans/grades?qty=${xiang}&within=${draft.level}:${encodeURIComponent(explainRow.key)}`
                  : null;
            return (
              <>
                {link && (
                  <Button
                    style={{ marginTop: 12 }}
                    type="dashed"
                    block
                    onClick={() => {
                      setExplainKey(null);
                      navigate(link);
                    }}
                    data-testid="plan-child"
                  >
                    以此格为目标继续分解（
                    {draft.level === 'month'
                      ? '到客户经理'
                      : draft.level === 'class'
                        ? '到品牌'
                        : draft.level === 'brand'
                          ? '到规格'
                          : '到零售客户，参考'}
                    ）
                  </Button>
                )}
                {grades && (
                  <Button
                    style={{ marginTop: 8 }}
                    type="dashed"
                    block
                    onClick={() => {
                      setExplainKey(null);
                      navigate(grades);
                    }}
                    data-testid="plan-grades"
                  >
                    按档位投放此格的数量
                  </Button>
                )}
              </>
            );
          })()}
      </Drawer>
      <Modal
        title="退回计划"
        open={returnOpen}
        onOk={() => act('return')}
        onCancel={() => setReturnOpen(false)}
        okText="退回"
        cancelText="取消"
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="请写明退回原因，内勤将看到"
          data-testid="plan-return-reason"
        />
      </Modal>
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <div style={{ fontSize: 12, color: '#666', marginBottom: 2 }}>{label}</div>
      {children}
    </div>
  );
}

function ExplainView({ row, unit, onUnlock }: { row: GridRow; unit: PlanUnit; onUnlock?: () => void }) {
  const e = row.explain;
  const u = (x: number) => `${fmtUnits(x, unit)}${displayUnitName(unit)}`;
  return (
    <div data-testid="plan-explain-body">
      {e.text && (
        <Typography.Paragraph data-testid="plan-explain-text" style={{ background: '#fafafa', padding: 8 }}>
          {e.text}
        </Typography.Paragraph>
      )}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="结果">{u(Math.round(row.value * (unit === '0.01箱' ? 100 : 1)))}</Descriptions.Item>
        {e.locked ? (
          <Descriptions.Item label="锁定">手工锁定，不参与分摊</Descriptions.Item>
        ) : (
          <>
            <Descriptions.Item label="综合占比">{fmtPct(e.share, 4)}</Descriptions.Item>
            <Descriptions.Item label="可分摊量">
              {u(e.spreadUnits)}（目标 {u(e.totalUnits)} − 锁定 {u(e.lockedSum)}）
            </Descriptions.Item>
            <Descriptions.Item label="精确值">
              {e.exact.toFixed(4)} 个单位（{unit}）
            </Descriptions.Item>
            <Descriptions.Item label="取整">
              先取整数部分 {e.floorUnits}，尾差 {e.remainder.toFixed(4)}
              {e.rank ? `，在 ${e.handedOut} 个补位名额中排第 ${e.rank} 位，${e.plusOne ? '补 1 个单位' : '未补'}` : ''}
            </Descriptions.Item>
            {e.baseNote && <Descriptions.Item label="基数说明">{e.baseNote}</Descriptions.Item>}
            {e.bound && (
              <Descriptions.Item label="上下限">
                {e.bound === 'floor' ? `取下限 ${u(e.floor ?? 0)}` : `取上限 ${u(e.ceiling ?? 0)}`}
                {e.boundNote ? `（${e.boundNote}）` : ''}
              </Descriptions.Item>
            )}
          </>
        )}
      </Descriptions>
      <Table
        style={{ marginTop: 12 }}
        size="small"
        pagination={false}
        rowKey="label"
        dataSource={e.methods}
        columns={[
          { title: '方法', dataIndex: 'label' },
          { title: '权重', dataIndex: 'weight', render: (v: number) => fmtPct(v, 0) },
          {
            title: '基数',
            render: (_: unknown, m: Explain['methods'][number]) =>
              baseDisplay(m.label, m.base).toLocaleString('zh-CN', { maximumFractionDigits: 2 }),
          },
          { title: '占比', dataIndex: 'share', render: (v: number) => fmtPct(v, 4) },
        ]}
      />
      {onUnlock && (
        <Button style={{ marginTop: 12 }} onClick={onUnlock} data-testid="plan-unlock">
          解除此格锁定
        </Button>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        取整规则：各格先取精确值的整数部分，剩余的单位按尾差从大到小逐一补给（尾差相同按编码升序），保证合计与目标严格相等。
      </Typography.Paragraph>
    </div>
  );
}
