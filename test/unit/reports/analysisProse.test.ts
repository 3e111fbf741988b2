/**
 * The 分析报告 follows the figures: three counties (no data, a falling month, a
 * rising month), each section checked sentence by sentence against numbers
 * worked by hand. Thresholds: ±2% 持平, shares ±1 point, 订足率 90%, routes 5
 * points under the county, brands −10% on a base of at least 1 箱.
 *
 * Falling county (masters of fixture.ts; 1 箱 = 250 条):
 *   March 2025: 甲商店 黄鹤楼 1,000 条 × 200.00元 = 20,000,000 分; 丙商店 红金龙 250 条 × 40.00元 = 1,000,000 分
 *     → 同期 1,250 条 = 5.00箱, 21.00万元, 单箱值 210,000元 ÷ 5 = 42,000.00元/箱
 *   February 2026: 甲商店 黄鹤楼 400 条 (8,000,000 分) → 上期 1.60箱
 *   March 2026: 甲商店 黄鹤楼 375 条 (需求 500) = 7,500,000; 丙商店 红金龙 250 (需求 250) = 1,000,000;
 *     乙超市 七匹狼 125 (需求 125) × 80.00元 = 1,000,000 → 750 条 = 3.00箱, 9,500,000 分 = 9.50万元
 *   同比 750/1250 − 1 = −40.00%; 销售额 9.5/21 − 1 = −54.76%; 环比 750/400 − 1 = +87.50%
 *   单箱值 95,000 ÷ 3 = 31,666.67元/箱, 10,333.33元 less (−24.6%: beyond ±2%)
 *   本年累计 400 + 750 = 1,150 条 = 4.60箱 against 1,250 → −8.00%; 17,500,000 分 = 17.50万元
 *   结构: 一类 375/750 = 50.00% (同期 1000/1250 = 80.00%, −30.00 points); 二类 16.67% (同期 0.00%);
 *         三类 33.33% (同期 20.00%, +13.33 points)
 *   brands: 黄鹤楼 1.50箱 −2.50箱 (−62.50%), 红金龙 1.00箱 ±0, 七匹狼 0.50箱 +0.50箱 (no 同期)
 *   managers: 张三 (1001: 甲, 乙) 500 against 1,000 → −2.00箱 −50.00%; 李四 (1002: 丙) 250 against 250
 *   订货客户 3, 订货 3 次, 户均 250 条 = 1.00箱; 正常经营 4 (丁便利 歇业); 铺货率 3/4 = 75.00%;
 *   重购 0; 订足率 750/875 = 85.71%; 城镇 (甲, 乙) 500 条 2.00箱 66.67% (同期 1,000: −50.00%), 乡村 250 1.00箱 33.33% (持平)
 *   routes: 城关一线 (甲, 乙) 2/2 = 100%; 乡镇二线 (丙, 戊 正常; 丁 歇业) 1/2 = 50.00% < 75 − 5
 *   plan: 1 箱 for March (equal split over managers): completion 300.00%, 时间进度 100.00% → +200.00 points
 *   网建: 电子结算率 target 90% (no retailer settles electronically: 0.00%) 未达标; 网上订货率 target 0% 达标
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { handFixture, insertLines, insertMasters } from './fixture';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';

const open: TestBackend[] = [];
function county(fill: (tb: TestBackend) => void): TestBackend {
  const tb = testBackend();
  open.push(tb);
  fill(tb);
  return tb;
}
afterAll(() => open.forEach((t) => t.close()));

const sentences = (text: string) => text.split('。').filter(Boolean);
const sectionsOf = (tb: TestBackend) => {
  const a = tb.call('reports.analysis', { period: '2026-03' });
  return Object.fromEntries(a.sections.map((s: any) => [s.title, sentences(s.text)])) as Record<string, string[]>;
};

describe('分析报告 on an empty database', () => {
  const tb = county((t) => insertMasters(t.backend.db));
  it('says plainly that there are no data, in every section, and finds no problem it cannot see', () => {
    const s = sectionsOf(tb);
    expect(s['一、总体销售情况']).toEqual(['2026年3月全县没有订单数据，无法分析销售情况，请先导入本期订单']);
    expect(s['二、销售结构']).toEqual(['本期没有销量，无法分析销售结构']);
    expect(s['三、重点品牌']).toEqual(['本期没有品牌销售']);
    expect(s['四、客户与市场']).toEqual(['本期没有订货客户，无法分析客户与市场']);
    expect(s['五、计划与网建']).toEqual([
      '本月没有销售计划，无法评价计划进度',
      '本月没有设定网建指标目标，无法评价网建达标情况',
    ]);
    expect(s['六、存在问题']).toEqual(['1. 本期没有订单数据，无法判断是否存在问题']);
    expect(s['七、下步建议']).toEqual(['1. 导入本期订单数据后重新生成本报告']);
    expect(s['八、判断标准'][0]).toContain('同比、环比变动在±2%以内记为“基本持平”');
  });
});

describe('分析报告 on a falling month', () => {
  const tb = county((t) => {
    const db = t.backend.db;
    db.transaction(() => {
      insertMasters(db);
      insertLines(db, [
        [20250310, 'A1', 1, 1, 1000, 1000, 20000],
        [20250312, 'A2', 3, 3, 250, 250, 4000],
        [20260210, 'B1', 1, 1, 400, 400, 20000],
        [20260310, 'C1', 1, 1, 500, 375, 20000],
        [20260331, 'C2', 3, 3, 250, 250, 4000],
        [20260320, 'C3', 2, 2, 125, 125, 8000],
      ]);
      rebuildSummaries(db);
    })();
    const plan = t.call('plans.create', {
      name: '3月销售计划',
      params: { target: 1, level: 'manager', year: 2026, month: 3, methods: [{ method: 'equal' }] },
    });
    // Only the approved version counts for the month (DOMAIN.md).
    t.call('plans.submit', { planId: plan.planId });
    t.call('plans.approve', { planId: plan.planId });
    t.call('network.setTargets', {
      rows: [
        { indicatorCode: 'e_settlement', period: '2026-03', scopeKind: 'county', value: 0.9 },
        { indicatorCode: 'online_order', period: '2026-03', scopeKind: 'county', value: 0 },
      ],
    });
  });

  it('reads as falling, with the figures of the table', () => {
    const s = sectionsOf(tb);
    expect(s['一、总体销售情况']).toEqual([
      '2026年3月，全县共销售卷烟3.00箱，同比下降40.00%（同期5.00箱）',
      '实现销售额9.50万元，同比下降54.76%（同期21.00万元）',
      '单箱值31666.67元/箱，同期42000.00元/箱，减少10333.33元',
      '与上期1.60箱相比，销量环比增长87.50%',
      '本年累计销售4.60箱，累计同比下降8.00%（同期5.00箱）；累计销售额17.50万元',
    ]);
    expect(s['二、销售结构']).toEqual([
      '一类烟1.50箱，占比50.00%，较同期（80.00%）下降30.00个百分点',
      '二类烟0.50箱，占比16.67%，较同期（0.00%）上升16.67个百分点',
      '三类烟1.00箱，占比33.33%，较同期（20.00%）上升13.33个百分点',
    ]);
  });

  it('names the largest movers among brands and managers', () => {
    const s = sectionsOf(tb);
    expect(s['三、重点品牌']).toEqual([
      '销量前3位的品牌为：黄鹤楼1.50箱、红金龙1.00箱、七匹狼0.50箱，合计占总销量的100.00%',
      '较同期增量最大的品牌是七匹狼（增加0.50箱，同期无销量）',
      '减量最大的品牌是黄鹤楼（减少2.50箱，下降62.50%）',
    ]);
    expect(s['四、客户与市场']).toEqual([
      '本期订货客户3户，订货3次，户均订货量1.00箱；正常经营客户4户，铺货率75.00%，重购率0.00%，订足率85.71%',
      '城镇市场2.00箱，占66.67%，同比下降50.00%；乡村市场1.00箱，占33.33%，同比基本持平（+0.00%）',
      '分业态看，食杂店销量最大，占83.33%',
      '分客户经理看，减量最大的是张三（减少2.00箱，下降50.00%）',
    ]);
  });

  it('includes plan progress and the 网建 status, and lists every problem the thresholds find', () => {
    const s = sectionsOf(tb);
    expect(s['五、计划与网建']).toEqual([
      '本月销售计划“3月销售计划”（已审批）为1.00箱，截至3月31日完成3.00箱，完成率300.00%，时间进度100.00%，超进度200.00个百分点',
      '网建指标中有目标的2项：达标1项、接近0项、未达标1项',
      '未达标的是电子结算率0.00%（目标90.00%）',
    ]);
    expect(s['六、存在问题']).toEqual([
      '1. 销量同比下降40.00%',
      '2. 销售额同比下降54.76%',
      '3. 黄鹤楼（下降62.50%）同比下降超过10%',
      '4. 订足率为85.71%，低于90%，部分客户需求未能满足',
      '5. 乡镇二线（铺货率50.00%）铺货率低于全县（75.00%）5个百分点以上',
      '6. 网建指标电子结算率未达标',
    ]);
    expect(s['七、下步建议']).toHaveLength(5);
  });
});

describe('分析报告 on a rising month (the hand-worked county of fixture.ts)', () => {
  const tb = county((t) => handFixture(t.backend.db));
  it('reads as rising, names the movers and says which checks it passed and failed', () => {
    // sales.test.ts: March 2026 45 条 = 0.18箱 against 23 条 = 0.09箱 (+95.65%); 636,000 against 380,000 分 (+67.37%)
    // 上期 11 条 = 0.04箱 (+309.09%); 本年累计 60 条 = 0.24箱 against 23 (+160.87%),
    // 16,000 (January) + 120,000 + 40,000 (February) + 636,000 = 812,000 分 = 0.81万元
    const s = sectionsOf(tb);
    expect(s['一、总体销售情况'][0]).toBe('2026年3月，全县共销售卷烟0.18箱，同比增长95.65%（同期0.09箱）');
    expect(s['一、总体销售情况'][1]).toBe('实现销售额0.64万元，同比增长67.37%（同期0.38万元）');
    expect(s['一、总体销售情况'][3]).toBe('与上期0.04箱相比，销量环比增长309.09%');
    expect(s['一、总体销售情况'][4]).toBe('本年累计销售0.24箱，累计同比增长160.87%（同期0.09箱）；累计销售额0.81万元');
    // brands against 同期: 七匹狼 14 − 0 = +14 条 (0.06箱); 黄鹤楼 25 − 18 = +7; 红金龙 6 − 5 = +1; none fell
    expect(s['三、重点品牌'].slice(1)).toEqual([
      '较同期增量最大的品牌是七匹狼（增加0.06箱，同期无销量）',
      '没有品牌销量较同期减少',
    ]);
    // 订足率 43/60 = 71.67%; 乡镇二线 铺货率 1/2 under the county's 3/4
    expect(s['六、存在问题']).toEqual([
      '1. 订足率为71.67%，低于90%，部分客户需求未能满足',
      '2. 乡镇二线（铺货率50.00%）铺货率低于全县（75.00%）5个百分点以上',
    ]);
    expect(s['五、计划与网建'][0]).toBe('本月没有销售计划，无法评价计划进度');
  });
});

describe('analysis drafts in the database', () => {
  const tb = county((t) => handFixture(t.backend.db));
  it('keeps every saved version with who saved it, newest first, and the 月报 uses the newest', () => {
    expect(tb.call('reports.analysisDrafts', { period: '2026-03' })).toEqual({ latest: null, history: [] });
    const one = tb.call('reports.saveAnalysisDraft', {
      period: '2026-03',
      title: '三月分析',
      sections: [{ title: '一、总体', text: '第一稿' }],
    });
    tb.call('reports.saveAnalysisDraft', {
      period: '2026-03',
      title: '三月分析（改）',
      sections: [{ title: '一、总体', text: '第二稿' }],
    });
    const d = tb.call('reports.analysisDrafts', { period: '2026-03' });
    expect(d.latest.sections).toEqual([{ title: '一、总体', text: '第二稿' }]);
    expect(d.history.map((h: any) => h.title)).toEqual(['三月分析（改）', '三月分析']);
    expect(d.history[0].savedBy).toMatch(/（.+）$/);
    expect(tb.call('reports.analysisDraft', { id: one.id }).sections[0].text).toBe('第一稿');
    const pack = tb.call('reports.pack', { month: '2026-03' });
    expect(pack.analysis.title).toBe('三月分析（改）');
    expect(pack.analysisSaved.savedBy).toBe(d.latest.savedBy);
    expect(
      (tb.result('reports.saveAnalysisDraft', { period: '2026-03', title: ' ', sections: [] }) as any).error.code,
    ).toBe('invalid_input');
  });
});
