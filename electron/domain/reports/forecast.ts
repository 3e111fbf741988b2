/**
 * 需求预测: the next 1–3 months of 销量 per spec, 品牌 or 价类 from monthly history.
 *
 * Method (同期春节对齐 × 近12月趋势): forecast(month) = the same month last year,
 * with January and February swapped when the Spring Festival falls in the other
 * of the two months that year (春节 alignment, as plans do it), times the trend
 * g = Σ last 12 complete months / Σ the 12 months before them (clamped to
 * 0.5–2; 1 when there is not two years of history).
 * Yardstick (同月去年): forecast(month) = the same calendar month last year.
 * Both are backtested one month ahead over the last 12 complete months (each
 * month forecast from the data before it) and their MAPE shown side by side;
 * the verdict says plainly whether the method beats the yardstick.
 */
import type { Database } from 'better-sqlite3';
import { yyyymmText } from '../../../common/days';
import { addMonths, daysInMonth } from './periods';
import { mape } from './formulas';
import { springFestivalMonth } from '../plans';
import { PRICE_CLASSES as CLASSES } from '../masterdata';
import { AppError } from '../../api/errors';

export type Series = Map<number, number>; // yyyymm → 条

const val = (s: Series, k: number) => s.get(k) ?? 0;

const festivalMonths = new Map<number, number>();
/** 春节's month (1 or 2), cached: the lunar calendar is slow to compute. */
function festivalMonth(y: number): number {
  let m = festivalMonths.get(y);
  if (m === undefined) festivalMonths.set(y, (m = springFestivalMonth(y)));
  return m;
}

/** The month a year before `k` that corresponds to `k` once 春节 is aligned. */
export function alignedLastYear(k: number): number {
  const y = Math.floor(k / 100),
    m = k % 100;
  if (m <= 2 && festivalMonth(y) !== festivalMonth(y - 1)) return (y - 1) * 100 + (m === 1 ? 2 : 1);
  return (y - 1) * 100 + m;
}

/** Trend from data up to and including `origin`: Σ last 12 months / Σ the 12 before; null without two full years. */
export function trendFactor(s: Series, origin: number, firstMonth: number): number | null {
  if (addMonths(origin, -23) < firstMonth) return null;
  let a = 0,
    b = 0;
  for (let i = 0; i < 12; i++) {
    a += val(s, addMonths(origin, -i));
    b += val(s, addMonths(origin, -12 - i));
  }
  if (b === 0) return null;
  return Math.min(2, Math.max(0.5, a / b));
}

/** Forecast of month `target` from data up to `origin` (target − origin ≤ 12). */
export function methodForecast(s: Series, origin: number, target: number, firstMonth: number): number {
  const g = trendFactor(s, origin, firstMonth) ?? 1;
  return val(s, alignedLastYear(target)) * g;
}

export function naiveForecast(s: Series, target: number): number {
  return val(s, addMonths(target, -12));
}

export interface Backtest {
  month: string;
  actual: number;
  forecast: number;
  naive: number;
}

const label = yyyymmText;

/** One-month-ahead backtest over the `n` complete months ending at `last`, where history allows. */
export function backtest(s: Series, last: number, firstMonth: number, n = 12): Backtest[] {
  const out: Backtest[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const t = addMonths(last, -i);
    if (addMonths(t, -12) < firstMonth) continue; // no same month last year to stand on
    out.push({
      month: label(t),
      actual: val(s, t),
      forecast: methodForecast(s, addMonths(t, -1), t, firstMonth),
      naive: naiveForecast(s, t),
    });
  }
  return out;
}

export interface ForecastResult {
  key: string;
  name: string;
  history: { month: string; volumeTiao: number }[];
  forecast: { month: string; volumeTiao: number; naiveTiao: number }[];
  backtest: Backtest[];
  /** MAPE of the method and of the yardstick over the backtest; null without usable months */
  mape: number | null;
  naiveMape: number | null;
  /** true: beats the yardstick; false: does not; null: not enough history to tell */
  beatsNaive: boolean | null;
  verdict: string;
  trend: number | null;
}

export function forecastSeries(
  key: string,
  name: string,
  s: Series,
  firstMonth: number,
  lastComplete: number,
  horizon: number,
): ForecastResult {
  const bt = backtest(s, lastComplete, firstMonth);
  const m1 = mape(bt.map((b) => ({ actual: b.actual, forecast: b.forecast })));
  const m0 = mape(bt.map((b) => ({ actual: b.actual, forecast: b.naive })));
  const beats = m1 === null || m0 === null || bt.length < 6 ? null : m1 < m0;
  const pct = (x: number) => (x * 100).toFixed(2) + '%';
  const verdict =
    beats === null
      ? '历史数据不足13个月，无法回测，预测仅供参考'
      : beats
        ? `回测近${bt.length}个月：本方法平均误差 ${pct(m1!)}，优于同月去年法的 ${pct(m0!)}`
        : `回测近${bt.length}个月：本方法平均误差 ${pct(m1!)}，未能优于同月去年法的 ${pct(m0!)}，请以同月去年法为准或人工调整`;
  const history: { month: string; volumeTiao: number }[] = [];
  for (let k = Math.max(firstMonth, addMonths(lastComplete, -35)); k <= lastComplete; k = addMonths(k, 1))
    history.push({ month: label(k), volumeTiao: val(s, k) });
  const forecast = [];
  for (let h = 1; h <= horizon; h++) {
    const t = addMonths(lastComplete, h);
    forecast.push({
      month: label(t),
      volumeTiao: Math.round(methodForecast(s, lastComplete, t, firstMonth)),
      naiveTiao: naiveForecast(s, t),
    });
  }
  return {
    key,
    name,
    history,
    forecast,
    backtest: bt,
    mape: m1,
    naiveMape: m0,
    beatsNaive: beats,
    verdict,
    trend: trendFactor(s, lastComplete, firstMonth),
  };
}

export type ForecastLevel = 'total' | 'class' | 'brand' | 'spec';

/**
 * Forecasts for the largest keys of a level (by the last 12 months' 销量), or
 * one key. The last month counts as complete only when order lines reach its
 * last day; otherwise it is forecast too.
 */
export function demandForecast(
  db: Database,
  input: { level: ForecastLevel; key?: string; horizon: number; limit?: number },
) {
  // Two statements: SQLite answers a lone MIN or MAX from the index, not both at once.
  const range = {
    a: (db.prepare('SELECT MIN(day) a FROM order_lines').get() as { a: number | null }).a,
    b: (db.prepare('SELECT MAX(day) b FROM order_lines').get() as { b: number | null }).b,
  };
  if (range.a === null || range.b === null) throw new AppError('no_data', '还没有订单数据，无法预测');
  const firstMonth = Math.floor(range.a / 100);
  const lastMonth = Math.floor(range.b / 100);
  const complete = range.b % 100 === daysInMonth(Math.floor(lastMonth / 100), lastMonth % 100);
  const lastComplete = complete ? lastMonth : addMonths(lastMonth, -1);
  const expr =
    input.level === 'class'
      ? 'p.price_class'
      : input.level === 'brand'
        ? 'p.brand'
        : input.level === 'spec'
          ? 'p.code'
          : "'全部卷烟'";
  const rows = db
    .prepare(
      `SELECT ${expr} AS k, s.month, SUM(s.qty) q FROM rpt_month_p s JOIN products p ON p.id = s.product_id WHERE s.month <= ? GROUP BY k, s.month`,
    )
    .all(lastComplete) as { k: string | null; month: number; q: number }[];
  const series = new Map<string, Series>();
  for (const r of rows) {
    const k = r.k ?? '未指定';
    if (!series.has(k)) series.set(k, new Map());
    series.get(k)!.set(r.month, r.q);
  }
  let keys = [...series.keys()];
  if (input.key !== undefined) {
    if (!series.has(input.key)) throw new AppError('unknown_key', `“${input.key}”没有销售历史，无法预测`);
    keys = [input.key];
  } else {
    const last12 = (k: string) => {
      let t = 0;
      for (let i = 0; i < 12; i++) t += val(series.get(k)!, addMonths(lastComplete, -i));
      return t;
    };
    if (input.level === 'class')
      keys.sort((a, b) => (CLASSES as readonly string[]).indexOf(a) - (CLASSES as readonly string[]).indexOf(b));
    else keys.sort((a, b) => last12(b) - last12(a) || (a < b ? -1 : 1));
    keys = keys.slice(0, input.limit ?? 20);
  }
  const names = new Map<string, string>();
  if (input.level === 'spec')
    for (const k of keys)
      names.set(
        k,
        (db.prepare('SELECT name FROM products WHERE code = ?').get(k) as { name: string } | undefined)?.name ?? k,
      );
  const results = keys.map((k) =>
    forecastSeries(k, names.get(k) ?? k, series.get(k)!, firstMonth, lastComplete, input.horizon),
  );
  const usable = results.filter((r) => r.beatsNaive !== null);
  return {
    level: input.level,
    horizon: input.horizon,
    lastCompleteMonth: label(lastComplete),
    method: '同期春节对齐 × 近12月趋势',
    yardstick: '同月去年',
    beatsCount: usable.filter((r) => r.beatsNaive).length,
    comparedCount: usable.length,
    results,
  };
}
