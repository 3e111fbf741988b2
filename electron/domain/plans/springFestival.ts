/**
 * 春节 alignment of monthly shares (DOMAIN.md "Plans"). The festival's Gregorian date
 * moves between late January and mid February, and the month holding it sells far more.
 *
 * Rule: monthly base figures are taken per base year. When the festival falls in a
 * different month in the base year than in the plan year (one in January, the other in
 * February), that base year's January and February figures are swapped before they are
 * added up by month of year — the festival month's sales go to the plan's festival month,
 * the other month's to the other. Months 3–12 are never moved; when the festival month
 * is the same, nothing moves.
 */
// lunar-javascript ships without type declarations (see lunar-javascript.d.ts); the one
// call used here is typed below.
import * as lunarLib from 'lunar-javascript';
import { dayText, monthOf, ymd } from '../../../common/days';

interface LunarApi {
  Lunar: {
    fromYmd(
      y: number,
      m: number,
      d: number,
    ): { getSolar(): { getYear(): number; getMonth(): number; getDay(): number } };
  };
}

const lunar = ((lunarLib as unknown as { default?: LunarApi }).default ?? lunarLib) as unknown as LunarApi;

const festivalCache = new Map<number, number>();

/** 春节 (lunar 1/1) of a Gregorian year as yyyymmdd. The one place the lunar calendar is read. */
export function springFestivalDay(year: number): number {
  let day = festivalCache.get(year);
  if (day === undefined) {
    const s = lunar.Lunar.fromYmd(year, 1, 1).getSolar();
    day = ymd(s.getYear(), s.getMonth(), s.getDay());
    festivalCache.set(year, day);
  }
  return day;
}

/** 春节 of a Gregorian year as 'YYYY-MM-DD'. */
export function springFestival(year: number): string {
  return dayText(springFestivalDay(year));
}

/** The month (1 or 2) holding 春节 in a year. */
export function springFestivalMonth(year: number): number {
  return monthOf(springFestivalDay(year));
}

/**
 * One base year's figures by month (index 0 = January) as they should count for the
 * plan year. Returns a new array and whether January and February were swapped.
 */
export function alignBaseYear(
  baseYear: number,
  planYear: number,
  byMonth: readonly number[],
): { months: number[]; swapped: boolean } {
  const months = [...byMonth];
  const swapped = springFestivalMonth(baseYear) !== springFestivalMonth(planYear);
  if (swapped) [months[0], months[1]] = [months[1], months[0]];
  return { months, swapped };
}

/**
 * Monthly bases for a plan year from history given per (year, month): each base year is
 * aligned on its own, then figures are added by month of year.
 */
export function alignedMonthlyBases(
  planYear: number,
  history: { year: number; month: number; tiao: number }[],
): { months: number[]; swappedYears: number[] } {
  const byYear = new Map<number, number[]>();
  for (const h of history) {
    const arr = byYear.get(h.year) ?? new Array(12).fill(0);
    arr[h.month - 1] += h.tiao;
    byYear.set(h.year, arr);
  }
  const months = new Array(12).fill(0);
  const swappedYears: number[] = [];
  for (const [year, arr] of [...byYear.entries()].sort((a, b) => a[0] - b[0])) {
    const a = alignBaseYear(year, planYear, arr);
    if (a.swapped) swappedYears.push(year);
    for (let i = 0; i < 12; i++) months[i] += a.months[i];
  }
  return { months, swappedYears };
}
