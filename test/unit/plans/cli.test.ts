import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runCli } from '../../../electron/cli';
import { testBackend, tempDir } from '../../helpers/backend';
import { ONE_BOX_BY_GRADE, gradeRows, seedCounty } from './fixture';

let db: string;
beforeAll(() => {
  const dir = tempDir('wb-plan-cli-');
  db = path.join(dir, 'county.db');
  const t = testBackend({ dbPath: db, dataDir: dir });
  seedCounty(t.backend.db);
  t.close();
});

/** Runs the command line on the county; each argument may hold several words split at spaces. */
const cli = (...args: string[]) => {
  const r = runCli([...args.flatMap((a) => a.split(' ')), '--db', db], {});
  return { code: r.code, out: JSON.parse(r.stdout), err: r.stderr };
};

describe('plan breakdown on the command line', () => {
  it('prints integer units that add up to totalUnits, with exact values, locks and basis', () => {
    const r = cli(
      'plan breakdown --target 100 --level manager --year 2026 --method history:0.6,customers:0.4 --lock M01=50',
    );
    expect(r.code).toBe(0);
    expect(r.out.unit).toBe('0.01箱');
    expect(r.out.totalUnits).toBe(10000);
    // 50 箱 left over M02, M03: history 550:100 (0.846, 0.154), customers 1:2 (1/3, 2/3)
    // M02 share 0.6·550/650 + 0.4·1/3 = 0.64103; 5000 × that = 3205.13 → 3205; M03 1794.87 → 1795
    expect(r.out.rows.map((x: { key: string; units: number; locked: boolean }) => [x.key, x.units, x.locked])).toEqual([
      ['M01', 5000, true],
      ['M02', 3205, false],
      ['M03', 1795, false],
    ]);
    expect(r.out.rows[1].exact).toBeCloseTo(5000 * ((0.6 * 550) / 650 + 0.4 / 3), 9);
    expect(r.out.rows[1].basis.methods.map((m: { method: string; weight: number }) => [m.method, m.weight])).toEqual([
      ['history', 0.6],
      ['customers', 0.4],
    ]);
  });

  it('breaks a year into months in whole 条', () => {
    const r = cli(
      'plan breakdown --target 1 --level month --year 2026 --unit 条 --base-from 2025-01-01 --base-to 2025-12-31',
    );
    expect(r.code).toBe(0);
    expect(r.out.totalUnits).toBe(250);
    expect(r.out.rows).toHaveLength(12);
    expect(r.out.rows.reduce((s: number, x: { units: number }) => s + x.units, 0)).toBe(250);
    // aligned: Jan 200, Feb 800, Mar 200, Jun 250, Dec 100 of 1550 → 250 条: 32.26, 129.03, 32.26, 40.32, 16.13
    // floors 32+129+32+40+16 = 249; the largest remainder (.32 of June) takes the last 条
    const byKey = Object.fromEntries(r.out.rows.map((x: { key: string; units: number }) => [x.key, x.units]));
    expect(byKey).toMatchObject({ '2026-01': 32, '2026-02': 129, '2026-03': 32, '2026-06': 41, '2026-12': 16 });
  });

  it('plans the whole Settings 年度 when neither --year nor --month is given (CLI.md)', () => {
    for (const fiscalYear of [2026, 2025]) {
      const t = testBackend({ dbPath: db, dataDir: path.dirname(db) });
      t.call('settings.update', { fiscalYear });
      t.close();
      // (equal shares: 2024 has no sales to base 2025 on)
      const r = cli('plan', 'breakdown', '--target', '100', '--level', 'manager', '--method', 'equal');
      expect(r.code).toBe(0);
      expect(r.out.period).toEqual({ from: `${fiscalYear}-01-01`, to: `${fiscalYear}-12-31` });
      const explicit = cli(`plan breakdown --target 100 --level manager --method equal --year ${fiscalYear}`);
      expect(r.out.rows).toEqual(explicit.out.rows);
    }
    // 2026 by last year's sales: M01 900, M02 550, M03 100 of 1550 (the first test's split)
    const t = testBackend({ dbPath: db, dataDir: path.dirname(db) });
    t.call('settings.update', { fiscalYear: 2026 });
    t.close();
    const units = cli('plan', 'breakdown', '--target', '100', '--level', 'manager', '--method', 'history').out.rows.map(
      (x: { units: number }) => x.units,
    );
    expect(units.reduce((a: number, b: number) => a + b, 0)).toBe(10000);
    expect(units).toEqual([5807, 3548, 645]);
  });

  it('exits 2 and changes nothing for infeasible locks or bad arguments', () => {
    const over = cli('plan', 'breakdown', '--target', '10', '--level', 'manager', '--year', '2026', '--lock', 'M01=11');
    expect(over.code).toBe(2);
    expect(over.out.error.code).toBe('infeasible');
    expect(over.err).toContain('超过目标');
    expect(cli('plan', 'breakdown', '--target', '10', '--level', 'county', '--year', '2026').code).toBe(2);
    expect(
      cli('plan breakdown --target 10 --level manager --year 2026 --floor-ratio 0.9 --method equal --target 5').code,
    ).toBe(2);
    expect(cli('plan', 'list').out.plans).toHaveLength(0);
  });

  it('saves a plan and prints its progress', () => {
    const s = cli(
      'plan breakdown --target 10 --level manager --month 2026-03 --method recent:3 --unit 箱 --save 3月计划',
    );
    expect(s.code).toBe(0);
    expect(s.out.planId).toBeGreaterThan(0);
    const p = cli('plan', 'progress', '--plan', String(s.out.planId), '--as-of', '2026-03-15');
    expect(p.code).toBe(0);
    expect(
      p.out.rows.map((r: { key: string; targetUnits: number; actualTiao: number; completion: number }) => [
        r.key,
        r.targetUnits,
        r.actualTiao,
        r.completion,
      ]),
    ).toEqual([
      ['M01', 1, 50, 0.2],
      ['M02', 3, 300, 0.4],
      ['M03', 6, 0, 0],
    ]);
    expect(p.out.rows[0].timeProgress).toBeCloseTo(15 / 31, 12);
    expect(p.out.rows[0].ahead).toBeCloseTo(0.2 - 15 / 31, 12);
    expect(cli('plan', 'progress', '--plan', '999').code).toBe(2);
  });

  it('submits, returns and approves from the command line, and prints the grade table', () => {
    const s = cli('plan breakdown --target 10 --level route --month 2026-03 --method equal --unit 箱 --save 线路计划');
    const id = String(s.out.planId);
    // 10 箱 over three routes equally: 4, 3, 3 (the extra 箱 to R01, first by code)
    expect(s.out.rows.map((r: { key: string; units: number }) => [r.key, r.units])).toEqual([
      ['R01', 4],
      ['R02', 3],
      ['R03', 3],
    ]);
    expect(cli('plan', 'submit', id).out.status).toBe('submitted');
    expect(cli('plan', 'return', id).code).toBe(2); // a reason is required
    expect(cli('plan', 'return', id, '--reason', '请按同期分解').out.status).toBe('returned');
    expect(cli('plan', 'submit', id).code).toBe(0);
    expect(cli('plan', 'approve', id).out).toMatchObject({ status: 'approved', approvedVersion: 1 });
    const g = cli('plan', 'grades', '--quantity', '1');
    expect(g.code).toBe(0);
    expect(g.out.allocatedTiao + g.out.reserveTiao).toBe(250);
    expect(gradeRows(g.out)).toEqual(ONE_BOX_BY_GRADE);
  });
});
