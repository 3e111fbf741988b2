/**
 * The row of buttons under a document that goes through 提交审批 → 审批通过 / 退回 (计划编制,
 * 客户分档): the document's own buttons before and after, the approval buttons between them, and
 * the 退回 dialog that asks for the reason. Test ids are `<testId>-submit`, `-submit-ok`,
 * `-approve`, `-approve-ok`, `-return`, `-return-reason-input` and `-return-ok`.
 */
import type { ReactNode } from 'react';
import { useState } from 'react';
import { App, Button, Input, Modal, Space } from 'antd';

const okTestId = (id: string) => ({ 'data-testid': id }) as Record<string, string>;

export interface ApprovalActionsProps {
  /** Prefix of every test id. */
  testId: string;
  busy: boolean;
  /** Buttons before the approval buttons (save, adjust …). */
  leading?: ReactNode;
  /** Buttons after them (export, print …). */
  children?: ReactNode;
  /** The 提交审批 button, when the user may submit now. */
  submit?: {
    /** What the confirmation says. */
    content: string;
    disabled?: boolean;
    primary?: boolean;
    onOk: () => Promise<unknown>;
  } | null;
  /** 审批通过 and 退回, when the user may decide now. */
  decide?: {
    /** What the approval's confirmation says; without it 审批通过 acts at once. */
    approveContent?: string;
    onApprove: () => Promise<unknown>;
    /** Title of the 退回 dialog. */
    returnTitle: string;
    /** Returns the document with the (trimmed) reason; true when it was returned. */
    onReturn: (reason: string) => Promise<boolean>;
  } | null;
}

export function ApprovalActions({ testId, busy, leading, children, submit, decide }: ApprovalActionsProps) {
  const { modal } = App.useApp();
  const [returnOpen, setReturnOpen] = useState(false);
  const [reason, setReason] = useState('');
  const confirm = (title: string, content: string, okText: string, id: string, onOk: () => Promise<unknown>) =>
    modal.confirm({ title, content, okText, cancelText: '取消', okButtonProps: okTestId(id), onOk });
  return (
    <>
      <Space style={{ marginTop: 12 }} wrap>
        {leading}
        {submit && (
          <Button
            type={submit.primary ? 'primary' : 'default'}
            loading={busy}
            disabled={submit.disabled}
            data-testid={`${testId}-submit`}
            onClick={() => confirm('提交审批', submit.content, '提交', `${testId}-submit-ok`, submit.onOk)}
          >
            提交审批
          </Button>
        )}
        {decide && (
          <>
            <Button
              type="primary"
              loading={busy}
              data-testid={`${testId}-approve`}
              onClick={() =>
                decide.approveContent
                  ? confirm('审批通过', decide.approveContent, '审批通过', `${testId}-approve-ok`, decide.onApprove)
                  : decide.onApprove()
              }
            >
              审批通过
            </Button>
            <Button danger loading={busy} onClick={() => setReturnOpen(true)} data-testid={`${testId}-return`}>
              退回
            </Button>
          </>
        )}
        {children}
      </Space>
      <Modal
        title={decide?.returnTitle}
        open={returnOpen && !!decide}
        onOk={async () => {
          if (decide && (await decide.onReturn(reason.trim()))) {
            setReturnOpen(false);
            setReason('');
          }
        }}
        onCancel={() => setReturnOpen(false)}
        okText="退回"
        cancelText="取消"
        okButtonProps={{ disabled: !reason.trim(), danger: true, ...okTestId(`${testId}-return-ok`) }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="请写明退回原因，内勤将看到"
          maxLength={500}
          data-testid={`${testId}-return-reason-input`}
        />
      </Modal>
    </>
  );
}
