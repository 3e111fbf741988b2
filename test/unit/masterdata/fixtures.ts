/**
 * Small import files the tests build themselves, with values worked out by
 * hand in the comments of the tests that use them.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import type { TestBackend } from '../../helpers/backend';

/** Excel serial of a calendar date (what a date cell stores). */
export function serial(y: number, m: number, d: number): number {
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
}

export function writeCsv(
  file: string,
  rows: (string | number)[][],
  encoding: 'utf8' | 'utf8bom' | 'gbk' | 'gb18030' = 'utf8',
): string {
  const text =
    rows
      .map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(','))
      .join('\r\n') + '\r\n';
  let buf: Buffer;
  if (encoding === 'utf8') buf = Buffer.from(text, 'utf8');
  else if (encoding === 'utf8bom') buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  else buf = iconv.encode(text, encoding);
  fs.writeFileSync(file, buf);
  return file;
}

export type XCell = string | number | null | { date: [number, number, number] };

/** A workbook whose date cells are real date cells (serial + date format). */
export function writeBook(
  file: string,
  sheets: Record<string, XCell[][]>,
  bookType: 'xlsx' | 'biff8' = 'xlsx',
): string {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    const plain = rows.map((r) => r.map((c) => (c && typeof c === 'object' ? serial(...c.date) : c)));
    const ws = XLSX.utils.aoa_to_sheet(plain);
    rows.forEach((r, ri) =>
      r.forEach((c, ci) => {
        if (c && typeof c === 'object') {
          const cell = ws[XLSX.utils.encode_cell({ r: ri, c: ci })];
          cell.t = 'n';
          cell.z = 'yyyy-mm-dd';
        }
      }),
    );
    XLSX.utils.book_append_sheet(wb, ws, name);
  }
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType }));
  return file;
}

export function readBook(file: string): (string | number | null)[][] {
  const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer' });
  return XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null }) as (
    string | number | null
  )[][];
}

export const MANAGERS: (string | number)[][] = [
  ['工号', '姓名', '性别', '出生日期', '学历', '职业技能等级', '任客户经理日期', '在岗状态'],
  ['M01', '张伟', '男', '1985-06-15', '本科', '营销员三级', '2015-03-01', '在岗'],
  ['M02', '李娜', '女', '1992/11/30', '大专', '四级', '2022年7月1日', '在岗'],
  ['M03', '王强', '男', '19700101', '高中', '', '2025-09-01', '在岗'],
];

export const ROUTES: XCell[][] = [
  ['线路资料（2026年）'],
  [],
  ['线路编码', '线路名称', '客户经理工号', '里程(公里)'],
  ['R01', '城关一线', 'M01', 35.5],
  ['R02', '乡镇二线', 'M02', 80],
];

export const RETAILERS: (string | number)[][] = [
  ['客户编码', '许可证号', '客户名称', '经营业态', '城乡分类', '线路编码', '档位', '订货方式', '结算方式', '经营状态'],
  ['420100001', 'L001', '城关便利店', '便利店', '城区', 'R01', 'D30', '网上订货', '在线划拨', '正常'],
  ['420100002', 'L002', '好又多超市', '超市', '城镇', 'R01', '25档', '手机订货', 'POS', '正常'],
  ['420100003', 'L003', '乡村小卖部', '食杂店', '农村', 'R02', '5', '电话', '现金', '暂停'],
  ['420100004', 'L004', '名烟名酒', '烟酒商店', '县城', 'R02', '12', '电脑', '刷卡', '注销'],
];

export const PRODUCTS: XCell[][] = [
  ['卷烟编码', '卷烟名称', '品牌', '生产企业', '调拨价(元/条)', '批发价(元/条)', '建议零售价(元/条)'],
  ['6901028000001', '黄鹤楼(软蓝)', '黄鹤楼', '湖北中烟', 170, 190.8, 230],
  ['6901028000002', '红金龙(硬神州)', '红金龙', '湖北中烟', 55.12, 62.54, 80],
  ['6901028000003', '白沙(精品)', '白沙', '湖南中烟', 22.26, 25.44, 30],
];

/** Writes the four master files into dir and returns their paths. */
export function masterFiles(dir: string) {
  return {
    managers: writeCsv(path.join(dir, '客户经理.csv'), MANAGERS, 'utf8bom'),
    routes: writeBook(path.join(dir, '线路.xlsx'), { 线路: ROUTES }),
    retailers: writeCsv(path.join(dir, '零售客户.csv'), RETAILERS, 'gbk'),
    products: writeBook(path.join(dir, '卷烟规格.xls'), { Sheet1: PRODUCTS }, 'biff8'),
  };
}

/** A large order file: n lines over the fixture's retailers and products, on the days of March 2026. */
export function bigOrders(file: string, n: number): string {
  const products = ['6901028000001', '6901028000002', '6901028000003'];
  const prices = ['190.80', '62.54', '25.44'];
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '订单日期,订单号,客户编码,卷烟编码,订购量,单价\n');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const p = i % 3;
    chunk += `2026-03-${String(1 + (Math.floor(i / 3) % 28)).padStart(2, '0')},G${Math.floor(i / 3)},42010000${1 + (i % 2)},${products[p]},${1 + (i % 7)},${prices[p]}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return file;
}

/**
 * 2026年3月订单明细 as a workbook with a title row: four lines on 03-02, 03-09 and 03-16, dates as
 * date cells and as text; the last line's retailer is `lastRetailer` (one not in the masters makes
 * a rejected row).
 */
export function marchOrders(file: string, lastRetailer = '420100003'): string {
  return writeBook(file, {
    订单: [
      ['2026年3月订单明细'],
      ['订单日期', '订单号', '客户编码', '卷烟编码', '需求量', '订购量', '单价', '金额'],
      [{ date: [2026, 3, 2] }, 'D1', '420100001', '6901028000001', 5, 5, 190.8, 954],
      [{ date: [2026, 3, 2] }, 'D1', '420100001', '6901028000002', 10, 8, 62.54, 500.32],
      ['2026/3/9', 'D2', '420100002', '6901028000003', 20, 20, 25.44, 508.8],
      ['2026年3月16日', 'D3', lastRetailer, '6901028000001', 2, 2, 190.8, 381.6],
    ],
  });
}

/** The fixture county's managers, routes, retailers and products, imported through the wizard's job. */
export function importMasters(t: TestBackend): void {
  const f = masterFiles(t.dir);
  for (const kind of ['managers', 'routes', 'retailers', 'products'] as const) {
    const end = t.job('imports.run', { kind, file: f[kind] });
    if (end.type !== 'done') throw new Error(`importing the fixture's ${kind} ended ${JSON.stringify(end)}`);
  }
}
