/**
 * 分销与四率 on the hand-worked county (fixture.ts), March 2026.
 * 正常经营: 甲(0001), 乙(0002) on R01/张三; 丙(0003), 戊(0005, no manager → route R02's 李四) on R02; 丁(0004) is 歇业.
 * Ordered (订购量 > 0): 甲 on 3rd and 10th; 乙 on 1st and 5th (its 5th line of 6903 got 0 but 6901 got 15);
 * 丙 on 12th and 31st; 丁 on 20th (not in the denominator). 戊 never orders.
 * Previous three months (Dec–Feb): 甲, 乙, 丙 ordered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { handFixture } from './fixture';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  handFixture(tb.backend.db);
});
afterAll(() => tb.close());

const pick = (r: any) => [r.key, r.customers, r.orderingCustomers, r.rate, r.repeatCustomers, r.repeatRate];

describe('分销与四率', () => {
  it('computes 铺货率 and 重购率 per manager, counting only 正常经营 retailers', () => {
    const r = tb.call('reports.distribution', { period: '2026-03', by: 'manager' });
    expect(r.rows.map(pick)).toEqual([
      ['1001', 2, 2, 1, 2, 1],
      ['1002', 2, 1, 0.5, 1, 1],
    ]);
    expect(pick({ key: '合计', ...r.total })).toEqual(['合计', 4, 3, 0.75, 3, 1]);
  });

  it('computes 订货户数, 订货次数, 户均订货量 and 动销率 for the county', () => {
    const t = tb.call('reports.distribution', { period: '2026-03', by: 'manager' }).total;
    expect(t.orderingAll).toBe(4); // 丁 counts as a customer who ordered
    expect(t.orderCount).toBe(2 + 2 + 2 + 1);
    expect(t.volumeTiao).toBe(45);
    expect(t.perCustomerTiao).toBe(45 / 4);
    expect(t.orderedBefore).toBe(3);
    expect(t.activeRate).toBeCloseTo(4 / 3, 12);
    expect(t.fulfilment).toBeCloseTo(43 / 60, 12);
    expect(t.stockoutRate).toBe(1 / 8);
  });

  it('counts order dates of a spec alone when the product scope is one spec', () => {
    // 七匹狼(软通泰): 甲 on 3rd and 10th, 乙 on 1st, 丙 on 31st, 丁 (歇业) on 20th
    const r = tb.call('reports.distribution', { period: '2026-03', by: 'route', products: 'codes:6902' });
    expect(r.rows.map(pick)).toEqual([
      ['R01', 2, 2, 1, 1, 0.5],
      ['R02', 2, 1, 0.5, 0, 0],
    ]);
    expect(r.total.repeatRate).toBeCloseTo(1 / 3, 12);
  });

  it('lists every on-sale spec by spec, with the county’s operating retailers as the base', () => {
    const r = tb.call('reports.distribution', { period: '2026-03', by: 'spec' });
    // 6901: 甲, 乙; 6902: 甲, 乙, 丙 (+丁); 6903: 丙 only (乙's line was 0)
    expect(r.rows.map((x: any) => [x.key, x.customers, x.orderingCustomers, x.orderingAll])).toEqual([
      ['6901', 4, 2, 2],
      ['6902', 4, 3, 4],
      ['6903', 4, 1, 1],
    ]);
  });

  it('shows a row with no base as undefined, not 0%', () => {
    const r = tb.call('reports.distribution', { period: '2026-03', by: 'format' });
    const conv = r.rows.find((x: any) => x.key === '便利店');
    expect(conv.customers).toBe(0);
    expect(conv.rate).toBeNull();
    expect(conv.orderingAll).toBe(1);
    const tobacco = r.rows.find((x: any) => x.key === '烟酒店');
    expect([tobacco.customers, tobacco.orderingCustomers, tobacco.rate, tobacco.repeatRate]).toEqual([1, 0, 0, null]);
  });

  it('follows 铺货率 week by week against a target', () => {
    const w = tb.call('reports.distributionWeekly', { period: '2026-03', products: 'codes:6902', target: 0.6 });
    // weeks: 3/1 | 3/2–8 | 3/9–15 | 3/16–22 | 3/23–29 | 3/30–31 ; 乙 day 1, 甲 days 3 and 10, 丙 day 31 (丁 歇业 not counted)
    expect(w.points.map((p: any) => [p.orderingCustomers, p.cumulativeCustomers])).toEqual([
      [1, 1],
      [1, 2],
      [1, 2],
      [0, 2],
      [0, 2],
      [1, 3],
    ]);
    expect(w.points[5].cumulativeRate).toBe(0.75);
    expect(w.target).toBe(0.6);
  });

  it('drills from a row to its retailers and from a retailer to its lines', () => {
    const d = tb.call('reports.drillRetailers', { period: '2026-03', by: 'route', key: 'R02', products: 'codes:6902' });
    expect(d.rows.map((r: any) => [r.code, r.status, r.ordered, r.volumeTiao, r.orderDays])).toEqual([
      ['0003', '正常', true, 2, 1],
      ['0004', '歇业', true, 3, 1],
      ['0005', '正常', false, 0, 0],
    ]);
    const l = tb.call('reports.retailerLines', { period: '2026-03', retailer: '0001' });
    expect(l.rows.map((x: any) => [x.day, x.orderNo, x.productCode, x.demandTiao, x.qtyTiao, x.amountFen])).toEqual([
      ['2026-03-03', 'O1', '6901', 10, 10, 200000],
      ['2026-03-03', 'O1', '6902', 5, 5, 40000],
      ['2026-03-10', 'O2', '6902', 4, 2, 16000],
    ]);
    expect(l.total).toEqual({ demandTiao: 19, qtyTiao: 17, amountFen: 256000 });
    // from the 二类 row of a by-价类 table, only that row's specs
    const two = tb.call('reports.retailerLines', { period: '2026-03', retailer: '0001', by: 'class', key: '二类' });
    expect(two.rows.map((x: any) => [x.day, x.productCode, x.qtyTiao])).toEqual([
      ['2026-03-03', '6902', 5],
      ['2026-03-10', '6902', 2],
    ]);
    // from a month row, only that month's days
    const jan = tb.call('reports.retailerLines', { period: '2026Q1', retailer: '0002', by: 'month', key: '2026-01' });
    expect(jan.rows.map((x: any) => x.orderNo)).toEqual(['J1']);
    expect((tb.result('reports.retailerLines', { period: '2026-03', retailer: 'nope' } as any) as any).error.code).toBe(
      'unknown_retailer',
    );
  });

  it('lays out 客户分类销售情况一览表 as 业态 × month in one table', () => {
    const t = tb.call('reports.customerClass', { period: '2026Q1', by: 'format' });
    expect(t.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(t.rows.map((r: any) => [r.key, r.cells.map((c: any) => c.volumeTiao), r.total.volumeTiao])).toEqual([
      ['食杂店', [0, 11, 25], 36],
      ['便利店', [0, 0, 3], 3],
      ['超市', [4, 0, 17], 21],
    ]);
    expect(t.total.cells.map((c: any) => c.volumeTiao)).toEqual([4, 11, 45]);
    expect(t.total.total.volumeTiao).toBe(60);
  });
});

describe('动销率 on the 规格 basis (Settings)', () => {
  it('counts on-sale specs that sold over on-sale specs, per row, and says which basis it used', () => {
    tb.call('settings.update', { activeRateBasis: 'specs' });
    try {
      const r = tb.call('reports.distribution', { period: '2026-03', by: 'manager' });
      expect(r.activeRateBasis).toBe('specs');
      // 张三's retailers sold 6901 and 6902 (乙's 6903 line got 0); 李四's sold 6902 and 6903
      expect(r.rows.map((x: any) => [x.key, x.activeSpecs, x.specsOnSale])).toEqual([
        ['1001', 2, 3],
        ['1002', 2, 3],
      ]);
      expect(r.rows[0].activeRate).toBeCloseTo(2 / 3, 12);
      expect([r.total.activeSpecs, r.total.specsOnSale, r.total.activeRate]).toEqual([3, 3, 1]);
      const c = tb.call('reports.distribution', { period: '2026-03', by: 'class', scope: 'route:R01' });
      // route R01 (甲, 乙): 一类 6901 sold; 二类 6902 sold; 三类 6903 not (乙's line got 0)
      expect(c.rows.map((x: any) => [x.key, x.activeSpecs, x.specsOnSale, x.activeRate])).toEqual([
        ['一类', 1, 1, 1],
        ['二类', 1, 1, 1],
        ['三类', 0, 1, 0],
      ]);
    } finally {
      tb.call('settings.update', { activeRateBasis: 'customers' });
    }
    expect(tb.call('reports.distribution', { period: '2026-03', by: 'manager' }).total.activeRate).toBeCloseTo(
      4 / 3,
      12,
    );
  });
});

describe('上柜率 from inspection records', () => {
  it('counts the latest inspection of each retailer in the period, per spec and per manager; says so when there is none', () => {
    const db = tb.backend.db;
    const shelf = tb.call('reports.distribution', { period: '2026-01', by: 'spec' });
    expect(shelf.shelfNote).toContain('没有检查记录');
    expect([shelf.total.inspectedCustomers, shelf.total.shelfCustomers, shelf.total.shelfRate]).toEqual([
      null,
      null,
      null,
    ]);
    db.exec(`
      INSERT INTO inspection_records(id, day, retailer_id) VALUES (1, 20260305, 1), (2, 20260320, 1), (3, 20260310, 3), (4, 20260315, 5), (5, 20260225, 2);
      INSERT INTO inspection_shelf(inspection_id, product_id) VALUES (1, 1), (1, 2), (2, 2), (4, 1), (5, 1), (5, 2), (5, 3);
    `);
    try {
      // March: 甲's latest (20th) shows 6902 only; 丙 inspected, nothing on the shelf; 戊 shows 6901.
      // 乙's inspection is in February, 丁 not inspected: 3 retailers inspected.
      const bySpec = tb.call('reports.distribution', { period: '2026-03', by: 'spec' });
      expect(bySpec.shelfNote).toBeNull();
      expect(bySpec.rows.map((x: any) => [x.key, x.inspectedCustomers, x.shelfCustomers, x.shelfRate])).toEqual([
        ['6901', 3, 1, 1 / 3],
        ['6902', 3, 1, 1 / 3],
        ['6903', 3, 0, 0],
      ]);
      // Any spec on the shelf: 甲 and 戊.
      expect([bySpec.total.inspectedCustomers, bySpec.total.shelfCustomers, bySpec.total.shelfRate]).toEqual([
        3,
        2,
        2 / 3,
      ]);
      // 张三 (甲, 乙): 甲 inspected and shows a spec. 李四 (丙, 丁, 戊 through route R02): 丙 and 戊 inspected, 戊 shows one.
      const byManager = tb.call('reports.distribution', { period: '2026-03', by: 'manager' });
      expect(byManager.rows.map((x: any) => [x.key, x.inspectedCustomers, x.shelfCustomers, x.shelfRate])).toEqual([
        ['1001', 1, 1, 1],
        ['1002', 2, 1, 0.5],
      ]);
      // Only 一类 (6901): 甲's latest has none of it.
      const oneClass = tb.call('reports.distribution', { period: '2026-03', by: 'manager', products: 'class:一类' });
      expect(oneClass.rows.map((x: any) => [x.key, x.shelfCustomers, x.inspectedCustomers])).toEqual([
        ['1001', 0, 1],
        ['1002', 1, 2],
      ]);
      expect(oneClass.total.shelfRate).toBe(1 / 3);
    } finally {
      db.exec('DELETE FROM inspection_shelf; DELETE FROM inspection_records;');
    }
  });
});
