/**
 * Calendar days as integers yyyymmdd (how order lines, visits and inspections
 * carry them): the one set of helpers every module uses. Pure arithmetic on
 * calendar dates in UTC, so no local time zone can shift a day.
 */

export const ymd = (y: number, m: number, d: number): number => y * 10000 + m * 100 + d;
export const yearOf = (day: number): number => Math.floor(day / 10000);
export const monthOf = (day: number): number => Math.floor(day / 100) % 100;
export const dayOf = (day: number): number => day % 100;
/** yyyymm of a yyyymmdd */
export const monthKey = (day: number): number => Math.floor(day / 100);

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && m >= 1 && m <= 12 && Number.isInteger(d) && d >= 1 && d <= daysInMonth(y, m);
}

export function isValidDay(day: number): boolean {
  if (!Number.isInteger(day)) return false;
  const y = yearOf(day);
  return y >= 1900 && y <= 2200 && isValidYmd(y, monthOf(day), dayOf(day));
}

/** Days since 1970-01-01. */
export function toSerial(day: number): number {
  return Math.round(Date.UTC(yearOf(day), monthOf(day) - 1, dayOf(day)) / 86400000);
}

export function fromSerial(serial: number): number {
  return dayOfDate(new Date(serial * 86400000));
}

/** The calendar day of a Date read in UTC. */
export function dayOfDate(d: Date): number {
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(day: number, n: number): number {
  return fromSerial(toSerial(day) + n);
}

/** Days in an inclusive range. */
export function dayCount(p: { from: number; to: number }): number {
  return toSerial(p.to) - toSerial(p.from) + 1;
}

/** 0 = Monday … 6 = Sunday */
export function weekdayOf(day: number): number {
  return (toSerial(day) + 3) % 7; // 1970-01-01 was a Thursday
}

/** 'YYYY-MM-DD' of a yyyymmdd. */
export function dayText(day: number): string {
  return `${yearOf(day)}-${String(monthOf(day)).padStart(2, '0')}-${String(dayOf(day)).padStart(2, '0')}`;
}

/** yyyymmdd of 'YYYY-MM-DD' (or 'YYYYMMDD') when it is a real calendar day, else null. */
export function parseDayText(text: string): number | null {
  const m = /^(\d{4})-?(\d{1,2})-?(\d{1,2})$/.exec(String(text).trim());
  if (!m) return null;
  const day = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  return isValidDay(day) ? day : null;
}

/** yyyymmdd of a 'YYYY-MM-DD' (no validation: for text this code wrote). */
export function textToDay(text: string): number {
  return Number(text.replace(/-/g, ''));
}

/** 'YYYY-MM' of a year and month. */
export function monthText(y: number, m: number): string {
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** 'YYYY-MM' of a yyyymm. */
export function yyyymmText(yyyymm: number): string {
  return monthText(Math.floor(yyyymm / 100), yyyymm % 100);
}

const two = (n: number) => String(n).padStart(2, '0');

/** Today on this computer's calendar, 'YYYY-MM-DD'. */
export function todayText(now: Date = new Date()): string {
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/**
 * A moment as the clerk reads it, on this computer's clock: 'YYYY-MM-DD HH:MM', with ':SS' when
 * asked. A stored ISO time is accepted as text; text that is not a time comes back unchanged.
 */
export function localTimeText(at: Date | string | null | undefined, seconds = false): string {
  if (at === null || at === undefined || at === '') return '';
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  return `${todayText(d)} ${two(d.getHours())}:${two(d.getMinutes())}${seconds ? ':' + two(d.getSeconds()) : ''}`;
}

/** Shifts a (year, month) by n months. */
export function shiftMonth(y: number, m: number, n: number): { y: number; m: number } {
  const i = y * 12 + (m - 1) + n;
  return { y: Math.floor(i / 12), m: (i % 12) + 1 };
}

/** yyyymm shifted by n months. */
export function addMonths(yyyymm: number, n: number): number {
  const s = shiftMonth(Math.floor(yyyymm / 100), yyyymm % 100, n);
  return s.y * 100 + s.m;
}

/**
 * ISO 8601 weeks (DOMAIN.md "Weeks": Monday to Sunday). A week belongs to the year
 * of its Thursday; week 1 holds the year's first Thursday.
 */
export interface IsoWeek {
  year: number;
  week: number;
  /** Monday, yyyymmdd */
  from: number;
  /** Sunday, yyyymmdd */
  to: number;
}

/** The Monday of ISO week `week` of `year`. */
export function isoWeekMonday(year: number, week: number): number {
  const jan4 = ymd(year, 1, 4);
  return addDays(jan4, -weekdayOf(jan4) + (week - 1) * 7);
}

/** ISO weeks in a year: 53 when the year starts or (leap) ends on a Thursday, else 52. */
export function isoWeeksInYear(year: number): number {
  const jan1 = weekdayOf(ymd(year, 1, 1));
  return jan1 === 3 || (isLeap(year) && jan1 === 2) ? 53 : 52;
}

/** The ISO week a day falls in. */
export function isoWeekOf(day: number): IsoWeek {
  const thursday = addDays(day, 3 - weekdayOf(day));
  const year = yearOf(thursday);
  const week = Math.floor((toSerial(thursday) - toSerial(ymd(year, 1, 1))) / 7) + 1;
  const from = addDays(day, -weekdayOf(day));
  return { year, week, from, to: addDays(from, 6) };
}

/** 'YYYY-Www' of an ISO week. */
export function isoWeekText(w: { year: number; week: number }): string {
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

/** The week of 'YYYY-Www' (also 'YYYYWww', 'YYYY-ww', 'YYYY-Www-d'), or null when no such week. */
export function parseIsoWeek(text: string): IsoWeek | null {
  const m = /^(\d{4})-?W?(\d{1,2})(?:-[1-7])?$/i.exec(String(text).trim());
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1900 || year > 2200 || week < 1 || week > isoWeeksInYear(year)) return null;
  const from = isoWeekMonday(year, week);
  return { year, week, from, to: addDays(from, 6) };
}

/** The ISO week n weeks after (n < 0: before) a week. */
export function addIsoWeeks(w: { year: number; week: number }, n: number): IsoWeek {
  return isoWeekOf(addDays(isoWeekMonday(w.year, w.week), n * 7));
}

/** 同期 of a week: the same ISO week number one year earlier, or null when that year has no such week (week 53). */
export function sameIsoWeekLastYear(w: { year: number; week: number }): IsoWeek | null {
  if (w.week > isoWeeksInYear(w.year - 1)) return null;
  const from = isoWeekMonday(w.year - 1, w.week);
  return { year: w.year - 1, week: w.week, from, to: addDays(from, 6) };
}
