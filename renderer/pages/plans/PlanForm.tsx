/** 计划编制's form: name, year, level, period, unit, scope, targets, base period, floor and the methods. */
import { Button, Card, Col, DatePicker, Input, InputNumber, Row, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useCall } from '../../api/client';
import { isOrgLevel, LEVEL_LABELS, METHOD_OPTIONS, UNIT_OPTIONS, type Level, type PlanUnit } from './common';
import { amountYuanOf, type Draft, type MethodRow } from './planDraft';

export function PlanForm({
  draft,
  update,
  editable,
  isNew,
}: {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  editable: boolean;
  /** year, level and period are fixed once a plan is saved */
  isNew: boolean;
}) {
  const options = useCall('masterdata.options', {}, []);
  const unit = draft.unit;
  const amountYuan = amountYuanOf(draft.amountWan);
  const targetXiang = Number(draft.target);
  const perCase = amountYuan !== null && targetXiang > 0 ? amountYuan / targetXiang : null;
  return (
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
              disabled={!editable || !isNew}
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
              disabled={!editable || !isNew}
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
              disabled={!editable || !isNew || draft.level === 'month'}
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
        <Col span={6}>
          <Field label="销售额下限（去年同期金额的比例）">
            <Input
              value={draft.amountFloorRatio}
              disabled={!editable || !draft.amountWan.trim()}
              onChange={(e) => update({ amountFloorRatio: e.target.value })}
              placeholder={draft.amountWan.trim() ? '如 0.9；留空不设' : '先填金额目标'}
              data-testid="plan-amount-floor"
            />
          </Field>
        </Col>
        <Col span={6}>
          <Field label="单箱值目标（元/箱，可选）">
            <Input
              value={draft.perCaseYuan}
              disabled={!editable}
              onChange={(e) => update({ perCaseYuan: e.target.value })}
              placeholder={perCase !== null ? `默认 ${perCase.toFixed(2)}` : '默认 金额÷箱数'}
              data-testid="plan-per-case"
            />
          </Field>
        </Col>
        <Col span={6}>
          <Field label="一类烟占比目标（%，可选）">
            <Input
              value={draft.classOneShare}
              disabled={!editable}
              onChange={(e) => update({ classOneShare: e.target.value })}
              placeholder="如 45.5"
              data-testid="plan-class-one"
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
  );
}

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <div style={{ fontSize: 12, color: '#666', marginBottom: 2 }}>{label}</div>
      {children}
    </div>
  );
}
