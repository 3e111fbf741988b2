/**
 * 计划编制: the target, the methods and their weights, the unit; the grid of cells where
 * typing a value locks the cell and the rest is re-spread at once through plans.breakdown;
 * an explanation drawer for any cell; drafts saved as versions; submit, approve or return
 * by role. A saved plan shows its stored numbers until something is changed. The state lives
 * in usePlanEditor.ts, the pieces in PlanForm, PlanGrid, ExplainDrawer and PlanActions.
 */
import { useMemo, useState } from 'react';
import { Alert, Space, Tag, Typography } from 'antd';
import { useLocation } from 'react-router-dom';
import { useApp } from '../../app/AppContext';
import { StatusTag } from './common';
import { exportWithSignatures, schemeSpec } from './tables';
import { displayToUnits, gridRows, moneyOfRow } from './planRows';
import { useLockEditing, usePlanDocument, usePlanWorkflow } from './usePlanEditor';
import { PlanForm } from './PlanForm';
import { PlanGrid } from './PlanGrid';
import { PlanActions } from './PlanActions';
import { ExplainDrawer } from './ExplainDrawer';

/** A new editor for every address: a child breakdown opened from a cell starts fresh. */
export function PlanEditorPage() {
  const loc = useLocation();
  return <PlanEditor key={loc.search} />;
}

function PlanEditor() {
  const { settings } = useApp();
  const doc = usePlanDocument(settings?.fiscalYear);
  const { planId, draft, update, saved, dirty, preview, error, editable } = doc;
  const { onCellsEdit, unlock, unlockAmount, bump, parsers } = useLockEditing(draft, editable, update);
  const workflow = usePlanWorkflow(doc);
  const [explainKey, setExplainKey] = useState<string | null>(null);

  const unit = draft.unit;
  const rows = useMemo(
    () =>
      gridRows(
        dirty || !saved ? (preview?.rows ?? []) : saved.cells.map((c) => ({ ...c, basis: { share: c.explain.share } })),
        unit,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dirty, saved, preview, unit, bump],
  );

  const header = {
    name: draft.name || '（未命名计划）',
    year: draft.year,
    month: draft.level === 'month' ? null : draft.month,
    level: draft.level,
    unit,
    products: draft.products,
    status: saved?.plan.statusLabel,
    versionNo: dirty ? null : saved?.versionNo,
  };
  const doExport = () => {
    const spec = schemeSpec(
      header,
      rows.map((r) => ({
        key: r.key,
        label: r.label,
        units: displayToUnits(r.value, unit),
        locked: !!r.locked,
        explain: { share: r.explain.share, methods: r.explain.methods, bound: r.explain.bound },
        money: moneyOfRow(r),
      })),
    );
    exportWithSignatures([spec], `${header.name}-计划分解表`, settings?.unitName);
  };
  const explainRow = rows.find((r) => r.key === explainKey) ?? null;

  return (
    <div data-testid="plan-editor">
      <Space align="center" style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {planId === null ? '新建销售计划' : `销售计划：${saved?.plan.name ?? ''}`}
        </Typography.Title>
        {saved && <StatusTag status={saved.plan.status} label={saved.plan.statusLabel} />}
        {saved && <Tag>第 {saved.versionNo} 版</Tag>}
        {dirty && planId !== null && <Tag color="orange">有未保存的修改</Tag>}
      </Space>
      {saved?.plan.status === 'returned' && saved.plan.returnReason && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`主任退回：${saved.plan.returnReason}`} />
      )}
      {saved && !saved.editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            saved.plan.status === 'approved'
              ? '此计划已审批，只能查看、导出和打印。'
              : '此计划已提交待审批，不能修改；需要修改请由主任退回。'
          }
        />
      )}
      <PlanForm draft={draft} update={update} editable={editable} isNew={planId === null} />
      {draft.level === 'retailer' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="零售客户层级的分解仅供参考：按政策不对零售客户下达最低任务，数量可作为供货上限的参考。"
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="无法按当前条件分解"
          description={error}
          data-testid="plan-error"
        />
      )}
      <PlanGrid
        rows={rows}
        draft={draft}
        planId={planId}
        editable={editable}
        onCellsEdit={onCellsEdit}
        parsers={parsers}
        onExplain={setExplainKey}
        onUnlockAll={() => update({ locks: {}, amountLocks: {} })}
      />
      <PlanActions
        planId={planId}
        saved={saved}
        dirty={dirty}
        editable={editable}
        hasRows={rows.length > 0}
        onExport={doExport}
        workflow={workflow}
      />
      <ExplainDrawer
        row={explainRow}
        draft={draft}
        savedName={saved && !dirty ? saved.plan.name : null}
        onClose={() => setExplainKey(null)}
        onUnlock={editable && explainRow?.locked ? () => unlock(explainRow.key) : undefined}
        onUnlockAmount={editable && explainRow?.amountLocked ? () => unlockAmount(explainRow.key) : undefined}
      />
    </div>
  );
}
