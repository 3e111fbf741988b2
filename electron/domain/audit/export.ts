/**
 * 审计日志 to Excel: one sheet with a title row, the filter it was taken with,
 * and one row per change (local time, person, module, method, record, values
 * before and after as JSON text).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { AuditFilter, AuditRow } from './query';
import { MODULE_LABELS } from './query';

const HEADER = ['序号', '时间', '登录名', '姓名', '方式', '模块', '功能', '操作', '记录', '修改前', '修改后'];

/** Local wall-clock time, as the clerk reads it: 2026-03-15 14:05:09. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

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

export function auditSheetRows(rows: Iterable<AuditRow>): (string | number)[][] {
  const out: (string | number)[][] = [];
  let n = 0;
  for (const r of rows) {
    n++;
    out.push([n, localTime(r.at), r.userLogin, r.userName, r.viaLabel, r.moduleLabel, r.method, r.action, r.record ?? '', cellText(r.before), cellText(r.after)]);
  }
  return out;
}

export function writeAuditXlsx(file: string, unitName: string, f: AuditFilter, rows: Iterable<AuditRow>): { file: string; rows: number } {
  const body = auditSheetRows(rows);
  const title = `${unitName ? unitName + ' ' : ''}审计日志`;
  const aoa: (string | number)[][] = [[title], [`${describeFilter(f)}　导出时间：${localTime(new Date().toISOString())}`], HEADER, ...body];
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!merges'] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: HEADER.length - 1 } },
    { s: { r: 1, c: 0 }, e: { r: 1, c: HEADER.length - 1 } },
  ];
  ws['!cols'] = [6, 20, 12, 12, 8, 12, 22, 16, 24, 40, 40].map((wch) => ({ wch }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '审计日志');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  fs.writeFileSync(file, buf);
  return { file, rows: body.length };
}
