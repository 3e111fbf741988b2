/**
 * `cultivation list|trend|actions` on the hand-worked county of reports/fixture.ts.
 * Project 红金龙 (spec 6903) over March 2026; its lines: 03-05 r2 订购 0 条 (需求 10,
 * does not count as ordering) · 03-12 r3 6 条. 正常经营 retailers: 张三 (1001) r1, r2;
 * 李四 (1002) r3, r5 (r5 through route R02); r4 歇业 is left out. Cumulative 铺货 from
 * 03-01 to each week's end (weeks 03-01 · 03-02…08 · 03-09…15 · 03-16…22 · 03-23…29 ·
 * 03-30…31): 张三 0/2 every week; 李四 0/2, 0/2, then 1/2 from week 3; county 0/4, 0/4,
 * then 1/4. Not ordered by 03-31 (the last day with orders): 张三 r1, r2; 李四 r5.
 * A second project, 03-23 to 04-30, has two weeks with data; the second is not over
 * (its orders run to 03-31 only) and says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { testBackend, tempDir } from '../../helpers/backend';
import { handFixture } from '../reports/fixture';
import { runCli } from '../../../electron/cli';

let dir: string;
let db: string;
let id: number;
let late: number;
beforeAll(() => {
  dir = tempDir('wb-cultivation-cli-');
  db = path.join(dir, 'w.db');
  const tb = testBackend({ dbPath: db, dataDir: dir });
  handFixture(tb.backend.db);
  const phone = tb.backend.db.prepare('UPDATE retailers SET owner = ?, phone = ? WHERE code = ?');
  phone.run('王甲', '13800000001', '0001');
  phone.run('王乙', '13800000002', '0002');
  phone.run('王戊', '=1+1', '0005'); // a formula-like cell is neutralised in the workbook
  id = tb.call('cultivation.save', {
    name: '红金龙三月铺货',
    products: 'brand:红金龙',
    from: '2026-03-01',
    to: '2026-03-31',
    targets: [
      { manager: '1001', distributionRate: 0.6, repeatRate: 0.3, shelfRate: null },
      { manager: '1002', distributionRate: 0.5, repeatRate: null, shelfRate: null },
    ],
  }).id;
  late = tb.call('cultivation.save', {
    name: '红金龙跨月',
    products: 'brand:红金龙',
    from: '2026-03-23',
    to: '2026-04-30',
    targets: [],
  }).id;
  tb.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...a: string[]) => runCli([...a, '--db', db], {});
const ok = (...a: string[]) => {
  const r = cli(...a);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const refused = (...a: string[]) => {
  const r = cli(...a);
  expect(r.code).toBe(2);
  return JSON.parse(r.stdout).error as { code: string; message: string };
};

describe('cultivation list', () => {
  it('lists the projects, latest first, with each manager’s targets', () => {
    const j = ok('cultivation', 'list');
    expect(j.projects.map((p: any) => [p.id, p.name, p.from, p.to])).toEqual([
      [late, '红金龙跨月', '2026-03-23', '2026-04-30'],
      [id, '红金龙三月铺货', '2026-03-01', '2026-03-31'],
    ]);
    expect(j.projects[1]).toMatchObject({ products: 'brand:红金龙', targetSet: null });
    expect(j.projects[1].targets).toEqual([
      { manager: '1001', managerName: '张三', distributionRate: 0.6, repeatRate: 0.3, shelfRate: null },
      { manager: '1002', managerName: '李四', distributionRate: 0.5, repeatRate: null, shelfRate: null },
    ]);
  });
});

describe('cultivation trend', () => {
  it('gives each week’s cumulative 铺货 per manager beside the targets', () => {
    const j = ok('cultivation', 'trend', String(id));
    expect(j.project).toMatchObject({ id, name: '红金龙三月铺货' });
    expect(j.note).toBeNull();
    expect(j.weeks.map((w: any) => [w.from, w.to, w.through])).toEqual([
      ['2026-03-01', '2026-03-01', null],
      ['2026-03-02', '2026-03-08', null],
      ['2026-03-09', '2026-03-15', null],
      ['2026-03-16', '2026-03-22', null],
      ['2026-03-23', '2026-03-29', null],
      ['2026-03-30', '2026-03-31', null],
    ]);
    const per = (w: any) => w.managers.map((m: any) => [m.manager, m.orderingCustomers, m.customers]);
    expect(j.weeks.map(per)).toEqual([
      [
        ['1001', 0, 2],
        ['1002', 0, 2],
      ],
      [
        ['1001', 0, 2],
        ['1002', 0, 2],
      ],
      [
        ['1001', 0, 2],
        ['1002', 1, 2],
      ],
      [
        ['1001', 0, 2],
        ['1002', 1, 2],
      ],
      [
        ['1001', 0, 2],
        ['1002', 1, 2],
      ],
      [
        ['1001', 0, 2],
        ['1002', 1, 2],
      ],
    ]);
    const last = j.weeks[5];
    expect(last.managers[0]).toMatchObject({
      manager: '1001',
      managerName: '张三',
      distributionRate: 0,
      repeatCustomers: 0,
      target: { distributionRate: 0.6, repeatRate: 0.3, shelfRate: null },
    });
    expect(last.managers[1]).toMatchObject({ distributionRate: 0.5, target: { distributionRate: 0.5 } });
    expect(last.total).toMatchObject({ customers: 4, orderingCustomers: 1, distributionRate: 0.25 });
    expect(j.weeks[1].total.distributionRate).toBe(0);
  });

  it('marks the week that is not over yet with the last day of data', () => {
    const r = cli('cultivation', 'trend', String(late));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.weeks.map((w: any) => [w.label, w.from, w.to, w.through])).toEqual([
      ['第1周（3.23–3.29）', '2026-03-23', '2026-03-29', null],
      ['第2周（3.30–4.5）', '2026-03-30', '2026-03-31', '2026-03-31'],
    ]);
    expect(r.stderr).toContain('第2周（3.30–4.5）尚未结束，数据截至 2026-03-31');
    expect(j.weeks[1].total).toMatchObject({ customers: 4, orderingCustomers: 0, distributionRate: 0 });
  });

  it('heads the column of a week not over with the last day of data', () => {
    const out = path.join(dir, 'late.xlsx');
    ok('cultivation', 'trend', String(late), '--format', 'xlsx', '--out', out);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(out)).Sheets['铺货率走势'], {
      header: 1,
    });
    const head = rows.find((r) => r[0] === '客户经理')!;
    expect(head.slice(3, 5)).toEqual(['第1周', '第2周（至3.31）']);
  });

  it('writes the three rates as three sheets of the page’s table', () => {
    const out = path.join(dir, 'trend.xlsx');
    const j = ok('cultivation', 'trend', String(id), '--format', 'xlsx', '--out', out);
    expect(j.out).toBe(out);
    const wb = XLSX.read(fs.readFileSync(out));
    expect(wb.SheetNames).toEqual(['铺货率走势', '重购率走势', '上柜率走势']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['铺货率走势'], { header: 1 });
    const li = rows.find((r) => r[0] === '1002')!;
    // 客户经理, 姓名, 目标, six weeks, 差距 (fractions shown as %)
    expect(li.slice(0, 9)).toEqual(['1002', '李四', 0.5, 0, 0, 0.5, 0.5, 0.5, 0.5]);
    expect(li[9]).toBe(0);
  });
});

describe('cultivation actions', () => {
  it('lists the target retailers who have not ordered, per manager, with phone numbers', () => {
    const j = ok('cultivation', 'actions', String(id));
    expect(j).toMatchObject({ from: '2026-03-01', to: '2026-03-31', retailers: 3 });
    expect(
      j.managers.map((m: any) => [m.manager, m.managerName, m.retailers.map((r: any) => [r.retailer, r.phone])]),
    ).toEqual([
      [
        '1001',
        '张三',
        [
          ['0001', '13800000001'],
          ['0002', '13800000002'],
        ],
      ],
      ['1002', '李四', [['0005', '=1+1']]],
    ]);
    // 铺货率's denominator less its numerator at the last week
    const t = ok('cultivation', 'trend', String(id));
    const total = t.weeks.at(-1).total;
    expect(j.retailers).toBe(total.customers - total.orderingCustomers);
  });

  it('writes one sheet per manager with the phone numbers, and logs the export', () => {
    const out = path.join(dir, 'actions.xlsx');
    const j = ok('cultivation', 'actions', String(id), '--format', 'xlsx', '--out', out);
    expect(j.out).toBe(out);
    const wb = XLSX.read(fs.readFileSync(out));
    expect(wb.SheetNames).toEqual(['张三', '李四']);
    const rows = (s: string) => XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[s], { header: 1 });
    expect(
      rows('张三')
        .filter((r) => /^000\d$/.test(String(r[0])))
        .map((r) => [r[0], r[1], r[2], r[3]]),
    ).toEqual([
      ['0001', '甲商店', '王甲', '13800000001'],
      ['0002', '乙超市', '王乙', '13800000002'],
    ]);
    const li = rows('李四').find((r) => r[0] === '0005')!;
    expect(li[3]).toBe("'=1+1");
    expect(rows('李四').some((r) => String(r[0] ?? '').includes('共 1 户'))).toBe(true);
    const audit = ok('audit', '--module', 'audit', '--limit', '5');
    expect(JSON.stringify(audit)).toContain('红金龙三月铺货：尚未订货的目标客户');
  });
});

describe('refusals', () => {
  it('refuses a missing or malformed number, an unknown project and bad flags, writing nothing', () => {
    expect(refused('cultivation', 'trend')).toMatchObject({ code: 'invalid_args', message: '缺少参数：培育项目编号' });
    expect(refused('cultivation', 'actions', 'abc').message).toBe('培育项目编号应为正整数（收到“abc”）');
    expect(refused('cultivation', 'actions', '0').code).toBe('invalid_args');
    expect(refused('cultivation', 'trend', '999')).toEqual({
      code: 'unknown_project',
      message: '没有编号为 999 的培育项目',
    });
    expect(refused('cultivation', 'actions', String(id), '--format', 'csv').message).toBe('--format 应为 json 或 xlsx');
    expect(refused('cultivation', 'actions', String(id), '--format', 'xlsx').message).toBe(
      '--format xlsx 需要 --out <文件.xlsx>',
    );
    const bad = path.join(dir, 'nothing.txt');
    expect(refused('cultivation', 'actions', String(id), '--format', 'xlsx', '--out', bad).code).toBe('invalid_args');
    expect(fs.existsSync(bad)).toBe(false);
    expect(refused('cultivation', 'list', 'x').code).toBe('invalid_args');
  });
});
