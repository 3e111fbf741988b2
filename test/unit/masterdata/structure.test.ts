import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli';
import { testBackend, type TestBackend } from '../../helpers/backend';
import fs from 'node:fs';
import path from 'node:path';
import { importMasters, readBook } from './fixtures';

let t: TestBackend;
beforeEach(() => {
  t = testBackend();
  importMasters(t);
});
afterEach(() => t.close());

const s = (key: string | number, count: number, base: number) => ({ key, count, share: count / base });

describe('customer-structure', () => {
  it('counts licensed and operating retailers and every category with shares of licensed, worked by hand', () => {
    // 001 便利店/城镇/30/网上/在线划拨/正常 (M01), 002 超市/城镇/25/手机/POS/正常 (M01),
    // 003 食杂店/乡村/5/电话/现金/暂停 (M02), 004 烟酒店/城镇/12/网上/POS/注销 (M02): licensed 3, operating 2.
    const r = t.call('masterdata.customerStructure', { asOf: '2026-03-31' });
    expect(r.report).toBe('customer-structure');
    expect(r.asOf).toBe('2026-03-31');
    expect(r.scope).toBe('county');
    expect(r.licensed).toBe(3);
    expect(r.operating).toBe(2);
    expect(r.byArea).toEqual([s('城镇', 2, 3), s('乡村', 1, 3)]);
    expect(r.byFormat).toEqual([
      s('食杂店', 1, 3),
      s('便利店', 1, 3),
      s('超市', 1, 3),
      s('商场', 0, 3),
      s('烟酒店', 0, 3),
      s('娱乐服务类', 0, 3),
      s('其他', 0, 3),
    ]);
    expect(r.byOrderMethod).toEqual([s('电话', 1, 3), s('网上', 1, 3), s('手机', 1, 3), s('其他', 0, 3)]);
    expect(r.bySettlement).toEqual([s('电子结算-在线划拨', 1, 3), s('电子结算-POS', 1, 3), s('现金', 1, 3)]);
    expect(r.byStatus).toEqual([s('正常', 2, 3), s('暂停', 1, 3), s('歇业', 0, 3), s('注销', 1, 3)]);
    expect(r.byGrade).toHaveLength(30);
    expect(r.byGrade.filter((g: any) => g.count > 0)).toEqual([s(5, 1, 3), s(25, 1, 3), s(30, 1, 3)]);
    // 3 managers in post on 2026-03-31; M01 serves two licensed retailers.
    expect(r.perManager).toEqual({ managers: 3, average: 1, max: 2 });
  });

  it('narrows to a route, a manager or a 客户集, and refuses an unknown scope', () => {
    const route = t.call('masterdata.customerStructure', { asOf: '2026-03-31', scope: 'route:R02' });
    expect([route.licensed, route.operating]).toEqual([1, 0]);
    expect(route.perManager).toEqual({ managers: 1, average: 1, max: 1 });
    const mgr = t.call('masterdata.customerStructure', { asOf: '2026-03-31', scope: 'manager:M01' });
    expect([mgr.licensed, mgr.operating]).toEqual([2, 2]);
    t.call('masterdata.createSet', { name: '重点客户', kind: 'retailers', codes: ['420100001', '420100003'] });
    const set = t.call('masterdata.customerStructure', { asOf: '2026-03-31', scope: 'set:重点客户' });
    expect(set.byArea).toEqual([s('城镇', 1, 2), s('乡村', 1, 2)]);
    expect(t.result('masterdata.customerStructure', { scope: 'route:R99' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_route' },
    });
  });
});

describe('manager-structure', () => {
  it('takes ages and tenures in completed years at the as-of date', () => {
    // M01 1985-06-15 → 40, since 2015 → 3年以上; M02 1992-11-30 → 33, since 2022-07-01 → 3年以上;
    // M03 1970-01-01 → 56, since 2025-09-01 → 不足1年. Average (40+33+56)/3 = 43.
    const r = t.call('masterdata.managerStructure', { asOf: '2026-03-31' });
    expect(r).toEqual({
      report: 'manager-structure',
      asOf: '2026-03-31',
      count: 3,
      averageAge: 43,
      byAgeBand: [
        s('30岁以下', 0, 3),
        s('30-35岁', 1, 3),
        s('36-40岁', 1, 3),
        s('41-45岁', 0, 3),
        s('46-50岁', 0, 3),
        s('50岁以上', 1, 3),
      ],
      byEducation: [s('本科及以上', 1, 3), s('大中专', 1, 3), s('高中及以下', 1, 3)],
      byGrade: [s('高级', 1, 3), s('中级', 1, 3), s('初级', 0, 3), s('无', 1, 3)],
      byTenure: [s('不足1年', 1, 3), s('1-3年', 0, 3), s('3年以上', 2, 3)],
    });
  });

  it('counts a birthday on the as-of date as a completed year, and leaves out managers not yet in post', () => {
    const birthday = t.call('masterdata.managerStructure', { asOf: '2026-06-15' });
    expect(birthday.byAgeBand.find((b: any) => b.key === '41-45岁').count).toBe(1);
    expect(birthday.averageAge).toBeCloseTo((41 + 33 + 56) / 3, 12);
    const early = t.call('masterdata.managerStructure', { asOf: '2025-08-31' });
    expect(early.count).toBe(2);
    // M02 on 2025-08-31: since 2022-07-01 → 3 completed years.
    expect(early.byTenure).toEqual([s('不足1年', 0, 2), s('1-3年', 0, 2), s('3年以上', 2, 2)]);
  });

  it('prints the same JSON through the CLI, and writes xlsx with --format', () => {
    const r = runCli(['report', 'manager-structure', '--as-of', '2026-03-31', '--db', t.dbPath]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).averageAge).toBe(43);
    const c = runCli([
      'report',
      'customer-structure',
      '--as-of',
      '2026-03-31',
      '--scope',
      'route:R01',
      '--db',
      t.dbPath,
    ]);
    expect(JSON.parse(c.stdout)).toMatchObject({
      report: 'customer-structure',
      scope: 'route:R01',
      licensed: 2,
      operating: 2,
    });
    expect(runCli(['report', 'customer-structure', '--as-of', '2026-13-01', '--db', t.dbPath]).code).toBe(2);
  });

  it("writes the page's table as xlsx: title, 单位名称 / 截至 / 单位 line, shares as shown, 口径说明 and the signature line", () => {
    t.call('settings.update', { unitName: '某县烟草专卖局' });
    const out = path.join(t.dir, '结构.xlsx');
    const x = runCli([
      'report',
      'manager-structure',
      '--as-of',
      '2026-03-31',
      '--format',
      'xlsx',
      '--out',
      out,
      '--db',
      t.dbPath,
    ]);
    expect(x.code).toBe(0);
    const book = readBook(out);
    expect(book[0][0]).toBe('客户经理队伍结构表');
    expect(book[1][0]).toBe('单位名称：某县烟草专卖局    统计期间：截至 2026-03-31    单位：人');
    expect(book[2]).toEqual(['维度', '类别', '人', '占比']);
    // 年龄 rows first: 30岁以下 0, 30-35岁 1 of 3 (M02, 33), shown so the three bands with one manager each add up to 100.00%.
    expect(book[3]).toEqual(['年龄', '30岁以下', 0, 0]);
    expect(book[4]).toEqual(['', '30-35岁', 1, 0.3334]);
    const note = book.findIndex((r) =>
      String(r[0]).startsWith('口径说明：统计在岗且任客户经理日期不晚于截至日的客户经理'),
    );
    expect(note).toBeGreaterThan(4);
    const sign = book[book.length - 1].filter((c) => c !== null && c !== '');
    expect(sign.slice(0, 2)).toEqual(['制表人：', '审核人：']);
    expect(String(sign[2])).toMatch(/^制表日期：\d{4}-\d{2}-\d{2}$/);
    const csv = path.join(t.dir, '结构.csv');
    expect(
      runCli([
        'report',
        'customer-structure',
        '--as-of',
        '2026-03-31',
        '--format',
        'csv',
        '--out',
        csv,
        '--db',
        t.dbPath,
      ]).code,
    ).toBe(0);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.charCodeAt(1)).not.toBe(0xfeff);
    const lines = text.slice(1).split('\n');
    expect(lines[0]).toMatch(/^客户结构分析表/);
    expect(lines[2]).toBe('维度,类别,户,占比');
    expect(lines[3]).toBe('城乡分类,城镇,2,66.67%');
  });
});

describe('sets and master edits', () => {
  it('creates rule and list sets, refusing unknown codes and fields', () => {
    const rule = t.call('masterdata.createSet', {
      name: '一类烟',
      kind: 'products',
      rule: { field: '价类', value: '一类烟' },
    });
    expect(rule).toMatchObject({ name: '一类烟', rule: { field: '价类', value: '一类' }, members: 1 });
    expect(
      t.result('masterdata.createSet', { name: 'x', kind: 'products', codes: ['6901028000001', '999'] }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_codes' } });
    expect(
      t.result('masterdata.createSet', { name: 'y', kind: 'retailers', rule: { field: '颜色', value: '红' } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_set_rule' } });
    const cli = runCli(['set', 'create', '超市客户', '--kind', 'retailers', '--rule', '业态=超市', '--db', t.dbPath]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ name: '超市客户', members: 1 });
    expect(t.call('masterdata.sets', {}).map((x: any) => [x.name, x.members, x.ruleText])).toEqual([
      ['一类烟', 1, '价类 = 一类'],
      ['超市客户', 1, '经营业态 = 超市'],
    ]);
  });

  it('edits a field with the import rules, and a batch edit is all or nothing', () => {
    const rec = t.call('masterdata.update', {
      entity: 'retailers',
      code: '420100002',
      changes: { format: '烟酒商店', routeCode: 'R02' },
    });
    expect(rec).toMatchObject({ format: '烟酒店', routeCode: 'R02' });
    const bad = t.result('masterdata.update', {
      entity: 'retailers',
      code: '420100002',
      changes: { format: '批发部' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
    t.call('masterdata.batchUpdate', {
      entity: 'retailers',
      codes: ['420100001', '420100003'],
      field: 'grade',
      value: 'D20',
    });
    const grades = () => t.backend.db.prepare('SELECT code, grade FROM retailers ORDER BY code').all();
    expect(grades()).toEqual([
      { code: '420100001', grade: 20 },
      { code: '420100002', grade: 25 },
      { code: '420100003', grade: 20 },
      { code: '420100004', grade: 12 },
    ]);
    const refused = t.result('masterdata.batchUpdate', {
      entity: 'retailers',
      codes: ['420100002', 'NOPE'],
      field: 'grade',
      value: 3,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_record' } });
    expect(grades()[1]).toEqual({ code: '420100002', grade: 25 });
    // 调拨价 change moves 价类 with it: 120.00 元 → 一类.
    const p = t.call('masterdata.update', {
      entity: 'products',
      code: '6901028000003',
      changes: { transferPriceFen: 12000 },
    });
    expect(p).toMatchObject({ priceClass: '一类', transferPriceFen: 12000 });
    const audit = t.backend.db
      .prepare("SELECT COUNT(*) FROM audit_log WHERE module = 'masterdata' AND action IN ('update', 'batchUpdate')")
      .pluck()
      .get();
    expect(audit).toBe(3);
  });

  it('lists masters with search, and a record with its orders summary and import history', () => {
    const all = t.call('masterdata.list', { entity: 'retailers' });
    expect(all.total).toBe(4);
    expect(all.rows[0]).toMatchObject({
      code: '420100001',
      routeCode: 'R01',
      managerCode: 'M01',
      managerName: '张伟',
      grade: 30,
    });
    const found = t.call('masterdata.list', { entity: 'retailers', search: '乡村' });
    expect(found.rows.map((r: any) => r.code)).toEqual(['420100003']);
    const mgr = t.call('masterdata.list', { entity: 'managers' });
    // M01 serves R01 with two licensed retailers; M02 serves R02 with one licensed (004 is 注销).
    expect(mgr.rows.map((r: any) => [r.code, r.routes, r.licensedRetailers])).toEqual([
      ['M01', 1, 2],
      ['M02', 1, 1],
      ['M03', 0, 0],
    ]);
    const d = t.call('masterdata.get', { entity: 'products', code: '6901028000001' });
    expect(d.orders).toEqual({ lines: 0, orderDays: 0, volumeTiao: 0, amountFen: 0, firstDay: null, lastDay: null });
    expect(d.imports.map((i: any) => i.file)).toEqual(['卷烟规格.xls']);
    expect(t.result('masterdata.get', { entity: 'products', code: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_record' },
    });
  });
});
