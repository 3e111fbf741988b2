/**
 * 内管 warnings (DOMAIN.md "内管 warnings") on a hand-worked county, default thresholds
 * (2.2×, 10 条, three previous order dates, 5% a week, 3× the median).
 *
 * 客户经理 M01 (route R01), M02 (route R02). Retailers (档位, status, route):
 *   A 5 正常 R01   B 5 正常 R01   C 5 正常 R02   D 5 正常 R02 (never orders)
 *   E 5 歇业 R02   Z 9 注销 R02   S 9 暂停 R01
 *   F 7 正常 R01   G 7 正常 R01   H 7 正常 R01 (G, H never order)
 *   I 9 正常 R01   J 9 正常 R01   K 9 正常 R01
 * Specs P1 (in the 品牌集 重点监管), P2.
 *
 * 订量突增, March 2026 (each pair's earlier order dates → mean; the day checked):
 *   A P1  03-02 10, 03-05 0 (需求 5, not supplied: not an order date), 03-09 10, 03-16 10
 *         → 03-23 22: 22 = 2.2 × 10 exactly and 12 over the mean → fires
 *   A P2  10, 10, 10 → 03-23 21: 2.1× → none
 *   B P1  5, 5, 5 → 03-23 15: 3×, exactly 10 over the mean → fires
 *   B P2  5, 5, 5 → 03-23 14: 2.8× but 9 over → none
 *   C P2  03-02 1, 03-09 1 → 03-16 50: only two previous dates → none
 *   C P1  2025-06-01 8, 2025-07-01 8, 2025-08-01 8 (history long before March) → 03-25 20:
 *         2.5×, 12 over → fires
 * 超档位, April 2026 (month 订购量):
 *   档位 5 正常 peers A 30, B 10, C 10, D 0 → median 10 → A 30 = 3× exactly fires;
 *   E (歇业, not a peer) 40 → fires too (its own month is judged against the peers)
 *   档位 7 peers F 50, G 0, H 0 → median 0 → nothing fires (3 × 0 would flag every order)
 *   档位 9 正常 peers I 29, J 10, K 10 → median 10 → I 29 < 30 → none
 * 紧俏集中, May 2026, spec P1 (P2 is not in the set):
 *   week of Mon 05-04: A 6 (05-04) + 4 (Sun 05-10) = 10, B 9, C 181 → county 200:
 *     A 5% exactly fires, B 4.5% none, C 90.5% fires; A's 100 条 of P2 → none
 *   week of Mon 05-11: B 50 of 50 → fires (100%)
 * 非正常经营订货, June 2026 (no status change recorded: the current status):
 *   06-03 E (歇业) P1 5 → fires; Z (注销) P2 3 → fires; S (暂停) P1 4 and A P1 4 → none
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { AppError } from '../../../electron/api/errors';
import { todayText } from '../../../common/days';
import { notifyOrdersChanged } from '../../../electron/domain/imports';

let t: TestBackend;

const line = (day: number, r: string, p: string, q: number, demand = q): [number, string, string, number, number] => [
  day,
  r,
  p,
  q,
  demand,
];

const LINES = [
  line(20250601, 'C', 'P1', 8),
  line(20250701, 'C', 'P1', 8),
  line(20250801, 'C', 'P1', 8),
  line(20260302, 'A', 'P1', 10),
  line(20260305, 'A', 'P1', 0, 5),
  line(20260309, 'A', 'P1', 10),
  line(20260316, 'A', 'P1', 10),
  line(20260323, 'A', 'P1', 22),
  line(20260302, 'A', 'P2', 10),
  line(20260309, 'A', 'P2', 10),
  line(20260316, 'A', 'P2', 10),
  line(20260323, 'A', 'P2', 21),
  line(20260302, 'B', 'P1', 5),
  line(20260309, 'B', 'P1', 5),
  line(20260316, 'B', 'P1', 5),
  line(20260323, 'B', 'P1', 15),
  line(20260302, 'B', 'P2', 5),
  line(20260309, 'B', 'P2', 5),
  line(20260316, 'B', 'P2', 5),
  line(20260323, 'B', 'P2', 14),
  line(20260302, 'C', 'P2', 1),
  line(20260309, 'C', 'P2', 1),
  line(20260316, 'C', 'P2', 50),
  line(20260325, 'C', 'P1', 20),
  // April: 超档位
  line(20260406, 'A', 'P2', 30),
  line(20260406, 'B', 'P2', 10),
  line(20260406, 'C', 'P2', 10),
  line(20260406, 'E', 'P2', 40),
  line(20260406, 'F', 'P2', 50),
  line(20260406, 'I', 'P2', 29),
  line(20260406, 'J', 'P2', 10),
  line(20260406, 'K', 'P2', 10),
  // May: 紧俏集中
  line(20260504, 'A', 'P1', 6),
  line(20260510, 'A', 'P1', 4),
  line(20260505, 'B', 'P1', 9),
  line(20260506, 'C', 'P1', 181),
  line(20260506, 'A', 'P2', 100),
  line(20260511, 'B', 'P1', 50),
  // June: 非正常经营订货
  line(20260603, 'E', 'P1', 5),
  line(20260603, 'Z', 'P2', 3),
  line(20260603, 'S', 'P1', 4),
  line(20260603, 'A', 'P1', 4),
];

beforeEach(() => {
  t = testBackend();
  const db = t.backend.db;
  db.exec(`
    INSERT INTO import_batches(id, kind, file_name, file_hash, user_login, user_name) VALUES (1, 'orders', 'fixture', 'x', 'test', '测试');
    INSERT INTO managers(id, code, name) VALUES (1, 'M01', '张三'), (2, 'M02', '李四');
    INSERT INTO routes(id, code, name, manager_id) VALUES (1, 'R01', '城关线', 1), (2, 'R02', '乡镇线', 2);
    INSERT INTO retailers(id, code, name, route_id, grade, status) VALUES
      (1, 'A', '甲', 1, 5, '正常'), (2, 'B', '乙', 1, 5, '正常'), (3, 'C', '丙', 2, 5, '正常'),
      (4, 'D', '丁', 2, 5, '正常'), (5, 'E', '戊', 2, 5, '歇业'), (6, 'Z', '庚', 2, 9, '注销'),
      (7, 'S', '辛', 1, 9, '暂停'), (8, 'F', '壬', 1, 7, '正常'), (9, 'G', '癸', 1, 7, '正常'),
      (10, 'H', '子', 1, 7, '正常'), (11, 'I', '丑', 1, 9, '正常'), (12, 'J', '寅', 1, 9, '正常'),
      (13, 'K', '卯', 1, 9, '正常');
    INSERT INTO products(id, code, name, brand, price_class) VALUES
      (1, 'P1', '黄鹤楼(硬峡谷情)', '黄鹤楼', '一类'), (2, 'P2', '红金龙(硬神州)', '红金龙', '三类');
  `);
  const ins = db.prepare(
    `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
     VALUES (1, ?, ?, (SELECT id FROM retailers WHERE code = ?), (SELECT id FROM products WHERE code = ?), ?, ?, 100, ? * 100)`,
  );
  LINES.forEach(([day, r, p, q, demand], i) => ins.run(day, `O${i}`, r, p, demand, q, q));
  // written straight into the table: the modules following order lines are told, as an import does
  notifyOrdersChanged(db, 20250601, 20260603);
  t.call('masterdata.createSet', { name: '重点监管', kind: 'products', codes: ['P1'] });
});

afterEach(() => t.close());

type W = { id: number; rule: string; retailer: string; spec: string | null; day: string; valueTiao: number };
const brief = (ws: W[]) =>
  ws
    .map((w) => `${w.rule} ${w.retailer} ${w.spec ?? '-'} ${w.day} ${w.valueTiao}`)
    .sort()
    .join('\n');

describe('the four rules at and around their thresholds', () => {
  it('订量突增: exactly 2.2× fires, 2.1× not; exactly 10 条 over fires, 9 not; fewer than three dates none', () => {
    const r = t.call('monitor.scan', { from: '2026-03-01', to: '2026-03-31', rules: ['surge'] });
    expect(brief(r.warnings)).toBe(
      ['surge A P1 2026-03-23 22', 'surge B P1 2026-03-23 15', 'surge C P1 2026-03-25 20'].join('\n'),
    );
    const a = r.warnings.find((w: W) => w.retailer === 'A');
    expect([a.baseline, a.ratio]).toEqual([10, 2.2]);
    const b = r.warnings.find((w: W) => w.retailer === 'B');
    expect([b.baseline, b.ratio]).toEqual([5, 3]);
    const c = r.warnings.find((w: W) => w.retailer === 'C');
    expect([c.baseline, c.ratio]).toEqual([8, 2.5]);
  });

  it('超档位: exactly 3× the median fires, 29 against 30 not, a median of 0 fires nothing', () => {
    const r = t.call('monitor.scan', { from: '2026-04-15', to: '2026-04-15', rules: ['over-grade'] });
    expect(brief(r.warnings)).toBe(['over-grade A - 2026-04-01 30', 'over-grade E - 2026-04-01 40'].join('\n'));
    expect(r.warnings.map((w: any) => [w.baseline, w.ratio])).toEqual(
      expect.arrayContaining([
        [10, 3],
        [10, 4],
      ]),
    );
  });

  it("超档位 judges each retailer in the 档位 it held on the month's last day (the dated grade history)", () => {
    // A was 档位 9 until 2026-05-01. April: 档位 9 正常 peers I 29, J 10, K 10, A 30 → median 19.5,
    // 3 × 19.5 = 58.5: none; 档位 5 peers B 10, C 10, D 0 → median 10: E 40 fires, A is not judged there.
    t.backend.db.exec(`INSERT INTO grade_history(retailer_id, grade, effective_day, source) VALUES
      (1, 9, 0, 'before'), (1, 5, 20260501, 'edit')`);
    const r = t.call('monitor.scan', { from: '2026-04-01', to: '2026-04-30', rules: ['over-grade'] });
    expect(brief(r.warnings)).toBe('over-grade E - 2026-04-01 40');
    expect(r.warnings[0]).toMatchObject({ baseline: 10, ratio: 4 });
  });

  it('紧俏集中: 5% of the county week exactly fires, 4.5% not; the whole Monday–Sunday week counts', () => {
    const r = t.call('monitor.scan', { from: '2026-05-06', to: '2026-05-06', rules: ['scarce'] });
    expect(brief(r.warnings)).toBe(['scarce A P1 2026-05-04 10', 'scarce C P1 2026-05-04 181'].join('\n'));
    expect(r.warnings.find((w: W) => w.retailer === 'A')).toMatchObject({ baseline: 200, ratio: 0.05 });
    const next = t.call('monitor.scan', { from: '2026-05-11', to: '2026-05-17', rules: ['scarce'] });
    expect(brief(next.warnings)).toBe('scarce B P1 2026-05-11 50');
  });

  it('紧俏集中 needs the 重点监管 品牌集: alone it is refused, with the others it is skipped with a note', () => {
    // Settings accept only a 品牌集 that exists (and change nothing otherwise) …
    const refused = t.result('settings.update', { monitorScarceSet: '没有这个集', monitorSurgeFactor: 3 });
    expect(refused.error?.code).toBe('unknown_set');
    expect(refused.error?.message).toContain('没有名为“没有这个集”的品牌集');
    expect(t.call('settings.get', {})).toMatchObject({ monitorScarceSet: '重点监管', monitorSurgeFactor: 2.2 });
    // … but the set may be renamed or deleted afterwards.
    t.backend.db.prepare("UPDATE code_sets SET name = '改名了' WHERE name = '重点监管'").run();
    const alone = t.result('monitor.scan', { from: '2026-05-06', to: '2026-05-06', rules: ['scarce'] });
    expect(alone.error?.code).toBe('unknown_set');
    const all = t.call('monitor.scan', { from: '2026-05-01', to: '2026-05-31' });
    expect(all.rules).toEqual(['surge', 'over-grade', 'inactive']);
    expect(all.notes[0]).toContain('没有名为“重点监管”的品牌集');
  });

  it('非正常经营订货: lines of 歇业 and 注销 retailers, not of 暂停 or 正常 ones', () => {
    const r = t.call('monitor.scan', { from: '2026-06-01', to: '2026-06-30', rules: ['inactive'] });
    expect(brief(r.warnings)).toBe(['inactive E P1 2026-06-03 5', 'inactive Z P2 2026-06-03 3'].join('\n'));
  });

  it('非正常经营订货 on the order date: a status change holds from its own day, earlier days keep the old status', () => {
    // J (正常) orders P1 on 06-09, 06-10 and 06-11 and is set 歇业 on 06-10;
    // K was 歇业 from 01-01 and is 正常 again from 06-10: its 06-09 order fires, 06-10 not.
    const db = t.backend.db;
    const ins = db.prepare(
      `INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
       VALUES (1, ?, ? || ?, (SELECT id FROM retailers WHERE code = ?), 1, ?, ?, 100, ? * 100)`,
    );
    for (const [day, r, q] of [
      [20260609, 'J', 6],
      [20260610, 'J', 7],
      [20260611, 'J', 8],
      [20260609, 'K', 5],
      [20260610, 'K', 2],
    ] as const)
      ins.run(day, r, day, r, q, q, q);
    notifyOrdersChanged(db, 20260609, 20260611);
    t.call('monitor.scan', { from: '2026-06-01', to: '2026-06-30', rules: ['inactive'] });
    // No change recorded yet: J and K are 正常 on every day
    expect(brief(t.call('monitor.list', { rule: 'inactive' }).rows)).toBe(
      ['inactive E P1 2026-06-03 5', 'inactive Z P2 2026-06-03 3'].join('\n'),
    );
    db.prepare("UPDATE retailers SET status = '歇业' WHERE code IN ('J', 'K')").run();
    db.prepare("UPDATE retailers SET status = '正常' WHERE code = 'K'").run();
    // the changes are recorded with the day they were made; date them as the fixture says
    const changes = db
      .prepare(
        'SELECT c.id, r.code, c.old_status, c.new_status FROM retailer_status_changes c JOIN retailers r ON r.id = c.retailer_id ORDER BY c.id',
      )
      .all() as any[];
    expect(changes.map((c) => `${c.code} ${c.old_status}→${c.new_status}`)).toEqual([
      'J 正常→歇业',
      'K 正常→歇业',
      'K 歇业→正常',
    ]);
    const date = db.prepare('UPDATE retailer_status_changes SET day = ? WHERE id = ?');
    date.run(20260610, changes[0].id);
    date.run(20260101, changes[1].id);
    date.run(20260610, changes[2].id);
    const r = t.call('monitor.scan', { from: '2026-06-01', to: '2026-06-30', rules: ['inactive'] });
    expect(brief(r.warnings)).toBe(
      [
        'inactive E P1 2026-06-03 5',
        'inactive J P1 2026-06-10 7',
        'inactive J P1 2026-06-11 8',
        'inactive K P1 2026-06-09 5',
        'inactive Z P2 2026-06-03 3',
      ].join('\n'),
    );
  });

  it('thresholds come from Settings', () => {
    t.call('settings.update', { monitorSurgeFactor: 2.11, monitorSurgeMinTiao: 9 });
    const r = t.call('monitor.scan', { from: '2026-03-23', to: '2026-03-23', rules: ['surge'] });
    // A P2: 21 ≥ 2.11 × 10 is false (21.1); B P2: 14 = 5 + 9 now fires (2.8×)
    expect(brief(r.warnings)).toBe(
      ['surge A P1 2026-03-23 22', 'surge B P1 2026-03-23 15', 'surge B P2 2026-03-23 14'].join('\n'),
    );
    expect(t.result('settings.update', { monitorSurgeFactor: 2.205 }).ok).toBe(false);
  });
});

describe('storing, checking and the 台账', () => {
  it('a rescan keeps ids and checks, adds nothing twice and drops what no longer fires', () => {
    // March, every rule: surge 3; scarce (P1) weeks of 03-02, 03-09, 03-16 A and B, of 03-23 A, B and C = 9;
    // over-grade: 档位 5 months A 103, B 59, C 72, D 0 → median 65.5, nobody ≥ 196.5; inactive none
    const first = t.call('monitor.scan', { from: '2026-03-01', to: '2026-03-31' });
    expect(first.added).toBe(first.found);
    expect(first.found).toBe(12);
    const a = first.warnings.find((w: any) => w.rule === 'surge' && w.retailer === 'A');
    t.call('monitor.check', { id: a.id, result: '违规', note: '超量订购，已约谈' });
    const again = t.call('monitor.scan', { from: '2026-03-01', to: '2026-03-31' });
    expect([again.added, again.found, again.removed]).toEqual([0, first.found, 0]);
    expect(again.ids.sort()).toEqual(first.ids.sort());
    expect(t.call('monitor.list', {}).total).toBe(first.found);
    // B's surge line is re-imported smaller: its unchecked warning goes; A's checked one stays
    t.backend.db.prepare('UPDATE order_lines SET qty_tiao = 10 WHERE day = 20260323 AND qty_tiao IN (15, 22)').run();
    notifyOrdersChanged(t.backend.db, 20260323, 20260323);
    const third = t.call('monitor.scan', { from: '2026-03-01', to: '2026-03-31', rules: ['surge'] });
    expect(third.removed).toBe(1);
    const left = t.call('monitor.list', { rule: 'surge' }).rows;
    expect(left.map((w: any) => `${w.retailer} ${w.status}`).sort()).toEqual(['A 违规', 'C 待核查']);
  });

  it('a check records result, note, who and when; 违规 goes on the 台账 and comes off when changed', () => {
    const r = t.call('monitor.scan', { from: '2026-06-01', to: '2026-06-30', rules: ['inactive'] });
    const e = r.warnings.find((w: W) => w.retailer === 'E');
    const checked = t.call('monitor.check', { id: e.id, result: '违规', note: '歇业后仍订货' });
    expect(checked.ledger).toBe('added');
    expect(checked.warning).toMatchObject({ status: '违规', note: '歇业后仍订货' });
    expect(checked.warning.checkedBy).toBeTruthy();
    expect(Date.parse(checked.warning.checkedAt)).toBeGreaterThan(Date.now() - 60_000);
    const book = t.call('monitor.ledger', {}).rows;
    expect(book).toHaveLength(1);
    expect(book[0]).toMatchObject({ retailer: 'E', warningId: e.id });
    expect(book[0].reason).toContain('非正常经营订货');
    expect(t.call('monitor.ledger', { retailer: 'A' }).rows).toHaveLength(0);
    expect(t.call('monitor.list', { status: '违规' }).rows.map((w: any) => w.id)).toEqual([e.id]);
    expect(t.call('monitor.check', { id: e.id, result: '正常' }).ledger).toBe('removed');
    expect(t.call('monitor.ledger', {}).rows).toHaveLength(0);
  });

  it('a check names who did it and attaches documents of the archive; unknown documents change nothing', () => {
    const db = t.backend.db;
    db.exec(`INSERT INTO archive_docs(id, kind, year, seq, number, doc_date, title, status) VALUES
      (7, '发文', 2026, 3, '客服〔2026〕3号', '2026-06-05', '关于戊店歇业后订货的核查记录', '已登记'),
      (8, '收文', 2026, 9, '收〔2026〕9号', '2026-06-06', '约谈笔录', '待处理')`);
    const r = t.call('monitor.scan', { from: '2026-06-01', to: '2026-06-30', rules: ['inactive'] });
    const e = r.warnings.find((w: W) => w.retailer === 'E');
    const refused = t.result('monitor.check', { id: e.id, result: '违规', note: '已约谈', docs: [7, 99] });
    expect(refused.error).toMatchObject({ code: 'unknown_document' });
    expect(refused.error?.message).toContain('99');
    expect(t.call('monitor.list', { retailer: 'E' }).rows[0]).toMatchObject({ status: '待核查', docs: [] });
    expect(t.call('monitor.ledger', {}).rows).toHaveLength(0);
    const ok = t.call('monitor.check', { id: e.id, result: '违规', note: '已约谈', who: '王五', docs: [8, 7, 8] });
    expect(ok.warning.checkedBy).toBe('王五');
    expect(ok.warning.docs).toEqual([
      { id: 7, number: '客服〔2026〕3号', title: '关于戊店歇业后订货的核查记录' },
      { id: 8, number: '收〔2026〕9号', title: '约谈笔录' },
    ]);
    // a later check without docs keeps them; with an empty list removes them
    expect(t.call('monitor.check', { id: e.id, result: '违规', note: '再次核查' }).warning.docs).toHaveLength(2);
    expect(t.call('monitor.check', { id: e.id, result: '违规', note: '再次核查', docs: [] }).warning.docs).toEqual([]);
  });

  it("the 内管情况表 counts per rule and status; the drill lists a retailer's order dates and specs", () => {
    // March: surge 3 (A, B, C) and scarce 9, over-grade and inactive none (see the first storing test)
    const r = t.call('monitor.scan', { from: '2026-03-01', to: '2026-03-31' });
    const a = r.warnings.find((w: any) => w.rule === 'surge' && w.retailer === 'A');
    const b = r.warnings.find((w: any) => w.rule === 'surge' && w.retailer === 'B');
    t.call('monitor.check', { id: a.id, result: '违规', note: '超量' });
    t.call('monitor.check', { id: b.id, result: '正常' });
    const s = t.call('monitor.summary', { from: '2026-03-01', to: '2026-03-31' });
    const line = (x: any) => [x.ruleLabel, x.total, x.pending, x.normal, x.violation, x.other].join(' ');
    expect(s.rows.map(line)).toEqual([
      '订量突增 3 1 1 1 0',
      '紧俏集中 9 9 0 0 0',
      '超档位 0 0 0 0 0',
      '非正常经营订货 0 0 0 0 0',
    ]);
    expect(line(s.total)).toBe('合计 12 10 1 1 0');
    // the week of 03-23 only: surge A, B (03-23), C (03-25); scarce A, B, C (Monday 03-23)
    expect(line(t.call('monitor.summary', { from: '2026-03-23', to: '2026-03-29' }).total)).toBe('合计 6 4 1 1 0');
    const today = todayText();
    expect(t.call('monitor.ledger', { from: today, to: today }).rows.map((x: any) => x.retailer)).toEqual(['A']);
    expect(t.call('monitor.ledger', { from: '2026-01-01', to: '2026-01-31' }).rows).toEqual([]);
    // A's P1 order dates in the 28 days 02-24…03-23: 03-23 22, 03-16 10, 03-09 10, 03-05 (需求 5, supplied 0), 03-02 10
    const o = t.call('monitor.orders', { retailer: 'A', spec: 'P1', to: '2026-03-23', days: 28 });
    expect(o.rows.map((x: any) => `${x.day} ${x.qtyTiao}/${x.demandTiao}`)).toEqual([
      '2026-03-23 22/22',
      '2026-03-16 10/10',
      '2026-03-09 10/10',
      '2026-03-05 0/5',
      '2026-03-02 10/10',
    ]);
    const all = t.call('monitor.orders', { retailer: 'A', to: '2026-03-02', days: 1 });
    expect(all.rows.map((x: any) => `${x.spec} ${x.qtyTiao} ${x.amountFen}`)).toEqual(['P1 10 1000', 'P2 10 1000']);
    expect(t.result('monitor.orders', { retailer: 'NOPE', to: '2026-03-02' }).error?.code).toBe('unknown_retailer');
  });

  it('refuses a 违规 or 其他 without a note, an unknown warning and bad dates, changing nothing', () => {
    const r = t.call('monitor.scan', { from: '2026-06-01', to: '2026-06-30', rules: ['inactive'] });
    const id = r.warnings[0].id;
    expect(t.result('monitor.check', { id, result: '其他', note: '  ' }).error?.code).toBe('invalid_check');
    expect(t.call('monitor.list', { status: '待核查' }).total).toBe(2);
    expect(t.result('monitor.check', { id: 999, result: '正常' }).error?.code).toBe('unknown_warning');
    expect(t.result('monitor.check', { id, result: '可疑', note: 'x' }).error?.code).toBe('invalid_input');
    expect(t.result('monitor.scan', { from: '2026-02-30', to: '2026-03-01' }).error?.code).toBe('invalid_period');
    expect(t.result('monitor.scan', { from: '2026-03-02', to: '2026-03-01' }).error?.code).toBe('invalid_period');
    expect(t.call('monitor.list', {}).total).toBe(2);
  });

  it('lists by rule, owning 客户经理, route and status', () => {
    t.call('monitor.scan', { from: '2026-03-01', to: '2026-03-31' });
    const codes = (f: object) =>
      t
        .call('monitor.list', f)
        .rows.map((w: any) => `${w.rule} ${w.retailer}`)
        .sort();
    expect(codes({ manager: 'M02' })).toEqual(['scarce C', 'surge C']);
    expect(codes({ route: 'R01', rule: 'scarce' })).toEqual([
      ...Array(4).fill('scarce A'),
      ...Array(4).fill('scarce B'),
    ]);
    expect(codes({ route: 'R01', status: '违规' })).toEqual([]);
    expect(() => t.call('monitor.list', { manager: 'M99' })).toThrow(AppError);
  });
});
