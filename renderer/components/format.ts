/**
 * Display formats of Chinese office habit (PRODUCT.md): 箱 and 万元 with two
 * decimals, rates as percentages with two decimals, signed 同比/环比, `—` for an
 * undefined ratio. Stored values stay integers (条, 分); rounding happens only here.
 */
export const TIAO_PER_CASE = 250;
export const DASH = '—';

function fixed(n: number, d: number): string {
  return n.toLocaleString('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
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
  return Math.round(n).toLocaleString('zh-CN');
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

/** 同比/环比: +12.30% / -4.00% */
export function fmtSignedPct(rate: number | null | undefined, decimals = 2): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return DASH;
  const s = fixed(Math.abs(rate) * 100, decimals) + '%';
  return rate > 0 ? '+' + s : rate < 0 ? '-' + s : s;
}

/** percentage points: 超欠进度 */
export function fmtPoints(diff: number | null | undefined, decimals = 2): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return DASH;
  const s = fixed(Math.abs(diff) * 100, decimals) + '个百分点';
  return diff > 0 ? '+' + s : diff < 0 ? '-' + s : s;
}

/** 2026-03 → 2026年3月 */
export function fmtMonth(ym: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(ym);
  return m ? `${m[1]}年${Number(m[2])}月` : ym;
}

export function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
