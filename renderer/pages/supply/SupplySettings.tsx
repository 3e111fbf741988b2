/** 设置 → 货源投放评估: the thresholds that mark a spec 偏紧 or 偏松 after the week (docs/supply.md). */
import { useEffect } from 'react';
import { Button, Card, Form, InputNumber, Typography } from 'antd';
import { api } from '../../api/client';
import { useAction } from '../../components/useAction';
import { useApp } from '../../app/AppContext';

/** The three thresholds: Settings key, label, name in messages, range (whole percent) and what it does. */
const FIELDS = [
  {
    name: 'supplyTightPercent',
    label: '偏紧：满足率不低于',
    short: '偏紧满足率',
    min: 1,
    max: 100,
    extra: '订购户平均订到其每户限量的这个比例（且投放利用率不低于下面的比例）时，规格判为偏紧',
  },
  {
    name: 'supplyLoosePercent',
    label: '偏松：投放利用率低于',
    short: '偏松利用率',
    min: 0,
    max: 100,
    extra: '订购量不到投放量的这个比例时，规格判为偏松，下周建议可用量 = 订购量 + 机动量',
  },
  {
    name: 'supplyRaisePercent',
    label: '偏紧时建议增加',
    short: '偏紧建议增量',
    min: 0,
    max: 500,
    extra: '偏紧规格下周建议可用量 = 本周可用量 ×（1 + 这个比例），向上取整到条',
  },
] as const;

const wholePercent = (label: string, min: number, max: number) => ({
  validator: (_: unknown, v: number | null | undefined) => {
    if (v === null || v === undefined) return Promise.reject(new Error(`请填写${label}`));
    if (!Number.isInteger(v)) return Promise.reject(new Error(`${label}必须是整数（%）`));
    if (v < min || v > max) return Promise.reject(new Error(`${label}应在 ${min}–${max}% 之间`));
    return Promise.resolve();
  },
});

export function SupplySettingsCard({ mayEdit }: { mayEdit: boolean }) {
  const { settings, reload } = useApp();
  const [form] = Form.useForm();
  const { busy: saving, run } = useAction();
  useEffect(() => {
    if (settings) form.setFieldsValue(Object.fromEntries(FIELDS.map((f) => [f.name, settings[f.name]])));
  }, [settings, form]);
  const save = async () => {
    const v = await form.validateFields();
    const done = await run(
      () => api.call('settings.update', Object.fromEntries(FIELDS.map((f) => [f.name, v[f.name]]))),
      '货源投放评估设置已保存，周后评估和下周建议按新设置',
    );
    if (done) reload();
  };
  return (
    <Card title="货源投放评估" size="small" style={{ marginTop: 16 }} data-testid="supply-settings">
      <Form form={form} layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 16 }} disabled={!mayEdit}>
        {FIELDS.map((f) => (
          <Form.Item
            key={f.name}
            label={f.label}
            name={f.name}
            rules={[wholePercent(f.short, f.min, f.max)]}
            extra={f.extra}
          >
            <InputNumber addonAfter="%" data-testid={`settings-${f.name}`} />
          </Form.Item>
        ))}
        <Form.Item wrapperCol={{ offset: 8 }}>
          {mayEdit ? (
            <Button type="primary" onClick={save} loading={saving} data-testid="save-supply-settings">
              保存货源投放评估设置
            </Button>
          ) : (
            <Typography.Text type="secondary">当前账号只能查看</Typography.Text>
          )}
        </Form.Item>
      </Form>
    </Card>
  );
}
