/**
 * The weekly trend of a 品牌培育 project, computed in one pass over the project's days,
 * checked against the week-by-week method it replaced: one 分销与四率 report by 客户经理
 * from the project's first day to each week's end (its manager rows, plus a manager with a
 * target but no row, sorted by 工号). Demo county (tiny, one year to Wednesday 2026-02-18),
 * with what the plain demo lacks added by hand:
 *   - the week 2026-01-12…18 emptied of order lines (a week where nothing is ordered);
 *   - a 客户经理 “9901” whose one retailer is 歇业 and has only 订购量 0 lines in the
 *     projects' days (a row that appears from its first line, without any order);
 *   - inspections with shelf checks on chosen days (two on one day for one retailer, the
 *     later record counting), so 上柜率 has points with and without inspections;
 *   - a 档位 change dated 2026-01-01 for a 客户集 by 档位 (the set's members move mid-project).
 * Projects: a brand across the new year (ISO 2026-W01 starts 2025-12-29) ending after the
 * last data day (the last week is cut at 02-18); a rarely ordered spec (weeks without any
 * order); a 价类 over whole months on the 档位 客户集; a one-day project; a brand from the 20th of
 * a month to the 20th of the next (a month read from its few days' lines, one from its summary).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';
import { EMPTY_RATES, ratePoint } from '../../../electron/domain/cultivation/rates';

let t: TestBackend;
const db = () => t.backend.db;
const one = <T = number>(sql: string, ...p: unknown[]) =>
  db()
    .prepare(sql)
    .pluck()
    .get(...p) as T;

interface Project {
  id: number;
  name: string;
  products: string;
  targetSet: string | null;
  from: string;
  to: string;
  targets: { manager: string; managerName?: string }[];
}

/** The old method: one 分销 report by 客户经理 from the first day to `to`. */
function naiveSnapshot(p: Project, to: string) {
  const r = t.call('reports.distribution', {
    period: `${p.from}~${to}`,
    scope: p.targetSet ? `set:${p.targetSet}` : 'county',
    products: p.products,
    by: 'manager',
  });
  const targets = new Map(p.targets.map((x) => [x.manager, x]));
  const managers = r.rows.map((row: any) => ({
    manager: row.key,
    managerName: row.name,
    target: targets.get(row.key) ?? null,
    rates: ratePoint(row),
  }));
  for (const x of p.targets)
    if (!managers.some((m: any) => m.manager === x.manager))
      managers.push({
        manager: x.manager,
        managerName: x.managerName ?? x.manager,
        target: x,
        rates: { ...EMPTY_RATES },
      });
  managers.sort((a: any, b: any) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
  return { from: p.from, to, managers, total: ratePoint(r.total), shelfNote: r.shelfNote };
}

const projects: Project[] = [];
let brand = '';
let rareSpec = '';
/** the 歇业 retailer of manager 9901 */
let rid = 0;
/** the retailers inspected in December */
let retailers: number[] = [];

beforeAll(() => {
  t = testBackend();
  const end = t.job('masterdata.demo', { size: 'tiny', years: 1, seed: 3, endDate: '2026-02-18' });
  expect(end.type).toBe('done');
  const d = db();
  // only this test's projects (the demo's own running project taken away)
  d.exec('DELETE FROM cultivation_projects');
  brand = one<string>(
    `SELECT p.brand FROM order_lines o JOIN products p ON p.id = o.product_id
     WHERE p.brand IS NOT NULL GROUP BY p.brand ORDER BY COUNT(*) DESC LIMIT 1 OFFSET 1`,
  );
  // a spec with a few order dates late in 2025 (its earlier lines are taken out below)
  rareSpec = one<string>(
    `SELECT p.code FROM order_lines o JOIN products p ON p.id = o.product_id
     WHERE o.day BETWEEN 20251020 AND 20251231 AND o.qty_tiao > 0 GROUP BY p.code HAVING COUNT(DISTINCT o.day) >= 3
     ORDER BY COUNT(DISTINCT o.day), p.code LIMIT 1`,
  );
  d.transaction(() => {
    // the rare spec is not ordered in the project's first weeks
    d.prepare(
      'DELETE FROM order_lines WHERE day BETWEEN 20251001 AND 20251019 AND product_id = (SELECT id FROM products WHERE code = ?)',
    ).run(rareSpec);
    // a week where nothing is ordered
    d.prepare('DELETE FROM order_lines WHERE day BETWEEN 20260112 AND 20260118').run();
    // a 歇业 retailer of its own manager, with 订购量 0 lines only from 2026-01-07 on
    const mgr = Number(
      d.prepare("INSERT INTO managers(code, name) VALUES ('9901', '停业户经理')").run().lastInsertRowid,
    );
    rid = one(
      `SELECT o.retailer_id FROM order_lines o JOIN products p ON p.id = o.product_id
       WHERE p.brand = ? AND o.day BETWEEN 20260107 AND 20260131 GROUP BY o.retailer_id ORDER BY COUNT(*) DESC LIMIT 1`,
      brand,
    );
    d.prepare("UPDATE retailers SET manager_id = ?, status = '歇业' WHERE id = ?").run(mgr, rid);
    d.prepare('DELETE FROM order_lines WHERE retailer_id = ? AND day BETWEEN 20251201 AND 20260106').run(rid);
    d.prepare('UPDATE order_lines SET qty_tiao = 0, amount_fen = 0 WHERE retailer_id = ? AND day >= 20260107').run(rid);
    // inspections on chosen days
    d.prepare('DELETE FROM inspection_shelf').run();
    d.prepare('DELETE FROM inspection_records').run();
    const specOf = (b: string) => one(`SELECT id FROM products WHERE brand = ? ORDER BY code LIMIT 1`, b);
    const otherSpec = one(`SELECT id FROM products WHERE brand IS NOT ? ORDER BY code LIMIT 1`, brand);
    retailers = d.prepare('SELECT id FROM retailers ORDER BY id LIMIT 12').pluck().all() as number[];
    const ins = d.prepare('INSERT INTO inspection_records(day, retailer_id) VALUES (?, ?)');
    const shelf = d.prepare('INSERT INTO inspection_shelf(inspection_id, product_id) VALUES (?, ?)');
    const inspect = (day: number, r: number, products: number[]) => {
      const id = ins.run(day, r).lastInsertRowid;
      for (const p of products) shelf.run(id, p);
    };
    const b = specOf(brand);
    retailers.forEach((r, i) => inspect(20251222 + (i % 3), r, i % 2 ? [b] : [otherSpec]));
    inspect(20260105, retailers[0], []); // retailer 0 later shows nothing
    inspect(20260105, retailers[1], [b]); // two on one day: the later record counts
    inspect(20260105, retailers[1], [otherSpec]);
    inspect(20260203, retailers[2], [b, otherSpec]);
    inspect(20260203, rid, [b]); // the 歇业 retailer is inspected too
    // 档位: a retailer of 5档 moves to 6档 from 2026-01-01, one of 6档 to 5档
    const five = d.prepare('SELECT id FROM retailers WHERE grade = 5 ORDER BY id LIMIT 2').pluck().all() as number[];
    const six = d.prepare('SELECT id FROM retailers WHERE grade = 6 ORDER BY id LIMIT 2').pluck().all() as number[];
    const hist = d.prepare('INSERT INTO grade_history(retailer_id, grade, effective_day, source) VALUES (?, ?, ?, ?)');
    for (const r of five) {
      hist.run(r, 5, 0, 'before');
      hist.run(r, 6, 20260101, 'edit');
    }
    for (const r of six) {
      hist.run(r, 6, 0, 'before');
      hist.run(r, 5, 20260101, 'edit');
    }
    d.prepare('UPDATE retailers SET grade = 6 WHERE id IN (' + five.join(',') + ')').run();
    d.prepare('UPDATE retailers SET grade = 5 WHERE id IN (' + six.join(',') + ')').run();
    rebuildSummaries(d);
  })();
  t.call('masterdata.createSet', { name: '五档户', kind: 'retailers', rule: { field: '档位', value: '5' } });
  const managers = d.prepare("SELECT code FROM managers WHERE code <> '9901' ORDER BY code").pluck().all() as string[];
  const target = (m: string) => ({ manager: m, distributionRate: 0.5, repeatRate: 0.3, shelfRate: 0.4 });
  const save = (p: { name: string; products: string; targetSet?: string; from: string; to: string; targets: any[] }) =>
    projects.push(t.call('cultivation.save', p));
  save({
    name: '跨年品牌',
    products: `brand:${brand}`,
    from: '2025-12-10',
    to: '2026-03-10',
    targets: managers.map(target),
  });
  save({
    name: '冷门规格',
    products: `codes:${rareSpec}`,
    from: '2025-10-01',
    to: '2025-12-31',
    targets: [target(managers[0])],
  });
  save({
    name: '五档一类',
    products: 'class:一类',
    targetSet: '五档户',
    from: '2025-12-01',
    to: '2026-01-31',
    targets: [...managers.map(target), target('9901')],
  });
  save({ name: '一天', products: `brand:${brand}`, from: '2026-01-07', to: '2026-01-07', targets: [] });
  save({ name: '月中起止', products: `brand:${brand}`, from: '2025-11-20', to: '2025-12-20', targets: [] });
}, 180_000);
afterAll(() => t.close());

describe('the one-pass weekly trend equals the week-by-week 分销 reports', () => {
  it('has what the check needs: an empty week, a row without orders, inspections, a moved 档位', () => {
    expect(one('SELECT COUNT(*) FROM order_lines WHERE day BETWEEN 20260112 AND 20260118')).toBe(0);
    expect(one('SELECT COUNT(*) FROM order_lines WHERE day BETWEEN 20260107 AND 20260218')).toBeGreaterThan(0);
    expect(rareSpec).not.toBe('');
    expect(one('SELECT COUNT(DISTINCT grade) FROM grade_history WHERE effective_day = 20260101')).toBe(2);
    const trend = t.call('cultivation.trend', { id: projects[0].id });
    const rowOf = (w: any) => w.snapshot.managers.find((m: any) => m.manager === '9901');
    // the 歇业 retailer's manager shows from the week of its first (订购量 0) line of the brand
    const firstLine = one(
      `SELECT MIN(o.day) FROM order_lines o JOIN products p ON p.id = o.product_id
       WHERE o.retailer_id = ? AND o.day >= 20251210 AND p.brand = ?`,
      rid,
      brand,
    );
    expect(firstLine).toBeGreaterThanOrEqual(20260107);
    expect(one('SELECT MAX(qty_tiao) FROM order_lines WHERE retailer_id = ? AND day >= 20251210', rid)).toBe(0);
    const shown = trend.weeks.map((w: any) => rowOf(w) !== undefined);
    expect(shown).toEqual(trend.weeks.map((w: any) => Number(w.to.replaceAll('-', '')) >= firstLine));
    expect(shown).toContain(false);
    expect(shown).toContain(true);
    expect(rowOf(trend.weeks.at(-1)).rates).toMatchObject({
      customers: 0,
      orderingCustomers: 0,
      inspectedCustomers: 1,
    });
    expect(trend.weeks[0].snapshot.shelfNote).not.toBeNull();
    expect(trend.weeks.at(-1).snapshot.total.inspectedCustomers).toBe(new Set([...retailers, rid]).size);
  });

  it('matches on every week of every project', () => {
    let weeks = 0;
    const seen = { empty: 0, through: 0, noOrders: 0 };
    for (const p of projects) {
      const trend = t.call('cultivation.trend', { id: p.id });
      expect(trend.note).toBeNull();
      expect(trend.weeks.length).toBeGreaterThan(0);
      let before = -1;
      for (const w of trend.weeks) {
        expect(w.snapshot).toEqual(naiveSnapshot(p, w.to));
        weeks++;
        const ordering = w.snapshot.total.orderingCustomers;
        if (ordering === before) seen.empty++;
        if (w.through) seen.through++;
        if (ordering === 0) seen.noOrders++;
        before = ordering;
      }
    }
    // the projects' weeks: 12-10…03-10 with data to 02-18 (11), 10-01…12-31 (14), 12-01…01-31 (9),
    // one day, 11-20…12-20 (5)
    expect(weeks).toBe(11 + 14 + 9 + 1 + 5);
    expect(seen.empty).toBeGreaterThan(0);
    expect(seen.through).toBe(1);
    expect(seen.noOrders).toBeGreaterThan(0);
  });

  it('gives the 周报 and 月报 the project’s status as the 分销 report has it', () => {
    const w = t.call('reports.weekly', { week: '2026-W02' }); // 01-05 … 01-11
    for (const c of w.cultivation) {
      const p = projects.find((x) => x.id === c.project.id)!;
      expect(c.snapshot).toEqual(naiveSnapshot(p, c.snapshot.to));
    }
    expect(w.cultivation.map((c: any) => [c.project.name, c.snapshot?.to])).toEqual([
      ['五档一类', '2026-01-11'],
      ['跨年品牌', '2026-01-11'],
      ['一天', '2026-01-07'],
    ]);
  });
});
