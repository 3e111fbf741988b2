/**
 * Plans read master data as of the plan's period: 档位 from the grade history (an approved
 * 分档 review holds from the first of the next month), and stopped 线路 only while they still
 * hold base data. The hand-worked county of fixture.ts:
 *
 *   正常经营 retailers and grades: 1001 M01/R01 10档, 1002 M01/R01 5档, 1003 M02/R02 20档,
 *   1005 M03/R03 30档, 1006 M03/R03 no grade (1004 暂停 does not count).
 *   A review approved for March 2026 moves 1003 to 25档 and 1005 to 15档 from 2026-04-01.
 *
 *   档位权重 (settings: 档位 g weighs g, ×100 per retailer):
 *     March 2026: M01 10+5 = 1500, M02 20 → 2000, M03 30 → 3000 (Σ 6500)
 *     April 2026: M01 1500,        M02 25 → 2500, M03 15 → 1500 (Σ 5500)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { ONE_BOX_BY_GRADE, gradeRows, seedCounty } from './fixture';
import { approveGrades } from '../../helpers/grades';

let t: TestBackend;
beforeEach(() => {
  t = testBackend();
  seedCounty(t.backend.db);
});
afterEach(() => t.close());

const approveMarchReview = () => approveGrades(t.backend.db, { 3: 25, 5: 15 }, 20260401);

const units = (r: { rows: { key: string; units: number }[] }) => r.rows.map((x) => [x.key, x.units]);

describe('档位 as of the plan’s period', () => {
  it('weighs each 客户经理 by the grades of the plan’s month: March before the review, April after', () => {
    approveMarchReview();
    const grade = [{ method: 'grade', weight: 1 }];
    // 65 箱 = 6500 hundredths by 1500 : 2000 : 3000 — exactly the weights
    const march = t.call('plans.breakdown', { level: 'manager', year: 2026, month: 3, target: 65, methods: grade });
    expect(units(march)).toEqual([
      ['M01', 1500],
      ['M02', 2000],
      ['M03', 3000],
    ]);
    // 55 箱 = 5500 hundredths by 1500 : 2500 : 1500
    const april = t.call('plans.breakdown', { level: 'manager', year: 2026, month: 4, target: 55, methods: grade });
    expect(units(april)).toEqual([
      ['M01', 1500],
      ['M02', 2500],
      ['M03', 1500],
    ]);
    // the basis shown is the month's own weight
    expect(march.rows[2].explain.methods[0].base).toBe(3000);
    expect(april.rows[2].explain.methods[0].base).toBe(1500);
  });

  it('takes a grade:N scope of retailer cells by the grades of the plan’s month', () => {
    approveMarchReview();
    const p = { level: 'retailer', year: 2026, target: 1, methods: [{ method: 'equal', weight: 1 }] };
    const keys = (r: { rows: { key: string }[] }) => r.rows.map((x) => x.key);
    expect(keys(t.call('plans.breakdown', { ...p, month: 3, within: 'grade:20' }))).toEqual(['1003']);
    expect(keys(t.call('plans.breakdown', { ...p, month: 4, within: 'grade:25' }))).toEqual(['1003']);
    expect(keys(t.call('plans.breakdown', { ...p, month: 3, within: 'grade:30' }))).toEqual(['1005']);
    // in April nobody holds 20档 any more
    expect(t.result('plans.breakdown', { ...p, month: 4, within: 'grade:20' }).error?.code).toBe('no_cells');
  });

  it('builds today’s 按档位投放 table by today’s grades, not by a review that holds only later', () => {
    approveGrades(t.backend.db, { 5: 15 }, 20990101);
    // retailers.grade already shows the coming 15档; today 1005 is still 30档 (same table as service.test.ts)
    const g = t.call('plans.gradeTable', { quantityXiang: 1 });
    expect(gradeRows(g)).toEqual(ONE_BOX_BY_GRADE);
  });
});

describe('stopped 线路 (停用)', () => {
  // 2025 (the base of a 2026 plan) by route: R01 1001 800 + 1002 100 = 900, R02 1003 550, R03 1005 100.
  beforeEach(() =>
    t.backend.db.exec(`
      INSERT INTO routes(id, code, name, manager_id, active) VALUES (4, 'R04', '旧线', 1, 0);
      UPDATE routes SET active = 0 WHERE code = 'R03';
    `),
  );

  it('keeps a stopped route that holds base data, marked 已停用, and leaves out one without', () => {
    // 15.5 箱 = 1550 hundredths by 900 : 550 : 100
    const r = t.call('plans.breakdown', { level: 'route', year: 2026, target: '15.5' });
    expect(r.rows.map((x: { key: string; label: string; units: number }) => [x.key, x.label, x.units])).toEqual([
      ['R01', '城关一线', 900],
      ['R02', '城关二线', 550],
      ['R03', '乡镇线（已停用）', 100],
    ]);
    expect(r.notes.join('\n')).toContain('已停用的线路乡镇线在基期仍有基数');
  });

  it('leaves every stopped route out of a split without base data, and refuses a lock on one', () => {
    // equal: 3 箱 = 300 hundredths over the two routes in use
    const r = t.call('plans.breakdown', {
      level: 'route',
      year: 2026,
      target: 3,
      methods: [{ method: 'equal', weight: 1 }],
    });
    expect(units(r)).toEqual([
      ['R01', 150],
      ['R02', 150],
    ]);
    expect(r.notes.join('\n')).not.toContain('已停用');
    const lock = t.result('plans.breakdown', {
      level: 'route',
      year: 2026,
      target: 3,
      methods: [{ method: 'equal', weight: 1 }],
      locks: { R04: 100 },
    });
    expect(lock.error?.code).toBe('unknown_key');
    // a stopped route with no base in the base period (R03 bought nothing in June 2025) is left out too
    const y2025 = t.call('plans.breakdown', {
      level: 'route',
      year: 2025,
      target: 1,
      baseFrom: '2025-06-01',
      baseTo: '2025-06-30',
    });
    expect(units(y2025)).toEqual([
      ['R01', 0],
      ['R02', 100],
    ]);
  });
});
