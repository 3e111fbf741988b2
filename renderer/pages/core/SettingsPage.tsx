/**
 * 设置: unit, archive codes, backups (schedule, 立即备份, restore) and 关于.
 */
import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { api, ApiError, dataChanged, useCall } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { can, useMe } from '../accounts/session';
import { MonitorSettingsCard } from '../monitor/MonitorSettings';
import { SupplySettingsCard } from '../supply/SupplySettings';
import { localTimeText } from '../../../common/days';

/** The report definitions a clerk may choose (DOMAIN.md: the default first). */
const BASIS_SELECTS = [
  {
    name: 'activeRateBasis',
    label: '动销率口径',
    extra: '报表的口径说明会写明所用的口径。',
    testId: 'settings-active-basis',
    options: [
      { value: 'customers', label: '按客户：本期订货户 ÷ 前三期订过货的客户（默认）' },
      { value: 'specs', label: '按规格：有销量的在销规格数 ÷ 在销规格数' },
    ],
  },
  {
    name: 'fulfilmentBasis',
    label: '订足率口径',
    extra: undefined,
    testId: 'settings-fulfilment-basis',
    options: [
      { value: 'volume', label: '按数量：Σ订购量 ÷ Σ需求量（默认）' },
      { value: 'lines', label: '按订单行：订足的行 ÷ 有需求的行' },
    ],
  },
];

export function SettingsPage() {
  const { settings, info, reload } = useApp();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const backups = useCall('system.backups', {});
  // What the role may do decides which buttons show; the router enforces it regardless.
  const me = useMe();
  const mayEdit = can(me, 'settings');
  useEffect(() => {
    if (settings) form.setFieldsValue(settings);
  }, [settings, form]);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.call('settings.update', {
        unitName: v.unitName ?? '',
        fondsNo: v.fondsNo,
        fondsName: v.fondsName ?? '',
        orgCode: v.orgCode,
        orgName: v.orgName ?? '',
        fiscalYear: v.fiscalYear,
        backupDir: v.backupDir ?? '',
        backupDaily: v.backupDaily,
        backupKeep: v.backupKeep,
        activeRateBasis: v.activeRateBasis,
        fulfilmentBasis: v.fulfilmentBasis,
      });
      message.success('设置已保存');
      reload();
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setSaving(false);
    }
  };
  const [backingUp, setBackingUp] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const backupNow = async () => {
    setBackingUp(true);
    try {
      const r = await api.call('system.backupNow', {});
      message.success(`已备份到 ${r.file}`);
      backups.reload();
      reload();
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setBackingUp(false);
    }
  };
  const restore = async (file: string) => {
    setRestoring(true);
    const hide = message.loading('正在恢复备份……', 0);
    try {
      const r = await api.call('system.restore', { file });
      message.success(`已恢复。原数据库保留为 ${r.keptAs ?? '（无）'}`);
      // every page (and the file-check notice) asks again: what shows is the restored data
      dataChanged();
      reload();
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      hide();
      setRestoring(false);
    }
  };
  return (
    <div data-testid="settings-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        设置
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="单位与档案" size="small">
            <Form form={form} layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 16 }}>
              <Form.Item label="单位名称" name="unitName" rules={[{ max: 60 }]}>
                <Input placeholder="例如：某某县烟草专卖局（分公司）" data-testid="unitName" />
              </Form.Item>
              <Form.Item label="年度" name="fiscalYear" rules={[{ required: true, message: '请填写年度' }]}>
                <InputNumber min={2000} max={2100} />
              </Form.Item>
              <Form.Item
                label="全宗号"
                name="fondsNo"
                rules={[{ required: true, pattern: /^[0-9A-Za-z]{4}$/, message: '全宗号应为4位数字或字母' }]}
              >
                <Input style={{ width: 120 }} />
              </Form.Item>
              <Form.Item label="全宗名称" name="fondsName">
                <Input />
              </Form.Item>
              <Form.Item
                label="机构(问题)代码"
                name="orgCode"
                rules={[{ required: true, pattern: /^[A-Z]{1,6}$/, message: '机构代码应为1–6位大写字母，如 KFB' }]}
              >
                <Input style={{ width: 120 }} />
              </Form.Item>
              <Form.Item label="机构名称" name="orgName">
                <Input style={{ width: 200 }} />
              </Form.Item>
              <Form.Item
                label="备份文件夹"
                name="backupDir"
                extra="留空则使用数据文件夹中的备份文件夹。可以选择U盘上的文件夹。"
              >
                <Input placeholder={info?.backupDir} />
              </Form.Item>
              <Form.Item label="每日自动备份" name="backupDaily" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item label="保留自动备份" name="backupKeep" rules={[{ required: true }]}>
                <InputNumber min={1} max={365} addonAfter="份" />
              </Form.Item>
              {BASIS_SELECTS.map((b) => (
                <Form.Item key={b.name} label={b.label} name={b.name} extra={b.extra}>
                  <Select style={{ width: 440 }} options={b.options} data-testid={b.testId} />
                </Form.Item>
              ))}
              <Form.Item wrapperCol={{ offset: 6 }}>
                {mayEdit ? (
                  <Button type="primary" onClick={save} loading={saving} data-testid="save-settings">
                    保存设置
                  </Button>
                ) : (
                  <Typography.Text type="secondary" data-testid="settings-readonly">
                    当前账号只能查看设置，修改请找内勤或管理员
                  </Typography.Text>
                )}
              </Form.Item>
            </Form>
          </Card>
          <MonitorSettingsCard mayEdit={mayEdit} />
          <SupplySettingsCard mayEdit={mayEdit} />
        </Col>
        <Col xs={24} xl={10}>
          <Card title="关于" size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label="程序版本">{info?.version}</Descriptions.Item>
              <Descriptions.Item label="数据库文件">{info?.dbPath}</Descriptions.Item>
              <Descriptions.Item label="数据库结构版本">{info?.schemaVersion}</Descriptions.Item>
              <Descriptions.Item label="数据库引擎版本">{info?.sqliteVersion}</Descriptions.Item>
              <Descriptions.Item label="最近备份">
                {info?.lastBackupAt ? localTimeText(info.lastBackupAt) : '尚未备份'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            title="备份与恢复"
            size="small"
            style={{ marginTop: 16 }}
            extra={
              can(me, 'edit') ? (
                <Button onClick={backupNow} loading={backingUp} disabled={restoring} data-testid="backup-now">
                  立即备份
                </Button>
              ) : null
            }
          >
            <Table
              size="small"
              rowKey="file"
              pagination={{ pageSize: 6 }}
              dataSource={backups.data ?? []}
              locale={{ emptyText: '还没有备份' }}
              columns={[
                { title: '备份文件', dataIndex: 'file', render: (f: string) => f.split(/[\\/]/).pop() },
                { title: '时间', dataIndex: 'mtime', render: (t: string) => localTimeText(t) },
                { title: '大小', dataIndex: 'size', render: (s: number) => (s / 1024 / 1024).toFixed(2) + ' MB' },
                {
                  title: '',
                  render: (_: unknown, r: { file: string }) =>
                    !can(me, 'admin') ? null : (
                      <Popconfirm
                        title="用这个备份替换当前数据库？当前数据库会另存一份。"
                        okText="恢复"
                        cancelText="取消"
                        onConfirm={() => restore(r.file)}
                      >
                        <a>恢复</a>
                      </Popconfirm>
                    ),
                },
              ]}
            />
            <Space />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
