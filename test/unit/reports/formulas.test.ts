import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  activeRate,
  distributionRate,
  fulfilment,
  growth,
  mape,
  perCaseYuan,
  perCustomerTiao,
  perTiaoYuan,
  popcount,
  repeatRate,
  roundPreservingSum,
  share,
  stockoutRate,
} from '../../../electron/domain/reports/formulas';

describe('report formulas', () => {
  it('computes 单箱值 and 条均批发价 from 分 and 条', () => {
    // 5 箱 (1250 条) for 100,000.00 元 → 20,000 元/箱, 80 元/条
    expect(perCaseYuan(10_000_000, 1250)).toBe(20000);
    expect(perTiaoYuan(10_000_000, 1250)).toBe(80);
    expect(perCaseYuan(636000, 45)).toBeCloseTo((6360 * 250) / 45, 9);
    expect(perCaseYuan(100, 0)).toBeNull();
    expect(perTiaoYuan(0, 0)).toBeNull();
  });

  it('leaves 同比 and 环比 undefined (null) when the base is 0, never 0% or ∞', () => {
    expect(growth(45, 23)).toBeCloseTo(22 / 23, 12);
    expect(growth(10, 0)).toBeNull();
    expect(growth(0, 0)).toBeNull();
    expect(growth(0, 5)).toBe(-1);
  });

  it('computes the rates as plain fractions', () => {
    expect(fulfilment(43, 60)).toBeCloseTo(0.716667, 5);
    expect(stockoutRate(1, 8)).toBe(0.125);
    expect(distributionRate(3, 4)).toBe(0.75);
    expect(repeatRate(1, 3)).toBeCloseTo(1 / 3, 12);
    expect(activeRate(4, 3)).toBeCloseTo(4 / 3, 12);
    expect(perCustomerTiao(45, 4)).toBe(11.25);
    expect(share(25, 45)).toBeCloseTo(0.5556, 4);
    expect(distributionRate(0, 0)).toBeNull();
    expect(fulfilment(0, 0)).toBeNull();
  });

  it('counts order days in a day mask', () => {
    expect(popcount(0)).toBe(0);
    expect(popcount((1 << 2) | (1 << 9))).toBe(2);
    expect(popcount(0x7fffffff)).toBe(31);
  });

  it('rounds parts for display so that they add up to the rounded whole', () => {
    expect(roundPreservingSum([1 / 3, 1 / 3, 1 / 3], 2)).toEqual([0.34, 0.33, 0.33]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }), (tiao) => {
        const boxes = tiao.map((t) => t / 250);
        const r = roundPreservingSum(boxes, 2);
        const total = Math.round(tiao.reduce((a, b) => a + b, 0) / 2.5) / 100;
        expect(Math.round(r.reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(total * 100));
        r.forEach((v, i) => expect(Math.abs(v - boxes[i])).toBeLessThan(0.01 + 1e-9));
      }),
    );
  });

  it('computes MAPE over months with a non-zero actual', () => {
    expect(
      mape([
        { actual: 100, forecast: 90 },
        { actual: 200, forecast: 260 },
        { actual: 0, forecast: 5 },
      ]),
    ).toBeCloseTo((0.1 + 0.3) / 2, 12);
    expect(mape([{ actual: 0, forecast: 1 }])).toBeNull();
  });
});
