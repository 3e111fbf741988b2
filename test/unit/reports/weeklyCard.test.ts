/**
 * The 周报's 铺货率/重购率 of last week and of last year's week (from the one-pass rates) are
 * checked against 分销 reports over the same days — on the week's first days while it is not
 * over — with and without scopes.
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
import { lastCompleteWeek, parseWeek, weeklyHomeCard, weeklyReport } from '../../../electron/domain/reports/weekly';
import { weekPeriod } from '../../../electron/domain/reports/periods';
import { addDays, dayCount, dayText, isoWeekText, textToDay } from '../../../common/days';
import { salesReport } from '../../../electron/domain/reports/sales';
import { distributionReport } from '../../../electron/domain/reports/distribution';

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
  // only this test's warnings (the demo's own 内管 list taken away): in 2026-W01 one 待核查, one 正常
  // and one 违规; one in W02; one on the Sunday before W01
  db.exec('DELETE FROM monitor_ledger; DELETE FROM monitor_warning_docs; DELETE FROM monitor_warnings');
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

/** The 周报's comparison of 铺货率 and 重购率 checked against 分销 reports of the same days; true when the week is not over. */
function checkCompare(week: string): boolean {
  const r = weeklyReport(t.backend.db, { week });
  const total = (from: string, to: string) =>
    t.call('reports.distribution', { period: `${from}~${to}`, by: 'total' }).total;
  const span = r.through ? dayCount({ from: textToDay(r.from), to: textToDay(r.through) }) : 7;
  const end = (w: { from: string }) => dayText(addDays(textToDay(w.from), span - 1));
  const lw = total(r.lastWeek!.from, end(r.lastWeek!));
  const ly = total(r.lastYear!.from, end(r.lastYear!));
  expect(r.distributionCompare).toEqual({
    rate: r.distribution.total.rate,
    rateLastWeek: lw.rate,
    rateLastYear: ly.rate,
    repeatRate: r.distribution.total.repeatRate,
    repeatRateLastWeek: lw.repeatRate,
    repeatRateLastYear: ly.repeatRate,
    orderingCustomers: r.distribution.total.orderingCustomers,
    orderingCustomersLastWeek: lw.orderingCustomers,
    orderingCustomersLastYear: ly.orderingCustomers,
  });
  expect(lw.orderingCustomers).toBeGreaterThan(0);
  expect(ly.orderingCustomers).toBeGreaterThan(0);
  return r.through !== null;
}

describe('the 周报’s 铺货率 and 重购率 of last week and of last year’s week', () => {
  it('equal the 分销 report over those weeks', () => {
    expect(['2025-W40', '2025-W52', '2026-W01', '2026-W02'].map(checkCompare)).toEqual([false, false, false, true]);
  });

  it('keep to a customer and a product scope', () => {
    const db = t.backend.db;
    const manager = db.prepare('SELECT code FROM managers ORDER BY code LIMIT 1').pluck().get() as string;
    const input = { scope: `manager:${manager}`, products: 'class:一类' };
    const r = weeklyReport(db, { week: '2025-W50', ...input });
    const lw = t.call('reports.distribution', { period: '2025-12-01~2025-12-07', by: 'total', ...input }).total;
    expect([r.distributionCompare.rateLastWeek, r.distributionCompare.repeatRateLastWeek]).toEqual([
      lw.rate,
      lw.repeatRate,
    ]);
    expect(r.distributionCompare.orderingCustomersLastWeek).toBe(lw.orderingCustomers);
    expect(lw.orderingCustomers).toBeGreaterThan(0);
  });
});

describe('the 周报 read as one batch (the week’s sums by 客户经理 asked once)', () => {
  it('equals the 销售情况表 and the 分销 report computed alone, to the last field', () => {
    const db = t.backend.db;
    for (const week of ['2025-W50', '2026-W01']) {
      const r = weeklyReport(db, { week });
      const period = weekPeriod(parseWeek(week));
      const strip = (x: object) => {
        const { volumeTiaoLastWeek, amountFenLastWeek, wowVolume, wowAmount, ...rest } = x as Record<string, unknown>;
        void [volumeTiaoLastWeek, amountFenLastWeek, wowVolume, wowAmount];
        return rest;
      };
      for (const [shown, by] of [
        [r.sales, 'class'],
        [r.salesByManager, 'manager'],
      ] as const) {
        const alone = salesReport(db, { period, by });
        expect({ ...shown, rows: shown.rows.map(strip), total: strip(shown.total) }).toEqual(alone);
        expect(alone.total.volumeTiao).toBeGreaterThan(0);
      }
      expect(r.distribution).toEqual(distributionReport(db, { period, by: 'manager' }));
    }
  });
});

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
    // 2026-W01 is now not over (data to Wednesday 12-31): 上周 and 去年同周 on their first three days,
    // whose figures differ from their whole weeks' (the demo orders Monday to Thursday)
    expect(checkCompare('2026-W01')).toBe(true);
    const whole = t.call('reports.distribution', { period: '2025-12-22~2025-12-28', by: 'total' }).total;
    expect(weeklyReport(db, { week: '2026-W01' }).distributionCompare.orderingCustomersLastWeek).toBeLessThan(
      whole.orderingCustomers,
    );
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
