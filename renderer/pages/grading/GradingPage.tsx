/**
 * 客户分档: the quarter's 30档 review. The clerk generates the proposal for a month, reads each
 * retailer's figures behind its score, adjusts single proposals (±3 of the current 档位, with a
 * reason) and submits; the 主任 approves or returns it with a reason. The 调整名单 prints with the
 * signature line and exports to Excel.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, useCall } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid, type GridColumn } from '../../components/DataGrid';
import { ApprovalActions } from '../../components/ApprovalActions';
import { PrintButton } from '../../components/PrintButton';
import { useAction } from '../../components/useAction';
import { can, useMe } from '../accounts/session';
import { searchParam } from '../reports/common';
import { exportWithSignatures } from '../plans/tables';
import { adjustListSpec, dayLabel, monthLabel, moveLabel, movedRows, type Review, type ReviewRow } from './tables';
import { PageHead } from '../../components/PageHead';

type Show = 'all' | 'moved' | 'up' | 'down' | 'clamped' | 'adjusted';

const STATUS_COLORS: Record<string, string> = {
  proposed: 'default',
  submitted: 'processing',
  approved: 'success',
  returned: 'warning',
};

const MAX_MOVE = 3;

interface GridRow extends Record<string, unknown> {
  retailer: string;
  name: string;
  monthlyQty: number | null;
  monthlyAmount: number | null;
  price: number | null;
  prQty: number | null;
  prAmount: number | null;
  prPrice: number | null;
  score: number;
  currentLabel: string;
  computed: number;
  suggested: number;
  proposed: number;
  move: string;
  adjustReason: string;
  src: ReviewRow;
}

function toGridRow(r: ReviewRow): GridRow {
  const q = r.qty;
  const a = r.amount;
  return {
    retailer: r.retailer,
    name: r.name,
    // 月均 = window ÷ 6; 条均价 = 金额 ÷ 订购量 (money stays in 分, shown as 元)
    monthlyQty: q === null ? null : q / 6,
    monthlyAmount: a === null ? null : a / 6,
    price: q === null || a === null || q === 0 ? null : a / q,
    prQty: r.prQty,
    prAmount: r.prAmount,
    prPrice: r.prPrice,
    score: r.score,
    currentLabel: r.current === null ? '未定' : String(r.current),
    computed: r.computed,
    suggested: r.suggested,
    proposed: r.proposed,
    move: moveLabel(r),
    adjustReason: r.adjustReason ?? '',
    src: r,
  };
}

const FIGURES = '得分依据（近6个月）';
const COLUMNS: GridColumn<GridRow>[] = [
  { key: 'retailer', title: '客户编码', type: 'text', pinned: 'left', width: 12 },
  { key: 'name', title: '客户名称', type: 'text', pinned: 'left', width: 10 },
  { key: 'currentLabel', title: '现档位', group: '档位', type: 'text', align: 'right' },
  { key: 'computed', title: '计算', group: '档位', type: 'int' },
  { key: 'suggested', title: '建议', group: '档位', type: 'int' },
  { key: 'proposed', title: '拟定', group: '档位', type: 'int' },
  { key: 'move', title: '变动', group: '档位', type: 'text' },
  { key: 'score', title: '得分', type: 'number', decimals: 4 },
  { key: 'monthlyQty', title: '月均订购量(条)', group: FIGURES, type: 'number', decimals: 1 },
  { key: 'monthlyAmount', title: '月均金额(元)', group: FIGURES, type: 'yuan', decimals: 0 },
  { key: 'price', title: '条均价(元)', group: FIGURES, type: 'yuan', decimals: 2 },
  { key: 'prQty', title: '订购量百分位', group: FIGURES, type: 'percent', decimals: 1 },
  { key: 'prAmount', title: '金额百分位', group: FIGURES, type: 'percent', decimals: 1 },
  { key: 'prPrice', title: '条均价百分位', group: FIGURES, type: 'percent', decimals: 1 },
  { key: 'adjustReason', title: '调整原因', type: 'text' },
];

/** '张敏（clerk）' → '张敏': the login stays in the audit log. */
const personOf = (who: string | null) => (who ?? '').replace(/（[^（）]*）$/, '');

function matches(r: ReviewRow, show: Show): boolean {
  const moved = r.current === null || r.proposed !== r.current;
  switch (show) {
    case 'moved':
      return moved;
    case 'up':
      return r.current !== null && r.proposed > r.current;
    case 'down':
      return r.current !== null && r.proposed < r.current;
    case 'clamped':
      return r.suggested !== r.computed;
    case 'adjusted':
      return r.adjustReason !== null;
    default:
      return true;
  }
}

export function GradingPage() {
  const me = useMe();
  const { settings } = useApp();
  const { message } = App.useApp();
  const list = useCall('grading.list', {}, []);
  const [reviewId, setReviewId] = useState<number | null>(() => Number(searchParam('id')) || null);
  useEffect(() => {
    if (reviewId === null && list.data?.length) setReviewId(list.data[0].reviewId);
  }, [list.data, reviewId]);
  const rv = useCall('grading.get', reviewId ? { reviewId } : null, [reviewId]);
  const review: Review | undefined = rv.data && rv.data.reviewId === reviewId ? rv.data : undefined;

  const [month, setMonth] = useState<Dayjs | null>(() => dayjs().subtract(1, 'month'));
  const { busy, setBusy, run: runAction } = useAction();
  const [show, setShow] = useState<Show>('all');
  const [search, setSearch] = useState('');
  const [grade, setGrade] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReviewRow | null>(null);
  const [editing, setEditing] = useState<ReviewRow | null>(null);
  const [newGrade, setNewGrade] = useState<number | null>(null);
  const [reason, setReason] = useState('');

  const canEdit = can(me, 'edit') && !!review?.editable;
  const canDecide = can(me, 'approve') && review?.status === 'submitted';

  const rows = useMemo(() => {
    if (!review) return [];
    const s = search.trim();
    return review.rows
      .filter((r) => matches(r, show))
      .filter((r) => grade === null || r.current === grade || r.proposed === grade)
      .filter((r) => !s || r.retailer.includes(s) || r.name.includes(s))
      .map(toGridRow);
  }, [review, show, search, grade]);

  const refresh = () => {
    rv.reload();
    list.reload();
  };

  /** Runs a step of the review and shows the review again after it. */
  const run = async (what: () => Promise<unknown>, done: string) => {
    const ok = await runAction(what, done);
    if (ok) refresh();
    return ok;
  };

  const propose = async () => {
    if (!month) return;
    const asOf = month.format('YYYY-MM');
    setBusy(true);
    try {
      const r = await api.call('grading.propose', { asOf });
      message.success(`已生成${monthLabel(asOf)}分档建议：${r.rows.length} 户`);
      setReviewId(r.reviewId);
      list.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };

  const openAdjust = (r: ReviewRow) => {
    setEditing(r);
    setNewGrade(r.proposed);
    setReason(r.adjustReason ?? '');
  };

  const saveAdjust = async () => {
    if (!review || !editing || newGrade === null) return;
    const ok = await run(
      () =>
        api.call('grading.adjust', {
          reviewId: review.reviewId,
          retailer: editing.retailer,
          grade: newGrade,
          reason: reason.trim() || null,
        }),
      `已将 ${editing.name} 拟定为 ${newGrade} 档`,
    );
    if (ok) setEditing(null);
  };

  const exportList = () => {
    if (!review) return;
    exportWithSignatures([adjustListSpec(review)], `客户档位调整名单_${review.asOf}.xlsx`, settings?.unitName);
  };

  const low = editing?.current === null || editing === null ? 1 : Math.max(1, editing.current - MAX_MOVE);
  const high = editing?.current === null || editing === null ? 30 : Math.min(30, editing.current + MAX_MOVE);
  const needReason = editing !== null && newGrade !== editing.suggested;
  const moved = review ? movedRows(review) : [];

  return (
    <div data-testid="grading-page">
      <PageHead title="客户分档" level={3}>
        <span>分档调整</span>
        <Select
          style={{ width: 300 }}
          value={reviewId ?? undefined}
          placeholder="尚无分档调整"
          onChange={(v) => {
            setReviewId(v);
            setSelected(null);
          }}
          options={(list.data ?? []).map((x) => ({
            value: x.reviewId,
            label: `${monthLabel(x.asOf)}分档（第 ${x.reviewId} 次）· ${x.statusLabel}`,
          }))}
          data-testid="grading-review-select"
        />
        {can(me, 'edit') && (
          <>
            <span data-testid="grading-month">
              <DatePicker picker="month" value={month} onChange={setMonth} allowClear={false} format="YYYY年M月" />
            </span>
            <Button type="primary" loading={busy} onClick={propose} disabled={!month} data-testid="grading-propose">
              生成分档建议
            </Button>
          </>
        )}
      </PageHead>
      {list.error && <Alert type="error" showIcon message={list.error.message} style={{ marginBottom: 12 }} />}
      {rv.error && <Alert type="error" showIcon message={rv.error.message} style={{ marginBottom: 12 }} />}
      {list.data && list.data.length === 0 && (
        <Empty
          description="还没有分档调整。选择评审月份后点“生成分档建议”，按该月及之前 6 个月的订购计算 30 档。"
          data-testid="grading-empty"
        />
      )}
      {review && (
        <>
          <Space size={[16, 4]} wrap style={{ marginBottom: 8 }} data-testid="grading-summary">
            <Tag color={STATUS_COLORS[review.status]} data-testid="grading-status" data-status={review.status}>
              {review.statusLabel}
            </Tag>
            <span>评审月份：{monthLabel(review.asOf)}</span>
            <span>执行日期：{dayLabel(review.effectiveDay)}</span>
            <span>
              参评客户 {review.rows.length} 户，调整 {moved.length} 户
            </span>
            <span>编制：{personOf(review.proposedBy)}</span>
            {review.decidedBy && (
              <span>
                {review.status === 'approved' ? '审批' : '退回'}：{personOf(review.decidedBy)}
              </span>
            )}
          </Space>
          {review.status === 'returned' && review.returnReason && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={`主任退回：${review.returnReason}`}
              description="请按退回意见调整后重新提交审批。"
              data-testid="grading-return-reason"
            />
          )}
          <Space style={{ marginBottom: 8 }} wrap>
            <Segmented<Show>
              value={show}
              onChange={setShow}
              options={[
                { value: 'all', label: '全部' },
                { value: 'moved', label: '有变动' },
                { value: 'up', label: '升档' },
                { value: 'down', label: '降档' },
                { value: 'clamped', label: '受升降3档限制' },
                { value: 'adjusted', label: '手工调整' },
              ]}
              data-testid="grading-filter"
            />
            <InputNumber
              min={1}
              max={30}
              value={grade}
              onChange={(v) => setGrade(v)}
              addonBefore="档位"
              placeholder="全部"
              style={{ width: 150 }}
              data-testid="grading-grade-filter"
            />
            <Input.Search
              allowClear
              placeholder="客户编码或名称"
              style={{ width: 220 }}
              onSearch={setSearch}
              onChange={(e) => !e.target.value && setSearch('')}
              data-testid="grading-search"
            />
            <span data-testid="grading-count">共 {rows.length} 户</span>
          </Space>
          <DataGrid<GridRow>
            testId="grading-grid"
            columns={COLUMNS}
            rows={rows}
            rowKey={(r) => r.retailer}
            height="calc(100vh - 330px)"
            onRowClick={(r) => setSelected(r.src)}
            onRowDoubleClick={(r) => canEdit && openAdjust(r.src)}
            exportSpec={{ title: `${monthLabel(review.asOf)}客户分档`, sheetName: '客户分档' }}
            exportFileName={`客户分档_${review.asOf}.xlsx`}
            unitName={settings?.unitName}
          />
          <ApprovalActions
            testId="grading"
            busy={busy}
            leading={
              canEdit && (
                <Button
                  disabled={!selected}
                  onClick={() => selected && openAdjust(selected)}
                  data-testid="grading-adjust"
                >
                  {selected ? `调整档位：${selected.name}` : '调整档位（先选中客户）'}
                </Button>
              )
            }
            submit={
              canEdit
                ? {
                    content: `将${monthLabel(review.asOf)}分档（调整 ${moved.length} 户）提交主任审批？提交后在退回前不能修改。`,
                    primary: true,
                    onOk: () => run(() => api.call('grading.submit', { reviewId: review.reviewId }), '已提交主任审批'),
                  }
                : null
            }
            decide={
              canDecide
                ? {
                    approveContent: `审批后 ${moved.length} 户的档位自${dayLabel(review.effectiveDay)}起按拟定档位执行，并记入档位历史。`,
                    onApprove: () =>
                      run(() => api.call('grading.approve', { reviewId: review.reviewId }), '已审批，档位已更新'),
                    returnTitle: '退回分档调整',
                    onReturn: (reason) =>
                      run(() => api.call('grading.return', { reviewId: review.reviewId, reason }), '已退回内勤'),
                  }
                : null
            }
          >
            <PrintButton
              route={`/grading/print?id=${review.reviewId}`}
              landscape
              name={`客户档位调整名单_${review.asOf}.pdf`}
              label="打印调整名单"
            />
            <Button onClick={exportList} data-testid="grading-export">
              导出调整名单
            </Button>
          </ApprovalActions>
        </>
      )}
      <Modal
        title={editing ? `调整档位：${editing.name}（${editing.retailer}）` : ''}
        open={editing !== null}
        onOk={saveAdjust}
        onCancel={() => setEditing(null)}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        okButtonProps={{
          disabled: newGrade === null || (needReason && !reason.trim()),
          ...({ 'data-testid': 'grading-adjust-ok' } as Record<string, string>),
        }}
      >
        {editing && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              现档位 {editing.current ?? '未定'}，计算档位 {editing.computed}，建议档位 {editing.suggested}。
              {editing.current !== null && `一次最多升降 ${MAX_MOVE} 档（${low}–${high} 档）。`}
            </Typography.Text>
            <span data-testid="grading-adjust-grade">
              <InputNumber
                min={low}
                max={high}
                precision={0}
                value={newGrade}
                onChange={(v) => setNewGrade(v)}
                addonBefore="拟定档位"
                style={{ width: 200 }}
              />
            </span>
            <Input.TextArea
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={needReason ? '请写明调整原因（必填），主任审批时可见' : '恢复为建议档位时可不填原因'}
              maxLength={500}
              data-testid="grading-adjust-reason"
            />
          </Space>
        )}
      </Modal>
    </div>
  );
}
