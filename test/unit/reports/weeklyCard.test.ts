/**
 * The 首页 card of the 周报 computes only its headline; here it is checked against the
 * headline read off the whole 周报 of the same week (the card as it was built before: the
 * 周报's sales total, 环比, 同比, the 分销 total's 铺货率 and the warning counts by rule).
 * Demo county (tiny, two years to Sunday 2026-01-11; its last order day falls before that Sunday,
 * so the last complete week is 2026-W01, 2025-12-29 … 2026-01-04, across New Year), with 内管 warnings of
 * mixed statuses added by hand; then the data cut to Wednesday 2025-12-31, so the card's week
 * becomes 2025-W52.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';
import { lastCompleteWeek, weeklyHomeCard, weeklyReport } from '../../../electron/domain/reports/weekly';
import { isoWeekText } from '../../../common/days';

/** The card read off the whole 周报 (the former implementation). */
function cardFromReport(db: Database) {
  const w = lastCompleteWeek(db)!;
  const r = weeklyReport(db, { week: isoWeekText(w) });
  const t = r.sales.total;
  const signed = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : '-'}${Math.abs(x * 100).toFixed(2)}%`);
  const tone = (x: number | null) => (x === null ? undefined : x >= 0 ? ('good' as const) : ('bad' as const));
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
  const unchecked = r.warnings.byRule.reduce((n, b) => n + b.unchecked, 0);
  return {
    title: `上周周报：${r.weekLabel}`,
    lines: [
      { label: '销量', value: `${(t.volumeTiao / 250).toFixed(2)} 箱` },
      { label: '环比（上周）', value: signed(t.wowVolume), tone: tone(t.wowVolume) },
      { label: '同比（去年同周）', value: signed(t.yoyVolume), tone: tone(t.yoyVolume) },
      { label: '铺货率', value: pct(r.distribution.total.rate) },
      {
        label: '内管预警',
        value: `${r.warnings.total} 条（待核查 ${unchecked} 条）`,
        tone: unchecked > 0 ? ('warn' as const) : undefined,
      },
    ],
    link: `/reports/weekly?week=${r.week}`,
  };
}

let t: TestBackend;
beforeAll(() => {
  t = testBackend();
  const end = t.job('masterdata.demo', { size: 'tiny', years: 2, seed: 4, endDate: '2026-01-11' });
  expect(end.type).toBe('done');
  const db = t.backend.db;
  const last = db.prepare('SELECT MAX(day) FROM order_lines').pluck().get() as number;
  expect(last >= 20260105 && last <= 20260110).toBe(true);
  // warnings: in 2026-W01 one 待核查, one 正常 and one 违规; one in W02; one on the Sunday before W01
  const rs = db.prepare('SELECT id FROM retailers ORDER BY id LIMIT 3').pluck().all() as number[];
  const ins = db.prepare(
    'INSERT INTO monitor_warnings(rule, retailer_id, product_id, day, value_tiao, baseline, ratio, status) VALUES (?, ?, NULL, ?, 10, 2, 5, ?)',
  );
  ins.run('surge', rs[0], 20251230, '待核查');
  ins.run('inactive', rs[1], 20260104, '正常');
  ins.run('over-grade', rs[2], 20260102, '违规');
  ins.run('surge', rs[0], 20260105, '待核查');
  ins.run('surge', rs[1], 20251228, '待核查');
}, 180_000);
afterAll(() => t.close());

describe('the 周报 首页 card', () => {
  it('shows the figures of the whole 周报 of the last complete week', () => {
    const card = weeklyHomeCard(t.backend.db);
    expect(card.title).toBe('上周周报：2026年第1周（12月29日—1月4日）');
    expect(card.link).toBe('/reports/weekly?week=2026-W01');
    expect(card).toEqual(cardFromReport(t.backend.db));
    // three warnings in the week, one of them 待核查; last year's week 1 is there to compare with
    expect(card.lines[4]).toEqual({ label: '内管预警', value: '3 条（待核查 1 条）', tone: 'warn' });
    expect(card.lines[2].value).not.toBe('—');
    expect(card.lines[0].value).not.toBe('0.00 箱');
  });

  it('follows the data back a week when they end mid-week', () => {
    const db = t.backend.db;
    db.transaction(() => {
      db.prepare('DELETE FROM order_lines WHERE day > 20251231').run();
      rebuildSummaries(db);
    })();
    const card = weeklyHomeCard(db);
    expect(card.title).toBe('上周周报：2025年第52周（12月22日—12月28日）');
    expect(card).toEqual(cardFromReport(db));
    expect(card.lines[4].value).toBe('1 条（待核查 1 条）');
  });

  it('is empty without order lines', () => {
    const db = t.backend.db;
    db.transaction(() => {
      db.prepare('DELETE FROM order_lines').run();
      rebuildSummaries(db);
    })();
    expect(weeklyHomeCard(db)).toEqual({ title: '上周周报', lines: [], link: '/reports/weekly' });
  });
});
