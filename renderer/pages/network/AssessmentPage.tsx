/**
 * 月度考核: the active scheme, the hand-entered items per 客户经理, the scores
 * and ranking of the month (saved or computed now), printing and history.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { api, useCall, type ApiError } from '../../api/client';
import type { Input as In } from '@contract';
import { PeriodPicker } from '../../components/PeriodPicker';
import { PrintButton } from '../../components/PrintButton';
import { DataGrid, type CellEdit } from '../../components/DataGrid';
import { numberParser } from '../../../common/cellValues';
import { Chart, type ChartOption } from '../../components/Chart';
import { useApp } from '../../app/AppContext';
import { monthLabel, useMonth } from './common';
import { assessmentSpec, schemeNote, sourceText } from './assessmentTable';
import { PageHead } from '../../components/PageHead';
import { useGridWrite } from '../../components/useGridWrite';

type Item = In<'network.saveScheme'>['items'][number];

const SOURCES = [
  { value: 'shelf', label: '上柜率（检查记录）' },
  { value: 'coverage', label: '覆盖率（拜访记录）' },
  { value: 'brand_moving', label: '品牌动销率（订单）' },
  { value: 'plan', label: '计划完成率（销售计划）' },
  { value: 'plan_amount', label: '销售额完成率（销售计划）' },
  { value: 'manual', label: '手工录入' },
  { value: 'indicator:info_collection', label: '网建指标：信息采集完成率' },
  { value: 'indicator:e_settlement', label: '网建指标：电子结算率' },
  { value: 'indicator:online_order', label: '网建指标：网上订货率' },
  { value: 'indicator:visit_coverage', label: '网建指标：客户拜访覆盖率' },
  { value: 'indicator:price_tag', label: '网建指标：明码标价合格率' },
  { value: 'indicator:display', label: '网建指标：卷烟陈列规范率' },
  { value: 'indicator:satisfaction', label: '网建指标：客户满意度' },
];

const GROUPS = [
  { value: 'economic', label: '经济指标' },
  { value: 'basic', label: '基础指标' },
];
/** how a 手工录入 item is typed (分值 when unset) */
const UNITS = [
  { value: 'rate', label: '比率' },
  { value: 'score', label: '分值' },
];

/** An item of the scheme as the editor holds it: its rule and 卷烟范围 as typed. */
type Row = Item & { ruleText: string; productsText: string };

/** The sources measured over a 卷烟范围 (上柜率, 品牌动销率). */
const hasProducts = (r: { source: string }) => r.source === 'shelf' || r.source === 'brand_moving';

function ruleToText(r: Item['rule']): string {
  if (r.type === 'linear') return String(r.target);
  if (r.type === 'passfail') return String(r.threshold);
  return r.steps.map((s) => `${s.atLeast}:${s.factor}`).join(', ');
}

function textToRule(type: Item['rule']['type'], text: string): Item['rule'] | null {
  if (type === 'stepped') {
    const steps = text
      .split(/[,，;；]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => s.split(/[:：]/).map(Number));
    if (!steps.length || steps.some((s) => s.length !== 2 || s.some((n) => !Number.isFinite(n)))) return null;
    return { type, steps: steps.map(([atLeast, factor]) => ({ atLeast, factor })) };
  }
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  return type === 'linear' ? { type, target: n } : { type, threshold: n };
}

function productsToText(p: Item['products']): string {
  if (!p) return '';
  if (p.brand) return `品牌:${p.brand}`;
  if (p.set) return `品牌集:${p.set}`;
  return (p.codes ?? []).join(',');
}

function textToProducts(text: string): Item['products'] | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const m = /^(品牌|品牌集)[:：](.+)$/.exec(t);
  if (m) return m[1] === '品牌' ? { brand: m[2].trim() } : { set: m[2].trim() };
  return { codes: t.split(/[\s,，、;；]+/).filter(Boolean) };
}

function SchemeEditor({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const schemes = useCall('network.schemes', open ? {} : null, [open]);
  const active = schemes.data?.active;
  const [name, setName] = useState<string | null>(null);
  const [items, setItems] = useState<Row[] | null>(null);
  const rows =
    items ??
    active?.items.map((i) => ({
      ...(i as Item),
      ruleText: ruleToText((i as Item).rule),
      productsText: productsToText((i as Item).products),
    })) ??
    [];
  const set = (idx: number, patch: Partial<Row>) => setItems(rows.map((r, i) => (i === idx ? { ...r, ...patch } : r)));
  /** A column of one control per item; '—' where `when` says the item has none. */
  const column = (title: string, control: (r: Row, i: number) => ReactNode, when?: (r: Row) => boolean) => ({
    title,
    render: (_: unknown, r: Row, i: number) => (when && !when(r) ? '—' : control(r, i)),
  });
  const text =
    (key: 'code' | 'name' | 'productsText' | 'ruleText', width: number, placeholder?: (r: Row) => string) =>
    (r: Row, i: number) => (
      <Input
        value={r[key]}
        onChange={(e) => set(i, { [key]: e.target.value })}
        placeholder={placeholder?.(r)}
        style={{ width }}
      />
    );
  /** The item's `key` among `options` (the last one when unset). */
  const choice =
    (key: 'group' | 'source' | 'unit', width: number, options: { value: string; label: string }[]) =>
    (r: Row, i: number) => (
      <Select
        value={r[key] ?? options[options.length - 1].value}
        onChange={(v) => set(i, { [key]: v })}
        style={{ width }}
        options={options}
      />
    );
  const total = rows.reduce((s, r) => s + (r.weight || 0), 0);
  const save = async () => {
    const out: Item[] = [];
    for (const r of rows) {
      const rule = textToRule(r.rule.type, r.ruleText);
      if (!rule) {
        message.error(`“${r.name}”的计分参数不正确`);
        return;
      }
      const { ruleText: _t, productsText, products: _p, ...rest } = r;
      void _t;
      void _p;
      const products = hasProducts(rest) ? textToProducts(productsText) : undefined;
      out.push({
        ...rest,
        rule,
        ...(products ? { products } : {}),
        ...(rest.source === 'manual'
          ? { unit: rest.unit ?? 'score' }
          : rest.source === 'plan' || rest.source === 'plan_amount'
            ? { unit: 'rate' as const }
            : {}),
      });
    }
    try {
      await api.call('network.saveScheme', {
        ...(active?.id ? { id: active.id } : {}),
        name: name ?? active?.name ?? '考核方案',
        items: out,
        active: true,
      });
      message.success('考核方案已保存');
      setItems(null);
      setName(null);
      onSaved();
      onClose();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  return (
    <Modal
      open={open}
      onCancel={onClose}
      onOk={save}
      okText="保存方案"
      cancelText="取消"
      width={1320}
      title="编辑考核方案"
    >
      <Space style={{ marginBottom: 8 }}>
        方案名称{' '}
        <Input value={name ?? active?.name ?? ''} onChange={(e) => setName(e.target.value)} style={{ width: 260 }} />
        <Typography.Text type={Math.abs(total - 100) < 1e-6 ? 'success' : 'danger'}>权重合计 {total}</Typography.Text>
      </Space>
      <Table
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowKey={(_, i) => String(i)}
        dataSource={rows}
        columns={[
          column('代码', text('code', 100)),
          column('项目', text('name', 96)),
          column('类别', choice('group', 100, GROUPS)),
          column('数据来源', choice('source', 200, SOURCES)),
          column('录入单位', choice('unit', 80, UNITS), (r) => r.source === 'manual'),
          column(
            '卷烟范围',
            text('productsText', 140, () => '全部；或 品牌:中华 / 品牌集:名称 / 编码,编码'),
            hasProducts,
          ),
          {
            title: '权重',
            render: (_, r, i) => (
              <InputNumber
                value={r.weight}
                min={0}
                max={100}
                onChange={(v) => set(i, { weight: Number(v ?? 0) })}
                style={{ width: 70 }}
              />
            ),
          },
          {
            title: '计分方式',
            render: (_, r, i) => (
              <Select
                value={r.rule.type}
                onChange={(v) =>
                  set(i, {
                    rule: (v === 'stepped'
                      ? { type: v, steps: [] }
                      : v === 'linear'
                        ? { type: v, target: 1 }
                        : { type: v, threshold: 1 }) as Item['rule'],
                  })
                }
                style={{ width: 116 }}
                options={[
                  { value: 'linear', label: '线性到目标' },
                  { value: 'stepped', label: '阶梯' },
                  { value: 'passfail', label: '达标得分' },
                ]}
              />
            ),
          },
          column(
            '计分参数',
            text('ruleText', 110, (r) => (r.rule.type === 'stepped' ? '0.9:1, 0.8:0.8' : '0.95')),
          ),
          {
            // always in view, whatever the width of the window
            title: '操作',
            fixed: 'right' as const,
            render: (_, _r, i) => (
              <Button size="small" danger onClick={() => setItems(rows.filter((_x, j) => j !== i))}>
                删除
              </Button>
            ),
          },
        ]}
      />
      <Button
        style={{ marginTop: 8 }}
        onClick={() =>
          setItems([
            ...rows,
            {
              code: `item${rows.length + 1}`,
              name: '新项目',
              group: 'basic',
              source: 'manual',
              unit: 'score',
              weight: 0,
              rule: { type: 'linear', target: 100 },
              ruleText: '100',
              productsText: '',
            },
          ])
        }
      >
        添加项目
      </Button>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        比率按小数填写（0.95 表示 95%）。计分参数：线性到目标填目标值，得分 = 权重 × min(1,
        实际/目标)；达标得分填门槛，达到得满分否则为 0；阶梯填“门槛:得分比例”，如 0.9:1,
        0.8:0.8。卷烟范围（上柜率、品牌动销率）：留空为全部规格，或填 品牌:中华、品牌集:名称、卷烟编码（逗号分隔）。
      </Typography.Paragraph>
    </Modal>
  );
}

/** How a rate is typed in the 手工录入 grid (numberParser's pointsAbove: 1.5). */
const RATE_HINT = '填 95 或 95% 均为 95%；1.5 及以下的数按小数计，如 0.95 即 95%、1.2 即 120%';

export function AssessmentPage() {
  const { message } = App.useApp();
  const writeGrid = useGridWrite();
  const { settings } = useApp();
  const [period, setPeriod, month] = useMonth();
  const [live, setLive] = useState(false);
  const [editing, setEditing] = useState(false);
  const result = useCall('network.assessment', { period: month, live }, []);
  const values = useCall('network.assessmentValues', { period: month }, []);
  const scopes = useCall('network.scopes', {}, []);
  const from = `${Number(month.slice(0, 4)) - 1}-${month.slice(5)}`;
  const history = useCall('network.assessmentHistory', { from, to: month }, []);
  const a = result.data;
  // Items entered by hand; 计划完成率 too, for months without a plan by 客户经理.
  const fromPlan = (source: string) => source === 'plan' || source === 'plan_amount';
  const manualItems = (a?.scheme.items ?? []).filter((i) => i.source === 'manual' || fromPlan(i.source));

  const valueRows = useMemo(() => {
    const managers = (scopes.data?.managers ?? []).filter((m) => m.onDuty === 1);
    return managers.map((m) => {
      const o: Record<string, unknown> = { code: m.code, name: m.name };
      for (const v of values.data ?? []) if (v.managerCode === m.code) o[v.itemCode] = v.value;
      return o;
    });
  }, [scopes.data, values.data]);

  // One write for a typed cell, a paste, a fill or an undo.
  const onEdit = (edits: CellEdit<Record<string, unknown>>[]) =>
    writeGrid(async () => {
      await api.call('network.setAssessmentValues', {
        period: month,
        rows: edits.map((e) => ({
          itemCode: e.key,
          managerCode: String(e.row.code),
          value: e.value === null || e.value === undefined ? null : Number(e.value),
        })),
      });
      result.reload();
    }, values.reload);

  const save = async () => {
    try {
      await api.call('network.saveAssessment', { period: month });
      message.success(`${monthLabel(month)}考核结果已保存`);
      setLive(false);
      result.reload();
      history.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const historyOption = useMemo<ChartOption | null>(() => {
    const h = history.data;
    if (!h || h.periods.length === 0) return null;
    const names = [...new Set(h.rows.map((r) => r.managerName))];
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', data: names, top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: h.periods.map(monthLabel) },
      yAxis: { type: 'value', name: '总分', scale: true },
      series: names.map((n) => ({
        name: n,
        type: 'line' as const,
        data: h.periods.map((p) => {
          const r = h.rows.find((x) => x.period === p && x.managerName === n);
          return r ? +r.total.toFixed(2) : null;
        }),
      })),
    };
  }, [history.data]);

  const spec = a ? assessmentSpec(a) : null;
  return (
    <div data-testid="assessment-page">
      <PageHead title="月度考核" level={3}>
        <PeriodPicker
          value={period}
          onChange={(p) => {
            setPeriod(p);
            setLive(false);
          }}
          kinds={['month']}
        />
        <Button onClick={() => setEditing(true)}>编辑考核方案</Button>
        <Button
          onClick={() => {
            setLive(true);
            result.reload();
          }}
        >
          按最新数据重新计算
        </Button>
        <Button type="primary" onClick={save} data-testid="save-assessment">
          保存本月考核结果
        </Button>
        <PrintButton
          route={`/network/assessment/print?period=${month}`}
          landscape
          name={`客户经理月度考核表-${month}`}
          label="打印考核表"
        />
      </PageHead>
      {result.error && <Alert type="error" showIcon message={result.error.message} style={{ marginBottom: 12 }} />}
      {a && (
        <Alert
          type={a.source === 'saved' ? 'success' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          message={
            a.source === 'saved'
              ? `显示 ${a.savedAt?.slice(0, 10)} 由 ${a.savedBy} 保存的考核结果（方案：${a.scheme.name}）`
              : `即时计算结果（方案：${a.scheme.name}），保存后作为本月考核结果留存`
          }
          description={a.notes.length ? a.notes.join('；') : undefined}
        />
      )}
      {manualItems.length > 0 && (
        <Card size="small" title={`手工录入项目（${monthLabel(month)}）`} style={{ marginBottom: 12 }}>
          {manualItems.some((i) => i.unit === 'rate' || fromPlan(i.source)) && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="rate-hint">
              比率的录入：{RATE_HINT}。
            </Typography.Paragraph>
          )}
          <DataGrid
            columns={[
              { key: 'code', title: '工号', width: 8 },
              { key: 'name', title: '姓名', width: 8 },
              ...manualItems.map((i) => ({
                key: i.code,
                // rates are kept as fractions (1.0152) and shown as percentages (101.52%); typed as
                // 95、95% or 0.95 — a bare number above 1.5 is percentage points (RATE_HINT)
                title: `${i.name}${fromPlan(i.source) ? '（无计划时录入，%）' : i.unit === 'rate' ? '（%）' : '（分）'}`,
                type: i.unit === 'rate' || fromPlan(i.source) ? ('percent' as const) : ('number' as const),
                decimals: 2,
                editable: true,
                width: 22,
                parse:
                  i.unit === 'rate' || fromPlan(i.source)
                    ? numberParser({ decimals: 4, percent: 'fraction', pointsAbove: 1.5, min: 0, max: 5 })
                    : numberParser({ decimals: 2, min: 0 }),
              })),
            ]}
            rows={valueRows}
            rowKey={(r) => String(r.code)}
            rowKeys={(r) => [String(r.code), String(r.name)]}
            historyKey={month}
            // every 客户经理 in view (a county has up to a dozen or so), no inner scroll below that
            height={Math.min(560, 64 + valueRows.length * 36)}
            onCellsEdit={onEdit}
            testId="assessment-values"
          />
        </Card>
      )}
      <Card size="small" title="考核得分与排名" style={{ marginBottom: 12 }}>
        {spec && (
          <DataGrid
            // 总分 stays in sight at the right however many items the scheme has
            columns={spec.columns.map((c) => (c.key === 'total' ? { ...c, pinned: 'right' as const } : c))}
            rows={spec.rows}
            height={Math.min(520, 90 + spec.rows.length * 36)}
            exportSpec={{ title: spec.title, period: spec.period, unitLine: spec.unitLine, note: spec.note }}
            exportFileName={`客户经理月度考核表-${month}`}
            unitName={settings?.unitName}
            testId="assessment-grid"
          />
        )}
        {a && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
            {schemeNote(a)}
          </Typography.Paragraph>
        )}
      </Card>
      {a && (
        <Card size="small" title="考核项目明细" style={{ marginBottom: 12 }}>
          <Table
            size="small"
            pagination={false}
            rowKey="code"
            dataSource={a.scheme.items}
            columns={[
              { title: '项目', dataIndex: 'name' },
              {
                title: '类别',
                dataIndex: 'group',
                render: (g: string) => <Tag>{g === 'economic' ? '经济指标' : '基础指标'}</Tag>,
              },
              { title: '权重', dataIndex: 'weight' },
              { title: '数据来源', render: (_, i) => sourceText(i.source, i.unit) },
              { title: '计分', dataIndex: 'ruleText' },
            ]}
          />
        </Card>
      )}
      <Card size="small" title="近一年考核总分（已保存的月份）">
        {historyOption ? (
          <Chart option={historyOption} height={280} testId="assessment-history" />
        ) : (
          <Typography.Text type="secondary">尚无已保存的考核结果</Typography.Text>
        )}
        {history.data && history.data.periods.length > 0 && (
          <DataGrid
            columns={[
              { key: 'name', title: '客户经理', width: 14, pinned: 'left' as const },
              ...history.data.periods.flatMap((p) => [
                { key: `t_${p}`, title: '总分', group: monthLabel(p), type: 'number' as const, decimals: 2, width: 8 },
                { key: `r_${p}`, title: '名次', group: monthLabel(p), type: 'int' as const, width: 6 },
              ]),
            ]}
            rows={[...new Set(history.data.rows.map((r) => r.managerCode))].map((code) => {
              const mine = history.data!.rows.filter((r) => r.managerCode === code);
              const o: Record<string, unknown> = { name: `${mine[0].managerName}（${code}）` };
              for (const r of mine) {
                o[`t_${r.period}`] = r.total;
                o[`r_${r.period}`] = r.rank;
              }
              return o;
            })}
            // two header rows and the horizontal scroll bar above every manager's row: no inner scroll
            height={Math.min(600, 130 + 36 * new Set(history.data.rows.map((r) => r.managerCode)).size)}
            exportSpec={{
              title: '客户经理月度考核历史',
              period: `${monthLabel(history.data.from)}至${monthLabel(history.data.to)}`,
            }}
            exportFileName={`考核历史-${month}`}
            unitName={settings?.unitName}
            testId="assessment-history-grid"
          />
        )}
      </Card>
      <SchemeEditor open={editing} onClose={() => setEditing(false)} onSaved={() => result.reload()} />
    </div>
  );
}
