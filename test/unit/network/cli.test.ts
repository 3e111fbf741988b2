import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testBackend } from '../../helpers/backend';
import { runCli } from '../../../electron/cli';
import { seedCounty, seedOrders } from './fixture';

function seeded() {
  const tb = testBackend();
  const ids = seedCounty(tb.backend.db);
  seedOrders(tb.backend.db, ids);
  tb.call('network.setTargets', {
    rows: [
      { indicatorCode: 'e_settlement', period: '2026', scopeKind: 'manager', scopeCode: 'M01', value: 0.6 },
      { indicatorCode: 'visit_coverage', period: '2026-03', scopeKind: 'manager', scopeCode: 'M01', value: 0.5 },
    ],
  });
  tb.close();
  return tb.dbPath;
}

describe('report network on the command line', () => {
  it('prints rows per manager with each indicator’s numerator, denominator, value, target and status', () => {
    const db = seeded();
    const r = runCli(['report', 'network', '--period', '2026-03', '--by', 'manager', '--db', db]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.report).toBe('network');
    expect(out.rows.map((x: { key: string }) => x.key)).toEqual(['M01', 'M02', 'M03']);
    const e = out.rows[0].indicators.find((i: { name: string }) => i.name === '电子结算率');
    expect(e).toMatchObject({
      code: 'e_settlement',
      numerator: 2,
      denominator: 4,
      value: 0.5,
      target: 0.6,
      status: '未达标',
    });
    const v = out.rows[0].indicators.find((i: { name: string }) => i.name === '客户拜访覆盖率');
    expect(v).toMatchObject({ numerator: 2, denominator: 4, value: 0.5, target: 0.5, status: '达标' });
    expect(out.rows[1].indicators[0]).toMatchObject({ name: '电子结算率', target: null, status: '无目标' });
  });

  it('refuses an unknown --by with exit 2', () => {
    const db = seeded();
    const r = runCli(['report', 'network', '--period', '2026-03', '--by', 'brand', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--by');
  });

  it('refuses a malformed period with exit 2', () => {
    const db = seeded();
    const r = runCli(['report', 'network', '--period', '2026-3', '--by', 'county', '--db', db]);
    expect(r.code).toBe(2);
  });

  it('prints the assessment with a total and a rank per manager', () => {
    const db = seeded();
    const r = runCli(['report', 'assessment', '--period', '2026-03', '--db', db]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.report).toBe('assessment');
    expect(out.rows).toHaveLength(3);
    expect(out.rows[0]).toHaveProperty('rank', 1);
    // default scheme: M02 covers 1/2 → 覆盖率 20 × 0.5/0.95
    const m2 = out.rows.find((x: { key: string }) => x.key === 'M02');
    expect(m2.items.find((i: { name: string }) => i.name === '覆盖率').score).toBeCloseTo((20 * 0.5) / 0.95, 10);
  });
});

describe('files from the command line', () => {
  it('writes the network report and the assessment as xlsx with rates as numbers', async () => {
    const XLSX = await import('xlsx');
    const db = seeded();
    const out = db.replace(/workbench\.db$/, 'network.xlsx');
    const r = runCli([
      'report',
      'network',
      '--period',
      '2026-03',
      '--by',
      'manager',
      '--format',
      'xlsx',
      '--out',
      out,
      '--db',
      db,
    ]);
    expect(r.code).toBe(0);
    const wb = XLSX.read(fs.readFileSync(out));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 });
    const e = rows.find((x) => x[0] === 'M01' && x[2] === '电子结算率')!;
    expect(e.slice(3, 6)).toEqual([2, 4, 0.5]);
    expect(e[7]).toBe(0.6);
    expect(e[9]).toBe('未达标');
    const a = runCli([
      'report',
      'assessment',
      '--period',
      '2026-03',
      '--format',
      'csv',
      '--out',
      db.replace(/workbench\.db$/, 'a.csv'),
      '--db',
      db,
    ]);
    expect(a.code).toBe(0);
    expect(fs.readFileSync(db.replace(/workbench\.db$/, 'a.csv'), 'utf8')).toContain('名次,工号,姓名');
  });

  it('writes the action list with one sheet per customer manager', async () => {
    const XLSX = await import('xlsx');
    const db = seeded();
    const out = db.replace(/workbench\.db$/, 'actions.xlsx');
    const r = runCli([
      'network',
      'actions',
      '--period',
      '2026-03',
      '--indicator',
      '客户拜访覆盖率',
      '--out',
      out,
      '--db',
      db,
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    // unvisited operating retailers: r3 r5 (张三), r8 (李四)
    expect(j.sheets).toEqual([
      { sheet: '张三（M01）', retailers: 2 },
      { sheet: '李四（M02）', retailers: 1 },
    ]);
    const wb = XLSX.read(fs.readFileSync(out));
    expect(wb.SheetNames).toEqual(['张三（M01）', '李四（M02）']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['李四（M02）'], { header: 1 });
    expect(rows[2]).toContain('r8');
    expect(
      runCli(['network', 'actions', '--period', '2026-03', '--indicator', '拜访率', '--out', out, '--db', db]).code,
    ).toBe(2);
  });
});
