/**
 * One register entry: its fields, 处理情况, attachments (preview of PDF and
 * images, save, add, remove), 传阅, 借阅, 归档 and its history.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ColumnsType } from 'antd/es/table';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, useCall, type ApiError } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PrintButton } from '../../components/PrintButton';
import { DocForm } from './DocForm';
import { TEXT_EXTRACTING, unreadableNotes } from '../../../common/attachmentText';
import { localTimeText } from '../../../common/days';
import {
  base64ToBlob,
  download,
  fileToBase64,
  fmtSize,
  labelsOf,
  RETENTION_LABELS,
  RetentionAndOrgItems,
  StatusTag,
  TextStatus,
  useTextExtractionRefresh,
  type Kind,
} from './common';

const NEXT_STATUS: Record<string, string[]> = {
  待处理: ['已阅', '转交', '办结'],
  已阅: ['转交', '办结'],
  转交: ['已阅', '办结'],
  办结: ['转交'],
};

export function DocDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { message, modal } = App.useApp();
  const { settings } = useApp();
  const detail = useCall('archive.get', id === null ? null : { id }, [id]);
  useTextExtractionRefresh(!!detail.data?.attachments.some((a) => a.textStatus === TEXT_EXTRACTING));
  const [editing, setEditing] = useState(false);
  const [filing, setFiling] = useState(false);
  const [lending, setLending] = useState(false);
  const [preview, setPreview] = useState<{ url: string; mime: string; name: string } | null>(null);
  // What is open on top of the drawer. A dialog stays on top of the Escape key until it has
  // faded out, so an Escape pressed just after 归档 or 借出 reaches a dialog that is already
  // closed; it is meant for the drawer, and closes it.
  const confirming = useRef(false);
  const ask = async (config: Parameters<typeof modal.confirm>[0]): Promise<boolean> => {
    confirming.current = true;
    try {
      return await modal.confirm(config);
    } finally {
      confirming.current = false;
    }
  };
  const dialogOpen = useRef(false);
  dialogOpen.current = editing || filing || lending || preview !== null;
  useEffect(() => {
    if (id === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || dialogOpen.current || confirming.current) return;
      // Focus left on a dialog that is fading out, or dropped to the page when it went: the drawer
      // handles an Escape pressed inside itself, these two it never sees.
      const t = e.target;
      if (t === document.body || (t instanceof Element && t.closest('.ant-modal-wrap'))) onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [id, onClose]);
  const [readForm] = Form.useForm<{ reader: string; comment?: string }>();
  const [fileForm] = Form.useForm<{ retention: 'Y' | 'D30' | 'D10'; orgCode: string; year: number; pages?: number }>();
  const [lendForm] = Form.useForm<{ borrower: string; dueOn: Dayjs; purpose?: string }>();

  const d = detail.data?.doc;
  const kind = (d?.kind ?? '收文') as Kind;
  const L = labelsOf(kind);
  const changed = () => {
    detail.reload();
    onChanged();
  };
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      changed();
      return true;
    } catch (e) {
      message.error((e as ApiError).message);
      return false;
    }
  };

  const openAttachment = async (attachmentId: number, save: boolean) => {
    try {
      const a = await api.call('archive.attachment', { attachmentId });
      if (save || !a.previewMime) {
        // Documents and images are saved directly; anything else may be a program, so ask first.
        if (!SAFE_TYPES.has(a.type)) {
          const sure = await ask({
            title: `保存“${a.name}”？`,
            content: `这个附件不是常见的文档或图片（${TYPE_NAMES[a.type] ?? a.type}），可能含有可执行内容。工作台不会打开或运行它；保存后请先用杀毒软件检查，再用可信的程序打开。`,
            okText: '仍然保存',
            cancelText: '取消',
          });
          if (sure) download(a.base64, a.name);
          return;
        }
        download(a.base64, a.name);
        return;
      }
      setPreview({
        url: URL.createObjectURL(base64ToBlob(a.base64, a.previewMime)),
        mime: a.previewMime,
        name: a.name,
      });
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const submitFile = async () => {
    const v = await fileForm.validateFields();
    // 归档 is final: a 收文 not yet 办结 is filed only when the clerk says so
    if (kind === '收文' && d && d.status !== '办结') {
      const sure = await ask({
        title: '此收文尚未办结',
        content: `“${d.number}”当前状态为“${d.status}”。归档后不能修改、删除或再改变办理状态，确定现在归档吗？`,
        okText: '仍然归档',
        cancelText: '返回',
        okButtonProps: { danger: true, ...({ 'data-testid': 'file-unfinished-ok' } as Record<string, string>) },
      });
      if (!sure) return;
    }
    const ok = await run(async () => {
      const r = await api.call('archive.file', {
        id: id!,
        retention: v.retention,
        orgCode: v.orgCode.toUpperCase(),
        year: v.year,
        ...(v.pages ? { pages: v.pages } : {}),
      });
      message.info(`档号：${r.archiveNo}`);
    }, '已归档');
    if (ok) setFiling(false);
  };

  const submitLend = async () => {
    const v = await lendForm.validateFields();
    const ok = await run(
      () =>
        api.call('archive.lend', {
          docId: id!,
          borrower: v.borrower.trim(),
          dueOn: v.dueOn.format('YYYY-MM-DD'),
          purpose: v.purpose?.trim(),
        }),
      '已登记借出',
    );
    if (ok) setLending(false);
  };

  const filed = !!d?.archiveNo;
  const openLoan = detail.data?.loans.find((l) => !l.returnedOn);
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      width={860}
      title={d ? `${d.number}　${d.title}` : '文件详情'}
      destroyOnHidden
      data-testid="doc-drawer"
    >
      {detail.error && <Typography.Text type="danger">{detail.error.message}</Typography.Text>}
      {d && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <StatusTag status={d.status} dueDate={d.dueDate} />
            {d.archiveNo && (
              <Tag color="blue" data-testid="archive-no">
                档号 {d.archiveNo}
              </Tag>
            )}
            {d.appraisal && <Tag color="red">已鉴定{d.appraisal}</Tag>}
            {openLoan && (
              <Tag color="purple">
                原件借出：{openLoan.borrower}，应还 {openLoan.dueOn}
              </Tag>
            )}
          </Space>
          <Space wrap style={{ marginBottom: 16 }}>
            {!filed && <Button onClick={() => setEditing(true)}>修改</Button>}
            {!filed &&
              kind === '收文' &&
              (NEXT_STATUS[d.status] ?? []).map((s) => (
                <Button
                  key={s}
                  onClick={() =>
                    run(() => api.call('archive.setStatus', { id: d.id, status: s as '已阅' }), `处理情况已改为“${s}”`)
                  }
                >
                  标为{s}
                </Button>
              ))}
            {!filed && (
              <Button
                type="primary"
                data-testid="file-button"
                onClick={() => {
                  fileForm.setFieldsValue({
                    retention: 'D30',
                    orgCode: settings?.orgCode ?? 'KFB',
                    year: d.year,
                    pages: d.pages ?? undefined,
                  });
                  setFiling(true);
                }}
              >
                归档
              </Button>
            )}
            {filed && (
              <PrintButton
                route={`/archive/stamp/print?id=${d.id}`}
                name={`归档章-${d.archiveNo}`}
                label="打印归档章"
              />
            )}
            {!openLoan && (
              <Button
                onClick={() => {
                  lendForm.setFieldsValue({ dueOn: dayjs().add(7, 'day') });
                  setLending(true);
                }}
              >
                借出原件
              </Button>
            )}
            {openLoan && (
              <Button onClick={() => run(() => api.call('archive.returnLoan', { loanId: openLoan.id }), '已登记归还')}>
                登记归还
              </Button>
            )}
            {!filed && (
              <Popconfirm
                title="删除这条登记？"
                description="编号不会再被使用；删除记入审计日志。"
                okText="删除"
                cancelText="取消"
                onConfirm={() =>
                  run(() => api.call('archive.delete', { id: d.id }), '已删除').then((ok) => ok && onClose())
                }
              >
                <Button danger>删除</Button>
              </Popconfirm>
            )}
          </Space>

          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={L.number}>{d.number}</Descriptions.Item>
            <Descriptions.Item label={L.date}>{d.date}</Descriptions.Item>
            {kind === '收文' && <Descriptions.Item label="来文机关">{d.fromOrg}</Descriptions.Item>}
            {kind === '收文' && <Descriptions.Item label={L.docNo}>{d.docNo}</Descriptions.Item>}
            {kind !== '收文' && <Descriptions.Item label={L.toOrg}>{d.toOrg}</Descriptions.Item>}
            {kind === '发文' && <Descriptions.Item label="抄送">{d.cc}</Descriptions.Item>}
            {kind === '报送' && <Descriptions.Item label="报送渠道">{d.channel}</Descriptions.Item>}
            <Descriptions.Item label={L.title} span={2}>
              {d.title}
            </Descriptions.Item>
            <Descriptions.Item label="密级">{d.secrecy}</Descriptions.Item>
            <Descriptions.Item label="份数 / 页数">
              {d.copies} 份{d.pages ? ` / ${d.pages} 页` : ''}
            </Descriptions.Item>
            {kind === '收文' && <Descriptions.Item label="紧急程度">{d.urgency}</Descriptions.Item>}
            {kind === '收文' && <Descriptions.Item label="办理期限">{d.dueDate ?? '—'}</Descriptions.Item>}
            {kind === '收文' && <Descriptions.Item label="承办单位/人">{d.handler}</Descriptions.Item>}
            {kind !== '报送' && <Descriptions.Item label={L.signer}>{d.signer}</Descriptions.Item>}
            {kind !== '收文' && <Descriptions.Item label={L.drafter}>{d.drafter}</Descriptions.Item>}
            {kind === '收文' && (
              <Descriptions.Item label="领导批示" span={2}>
                {d.instruction || '—'}
              </Descriptions.Item>
            )}
            {kind === '收文' && <Descriptions.Item label="复文号">{d.replyNo}</Descriptions.Item>}
            <Descriptions.Item label="备注">{d.remark}</Descriptions.Item>
            {filed && <Descriptions.Item label="归档日期">{d.filedOn}</Descriptions.Item>}
            {filed && <Descriptions.Item label="保管期限">{RETENTION_LABELS[d.retention ?? '']}</Descriptions.Item>}
          </Descriptions>

          <SectionTable
            title={`附件（${detail.data!.attachments.length}）`}
            rows={detail.data!.attachments}
            empty="没有附件"
            columns={[
              {
                title: '文件名',
                dataIndex: 'name',
                render: (n: string) => (
                  <span>
                    <PaperClipOutlined /> {n}
                  </span>
                ),
              },
              { title: '大小', dataIndex: 'size', width: 90, render: fmtSize },
              {
                title: '文本',
                dataIndex: 'textStatus',
                width: 130,
                render: (status: string, a) => <TextStatus status={status} error={a.textError} />,
              },
              {
                title: '操作',
                width: 190,
                render: (_: unknown, a) => (
                  <Space size="small">
                    {a.previewMime && <a onClick={() => openAttachment(a.id, false)}>预览</a>}
                    <a onClick={() => openAttachment(a.id, true)}>保存到…</a>
                    {!filed && (
                      <Popconfirm
                        title="移除这个附件？"
                        okText="移除"
                        cancelText="取消"
                        onConfirm={() =>
                          run(() => api.call('archive.removeAttachment', { attachmentId: a.id }), '已移除附件')
                        }
                      >
                        <a>移除</a>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          {unreadableNotes(detail.data!.attachments).map((note) => (
            <Typography.Paragraph key={note} type="warning" style={{ margin: '4px 0 0' }} data-testid="text-unreadable">
              {note}
            </Typography.Paragraph>
          ))}
          {!filed && (
            <Upload
              multiple
              showUploadList={false}
              beforeUpload={(f) => {
                const max = settings?.attachmentMaxMb ?? 50;
                if (f.size > max * 1024 * 1024) {
                  message.error(`“${f.name}”超过上限 ${max} MB`);
                  return Upload.LIST_IGNORE;
                }
                void fileToBase64(f).then((b64) =>
                  run(
                    () =>
                      api
                        .call('archive.attach', { docId: d.id, files: [{ name: f.name, contentBase64: b64 }] })
                        .then((r) => {
                          for (const note of unreadableNotes(r.attachments)) message.warning(note, 8);
                          return r;
                        }),
                    `已添加附件：${f.name}`,
                  ),
                );
                return false;
              }}
            >
              <Button size="small" style={{ marginTop: 8 }}>
                添加附件
              </Button>
            </Upload>
          )}

          <SectionTable
            title="传阅记录"
            rows={detail.data!.reads}
            empty="尚无传阅记录"
            columns={[
              { title: '阅文人', dataIndex: 'reader', width: 120 },
              { title: '日期', dataIndex: 'readOn', width: 110 },
              { title: '意见', dataIndex: 'comment' },
            ]}
          />
          <Form
            form={readForm}
            layout="inline"
            style={{ marginTop: 8 }}
            onFinish={async (v) =>
              (await run(
                () => api.call('archive.addRead', { docId: d.id, reader: v.reader.trim(), comment: v.comment?.trim() }),
                '已记录传阅',
              )) && readForm.resetFields()
            }
          >
            <Form.Item name="reader" rules={[{ required: true, whitespace: true, message: '请填写阅文人' }]}>
              <Input placeholder="阅文人" style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="comment">
              <Input placeholder="意见（可不填）" style={{ width: 320 }} />
            </Form.Item>
            <Button htmlType="submit">记录传阅</Button>
          </Form>

          {detail.data!.loans.length > 0 && (
            <SectionTable
              title="借阅记录"
              rows={detail.data!.loans}
              columns={[
                { title: '借阅人', dataIndex: 'borrower' },
                { title: '借出', dataIndex: 'lentOn' },
                { title: '应还', dataIndex: 'dueOn' },
                {
                  title: '归还',
                  dataIndex: 'returnedOn',
                  render: (v: string | null, l) => v ?? (l.overdue ? <Tag color="red">逾期未还</Tag> : '未还'),
                },
              ]}
            />
          )}

          <SectionTable
            title="操作记录"
            rows={detail.data!.history.map((h, i) => ({ ...h, id: `${h.at}-${i}` }))}
            empty="无"
            columns={[
              { title: '时间', dataIndex: 'at', width: 180, render: (v: string) => localTimeText(v, true) },
              { title: '操作人', dataIndex: 'user', width: 120 },
              { title: '操作', dataIndex: 'action', render: (a: string) => ACTION_LABELS[a] ?? a },
            ]}
          />

          <DocForm
            kind={kind}
            doc={d}
            open={editing}
            onClose={() => setEditing(false)}
            onSaved={() => (setEditing(false), changed())}
          />
          <Modal
            open={filing}
            title={`归档：${d.number}`}
            okText="归档"
            cancelText="取消"
            onOk={submitFile}
            onCancel={() => setFiling(false)}
            okButtonProps={{ 'data-testid': 'file-submit' } as Record<string, string>}
          >
            <Form form={fileForm} layout="vertical">
              <RetentionAndOrgItems retentionTestId="file-retention" />
              <Space>
                <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
                  <InputNumber min={1949} max={2100} precision={0} />
                </Form.Item>
                <Form.Item name="pages" label="页数">
                  <InputNumber min={1} precision={0} />
                </Form.Item>
              </Space>
              <Typography.Paragraph type="secondary">
                年度一般为文件形成的年份（{d.year}）。件号和档号由系统按 DA/T 22-2015
                在“年度·保管期限·机构”内顺序编制，归档后不能修改或删除。
              </Typography.Paragraph>
            </Form>
          </Modal>
          <Modal
            open={lending}
            title={`借出原件：${d.number}`}
            okText="登记借出"
            cancelText="取消"
            onOk={submitLend}
            onCancel={() => setLending(false)}
          >
            <Form form={lendForm} layout="vertical">
              <Form.Item
                name="borrower"
                label="借阅人"
                rules={[{ required: true, whitespace: true, message: '请填写借阅人' }]}
              >
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="dueOn" label="应还日期" rules={[{ required: true, message: '请选择应还日期' }]}>
                <DatePicker format="YYYY-MM-DD" />
              </Form.Item>
              <Form.Item name="purpose" label="用途">
                <Input maxLength={300} />
              </Form.Item>
            </Form>
          </Modal>
          <Modal
            open={!!preview}
            title={preview?.name}
            footer={null}
            width={900}
            onCancel={() => {
              if (preview) URL.revokeObjectURL(preview.url);
              setPreview(null);
            }}
          >
            {preview &&
              (preview.mime === 'application/pdf' ? (
                <iframe title={preview.name} src={preview.url} style={{ width: '100%', height: '70vh', border: 0 }} />
              ) : (
                <img alt={preview.name} src={preview.url} style={{ maxWidth: '100%' }} />
              ))}
          </Modal>
        </>
      )}
    </Drawer>
  );
}

const SAFE_TYPES = new Set(['pdf', 'docx', 'xlsx', 'pptx', 'ofd', 'png', 'jpeg', 'gif', 'webp', 'bmp', 'tiff', 'text']);
const TYPE_NAMES: Record<string, string> = { zip: '压缩包', ole: 'Office/WPS 旧格式', binary: '未知格式' };

const ACTION_LABELS: Record<string, string> = {
  add: '登记',
  update: '修改',
  status: '更改处理情况',
  read: '传阅',
  attach: '添加附件',
  removeAttachment: '移除附件',
  file: '归档',
  lend: '借出原件',
  return: '归还原件',
  appraise: '到期鉴定',
  delete: '删除',
};

/** A titled list in the drawer (附件, 传阅记录, 借阅记录, 操作记录), rows keyed by their id. */
function SectionTable<T extends { id: number | string }>({
  title,
  rows,
  empty,
  columns,
}: {
  title: ReactNode;
  rows: T[];
  empty?: string;
  columns: ColumnsType<T>;
}) {
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {title}
      </Typography.Title>
      <Table<T>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        locale={empty ? { emptyText: empty } : undefined}
        columns={columns}
      />
    </>
  );
}
