/** 客户分档 reviews: proposing one for a month and approving it (DOMAIN.md "客户分档 (30 grades) review"). */
import type { Database } from 'better-sqlite3';
import type { Context } from '../../api/define';
import { AppError } from '../../api/errors';
import { addMonths, daysInMonth, yyyymmText } from '../../../common/days';
import { recordGrades } from '../masterdata';
import { MAX_MOVE, clampMove, computeGrades, type GradingInput } from './compute';

/** Months in the review window, ending with the review month. */
export const WINDOW_MONTHS = 6;

/** 'YYYY-MM' → yyyymm, or a clear refusal. */
export function parseAsOf(text: string): number {
  const m = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new AppError('invalid_args', `分档月份应写成 YYYY-MM（收到“${text}”）`);
  return Number(m[1]) * 100 + Number(m[2]);
}

/** First and last day (yyyymmdd) of the window ending with the month asOf (yyyymm). */
export function reviewWindow(asOf: number): { from: number; to: number } {
  const first = addMonths(asOf, -(WINDOW_MONTHS - 1));
  const y = Math.floor(asOf / 100);
  const m = asOf % 100;
  return { from: first * 100 + 1, to: asOf * 100 + daysInMonth(y, m) };
}

/** The day an approved review's grades take effect: the first of the month after asOf. */
export function effectiveDay(asOf: number): number {
  return addMonths(asOf, 1) * 100 + 1;
}

/** 正常经营 retailers supplied in the window, with their window totals. */
export function gradingInput(db: Database, asOf: number): GradingInput[] {
  const w = reviewWindow(asOf);
  return db
    .prepare(
      `SELECT r.id AS retailerId, r.code AS code, SUM(o.qty_tiao) AS qty, SUM(o.amount_fen) AS amount,
              r.grade AS current
         FROM retailers r JOIN order_lines o ON o.retailer_id = r.id AND o.day BETWEEN ? AND ?
        WHERE r.status = '正常'
        GROUP BY r.id
       HAVING SUM(o.qty_tiao) > 0`,
    )
    .all(w.from, w.to) as GradingInput[];
}

function now(): string {
  return new Date().toISOString();
}

function who(ctx: Context): string {
  return `${ctx.actor.name}（${ctx.actor.login}）`;
}

function monthLabel(asOf: number): string {
  return `${Math.floor(asOf / 100)}年${asOf % 100}月`;
}

export type ReviewStatus = 'proposed' | 'submitted' | 'approved' | 'returned';

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  proposed: '待提交',
  submitted: '已提交',
  approved: '已审批',
  returned: '已退回',
};

export interface ReviewRow {
  retailer: string;
  name: string;
  score: number;
  current: number | null;
  computed: number;
  /** the computed grade clamped to ±3 of the current one */
  suggested: number;
  /** the grade the review gives: suggested, or the clerk's adjustment */
  proposed: number;
  /** window 订购量 (条) and 金额 (分); the 月均 figures are these ÷ 6, 条均价 = amount ÷ qty */
  qty: number | null;
  amount: number | null;
  prQty: number | null;
  prAmount: number | null;
  prPrice: number | null;
  adjustReason: string | null;
  adjustedBy: string | null;
  adjustedAt: string | null;
}

export interface Review {
  reviewId: number;
  asOf: string;
  status: ReviewStatus;
  statusLabel: string;
  /** the proposed and returned review may be adjusted and submitted */
  editable: boolean;
  proposedBy: string;
  proposedAt: string;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  returnReason: string | null;
  /** yyyymmdd the approved grades hold from */
  effectiveDay: number;
  rows: ReviewRow[];
}

interface ReviewRecord {
  id: number;
  as_of: number;
  status: ReviewStatus;
  proposed_by: string;
  proposed_at: string;
  submitted_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  return_reason: string | null;
}

function findReview(db: Database, reviewId: number): ReviewRecord {
  const r = db.prepare('SELECT * FROM grading_reviews WHERE id = ?').get(reviewId) as ReviewRecord | undefined;
  if (!r) throw new AppError('unknown_review', `没有编号为 ${reviewId} 的分档调整`);
  return r;
}

const asOfText = (asOf: number) => yyyymmText(asOf);

export function getReview(db: Database, reviewId: number): Review {
  const r = findReview(db, reviewId);
  const rows = (
    db
      .prepare(
        `SELECT t.code AS retailer, t.name AS name, g.score AS score, g.current_grade AS current,
              g.computed_grade AS computed, g.proposed_grade AS proposed, g.window_qty AS qty,
              g.window_amount AS amount, g.pr_qty AS prQty, g.pr_amount AS prAmount, g.pr_price AS prPrice,
              g.adjust_reason AS adjustReason, g.adjusted_by AS adjustedBy, g.adjusted_at AS adjustedAt
         FROM grading_review_rows g JOIN retailers t ON t.id = g.retailer_id
        WHERE g.review_id = ? ORDER BY g.seq`,
      )
      .all(reviewId) as Omit<ReviewRow, 'suggested'>[]
  ).map((x) => ({ ...x, suggested: clampMove(x.computed, x.current) }));
  return {
    reviewId: r.id,
    asOf: asOfText(r.as_of),
    status: r.status,
    statusLabel: REVIEW_STATUS_LABELS[r.status],
    editable: r.status === 'proposed' || r.status === 'returned',
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at,
    submittedAt: r.submitted_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    returnReason: r.return_reason,
    effectiveDay: effectiveDay(r.as_of),
    rows,
  };
}

export interface ReviewSummary {
  reviewId: number;
  asOf: string;
  status: ReviewStatus;
  statusLabel: string;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  returnReason: string | null;
  retailers: number;
  /** rows whose proposed grade differs from the current one */
  moved: number;
  adjusted: number;
}

/** Every review, newest first. */
export function listReviews(db: Database): ReviewSummary[] {
  const rows = db
    .prepare(
      `SELECT v.*, COUNT(g.retailer_id) AS retailers,
              SUM(g.current_grade IS NULL OR g.proposed_grade <> g.current_grade) AS moved,
              SUM(g.adjust_reason IS NOT NULL) AS adjusted
         FROM grading_reviews v LEFT JOIN grading_review_rows g ON g.review_id = v.id
        GROUP BY v.id ORDER BY v.id DESC`,
    )
    .all() as (ReviewRecord & { retailers: number; moved: number | null; adjusted: number | null })[];
  return rows.map((r) => ({
    reviewId: r.id,
    asOf: asOfText(r.as_of),
    status: r.status,
    statusLabel: REVIEW_STATUS_LABELS[r.status],
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    returnReason: r.return_reason,
    retailers: r.retailers,
    moved: r.moved ?? 0,
    adjusted: r.adjusted ?? 0,
  }));
}

/** Computes and stores a review for the month asOf ('YYYY-MM'). */
export function proposeReview(ctx: Context, asOfText: string): Review {
  const asOf = parseAsOf(asOfText);
  const rows = computeGrades(gradingInput(ctx.db, asOf));
  if (rows.length === 0)
    throw new AppError(
      'no_grading_data',
      `${monthLabel(addMonths(asOf, -(WINDOW_MONTHS - 1)))}至${monthLabel(asOf)}没有正常经营客户的订购记录，无法分档`,
    );
  const info = ctx.db
    .prepare('INSERT INTO grading_reviews(as_of, status, proposed_by, proposed_at) VALUES (?, ?, ?, ?)')
    .run(asOf, 'proposed', who(ctx), now());
  const reviewId = Number(info.lastInsertRowid);
  const ins = ctx.db.prepare(
    `INSERT INTO grading_review_rows(review_id, seq, retailer_id, score, current_grade, computed_grade, proposed_grade,
       window_qty, window_amount, pr_qty, pr_amount, pr_price)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  rows.forEach((r, i) =>
    ins.run(
      reviewId,
      i + 1,
      r.retailerId,
      r.score,
      r.current,
      r.computed,
      r.proposed,
      r.qty,
      r.amount,
      r.prQty,
      r.prAmount,
      r.prPrice,
    ),
  );
  ctx.audit({
    module: 'grading',
    action: 'propose',
    record: `review:${reviewId}`,
    before: null,
    after: { asOf: asOfText, retailers: rows.length, moved: rows.filter((r) => r.proposed !== r.current).length },
  });
  return getReview(ctx.db, reviewId);
}

function requireEditable(r: ReviewRecord): void {
  if (r.status === 'proposed' || r.status === 'returned') return;
  throw new AppError(
    'review_locked',
    `这次分档调整${REVIEW_STATUS_LABELS[r.status]}，不能再修改${r.status === 'submitted' ? '；需要修改请由主任退回' : ''}`,
  );
}

/**
 * The clerk sets one retailer's proposed grade by hand, with a reason. Like the computed
 * proposal it stays within ±3 of the current grade (DOMAIN.md); setting it back to the
 * suggested grade clears the adjustment.
 */
export function adjustRow(ctx: Context, reviewId: number, retailer: string, grade: number, reason: string | null) {
  const review = findReview(ctx.db, reviewId);
  requireEditable(review);
  const row = ctx.db
    .prepare(
      `SELECT g.retailer_id AS id, g.current_grade AS current, g.computed_grade AS computed,
              g.proposed_grade AS proposed, g.adjust_reason AS reason
         FROM grading_review_rows g JOIN retailers t ON t.id = g.retailer_id
        WHERE g.review_id = ? AND t.code = ?`,
    )
    .get(reviewId, retailer) as
    { id: number; current: number | null; computed: number; proposed: number; reason: string | null } | undefined;
  if (!row) throw new AppError('unknown_review_row', `这次分档调整中没有客户“${retailer}”`);
  if (!Number.isInteger(grade) || grade < 1 || grade > 30)
    throw new AppError('grade_out_of_range', `档位应为 1–30 的整数（收到“${grade}”）`);
  if (row.current !== null && Math.abs(grade - row.current) > MAX_MOVE)
    throw new AppError(
      'grade_out_of_range',
      `客户“${retailer}”现为 ${row.current} 档，一次分档最多调整 ${MAX_MOVE} 档（${Math.max(1, row.current - MAX_MOVE)}–${Math.min(30, row.current + MAX_MOVE)} 档）`,
    );
  const suggested = clampMove(row.computed, row.current);
  const back = grade === suggested;
  const why = reason?.trim() ?? '';
  if (!back && !why) throw new AppError('reason_required', '调整档位需要写明原因');
  const t = now();
  ctx.db
    .prepare(
      `UPDATE grading_review_rows SET proposed_grade = ?, adjust_reason = ?, adjusted_by = ?, adjusted_at = ?
        WHERE review_id = ? AND retailer_id = ?`,
    )
    .run(grade, back ? null : why, back ? null : who(ctx), back ? null : t, reviewId, row.id);
  ctx.audit({
    module: 'grading',
    action: 'adjust',
    record: `review:${reviewId}:${retailer}`,
    before: { proposed: row.proposed, reason: row.reason },
    after: { proposed: grade, reason: back ? null : why },
  });
  return getReview(ctx.db, reviewId);
}

/** The clerk submits the review to the 主任 (again, after a return). */
export function submitReview(ctx: Context, reviewId: number): Review {
  const review = findReview(ctx.db, reviewId);
  if (review.status === 'submitted') throw new AppError('review_locked', '这次分档调整已提交，正在等待审批');
  requireEditable(review);
  const t = now();
  ctx.db
    .prepare("UPDATE grading_reviews SET status = 'submitted', submitted_at = ?, return_reason = NULL WHERE id = ?")
    .run(t, reviewId);
  ctx.audit({
    module: 'grading',
    action: 'submit',
    record: `review:${reviewId}`,
    before: { status: review.status },
    after: { status: 'submitted' },
  });
  return getReview(ctx.db, reviewId);
}

/** 主任 returns a submitted review with a reason; the clerk adjusts and submits again. */
export function returnReview(ctx: Context, reviewId: number, reason: string): Review {
  const review = findReview(ctx.db, reviewId);
  if (review.status !== 'submitted')
    throw new AppError(
      'review_not_submitted',
      `这次分档调整当前${REVIEW_STATUS_LABELS[review.status]}，只有已提交的分档调整可以退回`,
    );
  const why = reason.trim();
  if (!why) throw new AppError('reason_required', '退回分档调整需要写明原因');
  ctx.db
    .prepare(
      "UPDATE grading_reviews SET status = 'returned', decided_by = ?, decided_at = ?, return_reason = ? WHERE id = ?",
    )
    .run(who(ctx), now(), why, reviewId);
  ctx.audit({
    module: 'grading',
    action: 'reject',
    record: `review:${reviewId}`,
    before: { status: review.status },
    after: { status: 'returned', reason: why },
  });
  return getReview(ctx.db, reviewId);
}

/**
 * 主任 approves: each retailer takes its proposed 档位, dated the first of the month after the
 * review month in the grade history. A proposal approved without a separate submission (the
 * CLI's `grading approve`, CLI.md) is submitted and approved in one step; a returned review
 * must be submitted again first.
 */
export function approveReview(ctx: Context, reviewId: number): Review {
  const review = findReview(ctx.db, reviewId);
  if (review.status === 'approved') throw new AppError('review_decided', '这次分档调整已审批，不能再审批');
  if (review.status === 'returned')
    throw new AppError('review_not_submitted', '这次分档调整已退回，需内勤修改后重新提交才能审批');
  const later = ctx.db.prepare("SELECT MAX(as_of) FROM grading_reviews WHERE status = 'approved'").pluck().get() as
    number | null;
  if (later !== null && later > review.as_of)
    throw new AppError(
      'review_superseded',
      `${monthLabel(later)}的分档调整已获批，不能再审批更早的${monthLabel(review.as_of)}分档调整`,
    );
  const day = effectiveDay(review.as_of);
  const t = now();
  const rows = ctx.db
    .prepare('SELECT retailer_id AS retailerId, proposed_grade AS grade FROM grading_review_rows WHERE review_id = ?')
    .all(reviewId) as { retailerId: number; grade: number }[];
  recordGrades(ctx.db, rows, day, 'review', { reviewId, always: true });
  ctx.db
    .prepare(
      `UPDATE grading_reviews SET status = 'approved', submitted_at = COALESCE(submitted_at, ?), decided_by = ?,
              decided_at = ?, return_reason = NULL WHERE id = ?`,
    )
    .run(t, who(ctx), t, reviewId);
  ctx.audit({
    module: 'grading',
    action: 'approve',
    record: `review:${reviewId}`,
    before: { status: review.status },
    after: { status: 'approved', retailers: rows.length, effectiveDay: day },
  });
  return getReview(ctx.db, reviewId);
}
