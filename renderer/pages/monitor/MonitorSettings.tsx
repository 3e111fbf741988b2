/** 设置 → 内管预警: the thresholds of the four rules and the 重点监管 品牌集 (DOMAIN.md 内管 warnings). */
import { useEffect, useState } from 'react';
import { App, Button, Card, Form, InputNumber, Select, Typography } from 'antd';
import { api, useCall, type ApiError } from '../../api/client';
import { useApp } from '../../app/AppContext';

const KEYS = [
  'monitorSurgeFactor',
  'monitorSurgeMinTiao',
  'monitorSurgeHistory',
  'monitorScarcePercent',
  'monitorScarceSet',
  'monitorOverGradeFactor',
] as const;

/** Two decimals at most (the rules compare exactly in hundredths). */
const twoDecimals = (label: string) => ({
  validator: (_: unknown, v: number | null) =>
    v === null || v === undefined || Math.abs(Math.round(v * 100) - v * 100) < 1e-6
      ? Promise.resolve()
      : Promise.reject(new Error(`${label}最多两位小数`)),
});

export function MonitorSettingsCard({ mayEdit }: { mayEdit: boolean }) {
  const { settings, reload } = useApp();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const sets = useCall('masterdata.sets', {}, []);
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
  const required = (label: string) => ({ required: true, message: `请填写${label}` });
  const productSets = (sets.data ?? []).filter((s) => s.kind === 'products');
  const missing = sets.data && settings && !productSets.some((s) => s.name === settings.monitorScarceSet);
  return (
    <Card title="内管预警" size="small" style={{ marginTop: 16 }} data-testid="monitor-settings">
      <Form form={form} layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 16 }} disabled={!mayEdit}>
        <Form.Item
          label="订量突增倍数"
          name="monitorSurgeFactor"
          rules={[required('订量突增倍数'), twoDecimals('倍数')]}
          extra="某规格当日订购量达到前几次订货平均的这个倍数"
        >
          <InputNumber min={1} max={100} step={0.1} addonAfter="倍" data-testid="settings-surge-factor" />
        </Form.Item>
        <Form.Item label="且至少超出" name="monitorSurgeMinTiao" rules={[required('超出条数')]}>
          <InputNumber min={0} max={100000} precision={0} addonAfter="条" />
        </Form.Item>
        <Form.Item
          label="比较前几次订货"
          name="monitorSurgeHistory"
          rules={[required('次数')]}
          extra="之前订货不足这些次的不预警"
        >
          <InputNumber min={1} max={30} precision={0} addonAfter="次" />
        </Form.Item>
        <Form.Item
          label="紧俏集中占比"
          name="monitorScarcePercent"
          rules={[required('占比'), twoDecimals('占比')]}
          extra="一周内订购某规格占全县该规格订购量的比例"
        >
          <InputNumber min={0.01} max={100} step={0.5} addonAfter="%" data-testid="settings-scarce-percent" />
        </Form.Item>
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
        <Form.Item
          label="超档位倍数"
          name="monitorOverGradeFactor"
          rules={[required('超档位倍数'), twoDecimals('倍数')]}
          extra="月订购量达到同档位正常经营客户中位数的这个倍数"
        >
          <InputNumber min={1} max={100} step={0.5} addonAfter="倍" />
        </Form.Item>
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
    </Card>
  );
}
