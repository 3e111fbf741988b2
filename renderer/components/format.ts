/**
 * Display formats of Chinese office habit (PRODUCT.md): 箱 and 万元 with two
 * decimals, rates as percentages with two decimals, signed 同比/环比, `—` for an
 * undefined ratio. Stored values stay integers (条, 分); rounding happens only here.
 */
import { todayText } from '../../common/days';
export const TIAO_PER_CASE = 250;
export const DASH = '—';

/** True when a formatted number shows only zeros ("0.00", "-0.00"): it rounded to zero. */
function roundsToZero(text: string): boolean {
  return !/[1-9]/.test(text);
}

/** Fixed decimals; a value that rounds to zero shows no minus sign ("0.00", never "-0.00"). */
function fixed(n: number, d: number): string {
  const s = n.toLocaleString('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
  return s.startsWith('-') && roundsToZero(s) ? s.slice(1) : s;
}

/** "+" or "-" before a value's absolute text, none when the text rounded to zero. */
function signed(value: number, absText: string): string {
  if (roundsToZero(absText)) return absText;
  return (value > 0 ? '+' : '-') + absText;
}

/** 条 → 箱 with two decimals */
export function fmtCases(tiao: number | null | undefined, decimals = 2): string {
  if (tiao === null || tiao === undefined || Number.isNaN(tiao)) return DASH;
  return fixed(tiao / TIAO_PER_CASE, decimals);
}

/** 分 → 万元 */
export function fmtWan(fen: number | null | undefined, decimals = 2): string {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return DASH;
  return fixed(fen / 1_000_000, decimals);
}

/** 分 → 元 */
export function fmtYuan(fen: number | null | undefined, decimals = 2): string {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return DASH;
  return fixed(fen / 100, decimals);
}

export function fmtInt(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  // + 0 turns the -0 of Math.round(-0.4) into 0
  return (Math.round(n) + 0).toLocaleString('zh-CN');
}

export function fmtNumber(n: number | null | undefined, decimals = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return fixed(n, decimals);
}

/** a fraction (0.738) → 73.80% */
export function fmtPct(rate: number | null | undefined, decimals = 2): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return DASH;
  return fixed(rate * 100, decimals) + '%';
}

/** 同比/环比: +12.30% / -4.00%; a change that rounds to zero shows 0.00% */
export function fmtSignedPct(rate: number | null | undefined, decimals = 2): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return DASH;
  return signed(rate, fixed(Math.abs(rate) * 100, decimals) + '%');
}

/** percentage points: 超欠进度 */
export function fmtPoints(diff: number | null | undefined, decimals = 2): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return DASH;
  return signed(diff, fixed(Math.abs(diff) * 100, decimals) + '个百分点');
}

/** 2026-03 → 2026年3月 */
export function fmtMonth(ym: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(ym);
  return m ? `${m[1]}年${Number(m[2])}月` : ym;
}

export const todayIso = (): string => todayText();
