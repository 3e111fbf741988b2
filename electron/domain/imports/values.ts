/**
 * Reading cell values: calendar dates without a time zone, quantities in 条,
 * money in 分. Every parser returns a value or a Chinese reason; none guesses.
 */
import { dayOfDate, isValidYmd, ymd } from '../../../common/days';
import { numberParser } from '../../../common/cellValues';

export type Cell = string | number | boolean | null;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

export function isBlank(c: Cell | undefined): boolean {
  return c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
}

export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(c);
  return String(c).trim();
}

/** A code column: numbers written by Excel as 4.201e11 are turned back into digits; a leading ' dropped. */
export function codeText(c: Cell | undefined): string {
  if (typeof c === 'number') return Number.isInteger(c) ? c.toFixed(0) : String(c);
  const t = cellText(c);
  return t.charCodeAt(0) === 39 ? t.slice(1) : t;
}

/** Imports accept years 1900–2100. */
const validYmd = (y: number, m: number, d: number) => y >= 1900 && y <= 2100 && isValidYmd(y, m, d);

/** Excel serial → yyyymmdd by arithmetic in UTC, so no local time zone can shift it. */
export function serialToDay(serial: number, date1904 = false): number | null {
  if (!Number.isFinite(serial)) return null;
  let whole = Math.floor(serial + 1e-9);
  if (date1904) whole += 1462;
  if (whole < 1 || whole > 73050) return null;
  // Serial 60 is Lotus's 1900-02-29, which never existed.
  if (whole === 60) return null;
  if (whole < 60) whole += 1;
  const ms = Date.UTC(1899, 11, 30) + whole * 86400000;
  return dayOfDate(new Date(ms));
}

const TEXT_DATE = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

const dateCache = new Map<string, Parsed<number>>();

/** A calendar date as yyyymmdd from a date cell's serial, a number like 20150331, or text. */
export function parseDay(c: Cell | undefined, what: string, date1904 = false): Parsed<number | null> {
  if (isBlank(c)) return ok(null);
  if (typeof c === 'number') {
    if (c >= 19000101 && c <= 21001231 && Number.isInteger(c)) {
      const y = Math.floor(c / 10000),
        m = Math.floor(c / 100) % 100,
        d = c % 100;
      return validYmd(y, m, d) ? ok(c) : bad(`${what}“${c}”不是有效日期`);
    }
    const day = serialToDay(c, date1904);
    return day === null ? bad(`${what}“${c}”不是有效日期`) : ok(day);
  }
  const text = String(c).trim();
  const hit = dateCache.get(text);
  if (hit) return hit.ok ? hit : bad(`${what}${hit.reason}`);
  let r: Parsed<number> = bad(`“${text}”不是可识别的日期（可用 2026-03-31、2026/3/31、2026年3月31日、20260331）`);
  const t = text.normalize('NFKC').replace(/\s+(?=\d{1,2}:)/, ' ');
  for (const re of TEXT_DATE) {
    const m = re.exec(t);
    if (m) {
      const y = Number(m[1]),
        mo = Number(m[2]),
        d = Number(m[3]);
      r = validYmd(y, mo, d) ? ok(ymd(y, mo, d)) : bad(`“${text}”不是有效日期`);
      break;
    }
  }
  if (dateCache.size > 5000) dateCache.clear();
  dateCache.set(text, r);
  return r.ok ? r : bad(`${what}${r.reason}`);
}

export { dayText as dayToIso, textToDay as isoToDay } from '../../../common/days';

/**
 * Text that is a plain decimal (-?digits, optionally .digits: what PLAIN_DECIMAL matched) as its
 * number, else NaN: most cells, read without a pattern or the clean-up of the full rule.
 */
function plainDecimal(t: string): number {
  const n = t.length;
  let i = n > 0 && t.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let dot = -1;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c !== 46 || dot >= 0) return NaN;
    dot = i;
  }
  if (i === start || dot === start || dot === n - 1) return NaN;
  return Number(t);
}
/** The grids' number rule (common/cellValues.ts), so a cell reads the same typed in a grid or imported. */
const numberCell = numberParser();

/**
 * A decimal number from a cell, or the reason it is not one. Text is read by
 * the grids' number rule: thousands separators where they belong (「1,234」),
 * full-width digits, spaces and non-breaking spaces (a web page's &nbsp;)
 * anywhere, a leading ¥.
 */
export function readDecimal(c: Cell | undefined): Parsed<number | null> {
  if (c === null || c === undefined || isBlank(c)) return ok(null);
  if (typeof c === 'number') return Number.isFinite(c) ? ok(c) : bad(`“${cellText(c)}”不是数字`);
  if (typeof c === 'boolean') return bad(`“${cellText(c)}”不是数字`);
  // Most cells are plain decimals: read them without the clean-up of the full rule.
  const plain = plainDecimal(c);
  if (plain === plain) return ok(plain);
  const r = numberCell(c.replace(/^\s*[¥￥]\s*/, ''));
  return r.ok ? ok(r.value) : bad(r.reason);
}

/** A finite number cell or plain decimal text as its number, else NaN (then readDecimal decides). */
function quickDecimal(c: Cell | undefined): number {
  if (typeof c === 'string') return plainDecimal(c);
  return typeof c === 'number' && Number.isFinite(c) ? c : NaN;
}

/** A decimal number from a cell (see readDecimal), 'bad' when it is not one. */
export function parseDecimal(c: Cell | undefined): number | null | 'bad' {
  const r = readDecimal(c);
  return r.ok ? r.value : 'bad';
}

/**
 * The number in a quantity or money cell (see readDecimal), or the answer to give
 * instead: blank (null) or the reason it is refused, named by `what` — not a number,
 * or negative where that is not allowed. Plain numbers come back without allocating.
 */
function readNumber(c: Cell | undefined, what: string, allowNegative: boolean): number | Parsed<null> {
  let v = quickDecimal(c);
  if (v !== v) {
    const n = readDecimal(c);
    if (!n.ok) return bad(`${what}${n.reason}`);
    if (n.value === null) return ok(null);
    v = n.value;
  }
  if (v < 0 && !allowNegative) return bad(`${what}“${cellText(c)}”为负数`);
  return v;
}

/**
 * A quantity in 条. `factor` is 250 when the column is in 箱. Negative,
 * non-numeric and non-whole-条 values are refused.
 */
export function parseTiao(c: Cell | undefined, what: string, factor: number): Parsed<number | null> {
  const v = readNumber(c, what, false);
  if (typeof v !== 'number') return v;
  const tiao = v * factor;
  const r = Math.round(tiao);
  if (Math.abs(tiao - r) > 1e-6) return bad(`${what}“${cellText(c)}”${factor === 1 ? '不是整条' : '换算后不是整条'}`);
  return ok(r);
}

/** Money in 分 from 元 (factor 100) or 万元 (factor 1,000,000); sub-分 amounts are refused. */
export function parseFen(
  c: Cell | undefined,
  what: string,
  factor: number,
  allowNegative = false,
): Parsed<number | null> {
  const v = readNumber(c, what, allowNegative);
  if (typeof v !== 'number') return v;
  const fen = v * factor;
  const r = Math.round(fen);
  if (Math.abs(fen - r) > 1e-6 * Math.max(1, Math.abs(fen))) return bad(`${what}“${cellText(c)}”精确到分以下`);
  return ok(r);
}
