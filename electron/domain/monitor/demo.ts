/**
 * Demo data for 内管: the 重点监管 品牌集 named in Settings (the 中华 specs, by rule);
 * two retailers recorded 歇业 two weeks before the last day who still ordered after it
 * (非正常经营订货); the four rules run over the last five weeks of the demo's orders; and
 * the warnings older than the last two weeks checked the way a clerk would (most 正常
 * with a note, a few 违规 — those retailers go on the 重点监管客户台账), so the 内管
 * page, its 台账 and the 周报's 内管 line have content. The newest warnings stay 待核查.
 * The micro test county (微型) gets none of this.
 */
import { addDays, weekdayOf } from '../../../common/days';
import { createSet, registerDemoExtension, type DemoContext } from '../masterdata';
import { readSettings, writeSettings } from '../settings';
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

export function generateMonitorDemo(ctx: DemoContext): void {
  if (ctx.tiny) return;
  const { db, random } = ctx;
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
