/** 计划编制's buttons under the grid (save, submit, approve or return, export, print, compare, progress) and the 退回 dialog. */
import { Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ApprovalActions } from '../../components/ApprovalActions';
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
  const navigate = useNavigate();
  const me = useMe();
  const { busy, save, act } = workflow;
  return (
    <ApprovalActions
      testId="plan"
      busy={busy}
      leading={
        editable &&
        can(me, 'edit') && (
          <Button
            type="primary"
            loading={busy}
            onClick={save}
            disabled={planId !== null && !dirty}
            data-testid="plan-save"
          >
            {planId === null ? '保存为草稿' : '保存新版本'}
          </Button>
        )
      }
      submit={
        saved && editable && can(me, 'edit')
          ? {
              content: `提交第 ${saved.versionNo} 版给主任审批？提交后在退回前不能修改。`,
              disabled: dirty,
              onOk: () => act('submit'),
            }
          : null
      }
      decide={
        saved?.plan.status === 'submitted' && can(me, 'approve')
          ? { onApprove: () => act('approve'), returnTitle: '退回计划', onReturn: (reason) => act('return', reason) }
          : null
      }
    >
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
    </ApprovalActions>
  );
}
