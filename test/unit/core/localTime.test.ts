/**
 * The one local-clock formatter (common/days.ts): today's date and a stored moment as the clerk
 * reads them, checked against the Date's own local fields read one by one.
 */
import { describe, expect, it } from 'vitest';
import { localTimeText, todayText } from '../../../common/days';
import { stamp } from '../../../electron/db/connection';

describe('localTimeText / todayText', () => {
  // 2026-03-05 08:07:09 on this computer's clock, built from local fields so any time zone gives it
  const d = new Date(2026, 2, 5, 8, 7, 9);

  it('writes the local date, and the time to the minute or the second', () => {
    expect(todayText(d)).toBe('2026-03-05');
    expect(localTimeText(d)).toBe('2026-03-05 08:07');
    expect(localTimeText(d, true)).toBe('2026-03-05 08:07:09');
    expect(stamp(d)).toBe('20260305-080709');
  });

  it('reads a stored ISO time on the local clock', () => {
    const iso = d.toISOString(); // UTC text of the same moment
    expect(localTimeText(iso, true)).toBe('2026-03-05 08:07:09');
    // the last second of a year, as UTC text, lands on the local day the Date itself gives
    const edge = new Date(Date.UTC(2025, 11, 31, 23, 59, 59));
    const local = `${edge.getFullYear()}-${String(edge.getMonth() + 1).padStart(2, '0')}-${String(edge.getDate()).padStart(2, '0')}`;
    expect(localTimeText(edge.toISOString()).slice(0, 10)).toBe(local);
  });

  it('gives empty text for no time and leaves text that is not a time as it is', () => {
    expect(localTimeText(null)).toBe('');
    expect(localTimeText(undefined)).toBe('');
    expect(localTimeText('')).toBe('');
    expect(localTimeText('未知')).toBe('未知');
  });
});
