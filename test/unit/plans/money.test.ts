/**
 * Plans in money (DOMAIN.md "Plans in money") on the hand-worked county of fixture.ts, with each
 * order line priced at its product's 批发价: P1 (一类) 20000 分/条, P2 (三类) 5000 分/条.
 *
 * 金额 2025 per 客户经理: M01 P1 600 条 + P2 300 条 = 12,000,000 + 1,500,000 = 13,500,000 分;
 * M02 P1 300 + P2 250 = 6,000,000 + 1,250,000 = 7,250,000; M03 P1 100 = 2,000,000.
 * March 2026: M01 P1 50 条 = 1,000,000 分; M02 P2 300 条 = 1,500,000; M03 P1 1500 条 = 30,000,000.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { refused, testBackend, tempDir, type TestBackend } from '../../helpers/backend';
import { runCli } from '../../../electron/cli';
import { seedCounty } from './fixture';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';
import { breakdown } from '../../../electron/domain/plans/breakdown';
import { moneyCells } from '../../../common/planMoney';

const priced = (t: TestBackend) => {
  seedCounty(t.backend.db);
  t.backend.db.exec(
    'UPDATE order_lines SET amount_fen = qty_tiao * (SELECT wholesale_price_fen FROM products p WHERE p.id = product_id)',
  );
  rebuildSummaries(t.backend.db);
};

let t: TestBackend;
beforeEach(() => {
  t = testBackend();
  priced(t);
});
afterEach(() => t.close());

const base = { year: 2026, level: 'manager' as const };

describe('销售额 split like the quantity, exact to the 分', () => {
  it('splits 123.456789 万元 by last year’s 金额 with M02 locked at 40 万元; the parts add up to the 分', () => {
    // 123,456,789 分 − 40,000,000 locked = 83,456,789 over M01 : M03 = 13,500,000 : 2,000,000 = 27 : 4
    // M01 83,456,789 × 27/31 = 72,688,171 + 2/31; M03 × 4/31 = 10,768,617 + 29/31;
    // floors leave 1 分, which goes to the larger remainder (M03, 29/31)
    const r = t.call('plans.breakdown', {
      ...base,
      target: '100',
      amount: '123.456789',
      amountLocks: { M02: 40_000_000 },
    });
    const fen = r.rows.map((x: { money: { amountFen: number } }) => x.money.amountFen);
    expect(fen).toEqual([72_688_171, 40_000_000, 10_768_618]);
    expect(fen.reduce((s: number, x: number) => s + x, 0)).toBe(123_456_789);
    expect(r.amountFen).toBe(123_456_789);
    expect(r.rows[1].money.amountLocked).toBe(true);
    expect(r.rows[0].money.amountExact).toBeCloseTo(72_688_171 + 2 / 31, 6);
    expect(r.rows[2].money.amountExplain.plusOne).toBe(true);
    // the quantity is split as before (by 条, not by 金额): 5807, 3548, 645 hundredths of a 箱
    expect(r.rows.map((x: { units: number }) => x.units)).toEqual([5807, 3548, 645]);
    // 单箱值 target of every row: 123,456,789 分 ÷ 100 箱 = 1,234,567.89 → 1,234,568 分/箱
    expect(r.perCaseFen).toBe(1_234_568);
    expect(r.rows.map((x: { money: { perCaseFen: number } }) => x.money.perCaseFen)).toEqual([
      1_234_568, 1_234_568, 1_234_568,
    ]);
  });

  it('is the same breakdown as the quantity’s, in 分 (a second method: the pure split on the same bases)', () => {
    const pure = breakdown({
      totalUnits: 123_456_789,
      unit: '分',
      methods: [{ method: 'history', weight: 1 }],
      cells: [
        { key: 'M01', bases: { history: 13_500_000 } },
        { key: 'M02', bases: { history: 7_250_000 }, lock: 40_000_000 },
        { key: 'M03', bases: { history: 2_000_000 } },
      ],
    });
    const r = t.call('plans.breakdown', {
      ...base,
      target: '100',
      amount: '123.456789',
      amountLocks: { M02: 40_000_000 },
    });
    expect(r.rows.map((x: { money: { amountFen: number } }) => x.money.amountFen)).toEqual(
      pure.rows.map((x) => x.units),
    );
    expect(pure.rows[0].explain.text).toContain('元');
  });

  it('keeps the plan’s 单箱值 and 一类烟占比 targets per row unless a row has its own', () => {
    const r = t.call('plans.breakdown', {
      ...base,
      target: '100',
      amount: '2856.71',
      perCaseYuan: '28000',
      classOneShare: '45.5',
      rowTargets: { M03: { perCaseYuan: '30000.5', classOneShare: 60 } },
    });
    expect(r.rows.map((x: { money: { perCaseFen: number } }) => x.money.perCaseFen)).toEqual([
      2_800_000, 2_800_000, 3_000_050,
    ]);
    expect(r.rows.map((x: { money: { classOneBp: number } }) => x.money.classOneBp)).toEqual([4550, 4550, 6000]);
    const sum = r.rows.reduce((s: number, x: { money: { amountFen: number } }) => s + x.money.amountFen, 0);
    expect(sum).toBe(2_856_710_000);
  });

  it('refuses what cannot be split with a Chinese reason, and a plan without money has none', () => {
    expect(refused(() => t.call('plans.breakdown', { ...base, target: '100', amount: '12.3456789' })).message).toMatch(
      /销售额目标“12.3456789”不是有效的万元数/,
    );
    expect(
      refused(() =>
        t.call('plans.breakdown', { ...base, target: '100', amount: '10', amountLocks: { M01: 200_000_000 } }),
      ).message,
    ).toMatch(/^销售额分解：锁定的数量合计 2000000.00元 超过目标 100000.00元/);
    expect(
      refused(() => t.call('plans.breakdown', { ...base, target: '100', amountLocks: { M01: 1 } })).message,
    ).toMatch(/没有销售额目标/);
    expect(refused(() => t.call('plans.breakdown', { ...base, target: '100', classOneShare: '101' })).message).toMatch(
      /0 到 100/,
    );
    const plain = t.call('plans.breakdown', { ...base, target: '100' });
    expect(plain.amountFen).toBeNull();
    expect(plain.rows.every((x: { money: unknown }) => x.money === null)).toBe(true);
  });

  it('saves the split with the version and keeps it across versions', () => {
    const c = t.call('plans.create', {
      name: '年度计划',
      params: { ...base, target: '100', amount: '123.456789', amountLocks: { M02: 40_000_000 } },
    });
    const g = t.call('plans.get', { planId: c.planId });
    expect(g.plan.targetAmountFen).toBe(123_456_789);
    expect(g.cells.map((x: { money: { amountFen: number } }) => x.money.amountFen)).toEqual([
      72_688_171, 40_000_000, 10_768_618,
    ]);
    // a 计划金额 given in 元 alone (the older call) is split too
    const d = t.call('plans.create', { name: '金额计划', params: { ...base, target: '100' }, targetAmountYuan: 1000 });
    const cells = t.call('plans.get', { planId: d.planId }).cells;
    expect(cells.reduce((s: number, x: { money: { amountFen: number } }) => s + x.money.amountFen, 0)).toBe(100_000);
  });
});

describe('销售额 floors and ceilings, like the 销量’s', () => {
  const equal = [{ method: 'equal' as const, weight: 1 }];
  const fen = (r: { rows: { money: { amountFen: number } }[] }) => r.rows.map((x) => x.money.amountFen);

  it('keeps a lock and a floor in 分: 30 万元 with M01 locked at 20 万元 and M03 at least 3 万元', () => {
    // without the floor: 10,000,000 分 over M02 : M03 = 7,250,000 : 2,000,000 = 29 : 8
    //   M02 7,837,837 + 31/37, M03 2,162,162 + 6/37 → the 1 分 left goes to M02
    const free = t.call('plans.breakdown', { ...base, target: '100', amount: '30', amountLocks: { M01: 20_000_000 } });
    expect(fen(free)).toEqual([20_000_000, 7_837_838, 2_162_162]);
    // M03's floor of 3,000,000 分 holds; M02 takes the rest
    const r = t.call('plans.breakdown', {
      ...base,
      target: '100',
      amount: '30',
      amountLocks: { M01: 20_000_000 },
      amountBounds: { M03: { floor: 3_000_000 } },
    });
    expect(fen(r)).toEqual([20_000_000, 7_000_000, 3_000_000]);
    expect(r.rows[2].money.amountExplain).toMatchObject({ bound: 'floor', floor: 3_000_000 });
    expect(r.rows[2].money.amountExplain.boundNote).toBe('销售额手工下限 30000.00元');
    // the 销量 split is untouched by the money's bounds
    expect(r.rows.map((x: { units: number }) => x.units)).toEqual(free.rows.map((x: { units: number }) => x.units));
  });

  it('takes floors and ceilings as ratios of last year’s 金额: equal split of 30 万元 bounded by ×1 and ×2', () => {
    // equal: 10,000,000 each. Floors ×1: 13,500,000 / 7,250,000 / 2,000,000; ceilings ×2: 27,000,000 /
    // 14,500,000 / 4,000,000. M01 rises to its floor, M03 drops to its ceiling: 30,000,000 − 13,500,000 −
    // 4,000,000 = 12,500,000 to M02 (within 7,250,000 … 14,500,000).
    const r = t.call('plans.breakdown', {
      ...base,
      target: '30',
      methods: equal,
      amount: '30',
      amountFloorRatio: '1',
      amountCeilingRatio: 2,
    });
    expect(fen(r)).toEqual([13_500_000, 12_500_000, 4_000_000]);
    expect(r.rows[0].money.amountExplain.boundNote).toBe(
      '销售额下限 = 去年同期 135000.00元 × 1；销售额上限 = 去年同期 135000.00元 × 2',
    );
    // one 分 more: the odd 分 of the spread part goes to M02, the only cell not at a bound
    const odd = t.call('plans.breakdown', {
      ...base,
      target: '30',
      methods: equal,
      amount: '30.000001',
      amountFloorRatio: '1',
      amountCeilingRatio: 2,
    });
    expect(fen(odd)).toEqual([13_500_000, 12_500_001, 4_000_000]);
    // the quantity keeps its own (none here): 30 箱 equally, 1000 hundredths each
    expect(r.rows.map((x: { units: number }) => x.units)).toEqual([1000, 1000, 1000]);
  });

  it('refuses bounds that cannot hold, and money bounds without a 销售额 target, changing nothing', () => {
    // floors ×2 add up to 45,500,000 分 > 30,000,000
    expect(
      refused(() =>
        t.call('plans.breakdown', { ...base, target: '30', methods: equal, amount: '30', amountFloorRatio: '2' }),
      ).message,
    ).toMatch(/^销售额分解：/);
    expect(
      refused(() => t.call('plans.breakdown', { ...base, target: '30', amountBounds: { M01: { floor: 1 } } })).message,
    ).toBe('没有销售额目标，不能设销售额的上下限');
    expect(
      refused(() =>
        t.call('plans.breakdown', { ...base, target: '30', amount: '30', amountBounds: { X9: { floor: 1 } } }),
      ).message,
    ).toMatch(/销售额上下限中的“X9”不是本次分解的对象/);
    expect(
      refused(() => t.call('plans.breakdown', { ...base, target: '30', amount: '30', amountFloorRatio: '九成' }))
        .message,
    ).toMatch(/销售额下限比例“九成”不是有效的非负小数/);
  });

  it('keeps the bounds with a saved version and takes them from the command line', () => {
    const c = t.call('plans.create', {
      name: '有下限的金额计划',
      params: { ...base, target: '30', methods: equal, amount: '30', amountFloorRatio: '1', amountCeilingRatio: '2' },
    });
    const cells = t.call('plans.get', { planId: c.planId }).cells;
    expect(cells.map((x: { money: { amountFen: number } }) => x.money.amountFen)).toEqual([
      13_500_000, 12_500_000, 4_000_000,
    ]);
    const dir = tempDir('wb-plan-money-bounds-');
    const db = path.join(dir, 'county.db');
    const b = testBackend({ dbPath: db, dataDir: dir });
    priced(b);
    b.close();
    const r = runCli(
      [
        ...['plan', 'breakdown', '--target', '30', '--level', 'manager', '--year', '2026', '--method', 'equal'],
        ...['--amount', '30', '--amount-floor-ratio', '1', '--amount-ceiling-ratio', '2', '--db', db],
      ],
      {},
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows.map((x: { amountFen: number }) => x.amountFen)).toEqual([
      13_500_000, 12_500_000, 4_000_000,
    ]);
  });
});

describe('progress in money', () => {
  it('shows 销售额, 单箱值 and 一类烟占比 actuals beside their targets', () => {
    // March 2026, 9 箱 and 3 万元 split equally: 3 箱 and 1,000,000 分 each; 单箱值 target
    // 3,000,000 分 ÷ 9 箱 = 333,333.33 → 333,333 分/箱; 一类烟占比 target 50%.
    const c = t.call('plans.create', {
      name: '3月计划',
      params: {
        ...base,
        month: 3,
        target: 9,
        unit: '箱',
        methods: [{ method: 'equal', weight: 1 }],
        amount: '3',
        classOneShare: '50',
      },
    });
    const p = t.call('plans.progress', { planId: c.planId, asOf: '2026-03-31' });
    expect(p.hasMoney).toBe(true);
    const row = (k: string) => p.rows.find((r: { key: string }) => r.key === k);
    // M01: 50 条 P1 = 1,000,000 分 → 完成率 1; 单箱值 1,000,000 × 250 / 50 / 100 = 50,000 元/箱; 一类 100%
    expect(row('M01')).toMatchObject({
      actualFen: 1_000_000,
      targetFen: 1_000_000,
      amountCompletion: 1,
      perCaseTargetFen: 333_333,
      perCaseYuan: 50_000,
      classOneTargetBp: 5000,
      classOneShare: 1,
    });
    // M02: 300 条 P2 = 1,500,000 分 → 1.5; 1,500,000 × 250 / 300 / 100 = 12,500 元/箱; 一类 0
    expect(row('M02')).toMatchObject({
      actualFen: 1_500_000,
      amountCompletion: 1.5,
      perCaseYuan: 12_500,
      classOneShare: 0,
    });
    // M03: 1500 条 P1 = 30,000,000 分 → 30
    expect(row('M03')).toMatchObject({ actualFen: 30_000_000, amountCompletion: 30, perCaseYuan: 50_000 });
    // 合计: 32,500,000 分 of 3,000,000; 单箱值 32,500,000 × 250 / 1850 / 100; 一类 1550 / 1850
    expect(p.total).toMatchObject({ actualFen: 32_500_000, targetFen: 3_000_000, perCaseTargetFen: 333_333 });
    expect(p.total.amountCompletion).toBeCloseTo(32.5 / 3, 12);
    expect(p.total.perCaseYuan).toBeCloseTo((32_500_000 * 250) / 1850 / 100, 9);
    expect(p.total.classOneShare).toBeCloseTo(1550 / 1850, 12);
    // to 2026-03-15 only the first two lines count: 2,500,000 分 over 350 条
    const mid = t.call('plans.progress', { planId: c.planId, asOf: '2026-03-15' });
    expect(mid.total.actualFen).toBe(2_500_000);
    expect(mid.total.classOneShare).toBeCloseTo(50 / 350, 12);
  });

  it('splits on read the 销售额 of a version saved before money was split per cell (migration 031)', () => {
    // March 2026, 9 箱 equally; the 计划金额 of 3 万元 was stored on the plan only, as before 031
    const c = t.call('plans.create', {
      name: '旧3月计划',
      params: { ...base, month: 3, target: 9, unit: '箱', methods: [{ method: 'equal', weight: 1 }] },
    });
    t.backend.db.prepare('UPDATE plans SET target_amount_fen = 3000000 WHERE id = ?').run(c.planId);
    expect(t.call('plans.get', { planId: c.planId }).cells.every((x: { money: unknown }) => x.money === null)).toBe(
      true,
    );
    const p = t.call('plans.progress', { planId: c.planId, asOf: '2026-03-31' });
    expect(p.hasMoney).toBe(true);
    expect(p.amountUnsplit).toBe(false);
    // equal split of 3,000,000 分: 1,000,000 each; 完成率 M01 1,000,000 ÷ 1,000,000, M02 1.5, M03 30
    expect(p.rows.map((r: any) => [r.key, r.targetFen, r.amountCompletion])).toEqual([
      ['M01', 1_000_000, 1],
      ['M02', 1_000_000, 1.5],
      ['M03', 1_000_000, 30],
    ]);
    // 单箱值 target 3,000,000 × 250 ÷ 2250 条 = 333,333.33 → 333,333 分/箱
    expect(p.total).toMatchObject({ targetFen: 3_000_000, perCaseTargetFen: 333_333 });
    expect(moneyCells(p.rows[0]).m_targetFen).toBe(1_000_000);
  });

  it('says 未分解 on the rows when an old version’s methods give no base for the money', () => {
    // 2027 by 2024's sales (none): the 销量 stands only by its locks; the 销售额 has nothing to go by
    const c = t.call('plans.create', {
      name: '旧年度计划',
      params: {
        ...base,
        year: 2027,
        target: '3',
        baseFrom: '2024-01-01',
        baseTo: '2024-12-31',
        locks: { M01: 100, M02: 100, M03: 100 },
      },
    });
    t.backend.db.prepare('UPDATE plans SET target_amount_fen = 3000000 WHERE id = ?').run(c.planId);
    const p = t.call('plans.progress', { planId: c.planId, asOf: '2027-01-31' });
    expect(p.hasMoney).toBe(true);
    expect(p.amountUnsplit).toBe(true);
    expect(p.rows.map((r: any) => [r.targetFen, r.amountUnsplit])).toEqual([
      [null, true],
      [null, true],
      [null, true],
    ]);
    expect(p.total.targetFen).toBe(3_000_000);
    expect(moneyCells(p.rows[1]).m_targetFen).toBe('未分解');
    expect(moneyCells(p.total).m_targetFen).toBe(3_000_000);
  });

  it('gives the 月报 and 首页 summary the county’s money beside the approved plan’s targets', () => {
    const c = t.call('plans.create', {
      name: '3月计划',
      params: { ...base, month: 3, target: 9, unit: '箱', methods: [{ method: 'equal', weight: 1 }], amount: '3' },
    });
    t.call('plans.submit', { planId: c.planId });
    t.call('plans.approve', { planId: c.planId });
    const s = t.call('plans.progressSummary', { asOf: '2026-03-31' });
    expect(s.money).toMatchObject({ actualFen: 32_500_000, targetFen: 3_000_000 });
    expect(s.money.amountCompletion).toBeCloseTo(32.5 / 3, 12);
  });
});

describe('考核 in money', () => {
  it('scores 销售额完成率 from the approved plan beside 计划完成率', () => {
    // the plan of the progress test: 3 箱 (750 条) and 1,000,000 分 per 客户经理
    const c = t.call('plans.create', {
      name: '3月计划',
      params: { ...base, month: 3, target: 9, unit: '箱', methods: [{ method: 'equal', weight: 1 }], amount: '3' },
    });
    t.call('plans.submit', { planId: c.planId });
    t.call('plans.approve', { planId: c.planId });
    t.call('network.saveScheme', {
      name: '含金额的考核方案',
      items: [
        {
          code: 'qty',
          name: '计划完成率',
          group: 'economic',
          source: 'plan',
          weight: 50,
          rule: { type: 'linear', target: 1 },
        },
        {
          code: 'amt',
          name: '销售额完成率',
          group: 'economic',
          source: 'plan_amount',
          weight: 50,
          rule: { type: 'linear', target: 1 },
        },
      ],
    });
    const rows = t.call('network.assessment', { period: '2026-03', live: true }).rows;
    const item = (k: string, code: string) =>
      rows.find((r: { key: string }) => r.key === k).items.find((i: { code: string }) => i.code === code).value;
    // 计划完成率: 50/750, 300/750, 1500/750; 销售额完成率: 1,000,000, 1,500,000, 30,000,000 ÷ 1,000,000
    expect([item('M01', 'qty'), item('M02', 'qty'), item('M03', 'qty')]).toEqual([50 / 750, 300 / 750, 2]);
    expect([item('M01', 'amt'), item('M02', 'amt'), item('M03', 'amt')]).toEqual([1, 1.5, 30]);
  });
});

describe('plan breakdown --amount on the command line', () => {
  it('prints amountFen per row adding up to the target to the 分, and refuses a bad amount', () => {
    const dir = tempDir('wb-plan-money-cli-');
    const db = path.join(dir, 'county.db');
    const b = testBackend({ dbPath: db, dataDir: dir });
    priced(b);
    b.close();
    const cli = (line: string) => runCli([...line.split(' '), '--db', db], {});
    const r = cli('plan breakdown --target 100 --level manager --year 2026 --amount 123.456789 --lock-amount M02=40');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.amountFen).toBe(123_456_789);
    expect(out.rows.map((x: { amountFen: number }) => x.amountFen)).toEqual([72_688_171, 40_000_000, 10_768_618]);
    expect(out.rows[1].amountLocked).toBe(true);
    const bad = cli('plan breakdown --target 100 --level manager --year 2026 --amount 一百');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/销售额目标“一百”不是有效的万元数/);
    const noValue = cli('plan breakdown --target 100 --level manager --year 2026 --amount');
    expect(noValue.code).toBe(2);
  });
});

describe('money figures as typed', () => {
  it('reads 万元 to the 分, 元 to the 分 and percentages to 0.01%, exactly', async () => {
    const { wanToFen, fenToWanText, yuanToFen, percentToBp } = await import('../../../electron/domain/plans/units');
    expect(wanToFen('2856.71')).toBe(2_856_710_000);
    expect(wanToFen(0.000001)).toBe(1);
    expect(fenToWanText(2_856_710_000)).toBe('2856.71');
    expect(fenToWanText(123_456_789)).toBe('123.456789');
    expect(yuanToFen('23805.9')).toBe(2_380_590);
    expect(percentToBp('45.5%')).toBe(4550);
    expect(percentToBp(100)).toBe(10000);
    for (const bad of ['-1', '1.2345678', '1e3', '']) expect(() => wanToFen(bad)).toThrow(/不是有效的万元数/);
    expect(() => yuanToFen('1.234')).toThrow(/最多2位小数/);
    expect(() => percentToBp('100.01')).toThrow(/0 到 100/);
  });
});
