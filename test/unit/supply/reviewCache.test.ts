/**
 * The review of a week is kept until what it is computed from changes (supply/review.ts):
 * orders of the week imported, replaced or rolled back, the week's plan, the thresholds, the
 * retailers' 经营状态. Orders of other weeks leave it as it is.
 *
 * Masters: the import fixtures (420100001 档位 30 and 420100002 档位 25, both 正常).
 * Plan 2026-W10 (Monday 03-02 … Sunday 03-08): 黄鹤楼(软蓝) 6901028000001, 60 条 over the county.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import path from 'node:path';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { masterFiles, writeCsv } from '../masterdata/fixtures';
import { reviewWeek } from '../../../electron/domain/supply/review';
import { parseWeek } from '../../../electron/domain/supply/plan';

let t: TestBackend;
const SPEC = '6901028000001';
const W10 = parseWeek('2026-W10');

beforeEach(() => {
  t = testBackend();
  const f = masterFiles(t.dir);
  for (const kind of ['managers', 'routes', 'retailers', 'products'] as const)
    expect(t.job('imports.run', { kind, file: f[kind] }).type).toBe('done');
  t.call('supply.save', { week: '2026-W10', plans: [{ spec: SPEC, availableTiao: 60 }] });
});
afterEach(() => t.close());

const HEAD = ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'];
let files = 0;
function importOrders(rows: (string | number)[][], replace = false): number {
  const file = writeCsv(path.join(t.dir, `orders${++files}.csv`), [HEAD, ...rows]);
  const end = t.job('imports.run', { kind: 'orders', file, replace }) as any;
  expect(end.type).toBe('done');
  return end.result.batchId;
}

const review = () => reviewWeek(t.backend.db, W10);
const ordered = (r: ReturnType<typeof review>) => r.specs[0].orderedTiao;

it('is kept until the orders of the week, the plan, the thresholds or the retailers change', () => {
  importOrders([['2026-03-02', 'A1', '420100001', SPEC, 2, '190.80']]);
  const first = review();
  expect([ordered(first), first.partial]).toEqual([2, true]);
  // asked again: the same review, not computed again; the API answers the same figures
  expect(review()).toBe(first);
  expect(t.call('supply.review', { week: '2026-W10' }).specs).toEqual(first.specs);

  // orders of the next week: W10 is now complete (orders after its Sunday exist), so it is redone …
  importOrders([['2026-03-09', 'B1', '420100002', SPEC, 3, '190.80']]);
  const complete = review();
  expect(complete).not.toBe(first);
  expect([ordered(complete), complete.partial]).toEqual([2, false]);
  // … and more orders of later weeks leave it as it is
  importOrders([['2026-03-16', 'C1', '420100002', SPEC, 4, '190.80']]);
  expect(review()).toBe(complete);

  // an import into the week: 2 + 5
  const batch = importOrders([['2026-03-04', 'D1', '420100002', SPEC, 5, '190.80']]);
  const added = review();
  expect(ordered(added)).toBe(7);
  // rolled back: 2 again
  t.call('imports.rollback', { batchId: batch });
  const rolledBack = review();
  expect(rolledBack).not.toBe(added);
  expect(ordered(rolledBack)).toBe(2);
  // 03-02 replaced by a file with 4 条 on that day
  importOrders([['2026-03-02', 'E1', '420100001', SPEC, 4, '190.80']], true);
  const replaced = review();
  expect(ordered(replaced)).toBe(4);
  expect(review()).toBe(replaced);

  // the plan: 100 条 instead of 60
  t.call('supply.save', { week: '2026-W10', plans: [{ spec: SPEC, availableTiao: 100 }] });
  const replanned = review();
  expect([replanned.specs[0].availableTiao, replanned.specs[0].plannedTiao]).toEqual([100, 100]);

  // the thresholds: 4 of 100 planned is below 60% (偏松) either way; the rule figures change
  t.call('settings.update', { supplyLoosePercent: 3 });
  const rules = review();
  expect(rules.rules.loosePercent).toBe(3);
  // 4 ÷ 100 = 4% ≥ 3% and 满足率 4 ÷ (limit × 1 orderer) < 95% → 适中
  expect(rules.specs[0].verdict).toBe('适中');

  // 420100001 歇业 since 2026-03-01 (before the Monday): its order falls outside the plan
  const db = t.backend.db;
  db.prepare(`UPDATE retailers SET status = '歇业' WHERE code = '420100001'`).run();
  db.prepare(
    `UPDATE retailer_status_changes SET day = 20260301 WHERE retailer_id = (SELECT id FROM retailers WHERE code = '420100001')`,
  ).run();
  const closed = review();
  expect([ordered(closed), closed.specs[0].outsideTiao]).toEqual([0, 4]);
  expect(review()).toBe(closed);
});
