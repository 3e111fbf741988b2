/**
 * The demo's 内管 and 品牌培育 content, on the micro county (tiny, for tests: seed 5, data to Monday
 * 2026-11-30), which gets the same 内管 content as the other sizes, smaller, and the running
 * project only; the finished project is then added by running the 培育 extension as for a real
 * size:
 *   last Monday 11-30 · 歇业 dated 11-16 · scan 11-02…11-30 (紧俏集中 weeks 11-02…12-06, 超档位
 *   November) · checked: warnings dated up to 11-22 · project 1 from Monday 10-05 (eight weeks
 *   before 11-30) for three months to 2027-01-04 · project 2 on 2026-06-01…08-31.
 * Every count below is recomputed from the order lines with plain SQL and loops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { seededRandom } from '../../../electron/domain/masterdata/demo';
import { gradeAsOf } from '../../../electron/domain/masterdata';
import { generateCultivationDemo } from '../../../electron/domain/cultivation/demo';

let t: TestBackend;
const q = (sql: string, ...p: unknown[]) =>
  t.backend.db
    .prepare(sql)
    .pluck()
    .get(...p) as number;
beforeAll(() => {
  t = testBackend();
  const end = t.job('masterdata.demo', { size: 'tiny', years: 1, seed: 5, endDate: '2026-11-30' });
  expect(end.type).toBe('done');
  // the micro county's own: a scanned list and the running project
  expect(q('SELECT COUNT(*) FROM monitor_warnings')).toBeGreaterThan(0);
  expect(t.call('cultivation.list', {}).rows.map((p: any) => p.name)).toEqual(['七匹狼系列三个月铺货']);
  // the finished project, as a real size gets it (the running one is kept as it is)
  const ctx = {
    db: t.backend.db,
    random: seededRandom(99),
    size: 'small' as const,
    dayFrom: 20251201,
    dayTo: 20261130,
  };
  t.backend.db.transaction(() => generateCultivationDemo(ctx))();
}, 120_000);
afterAll(() => t.close());

describe('demo 内管', () => {
  it('names the 中华 specs as the 重点监管 set in Settings', () => {
    expect(t.call('settings.get', {}).monitorScarceSet).toBe('重点监管');
    const members = t.call('masterdata.setMembers', { name: '重点监管' }) as { code: string }[];
    expect(members.length).toBe(q("SELECT COUNT(*) FROM products WHERE brand = '中华'"));
    expect(members.length).toBeGreaterThan(0);
  });

  it('has two retailers recorded 歇业 on 11-16 whose later orders are the 非正常经营订货 warnings', () => {
    const closed = t.backend.db
      .prepare("SELECT retailer_id FROM retailer_status_changes WHERE day = 20261116 AND new_status = '歇业'")
      .pluck()
      .all() as number[];
    expect(closed.length).toBe(2);
    const expected = q(
      `SELECT COUNT(*) FROM (SELECT DISTINCT retailer_id, product_id, day FROM order_lines
       WHERE retailer_id IN (${closed.join(',')}) AND day BETWEEN 20261116 AND 20261130)`,
    );
    expect(expected).toBeGreaterThan(0);
    expect(q("SELECT COUNT(*) FROM monitor_warnings WHERE rule = 'inactive'")).toBe(expected);
  });

  it('has the 紧俏集中 warnings a plain loop finds: ≥ 5% of the county’s week of a 中华 spec', () => {
    const lines = t.backend.db
      .prepare(
        `SELECT o.day, o.retailer_id r, o.product_id p, o.qty_tiao q FROM order_lines o JOIN products pr ON pr.id = o.product_id
         WHERE pr.brand = '中华' AND o.day BETWEEN 20261102 AND 20261206`,
      )
      .all() as { day: number; r: number; p: number; q: number }[];
    const mondays = [20261102, 20261109, 20261116, 20261123, 20261130];
    const weekOf = (day: number) => mondays.filter((m) => m <= day).at(-1)!;
    const perRetailer = new Map<string, number>();
    const perSpec = new Map<string, number>();
    for (const l of lines) {
      const w = weekOf(l.day);
      perRetailer.set(`${w}|${l.p}|${l.r}`, (perRetailer.get(`${w}|${l.p}|${l.r}`) ?? 0) + l.q);
      perSpec.set(`${w}|${l.p}`, (perSpec.get(`${w}|${l.p}`) ?? 0) + l.q);
    }
    const fire = [...perRetailer]
      .filter(([k, v]) => {
        const [w, p] = k.split('|');
        return v > 0 && v * 100 >= 5 * perSpec.get(`${w}|${p}`)!;
      })
      .map(([k]) => k)
      .sort();
    const stored = (
      t.backend.db
        .prepare("SELECT day || '|' || product_id || '|' || retailer_id FROM monitor_warnings WHERE rule = 'scarce'")
        .pluck()
        .all() as string[]
    ).sort();
    expect(fire.length).toBeGreaterThan(0);
    expect(stored).toEqual(fire);
  });

  it('has the 订量突增 warnings a plain loop finds: ≥ 2.2 × and ≥ 10 条 over the mean of the previous three order dates', () => {
    const days = new Map<string, Map<number, number>>();
    for (const l of t.backend.db
      .prepare('SELECT retailer_id r, product_id p, day, qty_tiao q FROM order_lines')
      .all() as {
      r: number;
      p: number;
      day: number;
      q: number;
    }[]) {
      const m = days.get(`${l.r}|${l.p}`) ?? new Map<number, number>();
      m.set(l.day, (m.get(l.day) ?? 0) + l.q);
      days.set(`${l.r}|${l.p}`, m);
    }
    const fire: string[] = [];
    for (const [pair, m] of days) {
      const dated = [...m].filter(([, v]) => v > 0).sort((a, b) => a[0] - b[0]);
      dated.forEach(([day, v], i) => {
        if (i < 3 || day < 20261102 || day > 20261130) return;
        const sum = dated[i - 1][1] + dated[i - 2][1] + dated[i - 3][1];
        if (v * 3 * 100 >= 220 * sum && v * 3 - sum >= 30) fire.push(`${day}|${pair}`);
      });
    }
    const stored = t.backend.db
      .prepare("SELECT day || '|' || retailer_id || '|' || product_id FROM monitor_warnings WHERE rule = 'surge'")
      .pluck()
      .all() as string[];
    expect(fire.length).toBeGreaterThanOrEqual(2);
    expect(stored.sort()).toEqual(fire.sort());
  });

  it('has the 超档位 warnings a plain loop finds: ≥ 3 × the median month of the 正常 retailers of the 档位', () => {
    const grades = gradeAsOf(t.backend.db, 20261130);
    const totals = new Map<number, number>();
    for (const l of t.backend.db
      .prepare('SELECT retailer_id r, qty_tiao q FROM order_lines WHERE day BETWEEN 20261101 AND 20261130')
      .all() as { r: number; q: number }[])
      totals.set(l.r, (totals.get(l.r) ?? 0) + l.q);
    const retailers = t.backend.db.prepare('SELECT id, status FROM retailers').all() as {
      id: number;
      status: string;
    }[];
    const peers = new Map<number, number[]>();
    for (const r of retailers) {
      const g = grades.get(r.id);
      if (r.status !== '正常' || g === null || g === undefined) continue;
      peers.set(g, [...(peers.get(g) ?? []), totals.get(r.id) ?? 0]);
    }
    const fire: number[] = [];
    for (const r of retailers) {
      const g = grades.get(r.id);
      const v = totals.get(r.id) ?? 0;
      if (g === null || g === undefined || v <= 0) continue;
      const list = [...(peers.get(g) ?? [])].sort((a, b) => a - b);
      if (!list.length) continue;
      const median = list.length % 2 ? list[list.length >> 1] : (list[list.length / 2 - 1] + list[list.length / 2]) / 2;
      if (median > 0 && v >= 3 * median) fire.push(r.id);
    }
    const stored = t.backend.db
      .prepare("SELECT retailer_id FROM monitor_warnings WHERE rule = 'over-grade' AND day = 20261101")
      .pluck()
      .all() as number[];
    expect(fire.length).toBeGreaterThanOrEqual(1);
    expect(stored.sort((a, b) => a - b)).toEqual(fire.sort((a, b) => a - b));
  });

  it('has the warnings up to 11-22 checked as a clerk would, the newer ones waiting, and 违规 on the 台账', () => {
    expect(q("SELECT COUNT(*) FROM monitor_warnings WHERE day > 20261122 AND status <> '待核查'")).toBe(0);
    const old = q('SELECT COUNT(*) FROM monitor_warnings WHERE day <= 20261122');
    const checked = q("SELECT COUNT(*) FROM monitor_warnings WHERE day <= 20261122 AND status <> '待核查'");
    expect(checked).toBeGreaterThan(old * 0.6);
    expect(checked).toBeLessThan(old);
    // every check has a note and the owning manager as 核查人, two to five days after the order
    expect(
      q(
        `SELECT COUNT(*) FROM monitor_warnings w JOIN retailers r ON r.id = w.retailer_id
         LEFT JOIN managers m ON m.id = r.manager_id
         WHERE w.status <> '待核查' AND (w.note IS NULL OR w.checked_by <> COALESCE(m.name, '内勤'))`,
      ),
    ).toBe(0);
    expect(q('SELECT COUNT(*) FROM monitor_ledger')).toBe(
      q("SELECT COUNT(*) FROM monitor_warnings WHERE status = '违规'"),
    );
    // a closed retailer goes on the 台账 once; its other lines refer to that check
    expect(
      q(
        "SELECT MAX(n) FROM (SELECT COUNT(*) n FROM monitor_warnings WHERE rule = 'inactive' AND status = '违规' GROUP BY retailer_id)",
      ),
    ).toBe(1);
  });

  it('puts the week’s warnings in the 周报 and on the 首页 card', () => {
    const w = t.call('reports.weekly', { week: '2026-W48' }); // 11-23 … 11-29
    expect(w.warnings.total).toBe(q('SELECT COUNT(*) FROM monitor_warnings WHERE day BETWEEN 20261123 AND 20261129'));
    expect(w.warnings.total).toBeGreaterThan(0);
    expect(w.cultivation.map((c: any) => c.project.name)).toEqual(['七匹狼系列三个月铺货']);
    const card = t.call('reports.weeklyHomeCard', {});
    expect(card.title).toBe(`上周周报：${w.weekLabel}`);
    const unchecked = q(
      "SELECT COUNT(*) FROM monitor_warnings WHERE day BETWEEN 20261123 AND 20261129 AND status = '待核查'",
    );
    expect(card.lines.at(-1)).toEqual({
      label: '内管预警',
      value: `${w.warnings.total} 条（待核查 ${unchecked} 条）`,
      tone: 'warn',
    });
  });
});

describe('demo 品牌培育', () => {
  it('has a running project of eight weeks and more and a finished one on a 客户集', () => {
    const rows = t.call('cultivation.list', {}).rows;
    expect(rows.map((p: any) => [p.name, p.products, p.targetSet, p.from, p.to])).toEqual([
      ['七匹狼系列三个月铺货', 'set:七匹狼系列', null, '2026-10-05', '2027-01-04'],
      ['利群城镇客户上柜', 'brand:利群', '城镇客户', '2026-06-01', '2026-08-31'],
    ]);
    const trend = t.call('cultivation.trend', { id: rows[0].id });
    expect(trend.weeks.length).toBe(9);
    expect(trend.weeks.at(-1)).toMatchObject({ from: '2026-11-30', to: '2026-11-30', through: '2026-11-30' });
    expect(trend.weeks.slice(0, 8).every((w: any) => w.through === null)).toBe(true);
  });

  it('sets each manager’s targets in 5% steps a few points around what the manager reaches', () => {
    for (const [i, low, high] of [
      [0, -0.04, 0.14],
      [1, -0.06, 0.06],
    ]) {
      const p = t.call('cultivation.list', {}).rows[i];
      const last = t.call('cultivation.trend', { id: p.id }).weeks.at(-1).snapshot;
      const withRetailers = last.managers.filter((m: any) => m.rates.customers > 0).map((m: any) => m.manager);
      expect(p.targets.map((x: any) => x.manager)).toEqual(withRetailers);
      for (const m of last.managers.filter((x: any) => x.target)) {
        for (const k of ['distributionRate', 'repeatRate', 'shelfRate']) {
          const target = m.target[k];
          const actual = m.rates[k];
          if (actual === null) {
            expect(target).toBeNull();
            continue;
          }
          expect(Math.round(target * 20)).toBeCloseTo(target * 20, 9);
          expect(target).toBeGreaterThanOrEqual(0.05);
          expect(target).toBeLessThanOrEqual(0.95);
          const clamped = target === 0.05 || target === 0.95;
          if (!clamped) {
            expect(target - actual).toBeGreaterThanOrEqual(low - 0.025 - 1e-9);
            expect(target - actual).toBeLessThanOrEqual(high + 0.025 + 1e-9);
          }
        }
      }
    }
  });
});
