import { describe, expect, it } from 'vitest';
import {
  addDays,
  addIsoWeeks,
  isoWeekMonday,
  isoWeekOf,
  isoWeekText,
  isoWeeksInYear,
  parseIsoWeek,
} from '../../../common/days';

describe('ISO weeks (Monday to Sunday, week 1 holds the first Thursday)', () => {
  it('known weeks from the calendar', () => {
    // 2026-01-01 is a Thursday: week 1 runs 2025-12-29 … 2026-01-04.
    expect(parseIsoWeek('2026-W01')).toEqual({ year: 2026, week: 1, from: 20251229, to: 20260104 });
    // 2026-12-05 (a Saturday) is in week 49, Monday 2026-11-30.
    expect(isoWeekOf(20261205)).toEqual({ year: 2026, week: 49, from: 20261130, to: 20261206 });
    // 2021-01-03 (a Sunday) still belongs to 2020's week 53.
    expect(isoWeekOf(20210103)).toMatchObject({ year: 2020, week: 53, from: 20201228 });
    // 2024-12-30 (a Monday) starts 2025's week 1.
    expect(isoWeekOf(20241230)).toMatchObject({ year: 2025, week: 1 });
    expect(isoWeeksInYear(2020)).toBe(53); // leap year starting on a Wednesday
    expect(isoWeeksInYear(2015)).toBe(53); // starts on a Thursday
    expect(isoWeeksInYear(2026)).toBe(53); // starts on a Thursday
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeekText({ year: 2026, week: 9 })).toBe('2026-W09');
    expect(addIsoWeeks({ year: 2026, week: 1 }, -1)).toMatchObject({ year: 2025, week: 52, from: 20251222 });
  });

  it('refuses weeks that do not exist', () => {
    expect(parseIsoWeek('2025-W53')).toBeNull();
    expect(parseIsoWeek('2026-W00')).toBeNull();
    expect(parseIsoWeek('第3周')).toBeNull();
    expect(parseIsoWeek('2026-W53')).toMatchObject({ from: 20261228, to: 20270103 });
  });

  it('agrees with counting Mondays one by one over 2000–2031', () => {
    // Walk day by day from 2000-01-03 (Monday of 2000-W01), numbering weeks by hand.
    let day = 20000103;
    let year = 2000;
    let week = 1;
    let monday = day;
    while (day < 20320101) {
      const w = isoWeekOf(day);
      expect([w.year, w.week, w.from]).toEqual([year, week, monday]);
      day = addDays(day, 1);
      if (day === addDays(monday, 7)) {
        monday = day;
        // The week belongs to its Thursday's year.
        const thursYear = Math.floor(addDays(day, 3) / 10000);
        if (thursYear !== year) {
          year = thursYear;
          week = 1;
        } else week += 1;
      }
    }
    for (let y = 2000; y < 2032; y++) expect(isoWeekMonday(y, isoWeeksInYear(y) + 1)).toBe(isoWeekMonday(y + 1, 1));
  });
});
