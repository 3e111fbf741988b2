import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { office, type Office } from '../accounts/setup';

/** The review, recomputed naively: loops over order lines, floating average ranks. */
function naive(dbPath: string, from: number, to: number) {
  const db = new Database(dbPath, { readonly: true });
  const retailers = db.prepare('SELECT id, code, grade, status FROM retailers').all() as {
    id: number;
    code: string;
    grade: number | null;
    status: string;
  }[];
  const lines = db.prepare('SELECT retailer_id, day, qty_tiao, amount_fen FROM order_lines').all() as {
    retailer_id: number;
    day: number;
    qty_tiao: number;
    amount_fen: number;
  }[];
  db.close();
  const tot = new Map<number, { q: number; a: number }>();
  for (const l of lines) {
    if (l.day < from || l.day > to) continue;
    const t = tot.get(l.retailer_id) ?? { q: 0, a: 0 };
    t.q += l.qty_tiao;
    t.a += l.amount_fen;
    tot.set(l.retailer_id, t);
  }
  const list = retailers
    .filter((r) => r.status === '正常' && (tot.get(r.id)?.q ?? 0) > 0)
    .map((r) => {
      const t = tot.get(r.id)!;
      return { code: r.code, current: r.grade, q: t.q / 6, a: t.a / 6, p: t.a / t.q };
    });
  const n = list.length;
  const pr = (xs: number[], x: number) => {
    let below = 0;
    let same = 0;
    for (const y of xs) {
      if (y < x) below++;
      else if (y === x) same++;
    }
    return (below + (same + 1) / 2) / n;
  };
  const qs = list.map((x) => x.q);
  const as = list.map((x) => x.a);
  const ps = list.map((x) => x.p);
  const scored = list.map((x) => ({ ...x, score: 0.5 * pr(qs, x.q) + 0.3 * pr(as, x.a) + 0.2 * pr(ps, x.p) }));
  // Scores lie on a grid of 1/(20n); closer floats are the same score rounded differently.
  const eps = 1 / (40 * n);
  scored.sort((x, y) => (Math.abs(x.score - y.score) > eps ? x.score - y.score : x.code < y.code ? -1 : 1));
  return scored.map((x, i) => {
    const computed = Math.ceil((30 * (i + 1)) / n);
    let proposed = computed;
    if (x.current !== null) {
      if (proposed > x.current + 3) proposed = x.current + 3;
      if (proposed < x.current - 3) proposed = x.current - 3;
    }
    return { retailer: x.code, score: x.score, current: x.current, computed, proposed };
  });
}

describe('客户分档 review over the demo county', () => {
  let o: Office;
  const as = (who: 'clerk' | 'head') => ({ token: o.tokens[who] });
  beforeAll(() => {
    o = office();
    const end = o.t.job('masterdata.demo', { size: 'small', years: 1, seed: 11, endDate: '2026-06-30' }, as('clerk'));
    expect(end.type).toBe('done');
  }, 300_000);
  afterAll(() => o.t.close());

  it('proposes what a naive recomputation gives; only 主任 approves; approval writes 档位 and history', () => {
    const review = o.t.call('grading.propose', { asOf: '2026-06' }, as('clerk'));
    const expected = naive(o.t.dbPath, 20260101, 20260630);
    expect(expected.length).toBeGreaterThan(1000);
    expect(review.rows.length).toBe(expected.length);
    expect(review.rows.map((r: any) => [r.retailer, r.current, r.computed, r.proposed])).toEqual(
      expected.map((r) => [r.retailer, r.current, r.computed, r.proposed]),
    );
    review.rows.forEach((r: any, i: number) => expect(r.score).toBeCloseTo(expected[i].score, 12));
    // the demo's grades are not the computed ones everywhere: some moves are clamped
    expect(expected.some((r) => r.current !== null && Math.abs(r.computed - r.current) > 3)).toBe(true);

    expect(o.t.result('grading.approve', { reviewId: review.reviewId }, as('clerk')).error?.code).toBe('forbidden');
    const db = new Database(o.t.dbPath, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM grade_history').get() as { n: number }).n).toBe(0);
    db.close();

    const approved = o.t.call('grading.approve', { reviewId: review.reviewId }, as('head'));
    expect(approved.status).toBe('approved');
    expect(approved.decidedBy).toContain('李主任');
    const after = new Database(o.t.dbPath, { readonly: true });
    const grades = new Map(
      (after.prepare('SELECT code, grade FROM retailers').all() as { code: string; grade: number }[]).map((r) => [
        r.code,
        r.grade,
      ]),
    );
    const history = after
      .prepare(
        "SELECT r.code, h.grade, h.effective_day, h.review_id FROM grade_history h JOIN retailers r ON r.id = h.retailer_id WHERE h.source = 'review'",
      )
      .all() as { code: string; grade: number; effective_day: number; review_id: number }[];
    // the grade each had until then, kept as the row dated 0
    const before = after
      .prepare(
        "SELECT r.code, h.grade FROM grade_history h JOIN retailers r ON r.id = h.retailer_id WHERE h.source = 'before' AND h.effective_day = 0",
      )
      .all() as { code: string; grade: number | null }[];
    after.close();
    expect(new Map(before.map((b) => [b.code, b.grade]))).toEqual(
      new Map(expected.map((r) => [r.retailer, r.current])),
    );
    for (const r of expected) expect(grades.get(r.retailer)).toBe(r.proposed);
    expect(history.length).toBe(expected.length);
    const byCode = new Map(expected.map((r) => [r.retailer, r.proposed]));
    for (const h of history) {
      expect(h.effective_day).toBe(20260701);
      expect(h.review_id).toBe(review.reviewId);
      expect(h.grade).toBe(byCode.get(h.code));
    }
    expect(o.t.result('grading.approve', { reviewId: review.reviewId }, as('head')).error?.code).toBe('review_decided');
  });

  it('refuses a month without orders and a malformed month, storing nothing', () => {
    expect(o.t.result('grading.propose', { asOf: '2020-01' }, as('clerk')).error?.code).toBe('no_grading_data');
    expect(o.t.result('grading.propose', { asOf: '2026/06' }, as('clerk')).error?.code).toBe('invalid_args');
    expect(o.t.result('grading.approve', { reviewId: 999 }, as('head')).error?.code).toBe('unknown_review');
  });
});
