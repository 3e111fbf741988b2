/**
 * A small hand-worked county for the plans tests, written straight into the 010 tables (and the
 * reports' monthly summaries rebuilt from its lines).
 *
 * 客户经理 (在岗): M01 张三, M02 李四, M03 王五; M04 赵六 离岗.
 * 零售客户: 1001 M01/R01 10档 正常, 1002 M01/R01 5档 正常, 1003 M02/R02 20档 正常,
 *           1004 M02/R02 1档 暂停, 1005 M03/R03 30档 正常, 1006 M03/R03 no grade 正常.
 * 订购量 (条):
 *   2025-01-10 1001 P1 500, 1003 P1 300      2025-02-10 1001 P2 200
 *   2025-03-15 1005 P1 100, 1002 P2 100      2025-06-01 1003 P2 250
 *   2025-12-05 1001 P1 100                   2026-01-20 1003 P1 300
 *   2026-02-10 1005 P2 600                   2026-03-02 1001 P1 50
 *   2026-03-10 1003 P2 300                   2026-03-20 1005 P1 1500
 * So for 2025: M01 900, M02 550, M03 100 (Σ 1550); 一类 (P1): M01 600, M02 300, M03 100.
 * By month 2025: Jan 800, Feb 200, Mar 200, Jun 250, Dec 100.
 */
import type { Database } from 'better-sqlite3';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';

export function seedCounty(db: Database): void {
  db.exec(`
    INSERT INTO import_batches(id, kind, file_name, file_hash, user_login, user_name) VALUES (1, 'orders', 'fixture', 'x', 'test', '测试');
    INSERT INTO managers(id, code, name, on_duty) VALUES (1, 'M01', '张三', 1), (2, 'M02', '李四', 1), (3, 'M03', '王五', 1), (4, 'M04', '赵六', 0);
    INSERT INTO routes(id, code, name, manager_id) VALUES (1, 'R01', '城关一线', 1), (2, 'R02', '城关二线', 2), (3, 'R03', '乡镇线', 3);
    INSERT INTO retailers(id, code, name, route_id, manager_id, grade, status) VALUES
      (1, '1001', '便民超市', 1, 1, 10, '正常'), (2, '1002', '红星烟酒', 1, 1, 5, '正常'),
      (3, '1003', '东街小卖部', 2, 2, 20, '正常'), (4, '1004', '西街商店', 2, 2, 1, '暂停'),
      (5, '1005', '镇上烟酒店', 3, 3, 30, '正常'), (6, '1006', '村口便利店', 3, 3, NULL, '正常');
    INSERT INTO products(id, code, name, brand, price_class, wholesale_price_fen) VALUES
      (1, 'P1', '黄鹤楼(软蓝)', '黄鹤楼', '一类', 20000), (2, 'P2', '红金龙(硬神州腾龙)', '红金龙', '三类', 5000);
  `);
  const lines: [number, number, number, number][] = [
    [20250110, 1, 1, 500],
    [20250110, 3, 1, 300],
    [20250210, 1, 2, 200],
    [20250315, 5, 1, 100],
    [20250315, 2, 2, 100],
    [20250601, 3, 2, 250],
    [20251205, 1, 1, 100],
    [20260120, 3, 1, 300],
    [20260210, 5, 2, 600],
    [20260302, 1, 1, 50],
    [20260310, 3, 2, 300],
    [20260320, 5, 1, 1500],
  ];
  const ins = db.prepare(
    'INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (1, ?, ?, ?, ?, ?, ?, 100, ?)',
  );
  lines.forEach(([day, r, p, q], i) => ins.run(day, `O${i}`, r, p, q, q, q * 100));
  // county totals of progress come from the monthly summaries, kept in step with the lines as imports keep them
  rebuildSummaries(db);
}

/** A 按档位投放 table as [档位, 条 per retailer] rows. */
export const gradeRows = (g: { rows: { grade: number; perRetailerTiao: number }[] }) =>
  g.rows.map((r) => [r.grade, r.perRetailerTiao]);

/**
 * The county's 按档位投放 of 1 箱 = 250 条 over today's grades 5, 10, 20, 30 (one 正常经营 retailer
 * each; 1004 暂停, 1006 no grade), linear weights: q(g) = ⌊μ·g⌋ with the largest μ for which
 * ⌊5μ⌋+⌊10μ⌋+⌊20μ⌋+⌊30μ⌋ ≤ 250 gives 19+38+77+116 = 250 (μ = 3.875 works, 3.9 gives 253).
 */
export const ONE_BOX_BY_GRADE = [
  [30, 116],
  [20, 77],
  [10, 38],
  [5, 19],
];
