/** 计划编制's grid rows and cell links (renderer/pages/plans/planRows.ts), on hand-worked values. */
import { describe, expect, it } from 'vitest';
import {
  baseTitle,
  childLevelLabel,
  displayToUnits,
  gradesLink,
  gridRows,
  moneyOfRow,
  type SourceRow,
} from '../../../renderer/pages/plans/planRows';
import { amountYuanOf, defaultDraft, fromParams, hasMoney, toParams } from '../../../renderer/pages/plans/planDraft';
import type { Explain } from '../../../renderer/pages/plans/common';

const explain = (base: number | null, bound: 'floor' | 'ceiling' | null = null) =>
  ({
    share: 0,
    methods: base === null ? [] : [{ label: '同期销量占比', base, weight: 1, share: 0 }],
    bound,
  }) as unknown as Explain;

describe('grid rows from a breakdown', () => {
  // 3 cells of 0.01箱: 1250 + 750 + 0 = 2000 units (20.00 箱); shares 1250/2000 = 0.625, 750/2000 = 0.375
  const src: SourceRow[] = [
    { key: 'M1', label: '张三', units: 1250, exact: 1249.6, locked: true, explain: explain(2500) },
    { key: 'M2', label: '李四', units: 750, exact: 750.4, locked: false, explain: explain(1500, 'floor') },
    { key: 'M3', label: '王五', units: 0, exact: 0, locked: false, explain: explain(null, 'ceiling') },
  ];
  it('shows 0.01箱 as 箱 with the share of the total, lock and bound in words', () => {
    const rows = gridRows(src, '0.01箱');
    expect(rows.map((r) => r.value)).toEqual([12.5, 7.5, 0]);
    [12.496, 7.504, 0].forEach((x, i) => expect(rows[i].exact).toBeCloseTo(x, 10));
    expect(rows.map((r) => r.share)).toEqual([0.625, 0.375, 0]);
    expect(rows.map((r) => r.locked)).toEqual(['已锁定', '', '']);
    expect(rows.map((r) => r.bound)).toEqual(['', '取下限', '取上限']);
    expect(rows[2].base).toBeNull();
  });
  it('whole units stay as they are; an empty breakdown has no shares to divide', () => {
    expect(gridRows(src, '条').map((r) => r.value)).toEqual([1250, 750, 0]);
    expect(gridRows([{ ...src[2] }], '箱')[0].share).toBe(0);
  });
  it('a shown value goes back to whole units (0.01箱 × 100, rounded)', () => {
    expect(displayToUnits(12.5, '0.01箱')).toBe(1250);
    expect(displayToUnits(0.07, '0.01箱')).toBe(7); // 0.07 × 100 = 7.000000000000001
    expect(displayToUnits(3, '箱')).toBe(3);
  });
});

describe('links from a cell', () => {
  it('按档位投放 takes whole 条: 1 unit of 0.01箱 is 2.5 条, so 3 units give 7 条 = 0.028 箱', () => {
    expect(gradesLink('spec', '6901', 3, '0.01箱')).toBe('/plans/grades?qty=0.028');
    expect(gradesLink('manager', 'A 1', 4, '箱')).toBe('/plans/grades?qty=4.000&within=manager:A%201');
    expect(gradesLink('route', 'R1', 500, '条')).toBe('/plans/grades?qty=2.000&within=route:R1');
    expect(gradesLink('month', '2026-03', 100, '箱')).toBeNull();
  });
  it('names the child level and the base column', () => {
    expect(childLevelLabel('month')).toBe('到客户经理');
    expect(childLevelLabel('brand')).toBe('到规格');
    expect(childLevelLabel('route')).toBe('到零售客户，参考');
    expect(baseTitle([{ method: 'customers', weight: 1 }])).toBe('客户户数基数');
    expect(baseTitle([])).toBe('基数');
  });
});

describe('金额目标 typed in 万元', () => {
  it('becomes 元 to the 分; blank or not a number is none', () => {
    expect(amountYuanOf(' 2856.71 ')).toBe(28_567_100);
    expect(amountYuanOf('0.000123')).toBe(1.23);
    expect(amountYuanOf('')).toBeNull();
    expect(amountYuanOf('十万')).toBeNull();
  });
});

describe('money in the grid rows and the draft', () => {
  const row: SourceRow = {
    key: 'M1',
    label: '张三',
    units: 100,
    exact: 100,
    locked: false,
    explain: explain(10),
    money: { amountFen: 123_456_789, amountLocked: true, amountExplain: null, perCaseFen: 2_285_368, classOneBp: 4550 },
  };
  it('shows 销售额 in 元 to the 分, 单箱值 in 元/箱 and 一类烟占比 in %, and gives them back in 分 and 0.01%', () => {
    const [r] = gridRows([row], '箱');
    expect(r).toMatchObject({ amount: 1_234_567.89, amountLocked: true, perCase: 22_853.68, classOne: 45.5 });
    expect(moneyOfRow(r)).toEqual({
      amountFen: 123_456_789,
      amountLocked: true,
      perCaseFen: 2_285_368,
      classOneBp: 4550,
    });
    const [plain] = gridRows([{ ...row, money: null }], '箱');
    expect(plain).toMatchObject({ amount: null, perCase: null, classOne: null });
    expect(moneyOfRow(plain)).toBeNull();
  });
  it('sends the money targets only when given, and reads them back from a saved version', () => {
    const d = { ...defaultDraft(2026), name: 'x', target: '100' };
    const plainParams = toParams(d);
    expect(Object.keys(plainParams)).not.toContain('amount');
    expect(Object.keys(plainParams)).not.toContain('rowTargets');
    const m = {
      ...d,
      amountWan: '123.456789',
      amountLocks: { M02: 40_000_000 },
      classOneShare: '45.5',
      rowTargets: { M03: { perCaseYuan: 30000.5 } },
    };
    expect(hasMoney(m)).toBe(true);
    const p = toParams(m);
    expect(p).toMatchObject({
      amount: '123.456789',
      amountLocks: { M02: 40_000_000 },
      classOneShare: '45.5',
      rowTargets: { M03: { perCaseYuan: 30000.5 } },
    });
    const back = fromParams('x', p, 123_456_789);
    expect(back).toMatchObject({ amountWan: '123.456789', amountLocks: { M02: 40_000_000 }, perCaseYuan: '' });
    expect(back.rowTargets).toEqual({ M03: { perCaseYuan: 30000.5 } });
    // a 销售额 lock without a 销售额 target is not sent
    expect(Object.keys(toParams({ ...m, amountWan: '' }))).not.toContain('amountLocks');
  });
});
