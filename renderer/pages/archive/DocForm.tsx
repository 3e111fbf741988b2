/**
 * 登记 / 修改 one entry of a register. The fields follow DOMAIN.md for each kind;
 * files are dropped or picked and sent as base64 (the backend never opens a path).
 */
import { useEffect, useState } from 'react';
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, useCall, type ApiError } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { unreadableNotes, type AttachmentTextResult } from '../../../common/attachmentText';
import { fileToBase64, fmtSize, labelsOf, SECRECY, URGENCY, type Doc, type Kind } from './common';

interface Values {
  date?: Dayjs;
  dueDate?: Dayjs | null;
  title: string;
  [k: string]: unknown;
}

export function DocForm({
  kind,
  doc,
  open,
  onClose,
  onSaved,
}: {
  kind: Kind;
  doc?: Doc | null;
  open: boolean;
  onClose: () => void;
  onSaved: (id: number, number: string) => void;
}) {
  const { message } = App.useApp();
  const { settings } = useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);
  const L = labelsOf(kind);
  const maxMb = settings?.attachmentMaxMb ?? 50;
  const date = Form.useWatch('date', form) as Dayjs | undefined;
  const numberYear = date ? date.year() : dayjs().year();
  const next = useCall('archive.nextNumbers', open && !doc ? { year: numberYear } : null, [open, doc, numberYear]);

  useEffect(() => {
    if (!open) return;
    setFiles([]);
    form.resetFields();
    if (doc)
      form.setFieldsValue({
        ...doc,
        date: dayjs(doc.date),
        dueDate: doc.dueDate ? dayjs(doc.dueDate) : null,
      } as unknown as Values);
    else form.setFieldsValue({ date: dayjs(), secrecy: '公开', urgency: '普通', copies: 1 } as unknown as Values);
  }, [open, doc, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const fields: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (k === 'date' || k === 'dueDate') continue;
      if (val === undefined) continue;
      fields[k] = typeof val === 'string' ? val.trim() : val;
    }
    if (v.date) fields.date = v.date.format('YYYY-MM-DD');
    if (kind === '收文') fields.dueDate = v.dueDate ? v.dueDate.format('YYYY-MM-DD') : null;
    setSaving(true);
    try {
      const uploads = await Promise.all(
        files.map(async (f) => ({ name: f.name, contentBase64: await fileToBase64(f.originFileObj as Blob) })),
      );
      if (doc) {
        await api.callAny('archive.update', { id: doc.id, ...fields });
        if (uploads.length) {
          const r = await api.call('archive.attach', { docId: doc.id, files: uploads });
          for (const note of unreadableNotes(r.attachments)) message.warning(note, 8);
        }
        message.success(`已保存：${doc.number}`);
        onSaved(doc.id, doc.number);
      } else {
        const r = await api.callAny<{ id: number; number: string; attachments: AttachmentTextResult[] }>(
          'archive.add',
          { kind, ...fields, ...(uploads.length ? { files: uploads } : {}) },
        );
        for (const note of unreadableNotes(r.attachments)) message.warning(note, 8);
        message.success(`已登记：${r.number}`);
        onSaved(r.id, r.number);
      }
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setSaving(false);
    }
  };

  const text = (name: string, label: string, span = 12, required = false) => (
    <Col span={span}>
      <Form.Item
        name={name}
        label={label}
        rules={required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}
      >
        <Input maxLength={name === 'title' ? 300 : 200} data-testid={`doc-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      open={open}
      title={doc ? `修改 ${doc.number}` : `新登记（${kind}）${next.data ? `：编号将为 ${next.data[kind]}` : ''}`}
      okText={doc ? '保存' : '登记'}
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      width={820}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'doc-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" size="middle">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="date" label={L.date} rules={[{ required: true, message: `请选择${L.date}` }]}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" allowClear={false} data-testid="doc-date" />
            </Form.Item>
          </Col>
          {kind === '收文' && text('fromOrg', '来文机关', 8)}
          {kind === '收文' && text('docNo', L.docNo, 8)}
          {kind !== '收文' && text('toOrg', L.toOrg, 16)}
          {text('title', L.title, 24, true)}
          {kind === '发文' && text('cc', '抄送', 24)}
          {kind === '报送' && text('channel', '报送渠道（如内网邮件、系统上报、纸质）', 12)}
          {kind !== '收文' && text('drafter', L.drafter, kind === '报送' ? 12 : 8)}
          {kind === '发文' && text('signer', L.signer, 8)}
          {kind !== '报送' && (
            <Col span={kind === '发文' ? 8 : 6}>
              <Form.Item name="secrecy" label="密级">
                <Select options={SECRECY.map((s) => ({ value: s, label: s }))} />
              </Form.Item>
            </Col>
          )}
          {kind === '收文' && (
            <Col span={6}>
              <Form.Item name="urgency" label="紧急程度">
                <Select options={URGENCY.map((s) => ({ value: s, label: s }))} />
              </Form.Item>
            </Col>
          )}
          <Col span={kind === '收文' ? 6 : 8}>
            {/* out-of-range input is refused with the reason, never clamped or rounded */}
            <Form.Item
              name="copies"
              label="份数"
              rules={[{ type: 'integer', min: 1, max: 9999, message: '份数应为 1–9999 的整数' }]}
            >
              <InputNumber style={{ width: '100%' }} data-testid="doc-copies" />
            </Form.Item>
          </Col>
          <Col span={kind === '收文' ? 6 : 8}>
            <Form.Item
              name="pages"
              label="页数"
              rules={[{ type: 'integer', min: 1, max: 99999, message: '页数应为 1–99999 的整数' }]}
            >
              <InputNumber style={{ width: '100%' }} data-testid="doc-pages" />
            </Form.Item>
          </Col>
          {kind === '收文' && text('handler', '承办单位/人', 8)}
          {kind === '收文' && text('signer', L.signer, 8)}
          {kind === '收文' && (
            <Col span={8}>
              <Form.Item name="dueDate" label="办理期限">
                <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="doc-dueDate" />
              </Form.Item>
            </Col>
          )}
          {kind === '收文' && (
            <Col span={24}>
              <Form.Item name="instruction" label="领导批示">
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Col>
          )}
          {kind === '收文' && text('replyNo', '复文号', 12)}
          {text('remark', '备注', kind === '收文' ? 12 : 24)}
        </Row>
        <Form.Item label={`附件（拖入或点击选择；单个文件不超过 ${maxMb} MB）`}>
          <Upload.Dragger
            multiple
            fileList={files}
            beforeUpload={(f) => {
              if (f.size > maxMb * 1024 * 1024) {
                message.error(`“${f.name}”有 ${fmtSize(f.size)}，超过上限 ${maxMb} MB`);
                return Upload.LIST_IGNORE;
              }
              setFiles((l) => [...l, { uid: f.uid, name: f.name, size: f.size, originFileObj: f, status: 'done' }]);
              return false;
            }}
            onRemove={(f) => setFiles((l) => l.filter((x) => x.uid !== f.uid))}
            data-testid="doc-files"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">把文件拖到这里，或点击选择文件</p>
            <p className="ant-upload-hint">PDF、Word、Excel、图片、WPS 等均可；文件只保存、不运行。</p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
    </Modal>
  );
}
