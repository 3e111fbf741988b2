/**
 * Demo data for 内管: the 重点监管 品牌集 named in Settings (the 中华 specs, by rule);
 * two retailers recorded 歇业 two weeks before the last day who still ordered after it
 * (非正常经营订货); a few orders of the last five weeks that a clerk would look into, written
 * over the demo's own lines (quantities only: the lines and order days stay) — 订量突增: a
 * retailer ordering one spec at about three times its usual on one day (a wedding, a stock-up
 * before a holiday; four cases, two in the 微型 county), 超档位: a retailer of the upper half of
 * its 档位 ordering four times its usual month (two, one in 微型); the four rules run over the
 * last five weeks of the demo's orders; and
 * the warnings older than the last two weeks checked the way a clerk would (most 正常
 * with a note, a few 违规 — those retailers go on the 重点监管客户台账), so the 内管
 * page, its 台账 and the 周报's 内管 line have content. The newest warnings stay 待核查.
 * The micro test county (微型) gets the same, smaller.
 */
import type { Database } from 'better-sqlite3';
import { addDays, daysInMonth, monthKey, weekdayOf } from '../../../common/days';
import { notifyOrdersChanged } from '../imports';
import { createSet, gradeAsOf, registerDemoExtension, seededRandom, type DemoContext } from '../masterdata';
import { readSettings, writeSettings } from '../settings';
import { currentOrderDays } from './orderDays';
import { RULES, scanWarnings } from './index';
import { checkWarning, listWarnings } from './store';

export const DEMO_SCARCE_SET = '重点监管';

const NORMAL_NOTES = [
  '已电话核实，为节假日前正常备货',
  '客户经理走访核实，店内新增货架，需求属实',
  '周边新开工地，消费量增加，属正常',
  '已核实为婚宴集中采购，已登记',
  '客户上周断货后补订，属正常',
];
const VIOLATION_NOTES = ['经核查存在向无证户转供嫌疑，已移交专卖部门', '订货量与店内库存、销售明显不符，已约谈'];
const SAME_ORDER_NOTE = '与该客户同期其他订单行一并核查，见首条记录';
const INACTIVE_NOTE = '营业执照已办理歇业仍在订货，经核查为他人借证经营，已移交专卖部门';

/** Picks up to `n` of `items` at random, at most one per `group`. */
function pickSome<T>(items: T[], n: number, random: () => number, group: (x: T) => number): T[] {
  const out: T[] = [];
  const used = new Set<number>();
  const left = [...items];
  while (out.length < n && left.length) {
    const x = left.splice(Math.floor(random() * left.length), 1)[0];
    if (used.has(group(x))) continue;
    used.add(group(x));
    out.push(x);
  }
  return out;
}

/**
 * The 订量突增 and 超档位 cases over the demo's lines of [from, to] (see the file's head); the kept
 * order dates and the reports' summaries are refreshed for the changed days.
 */
function addCases(db: Database, from: number, to: number, tiny: boolean, random: () => number): void {
  const n = readSettings(db).monitorSurgeHistory;
  currentOrderDays(db, n);
  let first = Infinity;
  let last = -Infinity;
  const changed = (day: number) => {
    first = Math.min(first, day);
    last = Math.max(last, day);
  };
  // 订量突增: an order date with n earlier ones and a single line that day, of a 正常 retailer
  const dates = db
    .prepare(
      `SELECT k.retailer_id AS retailer, k.day, k.base, MIN(o.id) AS line, COUNT(*) AS lines
       FROM monitor_order_days k JOIN retailers r ON r.id = k.retailer_id AND r.status = '正常'
       JOIN order_lines o ON o.retailer_id = k.retailer_id AND o.product_id = k.product_id AND o.day = k.day
       WHERE k.month BETWEEN ? AND ? AND k.day BETWEEN ? AND ? AND k.base IS NOT NULL
       GROUP BY k.retailer_id, k.product_id, k.day HAVING lines = 1
       ORDER BY k.retailer_id, k.product_id, k.day`,
    )
    .all(monthKey(from), monthKey(to), from, to) as { retailer: number; day: number; base: number; line: number }[];
  const setQty = db.prepare(
    'UPDATE order_lines SET demand_tiao = MAX(demand_tiao, @q), qty_tiao = @q, amount_fen = price_fen * @q WHERE id = @id',
  );
  for (const d of pickSome(dates, tiny ? 2 : 4, random, (x) => x.retailer)) {
    const mean = d.base / n;
    setQty.run({ q: Math.max(Math.ceil(mean * (2.8 + random() * 0.8)), Math.ceil(mean) + 15), id: d.line });
    changed(d.day);
  }
  // 超档位: in the month two weeks before the last Monday, a 正常 retailer above the middle of its
  // 档位's 正常 retailers (those without orders counting 0) orders four times its month
  const lastMonday = addDays(to, -weekdayOf(to));
  const month = monthKey(addDays(lastMonday, -14));
  const mFrom = month * 100 + 1;
  const mTo = month * 100 + daysInMonth(Math.floor(month / 100), month % 100);
  const grades = gradeAsOf(db, mTo);
  const totals = new Map<number, number>();
  for (const r of db
    .prepare(
      'SELECT retailer_id AS id, SUM(qty_tiao) AS q FROM order_lines WHERE day BETWEEN ? AND ? GROUP BY retailer_id',
    )
    .all(mFrom, mTo) as { id: number; q: number }[])
    totals.set(r.id, r.q);
  const byGrade = new Map<number, { id: number; q: number }[]>();
  for (const id of db.prepare("SELECT id FROM retailers WHERE status = '正常'").pluck().all() as number[]) {
    const g = grades.get(id);
    if (g === null || g === undefined) continue;
    byGrade.set(g, [...(byGrade.get(g) ?? []), { id, q: totals.get(id) ?? 0 }]);
  }
  const high: { id: number; grade: number }[] = [];
  for (const [grade, peers] of byGrade) {
    if (peers.length < 4) continue;
    const sorted = peers.map((p) => p.q).sort((a, b) => a - b);
    const upperMiddle = sorted[sorted.length >> 1];
    if (sorted[(sorted.length - 1) >> 1] <= 0) continue; // a median of 0 fires nothing
    for (const p of peers) if (p.q > upperMiddle) high.push({ id: p.id, grade });
  }
  const scale = db.prepare(
    `UPDATE order_lines SET demand_tiao = demand_tiao * 4, qty_tiao = qty_tiao * 4, amount_fen = price_fen * qty_tiao * 4
     WHERE retailer_id = ? AND day BETWEEN ? AND ?`,
  );
  for (const r of pickSome(high, tiny ? 1 : 2, random, (x) => x.grade))
    if (scale.run(r.id, mFrom, mTo).changes) {
      changed(mFrom);
      changed(mTo);
    }
  if (first <= last) notifyOrdersChanged(db, first, last);
}

export function generateMonitorDemo(ctx: DemoContext): void {
  const { db } = ctx;
  // a stream of its own (from the last day), so the extensions after this one draw what they drew before
  const random = seededRandom(ctx.dayTo * 7 + 1);
  // Settings name the set; a county that chose another name keeps it.
  const setName = readSettings(db).monitorScarceSet || DEMO_SCARCE_SET;
  if (!db.prepare('SELECT 1 FROM code_sets WHERE name = ?').get(setName))
    createSet(db, {
      name: setName,
      kind: 'products',
      rule: { field: '品牌', value: '中华' },
      note: '内管“紧俏集中”检查的卷烟（示例）',
    });
  writeSettings(db, { monitorScarceSet: setName });
  const lastMonday = addDays(ctx.dayTo, -weekdayOf(ctx.dayTo));

  // Two retailers that went out of business on paper but kept ordering: 歇业 dated two weeks back.
  const closedOn = addDays(lastMonday, -14);
  const candidates = db
    .prepare(
      `SELECT o.retailer_id FROM order_lines o JOIN retailers r ON r.id = o.retailer_id
       WHERE o.day BETWEEN ? AND ? AND r.status = '正常'
       GROUP BY o.retailer_id HAVING COUNT(DISTINCT o.day) >= 2 ORDER BY o.retailer_id`,
    )
    .pluck()
    .all(closedOn, ctx.dayTo) as number[];
  for (let i = 0; i < 2 && candidates.length; i++) {
    const id = candidates.splice(Math.floor(random() * candidates.length), 1)[0];
    db.prepare("UPDATE retailers SET status = '歇业' WHERE id = ?").run(id);
    // the change is recorded today by the trigger; date it to when the licence was suspended
    db.prepare('UPDATE retailer_status_changes SET day = ? WHERE retailer_id = ?').run(closedOn, id);
  }

  // Five whole weeks to the last day (over-grade takes the whole months they touch).
  const from = Math.max(ctx.dayFrom, addDays(lastMonday, -28));
  addCases(db, from, ctx.dayTo, ctx.tiny === true, random);
  scanWarnings(db, from, ctx.dayTo, RULES);

  // A clerk has checked what is older than the last two weeks.
  const checkedBefore = addDays(lastMonday, -7);
  const { rows } = listWarnings(db, { to: addDays(checkedBefore, -1), limit: 100000 });
  let violations = 0;
  const reported = new Set<string>();
  for (const w of rows) {
    if (random() < 0.15) continue; // a few still wait
    const pick = (notes: string[]) => notes[Math.floor(random() * notes.length)];
    let note = pick(NORMAL_NOTES);
    if (w.rule === 'inactive') {
      // one line per order: the retailer's first goes on the 台账, the rest refer to it
      note = reported.has(w.retailer) ? SAME_ORDER_NOTE : INACTIVE_NOTE;
      reported.add(w.retailer);
    } else if (violations < 2 && random() < 0.05) {
      violations++;
      note = pick(VIOLATION_NOTES);
    }
    const checkedAt = new Date(Date.parse(`${w.day}T09:30:00+08:00`) + (2 + Math.floor(random() * 4)) * 86_400_000);
    const result =
      note === SAME_ORDER_NOTE ? '其他' : note === INACTIVE_NOTE || VIOLATION_NOTES.includes(note) ? '违规' : '正常';
    checkWarning(db, w.id, result, note, w.managerName ?? '内勤', checkedAt);
  }
}

registerDemoExtension(generateMonitorDemo);
