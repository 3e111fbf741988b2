/**
 * Files for the command line: the 网建 report and the 月度考核表 as CSV or
 * xlsx, and the action lists as one workbook with a sheet per 客户经理. The
 * tables are the shared table description (common/table) and the xlsx sheets
 * come from the shared writer: numbers stay numbers (rates as fractions with a
 * % format), text that would start a formula is neutralised.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TableColumn, TableSpec } from '../../../common/table';
import { neutralise, workbookFromSpecs, writeWorkbook } from '../../../common/xlsxTable';
import type { ActionRow, NetworkReport } from './compute';
import type { AssessmentReport } from './assessmentRules';
import { monthLabel } from './period';
import { writeWhole } from '../../api/appFiles';

/** A table written by the command line: always named for its sheet. */
export type Table = TableSpec & { sheetName: string };

// Column kinds of these files: text 16 characters wide, figures 11; rates and scores at 2 decimals.
const text = (key: string, title: string): TableColumn => ({ key, title, type: 'text', width: 16 });
const int = (key: string, title: string): TableColumn => ({ key, title, type: 'int', width: 11 });
const pct = (key: string, title: string): TableColumn => ({ key, title, type: 'percent', decimals: 2, width: 11 });
const num = (key: string, title: string): TableColumn => ({ key, title, type: 'number', decimals: 2, width: 11 });

const SCOPE = { county: '范围', manager: '客户经理', route: '线路' } as const;

export function networkTable(r: NetworkReport): Table {
  const rows: Record<string, unknown>[] = [];
  for (const row of r.rows) {
    for (const i of row.indicators) {
      rows.push({
        key: row.key,
        label: row.label,
        name: i.name,
        numerator: i.numerator,
        denominator: i.denominator,
        value: i.unit === 'rate' ? i.value : null,
        amount: i.unit === 'rate' ? null : i.value,
        target: i.unit === 'rate' ? i.target : null,
        targetAmount: i.unit === 'rate' ? null : i.target,
        status: i.status,
      });
    }
  }
  return {
    title: `网建指标达标情况表（${monthLabel(r.period)}）`,
    sheetName: '达标情况',
    columns: [
      text('key', r.by === 'county' ? '范围' : r.by === 'manager' ? '工号' : '线路编码'),
      text('label', SCOPE[r.by]),
      text('name', '指标'),
      int('numerator', '分子'),
      int('denominator', '分母'),
      pct('value', '实际(比率)'),
      num('amount', '实际(户数/分值)'),
      pct('target', '目标(比率)'),
      num('targetAmount', '目标(户数/分值)'),
      text('status', '状态'),
    ],
    rows,
    note: `${r.definitions.map((d) => d.definition).join('；')}${r.basis === 'current' ? '。本月无期末存档，分母按当前基础资料计算' : '。分母取自本月期末存档'}`,
  };
}

export function assessmentTable(a: AssessmentReport): Table {
  return {
    title: `客户经理月度考核表（${monthLabel(a.period)}）`,
    sheetName: '月度考核',
    columns: [
      int('rank', '名次'),
      text('key', '工号'),
      text('name', '姓名'),
      ...a.scheme.items.map((i) => num(`s_${i.code}`, `${i.name}(${i.weight})`)),
      num('total', '总分'),
    ],
    rows: a.rows.map((r) => ({
      rank: r.rank,
      key: r.key,
      name: r.name,
      total: r.total,
      ...Object.fromEntries(r.items.map((i) => [`s_${i.code}`, i.score])),
    })),
    note: `考核方案“${a.scheme.name}”。${a.notes.join('；')}`,
  };
}

const ACTION_COLUMNS: TableColumn[] = [
  text('managerName', '客户经理'),
  text('routeName', '线路'),
  text('retailerCode', '客户编码'),
  text('retailerName', '店名'),
  text('address', '地址'),
  text('phone', '电话'),
  int('grade', '档位'),
  text('reason', '需要做的事'),
];

/** One sheet per 客户经理 (in 工号 order) with the retailers behind an indicator. */
export function actionTables(indicatorName: string, period: string, rows: ActionRow[]): Table[] {
  const byManager = new Map<string, ActionRow[]>();
  for (const r of rows) {
    const k = r.managerCode ? `${r.managerName}（${r.managerCode}）` : '未分配客户经理';
    byManager.set(k, [...(byManager.get(k) ?? []), r]);
  }
  return [...byManager.entries()].map(([m, list]) => ({
    title: `${indicatorName}行动清单——${m}（${monthLabel(period)}）`,
    sheetName: m,
    columns: ACTION_COLUMNS,
    rows: list as unknown as Record<string, unknown>[],
  }));
}

export function writeTables(format: 'csv' | 'xlsx', out: string, tables: Table[]): string {
  const file = path.resolve(out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (format === 'csv') {
    const t = tables[0];
    const esc = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = [
      t.columns.map((c) => esc(c.title)).join(','),
      ...t.rows.map((r) =>
        t.columns
          .map((c) => esc(c.type === 'text' && r[c.key] != null ? neutralise(String(r[c.key])) : r[c.key]))
          .join(','),
      ),
    ];
    writeWhole(file, '\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
    return file;
  }
  // A title and the header under it: the period is in the title, so no line between them.
  const wb = workbookFromSpecs(tables, undefined, { infoLine: false });
  writeWhole(file, writeWorkbook(wb));
  return file;
}
