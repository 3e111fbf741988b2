/**
 * First run: unit name and year, then an empty database (with the import
 * guide) or a generated demo county clearly marked 示例数据.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Space, Steps, Typography } from 'antd';
import { api, ApiError } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { JobProgress, useJob } from '../../components/JobProgress';

/** The job that fills a demo county (provided by the master-data module). */
export const DEMO_JOB = 'masterdata.demo';

export function FirstRunWizard() {
  const { settings, reload } = useApp();
  const [step, setStep] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const demo = useJob();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await api.call('settings.update', { unitName: v.unitName, fiscalYear: v.fiscalYear });
      setError(null);
      setStep(1);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  const finish = async (withDemo: boolean) => {
    if (withDemo) {
      const r = await demo.start(DEMO_JOB, { size: 'small' });
      if (r === undefined) return;
    }
    await api.call('settings.update', { setupDone: true });
    reload();
  };
  return (
    <Modal open title="欢迎使用县级营销内勤工作台" footer={null} closable={false} width={560} data-testid="first-run">
      <Steps
        current={step}
        size="small"
        items={[{ title: '单位信息' }, { title: '开始使用' }]}
        style={{ marginBottom: 20 }}
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {step === 0 ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ unitName: settings?.unitName, fiscalYear: settings?.fiscalYear }}
        >
          <Form.Item
            label="单位名称"
            name="unitName"
            rules={[{ required: true, message: '请填写单位名称，例如：某某县烟草专卖局（营销部）' }]}
          >
            <Input placeholder="例如：某某县烟草专卖局（分公司）" maxLength={60} />
          </Form.Item>
          <Form.Item label="年度" name="fiscalYear" rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Button type="primary" onClick={save}>
            下一步
          </Button>
        </Form>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>
            可以从空数据库开始：到“数据导入”中依次导入客户经理、线路、零售客户、卷烟规格和订单明细（省级营销系统导出的
            Excel 或 CSV 文件）。
          </Typography.Paragraph>
          <Typography.Paragraph>也可以先载入一个生成的示例县（标记为“示例数据”）来熟悉各项功能。</Typography.Paragraph>
          <JobProgress state={demo.state} label="正在生成示例数据" />
          <Space>
            <Button type="primary" onClick={() => finish(false)} disabled={demo.state.running}>
              从空数据库开始
            </Button>
            <Button onClick={() => finish(true)} loading={demo.state.running} data-testid="load-demo">
              载入示例数据
            </Button>
          </Space>
        </Space>
      )}
    </Modal>
  );
}
