/**
 * Markup read as a stream: Excel 2003 XML, single-file web pages (MHT) and UTF-16 pages, each
 * written by an independent writer (markupFixtures.ts), imported line by line with exact totals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import * as XLSX from 'xlsx';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { MAX_WHOLE_INFLATED, openImportFile, sheetCellValue } from '../../../electron/domain/imports/read';
import { masterFiles, serial } from './fixtures';
import { orderLine, totals, writeMht, writeSpreadsheetMl, writeUtf16Page } from './markupFixtures';
import { writeRawZip } from './xlsxCorpus';

let t: TestBackend;
beforeEach(() => {
  t = testBackend();
});
afterEach(() => {
  t.close();
  fs.rmSync(t.dir, { recursive: true, force: true });
});

function job(name: string, input: Record<string, unknown>) {
  const end = t.job(name, input);
  if (end.type !== 'done') throw new Error(end.type === 'failed' ? end.error.message : end.type);
  return end.result as any;
}

function loadMasters() {
  const f = masterFiles(t.dir);
  for (const [kind, file] of Object.entries(f)) job('imports.run', { kind, file });
}

const LINES = 4000;

describe('Excel 2003 XML read as a stream', () => {
  it('gives the cells SheetJS gives (ss:Index gaps, a merged title, text numbers, dates, comments), two worksheets by name', () => {
    const file = writeSpreadsheetMl(path.join(t.dir, '订单.xls'), 40);
    const f = openImportFile(file);
    expect(f.sheets).toEqual(['查询条件', '订单&明细']);
    expect(f.formatLabel).toBe('Excel 2003 XML 表格（UTF-8编码，另存为 .xls）');
    const book = XLSX.read(fs.readFileSync(file), { type: 'buffer', dense: true, cellDates: false });
    for (const name of f.sheets) {
      const dense = (book.Sheets[name] as { '!data': (XLSX.CellObject | undefined)[][] })['!data'];
      const expected = dense
        .map((line, r) => ({ row: r + 1, cells: Array.from(line ?? [], (c) => sheetCellValue(c)) }))
        .filter((r) => r.cells.some((c) => c !== null && c !== ''));
      expect([...f.rows(name)]).toEqual(expected);
    }
    // and by hand: the title on row 1, the header on row 3 (row 2 skipped), line 0 on row 4
    const rows = [...f.rows('订单&明细')];
    expect(rows[0]).toEqual({ row: 1, cells: ['2026年3月订单明细（导出）'] });
    expect(rows[1].row).toBe(3);
    expect(rows[2]).toEqual({
      row: 4,
      cells: [serial(2026, 3, 1), 'W0', 420100001, '6901028000001', null, ' 1 ', 190.8, 190.8],
    });
    expect(f.estimateRows('订单&明细')).toBe(42);
  });

  it.each([
    ['utf8', false, 'UTF-8'],
    ['gb2312', false, 'GB2312'],
    ['utf16le', true, 'UTF-16'],
  ] as const)(
    'imports every line of a %s workbook, from its second worksheet, with exact totals',
    (enc, bom, label) => {
      loadMasters();
      const file = writeSpreadsheetMl(path.join(t.dir, `订单-${enc}.xls`), LINES, enc, bom);
      expect(fs.statSync(file).size).toBeGreaterThan(1 << 20); // rows cross reads of 1 MB
      const p = job('imports.preview', { kind: 'orders', file });
      expect(p.formatLabel).toBe(`Excel 2003 XML 表格（${label}编码，另存为 .xls）`);
      expect(p.sheet).toBe('订单&明细');
      expect(p.sheetNote).toBe('文件中有 2 个工作表，已选用表头可识别的“订单&明细”');
      expect(p.header).toEqual(['订单日期', '订单号', '客户编码', '卷烟编码', '备注', '订购量', '单价', '金额']);
      const r = job('imports.run', { kind: 'orders', file });
      expect([r.rowsRead, r.rowsImported, r.rowsRejected]).toEqual([LINES, LINES, 0]);
      expectTotals(LINES);
    },
  );
});

describe('single-file web pages (MHT) read as a stream', () => {
  it.each(['quoted-printable', 'base64'] as const)('imports every line of a GB2312 page in %s', (transfer) => {
    loadMasters();
    const file = writeMht(path.join(t.dir, `订单-${transfer}.mht`), LINES, transfer);
    const p = job('imports.preview', { kind: 'orders', file });
    expect(p.formatLabel).toBe('单个文件网页（MHT，GB2312编码）');
    expect(p.sheets).toEqual(['表格1']);
    expect(p.header).toEqual(['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价', '金额']);
    const r = job('imports.run', { kind: 'orders', file });
    expect([r.rowsRead, r.rowsImported, r.rowsRejected]).toEqual([LINES, LINES, 0]);
    expectTotals(LINES);
  });

  it('reads the page of an MHT a chunk at a time: the same rows whatever the transfer encoding', () => {
    const qp = openImportFile(writeMht(path.join(t.dir, 'a.mht'), LINES, 'quoted-printable'));
    const b64 = openImportFile(writeMht(path.join(t.dir, 'b.mht'), LINES, 'base64'));
    const a = [...qp.rows()];
    expect(a.length).toBe(LINES + 2);
    expect(a[2]).toEqual({
      row: 3,
      cells: ['2026-03-01', 'W0', '420100001', '6901028000001', '1', '190.80', '190.80'],
    });
    // line 3999: 4 条 of 6901028000001 at 190.80 元 = 763.20 元
    const last = orderLine(LINES - 1);
    expect([last.qty, last.priceFen, last.amountFen]).toEqual([4, 19080, 76320]);
    expect(a.at(-1)!.cells).toEqual([last.day, last.order, last.retailer, last.product, '4', '190.80', '763.20']);
    expect([...b64.rows()]).toEqual(a);
    expect(qp.progress()).toBe(1);
  });
});

describe('UTF-16 web pages read as a stream', () => {
  it.each([
    ['le', '网页表格（UTF-16编码，另存为 .xls）'],
    ['be', '网页表格（UTF-16编码，另存为 .xls）'],
  ] as const)('imports every line of a UTF-16 %s page with exact totals', (endian, label) => {
    loadMasters();
    const file = writeUtf16Page(path.join(t.dir, `订单-${endian}.xls`), LINES, endian);
    expect(fs.statSync(file).size).toBeGreaterThan(1 << 20);
    const p = job('imports.preview', { kind: 'orders', file });
    expect(p.formatLabel).toBe(label);
    expect(p.encoding).toBe('UTF-16');
    const r = job('imports.run', { kind: 'orders', file });
    expect([r.rowsRead, r.rowsImported, r.rowsRejected]).toEqual([LINES, LINES, 0]);
    expectTotals(LINES);
  });
});

function expectTotals(lines: number) {
  const want = totals(lines);
  expect(
    t.backend.db.prepare('SELECT COUNT(*) n, SUM(qty_tiao) qty, SUM(amount_fen) fen FROM order_lines').get(),
  ).toEqual(want);
  // each line where it belongs: the lines of 420100002 on 2026-03-05
  let n = 0;
  let qty = 0;
  for (let i = 0; i < lines; i++) {
    const l = orderLine(i);
    if (l.retailer === '420100002' && l.day === '2026-03-05') {
      n++;
      qty += l.qty;
    }
  }
  expect(
    t.backend.db
      .prepare(
        `SELECT COUNT(*) n, SUM(o.qty_tiao) qty FROM order_lines o JOIN retailers r ON r.id = o.retailer_id
         WHERE r.code = '420100002' AND o.day = 20260305`,
      )
      .get(),
  ).toEqual({ n, qty });
}

describe('workbooks read whole', () => {
  it('refuses an .ods whose parts inflate past the cap, counted as they inflate (a declared size that lies too)', () => {
    expect(MAX_WHOLE_INFLATED).toBe(48 << 20);
    // 49 MB of incompressible text (packed about as big: no zip-bomb ratio)
    const content = Buffer.from(randomBytes(37 << 20).toString('base64'));
    expect(content.length).toBeGreaterThan(49 << 20);
    const ods = (name: string, declared: number) =>
      writeRawZip(path.join(t.dir, name), [
        {
          name: 'mimetype',
          data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'),
          method: 0,
          size: 46,
        },
        { name: 'content.xml', data: zlib.deflateRawSync(content, { level: 1 }), method: 8, size: declared },
      ]);
    const refusal = (file: string) => {
      try {
        openImportFile(file);
      } catch (e) {
        return e as any;
      }
      return null;
    };
    // Declared as 1,000 bytes: refused once it inflates past what its directory says.
    const liar = refusal(ods('说谎.ods', 1000));
    expect(liar?.code).toBe('zip_bomb');
    expect(liar?.message).toMatch(/“content\.xml”解压后超过压缩包目录所记的大小（1000 字节）/);
    const file = ods('大表格.ods', content.length);
    const err = refusal(file);
    expect(err?.code).toBe('file_too_large');
    expect(err?.message).toBe(
      '文件“大表格.ods”解压后超过 48 MB，是OpenDocument 或其他压缩格式的表格：这种格式只能整个读入内存，超过 48 MB 时读入要占用 400 MB 以上内存，不能导入。请在 Excel 或 WPS 中打开后另存为 .xlsx 工作簿或 CSV 文本再导入。未导入任何数据',
    );
  });
});
