/** `report sales` and `report distribution` exactly as CLI.md specifies, on the hand-worked county. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { testBackend, tempDir } from '../../helpers/backend';
import { handFixture } from './fixture';
import { runCli } from '../../../electron/cli';

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
    expect(j).toMatchObject({ report: 'sales', period: '2026-03', from: '2026-03-01', to: '2026-03-31', scope: 'county', products: 'all', by: 'class' });
    expect(j.rows).toEqual([
      { key: '一类', volumeTiao: 25, amountFen: 500000, demandTiao: 30, volumeTiaoLastYear: 18, amountFenLastYear: 360000 },
      { key: '二类', volumeTiao: 14, amountFen: 112000, demandTiao: 14, volumeTiaoLastYear: 0, amountFenLastYear: 0 },
      { key: '三类', volumeTiao: 6, amountFen: 24000, demandTiao: 16, volumeTiaoLastYear: 5, amountFenLastYear: 20000 },
    ]);
    expect(j.total).toEqual({
      volumeTiao: 45, amountFen: 636000, demandTiao: 60, volumeTiaoLastYear: 23, amountFenLastYear: 380000,
      perCaseYuan: (6360 * 250) / 45, perCaseYuanLastYear: (3800 * 250) / 23,
      yoyVolume: 22 / 23, yoyAmount: (636000 - 380000) / 380000, fulfilment: 43 / 60,
    });
  });

  it('takes --from/--to, --scope and --products, and names managers beside their 工号', () => {
    const j = JSON.parse(cli('report', 'sales', '--from', '2026-03-05', '--to', '2026-03-12', '--by', 'manager', '--products', 'brand:七匹狼').stdout);
    expect(j.period).toBe('2026-03-05~2026-03-12');
    expect(j.rows).toEqual([{ key: '1001', name: '张三', volumeTiao: 2, amountFen: 16000, demandTiao: 4, volumeTiaoLastYear: 0, amountFenLastYear: 0 }]);
    expect(j.total.yoyVolume).toBeNull();
    const s = JSON.parse(cli('report', 'sales', '--period', '2026-03', '--scope', 'route:R02', '--by', 'area').stdout);
    expect(s.rows.map((x: any) => [x.key, x.volumeTiao])).toEqual([['城镇', 0], ['乡村', 11]].filter((x) => x[1] !== 0));
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

  it('writes csv and xlsx with real numbers', () => {
    const csv = path.join(dir, 's.csv');
    expect(cli('report', 'sales', '--period', '2026-03', '--by', 'class', '--format', 'csv', '--out', csv).code).toBe(0);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[1]).toBe('一类,,25,500000,30,18,360000');
    const xlsx = path.join(dir, 's.xlsx');
    expect(cli('report', 'sales', '--period', '2026-03', '--by', 'class', '--format', 'xlsx', '--out', xlsx).code).toBe(0);
    const ws = XLSX.read(fs.readFileSync(xlsx), { cellNF: true }).Sheets['报表'];
    expect(ws['A1'].v).toMatch(/销售情况表/);
    expect(ws['C3']).toMatchObject({ t: 'n', v: 0.1, z: '0.00' }); // 25 条 = 0.1 箱
    expect(ws['D3']).toMatchObject({ t: 'n', v: 0.5 }); // 500,000 分 = 0.5 万元
  });
});

describe('report distribution (CLI)', () => {
  it('prints rows of customers, orderingCustomers, rate, repeatCustomers, repeatRate', () => {
    const j = JSON.parse(cli('report', 'distribution', '--period', '2026-03', '--by', 'route', '--products', 'codes:6902').stdout);
    expect(j).toMatchObject({ report: 'distribution', period: '2026-03', scope: 'county', products: 'codes:6902', by: 'route' });
    expect(j.rows).toEqual([
      { key: 'R01', name: '城关一线', customers: 2, orderingCustomers: 2, rate: 1, repeatCustomers: 1, repeatRate: 0.5 },
      { key: 'R02', name: '乡镇二线', customers: 2, orderingCustomers: 1, rate: 0.5, repeatCustomers: 0, repeatRate: 0 },
    ]);
    expect(j.total).toEqual({ customers: 4, orderingCustomers: 3, rate: 0.75, repeatCustomers: 1, repeatRate: 1 / 3 });
  });

  it('uses DOMAIN.md labels as keys for 业态 and 城乡', () => {
    const j = JSON.parse(cli('report', 'distribution', '--period', '2026-03', '--by', 'area').stdout);
    expect(j.rows.map((r: any) => [r.key, r.customers, r.orderingCustomers])).toEqual([['城镇', 3, 2], ['乡村', 1, 1]]);
  });
});
