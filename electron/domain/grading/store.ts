/** 客户分档 reviews: proposing one for a month and approving it (DOMAIN.md "客户分档 (30 grades) review"). */
import type { Database } from 'better-sqlite3';
import type { Context } from '../../api/define';
import { AppError } from '../../api/errors';
import { addMonths, daysInMonth } from '../../../common/days';
import { computeGrades, type GradingInput } from './compute';

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

export interface ReviewRow {
  retailer: string;
  name: string;
  score: number;
  current: number | null;
  computed: number;
  proposed: number;
}

export interface Review {
  reviewId: number;
  asOf: string;
  status: 'proposed' | 'approved' | 'returned';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  rows: ReviewRow[];
}

export function getReview(db: Database, reviewId: number): Review {
  const r = db.prepare('SELECT * FROM grading_reviews WHERE id = ?').get(reviewId) as
    | {
        id: number;
        as_of: number;
        status: Review['status'];
        proposed_by: string;
        proposed_at: string;
        decided_by: string | null;
        decided_at: string | null;
      }
    | undefined;
  if (!r) throw new AppError('unknown_review', `没有编号为 ${reviewId} 的分档调整`);
  const rows = db
    .prepare(
      `SELECT t.code AS retailer, t.name AS name, g.score AS score, g.current_grade AS current,
              g.computed_grade AS computed, g.proposed_grade AS proposed
         FROM grading_review_rows g JOIN retailers t ON t.id = g.retailer_id
        WHERE g.review_id = ? ORDER BY g.seq`,
    )
    .all(reviewId) as ReviewRow[];
  return {
    reviewId: r.id,
    asOf: `${Math.floor(r.as_of / 100)}-${String(r.as_of % 100).padStart(2, '0')}`,
    status: r.status,
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    rows,
  };
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
    `INSERT INTO grading_review_rows(review_id, seq, retailer_id, score, current_grade, computed_grade, proposed_grade)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  rows.forEach((r, i) => ins.run(reviewId, i + 1, r.retailerId, r.score, r.current, r.computed, r.proposed));
  ctx.audit({
    module: 'grading',
    action: 'propose',
    record: `review:${reviewId}`,
    before: null,
    after: { asOf: asOfText, retailers: rows.length, moved: rows.filter((r) => r.proposed !== r.current).length },
  });
  return getReview(ctx.db, reviewId);
}

/** 主任 approves: each retailer takes its proposed 档位, dated the first of the next month in the history. */
export function approveReview(ctx: Context, reviewId: number): Review {
  const review = getReview(ctx.db, reviewId);
  if (review.status !== 'proposed')
    throw new AppError('review_decided', `这次分档调整已${review.status === 'approved' ? '审批' : '退回'}，不能再审批`);
  const asOf = parseAsOf(review.asOf);
  const day = effectiveDay(asOf);
  const t = now();
  const rows = ctx.db
    .prepare('SELECT retailer_id AS id, proposed_grade AS grade FROM grading_review_rows WHERE review_id = ?')
    .all(reviewId) as { id: number; grade: number }[];
  const setGrade = ctx.db.prepare('UPDATE retailers SET grade = ?, updated_at = ? WHERE id = ?');
  const hist = ctx.db.prepare(
    'INSERT INTO grade_history(retailer_id, grade, effective_day, review_id) VALUES (?, ?, ?, ?)',
  );
  for (const r of rows) {
    setGrade.run(r.grade, t, r.id);
    hist.run(r.id, r.grade, day, reviewId);
  }
  ctx.db
    .prepare("UPDATE grading_reviews SET status = 'approved', decided_by = ?, decided_at = ? WHERE id = ?")
    .run(who(ctx), t, reviewId);
  ctx.audit({
    module: 'grading',
    action: 'approve',
    record: `review:${reviewId}`,
    before: { status: review.status },
    after: { status: 'approved', retailers: rows.length, effectiveDay: day },
  });
  return getReview(ctx.db, reviewId);
}
