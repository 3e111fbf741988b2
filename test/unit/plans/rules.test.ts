import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apportion, apportionUnits } from '../../../electron/domain/plans/largestRemainder';
import { breakdown, parseMethods, type BreakdownCellInput } from '../../../electron/domain/plans/breakdown';
import {
  alignedMonthlyBases,
  springFestival,
  springFestivalMonth,
} from '../../../electron/domain/plans/springFestival';
import { gradeTable } from '../../../electron/domain/plans/gradeTable';
import { xiangToUnits, unitsToTiao, parseUnit, formatUnits, parseRatio } from '../../../electron/domain/plans/units';
import { AppError } from '../../../electron/api/errors';

const units = (r: { cells: { units: number }[] }) => r.cells.map((c) => c.units);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'no error';
};

describe('largest-remainder rounding', () => {
  it('gives the leftover unit to the largest remainder: 7 by 50/30/20 is 4/2/1', () => {
    // exact 3.5, 2.1, 1.4 → floors 3, 2, 1 (6), one left → 0.5 is the largest remainder
    const r = apportion(7, [
      { key: 'm1', weight: 50 },
      { key: 'm2', weight: 30 },
      { key: 'm3', weight: 20 },
    ]);
    expect(units(r)).toEqual([4, 2, 1]);
    expect(r.handedOut).toBe(1);
    expect(r.cells[0].plusOne).toBe(true);
    expect(r.cells[0].rank).toBe(1);
  });

  it('breaks ties by key ascending, whatever the input order', () => {
    const r = apportion(10, [
      { key: 'c', weight: 1 },
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
    ]);
    // exact 3.333… each; the one extra unit goes to "a"
    expect(units(r)).toEqual([3, 4, 3]);
  });

  it('holds a cell at its floor and spreads the rest over the others', () => {
    // proportional a = 10 < floor 20 → a = 20; 80 over b:c = 10:80 → 8.89, 71.11 → 9, 71
    const r = apportion(100, [
      { key: 'a', weight: 10, floor: 20 },
      { key: 'b', weight: 10 },
      { key: 'c', weight: 80 },
    ]);
    expect(units(r)).toEqual([20, 9, 71]);
    expect(r.cells[0].bound).toBe('floor');
  });

  it('holds a cell at its ceiling', () => {
    const r = apportion(10, [
      { key: 'a', weight: 1, ceiling: 3 },
      { key: 'b', weight: 1 },
    ]);
    expect(units(r)).toEqual([3, 7]);
    expect(r.cells[0].bound).toBe('ceiling');
  });

  it('refuses floors that add up to more than the total', () => {
    expect(
      codeOf(() =>
        apportion(10, [
          { key: 'a', weight: 1, floor: 6 },
          { key: 'b', weight: 1, floor: 5 },
        ]),
      ),
    ).toBe('infeasible');
    expect(
      codeOf(() =>
        apportion(10, [
          { key: 'a', weight: 1, ceiling: 4 },
          { key: 'b', weight: 1, ceiling: 5 },
        ]),
      ),
    ).toBe('infeasible');
  });

  it('refuses to spread on weights that are all zero', () => {
    expect(
      codeOf(() =>
        apportion(5, [
          { key: 'a', weight: 0 },
          { key: 'b', weight: 0 },
        ]),
      ),
    ).toBe('no_basis');
  });

  const itemsArb = fc
    .array(fc.record({ weight: fc.nat(100000), floorPart: fc.nat(5), capPart: fc.option(fc.nat(50), { nil: null }) }), {
      minLength: 1,
      maxLength: 30,
    })
    .map((xs) => xs.map((x, i) => ({ ...x, key: `k${String(i).padStart(2, '0')}` })));

  it('always adds up to the total and keeps every bound (property)', () => {
    fc.assert(
      fc.property(itemsArb, fc.nat(100000), (xs, total) => {
        const items = xs.map((x) => ({
          key: x.key,
          weight: x.weight,
          floor: x.floorPart,
          ceiling: x.capPart === null ? null : x.floorPart + x.capPart * 100,
        }));
        try {
          const r = apportion(total, items);
          expect(units(r).reduce((a, b) => a + b, 0)).toBe(total);
          r.cells.forEach((c, i) => {
            expect(c.units).toBeGreaterThanOrEqual(items[i].floor);
            if (items[i].ceiling !== null) expect(c.units).toBeLessThanOrEqual(items[i].ceiling!);
            // rounding moves a cell by less than one unit from its exact share
            expect(Math.abs(c.units - Number(c.exactNum) / Number(r.den))).toBeLessThan(1);
          });
        } catch (e) {
          expect(['infeasible', 'no_basis']).toContain((e as AppError).code);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('exact shares are clamp(λ·w, floor, ceiling) for one λ (property)', () => {
    fc.assert(
      fc.property(itemsArb, fc.nat(100000), (xs, total) => {
        const items = xs.map((x) => ({
          key: x.key,
          weight: x.weight,
          floor: x.floorPart * 7,
          ceiling: x.capPart === null ? null : x.floorPart * 7 + x.capPart * 50,
        }));
        let r;
        try {
          r = apportion(total, items);
        } catch {
          return;
        }
        const den = Number(r.den);
        const exact = r.cells.map((c) => Number(c.exactNum) / den);
        const free = r.cells.map((c, i) => ({ c, i })).filter(({ c, i }) => c.bound === null && items[i].weight > 0);
        if (free.length === 0) return;
        const lambda = exact[free[0].i] / items[free[0].i].weight;
        for (const { i } of free) expect(exact[i]).toBeCloseTo(lambda * items[i].weight, 6);
        r.cells.forEach((c, i) => {
          if (c.bound === 'floor') {
            expect(exact[i]).toBe(items[i].floor);
            expect(lambda * items[i].weight).toBeLessThanOrEqual(items[i].floor + 1e-6);
          }
          if (c.bound === 'ceiling') {
            expect(exact[i]).toBe(items[i].ceiling);
            expect(lambda * items[i].weight).toBeGreaterThanOrEqual(items[i].ceiling! - 1e-6);
          }
          if (c.bound === null) {
            expect(exact[i]).toBeGreaterThanOrEqual(items[i].floor - 1e-9);
            if (items[i].ceiling !== null) expect(exact[i]).toBeLessThanOrEqual(items[i].ceiling! + 1e-9);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the fast path gives the same units as the exact path (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1_000_000), { minLength: 1, maxLength: 40 }), fc.nat(10_000_000), (ws, total) => {
        fc.pre(ws.some((w) => w > 0));
        const keys = ws.map((_, i) => `r${i}`);
        const slow = apportion(
          total,
          keys.map((key, i) => ({ key, weight: ws[i] })),
        ).cells.map((c) => c.units);
        expect(Array.from(apportionUnits(total, keys, ws))).toEqual(slow);
      }),
      { numRuns: 300 },
    );
  });

  it('with equal weights the split is as even as the unit allows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(1_000_000), (n, total) => {
        const r = apportion(
          total,
          Array.from({ length: n }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, weight: 7 })),
        );
        const u = units(r);
        expect(Math.max(...u) - Math.min(...u)).toBeLessThanOrEqual(1);
        // the extra units go to the first keys
        const extra = total % n;
        u.forEach((v, i) => expect(v).toBe(Math.floor(total / n) + (i < extra ? 1 : 0)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('units', () => {
  it('reads 箱 figures exactly in each unit and refuses what a unit cannot hold', () => {
    expect(xiangToUnits('1234.56', '0.01箱')).toBe(123456);
    expect(xiangToUnits('12', '箱')).toBe(12);
    expect(xiangToUnits('1.004', '条')).toBe(251);
    expect(codeOf(() => xiangToUnits('1.5', '箱'))).toBe('not_representable');
    expect(codeOf(() => xiangToUnits('1.001', '0.01箱'))).toBe('not_representable');
    expect(codeOf(() => xiangToUnits('-3', '箱'))).toBe('invalid_quantity');
    expect(unitsToTiao(3, '0.01箱')).toBe(7.5);
    expect(formatUnits(123405, '0.01箱')).toBe('1234.05箱');
    expect(codeOf(() => parseUnit('盒'))).toBe('invalid_unit');
    // a weight with binary noise is read to six decimals
    expect(parseRatio(0.1 + 0.2)).toEqual({ num: 3n, den: 10n });
    expect(codeOf(() => parseRatio('abc'))).toBe('invalid_ratio');
  });
});

describe('breakdown methods', () => {
  const cells: BreakdownCellInput[] = [
    { key: 'm1', bases: { history: 600, customers: 10 } },
    { key: 'm2', bases: { history: 300, customers: 20 } },
    { key: 'm3', bases: { history: 100, customers: 20 } },
  ];

  it('combines 60% 同期占比 with 40% 客户户数 exactly', () => {
    // shares 0.44 / 0.34 / 0.22 of 3333 units → 1466.52, 1133.22, 733.26 → 1467, 1133, 733
    const r = breakdown({
      totalUnits: 3333,
      unit: '0.01箱',
      methods: parseMethods('history:0.6,customers:0.4'),
      cells,
    });
    expect(r.rows.map((x) => x.units)).toEqual([1467, 1133, 733]);
    expect(r.rows[0].exact).toBeCloseTo(1466.52, 9);
    expect(r.rows[0].basis.share).toBeCloseTo(0.44, 12);
    expect(r.rows[0].explain.plusOne).toBe(true);
    expect(r.rows[1].explain.methods[1]).toMatchObject({ method: 'customers', base: 20, share: 0.4, weight: 0.4 });
  });

  it('keeps a locked cell and re-spreads the remainder over the others by the same method', () => {
    // m2 locked at 1000; 2333 over m1, m3 with shares 68/105 and 37/105
    // → 1510.895…, 822.104… → 1511, 822
    const locked = cells.map((c) => (c.key === 'm2' ? { ...c, lock: 1000 } : c));
    const r = breakdown({
      totalUnits: 3333,
      unit: '0.01箱',
      methods: parseMethods('history:0.6,customers:0.4'),
      cells: locked,
    });
    expect(r.rows.map((x) => x.units)).toEqual([1511, 1000, 822]);
    expect(r.rows[1].locked).toBe(true);
    expect(r.rows[0].basis.share).toBeCloseTo(68 / 105, 12);
  });

  it('splits by 同期销量占比 alone', () => {
    // 10 箱 in whole 箱: 6, 3, 1
    const r = breakdown({ totalUnits: 10, unit: '箱', methods: parseMethods('history'), cells });
    expect(r.rows.map((x) => x.units)).toEqual([6, 3, 1]);
  });

  it('splits by 客户户数 and by 平均', () => {
    // customers 10:20:20 of 9 → 1.8, 3.6, 3.6 → floors 1,3,3; 2 left → .8 (m1), then .6 tie m2 before m3
    expect(
      breakdown({ totalUnits: 9, unit: '箱', methods: parseMethods('customers'), cells }).rows.map((x) => x.units),
    ).toEqual([2, 4, 3]);
    expect(
      breakdown({ totalUnits: 10, unit: '箱', methods: parseMethods('equal'), cells }).rows.map((x) => x.units),
    ).toEqual([4, 3, 3]);
  });

  it('refuses locks that take more than the target, and a method without any base', () => {
    const over = cells.map((c) => (c.key === 'm1' ? { ...c, lock: 4000 } : c));
    expect(
      codeOf(() => breakdown({ totalUnits: 3333, unit: '0.01箱', methods: parseMethods('history'), cells: over })),
    ).toBe('infeasible');
    const none = cells.map((c) => ({ ...c, bases: {} }));
    expect(
      codeOf(() => breakdown({ totalUnits: 3333, unit: '0.01箱', methods: parseMethods('history'), cells: none })),
    ).toBe('no_basis');
    expect(codeOf(() => parseMethods('history:0.6,luck:0.4'))).toBe('invalid_method');
    expect(codeOf(() => parseMethods('recent'))).toBe('invalid_method');
  });

  it('refuses floors that the locks leave no room for, naming the remainder', () => {
    const c2 = cells.map((c) => (c.key === 'm1' ? { ...c, lock: 3000 } : { ...c, floor: 200 }));
    try {
      breakdown({ totalUnits: 3333, unit: '0.01箱', methods: parseMethods('history'), cells: c2 });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('infeasible');
      expect((e as AppError).message).toContain('剩余 3.33箱');
    }
  });

  const cellsArb = fc
    .array(fc.record({ h: fc.nat(50000), c: fc.nat(300), lock: fc.option(fc.nat(2000), { freq: 4, nil: null }) }), {
      minLength: 1,
      maxLength: 25,
    })
    .map((xs) =>
      xs.map((x, i) => ({
        key: `k${String(i).padStart(2, '0')}`,
        bases: { history: x.h, customers: x.c },
        lock: x.lock,
      })),
    );

  it('parts always sum to the whole and locked cells never move, for random targets, weights, locks and units (property)', () => {
    fc.assert(
      fc.property(
        cellsArb,
        fc.nat(200000),
        fc.constantFrom('0.01箱', '箱', '条') as fc.Arbitrary<'0.01箱' | '箱' | '条'>,
        fc.integer({ min: 0, max: 10 }),
        (cs, total, unit, a) => {
          const methods = [
            { method: 'history' as const, weight: a / 10 },
            { method: 'customers' as const, weight: (10 - a) / 10 },
          ];
          try {
            const r = breakdown({ totalUnits: total, unit, methods, cells: cs });
            expect(r.rows.reduce((s, x) => s + x.units, 0)).toBe(total);
            r.rows.forEach((row, i) => {
              expect(Number.isInteger(row.units)).toBe(true);
              if (cs[i].lock !== null) {
                expect(row.units).toBe(cs[i].lock);
                expect(row.locked).toBe(true);
              }
            });
          } catch (e) {
            expect(['infeasible', 'no_basis', 'invalid_method']).toContain((e as AppError).code);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Spring Festival alignment', () => {
  it('knows where 春节 falls', () => {
    expect(springFestival(2025)).toBe('2025-01-29');
    expect(springFestival(2026)).toBe('2026-02-17');
    expect(springFestival(2027)).toBe('2027-02-06');
    expect(springFestivalMonth(2025)).toBe(1);
    expect(springFestivalMonth(2026)).toBe(2);
  });

  it('swaps January and February of a base year whose festival month differs from the plan year', () => {
    // 2025: Jan 500, Feb 200, Mar–Dec 100 each (箱 here for easy reading)
    const hist = [500, 200, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100].map((tiao, i) => ({
      year: 2025,
      month: i + 1,
      tiao,
    }));
    const a = alignedMonthlyBases(2026, hist);
    expect(a.months.slice(0, 3)).toEqual([200, 500, 100]);
    expect(a.swappedYears).toEqual([2025]);
    // 1000 箱 in whole 箱: Jan 200/1700 → 117.65, Feb 500/1700 → 294.12, others 58.82;
    // floors 117 + 294 + 10×58 = 991, 9 left: the ten .82 remainders tie, keys 03…11 get one
    const r = breakdown({
      totalUnits: 1000,
      unit: '箱',
      methods: [{ method: 'history', weight: 1 }],
      cells: a.months.map((m, i) => ({ key: `2026-${String(i + 1).padStart(2, '0')}`, bases: { history: m } })),
    });
    expect(r.rows.map((x) => x.units)).toEqual([117, 294, 59, 59, 59, 59, 59, 59, 59, 59, 59, 58]);
  });

  it('moves nothing when the festival month is the same', () => {
    const hist = [
      { year: 2024, month: 1, tiao: 5 },
      { year: 2024, month: 2, tiao: 9 },
      { year: 2025, month: 1, tiao: 7 },
      { year: 2025, month: 2, tiao: 1 },
    ];
    // 2024 festival in February like 2026: kept; 2025 in January: swapped
    const a = alignedMonthlyBases(2026, hist);
    expect(a.months.slice(0, 2)).toEqual([5 + 1, 9 + 7]);
    expect(a.swappedYears).toEqual([2025]);
  });
});

describe('按档位投放 grade table', () => {
  const retailers = new Array(30).fill(0);
  retailers[0] = 10;
  retailers[1] = 5;
  retailers[2] = 2;
  const weights = Array.from({ length: 30 }, (_, i) => i + 1);

  it('follows the weights, then tops up from the highest grade while the quantity allows', () => {
    // largest λ below 0.04 gives 3/7/11 (87 条); reserve 13 → D3 12, D2 8, then D3 13, 14, 15 → exactly 100
    const t = gradeTable({ quantityTiao: 100, retailers, weights });
    expect(t.rows.map((r) => [r.grade, r.perRetailerTiao])).toEqual([
      [3, 15],
      [2, 8],
      [1, 3],
    ]);
    expect(t.allocatedTiao).toBe(100);
    expect(t.reserveTiao).toBe(0);
  });

  it('keeps the cap per retailer and uses the quantity when another table can', () => {
    // cap 12: 3/7/11 → D3 12, D2 8, D2 9 → 30 + 45 + 24 = 99 is where the top-down fill stops.
    // 2a + 5b + 10c = 100 needs b even, then 2a ≡ 0 (mod 10): a = 10 (a ≤ 12), b + 2c = 16.
    // Against t = 100/26 × (3, 2, 1) = (11.54, 7.69, 3.85): (10, 8, 4) costs 2·1.54² + 5·0.31² +
    // 10·0.15² = 5.4; (10, 10, 3) and (10, 6, 5) cost more than 30.
    const t = gradeTable({ quantityTiao: 100, retailers, weights, capTiao: 12 });
    expect(t.rows.map((r) => r.perRetailerTiao)).toEqual([10, 8, 4]);
    expect(t.reserveTiao).toBe(0);
    // cap 3: everyone at 3 is 3 × 17 = 51 条; the other 49 stay in reserve
    const c = gradeTable({ quantityTiao: 100, retailers, weights, capTiao: 3 });
    expect(c.rows.map((r) => r.perRetailerTiao)).toEqual([3, 3, 3]);
    expect([c.allocatedTiao, c.reserveTiao]).toEqual([51, 49]);
  });

  it('refuses weights that fall as the grade rises', () => {
    const bad = [...weights];
    bad[5] = 1;
    expect(codeOf(() => gradeTable({ quantityTiao: 100, retailers, weights: bad }))).toBe('invalid_weights');
  });

  it('stays monotone, within the quantity and the cap, and cannot take one more 条 anywhere (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(40), { minLength: 30, maxLength: 30 }),
        fc.array(fc.nat(20), { minLength: 30, maxLength: 30 }),
        fc.nat(20000),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
        (ns, steps, q, cap) => {
          fc.pre(ns.some((x) => x > 0));
          let acc = 1;
          const ws = steps.map((s) => (acc += s));
          const t = gradeTable({ quantityTiao: q, retailers: ns, weights: ws, capTiao: cap });
          expect(t.allocatedTiao + t.reserveTiao).toBe(q);
          expect(t.reserveTiao).toBeGreaterThanOrEqual(0);
          const rows = t.rows; // highest grade first
          for (let i = 1; i < rows.length; i++)
            expect(rows[i - 1].perRetailerTiao).toBeGreaterThanOrEqual(rows[i].perRetailerTiao);
          rows.forEach((r, i) => {
            if (cap !== null) expect(r.perRetailerTiao).toBeLessThanOrEqual(cap);
            const blocked =
              (cap !== null && r.perRetailerTiao + 1 > cap) ||
              r.retailers > t.reserveTiao ||
              (i > 0 && r.perRetailerTiao + 1 > rows[i - 1].perRetailerTiao);
            expect(blocked).toBe(true);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
