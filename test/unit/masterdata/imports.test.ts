import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import iconv from 'iconv-lite';
import path from 'node:path';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { marchOrders, masterFiles, readBook, writeBook, writeCsv } from './fixtures';
import { onOrdersAdded, onOrdersChanged } from '../../../electron/domain/imports/hooks';

const hookCalls: [number, number][] = [];
onOrdersChanged((_db, from, to) => hookCalls.push([from, to]));
/** Lines handed to the order-line sinks, and how many sinks were committed. */
const added: number[][] = [];
let commits = 0;
onOrdersAdded(() => ({ add: (...x) => added.push(x), commit: () => commits++ }));

let t: TestBackend;

function importFile(kind: string, file: string, extra: Record<string, unknown> = {}) {
  const end = t.job('imports.run', { kind, file, ...extra });
  if (end.type !== 'done')
    throw Object.assign(new Error(end.type === 'failed' ? end.error.message : end.type), { end });
  return end.result as any;
}

function refusal(kind: string, file: string, extra: Record<string, unknown> = {}) {
  const end = t.job('imports.run', { kind, file, ...extra });
  if (end.type !== 'failed') throw new Error(`expected a refusal, got ${end.type}`);
  return end.error;
}

/** The wizard's preview (a read-only job) */
function preview(input: Record<string, unknown>) {
  const end = t.job('imports.preview', input);
  if (end.type !== 'done') throw new Error(end.type === 'failed' ? end.error.message : end.type);
  return end.result as any;
}

const count = (sql: string) => t.backend.db.prepare(sql).pluck().get() as number;

function loadMasters() {
  const f = masterFiles(t.dir);
  importFile('managers', f.managers);
  importFile('routes', f.routes);
  importFile('retailers', f.retailers);
  importFile('products', f.products);
}

/** 2026年3月 orders, four good lines on 03-02, 03-09 and 03-16, dates as date cells and text. */
const ordersMarch = (file = path.join(t.dir, '三月订单.xlsx')) => marchOrders(file);

const lines = () =>
  t.backend.db
    .prepare(
      `SELECT o.day, o.order_no, r.code AS retailer, p.code AS product, o.demand_tiao, o.qty_tiao, o.price_fen, o.amount_fen
       FROM order_lines o JOIN retailers r ON r.id = o.retailer_id JOIN products p ON p.id = o.product_id ORDER BY o.day, o.order_no, p.code`,
    )
    .all();

beforeEach(() => {
  t = testBackend();
  hookCalls.length = 0;
  added.length = 0;
  commits = 0;
});
afterEach(() => t.close());

describe('master files', () => {
  it('reads a BOM CSV, a title-row xlsx, a GBK CSV and an xls, normalising categories and prices', () => {
    loadMasters();
    const db = t.backend.db;
    expect(
      db
        .prepare(
          'SELECT code, name, gender, birth_date, education, skill_grade, manager_since, on_duty FROM managers ORDER BY code',
        )
        .all(),
    ).toEqual([
      {
        code: 'M01',
        name: '张伟',
        gender: '男',
        birth_date: '1985-06-15',
        education: '本科及以上',
        skill_grade: '高级',
        manager_since: '2015-03-01',
        on_duty: 1,
      },
      {
        code: 'M02',
        name: '李娜',
        gender: '女',
        birth_date: '1992-11-30',
        education: '大中专',
        skill_grade: '中级',
        manager_since: '2022-07-01',
        on_duty: 1,
      },
      {
        code: 'M03',
        name: '王强',
        gender: '男',
        birth_date: '1970-01-01',
        education: '高中及以下',
        skill_grade: '无',
        manager_since: '2025-09-01',
        on_duty: 1,
      },
    ]);
    expect(
      db
        .prepare(
          'SELECT r.code, r.name, m.code AS manager, r.mileage_km FROM routes r JOIN managers m ON m.id = r.manager_id ORDER BY r.code',
        )
        .all(),
    ).toEqual([
      { code: 'R01', name: '城关一线', manager: 'M01', mileage_km: 35.5 },
      { code: 'R02', name: '乡镇二线', manager: 'M02', mileage_km: 80 },
    ]);
    expect(
      db
        .prepare(
          `SELECT r.code, r.licence_no, r.name, r.format, r.area, t.code AS route, m.code AS manager, r.grade, r.order_method, r.settlement, r.status
           FROM retailers r JOIN routes t ON t.id = r.route_id JOIN managers m ON m.id = r.manager_id ORDER BY r.code`,
        )
        .all(),
    ).toEqual([
      {
        code: '420100001',
        licence_no: 'L001',
        name: '城关便利店',
        format: '便利店',
        area: '城镇',
        route: 'R01',
        manager: 'M01',
        grade: 30,
        order_method: '网上',
        settlement: '电子结算-在线划拨',
        status: '正常',
      },
      {
        code: '420100002',
        licence_no: 'L002',
        name: '好又多超市',
        format: '超市',
        area: '城镇',
        route: 'R01',
        manager: 'M01',
        grade: 25,
        order_method: '手机',
        settlement: '电子结算-POS',
        status: '正常',
      },
      {
        code: '420100003',
        licence_no: 'L003',
        name: '乡村小卖部',
        format: '食杂店',
        area: '乡村',
        route: 'R02',
        manager: 'M02',
        grade: 5,
        order_method: '电话',
        settlement: '现金',
        status: '暂停',
      },
      {
        code: '420100004',
        licence_no: 'L004',
        name: '名烟名酒',
        format: '烟酒店',
        area: '城镇',
        route: 'R02',
        manager: 'M02',
        grade: 12,
        order_method: '网上',
        settlement: '电子结算-POS',
        status: '注销',
      },
    ]);
    // 价类 from 调拨价: 170.00 ≥ 100 → 一类; 55.12 in 30–<70 → 三类; 22.26 in 16.5–<30 → 四类.
    expect(
      db
        .prepare(
          'SELECT code, name, price_class, transfer_price_fen, wholesale_price_fen, retail_price_fen FROM products ORDER BY code',
        )
        .all(),
    ).toEqual([
      {
        code: '6901028000001',
        name: '黄鹤楼(软蓝)',
        price_class: '一类',
        transfer_price_fen: 17000,
        wholesale_price_fen: 19080,
        retail_price_fen: 23000,
      },
      {
        code: '6901028000002',
        name: '红金龙(硬神州)',
        price_class: '三类',
        transfer_price_fen: 5512,
        wholesale_price_fen: 6254,
        retail_price_fen: 8000,
      },
      {
        code: '6901028000003',
        name: '白沙(精品)',
        price_class: '四类',
        transfer_price_fen: 2226,
        wholesale_price_fen: 2544,
        retail_price_fen: 3000,
      },
    ]);
    const hist = t.call('imports.history', {});
    expect(hist.map((b: any) => [b.kind, b.rowsRead, b.rowsImported, b.rowsRejected, b.status])).toEqual([
      ['products', 3, 3, 0, 'committed'],
      ['retailers', 4, 4, 0, 'committed'],
      ['routes', 2, 2, 0, 'committed'],
      ['managers', 3, 3, 0, 'committed'],
    ]);
    expect(hist[2].fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a bad category and a duplicate code with reasons, keeping the good rows', () => {
    loadMasters();
    const file = writeCsv(path.join(t.dir, 'r2.csv'), [
      ['客户编码', '客户名称', '经营业态', '档位'],
      ['420100005', '新开店', '批发部', '8'],
      ['420100006', '第六家', '超市', '31'],
      ['420100007', '第七家', '商场', '3'],
      ['420100007', '第七家重复', '商场', '3'],
    ]);
    const r = importFile('retailers', file);
    expect(r.rowsRead).toBe(4);
    expect(r.rowsImported).toBe(1);
    expect(r.rejected).toEqual([
      {
        row: 2,
        reason: '经营业态“批发部”不是可识别的类别（可用：食杂店、便利店、超市、商场、烟酒店、娱乐服务类、其他）',
      },
      { row: 3, reason: '档位“31”应为1–30的整数' },
      { row: 5, reason: '客户编码 420100007 在文件中重复（与第 4 行相同）' },
    ]);
    const book = readBook(r.rejectedFile);
    expect(book[0]).toEqual(['客户编码', '客户名称', '经营业态', '档位', '原行号', '原因']);
    expect(book.slice(1).map((x) => [x[0], x[4]])).toEqual([
      ['420100005', 2],
      ['420100006', 3],
      ['420100007', 5],
    ]);
  });

  it('rolls back an update batch to the values before it and removes what it added', () => {
    loadMasters();
    const upd = writeCsv(path.join(t.dir, 'upd.csv'), [
      ['客户编码', '客户名称', '档位'],
      ['420100001', '城关便利店（新）', '20'],
      ['420100005', '新开店', '8'],
    ]);
    const r = importFile('retailers', upd);
    const db = t.backend.db;
    expect(db.prepare("SELECT name, grade, format FROM retailers WHERE code = '420100001'").get()).toEqual({
      name: '城关便利店（新）',
      grade: 20,
      format: '便利店',
    });
    expect(count('SELECT COUNT(*) FROM retailers')).toBe(5);
    const rb = t.call('imports.rollback', { batchId: r.batchId });
    expect(rb).toEqual({ batchId: r.batchId, kind: 'retailers', removed: 2, restored: 0 });
    expect(db.prepare("SELECT name, grade, format FROM retailers WHERE code = '420100001'").get()).toEqual({
      name: '城关便利店',
      grade: 30,
      format: '便利店',
    });
    expect(count('SELECT COUNT(*) FROM retailers')).toBe(4);
    expect(t.result('imports.rollback', { batchId: r.batchId })).toMatchObject({
      ok: false,
      error: { code: 'already_rolled_back' },
    });
  });

  it('keeps a 价类 given in the products file over the one computed from 调拨价', () => {
    const file = writeCsv(path.join(t.dir, 'p.csv'), [
      ['卷烟编码', '卷烟名称', '价类', '调拨价'],
      // 调拨价 95.00 would be 二类; the file says 一类.
      ['6901028000009', '测试(硬)', '一类烟', '95'],
      ['6901028000010', '测试(软)', '', '95'],
      ['6901028000011', '测试(细支)', '特类', '95'],
    ]);
    const r = importFile('products', file);
    expect(r.rejected).toEqual([
      { row: 4, reason: '价类“特类”不是可识别的类别（可用：一类、二类、三类、四类、五类）' },
    ]);
    expect(t.backend.db.prepare('SELECT code, price_class FROM products ORDER BY code').all()).toEqual([
      { code: '6901028000009', price_class: '一类' },
      { code: '6901028000010', price_class: '二类' },
    ]);
  });
});

describe('order files', () => {
  it('imports an xlsx with a title row and date cells: every line, in 条 and 分, on the dates shown', () => {
    process.env.TZ = 'Asia/Shanghai';
    loadMasters();
    const r = importFile('orders', ordersMarch());
    expect(r).toMatchObject({
      kind: 'orders',
      file: '三月订单.xlsx',
      rowsRead: 4,
      rowsImported: 4,
      rowsRejected: 0,
      rejectedFile: null,
      dayFrom: '2026-03-02',
      dayTo: '2026-03-16',
    });
    expect(lines()).toEqual([
      {
        day: 20260302,
        order_no: 'D1',
        retailer: '420100001',
        product: '6901028000001',
        demand_tiao: 5,
        qty_tiao: 5,
        price_fen: 19080,
        amount_fen: 95400,
      },
      {
        day: 20260302,
        order_no: 'D1',
        retailer: '420100001',
        product: '6901028000002',
        demand_tiao: 10,
        qty_tiao: 8,
        price_fen: 6254,
        amount_fen: 50032,
      },
      {
        day: 20260309,
        order_no: 'D2',
        retailer: '420100002',
        product: '6901028000003',
        demand_tiao: 20,
        qty_tiao: 20,
        price_fen: 2544,
        amount_fen: 50880,
      },
      {
        day: 20260316,
        order_no: 'D3',
        retailer: '420100003',
        product: '6901028000001',
        demand_tiao: 2,
        qty_tiao: 2,
        price_fen: 19080,
        amount_fen: 38160,
      },
    ]);
    // 95400 + 50032 + 50880 + 38160
    expect(count('SELECT SUM(amount_fen) FROM order_lines')).toBe(234472);
    // Lines only added: handed to the sinks one by one ([day, retailer, product, 需求量, 订购量, 金额]), one commit, no recompute.
    const id = (table: string, code: string) =>
      t.backend.db.prepare(`SELECT id FROM ${table} WHERE code = ?`).pluck().get(code) as number;
    expect(added).toEqual([
      [20260302, id('retailers', '420100001'), id('products', '6901028000001'), 5, 5, 95400],
      [20260302, id('retailers', '420100001'), id('products', '6901028000002'), 10, 8, 50032],
      [20260309, id('retailers', '420100002'), id('products', '6901028000003'), 20, 20, 50880],
      [20260316, id('retailers', '420100003'), id('products', '6901028000001'), 2, 2, 38160],
    ]);
    expect(commits).toBe(1);
    expect(hookCalls).toEqual([]);
    // The job resolved every reference itself (SQLite's checks were off for it): none dangles, and checks are back on.
    expect(t.backend.db.pragma('foreign_key_check')).toEqual([]);
    expect(t.backend.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('gives every kind of bad row its reason, keeps the good ones, and writes them to an xlsx with 原因', () => {
    loadMasters();
    const file = writeCsv(path.join(t.dir, '问题订单.csv'), [
      ['统计期间：2026-03-01至2026-03-31'],
      ['订单日期', '订单号', '客户编码', '卷烟编码', '需求量', '订购量', '单价', '金额'],
      ['2026-03-20', 'E1', '420100001', '6901028000003', 10, 10, '25.44', '254.40'],
      ['2026-03-20', 'E1', '420199999', '6901028000003', 1, 1, '25.44', '25.44'],
      ['2026-03-20', 'E2', '420100002', '6901028999999', 1, 1, '25.44', '25.44'],
      ['2026-03-20', 'E3', '420100002', '6901028000003', -3, -3, '25.44', '-76.32'],
      ['2026-03-20', 'E4', '420100002', '6901028000001', 1, 'abc', '190.80', '190.80'],
      ['2026-03-20', 'E5', '420100002', '6901028000001', 2, 2, '190.80', '390.00'],
      ['2026-03-20', 'E1', '420100001', '6901028000003', 10, 10, '25.44', '254.40'],
      ['2026-04-01', 'E6', '420100001', '6901028000001', 1, 1, '190.80', '190.80'],
      ['2026-02-30', 'E7', '420100001', '6901028000001', 1, 1, '190.80', '190.80'],
      ['2026-03-21', 'E8', '420100002', '6901028000002', 3, 3, '62.54', '187.62'],
      ['2026-03-21', 'E9', '420100002', '6901028000002', 1, '1.5', '62.54', '93.81'],
      ['合计', '', '', '', '', '', '', ''],
    ]);
    const r = importFile('orders', file);
    expect(r.rowsRead).toBe(12);
    expect(r.rowsImported).toBe(2);
    expect(r.rowsRejected).toBe(10);
    expect(r.rejected).toEqual([
      { row: 4, reason: '未知的客户编码 420199999' },
      { row: 5, reason: '未知的卷烟编码 6901028999999' },
      { row: 6, reason: '订购量“-3”为负数' },
      { row: 7, reason: '订购量“abc”不是数字' },
      { row: 8, reason: '金额 390.00 元与单价×订购量（190.80×2 = 381.60 元）不符' },
      { row: 9, reason: '订单号 E1 的同一卷烟在文件中重复' },
      { row: 10, reason: '订单日期 2026-04-01 不在文件所述期间 2026-03-01 至 2026-03-31 内' },
      { row: 11, reason: '订单日期“2026-02-30”不是有效日期' },
      { row: 13, reason: '订购量“1.5”不是整条' },
      { row: 14, reason: '合计行，不是明细数据' },
    ]);
    expect(lines()).toEqual([
      {
        day: 20260320,
        order_no: 'E1',
        retailer: '420100001',
        product: '6901028000003',
        demand_tiao: 10,
        qty_tiao: 10,
        price_fen: 2544,
        amount_fen: 25440,
      },
      {
        day: 20260321,
        order_no: 'E8',
        retailer: '420100002',
        product: '6901028000002',
        demand_tiao: 3,
        qty_tiao: 3,
        price_fen: 6254,
        amount_fen: 18762,
      },
    ]);
    const book = readBook(r.rejectedFile);
    expect(book[0]).toEqual([
      '订单日期',
      '订单号',
      '客户编码',
      '卷烟编码',
      '需求量',
      '订购量',
      '单价',
      '金额',
      '原行号',
      '原因',
    ]);
    expect(book.length).toBe(11);
    expect(book[1]).toEqual([
      '2026-03-20',
      'E1',
      '420199999',
      '6901028000003',
      '1',
      '1',
      '25.44',
      '25.44',
      4,
      '未知的客户编码 420199999',
    ]);
    expect(book[10][8]).toBe(14);
  });

  it('finds retailers by 许可证号 and specs by 卷烟名称 when codes are absent, and reads GB18030', () => {
    loadMasters();
    const file = writeCsv(
      path.join(t.dir, 'lic.csv'),
      [
        ['销售日期', '专卖许可证号', '规格名称', '销量'],
        ['2026-03-10', 'L002', '白沙(精品)', '4'],
        ['2026-03-10', 'L002', '白沙(特制)', '1'],
      ],
      'gb18030',
    );
    const r = importFile('orders', file);
    expect(r.rejected).toEqual([{ row: 3, reason: '未知的卷烟名称 白沙(特制)' }]);
    // No 订单号 column: the order number is the day and the retailer; price from the spec's 批发价.
    expect(lines()).toEqual([
      {
        day: 20260310,
        order_no: '20260310-L002',
        retailer: '420100002',
        product: '6901028000003',
        demand_tiao: 4,
        qty_tiao: 4,
        price_fen: 2544,
        amount_fen: 10176,
      },
    ]);
  });

  it('reads quantities in 箱 and money in 万元 from the headers, and 箱 chosen by the user', () => {
    loadMasters();
    const file = writeCsv(path.join(t.dir, 'xiang.csv'), [
      ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量(箱)', '单价（元/条）', '金额(万元)'],
      // 0.2 箱 = 50 条; 50 × 25.44 = 1272.00 元 = 0.1272 万元
      ['20260305', 'X1', '420100001', '6901028000003', '0.2', '25.44', '0.1272'],
    ]);
    importFile('orders', file);
    expect(lines()).toEqual([
      {
        day: 20260305,
        order_no: 'X1',
        retailer: '420100001',
        product: '6901028000003',
        demand_tiao: 50,
        qty_tiao: 50,
        price_fen: 2544,
        amount_fen: 127200,
      },
    ]);
    const file2 = writeCsv(path.join(t.dir, 'xiang2.csv'), [
      ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量'],
      ['2026-03-06', 'X2', '420100002', '6901028000002', '1'],
    ]);
    importFile('orders', file2, { unit: '箱' });
    // 1 箱 = 250 条 at the product's 批发价 62.54 → 15635.00 元
    expect(
      t.backend.db.prepare("SELECT qty_tiao, price_fen, amount_fen FROM order_lines WHERE order_no = 'X2'").get(),
    ).toEqual({ qty_tiao: 250, price_fen: 6254, amount_fen: 1563500 });
  });

  it('refuses dates that already hold orders, then with replace swaps exactly those dates, and rollback restores them', () => {
    loadMasters();
    const a = importFile('orders', ordersMarch());
    const before = lines();
    const second = writeCsv(path.join(t.dir, 'fix.csv'), [
      ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价', '金额'],
      ['2026-03-09', 'F1', '420100002', '6901028000003', 30, '25.44', '763.20'],
      ['2026-03-09', 'F1', '420100002', '6901028000002', 1, '62.54', '62.54'],
      ['2026-03-23', 'F2', '420100001', '6901028000001', 1, '190.80', '190.80'],
    ]);
    const err = refusal('orders', second);
    expect(err.code).toBe('period_exists');
    expect(err.message).toContain('2026-03-09');
    expect(err.details).toEqual({ days: ['2026-03-09'] });
    expect(lines()).toEqual(before);
    expect(count('SELECT COUNT(*) FROM import_batches')).toBe(5);

    const b = importFile('orders', second, { replace: true });
    expect(b.replacedLines).toBe(1);
    expect(lines()).toEqual([
      before[0],
      before[1],
      {
        day: 20260309,
        order_no: 'F1',
        retailer: '420100002',
        product: '6901028000002',
        demand_tiao: 1,
        qty_tiao: 1,
        price_fen: 6254,
        amount_fen: 6254,
      },
      {
        day: 20260309,
        order_no: 'F1',
        retailer: '420100002',
        product: '6901028000003',
        demand_tiao: 30,
        qty_tiao: 30,
        price_fen: 2544,
        amount_fen: 76320,
      },
      before[3],
      {
        day: 20260323,
        order_no: 'F2',
        retailer: '420100001',
        product: '6901028000001',
        demand_tiao: 1,
        qty_tiao: 1,
        price_fen: 19080,
        amount_fen: 19080,
      },
    ]);
    // The first batch cannot go while the second holds its replaced line.
    expect(t.result('imports.rollback', { batchId: a.batchId })).toMatchObject({
      ok: false,
      error: { code: 'rollback_order' },
    });
    hookCalls.length = 0;
    expect(t.call('imports.rollback', { batchId: b.batchId })).toEqual({
      batchId: b.batchId,
      kind: 'orders',
      removed: 3,
      restored: 1,
    });
    expect(lines()).toEqual(before);
    expect(hookCalls).toEqual([[20260309, 20260323]]);
    t.call('imports.rollback', { batchId: a.batchId });
    expect(count('SELECT COUNT(*) FROM order_lines')).toBe(0);
    expect(count('SELECT COUNT(*) FROM order_lines_replaced')).toBe(0);
    expect(t.call('imports.history', { kind: 'orders' }).map((x: any) => x.status)).toEqual([
      'rolled_back',
      'rolled_back',
    ]);
  });

  it('refuses a file without a recognisable header, or with every row bad, and changes nothing', () => {
    loadMasters();
    const batches = count('SELECT COUNT(*) FROM import_batches');
    const none = writeCsv(path.join(t.dir, 'none.csv'), [
      ['甲', '乙', '丙'],
      ['1', '2', '3'],
    ]);
    const e1 = refusal('orders', none);
    expect(e1.code).toBe('no_header');
    expect(e1.message).toContain('没有找到可识别的表头');
    const allBad = writeCsv(path.join(t.dir, 'bad.csv'), [
      ['订单日期', '客户编码', '卷烟编码', '订购量'],
      ['2026-03-01', '999', '6901028000001', '1'],
    ]);
    const e2 = refusal('orders', allBad);
    expect(e2.code).toBe('all_rejected');
    expect((e2.details as any).rejected).toEqual([{ row: 2, reason: '未知的客户编码 999' }]);
    const e3 = refusal('orders', path.join(t.dir, 'missing.csv'));
    expect(e3.code).toBe('file_not_found');
    const noQty = writeCsv(path.join(t.dir, 'noqty.csv'), [
      ['订单日期', '客户编码', '卷烟编码'],
      ['2026-03-01', '420100001', '6901028000001'],
    ]);
    const e4 = refusal('orders', noQty);
    expect(e4.code).toBe('missing_columns');
    expect(e4.message).toContain('订购量');
    expect(count('SELECT COUNT(*) FROM import_batches')).toBe(batches);
    expect(count('SELECT COUNT(*) FROM order_lines')).toBe(0);
  });

  it('previews the header under title rows, the mapping and each row status without writing', () => {
    loadMasters();
    const p = preview({ kind: 'orders', file: ordersMarch() });
    expect(p.headerRow).toBe(2);
    expect(p.sheets).toEqual(['订单']);
    expect(p.mapping).toEqual({
      date: 0,
      orderNo: 1,
      retailerCode: 2,
      productCode: 3,
      demand: 4,
      qty: 5,
      price: 6,
      amount: 7,
    });
    expect(p.period).toEqual({ from: '2026-03-01', to: '2026-03-31', stated: true });
    expect(p.rows.map((r: any) => [r.row, r.status])).toEqual([
      [3, 'ok'],
      [4, 'ok'],
      [5, 'ok'],
      [6, 'ok'],
    ]);
    // Date cells (serials) are shown as the spreadsheet shows them; text dates as written.
    expect(p.rows.map((r: any) => r.cells[0])).toEqual(['2026-03-02', '2026-03-02', '2026/3/9', '2026年3月16日']);
    expect(count('SELECT COUNT(*) FROM order_lines')).toBe(0);
    // A user-corrected mapping: 需求量 unmapped, so demand falls back to 订购量.
    importFile('orders', ordersMarch(), { mapping: { demand: null } });
    expect(count('SELECT SUM(demand_tiao) FROM order_lines')).toBe(35);
    // …and is remembered for the next file with the same header.
    t.call('imports.rollback', { batchId: 5 });
    const again = preview({ kind: 'orders', file: ordersMarch() });
    expect(again.remembered).toBe(true);
    expect(again.mapping.demand).toBeUndefined();
  });

  it('tells which fields are one of a group, and previews a mapping that lacks a group without refusing it', () => {
    loadMasters();
    const p = preview({ kind: 'orders', file: ordersMarch() });
    expect(p.fields.map((f: any) => [f.key, f.label, f.required, f.oneOf])).toEqual([
      ['date', '订单日期', true, null],
      ['orderNo', '订单号', false, null],
      ['retailerCode', '客户编码', false, ['retailerCode', 'licence']],
      ['licence', '许可证号', false, ['retailerCode', 'licence']],
      ['productCode', '卷烟编码', false, ['productCode', 'productName']],
      ['productName', '卷烟名称', false, ['productCode', 'productName']],
      ['demand', '需求量', false, null],
      ['qty', '订购量', true, null],
      ['price', '单价', false, null],
      ['amount', '金额', false, null],
    ]);
    expect(p.missing).toBeNull();
    expect(t.call('imports.kinds', {}).find((k: any) => k.kind === 'orders').fields).toEqual(p.fields);

    // 客户编码 unmapped and no 许可证号 column: the preview says what is lacking and checks no row.
    const lacking = preview({ kind: 'orders', file: ordersMarch(), mapping: { retailerCode: null } });
    expect(lacking.missing).toBe('客户编码或许可证号');
    expect(lacking.mapping.retailerCode).toBeUndefined();
    expect(lacking.okCount).toBe(0);
    expect(lacking.rows.map((r: any) => [r.row, r.status, r.reason])).toEqual([
      [3, 'rejected', '未检查：缺少客户编码或许可证号列'],
      [4, 'rejected', '未检查：缺少客户编码或许可证号列'],
      [5, 'rejected', '未检查：缺少客户编码或许可证号列'],
      [6, 'rejected', '未检查：缺少客户编码或许可证号列'],
    ]);
    // Both a required field and a group: listed in the kind's order.
    const both = preview({
      kind: 'orders',
      file: ordersMarch(),
      mapping: { qty: null, productCode: null },
    });
    expect(both.missing).toBe('订购量、卷烟编码或卷烟名称');
    // The import itself still refuses such a mapping.
    const e = refusal('orders', ordersMarch(), { mapping: { retailerCode: null } });
    expect(e.code).toBe('missing_columns');
    expect(e.message).toContain('客户编码或许可证号');
    expect(count('SELECT COUNT(*) FROM order_lines')).toBe(0);
  });

  it('the preview names the dates already imported and the import they came from, row by row', () => {
    loadMasters();
    importFile('orders', ordersMarch());
    const march = t.backend.db
      .prepare("SELECT id, created_at AS at FROM import_batches WHERE kind = 'orders'")
      .get() as { id: number; at: string };
    // 03-02 and 03-16 were imported with 三月订单.xlsx; 03-20 is new. Dates as text and as date cells.
    const file = writeBook(path.join(t.dir, '三月重发.xlsx'), {
      订单: [
        ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'],
        ['2026-03-16', 'E1', '420100001', '6901028000003', 4, 25.44],
        [{ date: [2026, 3, 20] }, 'E2', '420100002', '6901028000001', 1, 190.8],
        [{ date: [2026, 3, 2] }, 'E3', '420100002', '6901028000002', 1, 62.54],
      ],
    });
    const p = preview({ kind: 'orders', file });
    expect(p.existingDays).toEqual(['2026-03-02', '2026-03-16']);
    expect(p.existingImports).toEqual([
      {
        batchId: march.id,
        fileName: '三月订单.xlsx',
        importedAt: march.at,
        userName: expect.any(String),
        days: ['2026-03-02', '2026-03-16'],
      },
    ]);
    expect(p.rows.map((r: any) => [r.row, r.status, r.reason ?? null])).toEqual([
      [2, 'exists', '2026-03-16 已有订单，须选择替换'],
      [3, 'ok', null],
      [4, 'exists', '2026-03-02 已有订单，须选择替换'],
    ]);
    // With 替换 chosen the rows are importable; the dates are still named.
    const replacing = preview({ kind: 'orders', file, replace: true });
    expect(replacing.rows.map((r: any) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(replacing.existingImports[0].days).toEqual(['2026-03-02', '2026-03-16']);
    // A rolled-back batch is no longer named, and its dates are free again.
    t.call('imports.rollback', { batchId: march.id });
    const free = preview({ kind: 'orders', file });
    expect([free.existingDays, free.existingImports]).toEqual([[], []]);
    expect(free.rows.map((r: any) => r.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('a dry run checks every row as the import would and writes nothing', () => {
    loadMasters();
    importFile('orders', ordersMarch());
    const db = t.backend.db;
    /** Every row of every table, hashed: any write would change it. */
    const snapshot = () => {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all() as string[];
      return tables.map((n) => [n, JSON.stringify(db.prepare(`SELECT * FROM "${n}"`).raw().all())]);
    };
    const before = snapshot();
    const file = writeCsv(path.join(t.dir, '三月补充.csv'), [
      ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'],
      ['2026-03-02', 'D9', '420100001', '6901028000003', 4, 25.44],
      ['2026-03-23', 'D10', '420100002', '6901028000001', 1, 190.8],
      ['2026-03-23', 'D10', '999999999', '6901028000001', 1, 190.8],
      ['2026-03-23', 'D10', '420100002', '6901028000001', 1, 190.8],
    ]);
    const end = t.job('imports.dryRun', { kind: 'orders', file });
    if (end.type !== 'done') throw new Error(JSON.stringify(end));
    const r = end.result as any;
    expect(r).toMatchObject({
      rowsRead: 4,
      rowsOk: 2,
      rowsRejected: 2,
      dayFrom: '2026-03-02',
      dayTo: '2026-03-23',
      existingDays: ['2026-03-02'],
    });
    const march = count("SELECT id FROM import_batches WHERE kind = 'orders'");
    expect(r.existingImports).toMatchObject([{ batchId: march, fileName: '三月订单.xlsx', days: ['2026-03-02'] }]);
    expect(r.rejected).toEqual([
      { row: 4, reason: '未知的客户编码 999999999' },
      { row: 5, reason: '订单号 D10 的同一卷烟重复（与第 3 行相同）' },
    ]);
    expect(
      readBook(r.rejectedFile)
        .slice(1)
        .map((x) => x[x.length - 1]),
    ).toEqual(['未知的客户编码 999999999', '订单号 D10 的同一卷烟重复（与第 3 行相同）']);
    // Progress from the start: the file's bytes before any row.
    const progress = t.events.filter((e) => e.type === 'progress') as { message?: string; total?: number }[];
    expect(progress[0]).toMatchObject({ message: '正在读取文件', total: 100 });
    expect(snapshot()).toEqual(before);
  });

  it("numbers each batch's lines as one range of ids and rolls back by that range, restoring exactly", () => {
    loadMasters();
    const db = t.backend.db;
    const all = () => db.prepare('SELECT * FROM order_lines ORDER BY id').all();
    const span = (id: number) =>
      db.prepare('SELECT first_line_id AS a, last_line_id AS b FROM import_batches WHERE id = ?').get(id) as {
        a: number;
        b: number;
      };
    const a = importFile('orders', ordersMarch());
    const afterA = all();
    expect(afterA.length).toBe(4);
    expect(span(a.batchId)).toEqual({ a: 1, b: 4 });
    // B replaces 03-09 (one line of A's) and adds 03-23: its lines come after every id A used.
    const file = writeCsv(path.join(t.dir, '替换.csv'), [
      ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'],
      ['2026-03-09', 'E1', '420100002', '6901028000003', 7, 25.44],
      ['2026-03-23', 'E2', '420100001', '6901028000001', 1, 190.8],
      ['2026-03-23', 'E2', '420100001', '6901028000002', 2, 62.54],
    ]);
    const b = importFile('orders', file, { replace: true });
    expect(b.replacedLines).toBe(1);
    expect(span(b.batchId)).toEqual({ a: 5, b: 7 });
    expect((all() as { id: number; batch_id: number }[]).map((x) => [x.id, x.batch_id])).toEqual([
      [1, a.batchId],
      [2, a.batchId],
      [4, a.batchId],
      [5, b.batchId],
      [6, b.batchId],
      [7, b.batchId],
    ]);
    // The rollback deletes by the id range (the plan says so) and puts A's line back with its own id.
    const plan = db.prepare('EXPLAIN QUERY PLAN DELETE FROM order_lines WHERE id BETWEEN 5 AND 7').all() as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/INTEGER PRIMARY KEY/);
    expect(t.call('imports.rollback', { batchId: b.batchId })).toMatchObject({ removed: 3, restored: 1 });
    expect(all()).toEqual(afterA);
    // A later batch starts above every id ever used, even those of the rolled-back batch.
    const c = importFile('orders', file, { replace: true });
    expect(span(c.batchId)).toEqual({ a: 8, b: 10 });
    t.call('imports.rollback', { batchId: c.batchId });
    expect(all()).toEqual(afterA);
    expect(t.call('imports.rollback', { batchId: a.batchId })).toMatchObject({ removed: 4, restored: 0 });
    expect(all()).toEqual([]);
    // No index on batch_id is kept for it.
    const indexes = db.prepare("SELECT name FROM pragma_index_list('order_lines') ORDER BY name").pluck().all();
    expect(indexes).not.toContain('order_lines_batch');
  });

  it('imports what web systems export as .xls: an HTML table in GB2312, tab and comma text in GBK, SpreadsheetML 2003, MHT', () => {
    loadMasters();
    // Three lines: 5 条 × 190.80 + 8 条 × 62.54 + 20 条 × 25.44 = 954.00 + 500.32 + 508.80 = 1,963.12 元.
    const head = ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'];
    const lines = [
      ['2026-03-02', 'W1', '420100001', '6901028000001', '5', '190.80'],
      ['2026-03-02', 'W1', '420100001', '6901028000002', '8', '62.54'],
      ['2026-03-09', 'W2', '420100002', '6901028000003', '20', '25.44'],
    ];
    const td = (r: string[]) => '<tr>' + r.map((c) => `<td>${c}</td>`).join('') + '</tr>';
    const html = (charset: string) =>
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"></head><body><table border="1">` +
      `<tr><td colspan="6">2026年3月订单明细（导出）</td></tr>${td(head)}${lines.map(td).join('')}</table></body></html>`;
    const files: [string, Buffer, string][] = [
      ['网页表格.xls', iconv.encode(html('gb2312'), 'gb2312'), 'GB2312'],
      [
        '制表符文本.xls',
        iconv.encode([head, ...lines].map((r) => r.join('\t')).join('\r\n') + '\r\n', 'gbk'),
        'GB18030',
      ],
      ['逗号文本.xls', iconv.encode([head, ...lines].map((r) => r.join(',')).join('\r\n') + '\r\n', 'gbk'), 'GB18030'],
      [
        'SpreadsheetML.xls',
        Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Excel.Sheet"?>' +
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="订单"><Table>' +
            [head, ...lines]
              .map(
                (r, i) =>
                  '<Row>' +
                  r
                    .map((c, j) =>
                      i > 0 && j >= 4
                        ? `<Cell><Data ss:Type="Number">${c}</Data></Cell>`
                        : `<Cell><Data ss:Type="String">${c}</Data></Cell>`,
                    )
                    .join('') +
                  '</Row>',
              )
              .join('') +
            '</Table></Worksheet></Workbook>',
          'utf8',
        ),
        'UTF-8',
      ],
      [
        '单个文件网页.mht',
        Buffer.concat([
          Buffer.from(
            'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n------=_NextPart_01\r\n' +
              'Content-Type: text/html; charset="gb2312"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n',
            'latin1',
          ),
          Buffer.from(
            [...iconv.encode(html('gb2312'), 'gb2312')]
              .map((b) =>
                b >= 0x80 || b === 0x3d ? '=' + b.toString(16).toUpperCase().padStart(2, '0') : String.fromCharCode(b),
              )
              .join('')
              .replace(/(.{70})/g, '$1=\r\n'),
            'latin1',
          ),
          Buffer.from('\r\n------=_NextPart_01--\r\n', 'latin1'),
        ]),
        'GB2312',
      ],
    ];
    const labels: Record<string, string> = {
      '网页表格.xls': '网页表格（GB2312编码，另存为 .xls）',
      '制表符文本.xls': '文本（GBK编码，制表符分隔，另存为 .xls）',
      '逗号文本.xls': 'CSV 文本（GBK编码，逗号分隔，另存为 .xls）',
      'SpreadsheetML.xls': 'Excel 2003 XML 表格（UTF-8编码，另存为 .xls）',
      '单个文件网页.mht': '单个文件网页（MHT，GB2312编码）',
    };
    for (const [name, bytes, encoding] of files) {
      const file = path.join(t.dir, name);
      fs.writeFileSync(file, bytes);
      const p = preview({ kind: 'orders', file });
      expect([name, p.encoding]).toEqual([name, encoding]);
      expect([name, p.formatLabel]).toEqual([name, labels[name]]);
      const r = importFile('orders', file);
      expect([name, r.rowsImported, r.rowsRejected]).toEqual([name, 3, 0]);
      expect(count(`SELECT SUM(qty_tiao) FROM order_lines WHERE batch_id = ${r.batchId}`)).toBe(33);
      expect(count(`SELECT SUM(amount_fen) FROM order_lines WHERE batch_id = ${r.batchId}`)).toBe(196312);
      t.call('imports.rollback', { batchId: r.batchId });
    }
  });

  it('takes the table of a web page whose header it knows, reads &nbsp; and thousands separators, and names the format', () => {
    loadMasters();
    // Written byte by byte here (not by the library the app reads with): a GB2312 page with a
    // query-conditions table first, then the orders under merged title cells.
    const td = (r: string[]) => '<tr>' + r.map((c) => `<td>${c}</td>`).join('') + '</tr>';
    const page =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>订单查询</title></head><body>' +
      '<table><tr><td colspan="2">查询条件</td></tr>' +
      td(['起始日期', '2026-03-01']) +
      td(['截止日期', '2026-03-31']) +
      '</table><p>共 3 条</p><table border="1">' +
      '<tr><td colspan="4" rowspan="2">2026年3月订单明细</td><td colspan="2">导出单位：示例县局</td></tr>' +
      '<tr><td colspan="2">导出时间：2026-04-01</td></tr>' +
      td(['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '金额']) +
      // 1,250 条 × 25.44 = 31,800.00 元; 8 条 × 62.54 = 500.32 元; ５ 条 × 190.80 = 954.00 元.
      td(['2026-03-02', 'H1', '420100001', '6901028000003', '1,250', '31,800.00']) +
      td(['2026-03-02', 'H1', '420100001', '6901028000002', '&nbsp;8&nbsp;', '&nbsp;500.32 ']) +
      td(['2026-03-09', 'H2', '420100002', '6901028000001', '５', '954.00&nbsp;']) +
      '</table></body></html>';
    const file = path.join(t.dir, '订单查询.xls');
    fs.writeFileSync(file, iconv.encode(page, 'gb2312'));
    const p = preview({ kind: 'orders', file });
    expect(p.formatLabel).toBe('网页表格（GB2312编码，另存为 .xls）');
    expect(p.sheets).toEqual(['表格1', '表格2']);
    expect(p.sheet).toBe('表格2');
    expect(p.sheetNote).toBe('文件中有 2 个表格，已选用表头可识别的“表格2”');
    expect(p.header).toEqual(['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '金额']);
    expect(p.okCount).toBe(3);
    const r = importFile('orders', file);
    expect([r.sheet, r.rowsImported, r.rowsRejected]).toEqual(['表格2', 3, 0]);
    expect(
      t.backend.db
        .prepare(
          `SELECT p.code, o.qty_tiao AS qty, o.amount_fen AS fen FROM order_lines o JOIN products p ON p.id = o.product_id
           WHERE o.batch_id = ? ORDER BY p.code`,
        )
        .all(r.batchId),
    ).toEqual([
      { code: '6901028000001', qty: 5, fen: 95400 },
      { code: '6901028000002', qty: 8, fen: 50032 },
      { code: '6901028000003', qty: 1250, fen: 3180000 },
    ]);
    // Asking for the first table gets a refusal that says what the file was read as.
    const e = refusal('orders', file, { sheet: '表格1' });
    expect(e.code).toBe('no_header');
    expect(e.message).toContain('（按网页表格（GB2312编码，另存为 .xls）读取）');
  });

  it('refuses a file that is no table with the formats it tried, and an .xls over the cap with what to do', () => {
    loadMasters();
    const junk = path.join(t.dir, '订单.xls');
    fs.writeFileSync(
      junk,
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]),
    );
    const e1 = refusal('orders', junk);
    expect(e1.code).toBe('file_unreadable');
    expect(e1.message).toContain('已尝试的格式：Excel 工作簿（.xlsx/.xlsm）、Excel 97-2003 工作簿（.xls');
    expect(e1.message).toContain('网页表格（HTML');
    expect(e1.message).toContain('UTF-8、UTF-16 或 GBK/GB2312 编码');
    // markup (web pages, MHT, Excel 2003 XML) streams at any size; an .xls is read whole within a cap
    const big = path.join(t.dir, '大工作簿.xls');
    fs.writeFileSync(big, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    fs.truncateSync(big, 13 << 20);
    const e2 = refusal('orders', big);
    expect(e2.code).toBe('file_too_large');
    expect(e2.message).toBe(
      '文件“大工作簿.xls”有 13 MB，是Excel 97-2003 工作簿：这种格式只能整个读入内存，超过 12 MB 时读入要占用 400 MB 以上内存，不能导入。请在 Excel 或 WPS 中打开后另存为 .xlsx 工作簿或 CSV 文本再导入。未导入任何数据',
    );
    expect(count('SELECT COUNT(*) FROM order_lines')).toBe(0);
  });

  it('streams a web page of several megabytes: the orders table after another, merged title cells, rows across read boundaries', () => {
    loadMasters();
    const customers = ['420100001', '420100002', '420100003'];
    const specs = ['6901028000001', '6901028000002', '6901028000003'];
    const prices = [190.8, 62.54, 25.44];
    let tiao = 0;
    let fen = 0;
    const rows: string[] = [];
    for (let i = 0; i < 24_000; i++) {
      const q = 1 + (i % 7);
      const k = i % 3;
      tiao += q;
      fen += Math.round(q * prices[k] * 100);
      rows.push(
        `<tr><td>2026-03-${String(1 + (i % 28)).padStart(2, '0')}</td><td>W${i}</td><td>${customers[(i >> 1) % 3]}</td>` +
          `<td>${specs[k]}</td><td>${q}&nbsp;</td><td>${prices[k].toFixed(2)}</td></tr>`,
      );
    }
    const page =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>' +
      '<table><tr><td>汇总</td><td>说明</td></tr><tr><td>合计</td><td>见下表</td></tr></table>' +
      '<table border="1"><tr><td colspan="6">2026年3月订单明细（导出）</td></tr>' +
      '<tr><th rowspan="1">订单日期</th><th>订单号</th><th>客户编码</th><th>卷烟编码</th><th>订购量</th><th>单价</th></tr>' +
      rows.join('\n') +
      '</table></body></html>';
    const file = path.join(t.dir, '网页订单.xls');
    fs.writeFileSync(file, iconv.encode(page, 'gb2312'));
    expect(fs.statSync(file).size).toBeGreaterThan(2 << 20); // three reads of 1 MB
    const r = importFile('orders', file);
    expect(r.rowsImported).toBe(24_000);
    expect(count('SELECT SUM(qty_tiao) FROM order_lines')).toBe(tiao);
    expect(count('SELECT SUM(amount_fen) FROM order_lines')).toBe(fen);
    expect(
      count("SELECT COUNT(*) FROM order_lines WHERE retailer_id = (SELECT id FROM retailers WHERE code = '420100002')"),
    ).toBe(rows.filter((_, i) => (i >> 1) % 3 === 1).length);
  });

  it('reads an upload sent as base64 the same as a path', () => {
    loadMasters();
    const content = fs.readFileSync(ordersMarch()).toString('base64');
    const up = t.call('imports.upload', { fileName: '三月订单.xlsx', contentBase64: content });
    const r = importFile('orders', up.file, { fileName: up.fileName });
    expect(r.file).toBe('三月订单.xlsx');
    expect(r.rowsImported).toBe(4);
  });
});
