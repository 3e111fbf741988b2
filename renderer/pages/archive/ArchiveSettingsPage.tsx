/**
 * 档案设置: 机关代字, the number patterns of the three registers and the
 * attachment size limit (keys of the shared Settings), with the next numbers
 * they would give. 全宗号 and 机构代码 are on the main 设置 page.
 */
import { useEffect } from 'react';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Typography } from 'antd';
import { api, useCall } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { JobProgress, useJob } from '../../components/JobProgress';
import { useAction } from '../../components/useAction';
import { PageHead } from '../../components/PageHead';

interface Values {
  archiveOrgAbbr: string;
  archiveInPattern: string;
  archiveOutPattern: string;
  archiveReportPattern: string;
  attachmentMaxMb: number;
}

/** The clerk writes 〔年份〕〔序号〕〔代字〕 in Chinese; the stored patterns use {year}, {n}, {abbr}. */
const TOKENS: [string, string][] = [
  ['{year}', '[年份]'],
  ['{n}', '[序号]'],
  ['{abbr}', '[代字]'],
];
export const toChineseTokens = (p: string) => TOKENS.reduce((s, [k, c]) => s.split(k).join(c), p ?? '');
export const fromChineseTokens = (p: string) => TOKENS.reduce((s, [k, c]) => s.split(c).join(k), p ?? '');
const PATTERN_KEYS = ['archiveInPattern', 'archiveOutPattern', 'archiveReportPattern'] as const;

const pattern = [
  { required: true, message: '请填写编号格式' },
  { pattern: /\[序号\]/, message: '编号格式必须含有 [序号]' },
];

export function ArchiveSettingsPage() {
  const { message } = App.useApp();
  const { run } = useAction();
  const { settings, reload } = useApp();
  const [form] = Form.useForm<Values>();
  const next = useCall('archive.nextNumbers', {}, [settings]);
  const reindex = useJob<{ documents: number }>();
  useEffect(() => {
    if (!settings) return;
    const v = { ...(settings as unknown as Values) };
    for (const k of PATTERN_KEYS) v[k] = toChineseTokens(v[k]);
    form.setFieldsValue(v);
  }, [settings, form]);
  const save = async () => {
    const v = { ...(await form.validateFields()) };
    for (const k of PATTERN_KEYS) v[k] = fromChineseTokens(v[k]);
    if (await run(() => api.call('settings.update', v), '档案设置已保存')) {
      reload();
      next.reload();
    }
  };
  return (
    <div data-testid="archive-settings">
      <PageHead title="档案设置" />
      <Card size="small" style={{ maxWidth: 720 }}>
        <Form form={form} layout="vertical">
          <Form.Item
            name="archiveOrgAbbr"
            label="机关代字（用于发文字号，如“县烟营”）"
            rules={[{ required: true, whitespace: true, message: '请填写机关代字' }]}
          >
            <Input maxLength={20} />
          </Form.Item>
          <Typography.Paragraph type="secondary">
            编号格式中 [年份] 换成年份，[序号] 换成当年序号，[代字] 换成机关代字，例如“收〔[年份]〕[序号]号”。序号每年从
            1 开始，已用过的号不再使用。
          </Typography.Paragraph>
          <Form.Item name="archiveInPattern" label="收文号格式" rules={pattern}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="archiveOutPattern" label="发文字号格式" rules={pattern}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="archiveReportPattern" label="报表报送编号格式" rules={pattern}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="attachmentMaxMb"
            label="单个附件大小上限（MB）"
            rules={[{ required: true, message: '请填写上限' }]}
          >
            <InputNumber min={1} max={500} precision={0} />
          </Form.Item>
          <Button type="primary" onClick={save}>
            保存
          </Button>
        </Form>
      </Card>
      {next.data && (
        <Card size="small" title={`${next.data.year}年下一个编号`} style={{ maxWidth: 720, marginTop: 16 }}>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="收文">{next.data.收文}</Descriptions.Item>
            <Descriptions.Item label="发文">{next.data.发文}</Descriptions.Item>
            <Descriptions.Item label="报送">{next.data.报送}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card size="small" title="检索索引" style={{ maxWidth: 720, marginTop: 16 }}>
        <Typography.Paragraph type="secondary">
          检索结果与文件内容对不上时（例如从旧版本升级后），可以重建检索索引。重建期间可以取消，取消后原索引不变。
        </Typography.Paragraph>
        <Button
          disabled={reindex.state.running}
          onClick={async () => {
            const r = await reindex.start('archive.reindex', {});
            if (r) message.success(`已重建 ${r.documents} 件文件的检索索引`);
          }}
        >
          重建检索索引
        </Button>
        <div style={{ marginTop: 12 }}>
          <JobProgress state={reindex.state} onCancel={reindex.cancel} label="正在重建检索索引" />
        </div>
      </Card>
    </div>
  );
}
