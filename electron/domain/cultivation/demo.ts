/**
 * Demo data for 品牌培育: two projects on the demo county, so the 培育 pages, the
 * 周报 and the 月报 pack have content.
 *  - 「七匹狼系列三个月铺货」: the 品牌集 七匹狼系列 (rule 品牌=七匹狼), all retailers,
 *    starting on the Monday eight weeks before the last day of orders and running three
 *    months — still under way, so its last week is not over.
 *  - 「利群城镇客户上柜」: brand 利群 on the 客户集 城镇客户 (rule 城乡分类=城镇), three whole
 *    months ending three months before the last day — finished.
 * Each 客户经理's targets sit a few points around what the manager reaches (a running
 * drive mostly short of them, a finished one about half met), rounded to 5%;
 * 上柜率 only where the demo's inspections give one. The micro test county (微型) gets the
 * running project only. A project whose name is already there is left as it is.
 */
import {
  addDays,
  dayOf,
  dayText,
  daysInMonth,
  monthOf,
  shiftMonth,
  textToDay,
  weekdayOf,
  yearOf,
  ymd,
} from '../../../common/days';
import { createSet, registerDemoExtension, seededRandom, type DemoContext } from '../masterdata';
import { RATES, snapshot } from './rates';
import { saveProject, specCount, type ManagerTarget, type ProjectInput } from './store';

/** The first day of the month `n` months after the month of `day` (n may be negative). */
const monthStart = (day: number, n: number) => {
  const { y, m } = shiftMonth(yearOf(day), monthOf(day), n);
  return ymd(y, m, 1);
};
const monthEnd = (day: number) => ymd(yearOf(day), monthOf(day), daysInMonth(yearOf(day), monthOf(day)));
/** The day before the same day `n` months later (clamped to the month's end): n whole months from `day`. */
const monthsFrom = (day: number, n: number) => {
  const { y, m } = shiftMonth(yearOf(day), monthOf(day), n);
  return addDays(ymd(y, m, Math.min(dayOf(day), daysInMonth(y, m))), -1);
};

/** A target 5-point step near `actual`, shifted by a random amount in [low, high]. */
function near(actual: number | null, random: () => number, low: number, high: number): number | null {
  if (actual === null) return null;
  const t = Math.round((actual + low + random() * (high - low)) * 20) / 20;
  return Math.min(0.95, Math.max(0.05, t));
}

function project(ctx: DemoContext, input: Omit<ProjectInput, 'targets'>, asOf: number, low: number, high: number) {
  const { db, random } = ctx;
  if (db.prepare('SELECT 1 FROM cultivation_projects WHERE name = ?').get(input.name)) return;
  // Saved first without targets, to read what each manager reaches, then with them.
  const p = saveProject(db, { ...input, targets: [] }, '示例数据');
  const snap = snapshot(db, p, Math.min(asOf, textToDay(p.to)));
  const targets: ManagerTarget[] = snap.managers
    .filter((m) => m.rates.customers > 0)
    .map((m) => {
      const t = { manager: m.manager } as ManagerTarget;
      for (const k of RATES) t[k] = near(m.rates[k], random, low, high);
      return t;
    });
  saveProject(db, { ...input, id: p.id, targets }, '示例数据');
}

export function generateCultivationDemo(demo: DemoContext): void {
  // a stream of its own (from the last day), so the extensions after this one draw what they drew before
  const ctx = { ...demo, random: seededRandom(demo.dayTo * 7 + 2) };
  const { db } = ctx;
  const end = ctx.dayTo;
  const created = (name: string) => !!db.prepare('SELECT 1 FROM code_sets WHERE name = ?').get(name);

  if (specCount(db, 'brand:七匹狼') > 0) {
    if (!created('七匹狼系列'))
      createSet(db, { name: '七匹狼系列', kind: 'products', rule: { field: '品牌', value: '七匹狼' } });
    const from = Math.max(ctx.dayFrom, addDays(addDays(end, -weekdayOf(end)), -56));
    const to = monthsFrom(from, 3);
    project(
      ctx,
      {
        name: '七匹狼系列三个月铺货',
        products: 'set:七匹狼系列',
        from: dayText(from),
        to: dayText(to),
        note: '三个月内七匹狼系列铺货率、重购率逐周提升，各客户经理按目标逐户推介',
      },
      end,
      -0.04,
      0.14,
    );
  }

  if (!ctx.tiny && specCount(db, 'brand:利群') > 0) {
    if (!created('城镇客户'))
      createSet(db, { name: '城镇客户', kind: 'retailers', rule: { field: '城乡分类', value: '城镇' } });
    const from = monthStart(end, -5);
    if (from >= ctx.dayFrom) {
      const to = monthEnd(monthStart(end, -3));
      project(
        ctx,
        {
          name: '利群城镇客户上柜',
          products: 'brand:利群',
          targetSet: '城镇客户',
          from: dayText(from),
          to: dayText(to),
          note: '城镇客户利群系列上柜与铺货',
        },
        to,
        -0.06,
        0.06,
      );
    }
  }
}

registerDemoExtension(generateCultivationDemo);
