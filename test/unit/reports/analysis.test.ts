import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { handFixture } from './fixture';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  handFixture(tb.backend.db);
});
afterAll(() => tb.close());

describe('分析报告 and the 月报 pack', () => {
  it('drafts prose whose numbers are the table figures', () => {
    const a = tb.call('reports.analysis', { period: '2026-03' });
    expect(a.title).toBe('2026年3月卷烟销售分析报告');
    expect(a.sections.map((s: any) => s.title)).toEqual([
      '一、总体销售情况',
      '二、销售结构',
      '三、重点品牌',
      '四、客户与市场',
      '五、计划与网建',
      '六、存在问题',
      '七、下步建议',
      '八、判断标准',
    ]);
    const all = a.sections[0].text;
    // 45 条 = 0.18 箱; 23 条 = 0.09 箱 (0.092); 636,000 分 = 0.64 万元; 同比 +95.65%
    expect(all).toContain('共销售卷烟0.18箱');
    expect(all).toContain('同比增长95.65%（同期0.09箱）');
    expect(all).toContain('销售额0.64万元');
    expect(all).toContain('本年累计销售0.24箱');
    // 一类 25/45 = 55.56%, last year 18/23 = 78.26% → down 22.71 points
    expect(a.sections[1].text).toContain('一类烟0.10箱，占比55.56%，较同期（78.26%）下降22.71个百分点');
    expect(a.sections[3].text).toContain('本期订货客户4户，订货7次');
    expect(a.sections[3].text).toContain('铺货率75.00%');
    expect(a.sections[3].text).toContain('订足率71.67%');
    expect(a.sections[5].text).toContain('订足率为71.67%');
  });

  it('computes the whole monthly pack in one call, without plan progress when there is no plan', () => {
    const p = tb.call('reports.pack', { month: '2026-03' });
    expect(p.periodLabel).toBe('2026年3月');
    expect(p.sales.byClass.total.volumeTiao).toBe(45);
    expect(p.sales.byManager.rows.map((r: any) => [r.key, r.volumeTiao])).toEqual([
      ['1001', 34],
      ['1002', 11],
    ]);
    expect(p.distribution.byManager.total.rate).toBe(0.75);
    expect(p.customerClass.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(p.plan).toBeNull();
    expect(p.planNote).toMatch(/计划/);
    expect(p.analysis.sections).toHaveLength(8);
    expect((tb.result('reports.pack', { month: '2026-13' }) as any).error.code).toBe('invalid_period');
  });

  it('includes plan progress once the plan for the month is approved', () => {
    const c = tb.call('plans.create', {
      name: '3月销售计划',
      params: { target: 1, level: 'manager', year: 2026, month: 3, methods: [{ method: 'equal' }] },
    });
    // A draft does not count for the month (DOMAIN.md: the approved version of the month's plan).
    expect(tb.call('reports.pack', { month: '2026-03' }).plan).toBeNull();
    tb.call('plans.submit', { planId: c.planId });
    tb.call('plans.approve', { planId: c.planId });
    const p = tb.call('reports.pack', { month: '2026-03' });
    expect(p.plan).not.toBeNull();
    expect(p.plan.targetTiao).toBe(250); // 1 箱
    expect(p.plan.actualTiao).toBe(45); // all of March, as the sales table says
    expect(p.plan.completion).toBeCloseTo(45 / 250, 12);
    expect(p.planNote).toBeNull();
  });

  it('forecasts from the database and refuses an unknown key', () => {
    const f = tb.call('reports.forecast', { level: 'class', horizon: 2 });
    expect(f.results.map((r: any) => r.key)).toEqual(['一类', '二类', '三类']);
    // last line is 2026-03-31, so March is complete; April and May are forecast
    expect(f.lastCompleteMonth).toBe('2026-03');
    expect(f.results[0].forecast.map((x: any) => x.month)).toEqual(['2026-04', '2026-05']);
    expect((tb.result('reports.forecast', { level: 'brand', key: '无此品牌', horizon: 1 }) as any).error.code).toBe(
      'unknown_key',
    );
  });
});
