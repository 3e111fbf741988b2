/**
 * A small county worked by hand (see the comments in sales.test.ts):
 * two managers, two routes, five retailers, three specs and sixteen order
 * lines around March 2026, inserted with SQL straight into the 010 tables.
 */
import type { Database } from 'better-sqlite3';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';

export function insertMasters(db: Database): void {
  db.exec(`
    INSERT INTO import_batches(id, kind, file_name, file_hash, user_login, user_name) VALUES (1, 'orders', 'fixture.csv', 'x', 'test', '测试');
    INSERT INTO managers(id, code, name) VALUES (1, '1001', '张三'), (2, '1002', '李四');
    INSERT INTO routes(id, code, name, manager_id) VALUES (1, 'R01', '城关一线', 1), (2, 'R02', '乡镇二线', 2);
    INSERT INTO retailers(id, code, name, format, area, route_id, manager_id, grade, status) VALUES
      (1, '0001', '甲商店', '食杂店', '城镇', 1, 1, 10, '正常'),
      (2, '0002', '乙超市', '超市', '城镇', 1, 1, 20, '正常'),
      (3, '0003', '丙商店', '食杂店', '乡村', 2, 2, 5, '正常'),
      (4, '0004', '丁便利', '便利店', '乡村', 2, 2, 8, '歇业'),
      (5, '0005', '戊烟酒', '烟酒店', '城镇', 2, NULL, 15, '正常');
    INSERT INTO products(id, code, name, brand, price_class, wholesale_price_fen) VALUES
      (1, '6901', '黄鹤楼(软蓝)', '黄鹤楼', '一类', 20000),
      (2, '6902', '七匹狼(软通泰)', '七匹狼', '二类', 8000),
      (3, '6903', '红金龙(硬)', '红金龙', '三类', 4000);
  `);
}

/** [day, order_no, retailer_id, product_id, demand, qty, price_fen] — amount = qty × price */
export const LINES: [number, string, number, number, number, number, number][] = [
  [20260303, 'O1', 1, 1, 10, 10, 20000], //  1
  [20260303, 'O1', 1, 2, 5, 5, 8000], //     2
  [20260310, 'O2', 1, 2, 4, 2, 8000], //     3
  [20260305, 'O3', 2, 1, 20, 15, 20000], //  4
  [20260305, 'O3', 2, 3, 10, 0, 4000], //    5 断货: demand, nothing supplied
  [20260312, 'O4', 3, 3, 6, 6, 4000], //     6
  [20260320, 'O5', 4, 2, 3, 3, 8000], //     7 retailer 歇业
  [20260331, 'O6', 3, 2, 0, 2, 8000], //     8 需求量 0
  [20260301, 'O7', 2, 2, 2, 2, 8000], //     9
  [20250304, 'Q1', 1, 1, 8, 8, 20000], //   10 同期
  [20250315, 'Q2', 2, 1, 10, 10, 20000], // 11
  [20250320, 'Q3', 3, 3, 5, 5, 4000], //    12
  [20260210, 'F1', 1, 1, 6, 6, 20000], //   13 上期
  [20260215, 'F2', 3, 2, 5, 5, 8000], //    14
  [20260105, 'J1', 2, 3, 4, 4, 4000], //    15
  [20251220, 'D1', 1, 3, 3, 3, 4000], //    16
];

export function insertLines(db: Database, lines = LINES, batch = 1): void {
  const ins = db.prepare(
    'INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const [day, no, r, p, d, q, price] of lines) ins.run(batch, day, no, r, p, d, q, price, q * price);
}

export function handFixture(db: Database): void {
  db.transaction(() => {
    insertMasters(db);
    insertLines(db);
    rebuildSummaries(db);
  })();
}
