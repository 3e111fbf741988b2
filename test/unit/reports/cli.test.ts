/** `report sales` and `report distribution` exactly as CLI.md specifies, on the hand-worked county. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { testBackend, tempDir } from '../../helpers/backend';
import { handFixture } from './fixture';
import { runCli } from '../../../electron/cli';
import { writeSettings } from '../../../electron/domain/settings/settings';
import { salesReport } from '../../../electron/domain/reports/sales';
import { parsePeriod } from '../../../electron/domain/reports/periods';
import { salesSpec } from '../../../common/reportTables';
import { sheetFromSpec, signatureFooter } from '../../../common/xlsxTable';

let dir: string;
let db: string;
beforeAll(() => {
  dir = tempDir('wb-reports-cli-');
  db = path.join(dir, 'w.db');
  const tb = testBackend({ dbPath: db, dataDir: dir });
  handFixture(tb.backend.db);
  tb.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...a: string[]) => runCli([...a, '--db', db], {});

describe('report sales (CLI)', () => {
  it('prints the contract body with integer 条 and 分 and unrounded rates', () => {
    const r = cli('report', 'sales', '--period', '2026-03', '--by', 'class');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      report: 'sales',
      period: '2026-03',
      from: '2026-03-01',
      to: '2026-03-31',
      scope: 'county',
      products: 'all',
      by: 'class',
    });
    expect(j.rows).toEqual([
      {
        key: '一类',
        volumeTiao: 25,
        amountFen: 500000,
        demandTiao: 30,
        volumeTiaoLastYear: 18,
        amountFenLastYear: 360000,
      },
      { key: '二类', volumeTiao: 14, amountFen: 112000, demandTiao: 14, volumeTiaoLastYear: 0, amountFenLastYear: 0 },
      { key: '三类', volumeTiao: 6, amountFen: 24000, demandTiao: 16, volumeTiaoLastYear: 5, amountFenLastYear: 20000 },
    ]);
    expect(j.total).toEqual({
      volumeTiao: 45,
      amountFen: 636000,
      demandTiao: 60,
      volumeTiaoLastYear: 23,
      amountFenLastYear: 380000,
      perCaseYuan: (6360 * 250) / 45,
      perCaseYuanLastYear: (3800 * 250) / 23,
      yoyVolume: 22 / 23,
      yoyAmount: (636000 - 380000) / 380000,
      fulfilment: 43 / 60,
    });
  });

  it('takes --from/--to, --scope and --products, and names managers beside their 工号', () => {
    const j = JSON.parse(
      cli(
        'report',
        'sales',
        '--from',
        '2026-03-05',
        '--to',
        '2026-03-12',
        '--by',
        'manager',
        '--products',
        'brand:七匹狼',
      ).stdout,
    );
    expect(j.period).toBe('2026-03-05~2026-03-12');
    expect(j.rows).toEqual([
      {
        key: '1001',
        name: '张三',
        volumeTiao: 2,
        amountFen: 16000,
        demandTiao: 4,
        volumeTiaoLastYear: 0,
        amountFenLastYear: 0,
      },
    ]);
    expect(j.total.yoyVolume).toBeNull();
    const s = JSON.parse(cli('report', 'sales', '--period', '2026-03', '--scope', 'route:R02', '--by', 'area').stdout);
    expect(s.rows.map((x: any) => [x.key, x.volumeTiao])).toEqual(
      [
        ['城镇', 0],
        ['乡村', 11],
      ].filter((x) => x[1] !== 0),
    );
  });

  it('refuses bad arguments with exit 2 and a Chinese message', () => {
    const a = cli('report', 'sales', '--by', 'class');
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/缺少期间/);
    expect(cli('report', 'sales', '--period', '2026-03', '--by', 'weather').code).toBe(2);
    const b = cli('report', 'sales', '--period', '2026-03', '--scope', 'route:R99');
    expect(b.code).toBe(2);
    expect(JSON.parse(b.stdout).error.code).toBe('unknown_route');
    expect(cli('report', 'distribution', '--period', '2026-03', '--format', 'pdf').code).toBe(2);
    expect(cli('report', 'distribution', '--period', '2026-03', '--format', 'csv').code).toBe(2);
  });

  it('writes csv with the JSON keys and integer 条 and 分, the 合计 row last', () => {
    const csv = path.join(dir, 's.csv');
    expect(cli('report', 'sales', '--period', '2026-03', '--by', 'class', '--format', 'csv', '--out', csv).code).toBe(
      0,
    );
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('key,name,volumeTiao,amountFen,demandTiao,volumeTiaoLastYear,amountFenLastYear');
    expect(lines[1]).toBe('一类,,25,500000,30,18,360000');
    expect(lines[4]).toBe('合计,,45,636000,60,23,380000');
    const d = path.join(dir, 'd.csv');
    expect(
      cli(
        'report',
        'distribution',
        '--period',
        '2026-03',
        '--by',
        'route',
        '--products',
        'codes:6902',
        '--format',
        'csv',
        '--out',
        d,
      ).code,
    ).toBe(0);
    expect(fs.readFileSync(d, 'utf8').slice(1).split('\r\n').slice(0, 2)).toEqual([
      'key,name,customers,orderingCustomers,rate,repeatCustomers,repeatRate',
      'R01,城关一线,2,2,1,1,0.5',
    ]);
  });
});

describe('report distribution (CLI)', () => {
  it('prints rows of customers, orderingCustomers, rate, repeatCustomers, repeatRate', () => {
    const j = JSON.parse(
      cli('report', 'distribution', '--period', '2026-03', '--by', 'route', '--products', 'codes:6902').stdout,
    );
    expect(j).toMatchObject({
      report: 'distribution',
      period: '2026-03',
      scope: 'county',
      products: 'codes:6902',
      by: 'route',
    });
    expect(j.rows).toEqual([
      {
        key: 'R01',
        name: '城关一线',
        customers: 2,
        orderingCustomers: 2,
        rate: 1,
        repeatCustomers: 1,
        repeatRate: 0.5,
      },
      {
        key: 'R02',
        name: '乡镇二线',
        customers: 2,
        orderingCustomers: 1,
        rate: 0.5,
        repeatCustomers: 0,
        repeatRate: 0,
      },
    ]);
    expect(j.total).toEqual({ customers: 4, orderingCustomers: 3, rate: 0.75, repeatCustomers: 1, repeatRate: 1 / 3 });
  });

  it('uses DOMAIN.md labels as keys for 业态 and 城乡', () => {
    const j = JSON.parse(cli('report', 'distribution', '--period', '2026-03', '--by', 'area').stdout);
    expect(j.rows.map((r: any) => [r.key, r.customers, r.orderingCustomers])).toEqual([
      ['城镇', 3, 2],
      ['乡村', 1, 1],
    ]);
  });
});

/**
 * The xlsx of `report sales` / `report distribution` is the sheet the report
 * page exports. Worked by hand from the fixture (March 2026; 1箱 = 250条,
 * 1万元 = 1,000,000分):
 *   一类  本期 25条 500,000分 (lines 1, 4), 同期 18条 360,000分 (10, 11), 上期 6条 (13),
 *         本年累计 31条 620,000分 (+13), 需求 30条, 订足率 25 ÷ 30
 *   二类  本期 14条 112,000分, 同期 0 (同比 —)
 *   合计  45条 636,000分, 同期 23条 380,000分, 单箱值 6,360元 ÷ 0.18箱
 * 分销 by 客户经理: 1002 has 丙商店 and, through 线路 R02, 戊烟酒 (正常经营 2, 订货 1:
 * 铺货率 0.5); 订货户数 incl. 歇业 丁便利 2, 订货次数 3, 销量 6 + 2 + 3 = 11条.
 */
describe("report sales / distribution --format xlsx (the page's sheet)", () => {
  let xdir: string;
  let xdb: string;
  const UNIT = '示范县烟草专卖局（分公司）';
  beforeAll(() => {
    xdir = tempDir('wb-reports-xlsx-');
    xdb = path.join(xdir, 'w.db');
    const tb = testBackend({ dbPath: xdb, dataDir: xdir });
    handFixture(tb.backend.db);
    writeSettings(tb.backend.db, { unitName: UNIT });
    // a name a spreadsheet would run as a formula
    tb.backend.db.prepare("UPDATE managers SET name = '=1+2' WHERE code = '1002'").run();
    tb.close();
  });
  afterAll(() => fs.rmSync(xdir, { recursive: true, force: true }));

  const sheet = (report: string, by: string) => {
    const out = path.join(xdir, `${report}-${by}.xlsx`);
    const r = runCli(
      ['report', report, '--period', '2026-03', '--by', by, '--format', 'xlsx', '--out', out, '--db', xdb],
      {},
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ report, format: 'xlsx', out });
    const wb = XLSX.read(fs.readFileSync(out), { cellNF: true });
    expect(wb.SheetNames).toHaveLength(1);
    const ws = wb.Sheets[wb.SheetNames[0]];
    return {
      name: wb.SheetNames[0],
      ws,
      rows: XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, defval: null, raw: true }),
      merges: ws['!merges']!.map((m) => XLSX.utils.encode_range(m)),
    };
  };
  const today = /^制表日期：\d{4}-\d{2}-\d{2}$/;

  it('sales: title, info line, two header rows merged over 销量 / 销售额 / 单箱值 / 结构, numbers in 箱 and 万元, 口径说明, signatures', () => {
    const { name, ws, rows, merges } = sheet('sales', 'class');
    expect(name).toBe('销售情况表-按价类');
    expect(ws['A1'].v).toBe('卷烟销售情况表');
    expect(ws['A2'].v).toBe(`单位名称：${UNIT}    统计期间：2026年3月　全县　全部卷烟    单位：箱、万元`);
    expect(rows[2]).toEqual([
      '价类',
      '销量(箱)',
      null,
      null,
      null,
      null,
      null,
      null,
      '销售额(万元)',
      null,
      null,
      null,
      null,
      '单箱值(元/箱)',
      null,
      '条均批发价(元/条)',
      '结构',
      null,
      '需求量(箱)',
      '订足率',
    ]);
    expect(rows[3]).toEqual([
      null,
      '本期',
      '同期',
      '同比',
      '上期',
      '环比',
      '本年累计',
      '累计同比',
      '本期',
      '同期',
      '同比',
      '本年累计',
      '累计同比',
      '本期',
      '同期',
      null,
      '销量',
      '销售额',
      null,
      null,
    ]);
    // title, info line, the one-row headers merged down, the groups merged across, 口径说明
    expect(merges).toEqual([
      'A1:T1',
      'A2:T2',
      'A3:A4',
      'B3:H3',
      'I3:M3',
      'N3:O3',
      'P3:P4',
      'Q3:R3',
      'S3:S4',
      'T3:T4',
      'A10:T10',
    ]);
    expect(rows.slice(4, 8).map((r) => r[0])).toEqual(['一类', '二类', '三类', '合计']);
    // 一类
    expect(ws['B5']).toMatchObject({ t: 'n', v: 0.1, z: '#,##0.00' }); // 25条
    expect(ws['C5'].v).toBeCloseTo(0.072, 12); // 18条
    expect(ws['D5']).toMatchObject({ t: 'n', z: '+0.00%;-0.00%;0.00%' });
    expect(ws['D5'].v).toBeCloseTo(7 / 18, 12);
    expect(ws['E5'].v).toBeCloseTo(0.024, 12); // 上期 6条
    expect(ws['F5'].v).toBeCloseTo(19 / 6, 12);
    expect(ws['G5'].v).toBeCloseTo(0.124, 12); // 本年累计 31条
    expect(ws['I5']).toMatchObject({ t: 'n', v: 0.5, z: '#,##0.00' }); // 500,000分
    expect(ws['J5'].v).toBeCloseTo(0.36, 12);
    expect(ws['L5'].v).toBeCloseTo(0.62, 12);
    expect(ws['N5'].v).toBeCloseTo(50000, 9); // 5,000元 ÷ 0.1箱
    expect(ws['P5'].v).toBeCloseTo(200, 9); // 5,000元 ÷ 25条
    expect(ws['Q5']).toMatchObject({ t: 'n', z: '0.00%' });
    expect(ws['Q5'].v).toBeCloseTo(25 / 45, 12);
    expect(ws['S5'].v).toBeCloseTo(0.12, 12); // 需求 30条
    expect(ws['T5'].v).toBeCloseTo(25 / 30, 12);
    // 二类: 同期 0, so 同比 is an empty cell, never 0
    expect(ws['C6']).toMatchObject({ t: 'n', v: 0 });
    expect(ws['D6']).toBeUndefined();
    // 合计
    expect(ws['B8'].v).toBeCloseTo(0.18, 12);
    expect(ws['C8'].v).toBeCloseTo(0.092, 12);
    expect(ws['I8'].v).toBeCloseTo(0.636, 12);
    expect(ws['J8'].v).toBeCloseTo(0.38, 12);
    expect(ws['N8'].v).toBeCloseTo(6360 / 0.18, 6);
    expect(ws['S8'].v).toBeCloseTo(0.24, 12);
    expect(ws['T8'].v).toBeCloseTo(43 / 60, 12);
    expect(ws['A10'].v).toMatch(/^口径说明：销量=Σ订购量（条），1箱=250条；/);
    const sign = rows[rows.length - 1];
    expect(sign.filter((c) => c !== null).slice(0, 2)).toEqual(['制表人：', '审核人：']);
    expect(String(sign.filter((c) => c !== null)[2])).toMatch(today);
  });

  it('sales by 客户经理: a name that would run as a formula is written as text', () => {
    const { ws, rows } = sheet('sales', 'manager');
    expect(rows[2].slice(0, 2)).toEqual(['客户经理', '名称']);
    const row = rows.findIndex((r) => r[0] === '1002');
    expect(ws[XLSX.utils.encode_cell({ r: row, c: 1 })]).toMatchObject({ t: 's', v: "'=1+2" });
    expect(ws[XLSX.utils.encode_cell({ r: row, c: 1 })].f).toBeUndefined();
  });

  it('distribution: the 铺货 / 重购 / 订货 groups merged, counts as integers, rates as fractions, 口径说明 and signatures', () => {
    const { name, ws, rows, merges } = sheet('distribution', 'manager');
    expect(name).toBe('四率-按客户经理');
    expect(ws['A1'].v).toBe('卷烟分销与“四率”情况表');
    expect(ws['A2'].v).toBe(`单位名称：${UNIT}    统计期间：2026年3月　全县　全部卷烟    单位：户、箱`);
    expect(rows[2]).toEqual([
      '客户经理',
      '名称',
      '正常经营户数',
      '铺货',
      null,
      '重购',
      null,
      '动销率',
      '订货',
      null,
      null,
      '销量(箱)',
      '订足率',
      '断货率',
      '上柜',
      null,
      null,
    ]);
    expect(rows[3]).toEqual([
      null,
      null,
      null,
      '铺货户数',
      '铺货率',
      '重购户数',
      '重购率',
      null,
      '全部订货户数',
      '订货次数',
      '户均订货量(条)',
      null,
      null,
      null,
      '检查户数',
      '在柜户数',
      '上柜率',
    ]);
    expect(merges).toEqual([
      'A1:Q1',
      'A2:Q2',
      'A3:A4',
      'B3:B4',
      'C3:C4',
      'D3:E3',
      'F3:G3',
      'H3:H4',
      'I3:K3',
      'L3:L4',
      'M3:M4',
      'N3:N4',
      'O3:Q3',
      'A9:Q9',
    ]);
    // No inspection records in the fixture: 上柜 is empty and the note says why.
    expect(rows[5].slice(14)).toEqual([null, null, null]);
    // 1002 (named '=1+2'): 正常经营 2, 订货 1, 铺货率 0.5, 重购 1 of 1, 订货户数 2 (丁便利 歇业), 3 次, 11条
    expect(rows[5].slice(0, 5)).toEqual(['1002', "'=1+2", 2, 1, 0.5]);
    expect(ws['C6']).toMatchObject({ t: 'n', z: '#,##0' });
    expect(ws['E6']).toMatchObject({ t: 'n', z: '0.00%' });
    expect(rows[5].slice(5, 7)).toEqual([1, 1]);
    expect(rows[5].slice(8, 11)).toEqual([2, 3, 5.5]);
    expect(ws['L6'].v).toBeCloseTo(0.044, 12);
    // 合计: 4 正常经营, 3 订货, 铺货率 0.75, 45条
    expect(rows[6].slice(0, 5)).toEqual(['合计', '', 4, 3, 0.75]);
    expect(ws['L7'].v).toBeCloseTo(0.18, 12);
    expect(ws['A9'].v).toMatch(
      /^口径说明：铺货率=期内订购量>0的正常经营客户数÷期末正常经营客户数；.*上柜率=.*本期没有检查记录/,
    );
    const sign = rows[rows.length - 1].filter((c) => c !== null);
    expect(sign.slice(0, 2)).toEqual(['制表人：', '审核人：']);
    expect(String(sign[2])).toMatch(today);
  });

  it('neutralises a text cell that would start a formula in the csv too', () => {
    const out = path.join(xdir, 'm.csv');
    expect(
      runCli(
        [
          'report',
          'distribution',
          '--period',
          '2026-03',
          '--by',
          'manager',
          '--format',
          'csv',
          '--out',
          out,
          '--db',
          xdb,
        ],
        {},
      ).code,
    ).toBe(0);
    const line = fs
      .readFileSync(out, 'utf8')
      .split('\r\n')
      .find((l) => l.startsWith('1002,'));
    expect(line).toMatch(/^1002,'=1\+2,2,1,0\.5,/);
  });

  it('writes the sheet the page exports: the same layout as sheetFromSpec over the shared table', () => {
    const out = path.join(xdir, 'same.xlsx');
    expect(
      runCli(
        ['report', 'sales', '--period', '2026-03', '--by', 'class', '--format', 'xlsx', '--out', out, '--db', xdb],
        {},
      ).code,
    ).toBe(0);
    const tb = testBackend({ dbPath: xdb, dataDir: xdir });
    try {
      const data = salesReport(tb.backend.db, { period: parsePeriod('2026-03'), by: 'class' });
      const page = sheetFromSpec(salesSpec(data), UNIT, { footer: signatureFooter() });
      const cli = XLSX.read(fs.readFileSync(out)).Sheets['销售情况表-按价类'];
      const grid = (ws: XLSX.WorkSheet) =>
        XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, defval: null, raw: true });
      expect(grid(cli)).toEqual(grid(page));
    } finally {
      tb.close();
    }
  });
});

describe('report weekly (CLI)', () => {
  it('prints the week as `sales` with 上周 and 去年同周 (ISO week 10 of 2026 and of 2025)', () => {
    // 2026-W10 = 03-02 … 03-08: lines 1, 2 (03-03: 10 + 5), 4, 5 (03-05: 15 + 0) → 30 条
    // 2026-W09 = 02-23 … 03-01: line 9 (03-01) → 2 条; 2025-W10 = 2025-03-03 … 03-09: line 10 (03-04) → 8 条
    const r = cli('report', 'weekly', '--week', '2026-W10');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ report: 'weekly', week: '2026-W10', from: '2026-03-02', to: '2026-03-08', by: 'class' });
    expect(j.lastYear).toMatchObject({ week: '2025-W10', from: '2025-03-03', to: '2025-03-09' });
    expect([j.total.volumeTiao, j.total.volumeTiaoLastWeek, j.total.volumeTiaoLastYear]).toEqual([30, 2, 8]);
    expect(j.total.wowVolume).toBeCloseTo(28 / 2, 12);
    expect(j.total.yoyVolume).toBeCloseTo(22 / 8, 12);
    const one = j.rows.find((x: any) => x.key === '一类');
    expect([one.volumeTiao, one.volumeTiaoLastWeek, one.volumeTiaoLastYear]).toEqual([25, 0, 8]);
  });

  it('writes the whole 周报 as one workbook and refuses a week that does not exist', () => {
    const out = path.join(dir, '周报.xlsx');
    expect(cli('report', 'weekly', '--week', '2026-W10', '--format', 'xlsx', '--out', out).code).toBe(0);
    const wb = XLSX.read(fs.readFileSync(out));
    expect(wb.SheetNames).toEqual(['周销售-按价类', '周销售-按客户经理', '分销对比', '四率-按客户经理', '内管预警']);
    const r = cli('report', 'weekly', '--week', '2025-W53');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2025年没有第53周');
    expect(cli('report', 'weekly').code).toBe(2);
  });
});
