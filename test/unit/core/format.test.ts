import { describe, expect, it } from 'vitest';
import {
  fmtCases,
  fmtInt,
  fmtNumber,
  fmtPct,
  fmtPoints,
  fmtSignedPct,
  fmtWan,
  fmtYuan,
} from '../../../renderer/components/format';

describe('signed percentages (同比/环比)', () => {
  it('show no sign on a change that rounds to zero', () => {
    // -0.00001 × 100 = -0.001% → 0.00%
    expect(fmtSignedPct(-0.00001)).toBe('0.00%');
    // +0.00004 × 100 = 0.004% → 0.00%, not +0.00%
    expect(fmtSignedPct(0.00004)).toBe('0.00%');
    expect(fmtSignedPct(0)).toBe('0.00%');
    expect(fmtSignedPct(-0)).toBe('0.00%');
    // -0.0004 × 100 = -0.04% with one decimal → 0.0%
    expect(fmtSignedPct(-0.0004, 1)).toBe('0.0%');
  });

  it('keep the sign once the value shows a digit', () => {
    // 0.00005 × 100 = 0.005% rounds half up to 0.01%
    expect(fmtSignedPct(0.00005)).toBe('+0.01%');
    expect(fmtSignedPct(-0.00006)).toBe('-0.01%');
    expect(fmtSignedPct(0.1234)).toBe('+12.34%');
    expect(fmtSignedPct(-0.04)).toBe('-4.00%');
    // 12.5 → +1,250.00%
    expect(fmtSignedPct(12.5)).toBe('+1,250.00%');
    expect(fmtSignedPct(null)).toBe('—');
    expect(fmtSignedPct(-Infinity)).toBe('—');
  });

  it('percentage points follow the same rule', () => {
    expect(fmtPoints(-0.00001)).toBe('0.00个百分点');
    expect(fmtPoints(0.00001)).toBe('0.00个百分点');
    // 0.0321 − 0.0300 = 0.0021 → 0.21 points
    expect(fmtPoints(0.0021)).toBe('+0.21个百分点');
    expect(fmtPoints(-0.015)).toBe('-1.50个百分点');
  });
});

describe('fixed-decimal formats never show -0', () => {
  it('percentages', () => {
    expect(fmtPct(-0.00001)).toBe('0.00%');
    expect(fmtPct(-0.00006)).toBe('-0.01%');
    expect(fmtPct(0.738)).toBe('73.80%');
  });

  it('箱, 万元 and 元', () => {
    // -1 条 = -0.004 箱 → 0.00
    expect(fmtCases(-1)).toBe('0.00');
    // -2 条 = -0.008 箱 → -0.01
    expect(fmtCases(-2)).toBe('-0.01');
    // -1,250 条 = -5 箱
    expect(fmtCases(-1250)).toBe('-5.00');
    // -4,000 分 = -40 元 = -0.004 万元 → 0.00
    expect(fmtWan(-4000)).toBe('0.00');
    // -123,456,789 分 = -123.456789 万元
    expect(fmtWan(-123456789)).toBe('-123.46');
    // -0.4 分 = -0.004 元 → 0.00
    expect(fmtYuan(-0.4)).toBe('0.00');
    expect(fmtYuan(-1)).toBe('-0.01');
  });

  it('plain numbers and integers', () => {
    expect(fmtNumber(-0.004)).toBe('0.00');
    expect(fmtNumber(-0.04, 1)).toBe('0.0');
    expect(fmtNumber(-1234.5)).toBe('-1,234.50');
    // Math.round(-0.4) is -0
    expect(fmtInt(-0.4)).toBe('0');
    expect(fmtInt(-0.6)).toBe('-1');
    expect(fmtInt(-12345)).toBe('-12,345');
  });
});
