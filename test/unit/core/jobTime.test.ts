import { describe, expect, it } from 'vitest';
import { progressPercent, remainingText } from '../../../renderer/components/jobTime';

describe('job progress line', () => {
  it('says 估算中 until the estimate is known, and after the rows while the job still works', () => {
    // before the first progress event, and the first event of a file being read
    expect(remainingText({})).toBe('估算中');
    expect(remainingText({ done: 0, total: 100, etaSec: undefined })).toBe('估算中');
    // the demo's last step: every row counted, 正在建立索引 — the job reports eta 0
    expect(remainingText({ done: 41_230, total: 41_230, etaSec: 0 })).toBe('估算中');
    // rows to go with a known rate
    expect(remainingText({ done: 10_000, total: 40_000, etaSec: 12 })).toBe('约 12 秒');
    expect(remainingText({ done: 10_000, total: 400_000, etaSec: 125 })).toBe('约 2 分 5 秒');
  });

  it('keeps the bar below 100% while the job runs', () => {
    expect(progressPercent({ running: true, done: 5, total: 5 })).toBe(99);
    expect(progressPercent({ running: false, done: 5, total: 5 })).toBe(100);
    expect(progressPercent({ running: true, done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ running: true, done: 3 })).toBeUndefined();
  });
});
