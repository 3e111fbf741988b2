import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refused, testBackend, type TestBackend } from '../../helpers/backend';
import { ONE_BOX_BY_GRADE, gradeRows, seedCounty } from './fixture';
import { office } from '../accounts/setup';

let t: TestBackend;
beforeEach(() => {
  t = testBackend();
  seedCounty(t.backend.db);
});
afterEach(() => t.close());

const units = (r: { rows: { units: number }[] }) => r.rows.map((x) => x.units);

const base = { year: 2026, level: 'manager' as const };

describe('breakdown against the database', () => {
  it('splits a year by last year’s sales per 客户经理 (on duty only), in hundredths of a 箱', () => {
    // 2025: M01 900, M02 550, M03 100 条 of 1550; 100 箱 = 10000 units
    // → 5806.45, 3548.39, 645.16 → floors 9999, the .45 remainder takes the last unit
    const r = t.call('plans.breakdown', { ...base, target: '100' });
    expect(r.rows.map((x: { key: string }) => x.key)).toEqual(['M01', 'M02', 'M03']);
    expect(units(r)).toEqual([5807, 3548, 645]);
    expect(r.totalUnits).toBe(10000);
    expect(r.base).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(r.rows[0].explain.methods[0].base).toBe(900);
  });

  it('restricts history to the product scope', () => {
    // 一类 (P1) in 2025: 600, 300, 100 → 10 箱 → 6, 3, 1
    const r = t.call('plans.breakdown', { ...base, target: 10, unit: '箱', products: 'class:一类' });
    expect(units(r)).toEqual([6, 3, 1]);
  });

  it('reads 品牌集 as a list of codes or as a rule', () => {
    const db = t.backend.db;
    db.exec(`INSERT INTO code_sets(id, name, kind, rule) VALUES (1, '重点规格', 'products', NULL), (2, '三类烟', 'products', '{"field":"price_class","value":"三类"}');
             INSERT INTO code_set_members(set_id, code) VALUES (1, 'P1');`);
    // P1 only: M01 600, M02 300, M03 100 → 6, 3, 1; P2 only (三类): M01 300, M02 250, M03 0 → 11 箱: 6.0, 5.0, 0
    expect(units(t.call('plans.breakdown', { ...base, target: 10, unit: '箱', products: 'set:重点规格' }))).toEqual([
      6, 3, 1,
    ]);
    expect(units(t.call('plans.breakdown', { ...base, target: 11, unit: '箱', products: 'set:三类烟' }))).toEqual([
      6, 5, 0,
    ]);
    expect(units(t.call('plans.breakdown', { ...base, target: 11, unit: '箱', products: 'codes:P2' }))).toEqual([
      6, 5, 0,
    ]);
    expect(refused(() => t.call('plans.breakdown', { ...base, target: 1, products: 'set:没有' })).code).toBe(
      'unknown_set',
    );
    expect(refused(() => t.call('plans.breakdown', { ...base, target: 1, products: 'codes:P9' })).code).toBe(
      'unknown_product',
    );
  });

  it('uses 近N月均值 from the N months before the plan month', () => {
    // 2025-12 … 2026-02: M01 100, M02 300, M03 600 → 10 箱 → 1, 3, 6
    const r = t.call('plans.breakdown', {
      ...base,
      month: 3,
      target: 10,
      unit: '箱',
      methods: [{ method: 'recent', n: 3 }],
    });
    expect(units(r)).toEqual([1, 3, 6]);
    expect(r.rows[2].explain.methods[0].base).toBe(200); // 600 / 3 months
  });

  it('counts 正常经营 customers and weighs 档位', () => {
    // customers: M01 2, M02 1 (1004 暂停), M03 2 → 1 箱 = 100 units → 40, 20, 40
    expect(units(t.call('plans.breakdown', { ...base, target: 1, methods: [{ method: 'customers' }] }))).toEqual([
      40, 20, 40,
    ]);
    // grade weights (linear): M01 10+5, M02 20, M03 30 (1006 has none) → 10 箱: 2.31, 3.08, 4.62 → 2, 3, 5
    expect(
      units(t.call('plans.breakdown', { ...base, target: 10, unit: '箱', methods: [{ method: 'grade' }] })),
    ).toEqual([2, 3, 5]);
  });

  it('takes the 档位权重 from Settings and refuses a table that falls as the grade rises', () => {
    t.call('settings.update', { gradeWeights: new Array(30).fill(1) });
    // flat weights: graded 正常经营 retailers M01 2, M02 1, M03 1 (1006 has no grade) → 4 箱 → 2, 1, 1
    expect(
      units(t.call('plans.breakdown', { ...base, target: 4, unit: '箱', methods: [{ method: 'grade' }] })),
    ).toEqual([2, 1, 1]);
    const falling = Array.from({ length: 30 }, (_, i) => 30 - i);
    const e = refused(() => t.call('settings.update', { gradeWeights: falling }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('档位权重必须随档位升高而不降低');
  });

  it('re-spreads the remainder after a lock by the same method', () => {
    // M01 locked at 50 箱; 50 箱 left over M02:M03 = 550:100 → 4230.77, 769.23 → 4231, 769
    const r = t.call('plans.breakdown', { ...base, target: '100', locks: { M01: 5000 } });
    expect(units(r)).toEqual([5000, 4231, 769]);
    expect(r.rows[0].locked).toBe(true);
  });

  it('keeps floors of 90% of last year and refuses a target below them', () => {
    // floors: M01 810 条 = 324 units, M02 495 条 = 198, M03 90 条 = 36 (Σ 558)
    // 6 箱 equal: 200 each → M01 held at 324; 276 left → 138 each → M02 held at 198; M03 78
    const r = t.call('plans.breakdown', { ...base, target: 6, methods: [{ method: 'equal' }], floorRatio: '0.9' });
    expect(units(r)).toEqual([324, 198, 78]);
    expect(r.rows[0].basis.bound).toBe('floor');
    expect(r.rows[0].explain.text).toContain('去年同期 900条 × 0.9');
    const e = refused(() =>
      t.call('plans.breakdown', { ...base, target: 5, methods: [{ method: 'equal' }], floorRatio: '0.9' }),
    );
    expect(e.code).toBe('infeasible');
    expect(e.message).toContain('5.58箱');
  });

  it('aligns January and February for 春节 when breaking a year into months', () => {
    // 2025 by month: Jan 800 (春节 1-29), Feb 200, Mar 200, Jun 250, Dec 100; 2026's 春节 is in February,
    // so Jan and Feb swap: 31 箱 → Jan 4, Feb 16, Mar 4, Jun 5, Dec 2
    const r = t.call('plans.breakdown', { year: 2026, level: 'month', target: 31, unit: '箱' });
    const byKey = Object.fromEntries(r.rows.map((x: { key: string; units: number }) => [x.key, x.units]));
    expect(byKey).toMatchObject({
      '2026-01': 4,
      '2026-02': 16,
      '2026-03': 4,
      '2026-06': 5,
      '2026-12': 2,
      '2026-04': 0,
    });
    expect(r.notes.join('')).toContain('2025年春节');
    expect(r.rows[1].explain.text).toContain('春节对齐：2026年春节在2月，2025年春节在1月，基数取2025年1月的销量');
    expect(r.rows[1].explain.methods[0].base).toBe(800);
    expect(r.rows[2].explain.baseNote).toBeUndefined();
  });

  it('breaks a 客户经理 target down to his retailers, labelled 参考', () => {
    // M01's retailers in 2025: 1001 500+200+100 = 800, 1002 100 → 1 箱 = 100 units → 88.89, 11.11 → 89, 11
    const r = t.call('plans.breakdown', { ...base, level: 'retailer', within: 'manager:M01', target: 1 });
    expect(r.rows.map((x: { key: string; units: number }) => [x.key, x.units])).toEqual([
      ['1001', 89],
      ['1002', 11],
    ]);
    expect(r.notes.join('')).toContain('仅供参考');
    const c = t.call('plans.create', {
      name: '张三客户参考',
      params: { ...base, level: 'retailer', within: 'manager:M01', target: 1 },
    });
    expect(t.call('plans.explain', { planId: c.planId, key: '1001' }).explain.text).toContain('800条');
  });

  it('breaks a target down by 价类, 品牌 and 规格 within the product scope', () => {
    // 2025: P1 (一类, 黄鹤楼) 500+300+100+100 = 1000, P2 (三类, 红金龙) 200+100+250 = 550 → 31 箱: 20, 11
    const byClass = t.call('plans.breakdown', { ...base, level: 'class', target: 31, unit: '箱' });
    expect(byClass.rows.map((x: { key: string; units: number }) => [x.key, x.units])).toEqual([
      ['一类', 20],
      ['三类', 11],
    ]);
    const bySpec = t.call('plans.breakdown', { ...base, level: 'spec', target: 31, unit: '箱' });
    expect(bySpec.rows.map((x: { key: string; units: number }) => [x.key, x.units])).toEqual([
      ['P1', 20],
      ['P2', 11],
    ]);
    const brands = t.call('plans.breakdown', {
      ...base,
      level: 'brand',
      target: 31,
      unit: '箱',
      products: 'class:一类',
    });
    expect(brands.rows.map((x: { key: string; units: number }) => [x.key, x.units])).toEqual([['黄鹤楼', 31]]);
    expect(
      refused(() =>
        t.call('plans.breakdown', { ...base, level: 'class', target: 1, methods: [{ method: 'customers' }] }),
      ).code,
    ).toBe('method_not_applicable');
    // progress by 价类: March 2026, 5 箱 each; to 03-15 一类 sold 50 条 (4%), 三类 300 条 (24%)
    const c = t.call('plans.create', {
      name: '3月分价类',
      params: { ...base, month: 3, level: 'class', target: 10, unit: '箱', methods: [{ method: 'equal' }] },
    });
    const p = t.call('plans.progress', { planId: c.planId, asOf: '2026-03-15' });
    expect(p.rows.map((r: { key: string; completion: number }) => [r.key, r.completion])).toEqual([
      ['一类', 0.04],
      ['三类', 0.24],
    ]);
  });

  it('refuses what it cannot do with a Chinese reason', () => {
    expect(refused(() => t.call('plans.breakdown', { ...base, target: '1.5', unit: '箱' })).code).toBe(
      'not_representable',
    );
    expect(refused(() => t.call('plans.breakdown', { ...base, target: 1, locks: { M99: 1 } })).code).toBe(
      'unknown_key',
    );
    expect(
      refused(() =>
        t.call('plans.breakdown', { year: 2026, level: 'month', target: 1, methods: [{ method: 'customers' }] }),
      ).code,
    ).toBe('method_not_applicable');
    expect(refused(() => t.call('plans.breakdown', { ...base, year: 2020, target: 1 })).code).toBe('no_basis');
    expect(refused(() => t.call('plans.breakdown', { ...base, target: 1, products: 'brand:中华' })).code).toBe(
      'unknown_brand',
    );
    expect(refused(() => t.call('plans.breakdown', { ...base, target: 1, bogus: 1 })).code).toBe('invalid_input');
  });
});

describe('plans, versions and approval', () => {
  it('saves drafts as versions, compares them cell by cell and audits every change', () => {
    const c = t.call('plans.create', { name: '2026年客户经理计划', params: { ...base, target: '100' } });
    expect(c.versionNo).toBe(1);
    const v2 = t.call('plans.saveVersion', {
      planId: c.planId,
      params: { ...base, target: '100', locks: { M01: 5000 } },
      note: '张三锁定50箱',
    });
    expect(v2.versionNo).toBe(2);
    const cmp = t.call('plans.compare', { planId: c.planId, a: 1, b: 2 });
    expect(
      cmp.rows.map((r: { key: string; unitsA: number; unitsB: number; diff: number }) => [
        r.key,
        r.unitsA,
        r.unitsB,
        r.diff,
      ]),
    ).toEqual([
      ['M01', 5807, 5000, -807],
      ['M02', 3548, 4231, 683],
      ['M03', 645, 769, 124],
    ]);
    expect(cmp.totalA).toBe(10000);
    expect(cmp.totalB).toBe(10000);
    const g = t.call('plans.get', { planId: c.planId });
    expect(g.versions.map((v: { no: number; lockedCells: number }) => [v.no, v.lockedCells])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(g.params.locks).toEqual({ M01: 5000 });
    const ex = t.call('plans.explain', { planId: c.planId, key: 'M02' });
    expect(ex.explain.text).toContain('结果 42.31箱');
    expect(ex.explain.exact).toBeCloseTo(4230.769230769, 6);
    const audit = t.backend.db.prepare("SELECT action, record FROM audit_log WHERE module = 'plans' ORDER BY id").all();
    expect(audit).toEqual([
      { action: 'create', record: `plan:${c.planId}` },
      { action: 'saveVersion', record: `plan:${c.planId}` },
    ]);
  });

  it('keeps the 万元 target beside the 箱 target across versions', () => {
    const c = t.call('plans.create', {
      name: '年度计划',
      params: { ...base, target: '100' },
      targetAmountYuan: 28_567_100,
    });
    expect(t.call('plans.get', { planId: c.planId }).plan.targetAmountFen).toBe(2_856_710_000);
    t.call('plans.saveVersion', { planId: c.planId, params: { ...base, target: '100', locks: { M02: 100 } } });
    expect(t.call('plans.get', { planId: c.planId }).plan.targetAmountFen).toBe(2_856_710_000);
    t.call('plans.saveVersion', { planId: c.planId, params: { ...base, target: '100' }, targetAmountYuan: null });
    expect(t.call('plans.get', { planId: c.planId }).plan.targetAmountFen).toBeNull();
  });

  it('refuses a change that does not fit, leaving the plan as it was', () => {
    const c = t.call('plans.create', { name: '计划', params: { ...base, target: '100' } });
    const e = refused(() =>
      t.call('plans.saveVersion', { planId: c.planId, params: { ...base, target: '100', locks: { M01: 20000 } } }),
    );
    expect(e.code).toBe('infeasible');
    expect(t.call('plans.get', { planId: c.planId }).versions).toHaveLength(1);
  });

  it('goes through submit, return, approve; an approved plan is read-only; only 主任 approves', () => {
    const o = office();
    try {
      seedCounty(o.t.backend.db);
      const as = (who: 'clerk' | 'head' | 'viewer') => ({ token: o.tokens[who] });
      const c = o.t.call(
        'plans.create',
        {
          name: '3月计划',
          params: { ...base, month: 3, target: 10, unit: '箱', methods: [{ method: 'recent', n: 3 }] },
        },
        as('clerk'),
      );
      expect(o.t.result('plans.create', { name: 'x', params: { ...base, target: 1 } }, as('viewer')).error?.code).toBe(
        'forbidden',
      );
      o.t.call('plans.submit', { planId: c.planId }, as('clerk'));
      expect(
        o.t.result(
          'plans.saveVersion',
          { planId: c.planId, params: { ...base, month: 3, target: 11, unit: '箱' } },
          as('clerk'),
        ).error?.code,
      ).toBe('plan_submitted');
      expect(o.t.result('plans.approve', { planId: c.planId }, as('clerk')).error?.code).toBe('forbidden');
      const ret = o.t.call('plans.return', { planId: c.planId, reason: '王五的任务偏高' }, as('head'));
      expect(ret.status).toBe('returned');
      expect(ret.returnReason).toBe('王五的任务偏高');
      o.t.call(
        'plans.saveVersion',
        {
          planId: c.planId,
          params: {
            ...base,
            month: 3,
            target: 10,
            unit: '箱',
            methods: [{ method: 'recent', n: 3 }],
            locks: { M03: 5 },
          },
        },
        as('clerk'),
      );
      o.t.call('plans.submit', { planId: c.planId }, as('clerk'));
      const ok = o.t.call('plans.approve', { planId: c.planId }, as('head'));
      expect(ok.status).toBe('approved');
      expect(ok.approvedVersion).toBe(2);
      expect(ok.decidedBy).toContain('李主任');
      expect(
        o.t.result(
          'plans.saveVersion',
          { planId: c.planId, params: { ...base, month: 3, target: 10, unit: '箱' } },
          as('clerk'),
        ).error?.code,
      ).toBe('plan_approved');
      expect(o.t.result('plans.remove', { planId: c.planId }, as('clerk')).error?.code).toBe('plan_locked');
      const actions = o.t.backend.db
        .prepare(
          "SELECT action, user_login AS who FROM audit_log WHERE module = 'plans' AND action <> 'refused' ORDER BY id",
        )
        .all();
      expect(actions).toEqual([
        { action: 'create', who: 'clerk' },
        { action: 'submit', who: 'clerk' },
        { action: 'return', who: 'head' },
        { action: 'saveVersion', who: 'clerk' },
        { action: 'submit', who: 'clerk' },
        { action: 'approve', who: 'head' },
      ]);
    } finally {
      o.t.close();
    }
  });
});

describe('progress', () => {
  it('computes 完成率, 时间进度 and 超欠进度 per 客户经理 as of a date', () => {
    // March 2026 plan by 近3月均值: 1, 3, 6 箱 = 250, 750, 1500 条
    // actual to 2026-03-15: M01 50, M02 300, M03 0 (the 1500 on 03-20 is later)
    const c = t.call('plans.create', {
      name: '3月计划',
      params: { ...base, month: 3, target: 10, unit: '箱', methods: [{ method: 'recent', n: 3 }] },
    });
    const p = t.call('plans.progress', { planId: c.planId, asOf: '2026-03-15' });
    const row = (k: string) => p.rows.find((r: { key: string }) => r.key === k);
    expect(row('M01')).toMatchObject({ targetTiao: 250, actualTiao: 50, completion: 0.2 });
    expect(row('M02')).toMatchObject({ targetTiao: 750, actualTiao: 300, completion: 0.4, weekTiao: 300, dayTiao: 0 });
    expect(row('M03')).toMatchObject({ actualTiao: 0, completion: 0 });
    expect(row('M01').timeProgress).toBeCloseTo(15 / 31, 12);
    expect(row('M01').ahead).toBeCloseTo(0.2 - 15 / 31, 12);
    expect(p.total).toMatchObject({ targetTiao: 2500, actualTiao: 350, completion: 0.14 });
    // working days: March 2026 has 22 (Mon–Fri); to Sunday the 15th, 10 have passed
    const w = t.call('plans.progress', { planId: c.planId, asOf: '2026-03-15', workingDays: true });
    expect(w.rows[0].timeProgress).toBeCloseTo(10 / 22, 12);
  });

  it('compares hundredths of a 箱 with 条 exactly', () => {
    // 3 units of 0.01箱 = 7.5 条; 3 条 sold → 40%
    const c = t.call('plans.create', {
      name: '小计划',
      params: { ...base, month: 3, target: '0.03', methods: [{ method: 'equal' }], locks: { M01: 3, M02: 0, M03: 0 } },
    });
    const p = t.call('plans.progress', { planId: c.planId, asOf: '2026-03-01' });
    expect(p.rows[0]).toMatchObject({ targetUnits: 3, targetTiao: 7.5, actualTiao: 0 });
    t.backend.db
      .prepare(
        "INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (1, 20260301, 'X1', 2, 2, 3, 3, 100, 300)",
      )
      .run();
    expect(t.call('plans.progress', { planId: c.planId, asOf: '2026-03-01' }).rows[0].completion).toBeCloseTo(0.4, 15);
  });

  it('summarises this month’s county plan for the 首页, preferring the approved plan', () => {
    const draft = t.call('plans.create', {
      name: '草稿',
      params: { ...base, month: 3, target: 20, unit: '箱', methods: [{ method: 'equal' }] },
    });
    const c = t.call('plans.create', {
      name: '3月计划',
      params: { ...base, month: 3, target: 10, unit: '箱', methods: [{ method: 'recent', n: 3 }] },
    });
    t.call('plans.submit', { planId: c.planId });
    t.call('plans.approve', { planId: c.planId });
    const s = t.call('plans.progressSummary', { asOf: '2026-03-15' });
    expect(s.plan.id).toBe(c.planId);
    expect(s).toMatchObject({ month: '2026-03', targetTiao: 2500, actualTiao: 350, completion: 0.14 });
    expect(s.behind.map((b: { key: string }) => b.key)).toEqual(['M03', 'M01', 'M02']);
    expect(draft.planId).not.toBe(c.planId);
    // neither a retailer-level reference split nor a plan for 一类 only is the county's plan
    const ref = t.call('plans.create', {
      name: '张三客户参考',
      params: { ...base, month: 3, level: 'retailer', within: 'manager:M01', target: 1 },
    });
    const cls = t.call('plans.create', {
      name: '一类烟',
      params: { ...base, month: 3, target: 1, products: 'class:一类' },
    });
    for (const id of [ref.planId, cls.planId]) {
      t.call('plans.submit', { planId: id });
      t.call('plans.approve', { planId: id });
    }
    expect(t.call('plans.progressSummary', { asOf: '2026-03-15' }).plan.id).toBe(c.planId);
    expect(t.call('plans.progressSummary', { asOf: '2026-05-02' }).plan).toBeNull();
    // a month without an approved plan of its own counts the approved annual plan's month share:
    // 12 箱 split equally by month = 1 箱 = 250 条 for May; May has no sales yet
    const year = t.call('plans.create', {
      name: '年度计划',
      params: { year: 2026, level: 'month', target: 12, unit: '箱', methods: [{ method: 'equal' }] },
    });
    t.call('plans.submit', { planId: year.planId });
    t.call('plans.approve', { planId: year.planId });
    const may = t.call('plans.progressSummary', { asOf: '2026-05-02' });
    expect(may.plan.id).toBe(year.planId);
    expect(may).toMatchObject({ month: '2026-05', targetTiao: 250, actualTiao: 0, completion: 0 });
    expect(t.call('plans.progressSummary', { asOf: '2026-03-15' }).plan.id).toBe(c.planId);
  });
});

describe('按档位投放 from the database', () => {
  it('builds the grade table over 正常经营 retailers of a scope', () => {
    const g = t.call('plans.gradeTable', { quantityXiang: 1 });
    expect(gradeRows(g)).toEqual(ONE_BOX_BY_GRADE);
    expect(g.allocatedTiao).toBe(250);
    expect(g.reserveTiao).toBe(0);
    const m1 = t.call('plans.gradeTable', { quantityXiang: '0.1', within: 'manager:M01' });
    // M01: grades 5 and 10; 25 条 → λ: ⌊5λ⌋+⌊10λ⌋ ≤ 25 → λ<1.8 gives 8+17 = 25 exactly
    expect(gradeRows(m1)).toEqual([
      [10, 17],
      [5, 8],
    ]);
  });
});

describe('首页 card', () => {
  it('shows this month’s plan, 完成率 and 超欠进度 in Chinese', () => {
    const c = t.call('plans.create', {
      name: '3月计划',
      params: { ...base, month: 3, target: 10, unit: '箱', methods: [{ method: 'recent', n: 3 }] },
    });
    // a draft does not count for the month (DOMAIN.md: the approved version)
    const draft = t.call('plans.homeCard', { asOf: '2026-03-15' });
    expect(draft.lines[0]).toEqual({ label: '本月计划', value: '尚未编制' });
    t.call('plans.submit', { planId: c.planId });
    t.call('plans.approve', { planId: c.planId });
    const card = t.call('plans.homeCard', { asOf: '2026-03-15' });
    expect(card.title).toBe('本月计划进度（2026年3月）');
    const v = Object.fromEntries(card.lines.map((l: { label: string; value: string }) => [l.label, l.value]));
    expect(v['计划（3月计划，已审批）']).toBe('10.00箱');
    expect(v['完成销量']).toBe('1.40箱');
    expect(v['完成率']).toBe('14.00%');
    // 15/31 = 48.39%; 14.00 − 48.39 = −34.39
    expect(v['时间进度']).toBe('48.39%');
    expect(v['超欠进度']).toBe('-34.39个百分点');
    expect(card.link).toBe(`/plans/progress?id=${c.planId}`);
  });
});
