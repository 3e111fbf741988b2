/** 计划编制's buttons under the grid (save, submit, approve or return, export, print, compare, progress) and the 退回 dialog. */
import { App, Button, Input, Modal, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PrintButton } from '../../components/PrintButton';
import { can, useMe } from '../accounts/session';
import type { SavedPlan, usePlanWorkflow } from './usePlanEditor';

export function PlanActions({
  planId,
  saved,
  dirty,
  editable,
  hasRows,
  onExport,
  workflow,
}: {
  planId: number | null;
  saved: SavedPlan | null;
  dirty: boolean;
  editable: boolean;
  hasRows: boolean;
  onExport: () => void;
  workflow: ReturnType<typeof usePlanWorkflow>;
}) {
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const { busy, save, act, returnOpen, setReturnOpen, reason, setReason } = workflow;
  return (
    <>
      <Space style={{ marginTop: 12 }} wrap>
        {editable && can(me, 'edit') && (
          <Button
            type="primary"
            loading={busy}
            onClick={save}
            disabled={planId !== null && !dirty}
            data-testid="plan-save"
          >
            {planId === null ? '保存为草稿' : '保存新版本'}
          </Button>
        )}
        {saved && editable && can(me, 'edit') && (
          <Button
            loading={busy}
            disabled={dirty}
            data-testid="plan-submit"
            onClick={() =>
              modal.confirm({
                title: '提交审批',
                content: `提交第 ${saved.versionNo} 版给主任审批？提交后在退回前不能修改。`,
                okText: '提交',
                cancelText: '取消',
                okButtonProps: { 'data-testid': 'plan-submit-ok' } as Record<string, string>,
                onOk: () => act('submit'),
              })
            }
          >
            提交审批
          </Button>
        )}
        {saved?.plan.status === 'submitted' && can(me, 'approve') && (
          <>
            <Button type="primary" loading={busy} onClick={() => act('approve')} data-testid="plan-approve">
              审批通过
            </Button>
            <Button danger loading={busy} onClick={() => setReturnOpen(true)} data-testid="plan-return">
              退回
            </Button>
          </>
        )}
        {hasRows && (
          <Button onClick={onExport} data-testid="plan-export">
            导出Excel（上报格式）
          </Button>
        )}
        {saved && !dirty && (
          <PrintButton
            route={`/plans/scheme-print?id=${saved.plan.id}`}
            landscape
            name={`${saved.plan.name}.pdf`}
            label="打印方案"
          />
        )}
        {saved && saved.versions.length > 1 && (
          <Button onClick={() => navigate(`/plans/compare?id=${saved.plan.id}`)}>版本对比</Button>
        )}
        {saved && (
          <Button onClick={() => navigate(`/plans/progress?id=${saved.plan.id}`)} data-testid="plan-goto-progress">
            查看进度
          </Button>
        )}
        <Button onClick={() => navigate('/plans')}>返回列表</Button>
      </Space>
      <Modal
        title="退回计划"
        open={returnOpen}
        onOk={() => act('return')}
        onCancel={() => setReturnOpen(false)}
        okText="退回"
        cancelText="取消"
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="请写明退回原因，内勤将看到"
          data-testid="plan-return-reason"
        />
      </Modal>
    </>
  );
}
