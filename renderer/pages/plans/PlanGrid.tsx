/** 计划编制's grid: one row per cell, typing a value locks it; the toolbar opens a row's 计算说明. */
import { useState } from 'react';
import { Button, Typography } from 'antd';
import { DataGrid, type CellEdit, type EditOutcome } from '../../components/DataGrid';
import type { CellParser } from '../../../common/cellValues';
import { displayDecimals, displayUnitName, keyTitle, unitsToDisplay } from './common';
import { hasMoney, type Draft } from './planDraft';
import { baseTitle, displayToUnits, type GridRow } from './planRows';

export function PlanGrid({
  rows,
  draft,
  planId,
  editable,
  onCellsEdit,
  parsers,
  onExplain,
  onUnlockAll,
}: {
  rows: GridRow[];
  draft: Draft;
  planId: number | null;
  editable: boolean;
  onCellsEdit: (edits: CellEdit<GridRow>[]) => Promise<EditOutcome>;
  parsers: Record<'value' | 'amount' | 'perCase' | 'classOne', CellParser<number | null>>;
  onExplain: (key: string) => void;
  onUnlockAll: () => void;
}) {
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const unit = draft.unit;
  const dispUnit = displayUnitName(unit);
  const totalUnits = rows.reduce((s, r) => s + displayToUnits(r.value, unit), 0);
  const lockedCount = Object.keys(draft.locks).length;
  const money = hasMoney(draft);
  const amountLockedCount = draft.amountWan.trim() ? Object.keys(draft.amountLocks).length : 0;
  // Σ in 分, so the total shows the target to the 分
  const totalAmount = rows.some((r) => r.amount !== null)
    ? rows.reduce((s, r) => s + Math.round((r.amount ?? 0) * 100), 0) / 100
    : null;
  const gridRows = money ? rows.map((r) => ({ ...r, amountLockText: r.amountLocked ? '已锁定' : '' })) : rows;
  return (
    <DataGrid<GridRow>
      testId="plan-grid"
      height={440}
      rows={gridRows}
      rowKey={(r) => r.key}
      onCellsEdit={onCellsEdit}
      rowKeys={(r) => [r.key, r.label]}
      blockedCell={(r, key) =>
        (key === 'value' && r.locked) || (key === 'amount' && r.amountLocked)
          ? '已锁定（粘贴和填充不改锁定的格，可直接修改或先解除锁定）'
          : null
      }
      historyKey={`${planId}|${draft.level}|${draft.unit}|${draft.year}|${draft.month}`}
      onRowClick={(r) => setSelectedKey(r.key)}
      columns={[
        {
          key: 'key',
          title: keyTitle(draft.level),
          type: 'text',
          width: draft.level === 'retailer' || draft.level === 'spec' ? 16 : 12,
          pinned: 'left',
        },
        { key: 'label', title: '名称', type: 'text', width: 14 },
        {
          key: 'value',
          title: `计划(${dispUnit})`,
          type: 'number',
          decimals: displayDecimals(unit),
          width: 12,
          editable,
          parse: parsers.value,
        },
        { key: 'share', title: '占比', type: 'percent', decimals: 2, width: 9 },
        { key: 'exact', title: `精确值(${dispUnit})`, type: 'number', decimals: 4, width: 13 },
        {
          key: 'base',
          title: baseTitle(draft.methods),
          type: 'number',
          decimals: 2,
          width: 13,
        },
        { key: 'locked', title: '锁定', type: 'text', width: 8 },
        { key: 'bound', title: '上下限', type: 'text', width: 8 },
        ...(money
          ? [
              {
                key: 'amount',
                title: '销售额(元)',
                type: 'number' as const,
                decimals: 2,
                width: 15,
                editable: editable && draft.amountWan.trim() !== '',
                parse: parsers.amount,
              },
              { key: 'amountLockText', title: '销售额锁定', type: 'text' as const, width: 10 },
              {
                key: 'perCase',
                title: '单箱值目标(元/箱)',
                type: 'number' as const,
                decimals: 2,
                width: 15,
                editable,
                parse: parsers.perCase,
              },
              {
                key: 'classOne',
                title: '一类烟占比目标(%)',
                type: 'number' as const,
                decimals: 2,
                width: 15,
                editable,
                parse: parsers.classOne,
              },
            ]
          : []),
      ]}
      totals={
        rows.length
          ? [
              {
                key: '合计',
                label: '',
                value: unitsToDisplay(totalUnits, unit),
                share: 1,
                exact: null,
                base: null,
                locked: lockedCount ? `${lockedCount} 格` : '',
                bound: '',
                ...(money
                  ? {
                      amount: totalAmount,
                      amountLockText: amountLockedCount ? `${amountLockedCount} 格` : '',
                      perCase: null,
                      classOne: null,
                    }
                  : {}),
              },
            ]
          : undefined
      }
      toolbar={
        <>
          <Button
            disabled={!selectedKey || !rows.some((r) => r.key === selectedKey)}
            onClick={() => selectedKey && onExplain(selectedKey)}
            data-testid="plan-explain-open"
          >
            计算说明
            {selectedKey && rows.some((r) => r.key === selectedKey)
              ? `（${rows.find((r) => r.key === selectedKey)!.label}）`
              : ''}
          </Button>
          <Typography.Text type="secondary">
            双击“计划”{money ? '或“销售额”' : ''}
            格输入数值即锁定该格，其余自动按同一方法重新分摊；选中一行后点“计算说明”查看这一格是怎样算出来的。
          </Typography.Text>
          {lockedCount > 0 && editable && (
            <Button onClick={onUnlockAll} data-testid="plan-unlock-all">
              解除全部锁定
            </Button>
          )}
        </>
      }
    />
  );
}
