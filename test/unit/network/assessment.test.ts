import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { errorOf, seedCounty, seedOrders } from './fixture';
import { rankTotals, ruleFactor } from '../../../electron/domain/network/assessmentRules';

let tb: TestBackend;
beforeEach(() => {
  tb = testBackend();
  const ids = seedCounty(tb.backend.db);
  seedOrders(tb.backend.db, ids);
});
afterEach(() => tb.close());

const SCHEME = {
  name: '2026年考核方案',
  items: [
    {
      code: 'coverage',
      name: '覆盖率',
      group: 'economic',
      source: 'coverage',
      weight: 30,
      rule: { type: 'linear', target: 0.8 },
    },
    {
      code: 'settle',
      name: '电子结算',
      group: 'economic',
      source: 'indicator:e_settlement',
      weight: 20,
      rule: { type: 'passfail', threshold: 0.6 },
    },
    {
      code: 'plan',
      name: '计划完成率',
      group: 'economic',
      source: 'manual',
      unit: 'rate',
      weight: 20,
      rule: { type: 'linear', target: 1 },
    },
    {
      code: 'moving',
      name: '品牌动销率',
      group: 'economic',
      source: 'brand_moving',
      products: { brand: '黄鹤楼' },
      weight: 10,
      rule: {
        type: 'stepped',
        steps: [
          { atLeast: 0.9, factor: 1 },
          { atLeast: 0.5, factor: 0.5 },
        ],
      },
    },
    {
      code: 'shelf',
      name: '上柜率',
      group: 'economic',
      source: 'shelf',
      weight: 20,
      rule: { type: 'linear', target: 0.8 },
    },
  ],
};

describe('scoring rules', () => {
  it('scores linear to target, capped at full marks', () => {
    expect(ruleFactor({ type: 'linear', target: 0.8 }, 0.5)).toBe(0.625);
    expect(ruleFactor({ type: 'linear', target: 0.8 }, 1)).toBe(1);
    expect(ruleFactor({ type: 'linear', target: 0.8 }, null)).toBe(0);
  });
  it('scores stepped by the highest step reached, boundaries included', () => {
    const rule = {
      type: 'stepped' as const,
      steps: [
        { atLeast: 0.5, factor: 0.5 },
        { atLeast: 0.9, factor: 1 },
      ],
    };
    expect(ruleFactor(rule, 0.9)).toBe(1);
    expect(ruleFactor(rule, 0.8999)).toBe(0.5);
    expect(ruleFactor(rule, 0.5)).toBe(0.5);
    expect(ruleFactor(rule, 0.4999)).toBe(0);
  });
  it('scores pass/fail at the threshold', () => {
    expect(ruleFactor({ type: 'passfail', threshold: 0.6 }, 0.6)).toBe(1);
    expect(ruleFactor({ type: 'passfail', threshold: 0.6 }, 0.5999)).toBe(0);
  });
  it('gives equal totals the same rank and skips the next', () => {
    expect(rankTotals([85, 90, 85, 70])).toEqual([2, 1, 2, 4]);
  });
});

describe('月度考核表', () => {
  it('matches a hand computation for every manager', () => {
    tb.call('network.saveScheme', SCHEME);
    tb.call('network.setAssessmentValues', {
      period: '2026-03',
      rows: [
        { itemCode: 'plan', managerCode: 'M01', value: 1.1 },
        { itemCode: 'plan', managerCode: 'M02', value: 0.9 },
      ],
    });
    const r = tb.call('network.assessment', { period: '2026-03' });
    expect(r.source).toBe('computed');
    expect(r.scheme.name).toBe('2026年考核方案');
    expect(r.rows.map((x: { key: string; rank: number }) => [x.key, x.rank])).toEqual([
      ['M02', 1],
      ['M01', 2],
      ['M03', 3],
    ]);
    const byKey = Object.fromEntries(r.rows.map((x: { key: string }) => [x.key, x]));
    const items = (k: string) => Object.fromEntries(byKey[k].items.map((i: { code: string }) => [i.code, i]));
    // M01: coverage 2/4 → 30 × 0.5/0.8 = 18.75; 电子结算 0.5 < 0.6 → 0; plan 1.1 capped → 20;
    // 黄鹤楼 动销率 (DOMAIN.md) = ordering in March / ordered Dec–Feb: March r1 r2 r6 (r5 订购量 0, r3 only P2)
    // over r1 r2 r3 r5 = 3/4 = 0.75 → step 0.5 → 5; 上柜 r1 yes, r2 (latest i3) no, r4 yes = 2/3 → 20 × (2/3)/0.8
    const m1 = items('M01');
    expect(m1.coverage).toMatchObject({ numerator: 2, denominator: 4, score: 18.75 });
    expect(m1.settle).toMatchObject({ value: 0.5, score: 0 });
    expect(m1.plan).toMatchObject({ value: 1.1, score: 20 });
    expect(m1.moving).toMatchObject({ numerator: 3, denominator: 4, value: 0.75, score: 5 });
    expect(m1.shelf).toMatchObject({ numerator: 2, denominator: 3 });
    expect(m1.shelf.score).toBeCloseTo(50 / 3, 10);
    expect(byKey.M01.total).toBeCloseTo(18.75 + 0 + 20 + 5 + 50 / 3, 10);
    // M02: coverage 1/2 → 18.75; 电子结算 1 → 20; plan 0.9 → 18; 动销 2/2 → 10; 上柜 1/1 → 20
    expect(byKey.M02.total).toBeCloseTo(86.75, 10);
    expect(items('M02').plan.score).toBeCloseTo(18, 10);
    // M03 has no retailers and no entered values: every item missing, total 0
    expect(byKey.M03.total).toBe(0);
    expect(byKey.M03.items.every((i: { missing: boolean }) => i.missing)).toBe(true);
  });

  it('refuses a scheme whose weights do not add up to 100', () => {
    const r = tb.result('network.saveScheme', { ...SCHEME, items: SCHEME.items.slice(1) });
    expect(r.ok).toBe(false);
    {
      expect(errorOf(r)?.code).toBe('weights_not_100');
      expect(errorOf(r)?.message).toContain('70');
    }
    expect(tb.call('network.schemes', {}).schemes).toEqual([]);
  });

  it('keeps a saved month as it was when the data changes later, and lists it in the history', () => {
    tb.call('network.saveScheme', SCHEME);
    const saved = tb.call('network.saveAssessment', { period: '2026-03' });
    expect(saved.source).toBe('saved');
    tb.backend.db
      .prepare("INSERT INTO visit_records(day, retailer_id) SELECT 20260315, id FROM retailers WHERE code = 'r3'")
      .run();
    const again = tb.call('network.assessment', { period: '2026-03' });
    expect(again.source).toBe('saved');
    expect(again.rows.find((x: { key: string }) => x.key === 'M01').total).toBeCloseTo(
      saved.rows.find((x: { key: string }) => x.key === 'M01').total,
      12,
    );
    const live = tb.call('network.assessment', { period: '2026-03', live: true });
    // r3 now visited: M01 coverage 3/4 → 30 × 0.75/0.8 = 28.125 (+9.375)
    expect(
      live.rows.find((x: { key: string }) => x.key === 'M01').total -
        again.rows.find((x: { key: string }) => x.key === 'M01').total,
    ).toBeCloseTo(9.375, 10);
    const h = tb.call('network.assessmentHistory', { from: '2026-01', to: '2026-12' });
    expect(h.periods).toEqual(['2026-03']);
    expect(h.rows.map((x: { managerCode: string; rank: number }) => [x.managerCode, x.rank])).toEqual([
      ['M02', 1],
      ['M01', 2],
      ['M03', 3],
    ]);
  });

  it('uses the built-in default scheme until one is saved, with 计划完成率 entered by hand', () => {
    const r = tb.call('network.assessment', { period: '2026-03' });
    expect(r.scheme.name).toBe('默认考核方案');
    expect(r.scheme.items.map((i: { name: string }) => i.name)).toEqual([
      '上柜率',
      '覆盖率',
      '品牌动销率',
      '计划完成率',
      '客户拜访',
      '信息采集',
      '专销结合',
    ]);
    expect(r.notes.join('；')).toContain('计划完成率为手工录入值');
  });

  it('takes 计划完成率 from the month’s plan by 客户经理 when there is one', () => {
    // 30 条 split equally: 10 条 per manager; March actual 条: M01 5+1+2+0+3 = 11, M02 2+2 = 4, M03 0
    const draft = {
      name: '3月计划',
      params: {
        target: '0.12',
        level: 'manager',
        year: 2026,
        month: 3,
        unit: '条',
        methods: [{ method: 'equal', weight: 1 }],
      },
    };
    const { planId } = tb.call('plans.create', draft);
    // only an approved plan counts for the month (DOMAIN.md); a draft leaves the hand-entered values
    expect(tb.call('network.assessment', { period: '2026-03' }).notes.join('；')).toContain('计划完成率为手工录入值');
    tb.call('plans.submit', { planId });
    tb.call('plans.approve', { planId });
    const r = tb.call('network.assessment', { period: '2026-03' });
    expect(r.notes.join('；')).toContain('计划完成率取自计划“3月计划”');
    const plan = (k: string) =>
      r.rows
        .find((x: { key: string }) => x.key === k)
        .items.find((i: { code: string }) => i.code === 'plan_completion');
    expect(plan('M01')).toMatchObject({ value: 1.1, score: 20 });
    expect(plan('M02').value).toBeCloseTo(0.4, 12);
    expect(plan('M02').score).toBeCloseTo(8, 12);
    expect(plan('M03')).toMatchObject({ value: 0, score: 0 });
  });

  it('refuses a scheme whose product scope names an unknown spec', () => {
    const items = SCHEME.items.map((i) => (i.code === 'shelf' ? { ...i, products: { codes: ['P1', 'P404'] } } : i));
    const r = tb.result('network.saveScheme', { ...SCHEME, items });
    expect(errorOf(r)).toMatchObject({ code: 'unknown_product', message: '没有编码为“P404”的卷烟规格' });
  });

  it('refuses a hand value for an item the system computes', () => {
    tb.call('network.saveScheme', SCHEME);
    const r = tb.result('network.setAssessmentValues', {
      period: '2026-03',
      rows: [{ itemCode: 'coverage', managerCode: 'M01', value: 0.9 }],
    });
    expect(errorOf(r)?.code).toBe('not_manual');
  });
});
