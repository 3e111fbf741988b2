/** 计划编制's draft conversions (renderer/pages/plans/planDraft.ts), on hand-worked values. */
import { describe, expect, it } from 'vitest';
import {
  childOf,
  defaultDraft,
  draftFromQuery,
  fromParams,
  toParams,
  type Draft,
} from '../../../renderer/pages/plans/planDraft';

const query = (s: string) => {
  const q = new URLSearchParams(s);
  return (k: string) => q.get(k);
};
const parent = {
  level: 'manager' as const,
  year: 2026,
  month: 3,
  unit: '0.01箱' as const,
  products: 'all',
  name: '3月客户经理计划',
  methods: [
    { method: 'history' as const, weight: 2 },
    { method: 'customers' as const, weight: 1 },
  ],
};

describe("the address of a cell's child breakdown", () => {
  it("a 客户经理 cell opens its retailers (参考) with the cell's value as the target", () => {
    const url = childOf(parent, { key: 'M001', label: '张三', units: 12345 })!;
    expect(url.startsWith('/plans/edit?')).toBe(true);
    const q = new URLSearchParams(url.slice('/plans/edit?'.length));
    expect(Object.fromEntries(q)).toEqual({
      target: '123.45', // 12345 units of 0.01箱
      unit: '0.01箱',
      year: '2026',
      month: '3',
      products: 'all',
      methods: JSON.stringify(parent.methods),
      level: 'retailer',
      within: 'manager:M001',
      name: '3月客户经理计划·张三客户（参考）',
    });
  });

  it('a month cell opens that month by 客户经理; 条 targets are written in 箱 with three decimals', () => {
    const q = new URLSearchParams(
      childOf(
        { ...parent, level: 'month', month: null, unit: '条' },
        { key: '2026-07', label: '7月', units: 1000 },
      )!.split('?')[1],
    );
    expect([q.get('level'), q.get('month'), q.get('name'), q.get('target')]).toEqual([
      'manager',
      '7',
      '2026年7月客户经理计划',
      '4.000', // 1000 条 / 250
    ]);
  });

  it('价类 → brands → specs, and a spec has no child', () => {
    const brand = new URLSearchParams(
      childOf({ ...parent, level: 'class', unit: '箱' }, { key: '一类', label: '一类', units: 40 })!.split('?')[1],
    );
    expect([brand.get('level'), brand.get('products'), brand.get('target')]).toEqual(['brand', 'class:一类', '40']);
    const spec = new URLSearchParams(
      childOf({ ...parent, level: 'brand' }, { key: '黄鹤楼', label: '黄鹤楼', units: 5 })!.split('?')[1],
    );
    expect([spec.get('level'), spec.get('products'), spec.get('target')]).toEqual(['spec', 'brand:黄鹤楼', '0.05']);
    expect(childOf({ ...parent, level: 'spec' }, { key: '6901028', label: '规格', units: 1 })).toBeNull();
  });
});

describe('the draft an address describes', () => {
  it('is null without a level and a target', () => {
    expect(draftFromQuery(query('level=manager'))).toBeNull();
    expect(draftFromQuery(query('target=10'))).toBeNull();
  });

  it("takes the child's fields, and of the parent's methods only those that apply at its level", () => {
    const d = draftFromQuery(
      query(
        new URLSearchParams({
          level: 'brand',
          target: '40',
          year: '2026',
          month: '5',
          unit: '箱',
          products: 'class:一类',
          name: '一类分品牌',
          methods: JSON.stringify(parent.methods),
        }).toString(),
      ),
    )!;
    expect(d).toEqual({
      ...defaultDraft(2026),
      level: 'brand',
      target: '40',
      month: 5,
      unit: '箱',
      products: 'class:一类',
      name: '一类分品牌',
      within: null,
      methods: [{ method: 'history', weight: 2 }], // 客户户数 applies to the organisation levels only
    });
    // nothing usable left, or unreadable: 同期销量占比 alone
    expect(
      draftFromQuery(query('level=spec&target=1&methods=%5B%7B%22method%22%3A%22grade%22%7D%5D'))!.methods,
    ).toEqual([{ method: 'history', weight: 1 }]);
    expect(draftFromQuery(query('level=spec&target=1&methods=not-json'))!.methods).toEqual([
      { method: 'history', weight: 1 },
    ]);
  });
});

describe('a draft and the plans.breakdown parameters', () => {
  const draft: Draft = {
    ...defaultDraft(2026),
    name: '3月张三客户',
    month: 3,
    level: 'retailer',
    target: ' 123.45 ',
    methods: [
      { method: 'recent', weight: 1 },
      { method: 'history', weight: 3, n: 6 },
    ],
    products: '  ',
    floorRatio: ' ',
    locks: { R1: 500 },
    within: 'manager:M001',
    amountWan: '',
  };

  it('sends trimmed values, n only for 近N月 (3 unless set), 全部卷烟 for blank products', () => {
    expect(toParams(draft)).toEqual({
      target: '123.45',
      level: 'retailer',
      year: 2026,
      month: 3,
      unit: '0.01箱',
      methods: [
        { method: 'recent', weight: 1, n: 3 },
        { method: 'history', weight: 3 },
      ],
      baseFrom: null,
      baseTo: null,
      products: 'all',
      locks: { R1: 500 },
      floorRatio: null,
      within: 'manager:M001',
    });
    // the 销售额 floor goes only with a 销售额 target, and comes back from the saved parameters
    expect(toParams({ ...draft, amountFloorRatio: '0.9' }).amountFloorRatio).toBeUndefined();
    const money = toParams({ ...draft, amountWan: ' 30 ', amountFloorRatio: ' 0.9 ' });
    expect([money.amount, money.amountFloorRatio]).toEqual(['30', '0.9']);
    expect(fromParams('x', money, null).amountFloorRatio).toBe('0.9');
    // a month-level plan has no month; `within` only for retailers
    const p = toParams({ ...draft, level: 'month', within: 'manager:M001' });
    expect([p.month, p.within]).toEqual([null, null]);
  });

  it('comes back from saved parameters as the same draft (amount in 万元 from 分)', () => {
    const back = fromParams('3月张三客户', toParams(draft), 12_500_000);
    expect(back).toEqual({
      ...draft,
      target: '123.45',
      products: 'all',
      floorRatio: '',
      methods: [
        { method: 'recent', weight: 1, n: 3 },
        { method: 'history', weight: 3, n: undefined },
      ],
      amountWan: '12.5',
    });
  });
});
