/**
 * 品牌培育 on the hand-worked county of reports/fixture.ts (March 2026), product
 * scope the 品牌集 “七匹狼培育” (rule 品牌=七匹狼 → spec 6902). Its March lines:
 *   03-01 r2 2 条 · 03-03 r1 5 条 · 03-10 r1 2 条 · 03-20 r4 3 条 (r4 歇业) · 03-31 r3 2 条
 * 正常经营: 张三 (1001) r1, r2; 李四 (1002) r3, r5 (r5 through route R02). Weeks of March
 * (Monday–Sunday, clipped): 1 = 03-01 · 2 = 03-02…08 · 3 = 03-09…15 · 4 = 03-16…22 ·
 * 5 = 03-23…29 · 6 = 03-30…31. Cumulative from 03-01 to each week's end:
 *   铺货: 张三 1/2, 2/2, 2/2, 2/2, 2/2, 2/2 · 李四 0/2 … 0/2, then 1/2 in week 6 (r4 does not count)
 *   重购 张三: r1 orders on 03-03 and 03-10 → from week 3 on 1 of 2 ordering
 * Not ordered by 03-31 (the last day with orders): r5 of 李四 only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { handFixture } from '../reports/fixture';
import { packSpecs } from '../../../common/reportTables';

let tb: TestBackend;
let id: number;
beforeAll(() => {
  tb = testBackend();
  handFixture(tb.backend.db);
  tb.call('masterdata.createSet', { name: '七匹狼培育', kind: 'products', rule: { field: '品牌', value: '七匹狼' } });
  tb.call('masterdata.createSet', { name: '乡镇目标户', kind: 'retailers', codes: ['0003', '0004', '0005'] });
  tb.call('masterdata.createSet', { name: '空品牌集', kind: 'products', rule: { field: '品牌', value: '芙蓉王' } });
  id = tb.call('cultivation.save', {
    name: '七匹狼(软通泰)三月铺货',
    products: 'set:七匹狼培育',
    from: '2026-03-01',
    to: '2026-03-31',
    targets: [
      { manager: '1001', distributionRate: 0.6, repeatRate: 0.5, shelfRate: null },
      { manager: '1002', distributionRate: 0.5, repeatRate: null, shelfRate: null },
    ],
  }).id;
});
afterAll(() => tb.close());

const rates = (s: any) =>
  Object.fromEntries(s.managers.map((m: any) => [m.manager, [m.rates.orderingCustomers, m.rates.customers]]));

describe('a cultivation project’s weekly trend', () => {
  it('gives cumulative 铺货 and 重购 per manager week by week, with the targets', () => {
    const t = tb.call('cultivation.trend', { id });
    expect(t.note).toBeNull();
    expect(t.weeks.map((w: any) => [w.from, w.to])).toEqual([
      ['2026-03-01', '2026-03-01'],
      ['2026-03-02', '2026-03-08'],
      ['2026-03-09', '2026-03-15'],
      ['2026-03-16', '2026-03-22'],
      ['2026-03-23', '2026-03-29'],
      ['2026-03-30', '2026-03-31'],
    ]);
    expect(t.weeks.map((w: any) => rates(w.snapshot))).toEqual([
      { '1001': [1, 2], '1002': [0, 2] },
      { '1001': [2, 2], '1002': [0, 2] },
      { '1001': [2, 2], '1002': [0, 2] },
      { '1001': [2, 2], '1002': [0, 2] },
      { '1001': [2, 2], '1002': [0, 2] },
      { '1001': [2, 2], '1002': [1, 2] },
    ]);
    const zhang = (w: number) => t.weeks[w].snapshot.managers.find((m: any) => m.manager === '1001');
    expect([zhang(1).rates.repeatCustomers, zhang(2).rates.repeatCustomers]).toEqual([0, 1]);
    expect(zhang(2).rates.repeatRate).toBe(0.5);
    expect(zhang(5).target).toMatchObject({ distributionRate: 0.6, repeatRate: 0.5, shelfRate: null });
    expect(t.weeks[5].snapshot.total.distributionRate).toBe(3 / 4);
  });

  it('equals the 分销 report over the same days, scope and products, week by week', () => {
    const t = tb.call('cultivation.trend', { id });
    for (const w of t.weeks) {
      const d = tb.call('reports.distribution', {
        period: `2026-03-01~${w.to}`,
        products: 'set:七匹狼培育',
        by: 'manager',
      });
      for (const m of w.snapshot.managers) {
        const row = d.rows.find((r: any) => r.key === m.manager);
        expect([m.rates.customers, m.rates.orderingCustomers, m.rates.distributionRate]).toEqual([
          row.customers,
          row.orderingCustomers,
          row.rate,
        ]);
        expect([m.rates.repeatCustomers, m.rates.repeatRate, m.rates.shelfRate]).toEqual([
          row.repeatCustomers,
          row.repeatRate,
          row.shelfRate,
        ]);
      }
      expect(w.snapshot.total.distributionRate).toBe(d.total.rate);
    }
  });

  it('lists the retailers who have not ordered yet, per manager, with their phone', () => {
    const a = tb.call('cultivation.actions', { id });
    expect(a.to).toBe('2026-03-31');
    expect(a.rows.map((r: any) => [r.manager, r.retailer])).toEqual([['1002', '0005']]);
    // the list is the 铺货率 denominator less its numerator
    const last = tb.call('cultivation.trend', { id }).weeks.at(-1).snapshot.total;
    expect(a.rows.length).toBe(last.customers - last.orderingCustomers);
  });

  it('keeps to the target 客户集, and shows a manager with a target but no target retailer', () => {
    const p = tb.call('cultivation.save', {
      name: '乡镇目标户培育',
      products: 'set:七匹狼培育',
      targetSet: '乡镇目标户',
      from: '2026-03-01',
      to: '2026-03-31',
      targets: [{ manager: '1001', distributionRate: 0.5, repeatRate: null, shelfRate: null }],
    });
    const t = tb.call('cultivation.trend', { id: p.id });
    // 客户集 0003, 0004, 0005: 正常经营 r3 and r5, both 李四's; r3 orders on 03-31
    expect(rates(t.weeks.at(-1).snapshot)).toEqual({ '1001': [0, 0], '1002': [1, 2] });
    expect(t.weeks.at(-1).snapshot.managers[0].rates.distributionRate).toBeNull();
    expect(tb.call('cultivation.actions', { id: p.id }).rows.map((r: any) => r.retailer)).toEqual(['0005']);
  });
});

describe('the 周报 and the 月报 carry the project', () => {
  it('gives the project’s rates to the end of the week in the 周报 and to the month’s end in the 月报', () => {
    const w = tb.call('reports.weekly', { week: '2026-W10' }); // 03-02 … 03-08
    const c = w.cultivation.find((x: any) => x.project.id === id);
    expect(c.snapshot.to).toBe('2026-03-08');
    expect(rates(c.snapshot)).toEqual({ '1001': [2, 2], '1002': [0, 2] });
    const m = tb.call('reports.pack', { month: '2026-03' });
    const pc = m.cultivation.find((x: any) => x.project.id === id);
    expect(pc.snapshot.to).toBe('2026-03-31');
    expect(rates(pc.snapshot)).toEqual({ '1001': [2, 2], '1002': [1, 2] });
    const spec = packSpecs(m).find((s) => s.title === '品牌培育情况表：七匹狼(软通泰)三月铺货')!;
    // 张三: 铺货率 100% against 60% → +40 points; 李四 50% against 50% → 0
    expect(spec.rows.map((r) => [r.key, r.notOrdered, r.distributionGap])).toEqual([
      ['1001', 0, 1 - 0.6],
      ['1002', 1, 0],
    ]);
    expect(spec.totals?.[0]).toMatchObject({ key: '合计', customers: 4, notOrdered: 1 });
  });
});

describe('refusals and empty cases', () => {
  it('refuses a 品牌集 without specs, an unknown set, bad dates and targets beyond 100%', () => {
    const base = { name: '坏项目', products: 'set:七匹狼培育', from: '2026-03-01', to: '2026-03-31', targets: [] };
    const err = (input: any) => tb.result('cultivation.save', { ...base, ...input }).error;
    expect(err({ products: 'set:空品牌集' })).toMatchObject({ code: 'invalid_products' });
    expect(err({ products: 'set:空品牌集' })?.message).toContain('没有任何规格');
    expect(err({ products: 'set:没有这个集' })?.code).toBe('unknown_set');
    expect(err({ targetSet: '七匹狼培育' })?.message).toBe('“七匹狼培育”是品牌集，不能用作客户集');
    expect(err({ to: '2026-02-01' })?.code).toBe('invalid_period');
    expect(err({ from: '2026-02-30' })?.code).toBe('invalid_date');
    expect(err({ name: '七匹狼(软通泰)三月铺货' })?.code).toBe('duplicate_project');
    expect(
      err({ targets: [{ manager: '1001', distributionRate: 1.2, repeatRate: null, shelfRate: null }] })?.code,
    ).toBe('invalid_input');
    expect(
      err({ targets: [{ manager: '9999', distributionRate: 0.5, repeatRate: null, shelfRate: null }] })?.code,
    ).toBe('unknown_manager');
    expect(tb.call('cultivation.list', {}).rows.map((r: any) => r.name)).not.toContain('坏项目');
  });

  it('says so when the 品牌集 has been emptied since, and when the period has no orders yet', () => {
    const p = tb.call('cultivation.save', {
      name: '明年项目',
      products: 'brand:七匹狼',
      from: '2027-01-01',
      to: '2027-03-31',
      targets: [],
    });
    const t = tb.call('cultivation.trend', { id: p.id });
    expect(t.weeks).toEqual([]);
    expect(t.note).toBe('项目期间还没有订单数据');
    // the set's rule now matches nothing: the project stays, its figures say why they are missing
    tb.backend.db.prepare("UPDATE products SET brand = '七匹狼(停产)' WHERE brand = '七匹狼'").run();
    const t2 = tb.call('cultivation.trend', { id });
    expect(t2.note).toContain('没有任何规格');
    expect(t2.weeks).toEqual([]);
    expect(tb.call('cultivation.actions', { id }).rows).toEqual([]);
    tb.backend.db.prepare("UPDATE products SET brand = '七匹狼' WHERE brand = '七匹狼(停产)'").run();
  });
});
