/**
 * A small hand-worked county for the 网建 tests (period 2026-03).
 *
 * Managers M01 张三 (routes R01, R02), M02 李四 (route R03), M03 王五 (no retailers).
 * Retailers:
 *   r1  R01 M01 正常  电子结算-在线划拨 网上 现代终端
 *   r2  R01 M01 正常  现金             电话
 *   r3  R01 M01 正常  电子结算-POS      手机
 *   r4  R01 M01 暂停  电子结算-POS      网上 现代终端   (not operating)
 *   r5  R02 M01 正常  现金             网上
 *   r6  R02 M01 歇业  现金             电话            (not operating)
 *   r7  R03 M02 正常  电子结算-在线划拨 电话 现代终端
 *   r8  R03 M02 正常  电子结算-POS      网上
 *   r9  R03 M02 注销  电子结算-POS      手机            (not licensed)
 *   r10 R03 M02 正常  现金             其他   joined 2026-04-10 (after the period end)
 * Visits: r1 on 03-02 and 03-20 (twice), r2 03-05, r4 03-06 (暂停), r7 03-31,
 *         r8 02-28 (last month), r5 04-01 (next month).
 * Inspections (price_tag, display, info):
 *   i1 r1 03-03 (1, 1, 1) shelf P1      i2 r2 03-04 (0, 1, 0) shelf P1
 *   i3 r2 03-25 (1, –, 1) shelf none    i4 r7 03-10 (1, 0, 0) shelf P2
 *   i5 r4 03-11 (0, 0, 1) shelf P2      i6 r8 02-27 (0, 0, 0) last month
 */
import type { Database } from 'better-sqlite3';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';

export function seedCounty(db: Database): Record<string, number> {
  const ids: Record<string, number> = {};
  const mgr = db.prepare('INSERT INTO managers(code, name, on_duty) VALUES (?, ?, 1)');
  for (const [c, n] of [
    ['M01', '张三'],
    ['M02', '李四'],
    ['M03', '王五'],
  ])
    ids[c] = Number(mgr.run(c, n).lastInsertRowid);
  const route = db.prepare('INSERT INTO routes(code, name, manager_id) VALUES (?, ?, ?)');
  ids.R01 = Number(route.run('R01', '城关一线', ids.M01).lastInsertRowid);
  ids.R02 = Number(route.run('R02', '城关二线', ids.M01).lastInsertRowid);
  ids.R03 = Number(route.run('R03', '乡镇一线', ids.M02).lastInsertRowid);
  const ret = db.prepare(
    `INSERT INTO retailers(code, name, route_id, manager_id, status, settlement, order_method, modern_terminal, joined_date, address, phone, grade)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rows: [string, string, string, string, string, string, number, string | null][] = [
    ['r1', 'R01', 'M01', '正常', '电子结算-在线划拨', '网上', 1, null],
    ['r2', 'R01', 'M01', '正常', '现金', '电话', 0, null],
    ['r3', 'R01', 'M01', '正常', '电子结算-POS', '手机', 0, null],
    ['r4', 'R01', 'M01', '暂停', '电子结算-POS', '网上', 1, null],
    ['r5', 'R02', 'M01', '正常', '现金', '网上', 0, null],
    ['r6', 'R02', 'M01', '歇业', '现金', '电话', 0, null],
    ['r7', 'R03', 'M02', '正常', '电子结算-在线划拨', '电话', 1, null],
    ['r8', 'R03', 'M02', '正常', '电子结算-POS', '网上', 0, null],
    ['r9', 'R03', 'M02', '注销', '电子结算-POS', '手机', 0, null],
    ['r10', 'R03', 'M02', '正常', '现金', '其他', 0, '2026-04-10'],
  ];
  rows.forEach(([code, r, m, status, settle, order, modern, joined], i) => {
    ids[code] = Number(
      ret.run(
        code,
        `${code}号店`,
        ids[r],
        ids[m],
        status,
        settle,
        order,
        modern,
        joined,
        `城关镇${i + 1}号`,
        `1390000000${i}`,
        10 + i,
      ).lastInsertRowid,
    );
  });
  const visit = db.prepare('INSERT INTO visit_records(day, retailer_id, manager_id, way) VALUES (?, ?, ?, ?)');
  for (const [day, r] of [
    [20260302, 'r1'],
    [20260320, 'r1'],
    [20260305, 'r2'],
    [20260306, 'r4'],
    [20260331, 'r7'],
    [20260228, 'r8'],
    [20260401, 'r5'],
  ] as [number, string][]) {
    visit.run(day, ids[r], null, '实地');
  }
  const prod = db.prepare('INSERT INTO products(code, name, brand) VALUES (?, ?, ?)');
  ids.P1 = Number(prod.run('P1', '黄鹤楼(软蓝)', '黄鹤楼').lastInsertRowid);
  ids.P2 = Number(prod.run('P2', '红金龙(硬神州)', '红金龙').lastInsertRowid);
  const insp = db.prepare(
    'INSERT INTO inspection_records(day, retailer_id, price_tag, display, info_collected) VALUES (?, ?, ?, ?, ?)',
  );
  const shelf = db.prepare('INSERT INTO inspection_shelf(inspection_id, product_id) VALUES (?, ?)');
  const inspections: [string, number, string, number | null, number | null, number, string | null][] = [
    ['i1', 20260303, 'r1', 1, 1, 1, 'P1'],
    ['i2', 20260304, 'r2', 0, 1, 0, 'P1'],
    ['i3', 20260325, 'r2', 1, null, 1, null],
    ['i4', 20260310, 'r7', 1, 0, 0, 'P2'],
    ['i5', 20260311, 'r4', 0, 0, 1, 'P2'],
    ['i6', 20260227, 'r8', 0, 0, 0, null],
  ];
  for (const [k, day, r, p, d, info, sh] of inspections) {
    ids[k] = Number(insp.run(day, ids[r], p, d, info).lastInsertRowid);
    if (sh) shelf.run(ids[k], ids[sh]);
  }
  return ids;
}

/**
 * Orders for 品牌动销率 (brand 黄鹤楼 = P1): Dec–Feb P1 by r1 r2 r3 r5 r7 r8;
 * March P1 by r1 r2 r7 r8 and r6 (not ordering before), r5 P1 with 订购量 0,
 * r3 only P2.
 */
export function seedOrders(db: Database, ids: Record<string, number>): void {
  const batch = Number(
    db
      .prepare(
        "INSERT INTO import_batches(kind, file_name, file_hash, user_login, user_name) VALUES ('orders', 't.csv', 'x', 't', 't')",
      )
      .run().lastInsertRowid,
  );
  const line = db.prepare(
    'INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, 10000, ?)',
  );
  let n = 0;
  const add = (day: number, r: string, p: string, qty: number) =>
    line.run(batch, day, `O${++n}`, ids[r], ids[p], Math.max(qty, 1), qty, qty * 10000);
  add(20251210, 'r1', 'P1', 5);
  add(20260105, 'r2', 'P1', 2);
  add(20260115, 'r3', 'P1', 3);
  add(20260210, 'r5', 'P1', 1);
  add(20260220, 'r7', 'P1', 4);
  add(20251201, 'r8', 'P1', 2);
  add(20251130, 'r9', 'P1', 2);
  add(20260305, 'r1', 'P1', 5);
  add(20260306, 'r2', 'P1', 1);
  add(20260307, 'r7', 'P1', 2);
  add(20260331, 'r8', 'P1', 2);
  add(20260308, 'r6', 'P1', 2);
  add(20260309, 'r5', 'P1', 0);
  add(20260310, 'r3', 'P2', 3);
  // the reports' monthly summaries, as an import builds them (上柜率 and 动销率 are read through reports)
  rebuildSummaries(db);
}

/** The error of a refused call, or null when it succeeded. */
export function errorOf(r: {
  ok: boolean;
  error?: { code: string; message: string };
}): { code: string; message: string } | null {
  return r.ok ? null : (r.error ?? null);
}
