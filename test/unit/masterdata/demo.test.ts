import { afterEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { registerDemoExtension } from '../../../electron/domain/masterdata/demoHooks';
import { seasonFactor } from '../../../electron/domain/masterdata/demo';
import { springFestival } from '../../../electron/domain/plans/springFestival';

const open: TestBackend[] = [];
afterEach(() => open.splice(0).forEach((t) => t.close()));

const extensionCalls: { dayFrom: number; dayTo: number }[] = [];
registerDemoExtension((ctx) => extensionCalls.push({ dayFrom: ctx.dayFrom, dayTo: ctx.dayTo }));

function demo(input: Record<string, unknown>) {
  const t = testBackend();
  open.push(t);
  const end = t.job('masterdata.demo', input);
  if (end.type !== 'done') throw new Error(JSON.stringify(end));
  return { t, result: end.result as any };
}

const fingerprint = (t: TestBackend) =>
  t.backend.db
    .prepare(
      `SELECT COUNT(*) AS n, SUM(qty_tiao) AS q, SUM(amount_fen) AS a, SUM(day % 97 * qty_tiao) AS mix,
              (SELECT group_concat(name, '|') FROM (SELECT name FROM retailers ORDER BY code LIMIT 20)) AS names
       FROM order_lines`,
    )
    .get();

describe('demo data', () => {
  it('is the same county for the same seed and end date, and another for another seed', () => {
    const a = demo({ size: 'tiny', years: 1, seed: 5, endDate: '2026-10-31' });
    const b = demo({ size: 'tiny', years: 1, seed: 5, endDate: '2026-10-31' });
    const c = demo({ size: 'tiny', years: 1, seed: 6, endDate: '2026-10-31' });
    expect(fingerprint(a.t)).toEqual(fingerprint(b.t));
    expect(fingerprint(a.t)).not.toEqual(fingerprint(c.t));
    expect(a.result).toMatchObject({
      from: '2025-11-01',
      to: '2026-10-31',
      managers: 3,
      routes: 4,
      retailers: 120,
      products: 40,
    });
    expect(extensionCalls.at(-1)).toEqual({ dayFrom: 20251101, dayTo: 20261031 });
  });

  it('has believable proportions, valid categories, amounts equal to price × quantity, and is marked 示例数据', () => {
    const { t, result } = demo({ size: 'tiny', years: 1, seed: 9, endDate: '2026-10-31' });
    const db = t.backend.db;
    const q = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(q('SELECT COUNT(*) FROM order_lines')).toBe(result.orderLines);
    expect(
      q(
        'SELECT COUNT(*) FROM order_lines WHERE amount_fen <> price_fen * qty_tiao OR qty_tiao > demand_tiao OR qty_tiao < 0',
      ),
    ).toBe(0);
    expect(
      q(
        "SELECT COUNT(*) FROM retailers WHERE format NOT IN ('食杂店','便利店','超市','商场','烟酒店','娱乐服务类','其他') OR area NOT IN ('城镇','乡村') OR grade NOT BETWEEN 1 AND 30",
      ),
    ).toBe(0);
    expect(q("SELECT COUNT(*) FROM products WHERE price_class NOT IN ('一类','二类','三类','四类','五类')")).toBe(0);
    // Every 价类 is on sale; 食杂店 are the largest group.
    expect(q('SELECT COUNT(DISTINCT price_class) FROM products')).toBe(5);
    const formats = db
      .prepare('SELECT format FROM retailers GROUP BY format ORDER BY COUNT(*) DESC LIMIT 1')
      .pluck()
      .get();
    expect(formats).toBe('食杂店');
    // Weekly orders: an ordering retailer orders on one weekday of its route.
    expect(
      q('SELECT MAX(n) FROM (SELECT COUNT(DISTINCT day) AS n FROM order_lines GROUP BY retailer_id, day / 100)'),
    ).toBeLessThanOrEqual(5);
    // 注销 and 歇业 retailers do not order (but the two the 内管 demo records 歇业 two weeks before the end, with the change dated)
    expect(
      q(
        `SELECT COUNT(*) FROM order_lines o JOIN retailers r ON r.id = o.retailer_id WHERE r.status IN ('注销', '歇业')
         AND r.id NOT IN (SELECT retailer_id FROM retailer_status_changes WHERE new_status = '歇业' AND day = 20261012)`,
      ),
    ).toBe(0);
    expect(q("SELECT COUNT(*) FROM retailer_status_changes WHERE new_status = '歇业' AND day = 20261012")).toBe(2);
    expect(t.call('settings.get', {}).demoData).toBe(true);
    expect(t.call('system.info', {}).demoData).toBe(true);
    // Only into an empty database.
    const again = t.job('masterdata.demo', { size: 'tiny', years: 1 });
    expect(again).toMatchObject({ type: 'failed', error: { code: 'not_empty' } });
  });

  it('peaks in the weeks before the Spring Festival and dips in the holiday', () => {
    expect(springFestival(2026)).toBe('2026-02-17');
    expect(springFestival(2025)).toBe('2025-01-29');
    const { t } = demo({ size: 'tiny', years: 1, seed: 2, endDate: '2026-10-31' });
    const week = (from: number, to: number) =>
      t.backend.db
        .prepare('SELECT COALESCE(SUM(qty_tiao), 0) FROM order_lines WHERE day BETWEEN ? AND ?')
        .pluck()
        .get(from, to) as number;
    const beforeFestival = week(20260209, 20260215);
    const holiday = week(20260217, 20260223);
    const ordinary = week(20260413, 20260419);
    expect(beforeFestival).toBeGreaterThan(ordinary * 1.4);
    expect(holiday).toBeLessThan(ordinary * 0.7);
    expect(seasonFactor(new Date(Date.UTC(2026, 1, 9)))).toBeCloseTo(1.95, 10);
  });
});

describe('how far the demo data go', () => {
  it('ends on the last day with order lines, which the 首页 card and the import history both name', () => {
    // 2026-12-04 is a Friday; the 微型 county's four routes deliver Monday to Thursday
    const { t } = demo({ size: 'tiny', years: 1, seed: 3, endDate: '2026-12-04' });
    const db = t.backend.db;
    let last = 0;
    let first = 99999999;
    const weekdays = new Set<number>();
    for (const r of db.prepare('SELECT day FROM order_lines').iterate() as Iterable<{ day: number }>) {
      if (r.day > last) last = r.day;
      if (r.day < first) first = r.day;
      const y = Math.floor(r.day / 10000);
      const m = Math.floor(r.day / 100) % 100;
      weekdays.add(new Date(Date.UTC(y, m - 1, r.day % 100)).getUTCDay());
    }
    expect(last).toBe(20261203);
    // asked from 2025-12-05, a Friday: the first delivery is the Monday after
    expect(first).toBe(20251208);
    expect([...weekdays].sort()).toEqual([1, 2, 3, 4]);
    const card = t.call('reports.homeCard', {});
    expect(card.title).toBe('关键指标（2026年12月，数据截至12月3日）');
    const orders = (t.call('imports.history', { kind: 'orders' }) as { file: string; dayTo: string }[])[0];
    expect(orders.dayTo).toBe('2026-12-03');
    expect(orders.file).toBe('示例数据（微型（测试用）订单 2025-12-08 至 2026-12-03）');
  });
});
