import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { testBackend } from '../../helpers/backend';
import { runCli } from '../../../electron/cli';
import { seedCounty } from './fixture';

/** A seeded database (the hand-worked county, no visits yet for April) and a folder for files. */
function setup() {
  const tb = testBackend();
  seedCounty(tb.backend.db);
  tb.close();
  const write = (name: string, text: string, gbk = false) => {
    const file = path.join(tb.dir, name);
    fs.writeFileSync(file, gbk ? iconv.encode(text, 'gbk') : '\ufeff' + text);
    return file;
  };
  const cli = (...argv: string[]) => {
    const r = runCli([...argv, '--db', tb.dbPath]);
    return { ...r, json: JSON.parse(r.stdout) };
  };
  return { tb, write, cli };
}

describe('import visits', () => {
  it('imports a visits file and the April coverage follows from it; the same file again is refused', () => {
    const { write, cli } = setup();
    const file = write(
      '拜访记录-2026-04.csv',
      [
        '2026年4月客户拜访记录',
        '拜访日期,客户编码,客户经理,拜访方式,拜访内容',
        '2026-04-02,r1,M01,实地,宣传新品',
        '2026/4/3,r2,张三,电话,',
        '2026年4月9日,r2,M01,上门,回访',
        '2026-04-10,r99,M01,实地,',
        '2026-04-11,r3,M01,飞鸽传书,',
        '20260412,r7,,实地,',
      ].join('\r\n'),
    );
    const r = cli('import', 'visits', file);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ kind: 'visits', rowsRead: 6, rowsImported: 4, rowsRejected: 2 });
    expect(r.json.rejected).toEqual([
      { row: 6, reason: '未知的客户编码 r99' },
      { row: 7, reason: '拜访方式“飞鸽传书”应为 实地 / 电话 / 网络' },
    ]);
    const rep = cli('report', 'network', '--period', '2026-04', '--by', 'county');
    const cov = rep.json.rows[0].indicators.find((i: { code: string }) => i.code === 'visit_coverage');
    // April: operating r1 r2 r3 r5 r7 r8 r10 = 7; visited r1, r2 (twice), r7, plus r5 on 04-01 from the fixture
    expect(cov).toMatchObject({ numerator: 4, denominator: 7 });
    const again = cli('import', 'visits', file);
    expect(again.code).toBe(2);
    const after = cli('report', 'network', '--period', '2026-04', '--by', 'county');
    expect(after.json.rows[0].indicators.find((i: { code: string }) => i.code === 'visit_coverage').numerator).toBe(4);
    // rolling the batch back removes its visits
    expect(cli('rollback', r.json.batchId).code).toBe(0);
    const rolled = cli('report', 'network', '--period', '2026-04', '--by', 'county');
    expect(rolled.json.rows[0].indicators.find((i: { code: string }) => i.code === 'visit_coverage').numerator).toBe(1);
  });
});

describe('import inspections', () => {
  it('reads 合格/不合格 items, collection and shelf specs from a GBK file', () => {
    const { write, cli, tb } = setup();
    const file = write(
      'jc.csv',
      [
        '检查日期,客户编码,明码标价,卷烟陈列,终端形象,信息采集,在柜规格',
        '2026-04-03,r1,合格,不合格,合格,是,P1、P2',
        '2026-04-04,r3,不合格,,合格,否,',
        '2026-04-05,r5,√,×,,,P2',
        '2026-04-06,r7,,,,,',
        '2026-04-07,r8,合格,合格,合格,是,P9',
      ].join('\n'),
      true,
    );
    const r = cli('import', 'inspections', file);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ rowsRead: 5, rowsImported: 3, rowsRejected: 2 });
    expect(r.json.rejected.map((x: { row: number }) => x.row)).toEqual([5, 6]);
    expect(r.json.rejected[1].reason).toContain('P9');
    const rep = cli('report', 'network', '--period', '2026-04', '--by', 'county');
    const get = (code: string) => rep.json.rows[0].indicators.find((i: { code: string }) => i.code === code);
    expect(get('price_tag')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(get('display')).toMatchObject({ numerator: 0, denominator: 2 });
    expect(get('info_collection')).toMatchObject({ numerator: 1, denominator: 7 });
    // rolling back removes the inspections and their shelf checks
    expect(cli('rollback', r.json.batchId).code).toBe(0);
    const tb2 = testBackend({ dbPath: tb.dbPath, dataDir: tb.dir });
    const left = tb2.backend.db
      .prepare(
        'SELECT (SELECT COUNT(*) FROM inspection_records WHERE day >= 20260401) AS i, (SELECT COUNT(*) FROM inspection_shelf s JOIN inspection_records r ON r.id = s.inspection_id WHERE r.day >= 20260401) AS s',
      )
      .get();
    tb2.close();
    expect(left).toEqual({ i: 0, s: 0 });
  });
});

describe('import targets', () => {
  it('reads percentages, periods and scopes, and a rollback restores the targets it overwrote', () => {
    const { write, cli } = setup();
    const first = write('t1.csv', ['指标,期间,客户经理,线路,目标值', '电子结算率,2026,,,80%'].join('\n'));
    expect(cli('import', 'targets', first).code).toBe(0);
    const file = write(
      'targets.csv',
      [
        '指标,期间,客户经理,线路,目标值',
        '电子结算率,2026,,,90%',
        '网上订货率,2026年第一季度,M01,,85',
        '客户拜访覆盖率,2026年3月,,R01,0.95',
        '现代终端户数,2026,,,3',
        '客户满意度,2026,M02,,92',
        '现代终端户数,2026,,,2.5',
        '电子结算率,2026,M01,R01,90%',
        '拜访次数,2026,,,10',
        '电子结算率,2026-13,,,90%',
      ].join('\n'),
    );
    const r = cli('import', 'targets', file);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ rowsRead: 9, rowsImported: 5, rowsRejected: 4 });
    const rep = cli('report', 'network', '--period', '2026-03', '--by', 'county').json.rows[0].indicators;
    expect(rep.find((i: { code: string }) => i.code === 'e_settlement').target).toBe(0.9);
    expect(rep.find((i: { code: string }) => i.code === 'modern_count').target).toBe(3);
    const mgr = cli('report', 'network', '--period', '2026-02', '--by', 'manager').json.rows;
    expect(mgr[0].indicators.find((i: { code: string }) => i.code === 'online_order').target).toBeCloseTo(0.85, 12);
    expect(mgr[1].indicators.find((i: { code: string }) => i.code === 'satisfaction').target).toBe(92);
    const route = cli('report', 'network', '--period', '2026-03', '--by', 'route').json.rows;
    expect(route[0].indicators.find((i: { code: string }) => i.code === 'visit_coverage').target).toBe(0.95);
    expect(cli('rollback', r.json.batchId).code).toBe(0);
    const back = cli('report', 'network', '--period', '2026-03', '--by', 'county').json.rows[0].indicators;
    expect(back.find((i: { code: string }) => i.code === 'e_settlement').target).toBe(0.8);
    expect(back.find((i: { code: string }) => i.code === 'modern_count').target).toBeNull();
  });
});
