/**
 * Files for the command line: the 网建 report and the 月度考核表 as CSV or
 * xlsx, and the action lists as one workbook with a sheet per 客户经理. Numbers
 * stay numbers (rates as fractions with a % format); text that would start a
 * formula is neutralised.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { ActionRow, NetworkReport } from './compute';
import type { AssessmentReport } from './assessment';
import { monthLabel } from './period';

export interface Column {
  key: string;
  header: string;
  kind: 'text' | 'int' | 'pct' | 'num';
}

export interface Table {
  title: string;
  sheet: string;
  columns: Column[];
  rows: Record<string, unknown>[];
  note?: string;
}

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
    sheet: '达标情况',
    columns: [
      { key: 'key', header: r.by === 'county' ? '范围' : r.by === 'manager' ? '工号' : '线路编码', kind: 'text' },
      { key: 'label', header: SCOPE[r.by], kind: 'text' },
      { key: 'name', header: '指标', kind: 'text' },
      { key: 'numerator', header: '分子', kind: 'int' },
      { key: 'denominator', header: '分母', kind: 'int' },
      { key: 'value', header: '实际(比率)', kind: 'pct' },
      { key: 'amount', header: '实际(户数/分值)', kind: 'num' },
      { key: 'target', header: '目标(比率)', kind: 'pct' },
      { key: 'targetAmount', header: '目标(户数/分值)', kind: 'num' },
      { key: 'status', header: '状态', kind: 'text' },
    ],
    rows,
    note: `口径说明：${r.definitions.map((d) => d.definition).join('；')}${r.basis === 'current' ? '。本月无期末存档，分母按当前基础资料计算' : '。分母取自本月期末存档'}`,
  };
}

export function assessmentTable(a: AssessmentReport): Table {
  return {
    title: `客户经理月度考核表（${monthLabel(a.period)}）`,
    sheet: '月度考核',
    columns: [
      { key: 'rank', header: '名次', kind: 'int' },
      { key: 'key', header: '工号', kind: 'text' },
      { key: 'name', header: '姓名', kind: 'text' },
      ...a.scheme.items.map((i) => ({ key: `s_${i.code}`, header: `${i.name}(${i.weight})`, kind: 'num' as const })),
      { key: 'total', header: '总分', kind: 'num' },
    ],
    rows: a.rows.map((r) => ({ rank: r.rank, key: r.key, name: r.name, total: r.total, ...Object.fromEntries(r.items.map((i) => [`s_${i.code}`, i.score])) })),
    note: `考核方案：${a.scheme.name}。${a.notes.join('；')}`,
  };
}

const ACTION_COLUMNS: Column[] = [
  { key: 'managerName', header: '客户经理', kind: 'text' },
  { key: 'routeName', header: '线路', kind: 'text' },
  { key: 'retailerCode', header: '客户编码', kind: 'text' },
  { key: 'retailerName', header: '店名', kind: 'text' },
  { key: 'address', header: '地址', kind: 'text' },
  { key: 'phone', header: '电话', kind: 'text' },
  { key: 'grade', header: '档位', kind: 'int' },
  { key: 'reason', header: '需要做的事', kind: 'text' },
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
    sheet: m,
    columns: ACTION_COLUMNS,
    rows: list as unknown as Record<string, unknown>[],
  }));
}

const neutralise = (s: string) => (/^[=+\-@\t\r]/.test(s) ? "'" + s : s);

function sheetOf(t: Table): XLSX.WorkSheet {
  const aoa: unknown[][] = [[t.title], t.columns.map((c) => c.header)];
  for (const r of t.rows) aoa.push(t.columns.map((c) => (r[c.key] === null || r[c.key] === undefined ? null : c.kind === 'text' ? neutralise(String(r[c.key])) : Number(r[c.key]))));
  if (t.note) aoa.push([], [t.note]);
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  const fmt = { text: undefined, int: '0', pct: '0.00%', num: '0.00' } as const;
  for (let ri = 2; ri < 2 + t.rows.length; ri++) {
    t.columns.forEach((c, ci) => {
      const cell = ws[XLSX.utils.encode_cell({ r: ri, c: ci })];
      if (cell && cell.t === 'n' && fmt[c.kind]) cell.z = fmt[c.kind];
    });
  }
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: t.columns.length - 1 } }];
  ws['!cols'] = t.columns.map((c) => ({ wch: c.kind === 'text' ? 16 : 11 }));
  return ws;
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
    const lines = [t.columns.map((c) => esc(c.header)).join(','), ...t.rows.map((r) => t.columns.map((c) => esc(c.kind === 'text' && r[c.key] != null ? neutralise(String(r[c.key])) : r[c.key])).join(','))];
    fs.writeFileSync(file, '\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
    return file;
  }
  const wb = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const t of tables) {
    let name = t.sheet.replace(/[\\/?*[\]:]/g, '').slice(0, 31) || '表';
    let n = 2;
    while (used.has(name)) name = `${name.slice(0, 28)}(${n++})`;
    used.add(name);
    XLSX.utils.book_append_sheet(wb, sheetOf(t), name);
  }
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return file;
}
