import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  const end = tb.job('masterdata.demo', { size: 'tiny', years: 1, seed: 7, endDate: '2026-06-30' });
  if (end.type !== 'done') throw new Error(JSON.stringify(end));
});
afterAll(() => tb.close());

describe('the demo county for 网建', () => {
  it('has visits and inspections for the last 12 months and snapshots for all but the last', () => {
    const db = tb.backend.db;
    const months = db.prepare('SELECT DISTINCT day / 100 AS ym FROM visit_records ORDER BY 1').all() as {
      ym: number;
    }[];
    expect(months.map((m) => m.ym)).toEqual([
      202507, 202508, 202509, 202510, 202511, 202512, 202601, 202602, 202603, 202604, 202605, 202606,
    ]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM inspection_records').get() as { n: number }).n).toBeGreaterThan(100);
    const snaps = tb.call('network.snapshots', {}).map((s: { period: string }) => s.period);
    expect(snaps).toHaveLength(11);
    expect(snaps).not.toContain('2026-06');
  });

  it('shows believable figures: coverage between 80% and 100%, 电子结算率 not falling over the year, targets set', () => {
    const r = tb.call('network.report', { period: '2026-06', by: 'county' });
    const get = (code: string) => r.rows[0].indicators.find((i: { code: string }) => i.code === code);
    expect(get('visit_coverage').value).toBeGreaterThan(0.8);
    expect(get('visit_coverage').value).toBeLessThanOrEqual(1);
    expect(get('visit_coverage').target).toBe(0.9);
    const t = tb.call('network.trend', { indicatorCode: 'e_settlement', period: '2026-06', months: 12 });
    expect(t[11].value).toBeGreaterThanOrEqual(t[0].value);
    expect(t.slice(0, 11).every((p: { basis: string }) => p.basis === 'snapshot')).toBe(true);
  });

  it('has saved assessments for the months before the last and a ranking for the last', () => {
    const h = tb.call('network.assessmentHistory', { from: '2025-07', to: '2026-06' });
    expect(h.periods).toHaveLength(11);
    const a = tb.call('network.assessment', { period: '2026-06' });
    expect(a.source).toBe('computed');
    expect(a.rows.length).toBe(3);
    expect(a.rows[0].rank).toBe(1);
    expect(a.rows.every((r: { total: number }) => r.total > 0 && r.total <= 100)).toBe(true);
  });

  it('gives the 首页 summary of the 网建 report pages by county and by 客户经理, on a snapshot and on current data', () => {
    type Ind = { name: string; status: string };
    for (const period of ['2026-03', '2026-06']) {
      const county = tb.call('network.report', { period, by: 'county' });
      const managers = tb.call('network.report', { period, by: 'manager' });
      const c: Ind[] = county.rows[0].indicators;
      const n = (s: string) => c.filter((i) => i.status === s).length;
      const behindPerManager = managers.rows.map(
        (r: { indicators: Ind[] }) => r.indicators.filter((i) => i.status === '未达标').length,
      );
      const s = tb.call('network.dashboardSummary', { period });
      expect(s).toEqual({
        period,
        basis: period === '2026-03' ? 'snapshot' : 'current',
        indicators: c.length,
        behind: n('未达标'),
        close: n('接近'),
        met: n('达标'),
        noTarget: n('无目标'),
        noData: n('无数据'),
        behindNames: c.filter((i) => i.status === '未达标').map((i) => i.name),
        closeNames: c.filter((i) => i.status === '接近').map((i) => i.name),
        managersBehind: behindPerManager.filter((x: number) => x > 0).length,
        managerIndicatorsBehind: behindPerManager.reduce((a: number, b: number) => a + b, 0),
      });
      expect(county.basis).toBe(s.basis);
      expect(s.met + s.close + s.behind).toBeGreaterThan(0);
    }
  });
});
