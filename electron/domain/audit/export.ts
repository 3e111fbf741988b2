/**
 * 审计日志 to Excel: one sheet with a title row, the filter it was taken with,
 * and one row per change in a clerk's words (local time, person, module,
 * operation, the record by name, the changed fields with their labels and
 * units), the raw values before and after as JSON text in the last columns.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { TableColumn } from '../../../common/table';
import { sheetFromSpec, writeWorkbook } from '../../../common/xlsxTable';
import type { AuditFilter, AuditRow } from './query';
import { MODULE_LABELS } from './query';
import { localTimeText } from '../../../common/days';
import { writeWhole } from '../../api/appFiles';

/** Plain columns: 序号 as a bare number, everything else as text (neutralised like every export). */
const COLUMNS: TableColumn[] = [
  { key: 'seq', title: '序号', width: 6 },
  { key: 'at', title: '时间', width: 20 },
  { key: 'login', title: '登录名', width: 12 },
  { key: 'name', title: '姓名', width: 12 },
  { key: 'via', title: '方式', width: 8 },
  { key: 'module', title: '模块', width: 12 },
  { key: 'action', title: '操作', width: 16 },
  { key: 'record', title: '记录', width: 32 },
  { key: 'change', title: '修改内容', width: 50 },
  { key: 'before', title: '修改前（原始数据）', width: 30 },
  { key: 'after', title: '修改后（原始数据）', width: 30 },
];

/** Local wall-clock time, as the clerk reads it: 2026-03-15 14:05:09. */
export const localTime = (iso: string): string => localTimeText(iso, true);

export function describeFilter(f: AuditFilter): string {
  const parts: string[] = [];
  if (f.from || f.to) parts.push(`日期：${f.from ?? '最早'} 至 ${f.to ?? '今天'}`);
  if (f.person) parts.push(`人员：${f.person}`);
  if (f.module) parts.push(`模块：${MODULE_LABELS[f.module] ?? f.module}`);
  if (f.method) parts.push(`功能：${f.method}`);
  if (f.record) parts.push(`记录：${f.record}`);
  return parts.length ? parts.join('；') : '全部记录';
}

/** Excel keeps at most 32,767 characters in a cell. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 32000 ? s.slice(0, 32000) + '…（已截断）' : s;
}

export function auditSheetRows(rows: Iterable<AuditRow>): Record<string, string | number>[] {
  const out: Record<string, string | number>[] = [];
  let n = 0;
  for (const r of rows) {
    n++;
    out.push({
      seq: n,
      at: localTime(r.at),
      login: r.userLogin,
      name: r.userName,
      via: r.viaLabel,
      module: r.moduleLabel,
      action: r.actionLabel,
      record: r.recordLabel,
      change: r.changeText,
      before: cellText(r.before),
      after: cellText(r.after),
    });
  }
  return out;
}

export function writeAuditXlsx(
  file: string,
  unitName: string,
  f: AuditFilter,
  rows: Iterable<AuditRow>,
): { file: string; rows: number } {
  const body = auditSheetRows(rows);
  const spec = { title: `${unitName ? unitName + ' ' : ''}审计日志`, columns: COLUMNS, rows: body };
  const ws = sheetFromSpec(spec, undefined, {
    infoLine: `${describeFilter(f)}　导出时间：${localTime(new Date().toISOString())}`,
  });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '审计日志');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeWhole(file, writeWorkbook(wb));
  return { file, rows: body.length };
}
