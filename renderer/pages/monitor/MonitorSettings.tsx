/** 设置 → 内管预警: the thresholds of the four rules and the 重点监管 品牌集 (DOMAIN.md 内管 warnings). */
import { useEffect, useState } from 'react';
import { App, Button, Card, Divider, Form, InputNumber, Select, Typography } from 'antd';
import { api, useCall, type ApiError } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { JobProgress, useJob } from '../../components/JobProgress';

const KEYS = [
  'monitorSurgeFactor',
  'monitorSurgeMinTiao',
  'monitorSurgeHistory',
  'monitorScarcePercent',
  'monitorScarceSet',
  'monitorOverGradeFactor',
] as const;

const REBUILD_NOTE =
  '订量突增、紧俏集中和超档位按各客户各规格的订货日数据检查，导入、替换或撤销订单时自动更新。' +
  '订单不是经导入改动的（例如用其他工具改过数据文件），检查结果与订单对不上时，可以按订单明细重建。' +
  '重建期间可以取消，取消后原数据不变。';

/** Two decimals at most (the rules compare exactly in hundredths). */
const twoDecimals = (label: string) => ({
  validator: (_: unknown, v: number | null) =>
    v === null || v === undefined || Math.abs(Math.round(v * 100) - v * 100) < 1e-6
      ? Promise.resolve()
      : Promise.reject(new Error(`${label}最多两位小数`)),
});

/** A threshold typed as a number: its label, what a missing value is called, bounds and unit. */
interface Threshold {
  name: (typeof KEYS)[number];
  label: string;
  what: string;
  min: number;
  max: number;
  unit: string;
  /** a step of the arrows, or whole numbers only */
  step?: number;
  whole?: boolean;
  /** the word in 「…最多两位小数」 for a value kept in hundredths */
  hundredths?: string;
  extra?: string;
  testId?: string;
}

const SURGE: Threshold[] = [
  {
    name: 'monitorSurgeFactor',
    label: '订量突增倍数',
    what: '订量突增倍数',
    min: 1,
    max: 100,
    step: 0.1,
    unit: '倍',
    hundredths: '倍数',
    extra: '某规格当日订购量达到前几次订货平均的这个倍数',
    testId: 'settings-surge-factor',
  },
  { name: 'monitorSurgeMinTiao', label: '且至少超出', what: '超出条数', min: 0, max: 100000, whole: true, unit: '条' },
  {
    name: 'monitorSurgeHistory',
    label: '比较前几次订货',
    what: '次数',
    min: 1,
    max: 30,
    whole: true,
    unit: '次',
    extra: '之前订货不足这些次的不预警',
  },
];
const SCARCE_PERCENT: Threshold = {
  name: 'monitorScarcePercent',
  label: '紧俏集中占比',
  what: '占比',
  min: 0.01,
  max: 100,
  step: 0.5,
  unit: '%',
  hundredths: '占比',
  extra: '一周内订购某规格占全县该规格订购量的比例',
  testId: 'settings-scarce-percent',
};
const OVER_GRADE: Threshold = {
  name: 'monitorOverGradeFactor',
  label: '超档位倍数',
  what: '超档位倍数',
  min: 1,
  max: 100,
  step: 0.5,
  unit: '倍',
  hundredths: '倍数',
  extra: '月订购量达到同档位正常经营客户中位数的这个倍数',
};

const required = (label: string) => ({ required: true, message: `请填写${label}` });

function ThresholdItem({ t }: { t: Threshold }) {
  return (
    <Form.Item
      label={t.label}
      name={t.name}
      rules={[required(t.what), ...(t.hundredths ? [twoDecimals(t.hundredths)] : [])]}
      extra={t.extra}
    >
      <InputNumber
        min={t.min}
        max={t.max}
        step={t.step}
        precision={t.whole ? 0 : undefined}
        addonAfter={t.unit}
        data-testid={t.testId}
      />
    </Form.Item>
  );
}

export function MonitorSettingsCard({ mayEdit }: { mayEdit: boolean }) {
  const { settings, reload } = useApp();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const sets = useCall('masterdata.sets', {}, []);
  const rebuild = useJob<{ message: string }>();
  const [rebuilt, setRebuilt] = useState<string | null>(null);
  const startRebuild = async () => {
    setRebuilt(null);
    const r = await rebuild.start('monitor.rebuild', {});
    if (r) {
      setRebuilt(r.message);
      message.success('订货日数据已重建');
    }
  };
  useEffect(() => {
    if (settings) form.setFieldsValue(Object.fromEntries(KEYS.map((k) => [k, settings[k]])));
  }, [settings, form]);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      // the 品牌集 is checked only when it is changed (another threshold can be saved while it is missing)
      const keys = KEYS.filter((k) => k !== 'monitorScarceSet' || v[k] !== settings?.monitorScarceSet);
      await api.call('settings.update', Object.fromEntries(keys.map((k) => [k, v[k]])));
      message.success('内管预警设置已保存，下次检查订单时按新设置');
      reload();
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setSaving(false);
    }
  };
  const productSets = (sets.data ?? []).filter((s) => s.kind === 'products');
  const missing = sets.data && settings && !productSets.some((s) => s.name === settings.monitorScarceSet);
  return (
    <Card title="内管预警" size="small" style={{ marginTop: 16 }} data-testid="monitor-settings">
      <Form form={form} layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 16 }} disabled={!mayEdit}>
        {SURGE.map((t) => (
          <ThresholdItem key={t.name} t={t} />
        ))}
        <ThresholdItem t={SCARCE_PERCENT} />
        <Form.Item
          label="重点监管品牌集"
          name="monitorScarceSet"
          rules={[required('重点监管品牌集')]}
          extra={
            missing
              ? `还没有名为“${settings?.monitorScarceSet}”的卷烟品牌集，紧俏集中暂不检查；请先在“品牌集/客户集”中建立后在此选择`
              : '紧俏集中只检查这个品牌集里的规格；品牌集在“品牌集/客户集”中建立'
          }
        >
          <Select
            style={{ width: 240 }}
            showSearch
            placeholder="选择品牌集"
            options={productSets.map((s) => ({ value: s.name, label: s.name }))}
            notFoundContent="还没有卷烟品牌集"
            data-testid="settings-scarce-set"
          />
        </Form.Item>
        <ThresholdItem t={OVER_GRADE} />
        <Form.Item wrapperCol={{ offset: 8 }}>
          {mayEdit ? (
            <Button type="primary" onClick={save} loading={saving} data-testid="save-monitor-settings">
              保存内管预警设置
            </Button>
          ) : (
            <Typography.Text type="secondary">当前账号只能查看</Typography.Text>
          )}
        </Form.Item>
      </Form>
      {mayEdit && (
        <>
          <Divider style={{ margin: '8px 0 12px' }} />
          <Typography.Paragraph type="secondary">{REBUILD_NOTE}</Typography.Paragraph>
          <Button disabled={rebuild.state.running} onClick={startRebuild} data-testid="monitor-rebuild">
            重建订货日数据
          </Button>
          {rebuilt && (
            <Typography.Paragraph
              type="success"
              style={{ marginTop: 8, marginBottom: 0 }}
              data-testid="monitor-rebuilt"
            >
              {rebuilt}
            </Typography.Paragraph>
          )}
          <div style={{ marginTop: 12 }}>
            <JobProgress state={rebuild.state} onCancel={rebuild.cancel} label="正在重建订货日数据" />
          </div>
        </>
      )}
    </Card>
  );
}
