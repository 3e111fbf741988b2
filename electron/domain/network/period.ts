/**
 * Periods of the network module: a month 'YYYY-MM' is what indicators are
 * computed for; targets may also be set for a quarter 'YYYY-Qn' or a year 'YYYY'.
 */
import { AppError } from '../../api/errors';
import { daysInMonth, dayText, monthKey, monthText, ymd, yyyymmText } from '../../../common/days';

export interface Month {
  period: string; // 'YYYY-MM'
  year: number;
  month: number; // 1–12
  dayFrom: number; // yyyymmdd
  dayTo: number; // yyyymmdd, the last day of the month
  endDate: string; // 'YYYY-MM-DD'
}

export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const TARGET_PERIOD_RE = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

export { daysInMonth };

export function parseMonth(period: string): Month {
  const m = MONTH_RE.exec(period);
  if (!m) throw new AppError('invalid_period', `期间“${period}”格式不正确，应为 YYYY-MM，例如 2026-03`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const last = daysInMonth(year, month);
  return {
    period,
    year,
    month,
    dayFrom: ymd(year, month, 1),
    dayTo: ymd(year, month, last),
    endDate: dayText(ymd(year, month, last)),
  };
}

export const monthString = monthText;

/** The month `n` months before (n > 0) or after (n < 0) the given one. */
export function shiftMonth(period: string, n: number): string {
  const { year, month } = parseMonth(period);
  const idx = year * 12 + (month - 1) - n;
  return monthString(Math.floor(idx / 12), (idx % 12) + 1);
}

/** The `count` months ending with `period`, oldest first. */
export function monthsEnding(period: string, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(shiftMonth(period, i));
  return out;
}

/** Target periods that apply to a month, most specific first: month, quarter, year. */
export function targetPeriodsFor(period: string): string[] {
  const { year, month } = parseMonth(period);
  return [period, `${year}-Q${Math.ceil(month / 3)}`, String(year)];
}

export function monthOfDay(day: number): string {
  return yyyymmText(monthKey(day));
}

export function monthLabel(period: string): string {
  const { year, month } = parseMonth(period);
  return `${year}年${month}月`;
}
