/**
 * 销售情况表 (DOMAIN.md "Sales figures"): per key of a dimension, 销量, 销售额,
 * 需求量 for the period, 同期, 上期 and 本年累计 (with its 同期), and the
 * derived 单箱值, 条均批发价, 结构, 同比, 环比, 累计同比, 订足率. Figures stay in
 * 条 and 分; rates are unrounded fractions or null when the base is 0.
 */
import type { Database } from 'better-sqlite3';
import { type Period, comparisonPeriods, fmtDay } from './periods';
import { customerScope, productScope } from '../masterdata';
import { reportFrame, type ReportFrame } from './frame';
import { type Dim, type QueryScope, type Sums, keyNames, lastOrderDay, orderKeys, sumsBy, zeroSums } from './query';
import { fulfilmentOn, growth, perCaseYuan, perTiaoYuan, share, stockoutRate } from './formulas';
import { readSettings } from '../settings';

export interface SalesInput {
  period: Period;
  scope?: string;
  products?: string;
  by: Dim;
}

export interface SalesFigures {
  volumeTiao: number;
  amountFen: number;
  demandTiao: number;
  volumeTiaoLastYear: number;
  amountFenLastYear: number;
  volumeTiaoPrev: number | null;
  amountFenPrev: number | null;
  volumeTiaoYtd: number;
  amountFenYtd: number;
  volumeTiaoYtdLastYear: number;
  amountFenYtdLastYear: number;
  /** 单箱值 (元/箱), this period and 同期 */
  perCaseYuan: number | null;
  perCaseYuanLastYear: number | null;
  /** 条均批发价 (元/条) */
  perTiaoYuan: number | null;
  /** 结构: share of the total 销量 / 销售额 */
  volumeShare: number | null;
  amountShare: number | null;
  yoyVolume: number | null;
  yoyAmount: number | null;
  momVolume: number | null;
  momAmount: number | null;
  ytdYoyVolume: number | null;
  ytdYoyAmount: number | null;
  /** 订足率 = Σ订购量 / Σ需求量 over lines with 需求量 > 0 */
  fulfilment: number | null;
  /** 断货率 */
  stockoutRate: number | null;
}

export interface SalesRow extends SalesFigures {
  key: string;
  name: string;
}

export interface SalesReport extends ReportFrame {
  report: 'sales';
  /** which 订足率 definition was used (Settings → fulfilmentBasis) */
  fulfilmentBasis: 'volume' | 'lines';
  /** null for a week 53 whose previous year has no week 53 (同期 figures are then 0 and 同比 —) */
  lastYear: { from: string; to: string } | null;
  previous: { from: string; to: string } | null;
  ytd: { from: string; to: string };
  rows: SalesRow[];
  total: SalesFigures;
}

function figures(
  cur: Sums,
  ly: Sums,
  prev: Sums | null,
  ytd: Sums,
  ytdLy: Sums,
  total: Sums,
  basis: 'volume' | 'lines',
): SalesFigures {
  return {
    volumeTiao: cur.qty,
    amountFen: cur.amount,
    demandTiao: cur.demand,
    volumeTiaoLastYear: ly.qty,
    amountFenLastYear: ly.amount,
    volumeTiaoPrev: prev ? prev.qty : null,
    amountFenPrev: prev ? prev.amount : null,
    volumeTiaoYtd: ytd.qty,
    amountFenYtd: ytd.amount,
    volumeTiaoYtdLastYear: ytdLy.qty,
    amountFenYtdLastYear: ytdLy.amount,
    perCaseYuan: perCaseYuan(cur.amount, cur.qty),
    perCaseYuanLastYear: perCaseYuan(ly.amount, ly.qty),
    perTiaoYuan: perTiaoYuan(cur.amount, cur.qty),
    volumeShare: share(cur.qty, total.qty),
    amountShare: share(cur.amount, total.amount),
    yoyVolume: growth(cur.qty, ly.qty),
    yoyAmount: growth(cur.amount, ly.amount),
    momVolume: prev ? growth(cur.qty, prev.qty) : null,
    momAmount: prev ? growth(cur.amount, prev.amount) : null,
    ytdYoyVolume: growth(ytd.qty, ytdLy.qty),
    ytdYoyAmount: growth(ytd.amount, ytdLy.amount),
    fulfilment: fulfilmentOn(basis, cur),
    stockoutRate: stockoutRate(cur.linesOut, cur.linesDp),
  };
}

/** Maps last year's month keys onto this year's (2025-03 → 2026-03) for the by-month table. */
function shiftMonthKeys(m: Map<string, Sums>, years: number): Map<string, Sums> {
  const out = new Map<string, Sums>();
  for (const [k, v] of m) {
    const r = /^(\d{4})-(\d{2})$/.exec(k);
    out.set(r ? `${Number(r[1]) + years}-${r[2]}` : k, v);
  }
  return out;
}

function total(m: Map<string, Sums>): Sums {
  const t = zeroSums();
  for (const s of m.values()) {
    t.qty += s.qty;
    t.demand += s.demand;
    t.amount += s.amount;
    t.qtyDp += s.qtyDp;
    t.lines += s.lines;
    t.linesDp += s.linesDp;
    t.linesOut += s.linesOut;
    t.linesFull += s.linesFull;
  }
  return t;
}

export interface SalesOptions {
  /** skip 上期 and 本年累计 (the CLI's contract body does not carry them) */
  lean?: boolean;
}

export function salesReport(db: Database, input: SalesInput, opts: SalesOptions = {}): SalesReport {
  const p = input.period;
  const scope: QueryScope = {
    customers: customerScope(db, input.scope, p.to),
    products: productScope(db, input.products),
  };
  const cmp = comparisonPeriods(p, lastOrderDay(db));
  const { lastYear: ly, previous: prev, ytd, ytdLastYear: ytdLy } = cmp;
  const by = input.by;
  const basis = readSettings(db).fulfilmentBasis;
  const cur = sumsBy(db, p, scope, by);
  // Only 销量 and 销售额 are shown for 同期, 上期 and 本年累计.
  const light = { qtyAmountOnly: true };
  const lyRaw = ly ? sumsBy(db, ly, scope, by, undefined, light) : new Map<string, Sums>();
  const lyM = by === 'month' ? shiftMonthKeys(lyRaw, 1) : lyRaw;
  const lean = opts.lean || by === 'month';
  const prevM = !lean && prev ? sumsBy(db, prev, scope, by, undefined, light) : null;
  const sameYtd = ytd.from === p.from && ytd.to === p.to;
  const ytdM = lean ? null : sameYtd ? cur : sumsBy(db, ytd, scope, by, undefined, light);
  const ytdLyM = lean ? null : sameYtd ? lyM : sumsBy(db, ytdLy, scope, by, undefined, light);

  const curT = total(cur),
    lyT = total(lyM);
  const prevT = prevM ? total(prevM) : null;
  const ytdT = ytdM ? total(ytdM) : zeroSums(),
    ytdLyT = ytdLyM ? total(ytdLyM) : zeroSums();
  const keys = orderKeys(by, [...cur.keys(), ...lyM.keys()]);
  const names = keyNames(db, by, keys);
  const z = zeroSums();
  const rows: SalesRow[] = keys.map((k) => ({
    key: k,
    name: names.get(k) ?? k,
    ...figures(
      cur.get(k) ?? z,
      lyM.get(k) ?? z,
      prevM ? (prevM.get(k) ?? z) : null,
      ytdM?.get(k) ?? z,
      ytdLyM?.get(k) ?? z,
      curT,
      basis,
    ),
  }));
  const totalFig = figures(curT, lyT, prevT, ytdT, ytdLyT, curT, basis);
  if (lean) {
    for (const r of [...rows, totalFig] as SalesFigures[]) {
      if (!prevM) {
        r.volumeTiaoPrev = null;
        r.amountFenPrev = null;
        r.momVolume = null;
        r.momAmount = null;
      }
      if (!ytdM) {
        r.ytdYoyVolume = null;
        r.ytdYoyAmount = null;
      }
    }
  }
  return {
    report: 'sales',
    fulfilmentBasis: basis,
    ...reportFrame(p, cmp.through, scope, by),
    lastYear: ly ? { from: fmtDay(ly.from), to: fmtDay(ly.to) } : null,
    previous: prev ? { from: fmtDay(prev.from), to: fmtDay(prev.to) } : null,
    ytd: { from: fmtDay(ytd.from), to: fmtDay(ytd.to) },
    rows,
    total: totalFig,
  };
}
