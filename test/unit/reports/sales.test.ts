/**
 * 销售情况表 on the hand-worked county of fixture.ts. March 2026, by line:
 *   一类 (6901): lines 1, 4 → 10 + 15 = 25 条, 200,000 + 300,000 = 500,000 分, 需求 30
 *   二类 (6902): lines 2, 3, 7, 8, 9 → 5+2+3+2+2 = 14 条, 40,000+16,000+24,000+16,000+16,000 = 112,000 分, 需求 5+4+3+0+2 = 14
 *   三类 (6903): lines 5, 6 → 0 + 6 = 6 条, 24,000 分, 需求 16
 *   total 45 条, 636,000 分, 需求 60. 同期 (March 2025): 一类 18 条 / 360,000 分, 三类 5 条 / 20,000 分 → 23 条, 380,000 分
 *   订足率: lines with 需求 > 0 are all but line 8 → (45 − 2) / 60; 断货率 1 (line 5) / 8
 *   上期 (Feb 2026): 6 + 5 = 11 条; 本年累计: Jan 4 + Feb 11 + Mar 45 = 60 条, 同期累计 23 条
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { handFixture, insertLines } from './fixture';
import { notifyOrdersChanged } from '../../../electron/domain/imports/hooks';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  handFixture(tb.backend.db);
});
afterAll(() => tb.close());

describe('销售情况表', () => {
  it('sums 销量, 销售额 and 需求量 by 价类 with 同期 and 同比', () => {
    const r = tb.call('reports.sales', { period: '2026-03', by: 'class' });
    expect(
      r.rows.map((x: any) => [
        x.key,
        x.volumeTiao,
        x.amountFen,
        x.demandTiao,
        x.volumeTiaoLastYear,
        x.amountFenLastYear,
      ]),
    ).toEqual([
      ['一类', 25, 500000, 30, 18, 360000],
      ['二类', 14, 112000, 14, 0, 0],
      ['三类', 6, 24000, 16, 5, 20000],
    ]);
    expect(r.total.volumeTiao).toBe(45);
    expect(r.total.amountFen).toBe(636000);
    expect(r.total.demandTiao).toBe(60);
    expect(r.total.volumeTiaoLastYear).toBe(23);
    expect(r.total.yoyVolume).toBeCloseTo(22 / 23, 12);
    expect(r.total.yoyAmount).toBeCloseTo(256000 / 380000, 12);
    expect(r.total.perCaseYuan).toBeCloseTo((6360 * 250) / 45, 9);
    expect(r.total.perCaseYuanLastYear).toBeCloseTo((3800 * 250) / 23, 9);
    expect(r.total.perTiaoYuan).toBeCloseTo(6360 / 45, 9);
    expect(r.total.fulfilment).toBeCloseTo(43 / 60, 12);
    expect(r.total.stockoutRate).toBe(1 / 8);
  });

  it('shows 同比 as undefined for a class without sales last year, and structure shares', () => {
    const r = tb.call('reports.sales', { period: '2026-03', by: 'class' });
    const two = r.rows.find((x: any) => x.key === '二类');
    expect(two.yoyVolume).toBeNull();
    expect(two.yoyAmount).toBeNull();
    expect(r.rows[0].volumeShare).toBeCloseTo(25 / 45, 12);
    expect(r.rows[0].amountShare).toBeCloseTo(500000 / 636000, 12);
    expect(r.rows[2].yoyVolume).toBeCloseTo(1 / 5, 12);
  });

  it('carries 上期/环比 and 本年累计/累计同比', () => {
    const r = tb.call('reports.sales', { period: '2026-03', by: 'class' });
    expect(r.total.volumeTiaoPrev).toBe(11);
    expect(r.total.momVolume).toBeCloseTo(34 / 11, 12);
    expect(r.total.volumeTiaoYtd).toBe(60);
    expect(r.total.volumeTiaoYtdLastYear).toBe(23);
    expect(r.total.ytdYoyVolume).toBeCloseTo(37 / 23, 12);
    const one = r.rows[0];
    expect(one.volumeTiaoPrev).toBe(6);
    expect(one.volumeTiaoYtd).toBe(31);
  });

  it('groups by 客户经理, counting a retailer without a manager under its route’s manager', () => {
    const r = tb.call('reports.sales', { period: '2026-03', by: 'manager', products: 'class:二类' });
    expect(r.rows.map((x: any) => [x.key, x.name, x.volumeTiao, x.amountFen])).toEqual([
      ['1001', '张三', 9, 72000],
      ['1002', '李四', 5, 40000],
    ]);
  });

  it('groups by route, 业态, 城乡 and spec in natural order', () => {
    const route = tb.call('reports.sales', { period: '2026-03', by: 'route' });
    expect(route.rows.map((x: any) => [x.key, x.volumeTiao])).toEqual([
      ['R01', 34],
      ['R02', 11],
    ]);
    const format = tb.call('reports.sales', { period: '2026-03', by: 'format' });
    // 食杂店: A 17 + C 8 = 25; 便利店: D 3; 超市: B 17
    expect(format.rows.map((x: any) => [x.key, x.volumeTiao])).toEqual([
      ['食杂店', 25],
      ['便利店', 3],
      ['超市', 17],
    ]);
    const area = tb.call('reports.sales', { period: '2026-03', by: 'area' });
    expect(area.rows.map((x: any) => [x.key, x.volumeTiao, x.volumeTiaoLastYear])).toEqual([
      ['城镇', 34, 18],
      ['乡村', 11, 5],
    ]);
    const spec = tb.call('reports.sales', { period: '2026-03', by: 'spec', scope: 'route:R02' });
    expect(spec.rows.map((x: any) => [x.key, x.name, x.volumeTiao])).toEqual([
      ['6902', '七匹狼(软通泰)', 5],
      ['6903', '红金龙(硬)', 6],
    ]);
  });

  it('lays a quarter out by month beside the same months last year', () => {
    const r = tb.call('reports.sales', { period: '2026Q1', by: 'month' });
    expect(r.rows.map((x: any) => [x.key, x.volumeTiao, x.volumeTiaoLastYear])).toEqual([
      ['2026-01', 4, 0],
      ['2026-02', 11, 0],
      ['2026-03', 45, 23],
    ]);
  });

  it('answers a custom range from summaries and order lines together', () => {
    // lines 3, 4, 5, 6
    expect(tb.call('reports.sales', { period: '2026-03-05~2026-03-12', by: 'total' }).total.volumeTiao).toBe(23);
    // Feb 15 line 14 + March 1–5 lines 1, 2, 9, 4, 5
    const r = tb.call('reports.sales', { period: '2026-02-15~2026-03-05', by: 'class' });
    expect(r.total.volumeTiao).toBe(37);
    expect(r.rows.map((x: any) => [x.key, x.volumeTiao])).toEqual([
      ['一类', 25],
      ['二类', 12],
      ['三类', 0],
    ]);
    // 同期 of 2025-12-15~2026-03-10 crosses a year end: 2024-12-15~2025-03-10 holds line 10 only
    const y = tb.call('reports.sales', { period: '2025-12-15~2026-03-10', by: 'total' });
    expect(y.total.volumeTiao).toBe(3 + 4 + 11 + 10 + 5 + 2 + 15 + 0 + 2);
    expect(y.total.volumeTiaoLastYear).toBe(8);
  });

  it('restricts to a 客户集 given as a rule and to a 品牌集 given as a list', () => {
    const db = tb.backend.db;
    db.exec(`INSERT INTO code_sets(id, name, kind, rule) VALUES (10, '城镇客户', 'retailers', '{"field":"area","value":"城镇"}'), (11, '重点品牌', 'products', NULL);
             INSERT INTO code_set_members(set_id, code) VALUES (11, '6901'), (11, '6903');`);
    const r = tb.call('reports.sales', {
      period: '2026-03',
      by: 'class',
      scope: 'set:城镇客户',
      products: 'set:重点品牌',
    });
    // 城镇 retailers A, B, E: 一类 10 + 15; 三类 B 0
    expect(r.rows.map((x: any) => [x.key, x.volumeTiao])).toEqual([
      ['一类', 25],
      ['三类', 0],
    ]);
    expect(r.total.demandTiao).toBe(30 + 10);
  });

  it('refuses unknown scopes with a Chinese message and a stable code', () => {
    expect(tb.result('reports.sales', { period: '2026-03', by: 'class', scope: 'manager:9999' }).error).toMatchObject({
      code: 'unknown_manager',
    });
    expect(
      (tb.result('reports.sales', { period: '2026-03', by: 'class', products: 'brand:没有' } as any) as any).error.code,
    ).toBe('unknown_brand');
    expect(
      (tb.result('reports.sales', { period: '2026-03', by: 'class', products: 'set:城镇客户' } as any) as any).error
        .code,
    ).toBe('wrong_set_kind');
    expect((tb.result('reports.sales', { period: '2026-3-40', by: 'class' } as any) as any).error.message).toMatch(
      /无法识别|无效/,
    );
    expect((tb.result('reports.sales', { period: '2026-03', by: 'colour' } as any) as any).error.code).toBe(
      'invalid_input',
    );
  });

  it('keeps the summaries in step when order lines are added or removed', () => {
    const db = tb.backend.db;
    db.transaction(() => {
      insertLines(db, [
        [20260402, 'A1', 1, 1, 4, 4, 20000],
        [20260415, 'A2', 3, 2, 2, 2, 8000],
      ]);
      notifyOrdersChanged(db, 20260402, 20260415);
    })();
    expect(tb.call('reports.sales', { period: '2026-04', by: 'total' }).total.volumeTiao).toBe(6);
    db.transaction(() => {
      db.prepare("DELETE FROM order_lines WHERE order_no = 'A1'").run();
      notifyOrdersChanged(db, 20260402, 20260402);
    })();
    expect(tb.call('reports.sales', { period: '2026-04', by: 'total' }).total.volumeTiao).toBe(2);
    expect(
      tb
        .call('reports.sales', { period: '2026-04', by: 'spec', scope: 'route:R02' })
        .rows.map((x: any) => [x.key, x.volumeTiao]),
    ).toEqual([['6902', 2]]);
  });

  it('gives the 首页 this month’s KPIs with 同比', () => {
    const d = tb.call('reports.dashboard', { month: '2026-03' });
    expect(d.volumeTiao).toBe(45);
    expect(d.amountFen).toBe(636000);
    expect(d.yoyVolume).toBeCloseTo(22 / 23, 12);
    expect(d.ytdVolumeTiao).toBe(60);
    expect(d.trend).toHaveLength(13);
    expect(d.trend[12]).toEqual({ month: '2026-03', volumeTiao: 45, amountFen: 636000 });
    expect(d.orderingCustomers).toBe(4);
  });
});

describe('首页 card', () => {
  it('shows the latest month in 箱 and 万元 with signed 同比', () => {
    const c = tb.call('reports.homeCard', {});
    // the April lines added above make April the latest month: 2 条 (6902 on the 15th), no April last year
    // April's data end on the 15th: the card says so and compares 同比 over April 1–15 of 2025
    expect(c.title).toBe('关键指标（2026年4月，数据截至4月15日）');
    expect(c.lines[0]).toEqual({ label: '销量', value: '0.01 箱' });
    expect(c.lines[1]).toMatchObject({ label: '销量同比（截至同日）', value: '—' });
  });
});

describe('订足率 by order lines (Settings → fulfilmentBasis)', () => {
  it('counts lines supplied in full over lines with 需求量, per row and in total, and says which basis it used', () => {
    // March 2026, lines with 需求量 > 0 (all but line 8): full are 1 (10/10), 2 (5/5), 6 (6/6), 7 (3/3), 9 (2/2).
    // 一类: lines 1 full, 4 not → 1/2; 二类: 2, 7, 9 full, 3 not → 3/4; 三类: 6 full, 5 not → 1/2; total 5/8.
    expect(tb.call('reports.sales', { period: '2026-03', by: 'class' }).fulfilmentBasis).toBe('volume');
    tb.call('settings.update', { fulfilmentBasis: 'lines' });
    try {
      const r = tb.call('reports.sales', { period: '2026-03', by: 'class' });
      expect(r.fulfilmentBasis).toBe('lines');
      expect(r.rows.map((x: any) => [x.key, x.fulfilment])).toEqual([
        ['一类', 1 / 2],
        ['二类', 3 / 4],
        ['三类', 1 / 2],
      ]);
      expect(r.total.fulfilment).toBe(5 / 8);
      // The same from the distribution table, and for a range that is not whole months (lines read directly).
      expect(tb.call('reports.distribution', { period: '2026-03', by: 'manager' }).total.fulfilment).toBe(5 / 8);
      // 1–10 March: lines 1, 2, 3, 4, 5, 9 have 需求量; full are 1, 2, 9 → 3/6.
      expect(tb.call('reports.sales', { period: '2026-03-01~2026-03-10', by: 'class' }).total.fulfilment).toBe(3 / 6);
    } finally {
      tb.call('settings.update', { fulfilmentBasis: 'volume' });
    }
    expect(tb.call('reports.sales', { period: '2026-03', by: 'class' }).total.fulfilment).toBeCloseTo(43 / 60, 12);
  });
});
