import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { errorOf, seedCounty } from './fixture';

let tb: TestBackend;
beforeEach(() => {
  tb = testBackend();
  seedCounty(tb.backend.db);
});
afterEach(() => tb.close());

type Ind = {
  code: string;
  name: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: number | null;
  status: string;
};
const row = (r: { rows: { key: string; indicators: Ind[] }[] }, key: string) => {
  const found = r.rows.find((x) => x.key === key);
  if (!found) throw new Error(`no row ${key}`);
  return Object.fromEntries(found.indicators.map((i) => [i.code, i])) as Record<string, Ind>;
};

describe('网建 indicators for a month, county-wide', () => {
  it('counts only 正常经营 retailers at the period end in the shares, and a retailer visited twice once', () => {
    const r = tb.call('network.report', { period: '2026-03', by: 'county' });
    expect(r.basis).toBe('current');
    const c = row(r, '全县');
    // operating at 2026-03-31: r1 r2 r3 r5 r7 r8 (r4 暂停, r6 歇业, r9 注销, r10 joined in April)
    expect(c.e_settlement).toMatchObject({ name: '电子结算率', numerator: 4, denominator: 6, value: 4 / 6 });
    expect(c.online_order).toMatchObject({ name: '网上订货率', numerator: 4, denominator: 6, value: 4 / 6 });
    expect(c.modern_count).toMatchObject({ name: '现代终端户数', numerator: 2, denominator: 6, value: 2 });
    expect(c.modern_share).toMatchObject({ name: '现代终端占比', numerator: 2, denominator: 6, value: 2 / 6 });
    // r1 twice, r2, r7 on the last day; r4 not operating; r8 and r5 outside March
    expect(c.visit_coverage).toMatchObject({ name: '客户拜访覆盖率', numerator: 3, denominator: 6, value: 0.5 });
    // inspections i1–i5 in March, i6 in February
    expect(c.price_tag).toMatchObject({ name: '明码标价合格率', numerator: 3, denominator: 5, value: 0.6 });
    expect(c.display).toMatchObject({ name: '卷烟陈列规范率', numerator: 2, denominator: 4, value: 0.5 });
    // no collection list: every operating retailer is planned; r1 and r2 collected (r4 is not operating)
    expect(c.info_collection).toMatchObject({ name: '信息采集完成率', numerator: 2, denominator: 6, value: 2 / 6 });
    expect(c.satisfaction).toMatchObject({
      name: '客户满意度',
      numerator: null,
      denominator: null,
      value: null,
      status: '无目标',
    });
    expect(r.rows[0].indicators.map((i: Ind) => i.name)).toEqual([
      '电子结算率',
      '网上订货率',
      '现代终端户数',
      '现代终端占比',
      '客户拜访覆盖率',
      '明码标价合格率',
      '卷烟陈列规范率',
      '信息采集完成率',
      '客户满意度',
    ]);
  });

  it('uses a collection list when the month has one, planned retailers of any status included', () => {
    tb.call('network.setCollectionPlan', { period: '2026-03', retailerCodes: ['r1', 'r4', 'r5'] });
    const c = row(tb.call('network.report', { period: '2026-03', by: 'county' }), '全县');
    expect(c.info_collection).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('takes the 持证 base when the definition is switched to it', () => {
    tb.call('network.updateIndicator', { code: 'online_order', base: 'licensed' });
    const c = row(tb.call('network.report', { period: '2026-03', by: 'county' }), '全县');
    // licensed (not 注销, joined by period end): r1–r8 = 8; online: r1 r3 r4 r5 r8 = 5
    expect(c.online_order).toMatchObject({ numerator: 5, denominator: 8, value: 5 / 8 });
    const defs = tb.call('network.indicators', {});
    expect(defs.find((d: { code: string }) => d.code === 'online_order').definition).toContain('持证零售户');
  });
});

describe('网建 indicators per customer manager and route', () => {
  it('computes each manager over the retailers assigned to them', () => {
    const r = tb.call('network.report', { period: '2026-03', by: 'manager' });
    expect(r.rows.map((x: { key: string }) => x.key)).toEqual(['M01', 'M02', 'M03']);
    const m1 = row(r, 'M01');
    expect(m1.e_settlement).toMatchObject({ numerator: 2, denominator: 4, value: 0.5 });
    expect(m1.online_order).toMatchObject({ numerator: 3, denominator: 4 });
    expect(m1.visit_coverage).toMatchObject({ numerator: 2, denominator: 4 });
    expect(m1.price_tag).toMatchObject({ numerator: 2, denominator: 4 });
    expect(m1.display).toMatchObject({ numerator: 2, denominator: 3 });
    expect(m1.info_collection).toMatchObject({ numerator: 2, denominator: 4 });
    const m2 = row(r, 'M02');
    expect(m2.e_settlement).toMatchObject({ numerator: 2, denominator: 2, value: 1 });
    expect(m2.visit_coverage).toMatchObject({ numerator: 1, denominator: 2 });
    expect(m2.display).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    const m3 = row(r, 'M03');
    expect(m3.e_settlement).toMatchObject({ numerator: 0, denominator: 0, value: null, status: '无目标' });
  });

  it('computes each route', () => {
    const r = tb.call('network.report', { period: '2026-03', by: 'route' });
    expect(r.rows.map((x: { key: string; label: string }) => `${x.key}${x.label}`)).toEqual([
      'R01城关一线',
      'R02城关二线',
      'R03乡镇一线',
    ]);
    expect(row(r, 'R01').e_settlement).toMatchObject({ numerator: 2, denominator: 3 });
    expect(row(r, 'R02').e_settlement).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    expect(row(r, 'R02').online_order).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
  });
});

describe('targets and status', () => {
  it('applies month over quarter over year targets and marks 达标/接近/未达标/无目标', () => {
    tb.call('network.setTargets', {
      rows: [
        { indicatorCode: 'e_settlement', period: '2026', scopeKind: 'county', value: 0.9 },
        { indicatorCode: 'e_settlement', period: '2026-03', scopeKind: 'county', value: 0.68 },
        { indicatorCode: 'online_order', period: '2026-Q1', scopeKind: 'county', value: 0.6 },
        { indicatorCode: 'visit_coverage', period: '2026-03', scopeKind: 'county', value: 0.52 },
        { indicatorCode: 'price_tag', period: '2026', scopeKind: 'county', value: 0.65 },
        { indicatorCode: 'modern_count', period: '2026', scopeKind: 'county', value: 2 },
        { indicatorCode: 'satisfaction', period: '2026', scopeKind: 'county', value: 90 },
        { indicatorCode: 'satisfaction', period: '2026', scopeKind: 'manager', scopeCode: 'M01', value: 90 },
        { indicatorCode: 'e_settlement', period: '2026', scopeKind: 'manager', scopeCode: 'M01', value: 0.5 },
        { indicatorCode: 'visit_coverage', period: '2026-04', scopeKind: 'county', value: 0.1 },
      ],
    });
    tb.call('network.setManualValues', {
      rows: [
        { indicatorCode: 'satisfaction', period: '2026-03', scopeKind: 'county', value: 91.5 },
        { indicatorCode: 'satisfaction', period: '2026-03', scopeKind: 'manager', scopeCode: 'M01', value: 88.5 },
      ],
    });
    const c = row(tb.call('network.report', { period: '2026-03', by: 'county' }), '全县');
    expect(c.e_settlement).toMatchObject({ target: 0.68, status: '接近' }); // 0.6667: 1.33 points short
    expect(c.online_order).toMatchObject({ target: 0.6, status: '达标' });
    expect(c.visit_coverage).toMatchObject({ target: 0.52, status: '接近' }); // exactly 2 points short
    expect(c.price_tag).toMatchObject({ target: 0.65, status: '未达标' }); // 5 points short
    expect(c.modern_count).toMatchObject({ value: 2, target: 2, status: '达标' });
    expect(c.satisfaction).toMatchObject({ value: 91.5, target: 90, status: '达标' });
    expect(c.display).toMatchObject({ target: null, status: '无目标' });
    const m = tb.call('network.report', { period: '2026-03', by: 'manager' });
    expect(row(m, 'M01').e_settlement).toMatchObject({ value: 0.5, target: 0.5, status: '达标' });
    expect(row(m, 'M01').satisfaction).toMatchObject({ value: 88.5, target: 90, status: '接近' });
    // a manager with no target: 无目标, whatever the county target
    expect(row(m, 'M02').e_settlement).toMatchObject({ value: 1, target: null, status: '无目标' });
  });

  it('refuses a rate target above 100% and keeps the earlier rows of the request unsaved', () => {
    const r = tb.result('network.setTargets', {
      rows: [
        { indicatorCode: 'e_settlement', period: '2026', scopeKind: 'county', value: 0.9 },
        { indicatorCode: 'online_order', period: '2026', scopeKind: 'county', value: 85 },
      ],
    });
    expect(r.ok).toBe(false);
    {
      expect(errorOf(r)?.code).toBe('invalid_value');
      expect(errorOf(r)?.message).toContain('网上订货率');
    }
    expect(tb.call('network.targets', {})).toEqual([]);
  });

  it('refuses a target for an unknown manager and a hand value for a computed indicator', () => {
    const a = tb.result('network.setTargets', {
      rows: [{ indicatorCode: 'e_settlement', period: '2026', scopeKind: 'manager', scopeCode: 'M99', value: 0.9 }],
    });
    expect(errorOf(a)?.code).toBe('unknown_manager');
    const b = tb.result('network.setManualValues', {
      rows: [{ indicatorCode: 'e_settlement', period: '2026-03', scopeKind: 'county', value: 0.9 }],
    });
    expect(errorOf(b)?.code).toBe('not_manual');
  });

  it('keeps built-in names fixed and lets the clerk add a hand-entered indicator', () => {
    const a = tb.result('network.updateIndicator', { code: 'e_settlement', name: '电子结算覆盖率' });
    expect(errorOf(a)?.code).toBe('builtin_name');
    tb.call('network.createIndicator', {
      code: 'smoke_free',
      name: '文明吸烟环境建设率',
      unit: 'rate',
      direction: 'higher',
    });
    tb.call('network.setManualValues', {
      rows: [{ indicatorCode: 'smoke_free', period: '2026-03', scopeKind: 'route', scopeCode: 'R01', value: 0.4 }],
    });
    const r = tb.call('network.report', { period: '2026-03', by: 'route' });
    expect(row(r, 'R01').smoke_free).toMatchObject({ value: 0.4, status: '无目标' });
  });
});

describe('month-end snapshots', () => {
  it('computes a past month from its snapshot after the master data changed', () => {
    tb.call('network.takeSnapshot', { period: '2026-03' });
    const db = tb.backend.db;
    db.prepare("UPDATE retailers SET settlement = '电子结算-POS' WHERE code IN ('r2', 'r5')").run();
    db.prepare("UPDATE retailers SET status = '注销' WHERE code = 'r1'").run();
    const snap = row(tb.call('network.report', { period: '2026-03', by: 'county' }), '全县');
    expect(snap.e_settlement).toMatchObject({ numerator: 4, denominator: 6 });
    // April has no snapshot: current data (r1 注销; r10 joined 04-10 is in)
    const apr = tb.call('network.report', { period: '2026-04', by: 'county' });
    expect(apr.basis).toBe('current');
    expect(row(apr, '全县').e_settlement).toMatchObject({ numerator: 5, denominator: 6 });
    tb.call('network.deleteSnapshot', { period: '2026-03' });
    expect(tb.call('network.report', { period: '2026-03', by: 'county' }).basis).toBe('current');
  });
});

describe('action lists', () => {
  type Action = { retailerCode: string; reason: string };
  /** March's action list of an indicator in a scope. */
  const actions = (indicatorCode: string, scopeKind: string, scopeCode: string): Action[] =>
    tb.call('network.actionList', { period: '2026-03', indicatorCode, scopeKind, scopeCode }).rows;
  const reasons = (rows: Action[]) => rows.map((r) => [r.retailerCode, r.reason]);

  it('lists the cash-settling operating retailers behind a route’s 电子结算率', () => {
    expect(reasons(actions('e_settlement', 'manager', 'M01'))).toEqual([
      ['r2', '结算方式：现金'],
      ['r5', '结算方式：现金'],
    ]);
  });
  it('lists unvisited retailers with their last visit', () => {
    expect(reasons(actions('visit_coverage', 'county', ''))).toEqual([
      ['r3', '本月未拜访（无拜访记录）'],
      ['r5', '本月未拜访（无拜访记录）'],
      ['r8', '本月未拜访（上次拜访 2026-02-28）'],
    ]);
  });
  it('lists retailers whose 明码标价 failed an inspection', () => {
    const rows = actions('price_tag', 'route', 'R01');
    expect(rows.map((r) => r.retailerCode)).toEqual(['r2', 'r4']);
    expect(rows[0]).toMatchObject({
      managerCode: 'M01',
      managerName: '张三',
      routeName: '城关一线',
      address: '城关镇2号',
      reason: '明码标价不合格（检查日期 2026-03-04）',
    });
  });
  it('has no list for a hand-entered indicator', () => {
    const r = tb.result('network.actionList', {
      period: '2026-03',
      indicatorCode: 'satisfaction',
      scopeKind: 'county',
    });
    expect(errorOf(r)?.code).toBe('no_action_list');
  });
});

describe('trend and the 首页 summary', () => {
  it('gives 12 months oldest first with the values of each month', () => {
    const t = tb.call('network.trend', { indicatorCode: 'visit_coverage', period: '2026-04', months: 12 });
    expect(t).toHaveLength(12);
    expect(t[0].period).toBe('2025-05');
    expect(t[10]).toMatchObject({ period: '2026-03', numerator: 3, denominator: 6 });
    // February: r8 visited on 02-28; r10 not yet joined
    expect(t[9]).toMatchObject({ period: '2026-02', numerator: 1, denominator: 6 });
    // April: r5 visited 04-01; r10 joined → 7 operating
    expect(t[11]).toMatchObject({ period: '2026-04', numerator: 1, denominator: 7 });
  });
  it('counts the indicators behind this month for the 首页', () => {
    tb.call('network.setTargets', {
      rows: [
        { indicatorCode: 'price_tag', period: '2026', scopeKind: 'county', value: 0.65 },
        { indicatorCode: 'display', period: '2026', scopeKind: 'county', value: 0.9 },
        { indicatorCode: 'e_settlement', period: '2026', scopeKind: 'county', value: 0.68 },
        { indicatorCode: 'online_order', period: '2026', scopeKind: 'county', value: 0.5 },
        { indicatorCode: 'e_settlement', period: '2026', scopeKind: 'manager', scopeCode: 'M01', value: 0.9 },
      ],
    });
    const s = tb.call('network.dashboardSummary', { period: '2026-03' });
    expect(s).toMatchObject({
      period: '2026-03',
      behind: 2,
      close: 1,
      met: 1,
      noTarget: 5,
      behindNames: ['明码标价合格率', '卷烟陈列规范率'],
      managersBehind: 1,
      managerIndicatorsBehind: 1,
    });
  });
});

describe('months without imported records', () => {
  it('gives no coverage value, rather than 0%, for a month with no visit record at all, and says so', () => {
    tb.call('network.setTargets', {
      rows: [{ indicatorCode: 'visit_coverage', period: '2026', scopeKind: 'county', value: 0.9 }],
    });
    const r = tb.call('network.report', { period: '2026-01', by: 'county' });
    expect(row(r, '全县').visit_coverage).toMatchObject({
      numerator: 0,
      denominator: 6,
      value: null,
      status: '无数据',
    });
    expect(row(r, '全县').info_collection).toMatchObject({ value: null });
    expect(r.notes).toEqual([
      '本月没有拜访记录（尚未导入），客户拜访覆盖率暂无数据',
      '本月没有检查记录（尚未导入），明码标价合格率、卷烟陈列规范率、信息采集完成率暂无数据',
    ]);
    expect(tb.call('network.report', { period: '2026-03', by: 'county' }).notes).toEqual([]);
  });
});

describe('audit', () => {
  it('records a changed target with its value before and after', () => {
    tb.call('network.setTargets', {
      rows: [{ indicatorCode: 'e_settlement', period: '2026', scopeKind: 'county', value: 0.9 }],
    });
    tb.call('network.setTargets', {
      rows: [{ indicatorCode: 'e_settlement', period: '2026', scopeKind: 'county', value: 0.92 }],
    });
    const rows = tb.backend.db
      .prepare("SELECT before, after FROM audit_log WHERE module = 'network' AND action = 'setTargets' ORDER BY id")
      .all() as { before: string; after: string }[];
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[1].before)).toEqual([
      { indicatorCode: 'e_settlement', period: '2026', scopeKind: 'county', scopeCode: '', value: 0.9 },
    ]);
    expect(JSON.parse(rows[1].after)[0].value).toBe(0.92);
  });
});
