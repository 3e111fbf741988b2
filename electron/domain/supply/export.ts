/**
 * The week's plan in the layout the provincial system imports: one row per spec,
 * segment and 档位 with retailers, the columns and their headers as Settings
 * supplyExportColumns says (configurable on the 货源投放 page). The sheet is written by
 * common/xlsxTable (text cells neutralised) with no title or info line: the header first.
 */
import type { Database } from 'better-sqlite3';
import type { TableColumn, TableSpec } from '../../../common/table';
import type { IsoWeek } from '../../../common/days';
import { readSettings } from '../settings';
import { GRADES, readWeek, type WeekPlan } from './plan';

const TYPES: Record<string, TableColumn['type']> = {
  gradeNo: 'int',
  limit: 'int',
  retailers: 'int',
  total: 'int',
};

export function exportSpec(db: Database, week: IsoWeek): TableSpec {
  const plan = readWeek(db, week);
  return exportSpecOf(plan, readSettings(db).supplyExportColumns);
}

export function exportSpecOf(plan: WeekPlan, columns: { field: string; header: string }[]): TableSpec {
  const rows: Record<string, unknown>[] = [];
  for (const p of plan.plans)
    for (const s of p.segments)
      for (let g = GRADES; g >= 1; g--) {
        const n = s.retailers[g - 1];
        if (n === 0) continue;
        rows.push({
          week: plan.week,
          from: plan.from,
          to: plan.to,
          spec: p.spec,
          name: p.name,
          scope: s.label,
          grade: `D${g}`,
          gradeNo: g,
          limit: s.limits[g - 1],
          retailers: n,
          total: n * s.limits[g - 1],
        });
      }
  return {
    title: `货源投放 ${plan.week}`,
    sheetName: plan.week,
    columns: columns.map((c) => ({ key: c.field, title: c.header, type: TYPES[c.field] ?? 'text' })),
    rows,
  };
}
