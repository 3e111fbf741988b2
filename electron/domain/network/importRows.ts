/**
 * Reading the cells of 网建 imports (拜访记录, 检查记录, 目标): retailer and manager
 * lookups, inspection results (合格/不合格), visit ways and target periods.
 * Used by the import kinds in electron/domain/imports/kinds/.
 */
import type { Database } from 'better-sqlite3';
import { yyyymmText } from '../../../common/days';
import { ownerManagerId } from '../masterdata';
import type { Cell } from '../imports';
import { cellText, codeText, isBlank } from '../imports';

export type Lookup<T> = { ok: true; value: T } | { ok: false; reason: string };

export function retailerLookup(db: Database) {
  const byCode = new Map<string, { id: number; managerId: number | null }>();
  const byLicence = new Map<string, { id: number; managerId: number | null } | null>();
  const rows = db
    .prepare(`SELECT r.id, r.code, r.licence_no AS licence, ${ownerManagerId('r')} AS managerId FROM retailers r`)
    .all() as { id: number; code: string; licence: string | null; managerId: number | null }[];
  for (const r of rows) {
    byCode.set(r.code, { id: r.id, managerId: r.managerId });
    if (r.licence) byLicence.set(r.licence, byLicence.has(r.licence) ? null : { id: r.id, managerId: r.managerId });
  }
  return (code: Cell | undefined, licence: Cell | undefined): Lookup<{ id: number; managerId: number | null }> => {
    if (!isBlank(code)) {
      const k = codeText(code);
      const r = byCode.get(k);
      return r ? { ok: true, value: r } : { ok: false, reason: `未知的客户编码 ${k}` };
    }
    if (!isBlank(licence)) {
      const k = codeText(licence);
      const r = byLicence.get(k);
      if (r === undefined) return { ok: false, reason: `未知的许可证号 ${k}` };
      if (r === null) return { ok: false, reason: `许可证号 ${k} 对应多个客户，请改用客户编码` };
      return { ok: true, value: r };
    }
    return { ok: false, reason: '缺少客户编码' };
  };
}

/** A manager by 工号 or, when unique, by name. */
export function managerLookup(db: Database) {
  const byCode = new Map<string, number>();
  const byName = new Map<string, number[]>();
  for (const m of db.prepare('SELECT id, code, name FROM managers').all() as {
    id: number;
    code: string;
    name: string;
  }[]) {
    byCode.set(m.code, m.id);
    byName.set(m.name, [...(byName.get(m.name) ?? []), m.id]);
  }
  return (c: Cell | undefined): Lookup<{ id: number | null; code: string | null }> => {
    if (isBlank(c)) return { ok: true, value: { id: null, code: null } };
    const k = codeText(c);
    const id = byCode.get(k);
    if (id !== undefined) return { ok: true, value: { id, code: k } };
    const n = byName.get(k) ?? [];
    if (n.length > 1) return { ok: false, reason: `客户经理“${k}”有重名，请改用工号` };
    if (n.length === 1) {
      const code = [...byCode.entries()].find(([, v]) => v === n[0])![0];
      return { ok: true, value: { id: n[0], code } };
    }
    return { ok: false, reason: `未知的客户经理 ${k}` };
  };
}

const PASS = new Set(['合格', '是', '通过', '规范', '达标', '1', '√', '✓', '✔', 'Y', 'y', '正常', '良好']);
const FAIL = new Set(['不合格', '否', '不通过', '不规范', '未达标', '0', '×', '✗', '✘', 'X', 'x', 'N', 'n', '差']);
const NOT_CHECKED = new Set(['', '未检查', '未检', '—', '-', '/', '无']);

/** An inspection item: 1 passed, 0 failed, null not checked. */
export function parsePass(c: Cell | undefined, what: string): Lookup<0 | 1 | null> {
  if (typeof c === 'boolean') return { ok: true, value: c ? 1 : 0 };
  const t = cellText(c).normalize('NFKC').replace(/\s+/g, '');
  if (NOT_CHECKED.has(t)) return { ok: true, value: null };
  if (PASS.has(t)) return { ok: true, value: 1 };
  if (FAIL.has(t)) return { ok: true, value: 0 };
  return { ok: false, reason: `${what}“${cellText(c)}”应为 合格 / 不合格（或留空表示未检查）` };
}

/** 信息采集: done (是/已采集/完成/1) or not (否/未采集/blank). */
export function parseCollected(c: Cell | undefined): Lookup<0 | 1> {
  if (typeof c === 'boolean') return { ok: true, value: c ? 1 : 0 };
  const t = cellText(c).normalize('NFKC').replace(/\s+/g, '');
  if (['', '否', '未采集', '未完成', '0', '×', 'N', 'n', '无'].includes(t)) return { ok: true, value: 0 };
  if (['是', '已采集', '采集', '完成', '已完成', '1', '√', '✓', 'Y', 'y', '有'].includes(t))
    return { ok: true, value: 1 };
  return { ok: false, reason: `信息采集“${cellText(c)}”应为 是 / 否` };
}

/** 拜访方式: 实地 / 电话 / 网络 (blank allowed). */
export function parseWay(c: Cell | undefined): Lookup<string | null> {
  const t = cellText(c).normalize('NFKC').replace(/\s+/g, '');
  if (!t) return { ok: true, value: null };
  if (['实地', '上门', '走访', '实地拜访', '上门拜访', '现场'].includes(t)) return { ok: true, value: '实地' };
  if (['电话', '电话拜访', '电话回访'].includes(t)) return { ok: true, value: '电话' };
  if (['网络', '网上', '微信', '线上', '网络拜访', '视频'].includes(t)) return { ok: true, value: '网络' };
  return { ok: false, reason: `拜访方式“${cellText(c)}”应为 实地 / 电话 / 网络` };
}

const CN_Q: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** A target period: 2026 / 2026年 (year), 2026-Q1 / 2026年第一季度 (quarter), 2026-03 / 2026年3月 (month). */
export function parseTargetPeriod(c: Cell | undefined): Lookup<string> {
  if (typeof c === 'number' && Number.isInteger(c) && c >= 2000 && c <= 2100) return { ok: true, value: String(c) };
  if (typeof c === 'number' && Number.isInteger(c) && c >= 200001 && c <= 210012 && c % 100 >= 1 && c % 100 <= 12) {
    return { ok: true, value: yyyymmText(c) };
  }
  const t = cellText(c).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (!t) return { ok: false, reason: '缺少期间' };
  let m = /^(\d{4})年?(度)?$/.exec(t);
  if (m) return { ok: true, value: m[1] };
  m = /^(\d{4})[-/.年]?(?:第)?Q?([1-4一二三四])(?:季度?)$/.exec(t) ?? /^(\d{4})[-/.]?Q([1-4])$/.exec(t);
  if (m) return { ok: true, value: `${m[1]}-Q${CN_Q[m[2]]}` };
  m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12)
    return { ok: true, value: `${m[1]}-${String(Number(m[2])).padStart(2, '0')}` };
  return { ok: false, reason: `期间“${cellText(c)}”应为 2026、2026-Q1 或 2026-03` };
}

/** Splits a list of spec codes: 6901028001, 6901028002、… */
export function splitCodes(c: Cell | undefined): string[] {
  if (isBlank(c)) return [];
  return codeText(c)
    .split(/[,，、;；\s|/]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
