/**
 * The rules every module shares (DOMAIN.md), held on one hand-worked county:
 * a rule-based 品牌集 and 客户集 are accepted by reports, plans, network and 考核,
 * and per-客户经理 figures agree between the 销售情况表, the plan's 同期 base, plan
 * progress, 分销, 网建 and 考核 — including retailers whose own 客户经理 is blank.
 *
 * 客户经理 M01 张三 (route R01), M02 李四 (route R02). Retailers, all 正常经营:
 *   A  R01  own M01         超市    电子结算-POS      → owned by M01
 *   B  R01  own blank       超市    现金              → owned by M01 (its route's)
 *   C  R02  own M02         便利店  电子结算-在线划拨  → owned by M02
 *   D  R02  own blank       超市    现金              → owned by M02 (its route's)
 *   E  R01  own M02         超市    电子结算-POS      → owned by M02 (its own wins over the route's)
 * Specs: P1 一类 黄鹤楼, P2 三类 红金龙. 订购量 (条), 金额 = 条 × 100 分:
 *   2025-03 (同期):  A P1 10, B P1 20, C P1 5, D P1 7, E P1 3, A P2 100
 *   2025-12 … 2026-02 (the three months before March): A P1 2 (12-15), C P1 1 (01-10), D P1 1 (02-05)
 *   2026-03:          A P1 4, B P1 6, C P1 1, D P1 2, E P1 8, B P2 50, C P2 1 (03-31)
 * Inspections in March (在柜规格): A P1, B P2, C P1, E none; D not inspected.
 *
 * By hand, for the 品牌集 一类烟 (P1):
 *   March sales   M01 = A4 + B6 = 10        M02 = C1 + D2 + E8 = 11
 *   同期 (2025-03) M01 = A10 + B20 = 30      M02 = C5 + D7 + E3 = 15
 *   ordering in March        M01 {A, B} = 2        M02 {C, D, E} = 3
 *   ordered Dec–Feb          M01 {A} = 1           M02 {C, D} = 2      → 动销率 2/1 and 3/2
 *   上柜 (latest inspection shows P1)  M01 A of {A, B} = 1/2   M02 C of {C, E} = 1/2
 *   正常经营 retailers        M01 2                  M02 3
 *   电子结算 (正常经营)        M01 A = 1/2            M02 C, E = 2/3
 * 超市客户 (经营业态 = 超市) = A, B, D, E: March 一类 sales M01 10, M02 D2 + E8 = 10.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';

let t: TestBackend;

beforeEach(() => {
  t = testBackend();
  const db = t.backend.db;
  db.exec(`
    INSERT INTO import_batches(id, kind, file_name, file_hash, user_login, user_name) VALUES (1, 'orders', 'fixture', 'x', 'test', '测试');
    INSERT INTO managers(id, code, name, on_duty) VALUES (1, 'M01', '张三', 1), (2, 'M02', '李四', 1);
    INSERT INTO routes(id, code, name, manager_id) VALUES (1, 'R01', '城关线', 1), (2, 'R02', '乡镇线', 2);
    INSERT INTO retailers(id, code, name, route_id, manager_id, status, format, area, grade, order_method, settlement) VALUES
      (1, 'A', '甲超市', 1, 1, '正常', '超市', '城镇', 10, '网上', '电子结算-POS'),
      (2, 'B', '乙超市', 1, NULL, '正常', '超市', '城镇', 8, '电话', '现金'),
      (3, 'C', '丙便利店', 2, 2, '正常', '便利店', '乡村', 6, '网上', '电子结算-在线划拨'),
      (4, 'D', '丁超市', 2, NULL, '正常', '超市', '乡村', 4, '电话', '现金'),
      (5, 'E', '戊超市', 1, 2, '正常', '超市', '城镇', 2, '手机', '电子结算-POS');
    INSERT INTO products(id, code, name, brand, price_class, wholesale_price_fen) VALUES
      (1, 'P1', '黄鹤楼(软蓝)', '黄鹤楼', '一类', 100), (2, 'P2', '红金龙(硬神州)', '红金龙', '三类', 100);
  `);
  const line = db.prepare(
    'INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (1, ?, ?, ?, ?, ?, ?, 100, ?)',
  );
  const lines: [number, number, number, number][] = [
    [20250305, 1, 1, 10],
    [20250310, 2, 1, 20],
    [20250311, 3, 1, 5],
    [20250312, 4, 1, 7],
    [20250313, 5, 1, 3],
    [20250314, 1, 2, 100],
    [20251215, 1, 1, 2],
    [20260110, 3, 1, 1],
    [20260205, 4, 1, 1],
    [20260302, 1, 1, 4],
    [20260303, 2, 1, 6],
    [20260304, 3, 1, 1],
    [20260305, 4, 1, 2],
    [20260306, 5, 1, 8],
    [20260307, 2, 2, 50],
    [20260331, 3, 2, 1], // March is imported to its last day: a complete month
  ];
  lines.forEach(([day, r, p, q], i) => line.run(day, `O${i}`, r, p, q, q, q * 100));
  const insp = db.prepare(
    'INSERT INTO inspection_records(day, retailer_id, price_tag, display, info_collected) VALUES (?, ?, 1, 1, 1)',
  );
  const shelf = db.prepare('INSERT INTO inspection_shelf(inspection_id, product_id) VALUES (?, ?)');
  for (const [day, r, p] of [
    [20260310, 1, 1],
    [20260311, 2, 2],
    [20260312, 3, 1],
    [20260313, 5, null],
  ] as [number, number, number | null][]) {
    const id = Number(insp.run(day, r).lastInsertRowid);
    if (p !== null) shelf.run(id, p);
  }
  rebuildSummaries(db);
  // the rule-based sets, as a clerk makes them …
  t.call('masterdata.createSet', { name: '一类烟', kind: 'products', rule: { field: '价类', value: '一类' } });
  t.call('masterdata.createSet', { name: '超市客户', kind: 'retailers', rule: { field: '业态', value: '超市' } });
  // … and one saved by an earlier version under the English field name
  db.prepare(
    `INSERT INTO code_sets(name, kind, rule) VALUES ('一类烟（旧）', 'products', '{"field":"priceClass","value":"一类"}')`,
  ).run();
});
afterEach(() => t.close());

const byKey = (rows: any[]): Record<string, any> => Object.fromEntries(rows.map((r) => [r.key, r]));

describe('one set vocabulary for every module', () => {
  it('saves rules with the Chinese field names of DOMAIN.md', () => {
    const sets = t.call('masterdata.sets', {});
    expect(
      sets.map((s: { name: string; ruleText: string; members: number }) => [s.name, s.ruleText, s.members]),
    ).toEqual([
      ['一类烟', '价类 = 一类', 1],
      ['一类烟（旧）', '价类 = 一类', 1],
      ['超市客户', '经营业态 = 超市', 4],
    ]);
  });

  for (const set of ['一类烟', '一类烟（旧）']) {
    it(`accepts the 品牌集 ${set} in reports, plans, network and 考核 alike`, () => {
      const sales = t.call('reports.sales', { period: '2026-03', products: `set:${set}`, by: 'manager' });
      expect(sales.rows.map((r: { key: string; volumeTiao: number }) => [r.key, r.volumeTiao])).toEqual([
        ['M01', 10],
        ['M02', 11],
      ]);
      const plan = t.call('plans.breakdown', {
        year: 2026,
        month: 3,
        level: 'manager',
        target: '0.18',
        unit: '条',
        products: `set:${set}`,
        methods: [{ method: 'history' }],
      });
      expect(plan.rows.map((r: { key: string; units: number }) => [r.key, r.units])).toEqual([
        ['M01', 30],
        ['M02', 15],
      ]);
      t.call('network.saveScheme', {
        name: '方案',
        items: [
          {
            code: 'moving',
            name: '品牌动销率',
            group: 'economic',
            source: 'brand_moving',
            products: { set },
            weight: 50,
            rule: { type: 'linear', target: 1 },
          },
          {
            code: 'shelf',
            name: '上柜率',
            group: 'economic',
            source: 'shelf',
            products: { set },
            weight: 50,
            rule: { type: 'linear', target: 1 },
          },
        ],
      });
      const a = byKey(t.call('network.assessment', { period: '2026-03', live: true }).rows);
      const item = (k: string, c: string) => a[k].items.find((i: { code: string }) => i.code === c);
      expect([item('M01', 'moving').numerator, item('M01', 'moving').denominator]).toEqual([2, 1]);
      expect([item('M02', 'moving').numerator, item('M02', 'moving').denominator]).toEqual([3, 2]);
      expect([item('M01', 'shelf').numerator, item('M01', 'shelf').denominator]).toEqual([1, 2]);
      expect([item('M02', 'shelf').numerator, item('M02', 'shelf').denominator]).toEqual([1, 2]);
    });
  }

  it('accepts the 客户集 超市客户 in reports, plans, 网建 and 客户结构', () => {
    const sales = t.call('reports.sales', {
      period: '2026-03',
      scope: 'set:超市客户',
      products: 'set:一类烟',
      by: 'manager',
    });
    expect(sales.rows.map((r: { key: string; volumeTiao: number }) => [r.key, r.volumeTiao])).toEqual([
      ['M01', 10],
      ['M02', 10],
    ]);
    // retailer-level reference split within the set: A, B, D, E equally (4 条 → 1 each)
    const ref = t.call('plans.breakdown', {
      year: 2026,
      month: 3,
      level: 'retailer',
      within: 'set:超市客户',
      target: '0.016',
      unit: '条',
      methods: [{ method: 'equal' }],
    });
    expect(ref.rows.map((r: { key: string; units: number }) => [r.key, r.units])).toEqual([
      ['A', 1],
      ['B', 1],
      ['D', 1],
      ['E', 1],
    ]);
    const net = t.call('network.report', { period: '2026-03', by: 'manager', scope: 'set:超市客户' });
    const settle = (k: string) =>
      byKey(net.rows)[k].indicators.find((i: { code: string }) => i.code === 'e_settlement');
    // 超市 retailers: M01 A (POS), B (现金) → 1/2; M02 D (现金), E (POS) → 1/2
    expect([settle('M01').numerator, settle('M01').denominator]).toEqual([1, 2]);
    expect([settle('M02').numerator, settle('M02').denominator]).toEqual([1, 2]);
    const structure = t.call('masterdata.customerStructure', { asOf: '2026-03-31', scope: 'set:超市客户' });
    expect(structure.operating).toBe(4);
  });
});

describe('one owner per retailer: per-manager figures agree everywhere', () => {
  it('credits B and D (no own 客户经理) to their route’s manager and E to its own, in every module', () => {
    const products = 'set:一类烟';
    // 销售情况表: March and 同期
    const sales = byKey(t.call('reports.sales', { period: '2026-03', products, by: 'manager' }).rows);
    expect([sales.M01.volumeTiao, sales.M02.volumeTiao]).toEqual([10, 11]);
    expect([sales.M01.volumeTiaoLastYear, sales.M02.volumeTiaoLastYear]).toEqual([30, 15]);
    // the plan's 同期 base is the report's 同期 column
    const base = { year: 2026, month: 3, level: 'manager', unit: '条', products };
    const plan = t.call('plans.breakdown', { ...base, target: '0.18', methods: [{ method: 'history' }] });
    const bases = Object.fromEntries(
      plan.rows.map((r: { key: string; explain: { methods: { base: number }[] } }) => [
        r.key,
        r.explain.methods[0].base,
      ]),
    );
    expect(bases).toEqual({ M01: sales.M01.volumeTiaoLastYear, M02: sales.M02.volumeTiaoLastYear });
    // plan progress (the approved plan of the month) credits the same sales as the report
    const { planId } = t.call('plans.create', {
      name: '3月一类烟',
      params: { ...base, target: '0.18', methods: [{ method: 'history' }] },
    });
    t.call('plans.submit', { planId });
    t.call('plans.approve', { planId });
    const progress = byKey(t.call('plans.progress', { planId, asOf: '2026-03-31' }).rows);
    expect([progress.M01.actualTiao, progress.M02.actualTiao]).toEqual([sales.M01.volumeTiao, sales.M02.volumeTiao]);
    expect(t.call('plans.progress', { planId, asOf: '2026-03-31' }).unattributedTiao).toBe(0);
    // 客户户数 (正常经营) per manager: plan base, 分销 denominator and 网建 denominator
    const customers = t.call('plans.breakdown', { ...base, target: '0.02', methods: [{ method: 'customers' }] });
    const custBases = Object.fromEntries(
      customers.rows.map((r: { key: string; explain: { methods: { base: number }[] } }) => [
        r.key,
        r.explain.methods[0].base,
      ]),
    );
    expect(custBases).toEqual({ M01: 2, M02: 3 });
    const dist = byKey(t.call('reports.distribution', { period: '2026-03', products, by: 'manager' }).rows);
    expect([dist.M01.customers, dist.M02.customers]).toEqual([2, 3]);
    const net = byKey(t.call('network.report', { period: '2026-03', by: 'manager' }).rows);
    const settle = (k: string) => net[k].indicators.find((i: { code: string }) => i.code === 'e_settlement');
    expect([settle('M01').numerator, settle('M01').denominator]).toEqual([1, 2]);
    expect([settle('M02').numerator, settle('M02').denominator]).toEqual([2, 3]);
    // 分销's 动销率 and 上柜率 are the numbers 考核 scores
    expect([dist.M01.orderingAll, dist.M01.orderedBefore, dist.M02.orderingAll, dist.M02.orderedBefore]).toEqual([
      2, 1, 3, 2,
    ]);
    expect([
      dist.M01.shelfCustomers,
      dist.M01.inspectedCustomers,
      dist.M02.shelfCustomers,
      dist.M02.inspectedCustomers,
    ]).toEqual([1, 2, 1, 2]);
    // 考核's 计划完成率 comes from the same approved plan: M01 10/30, M02 11/15
    const a = byKey(t.call('network.assessment', { period: '2026-03', live: true }).rows);
    const planItem = (k: string) => a[k].items.find((i: { code: string }) => i.code === 'plan_completion');
    expect(planItem('M01').value).toBeCloseTo(10 / 30, 12);
    expect(planItem('M02').value).toBeCloseTo(11 / 15, 12);
  });
});
