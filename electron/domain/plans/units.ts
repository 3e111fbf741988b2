/**
 * Plan units (PRODUCT.md §4): quantities of a plan are integers in the unit the
 * clerk picked — hundredths of a 箱 (the default), whole 箱, or whole 条.
 * 1 箱 = 250 条, so one unit of '0.01箱' is 5/2 条: a conversion to 条 is a rational,
 * and comparisons with actual sales (条) are done exactly in integers.
 */
import { AppError } from '../../api/errors';

export const PLAN_UNITS = ['0.01箱', '箱', '条'] as const;
export type PlanUnit = (typeof PLAN_UNITS)[number];

/** 条 per unit as a fraction num/den. */
export const TIAO_PER_UNIT: Record<PlanUnit, { num: number; den: number }> = {
  '0.01箱': { num: 5, den: 2 },
  箱: { num: 250, den: 1 },
  条: { num: 1, den: 1 },
};

/** Thousandths of a 箱 per unit (a 箱 figure with up to 3 decimals is an integer of thousandths). */
const MILLI_XIANG_PER_UNIT: Record<PlanUnit, { num: number; den: number }> = {
  '0.01箱': { num: 10, den: 1 },
  箱: { num: 1000, den: 1 },
  条: { num: 4, den: 1 },
};

export function parseUnit(text: string | undefined): PlanUnit {
  if (text === undefined) return '0.01箱';
  const t = text.trim();
  if ((PLAN_UNITS as readonly string[]).includes(t)) return t as PlanUnit;
  throw new AppError('invalid_unit', `不认识的计划单位“${text}”，可选：0.01箱、箱、条`);
}

/** Parses a decimal 箱 figure exactly into thousandths of a 箱 ("1234.56" → 1234560). */
export function parseXiangMilli(text: string | number, what = '数量'): number {
  const s = typeof text === 'number' ? numberToPlainString(text) : text.trim();
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) throw new AppError('invalid_quantity', `${what}“${text}”不是有效的箱数（非负数，最多3位小数）`);
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  if (!Number.isSafeInteger(milli)) throw new AppError('invalid_quantity', `${what}“${text}”太大`);
  return milli;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n) || n < 0) return String(n);
  // At most 3 decimals are meaningful for 箱; more means the figure is not exact in any unit.
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** A 箱 figure as an integer count of `unit`; refused when the unit cannot hold it exactly. */
export function xiangToUnits(text: string | number, unit: PlanUnit, what = '数量'): number {
  const milli = parseXiangMilli(text, what);
  const per = MILLI_XIANG_PER_UNIT[unit];
  if ((milli * per.den) % per.num !== 0) {
    throw new AppError('not_representable', `${what} ${text} 箱不能用单位“${unit}”精确表示，请换单位或调整小数位`);
  }
  return (milli * per.den) / per.num;
}

/** Units → 条 as an exact fraction {num, den} (den 1 or 2). */
export function unitsToTiaoFraction(units: number, unit: PlanUnit): { num: number; den: number } {
  const p = TIAO_PER_UNIT[unit];
  return { num: units * p.num, den: p.den };
}

/** Units → 条 as a number (may be x.5 for odd hundredths of a 箱). */
export function unitsToTiao(units: number, unit: PlanUnit): number {
  const p = TIAO_PER_UNIT[unit];
  return (units * p.num) / p.den;
}

/** Units → 箱 for display. */
export function unitsToXiang(units: number, unit: PlanUnit): number {
  return unitsToTiao(units, unit) / 250;
}

/** The smallest whole number of units holding at least `tiao` 条 × ratio (a floor bound). */
export function tiaoToUnitsCeil(tiaoTimesRatioNum: bigint, ratioDen: bigint, unit: PlanUnit): number {
  const p = TIAO_PER_UNIT[unit];
  const num = tiaoTimesRatioNum * BigInt(p.den);
  const den = ratioDen * BigInt(p.num);
  return Number((num + den - 1n) / den);
}

/** The largest whole number of units not above `tiao` 条 × ratio (a ceiling bound). */
export function tiaoToUnitsFloor(tiaoTimesRatioNum: bigint, ratioDen: bigint, unit: PlanUnit): number {
  const p = TIAO_PER_UNIT[unit];
  return Number((tiaoTimesRatioNum * BigInt(p.den)) / (ratioDen * BigInt(p.num)));
}

/** A decimal ratio such as "0.9" as an exact fraction (up to 6 decimals). */
export function parseRatio(text: string | number, what = '比例'): { num: bigint; den: bigint } {
  // A weight typed as a number may carry binary noise (0.1 + 0.2): six decimals are plenty.
  const s =
    typeof text === 'number'
      ? Number.isFinite(text) && text >= 0
        ? String(Number(text.toFixed(6)))
        : String(text)
      : text.trim();
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(s);
  if (!m) throw new AppError('invalid_ratio', `${what}“${text}”不是有效的非负小数`);
  const dec = m[2] ?? '';
  return { num: BigInt(m[1] + dec), den: 10n ** BigInt(dec.length) };
}

/** What a breakdown splits: a quantity in a plan unit, or a 销售额 in 分. */
export type SplitUnit = PlanUnit | '分';

/** Formats units in their unit for messages: 1234 hundredths → "12.34箱"; 123456 分 → "1234.56元". */
export function formatUnits(units: number, unit: SplitUnit): string {
  if (unit === '分') {
    const sign = units < 0 ? '-' : '';
    const a = Math.abs(units);
    return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}元`;
  }
  if (unit === '0.01箱') {
    const sign = units < 0 ? '-' : '';
    const a = Math.abs(units);
    return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}箱`;
  }
  return `${units}${unit}`;
}

/**
 * A non-negative decimal (text or number) with at most `decimals` places as a whole count of
 * 10^−decimals ("12.5", 2 → 1250); null when it is not one (a negative number, letters, more places).
 */
function scaledDecimal(text: string | number, decimals: number): number | null {
  const s =
    typeof text === 'number'
      ? Number.isFinite(text) && text >= 0
        ? String(Number(text.toFixed(decimals)))
        : String(text)
      : text.trim();
  const m = new RegExp(`^(\\d+)(?:\\.(\\d{1,${decimals}}))?$`).exec(s);
  return m ? Number(m[1]) * 10 ** decimals + Number((m[2] ?? '').padEnd(decimals, '0')) : null;
}

function scaledOrRefuse(text: string | number, decimals: number, what: string, kind: string): number {
  const v = scaledDecimal(text, decimals);
  if (v === null) throw new AppError('invalid_amount', `${what}“${text}”不是有效的${kind}`);
  if (!Number.isSafeInteger(v)) throw new AppError('invalid_amount', `${what}“${text}”太大`);
  return v;
}

/**
 * A 销售额 in 万元 (decimal text or number, up to 6 decimals: exact to the 分) as 分:
 * "2856.71" → 2856710000.
 */
export function wanToFen(text: string | number, what = '销售额'): number {
  return scaledOrRefuse(text, 6, what, '万元数（非负数，最多6位小数，即精确到分）');
}

/** 分 → 万元 as exact decimal text (no trailing zeros): 2856710000 → "2856.71". */
export function fenToWanText(fen: number): string {
  const w = Math.floor(fen / 1_000_000);
  const rest = String(fen % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return rest ? `${w}.${rest}` : String(w);
}

/** A 元 figure with up to 2 decimals (单箱值 元/箱) as 分: "28567.1" → 2856710. */
export function yuanToFen(text: string | number, what = '金额'): number {
  return scaledOrRefuse(text, 2, what, '元数（非负数，最多2位小数）');
}

/** A percentage with up to 2 decimals (一类烟占比 45.5 means 45.5%) in hundredths of a percent: 4550. */
export function percentToBp(text: string | number, what = '占比'): number {
  const bp = scaledDecimal(typeof text === 'string' ? text.trim().replace(/[%％]$/, '') : text, 2);
  if (bp === null || bp > 10000)
    throw new AppError('invalid_ratio', `${what}“${text}”不是 0 到 100 之间的百分数（最多2位小数）`);
  return bp;
}
