/**
 * Report periods (DOMAIN.md "Sales figures"): a month, a quarter, a year,
 * 本年累计 (1 January to a day) or a custom range of days. Days are integer
 * yyyymmdd, as order lines carry them. Pure functions, no time zones: a
 * period is a range of calendar dates.
 */
import { AppError } from '../../api/errors';
import {
  addDays,
  addMonths,
  dayCount,
  dayOf,
  daysInMonth,
  dayText as fmtDay,
  isValidDay,
  monthKey,
  monthText,
  parseDayText,
  monthOf,
  toSerial,
  weekdayOf,
  yearOf,
  ymd,
  isoWeekOf,
  isoWeekText,
  parseIsoWeek,
  sameIsoWeekLastYear,
  type IsoWeek,
} from '../../../common/days';

export type PeriodKind = 'week' | 'month' | 'quarter' | 'year' | 'ytd' | 'custom';

export interface Period {
  kind: PeriodKind;
  /** first and last day, inclusive, yyyymmdd */
  from: number;
  to: number;
}

export { ymd, yearOf, monthOf, dayOf, monthKey, daysInMonth, toSerial, addDays, weekdayOf, addMonths, fmtDay };
export { dayCount, isValidDay };
export { isLeap, fromSerial } from '../../../common/days';

/** The same calendar day n years away; 29 February becomes 28 February in a common year. */
export function shiftYears(day: number, n: number): number {
  const y = yearOf(day) + n,
    m = monthOf(day);
  return ymd(y, m, Math.min(dayOf(day), daysInMonth(y, m)));
}

/** An ISO week, Monday to Sunday (DOMAIN.md "Weeks"). */
export function weekPeriod(w: IsoWeek): Period {
  return { kind: 'week', from: w.from, to: w.to };
}

export function monthPeriod(y: number, m: number): Period {
  return { kind: 'month', from: ymd(y, m, 1), to: ymd(y, m, daysInMonth(y, m)) };
}

export function quarterPeriod(y: number, q: number): Period {
  const m1 = (q - 1) * 3 + 1;
  return { kind: 'quarter', from: ymd(y, m1, 1), to: ymd(y, m1 + 2, daysInMonth(y, m1 + 2)) };
}

export function yearPeriod(y: number): Period {
  return { kind: 'year', from: ymd(y, 1, 1), to: ymd(y, 12, 31) };
}

/** 本年累计: 1 January of the day's year to the day. */
export function ytdPeriod(to: number): Period {
  return { kind: 'ytd', from: ymd(yearOf(to), 1, 1), to };
}

/** A custom range that happens to be a whole month, quarter or year is that period. */
export function normalise(from: number, to: number): Period {
  const y = yearOf(from),
    m = monthOf(from);
  if (dayOf(from) === 1 && yearOf(to) === y) {
    const mt = monthOf(to);
    if (dayOf(to) === daysInMonth(y, mt)) {
      if (mt === m) return { kind: 'month', from, to };
      if (m === 1 && mt === 12) return { kind: 'year', from, to };
      if ((m - 1) % 3 === 0 && mt === m + 2) return { kind: 'quarter', from, to };
    }
  }
  return { kind: 'custom', from, to };
}

function parseDay(s: string): number {
  const day = parseDayText(s);
  if (day === null) throw new AppError('invalid_period', `日期“${s}”无效，应为 YYYY-MM-DD 格式的真实日期`);
  return day;
}

function parseMonth(s: string): { y: number; m: number } {
  const r = /^(\d{4})-(\d{1,2})$/.exec(s.trim());
  const y = r ? Number(r[1]) : NaN,
    m = r ? Number(r[2]) : NaN;
  if (!r || m < 1 || m > 12 || y < 1900 || y > 2200)
    throw new AppError('invalid_period', `月份“${s}”无效，应为 YYYY-MM 格式`);
  return { y, m };
}

/**
 * The text form every transport uses:
 * `2026-W49` ISO week · `2026-03` month · `2026Q1` quarter · `2026` year · `ytd:2026-03` or `ytd:2026-03-15` 本年累计 ·
 * `2026-01-05~2026-02-20` custom (normalised to month/quarter/year when it is one).
 */
export function parsePeriod(spec: string): Period {
  const s = String(spec ?? '').trim();
  let r: RegExpExecArray | null;
  if (/^(\d{4})-(\d{1,2})$/.test(s)) {
    const { y, m } = parseMonth(s);
    return monthPeriod(y, m);
  }
  if (/^\d{4}-?[Ww]\d{1,2}$/.test(s)) {
    const w = parseIsoWeek(s);
    if (!w)
      throw new AppError(
        'invalid_period',
        `周“${s}”不存在：${s.slice(0, 4)}年只有${weeksLabel(Number(s.slice(0, 4)))}`,
      );
    return weekPeriod(w);
  }
  if ((r = /^(\d{4})\s*[Qq]([1-4])$/.exec(s))) return quarterPeriod(Number(r[1]), Number(r[2]));
  if ((r = /^(\d{4})$/.exec(s))) return yearPeriod(Number(r[1]));
  if ((r = /^ytd:(.+)$/i.exec(s))) {
    const t = r[1].trim();
    if (/^\d{4}-\d{1,2}$/.test(t)) {
      const { y, m } = parseMonth(t);
      return ytdPeriod(ymd(y, m, daysInMonth(y, m)));
    }
    return ytdPeriod(parseDay(t));
  }
  if ((r = /^(.+?)\s*~\s*(.+)$/.exec(s))) {
    const from = parseDay(r[1]),
      to = parseDay(r[2]);
    if (to < from) throw new AppError('invalid_period', `结束日期 ${fmtDay(to)} 早于开始日期 ${fmtDay(from)}`);
    if (dayCount({ from, to }) > 366 * 5) throw new AppError('invalid_period', '自定义期间最长五年');
    return normalise(from, to);
  }
  throw new AppError(
    'invalid_period',
    `期间“${s}”无法识别：可用 2026-W49（周）、2026-03（月）、2026Q1（季）、2026（年）、ytd:2026-03（本年累计）或 2026-01-01~2026-03-15（自定义）`,
  );
}

function weeksLabel(y: number): string {
  return `${isoWeekOf(ymd(y, 12, 28)).week}周`;
}

export function periodSpec(p: Period): string {
  switch (p.kind) {
    case 'week':
      return isoWeekText(isoWeekOf(p.from));
    case 'month':
      return monthText(yearOf(p.from), monthOf(p.from));
    case 'quarter':
      return `${yearOf(p.from)}Q${(monthOf(p.from) - 1) / 3 + 1}`;
    case 'year':
      return String(yearOf(p.from));
    case 'ytd':
      return `ytd:${fmtDay(p.to)}`;
    default:
      return `${fmtDay(p.from)}~${fmtDay(p.to)}`;
  }
}

/** Chinese label: 2026年3月, 2026年第1季度, 2026年, 2026年1月1日至3月15日 (本年累计). */
export function periodLabel(p: Period): string {
  const y = yearOf(p.from);
  switch (p.kind) {
    case 'week':
      return weekLabel(p);
    case 'month':
      return `${y}年${monthOf(p.from)}月`;
    case 'quarter':
      return `${y}年第${(monthOf(p.from) - 1) / 3 + 1}季度`;
    case 'year':
      return `${y}年`;
    case 'ytd':
      return `${y}年1月1日至${monthOf(p.to)}月${dayOf(p.to)}日（本年累计）`;
    default:
      return `${fmtDay(p.from)} 至 ${fmtDay(p.to)}`;
  }
}

/** 2026年第49周（11月30日—12月6日）: the ISO week-numbering year, which may differ from the calendar year of the days. */
export function weekLabel(p: { from: number; to: number }): string {
  const w = isoWeekOf(p.from);
  return `${w.year}年第${w.week}周（${monthOf(p.from)}月${dayOf(p.from)}日—${monthOf(p.to)}月${dayOf(p.to)}日）`;
}

/**
 * 同期: the same period one year earlier (a week → the same ISO week number; a month →
 * the same calendar month; 本年累计 → 1 Jan to the same day). Null only for week 53 of a
 * year whose previous year has 52 weeks: there is no week to compare with.
 */
export function samePeriodLastYear(p: Period): Period | null {
  switch (p.kind) {
    case 'week': {
      const w = sameIsoWeekLastYear(isoWeekOf(p.from));
      return w ? weekPeriod(w) : null;
    }
    case 'month':
      return monthPeriod(yearOf(p.from) - 1, monthOf(p.from));
    case 'quarter':
      return quarterPeriod(yearOf(p.from) - 1, (monthOf(p.from) - 1) / 3 + 1);
    case 'year':
      return yearPeriod(yearOf(p.from) - 1);
    case 'ytd':
      return ytdPeriod(shiftYears(p.to, -1));
    default:
      return { kind: 'custom', from: shiftYears(p.from, -1), to: shiftYears(p.to, -1) };
  }
}

/** Whole months covered exactly by a custom range, or 0. */
function wholeMonths(p: Period): number {
  if (dayOf(p.from) !== 1) return 0;
  const ym = monthKey(p.to);
  if (dayOf(p.to) !== daysInMonth(yearOf(p.to), monthOf(p.to))) return 0;
  return (Math.floor(ym / 100) - yearOf(p.from)) * 12 + (ym % 100) - monthOf(p.from) + 1;
}

/**
 * 上期: the previous period of equal kind, `steps` periods back. 本年累计 has none
 * (its previous "equal" period would be last year's, which is 同期): null.
 * A custom range of whole months steps back by that many months; any other
 * custom range by its length in days.
 */
export function previousPeriod(p: Period, steps = 1): Period | null {
  switch (p.kind) {
    case 'week':
      return { kind: 'week', from: addDays(p.from, -7 * steps), to: addDays(p.to, -7 * steps) };
    case 'month': {
      const k = addMonths(monthKey(p.from), -steps);
      return monthPeriod(Math.floor(k / 100), k % 100);
    }
    case 'quarter': {
      const k = addMonths(monthKey(p.from), -3 * steps);
      return quarterPeriod(Math.floor(k / 100), ((k % 100) - 1) / 3 + 1);
    }
    case 'year':
      return yearPeriod(yearOf(p.from) - steps);
    case 'ytd':
      return null;
    default: {
      const n = wholeMonths(p);
      if (n > 0) {
        const a = addMonths(monthKey(p.from), -n * steps),
          b = addMonths(monthKey(p.to), -n * steps);
        const by = Math.floor(b / 100),
          bm = b % 100;
        return { kind: 'custom', from: a * 100 + 1, to: ymd(by, bm, daysInMonth(by, bm)) };
      }
      const len = dayCount(p);
      return { kind: 'custom', from: addDays(p.from, -len * steps), to: addDays(p.to, -len * steps) };
    }
  }
}

/** 本年累计 to the end of the period (the running total shown beside a month or quarter). */
export function yearToDateOf(p: Period): Period {
  return ytdPeriod(p.to);
}

/** The months (yyyymm) a period touches, ascending. */
export function monthsOf(p: { from: number; to: number }): number[] {
  const out: number[] = [];
  for (let k = monthKey(p.from); k <= monthKey(p.to); k = addMonths(k, 1)) out.push(k);
  return out;
}

/**
 * A range split into whole months (answered from the monthly summaries) and
 * leftover days at either end (answered from the order lines).
 */
export function splitByMonths(p: { from: number; to: number }): {
  months: [number, number] | null;
  days: [number, number][];
} {
  const days: [number, number][] = [];
  const fy = yearOf(p.from),
    fm = monthOf(p.from),
    ty = yearOf(p.to),
    tm = monthOf(p.to);
  const startsClean = dayOf(p.from) === 1;
  const endsClean = dayOf(p.to) === daysInMonth(ty, tm);
  const firstFull = startsClean ? monthKey(p.from) : addMonths(monthKey(p.from), 1);
  const lastFull = endsClean ? monthKey(p.to) : addMonths(monthKey(p.to), -1);
  if (monthKey(p.from) === monthKey(p.to)) {
    if (!(startsClean && endsClean)) days.push([p.from, p.to]);
  } else {
    if (!startsClean) days.push([p.from, ymd(fy, fm, daysInMonth(fy, fm))]);
    if (!endsClean) days.push([ymd(ty, tm, 1), p.to]);
  }
  return { months: firstFull <= lastFull ? [firstFull, lastFull] : null, days };
}

export interface Week {
  /** 1-based within the period */
  index: number;
  from: number;
  to: number;
  label: string;
}

/** Monday-to-Sunday weeks overlapping the period, clipped to it. */
export function weeksOf(p: { from: number; to: number }): Week[] {
  const out: Week[] = [];
  let start = p.from;
  while (start <= p.to) {
    const end = Math.min(p.to, addDays(start, 6 - weekdayOf(start)));
    const i = out.length + 1;
    out.push({
      index: i,
      from: start,
      to: end,
      label: `第${i}周（${monthOf(start)}.${dayOf(start)}–${monthOf(end)}.${dayOf(end)}）`,
    });
    start = addDays(end, 1);
  }
  return out;
}

/**
 * A period that is not over (DOMAIN.md "Sales figures"): the imported days end
 * inside it. `lastDataDay` is the last day holding order lines in the whole
 * database; when it falls inside the period, that day is how far the period
 * goes, else null (a past period, or one with no data yet).
 */
export function dataThrough(p: { from: number; to: number }, lastDataDay: number | null): number | null {
  return lastDataDay !== null && lastDataDay >= p.from && lastDataDay < p.to ? lastDataDay : null;
}

/** 「数据截至 M月D日」 */
export function throughLabel(day: number): string {
  return `数据截至${monthOf(day)}月${dayOf(day)}日`;
}

export interface Comparison {
  /** the last day with data when the period is not over, else null */
  through: number | null;
  /** 同期: last year's same span; for a period not over, 1 to the same day; null for a week 53 without one */
  lastYear: Period | null;
  /** 上期: the previous period of equal kind, cut to as many days as this one has data */
  previous: Period | null;
  /** 本年累计 to the end of the period, or to `through` */
  ytd: Period;
  ytdLastYear: Period;
}

/**
 * The comparison periods of a report period, like with like: when the data end
 * at `through` inside the period, 同期 is last year's period up to the same
 * day, 上期 the previous period's first as many days (for a month: days 1–D,
 * all of it when shorter), 本年累计 and its 同期 1 January to that day.
 */
export function comparisonPeriods(p: Period, lastDataDay: number | null): Comparison {
  const through = dataThrough(p, lastDataDay);
  const prev = previousPeriod(p);
  if (through === null) {
    const ytd = yearToDateOf(p);
    return { through, lastYear: samePeriodLastYear(p), previous: prev, ytd, ytdLastYear: samePeriodLastYear(ytd)! };
  }
  const span = dayCount({ from: p.from, to: through });
  const ytd = ytdPeriod(through);
  const ly = samePeriodLastYear(p);
  return {
    through,
    // a week's 同期 is last year's same ISO week (its first as many days); other periods the same calendar days
    lastYear:
      p.kind === 'week'
        ? ly && { kind: 'custom', from: ly.from, to: addDays(ly.from, span - 1) }
        : { kind: 'custom', from: shiftYears(p.from, -1), to: shiftYears(through, -1) },
    previous: prev ? { kind: 'custom', from: prev.from, to: Math.min(prev.to, addDays(prev.from, span - 1)) } : null,
    ytd,
    ytdLastYear: samePeriodLastYear(ytd)!,
  };
}

/**
 * The last month whose data are complete: the month of the last day with data
 * when that day is the month's last, else the month before; null when there
 * are no data. yyyymm.
 */
export function lastCompleteMonth(lastDataDay: number | null): number | null {
  if (lastDataDay === null) return null;
  const y = yearOf(lastDataDay),
    m = monthOf(lastDataDay);
  return dayOf(lastDataDay) === daysInMonth(y, m) ? monthKey(lastDataDay) : addMonths(monthKey(lastDataDay), -1);
}
