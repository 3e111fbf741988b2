/**
 * A 分档 review from proposal to approved history on the hand-worked county of
 * test/unit/reports/fixture.ts, and the 按档位 report of a month before and after it.
 *
 * Review for 2026-02 (window 2025-09 … 2026-02). 正常经营 retailers supplied in the window:
 *   0001: Dec 3 条 / 12,000 分 + Feb 6 条 / 120,000 分 = 9 条, 132,000 分 (条均价 14,666.7)
 *   0002: Jan 4 条 / 16,000 分 (条均价 4,000)
 *   0003: Feb 5 条 / 40,000 分 (条均价 8,000)
 *   (0004 is 歇业, 0005 bought nothing.) n = 3, every figure ranks 0002 < 0003 < 0001, so
 *   scores 1/3, 2/3, 1 and grades ⌈30·i/3⌉ = 10, 20, 30. Current 0002 = 20, 0003 = 5, 0001 = 10:
 *   proposals clamped to ±3 → 0002 17, 0003 8, 0001 13.
 * The clerk sets 0003 to 7 (reason), submits; the 主任 returns; the clerk sets 0002 to 18 and
 * resubmits; the 主任 approves → from 2026-03-01: 0001 13, 0002 18, 0003 7 (0004 8, 0005 15 unchanged).
 *
 * March 2026 by retailer: 0001 17 条 / 256,000 分, 0002 17 / 316,000, 0003 8 / 40,000, 0004 3 / 24,000.
 * February 2026: 0001 6 / 120,000, 0003 5 / 40,000. March 2025 (同期): 0001 8, 0002 10, 0003 5 条.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { office, type Office } from '../accounts/setup';
import { handFixture } from '../reports/fixture';
import { gradeAsOf } from '../../../electron/domain/grading';

let o: Office;
const as = (who: 'clerk' | 'head' | 'viewer') => ({ token: o.tokens[who] });
const byGrade = (period: string) =>
  Object.fromEntries(
    o.t
      .call('reports.sales', { period, by: 'grade' }, as('viewer'))
      .rows.filter((r: any) => r.volumeTiao !== 0 || r.amountFen !== 0) // rows of 同期 only are left out
      .map((r: any) => [r.key, [r.volumeTiao, r.amountFen]]),
  );

beforeAll(() => {
  o = office();
  handFixture(o.t.backend.db);
});
afterAll(() => o.t.close());

describe('客户分档: proposal, adjustment, return, resubmission, approval and the reports after it', () => {
  let reviewId = 0;
  it('proposes the hand-worked grades with the figures behind each score', () => {
    const r = o.t.call('grading.propose', { asOf: '2026-02' }, as('clerk'));
    reviewId = r.reviewId;
    expect(r.status).toBe('proposed');
    expect(r.editable).toBe(true);
    expect(r.effectiveDay).toBe(20260301);
    expect(
      r.rows.map((x: any) => [x.retailer, x.qty, x.amount, x.score, x.current, x.computed, x.suggested, x.proposed]),
    ).toEqual([
      ['0002', 4, 16000, 1 / 3, 20, 10, 17, 17],
      ['0003', 5, 40000, 2 / 3, 5, 20, 8, 8],
      ['0001', 9, 132000, 1, 10, 30, 13, 13],
    ]);
    expect(r.rows.map((x: any) => [x.prQty, x.prAmount, x.prPrice])).toEqual([
      [1 / 3, 1 / 3, 1 / 3],
      [2 / 3, 2 / 3, 2 / 3],
      [1, 1, 1],
    ]);
  });

  it('reports March by the grades before the review', () => {
    expect(byGrade('2026-03')).toEqual({
      '5': [8, 40000],
      '8': [3, 24000],
      '10': [17, 256000],
      '20': [17, 316000],
    });
  });

  it('adjusts one proposal within ±3 of the current grade and only with a reason', () => {
    const db = () => new Database(o.t.dbPath, { readonly: true });
    const rowOf = (rv: any, code: string) => rv.rows.find((x: any) => x.retailer === code);
    // 0003 is 5: 9 is four grades away, 1 is four below
    for (const grade of [9, 1, 0, 31])
      expect(
        o.t.result('grading.adjust', { reviewId, retailer: '0003', grade, reason: '实地走访' }, as('clerk')).error
          ?.code,
      ).toBe('grade_out_of_range');
    expect(o.t.result('grading.adjust', { reviewId, retailer: '0003', grade: 7 }, as('clerk')).error?.code).toBe(
      'reason_required',
    );
    expect(
      o.t.result('grading.adjust', { reviewId, retailer: '9999', grade: 7, reason: '走访' }, as('clerk')).error?.code,
    ).toBe('unknown_review_row');
    expect(
      o.t.result('grading.adjust', { reviewId, retailer: '0003', grade: 7, reason: '走访' }, as('viewer')).error?.code,
    ).toBe('forbidden');
    const d = db();
    expect(d.prepare('SELECT proposed_grade FROM grading_review_rows WHERE retailer_id = 3').pluck().get()).toBe(8);
    d.close();

    const r = o.t.call(
      'grading.adjust',
      { reviewId, retailer: '0003', grade: 7, reason: '店面缩小，经营下滑' },
      as('clerk'),
    );
    expect(rowOf(r, '0003')).toMatchObject({
      suggested: 8,
      proposed: 7,
      adjustReason: '店面缩小，经营下滑',
      adjustedBy: '张敏（clerk）',
    });
  });

  it('a 内勤 cannot approve or return; the 主任 returns with a reason; the clerk resubmits', () => {
    expect(o.t.result('grading.return', { reviewId, reason: '再核实' }, as('head')).error?.code).toBe(
      'review_not_submitted',
    );
    const submitted = o.t.call('grading.submit', { reviewId }, as('clerk'));
    expect(submitted.status).toBe('submitted');
    expect(submitted.editable).toBe(false);
    expect(
      o.t.result('grading.adjust', { reviewId, retailer: '0002', grade: 18, reason: '新店' }, as('clerk')).error?.code,
    ).toBe('review_locked');
    expect(o.t.result('grading.approve', { reviewId }, as('clerk')).error?.code).toBe('forbidden');
    expect(o.t.result('grading.return', { reviewId, reason: '再核实' }, as('clerk')).error?.code).toBe('forbidden');
    expect(o.t.result('grading.return', { reviewId, reason: '  ' }, as('head')).error?.code).toBe('invalid_input');

    const returned = o.t.call('grading.return', { reviewId, reason: '乙超市请按新开分店再议' }, as('head'));
    expect(returned).toMatchObject({
      status: 'returned',
      statusLabel: '已退回',
      returnReason: '乙超市请按新开分店再议',
    });
    // a returned review is not approved until it is submitted again
    expect(o.t.result('grading.approve', { reviewId }, as('head')).error?.code).toBe('review_not_submitted');
    o.t.call('grading.adjust', { reviewId, retailer: '0002', grade: 18, reason: '新开分店' }, as('clerk'));
    const again = o.t.call('grading.submit', { reviewId }, as('clerk'));
    expect(again).toMatchObject({ status: 'submitted', returnReason: null });
    expect(gradeAsOf(o.t.backend.db, 20260331).get(2)).toBe(20);
  });

  it('approval writes the grades with their date; March by the new grades, February and 同期 by the old', () => {
    const r = o.t.call('grading.approve', { reviewId }, as('head'));
    expect(r.status).toBe('approved');
    expect(r.rows.map((x: any) => [x.retailer, x.proposed])).toEqual([
      ['0002', 18],
      ['0003', 7],
      ['0001', 13],
    ]);
    const db = o.t.backend.db;
    expect([...gradeAsOf(db, 20260228)].sort()).toEqual([
      [1, 10],
      [2, 20],
      [3, 5],
      [4, 8],
      [5, 15],
    ]);
    expect([...gradeAsOf(db, 20260301)].sort()).toEqual([
      [1, 13],
      [2, 18],
      [3, 7],
      [4, 8],
      [5, 15],
    ]);
    expect(
      db
        .prepare('SELECT retailer_id, grade, effective_day, source FROM grade_history ORDER BY retailer_id, id')
        .raw()
        .all(),
    ).toEqual([
      [1, 10, 0, 'before'],
      [1, 13, 20260301, 'review'],
      [2, 20, 0, 'before'],
      [2, 18, 20260301, 'review'],
      [3, 5, 0, 'before'],
      [3, 7, 20260301, 'review'],
    ]);

    expect(byGrade('2026-03')).toEqual({
      '7': [8, 40000],
      '8': [3, 24000],
      '13': [17, 256000],
      '18': [17, 316000],
    });
    expect(byGrade('2026-02')).toEqual({ '5': [5, 40000], '10': [6, 120000] });
    const march = o.t.call('reports.sales', { period: '2026-03', by: 'grade' }, as('viewer'));
    const ly = Object.fromEntries(march.rows.map((x: any) => [x.key, x.volumeTiaoLastYear]));
    // 同期 (March 2025) under the grades of March 2025
    expect(ly['10']).toBe(8);
    expect(ly['20']).toBe(10);
    expect(ly['5']).toBe(5);
    expect(ly['13'] ?? 0).toBe(0);

    // the audit trail of the workflow, and the refused calls (no permission, bad input) on their own
    const audit = db
      .prepare("SELECT user_login, action FROM audit_log WHERE module = 'grading' AND action <> 'refused' ORDER BY id")
      .raw()
      .all();
    const refused = db
      .prepare("SELECT user_login, method FROM audit_log WHERE module = 'grading' AND action = 'refused' ORDER BY id")
      .raw()
      .all();
    expect(refused).toEqual([
      ['viewer', 'grading.adjust'],
      ['clerk', 'grading.approve'],
      ['clerk', 'grading.return'],
      ['head', 'grading.return'],
    ]);
    expect(audit).toEqual([
      ['clerk', 'propose'],
      ['clerk', 'adjust'],
      ['clerk', 'submit'],
      ['head', 'reject'],
      ['clerk', 'adjust'],
      ['clerk', 'submit'],
      ['head', 'approve'],
    ]);
  });

  it('keeps months apart in a 档位 × 月份 table and refuses an earlier review after a later one', () => {
    // Q1 2026: January 0002 4 条 (then 20档); February 0001 6 (10档), 0003 5 (5档); March as above
    const t = o.t.call('reports.customerClass', { period: '2026Q1', by: 'grade' }, as('viewer'));
    expect(t.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(t.rows.map((r: any) => [r.key, ...r.cells.map((c: any) => c.volumeTiao)])).toEqual([
      ['5', 0, 5, 0],
      ['7', 0, 0, 8],
      ['8', 0, 0, 3],
      ['10', 0, 6, 0],
      ['13', 0, 0, 17],
      ['18', 0, 0, 17],
      ['20', 4, 0, 0],
    ]);
    const earlier = o.t.call('grading.propose', { asOf: '2026-01' }, as('clerk'));
    expect(o.t.result('grading.approve', { reviewId: earlier.reviewId }, as('head')).error?.code).toBe(
      'review_superseded',
    );
  });
});

describe('the 审计日志 in words', () => {
  it('names the review, the retailer adjusted and the operations in Chinese', () => {
    const rows = o.t.call('audit.query', { module: 'grading' }, as('head')).rows as any[];
    const words = rows.map((r) => [r.actionLabel, r.recordLabel]);
    expect(words).toContainEqual(['调整档位', '客户分档 2026年2月（编号 1） 丙商店（0003）']);
    expect(words).toContainEqual(['退回', '客户分档 2026年2月（编号 1）']);
    expect(words).toContainEqual(['生成分档建议', '客户分档 2026年2月（编号 1）']);
    expect(words).toContainEqual(['审批通过', '客户分档 2026年2月（编号 1）']);
  });
});
