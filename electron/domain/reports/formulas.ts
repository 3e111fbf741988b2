/**
 * The report formulas of DOMAIN.md, pure. Inputs are integer 条 and 分 and
 * counts; results are unrounded. A ratio whose base is 0 is undefined and
 * returned as null (shown as `—`), never 0 or Infinity.
 */

export const TIAO_PER_CASE = 250;

/** n / d, or null when d is 0 */
export function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

/** 同比 / 环比: (本期 − 基期) / 基期; null when the base is 0 */
export function growth(current: number, base: number): number | null {
  return base === 0 ? null : (current - base) / base;
}

/** 销量 in 箱 (display only) */
export const cases = (tiao: number) => tiao / TIAO_PER_CASE;
/** 销售额 in 万元 (display only) */
export const wanYuan = (fen: number) => fen / 1_000_000;

/** 单箱值 (元/箱) = 销售额(元) / 销量(箱) */
export function perCaseYuan(amountFen: number, volumeTiao: number): number | null {
  return volumeTiao === 0 ? null : ((amountFen / 100) * TIAO_PER_CASE) / volumeTiao;
}

/** 条均批发价 (元/条) = 销售额(元) / 销量(条) */
export function perTiaoYuan(amountFen: number, volumeTiao: number): number | null {
  return volumeTiao === 0 ? null : amountFen / 100 / volumeTiao;
}

/** 订足率 = Σ 订购量 / Σ 需求量 over lines with 需求量 > 0 */
export function fulfilment(qtyOnDemandLines: number, demand: number): number | null {
  return ratio(qtyOnDemandLines, demand);
}

/** 断货率 = lines with 需求量 > 0 and 订购量 = 0 / lines with 需求量 > 0 */
export function stockoutRate(stockoutLines: number, demandLines: number): number | null {
  return ratio(stockoutLines, demandLines);
}

/** 铺货率 = ordering retailers (who are in the denominator) / 正常经营 retailers */
export function distributionRate(orderingOperating: number, operating: number): number | null {
  return ratio(orderingOperating, operating);
}

/** 重购率 = retailers with ≥ 2 distinct order dates / retailers who ordered */
export function repeatRate(repeat: number, ordering: number): number | null {
  return ratio(repeat, ordering);
}

/** 动销率 (YC/T 455.3 style) = ordered this period / ordered in any of the previous three periods */
export function activeRate(orderedNow: number, orderedBefore: number): number | null {
  return ratio(orderedNow, orderedBefore);
}

/** 订足率 by order lines (the alternative basis) = lines supplied in full / lines with 需求量 > 0 */
export function fulfilmentByLines(fullLines: number, demandLines: number): number | null {
  return ratio(fullLines, demandLines);
}

/** 订足率 on the basis chosen in Settings. */
export function fulfilmentOn(
  basis: 'volume' | 'lines',
  s: { qtyDp: number; demand: number; linesFull: number; linesDp: number },
): number | null {
  return basis === 'lines' ? fulfilmentByLines(s.linesFull, s.linesDp) : fulfilment(s.qtyDp, s.demand);
}

/** 上柜率 = inspected retailers whose latest inspection shows the spec on the shelf / retailers inspected */
export function shelfRate(onShelf: number, inspected: number): number | null {
  return ratio(onShelf, inspected);
}

/** 户均订货量 (条) = 销量 / 订货户数 */
export function perCustomerTiao(volumeTiao: number, orderingCustomers: number): number | null {
  return ratio(volumeTiao, orderingCustomers);
}

/** Structure share: a part over the whole (一类烟占比 = 一类销量 / 总销量) */
export function share(part: number, whole: number): number | null {
  return ratio(part, whole);
}

/** Number of set bits of a day mask (bit d−1 = ordered on day d of the month). */
export function popcount(mask: number): number {
  let n = 0;
  let x = mask >>> 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/**
 * Sum-preserving rounding for display: each value rounded to `decimals`
 * places so that the rounded parts add up to the rounded total (largest
 * remainder; ties by position). Used where a printed column must foot.
 */
export function roundPreservingSum(values: number[], decimals: number): number[] {
  const f = 10 ** decimals;
  const scaled = values.map((v) => v * f);
  const total = Math.round(scaled.reduce((a, b) => a + b, 0));
  const floors = scaled.map((v) => Math.floor(v + 1e-9));
  let rest = total - floors.reduce((a, b) => a + b, 0);
  const order = scaled.map((v, i) => ({ i, r: v - Math.floor(v + 1e-9) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const out = floors.slice();
  for (let k = 0; rest > 0 && k < order.length; k++, rest--) out[order[k].i]++;
  return out.map((v) => v / f);
}

/** MAPE over pairs with a non-zero actual; null when there is none. */
export function mape(pairs: { actual: number; forecast: number }[]): number | null {
  const usable = pairs.filter((p) => p.actual !== 0);
  if (!usable.length) return null;
  return usable.reduce((s, p) => s + Math.abs(p.actual - p.forecast) / Math.abs(p.actual), 0) / usable.length;
}
