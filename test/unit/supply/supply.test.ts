/**
 * 货源投放 on a hand-worked county (default 档位权重: 档位 g weighs g).
 *
 * Retailers (档位, 城乡, 业态), all 正常 unless noted:
 *   城镇: T1 30 便利店, T2 30 便利店, T3 20 超市, T7 20 超市, T4 10 便利店, T5 10 超市, T6 10 食杂店, T8 10 食杂店
 *   乡村: C1 20 食杂店, C2 10 食杂店, C3 1 食杂店
 *   X 30 城镇 歇业 and N (no 档位) 城镇: never counted.
 * County per grade: D30 2, D20 3, D10 5, D1 1.  城镇: D30 2, D20 2, D10 4.  乡村: D20 1, D10 1, D1 1.
 *
 * Limits are q(g) = ⌊λ·w(g)⌋ for the largest λ keeping Σ q·n within the quantity, then
 * single 条 from the top grade down (limits.ts). Each case is worked below.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { segmentLimits } from '../../../electron/domain/supply';
import { recordGrades } from '../../../electron/domain/masterdata';

let t: TestBackend;

beforeEach(() => {
  t = testBackend();
  t.backend.db.exec(`
    INSERT INTO import_batches(id, kind, file_name, file_hash, user_login, user_name) VALUES (1, 'orders', 'fixture', 'x', 'test', '测试');
    INSERT INTO managers(id, code, name) VALUES (1, 'M01', '张三');
    INSERT INTO routes(id, code, name, manager_id) VALUES (1, 'R01', '城关线', 1), (2, 'R02', '乡镇线', 1);
    INSERT INTO retailers(code, name, route_id, grade, area, format, status) VALUES
      ('T1', '城一', 1, 30, '城镇', '便利店', '正常'), ('T2', '城二', 1, 30, '城镇', '便利店', '正常'),
      ('T3', '城三', 1, 20, '城镇', '超市', '正常'), ('T7', '城七', 1, 20, '城镇', '超市', '正常'),
      ('T4', '城四', 1, 10, '城镇', '便利店', '正常'), ('T5', '城五', 1, 10, '城镇', '超市', '正常'),
      ('T6', '城六', 1, 10, '城镇', '食杂店', '正常'), ('T8', '城八', 1, 10, '城镇', '食杂店', '正常'),
      ('C1', '乡一', 2, 20, '乡村', '食杂店', '正常'), ('C2', '乡二', 2, 10, '乡村', '食杂店', '正常'),
      ('C3', '乡三', 2, 1, '乡村', '食杂店', '正常'),
      ('X', '歇业户', 1, 30, '城镇', '便利店', '歇业'), ('N', '无档位', 1, NULL, '城镇', '便利店', '正常');
    INSERT INTO products(id, code, name, brand, price_class) VALUES
      (1, 'P1', '黄鹤楼(硬峡谷情)', '黄鹤楼', '一类'), (2, 'P2', '红金龙(硬神州)', '红金龙', '三类');
  `);
});

afterEach(() => t.close());

/** limits of a saved spec's segment as {D30: …} for the grades with retailers */
const limitsOf = (seg: { retailers: number[]; limits: number[] }) =>
  Object.fromEntries(
    seg.retailers
      .map((n, i) => [`D${i + 1}`, n > 0 ? seg.limits[i] : -1] as const)
      .filter(([, v]) => v >= 0)
      .reverse(),
  );

/** retailers of a saved segment per grade, for the grades with retailers */
const limitsOfCounts = (seg: { retailers: number[] }) =>
  Object.fromEntries(
    seg.retailers
      .map((n, i) => [`D${i + 1}`, n] as const)
      .filter(([, n]) => n > 0)
      .reverse(),
  );

const save = (week: string, plans: unknown[]) => t.call('supply.save', { week, plans }).plans;
const weekPlans = (week: string) => t.call('supply.week', { week }).plans;

function orders(lines: [number, string, string, number][]) {
  const ins = t.backend.db.prepare(
    `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
     VALUES (1, ?, ?, (SELECT id FROM retailers WHERE code = ?), (SELECT id FROM products WHERE code = ?), ?, ?, 100, ? * 100)`,
  );
  lines.forEach(([day, r, p, q], i) => ins.run(day, `O${i}`, r, p, q, q, q));
}

describe('the week plan: monotone limits per 档位', () => {
  it('uses the quantity exactly: 可用 120, 机动量 10 → 110 条 over the county', () => {
    // A(λ) = 2⌊30λ⌋ + 3⌊20λ⌋ + 5⌊10λ⌋ + ⌊λ⌋. Just below λ = 0.7: 20, 13, 6, 0 → 40+39+30 = 109 (at 0.7: 119).
    // Rest 1: D30 (2 户), D20 (3), D10 (5) cannot take one more; D1 (1 户) 0 → 1. 110 exactly.
    const [p] = save('2026-W10', [{ spec: 'P1', availableTiao: 120, reserveTiao: 10 }]);
    expect(limitsOf(p.segments[0])).toEqual({ D30: 20, D20: 13, D10: 6, D1: 1 });
    expect(p.segments[0].retailers[29]).toBe(2); // X (歇业) and N (no 档位) are not counted
    expect([p.availableTiao, p.reserveTiao, p.allocatedTiao, p.remainderTiao]).toEqual([120, 10, 110, 0]);
    // saved: read back the same
    const again = weekPlans('2026-W10');
    expect(again.map((x: any) => [x.spec, x.allocatedTiao, limitsOf(x.segments[0])])).toEqual([
      ['P1', 110, { D30: 20, D20: 13, D10: 6, D1: 1 }],
    ]);
  });

  it('cannot use it all when every grade has an even count: 城镇 only, 51 条 → 50, 剩余 1', () => {
    // 城镇 D30 2, D20 2, D10 4: any total is even, so at most 50 of 51.
    // Just below λ = 0.4: 11, 7, 3 → 22+14+12 = 48 (at 0.4: 56). Rest 3: D30 12 (rest 1); nothing else fits.
    const [p] = save('2026-W10', [{ spec: 'P2', availableTiao: 51, segments: [{ scope: 'area:城镇' }] }]);
    expect(p.segments[0].label).toBe('城镇');
    expect(limitsOf(p.segments[0])).toEqual({ D30: 12, D20: 7, D10: 3 });
    expect([p.allocatedTiao, p.remainderTiao]).toEqual([50, 1]);
    // the export and the totals show the same remainder
    expect(t.call('supply.week', { week: '2026-W10' }).totals).toEqual({
      availableTiao: 51,
      reserveTiao: 0,
      allocatedTiao: 50,
      remainderTiao: 1,
    });
  });

  it('segments: 城镇 and 乡村 with different grade tables share one quantity', () => {
    // 城镇 weights g, 乡村 a flat 10 for every 档位. A(λ) = 2⌊30λ⌋ + 2⌊20λ⌋ + 4⌊10λ⌋ + 3⌊10λ⌋.
    // Just below λ = 0.6: 城镇 17, 11, 5 and 乡村 5, 5, 5 → 34+22+20+15 = 91 (at 0.6: 102). Rest 9, top down:
    //   D30 城镇 18 (rest 7); D20 城镇 12 (rest 5), 乡村 6 (rest 4); D10 城镇 6 (rest 0).
    // 城镇 36+24+24 = 84, 乡村 6+5+5 = 16 → 100.
    const flat = new Array(30).fill(10);
    const [p] = save('2026-W10', [
      {
        spec: 'P1',
        availableTiao: 100,
        segments: [{ scope: 'area:城镇' }, { scope: 'area:乡村', weights: flat }],
      },
    ]);
    expect(p.segments.map((s: any) => [s.label, limitsOf(s), s.allocatedTiao])).toEqual([
      ['城镇', { D30: 18, D20: 12, D10: 6 }, 84],
      ['乡村', { D20: 6, D10: 5, D1: 5 }, 16],
    ]);
    expect([p.allocatedTiao, p.remainderTiao]).toEqual([100, 0]);
  });

  it('segments by 业态: a 便利店-only plan counts only 便利店', () => {
    // 便利店: T1, T2 (D30), T4 (D10). 40 条: just below λ = 0.6: 17, 5 → 34+5 = 39 (at 0.6: 42);
    // rest 1: D30 (2 户) no; D10 6 ≤ 17 → 40.
    const [p] = save('2026-W10', [{ spec: 'P1', availableTiao: 40, segments: [{ scope: 'format:便利店' }] }]);
    expect(limitsOf(p.segments[0])).toEqual({ D30: 17, D10: 6 });
    expect(p.remainderTiao).toBe(0);
  });

  it('limits typed by the clerk are kept when they are monotone and fit; the other segment shares the rest', () => {
    const typed = new Array(30).fill(0);
    typed[19] = 3; // 乡村 D20
    typed[9] = 2; // D10
    typed[0] = 1; // D1 → 3+2+1 = 6 条
    // 城镇 shares 50 − 6 = 44: just below λ = 0.4: 11, 7, 3 → 48 > 44; just below 0.3667 (30λ = 11):
    // 10, 7, 3 → 20+14+12 = 46 > 44; just below 0.35: 10, 6, 3 → 20+12+12 = 44.
    const [p] = save('2026-W10', [
      {
        spec: 'P2',
        availableTiao: 50,
        segments: [{ scope: 'area:城镇' }, { scope: 'area:乡村', limits: typed }],
      },
    ]);
    expect(p.segments.map((s: any) => [s.manual, limitsOf(s)])).toEqual([
      [false, { D30: 10, D20: 6, D10: 3 }],
      [true, { D20: 3, D10: 2, D1: 1 }],
    ]);
    expect([p.allocatedTiao, p.remainderTiao]).toEqual([50, 0]);
  });

  it('counts each retailer by the 档位 it holds on the Monday of the week (grade history)', () => {
    // T4 moves from 10 to 30 from Monday 2026-03-09 (2026-W11); W10 still counts it in D10.
    const id = (t.backend.db.prepare("SELECT id FROM retailers WHERE code = 'T4'").get() as { id: number }).id;
    t.backend.db.transaction(() => recordGrades(t.backend.db, [{ retailerId: id, grade: 30 }], 20260309, 'edit'))();
    const counts = (p: any) => limitsOfCounts(p.segments[0]);
    const [w10] = save('2026-W10', [{ spec: 'P1', availableTiao: 0 }]);
    const [w11] = save('2026-W11', [{ spec: 'P1', availableTiao: 0 }]);
    expect(counts(w10)).toEqual({ D30: 2, D20: 3, D10: 5, D1: 1 });
    expect(counts(w11)).toEqual({ D30: 3, D20: 3, D10: 4, D1: 1 });
    // its order in W11 is reviewed in D30
    orders([[20260310, 'T4', 'P1', 2]]);
    const r = t.call('supply.review', { week: '2026-W11' });
    expect(r.rows.find((x: any) => x.grade === 'D30')).toMatchObject({ orderers: 1, orderedTiao: 2, retailers: 3 });
    expect(r.rows.find((x: any) => x.grade === 'D10')).toMatchObject({ orderers: 0, orderedTiao: 0 });
  });

  it('counts the retailers 正常经营 on the Monday of the week (dated 经营状态), not today', () => {
    // X (D30) is 歇业 today, since Thursday 2026-03-05 (W10); T4 (D10) 歇业 from Monday 2026-03-09 (W11).
    const db = t.backend.db;
    const idOf = (code: string) =>
      (db.prepare('SELECT id FROM retailers WHERE code = ?').get(code) as { id: number }).id;
    db.prepare(
      `INSERT INTO retailer_status_changes(retailer_id, day, old_status, new_status) VALUES (?, 20260305, '正常', '歇业')`,
    ).run(idOf('X'));
    db.prepare(`UPDATE retailers SET status = '歇业' WHERE code = 'T4'`).run(); // the trigger dates it today
    db.prepare('UPDATE retailer_status_changes SET day = 20260309 WHERE retailer_id = ?').run(idOf('T4'));
    const counts = (p: any) => limitsOfCounts(p.segments[0]);
    // W10 (Monday 03-02): X and T4 were still 正常 → D30 T1 T2 X, D10 T4 T5 T6 T8 C2
    const [w10] = save('2026-W10', [{ spec: 'P1', availableTiao: 0 }]);
    expect(counts(w10)).toEqual({ D30: 3, D20: 3, D10: 5, D1: 1 });
    // W11 (Monday 03-09): both 歇业
    const [w11] = save('2026-W11', [{ spec: 'P1', availableTiao: 0 }]);
    expect(counts(w11)).toEqual({ D30: 2, D20: 3, D10: 4, D1: 1 });
    // W10's review counts X's order in D30 (正常 on the Monday), not as 范围外
    orders([[20260306, 'X', 'P1', 4]]);
    const r = t.call('supply.review', { week: '2026-W10' });
    expect(r.rows.find((x: any) => x.grade === 'D30')).toMatchObject({ retailers: 3, orderers: 1, orderedTiao: 4 });
    expect(r.specs[0].outsideTiao).toBe(0);
  });

  it('refuses segments that share a retailer, and bad quantities, in Chinese with nothing changed', () => {
    save('2026-W10', [{ spec: 'P1', availableTiao: 120, reserveTiao: 10 }]);
    const before = JSON.stringify(weekPlans('2026-W10'));
    const refusals = [
      // a batch where one spec is good and the other overlaps: neither is saved
      [
        { spec: 'P2', availableTiao: 10 },
        { spec: 'P1', availableTiao: 50, segments: [{ scope: 'county' }, { scope: 'area:城镇' }] },
      ],
      [{ spec: 'P1', availableTiao: -5 }],
      [{ spec: 'P1', availableTiao: '12a' }],
      [{ spec: 'P1', availableTiao: 12.5 }],
      [{ spec: 'P1', availableTiao: 10, reserveTiao: 11 }],
      [{ spec: 'P9', availableTiao: 10 }],
      [{ spec: 'P1', availableTiao: 10, segments: [{ scope: 'area:火星' }] }],
      [
        {
          spec: 'P1',
          availableTiao: 100,
          segments: [{ scope: 'county', limits: Object.assign(new Array(30).fill(0), { 0: 5, 9: 4, 19: 6, 29: 7 }) }],
        },
      ],
      [{ spec: 'P1', availableTiao: 10_000_001 }],
      [{ spec: 'P1', availableTiao: 100, capTiao: 1e15 }],
    ];
    const messages = refusals.map((plans) => {
      const r = t.result('supply.save', { week: '2026-W10', plans });
      expect(r.ok).toBe(false);
      return r.error!.message;
    });
    expect(messages[0]).toMatch(/投放范围有重叠：客户 .+同时属于多个范围/);
    expect(messages[1]).toMatch(/负数/);
    expect(messages[2]).toMatch(/[\u4e00-\u9fa5]/);
    expect(messages[3]).toMatch(/整数/);
    expect(messages[4]).toBe('P1 的机动量 11 条超过可用量 10 条');
    expect(messages[5]).toBe('没有编码为“P9”的卷烟规格');
    expect(messages[6]).toMatch(/城乡分类应为/);
    expect(messages[7]).toMatch(/限量必须随档位升高而不降低：D1（5 条）高于更高档位（4 条）/);
    expect(messages[8]).toMatch(/数量不能超过 10,000,000 条/);
    expect(messages[9]).toMatch(/数量不能超过 10,000,000 条/);
    for (const m of messages) expect(m).toMatch(/[\u4e00-\u9fa5]/);
    expect(JSON.stringify(weekPlans('2026-W10'))).toBe(before);
    expect(t.result('supply.week', { week: '2026-W54' }).error!.message).toMatch(/周次“2026-W54”无效/);
  });
});

describe('the review after the week and the next week', () => {
  beforeEach(() => {
    // 2026-W10: Monday 2026-03-02 … Sunday 2026-03-08.
    save('2026-W10', [
      { spec: 'P1', availableTiao: 120, reserveTiao: 10 }, // D30 20, D20 13, D10 6, D1 1 (planned 110)
      { spec: 'P2', availableTiao: 20, segments: [{ scope: 'area:城镇' }] },
    ]);
    orders([
      [20260302, 'T1', 'P1', 20],
      [20260304, 'T2', 'P1', 10],
      [20260308, 'T2', 'P1', 5],
      [20260303, 'T3', 'P1', 13],
      [20260303, 'T4', 'P1', 6],
      [20260305, 'T5', 'P1', 3],
      [20260306, 'C3', 'P1', 1],
      [20260306, 'X', 'P1', 4], // 歇业: outside the plan
      [20260306, 'N', 'P1', 2], // no 档位: outside the plan
      [20260301, 'T7', 'P1', 9], // the week before
      [20260309, 'T7', 'P1', 9], // the week after
      ...(['T1', 'T2'] as const).map((r) => [20260302, r, 'P2', 5] as [number, string, string, number]),
      ...(['T3', 'T7'] as const).map((r) => [20260302, r, 'P2', 3] as [number, string, string, number]),
      ...(['T4', 'T5', 'T6'] as const).map((r) => [20260302, r, 'P2', 1] as [number, string, string, number]),
    ]);
  });

  it('满足率 by grade and spec, 投放利用率, 偏紧 and 偏松', () => {
    // P2 城镇, 20 条: just below λ = 0.2: 5, 3, 1 → 10+6+4 = 20.
    expect(limitsOf(weekPlans('2026-W10')[1].segments[0])).toEqual({ D30: 5, D20: 3, D10: 1 });
    const r = t.call('supply.review', { week: '2026-W10' });
    expect([r.dataThrough, r.partial]).toEqual(['2026-03-08', false]);
    const p1 = r.rows.filter((x: any) => x.spec === 'P1');
    // D30: T1 20 + T2 15 = 35 over 20 × 2 orderers → 0.875; D20: T3 13 / 13 → 1 (C1, T7 did not order in the week);
    // D10: T4 6 + T5 3 = 9 / (6 × 2) → 0.75; D1: C3 1 / 1 → 1.
    expect(p1.map((x: any) => [x.grade, x.limitTiao, x.retailers, x.orderers, x.orderedTiao, x.fillRate])).toEqual([
      ['D30', 20, 2, 2, 35, 0.875],
      ['D20', 13, 3, 1, 13, 1],
      ['D10', 6, 5, 2, 9, 0.75],
      ['D1', 1, 1, 1, 1, 1],
    ]);
    const [s1, s2] = r.specs;
    // P1: 58 ordered of 110 planned → 利用率 0.527 < 60% → 偏松; 满足率 58 / (40+13+12+1) = 58/66.
    // Suggested 可用量 = 58 + 机动量 10 = 68. X and N ordered 6 outside the plan.
    expect([s1.spec, s1.orderedTiao, s1.plannedTiao, s1.outsideTiao, s1.verdict, s1.suggestedAvailableTiao]).toEqual([
      'P1',
      58,
      110,
      6,
      '偏松',
      68,
    ]);
    expect(s1.fillRate).toBeCloseTo(58 / 66, 12);
    expect(s1.utilisation).toBeCloseTo(58 / 110, 12);
    // P2: every orderer took its full limit (19 / 19 = 1 ≥ 95%), 19 of 20 used (95% ≥ 60%) → 偏紧, ⌈20 × 1.2⌉ = 24.
    expect([s2.spec, s2.orderedTiao, s2.fillRate, s2.utilisation, s2.verdict, s2.suggestedAvailableTiao]).toEqual([
      'P2',
      19,
      1,
      0.95,
      '偏紧',
      24,
    ]);
    // by grade over both specs: D30 planned 40 + 10, ordered 35 + 10, base 40 + 10 → 0.9
    expect(r.grades[0]).toEqual({
      grade: 'D30',
      plannedTiao: 50,
      orderedTiao: 45,
      orderers: 4,
      fillRate: 0.9,
      utilisation: 0.9,
    });
    expect(r.totals.utilisation).toBeCloseTo(77 / 130, 12);
    // one spec
    expect(t.call('supply.review', { week: '2026-W10', spec: 'P2' }).specs.map((s: any) => s.spec)).toEqual(['P2']);
    expect(t.result('supply.review', { week: '2026-W11' }).error!.code).toBe('unknown_supply_plan');
  });

  it('takes the 偏紧/偏松 thresholds from Settings and refuses bad ones in Chinese, changing nothing', () => {
    const verdicts = () =>
      t
        .call('supply.review', { week: '2026-W10' })
        .specs.map((s: any) => [s.spec, s.verdict, s.suggestedAvailableTiao]);
    // P2: 满足率 19/19 = 100%, 利用率 19/20 = 95%. 偏松 below 96%: suggested 19 + 机动量 0 = 19.
    t.call('settings.update', { supplyLoosePercent: 96 });
    expect(verdicts()).toEqual([
      ['P1', '偏松', 68],
      ['P2', '偏松', 19],
    ]);
    // back to 60%, with 50% more for a 偏紧 spec: ⌈20 × 1.5⌉ = 30
    t.call('settings.update', { supplyLoosePercent: 60, supplyRaisePercent: 50 });
    expect(verdicts()).toEqual([
      ['P1', '偏松', 68],
      ['P2', '偏紧', 30],
    ]);
    const before = t.call('settings.get', {});
    const bad: [string, unknown, RegExp][] = [
      ['supplyTightPercent', 0, /偏紧满足率应在 1–100% 之间/],
      ['supplyTightPercent', 101, /偏紧满足率应在 1–100% 之间/],
      ['supplyLoosePercent', 12.5, /偏松利用率必须是整数/],
      ['supplyLoosePercent', -5, /偏松利用率应在 0–100% 之间/],
      ['supplyRaisePercent', 1e9, /偏紧建议增量应在 0–500% 之间/],
      ['supplyRaisePercent', '十', /类型不正确/],
    ];
    for (const [key, value, msg] of bad) {
      const r = t.result('settings.update', { [key]: value });
      expect(r.ok).toBe(false);
      expect(r.error!.message).toMatch(msg);
    }
    expect(t.call('settings.get', {})).toEqual(before);
  });

  it('copies last week with the suggestions, refuses to overwrite without replace, copies a chosen week as it was', () => {
    const next = t.call('supply.week', { week: '2026-W11' });
    expect(next.plans).toEqual([]);
    expect(next.suggestions.map((s: any) => [s.spec, s.verdict, s.suggestedAvailableTiao])).toEqual([
      ['P1', '偏松', 68],
      ['P2', '偏紧', 24],
    ]);
    const c = t.call('supply.copy', { week: '2026-W11', useSuggestions: true });
    expect([c.copied, c.from]).toEqual([2, '2026-W10']);
    const [p1, p2] = weekPlans('2026-W11');
    // P1 68 − 10 = 58: just below λ = 0.4: 11, 7, 3, 0 → 22+21+15 = 58.
    expect([p1.availableTiao, p1.reserveTiao, limitsOf(p1.segments[0]), p1.remainderTiao]).toEqual([
      68,
      10,
      { D30: 11, D20: 7, D10: 3, D1: 0 },
      0,
    ]);
    // P2 24 城镇: just below λ = 0.2: 5, 3, 1 (20); rest 4: D30 6 (rest 2), D20 4 (rest 0) → 12+8+4.
    expect([p2.availableTiao, p2.segments[0].scope, limitsOf(p2.segments[0]), p2.remainderTiao]).toEqual([
      24,
      'area:城镇',
      { D30: 6, D20: 4, D10: 1 },
      0,
    ]);
    const before = JSON.stringify(weekPlans('2026-W11'));
    const r = t.result('supply.copy', { week: '2026-W11' });
    expect([r.ok, r.error!.code]).toEqual([false, 'duplicate_supply_plan']);
    expect(r.error!.message).toMatch(/已有 2 个规格的投放方案/);
    expect(JSON.stringify(weekPlans('2026-W11'))).toBe(before);
    // W10 copied as it was over W11
    t.call('supply.copy', { week: '2026-W11', from: '2026-W10', replace: true });
    expect(weekPlans('2026-W11').map((p: any) => [p.spec, p.availableTiao, limitsOf(p.segments[0])])).toEqual([
      ['P1', 120, { D30: 20, D20: 13, D10: 6, D1: 1 }],
      ['P2', 20, { D30: 5, D20: 3, D10: 1 }],
    ]);
    expect(t.result('supply.copy', { week: '2026-W13' }).error!.code).toBe('unknown_supply_plan');
  });

  it('exports the import layout with the configured columns, text neutralised', () => {
    t.call('settings.update', {
      supplyExportColumns: [
        { field: 'spec', header: '卷烟代码' },
        { field: 'grade', header: '档位' },
        { field: 'limit', header: '限量' },
        { field: 'week', header: '周次' },
      ],
    });
    const spec = t.call('supply.exportTable', { week: '2026-W10' });
    expect(spec.columns.map((c: any) => c.title)).toEqual(['卷烟代码', '档位', '限量', '周次']);
    expect(spec.rows.map((r: any) => [r.spec, r.grade, r.limit])).toEqual([
      ['P1', 'D30', 20],
      ['P1', 'D20', 13],
      ['P1', 'D10', 6],
      ['P1', 'D1', 1],
      ['P2', 'D30', 5],
      ['P2', 'D20', 3],
      ['P2', 'D10', 1],
    ]);
    expect(t.result('settings.update', { supplyExportColumns: [{ field: 'spec', header: '=HYPERLINK()' }] }).ok).toBe(
      false,
    );
  });
});

describe('supply plan / review / export (CLI)', () => {
  it('prints the rows of CLI.md, refuses text in a number, writes the import layout', async () => {
    const { runCli } = await import('../../../electron/cli');
    const XLSX = await import('xlsx');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const db = t.dbPath;
    t.close();
    const cli = (...a: string[]) => runCli([...a, '--db', db], {});
    const r = cli('supply', 'plan', '--week', '2026-W10', '--spec', 'P2', '--available', '51', '--scope', 'area:城镇');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rows).toEqual([
      { grade: 'D30', scope: 'area:城镇', retailers: 2, limitTiao: 12 },
      { grade: 'D20', scope: 'area:城镇', retailers: 2, limitTiao: 7 },
      { grade: 'D10', scope: 'area:城镇', retailers: 4, limitTiao: 3 },
    ]);
    expect([j.totalTiao, j.remainderTiao]).toEqual([50, 1]);
    const bad = cli('supply', 'plan', '--week', '2026-W10', '--spec', 'P2', '--available', '五十');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--available 应为不小于 0 的整数（条），收到“五十”/);
    const neg = cli('supply', 'plan', '--week', '2026-W10', '--spec', 'P2', '--available', '-3');
    expect(neg.code).toBe(2);
    // unchanged after the refusals
    expect(
      JSON.parse(
        cli('supply', 'plan', '--week', '2026-W10', '--spec', 'P2', '--available', '51', '--scope', 'area:城镇').stdout,
      ).totalTiao,
    ).toBe(50);
    const out = path.join(t.dir, 'export.xlsx');
    const e = cli('supply', 'export', '--week', '2026-W10', '--out', out);
    expect(e.code).toBe(0);
    const ws = XLSX.read(fs.readFileSync(out)).Sheets['2026-W10'];
    expect(XLSX.utils.sheet_to_json(ws, { header: 1 })).toEqual([
      ['卷烟编码', '卷烟名称', '档位', '限量'],
      ['P2', '红金龙(硬神州)', 'D30', 12],
      ['P2', '红金龙(硬神州)', 'D20', 7],
      ['P2', '红金龙(硬神州)', 'D10', 3],
    ]);
    const rv = cli('supply', 'review', '--week', '2026-W10');
    expect(rv.code).toBe(0);
    expect(
      JSON.parse(rv.stdout).rows.map((x: any) => [x.grade, x.limitTiao, x.retailers, x.orderedTiao, x.fillRate]),
    ).toEqual([
      ['D30', 12, 2, 0, null],
      ['D20', 7, 2, 0, null],
      ['D10', 3, 4, 0, null],
    ]);
    t = testBackend(); // afterEach closes a backend
  });
});

describe('segmentLimits (property)', () => {
  it('per segment monotone, within the quantity and the cap, and no grade can take one more 条', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ns: fc.array(fc.nat(6), { minLength: 30, maxLength: 30 }),
            steps: fc.array(fc.nat(5), { minLength: 30, maxLength: 30 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.nat(3000),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
        (segs, q, cap) => {
          fc.pre(segs.some((s) => s.ns.some((x) => x > 0)));
          const input = segs.map((s) => {
            let acc = 1;
            return { retailers: s.ns, weights: s.steps.map((x) => (acc += x)) };
          });
          const r = segmentLimits({ quantityTiao: q, segments: input, capTiao: cap });
          // a second, simple sum over the limits
          const sum = input.reduce(
            (a, s, k) => a + s.retailers.reduce((b, n, g) => b + n * r.segments[k].limits[g], 0),
            0,
          );
          expect(sum).toBe(r.allocatedTiao);
          expect(r.allocatedTiao + r.remainderTiao).toBe(q);
          expect(r.remainderTiao).toBeGreaterThanOrEqual(0);
          input.forEach((s, k) => {
            const present = s.retailers.map((n, g) => (n > 0 ? g : -1)).filter((g) => g >= 0);
            const lim = r.segments[k].limits;
            for (let i = 1; i < present.length; i++)
              expect(lim[present[i]]).toBeGreaterThanOrEqual(lim[present[i - 1]]);
            present.forEach((g, i) => {
              if (cap !== null) expect(lim[g]).toBeLessThanOrEqual(cap);
              const above = i === present.length - 1 ? Infinity : lim[present[i + 1]];
              const blocked =
                (cap !== null && lim[g] + 1 > cap) || s.retailers[g] > r.remainderTiao || lim[g] + 1 > above;
              expect(blocked).toBe(true);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
