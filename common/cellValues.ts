/**
 * One validator per editable grid column: the text a clerk types or pastes (from Excel or
 * WPS) → the value to keep, or a Chinese reason. The grids' cell editors, paste and fill
 * all go through the same validator, so a value that does not parse is never saved.
 * Pure functions: used by the renderer and by tests alike, so it imports nothing.
 */

export type CellResult<T = unknown> = { ok: true; value: T } | { ok: false; reason: string };
export type CellParser<T = unknown> = (text: string) => CellResult<T>;

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = <T>(reason: string): CellResult<T> => ({ ok: false, reason });

/** Full-width digits and signs become ASCII (「１２」→「12」, 「－５％」→「-5%」); the minus sign too. */
export function halfWidth(s: string): string {
  return s.normalize('NFKC').replace(/[\u2212\u2012\u2013]/g, '-');
}

const CHINESE_NUMERAL = /[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]/;

export interface NumberRule {
  /** for reasons when the column title is not obvious */
  label?: string;
  /** most decimals allowed; more are refused, never rounded away */
  decimals?: number;
  min?: number;
  max?: number;
  /**
   * A percentage column. 'points': the cell holds percentage points (12.5 means 12.5%), and
   * 「12.5%」 and 「12.5」 both give 12.5. 'fraction': the cell holds a fraction, 「12.5%」 gives
   * 0.125 and 「0.125」 stays 0.125. Without it a 「%」 is refused.
   */
  percent?: 'points' | 'fraction';
  /**
   * With percent 'fraction': a bare number (no 「%」) above this is taken as percentage points,
   * so 「95」 means 95% while 「0.95」 stays 0.95 (95%). The column's title says where the line is.
   */
  pointsAbove?: number;
  /** blank is refused instead of meaning 「清空」 */
  required?: boolean;
}

function fmtBound(v: number, rule: NumberRule): string {
  if (rule.percent === 'points') return `${v}%`;
  if (rule.percent === 'fraction') return `${+(v * 100).toFixed(6)}%`;
  return String(v);
}

function decimalsOfText(digits: string): number {
  const dot = digits.indexOf('.');
  if (dot < 0) return 0;
  return digits.slice(dot + 1).replace(/0+$/, '').length;
}

/** A number column: 「1,234.50」, 「１２」, 「12.5%」 (percent columns), 「(12)」 = −12, blank = 清空. */
export function numberParser(rule: NumberRule = {}): CellParser<number | null> {
  return (text) => {
    const raw = String(text ?? '').trim();
    const what = rule.label ? `${rule.label}` : '';
    let t = halfWidth(raw).replace(/[\s\u00a0]+/g, '');
    if (t === '') return rule.required ? bad(`${what}不能为空`) : ok(null);
    let negative = false;
    const paren = /^\((.*)\)$/.exec(t);
    if (paren) {
      negative = true;
      t = paren[1];
    }
    t = t.replace(/^[¥$]/, '');
    let pct = false;
    if (t.endsWith('%')) {
      pct = true;
      t = t.slice(0, -1);
    }
    if (t.includes(',')) {
      if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) return bad(`“${raw}”的千分位逗号位置不对`);
      t = t.replace(/,/g, '');
    }
    const m = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$/.exec(t);
    if (!m) {
      if (CHINESE_NUMERAL.test(t)) return bad(`“${raw}”不是数字，请用阿拉伯数字填写（如 12）`);
      return bad(`“${raw}”不是数字`);
    }
    if (m[1] === '-') negative = !negative;
    let value = Number(m[2] + (m[3] !== undefined ? `e${m[3]}` : ''));
    if (!Number.isFinite(value) || Math.abs(value) > 1e15) return bad(`“${raw}”太大，不是有效的数字`);
    // decimals as typed (after the exponent moves the point)
    let decs = Math.max(0, decimalsOfText(m[2]) - (m[3] !== undefined ? Number(m[3]) : 0));
    if (negative) value = -value;
    if (!pct && rule.percent === 'fraction' && rule.pointsAbove !== undefined && Math.abs(value) > rule.pointsAbove)
      pct = true;
    if (pct) {
      if (!rule.percent) return bad(`“${raw}”：这一列不填百分号`);
      if (rule.percent === 'fraction') {
        decs += 2;
        value = Number((value / 100).toFixed(Math.min(decs, 20)));
      }
    }
    if (value === 0) value = 0; // no −0
    if (rule.decimals !== undefined && decs > rule.decimals)
      return bad(
        rule.decimals === 0
          ? `“${raw}”应为整数`
          : `“${raw}”最多 ${rule.decimals} 位小数${rule.percent === 'fraction' ? '（按小数计）' : ''}`,
      );
    const { min, max } = rule;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      if (min !== undefined && max !== undefined)
        return bad(`“${raw}”超出范围：应在 ${fmtBound(min, rule)} 到 ${fmtBound(max, rule)} 之间`);
      if (min !== undefined) return bad(`“${raw}”不能小于 ${fmtBound(min, rule)}`);
      return bad(`“${raw}”不能大于 ${fmtBound(max!, rule)}`);
    }
    return ok(value);
  };
}

/** An integer column (档位, 份数, counts). */
export function intParser(rule: Omit<NumberRule, 'decimals' | 'percent'> = {}): CellParser<number | null> {
  return numberParser({ ...rule, decimals: 0 });
}

/** 档位 1–30; accepts 「30」, 「D30」, 「30档」, 「第30档」 as the import does. */
export function gradeParser(): CellParser<number | null> {
  return (text) => {
    const raw = String(text ?? '').trim();
    if (raw === '') return ok(null);
    const n = halfWidth(raw).replace(/\s+/g, '').toUpperCase();
    const m = /^(?:第)?D?(\d{1,2})(?:档)?$/.exec(n) ?? /^(\d{1,2})\.0+$/.exec(n);
    const v = m ? Number(m[1]) : NaN;
    if (!Number.isInteger(v) || v < 1 || v > 30)
      return bad(
        CHINESE_NUMERAL.test(n) ? `档位“${raw}”应为 1–30 的阿拉伯数字（如 12）` : `档位“${raw}”应为 1–30 的整数`,
      );
    return ok(v);
  };
}

function validYmd(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** A date column: 「2026-03-05」, 「2026/3/5」, 「2026.3.5」, 「2026年3月5日」, 「20260305」 → 「2026-03-05」. */
export function dateParser(rule: { required?: boolean } = {}): CellParser<string | null> {
  return (text) => {
    const raw = String(text ?? '').trim();
    if (raw === '') return rule.required ? bad('日期不能为空') : ok(null);
    const t = halfWidth(raw).replace(/\s+/g, '');
    const m =
      /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t) ??
      /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(t) ??
      /^(\d{4})(\d{2})(\d{2})$/.exec(t);
    if (!m) return bad(`“${raw}”不是日期，请写成 2026-03-05`);
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validYmd(y, mo, d)) return bad(`“${raw}”不是有效日期`);
    return ok(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  };
}

const fold = (s: string) => halfWidth(s).replace(/\s+/g, '').toUpperCase();

/** One of a list (性别, 学历, 线路编码…); blank = 清空 unless required. */
export function choiceParser(values: readonly string[], rule: { required?: boolean } = {}): CellParser<string | null> {
  const byFold = new Map(values.filter((v) => v !== '').map((v) => [fold(v), v]));
  return (text) => {
    const raw = String(text ?? '').trim();
    if (raw === '') return rule.required ? bad('不能为空') : ok(null);
    const hit = byFold.get(fold(raw));
    if (hit !== undefined) return ok(hit);
    const list = [...byFold.values()];
    const shown = list.length > 8 ? `${list.slice(0, 8).join('、')} 等 ${list.length} 项` : list.join('、');
    return bad(`“${raw}”不是可选的值（可选：${shown}）`);
  };
}

/** Free text (名称, 电话, 地址): trimmed, at most maxLength characters. */
export function textParser(rule: { required?: boolean; maxLength?: number } = {}): CellParser<string | null> {
  const max = rule.maxLength ?? 200;
  return (text) => {
    const t = String(text ?? '').trim();
    if (t === '') return rule.required ? bad('不能为空') : ok(null);
    if ([...t].length > max) return bad(`内容超过 ${max} 个字`);
    return ok(t);
  };
}

/** True when two cell values are the same for the grid (null and '' alike; numbers by value). */
export function sameCellValue(a: unknown, b: unknown): boolean {
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return String(a) === String(b);
}
