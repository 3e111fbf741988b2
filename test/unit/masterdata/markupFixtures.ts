/**
 * Order files in the markup shapes web systems export, written by test/helpers/markupWriter
 * (not by the libraries the app reads with), with the totals worked out line by line here.
 */
import { Base64, FileOut, QuotedPrintable, gb2312, utf16, xmlEscape } from '../../helpers/markupWriter';

const RETAILERS = ['420100001', '420100002', '420100003'];
const PRODUCTS: [string, number][] = [
  ['6901028000001', 19080],
  ['6901028000002', 6254],
  ['6901028000003', 2544],
];

export interface OrderLine {
  day: string;
  order: string;
  retailer: string;
  product: string;
  qty: number;
  priceFen: number;
  amountFen: number;
}

/** Line i: day 1 + i % 28 of March 2026, 1 + i % 9 条 of product i % 3 at its price. */
export function orderLine(i: number): OrderLine {
  const [product, priceFen] = PRODUCTS[i % 3];
  const qty = 1 + (i % 9);
  return {
    day: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    order: `W${i}`,
    retailer: RETAILERS[(i >> 2) % 3],
    product,
    qty,
    priceFen,
    amountFen: qty * priceFen,
  };
}

export function totals(lines: number): { n: number; qty: number; fen: number } {
  let qty = 0;
  let fen = 0;
  for (let i = 0; i < lines; i++) {
    const l = orderLine(i);
    qty += l.qty;
    fen += l.amountFen;
  }
  return { n: lines, qty, fen };
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

type Enc = 'utf8' | 'gb2312' | 'utf16le' | 'utf16be';
const bytes = (s: string, enc: Enc) =>
  enc === 'gb2312' ? gb2312(s) : enc === 'utf8' ? Buffer.from(s, 'utf8') : utf16(s, enc === 'utf16le' ? 'le' : 'be');

/** Lines are written this many at a time. */
const PIECE = 2000;

/**
 * Excel 2003 XML: a first worksheet of query conditions (no order header), then 「订单&明细」 with
 * a title merged across the columns, an empty row skipped by ss:Index, the header, and the lines —
 * dates as DateTime, the 备注 column skipped by ss:Index, every fifth quantity as text with
 * spaces, a comment on every seventh order number.
 */
export function writeSpreadsheetMl(file: string, lines: number, enc: Enc = 'utf8', bom = false): string {
  const out = new FileOut(file);
  if (bom)
    out.write(
      enc === 'utf8'
        ? Buffer.from([0xef, 0xbb, 0xbf])
        : enc === 'utf16le'
          ? Buffer.from([0xff, 0xfe])
          : Buffer.from([0xfe, 0xff]),
    );
  const declared = enc === 'gb2312' ? 'gb2312' : enc === 'utf8' ? 'UTF-8' : 'UTF-16';
  const s = (t: string, type = 'String', extra = '') =>
    `<Cell${extra}><Data ss:Type="${type}">${xmlEscape(t)}</Data></Cell>`;
  out.write(
    bytes(
      `<?xml version="1.0" encoding="${declared}"?>\r\n<?mso-application progid="Excel.Sheet"?>\r\n` +
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" ' +
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">\r\n' +
        '<Styles><Style ss:ID="d"><NumberFormat ss:Format="yyyy-mm-dd"/></Style></Styles>\r\n' +
        '<Worksheet ss:Name="查询条件"><Table>\r\n' +
        `<Row>${s('起始日期')}${s('2026-03-01')}</Row>\r\n<Row>${s('截止日期')}${s('2026-03-31')}</Row>\r\n` +
        '</Table></Worksheet>\r\n' +
        '<Worksheet ss:Name="订单&amp;明细"><Table ss:ExpandedColumnCount="8">\r\n' +
        `<Row>${s('2026年3月订单明细（导出）', 'String', ' ss:MergeAcross="7"')}</Row>\r\n` +
        `<Row ss:Index="3">${['订单日期', '订单号', '客户编码', '卷烟编码', '备注', '订购量', '单价', '金额'].map((h) => s(h)).join('')}</Row>\r\n`,
      enc,
    ),
  );
  for (let from = 0; from < lines; from += PIECE) {
    let piece = '';
    for (let i = from; i < Math.min(lines, from + PIECE); i++) {
      const l = orderLine(i);
      const comment =
        i % 7 === 0
          ? '<Comment ss:Author="系统"><ss:Data xmlns="http://www.w3.org/TR/REC-html40">核对</ss:Data></Comment>'
          : '';
      piece +=
        '<Row>' +
        `<Cell ss:StyleID="d"><Data ss:Type="DateTime">${l.day}T00:00:00.000</Data></Cell>` +
        `<Cell><Data ss:Type="String">${l.order}</Data>${comment}</Cell>` +
        s(l.retailer, 'Number') +
        s(l.product) +
        (i % 5 === 0 ? s(` ${l.qty} `, 'String', ' ss:Index="6"') : s(String(l.qty), 'Number', ' ss:Index="6"')) +
        s(String(l.priceFen / 100), 'Number') +
        s(String(l.amountFen / 100), 'Number') +
        '</Row>\r\n';
    }
    out.write(bytes(piece, enc));
  }
  out.write(bytes('</Table></Worksheet>\r\n</Workbook>\r\n', enc));
  return out.close();
}

/** A web page's table of the lines, a piece at a time: a title cell across the columns, the header, the lines. */
export function* pageTable(lines: number, meta: string | null): Generator<string> {
  yield (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n<head>' +
    (meta ? `<meta http-equiv="Content-Type" content="text/html; charset=${meta}">` : '') +
    '<title>订单查询</title></head>\r\n<body>\r\n<table border="1">\r\n' +
    '<tr><td colspan="7" style="font-size:16pt">2026年3月订单明细</td></tr>\r\n' +
    '<tr><th>订单日期</th><th>订单号</th><th>客户编码</th><th>卷烟编码</th><th>订购量</th><th>单价</th><th>金额</th></tr>\r\n'
  );
  for (let from = 0; from < lines; from += PIECE) {
    let piece = '';
    for (let i = from; i < Math.min(lines, from + PIECE); i++) {
      const l = orderLine(i);
      piece +=
        `<tr><td>${l.day}</td><td>${l.order}</td><td style="mso-number-format:'\\@'">${l.retailer}</td><td>${l.product}</td>` +
        `<td align="right">${l.qty}&nbsp;</td><td>${yuan(l.priceFen)}</td><td>${i % 4 === 0 ? Number(yuan(l.amountFen)).toLocaleString('en-US', { minimumFractionDigits: 2 }) : yuan(l.amountFen)}</td></tr>\r\n`;
    }
    yield piece;
  }
  yield '</table>\r\n</body>\r\n</html>\r\n';
}

/**
 * A single-file web page as Excel and IE save it: MIME headers, a preamble, the page as
 * GB2312 in quoted-printable or base64 (the charset in the part's header; the page's own
 * <meta> only with quoted-printable), then a picture in base64.
 */
export function writeMht(file: string, lines: number, transfer: 'quoted-printable' | 'base64'): string {
  const out = new FileOut(file);
  const boundary = '----=_NextPart_01DA7B2C.5E3F1A20';
  out.write(
    'From: <Saved by Windows Internet Explorer 8>\r\nSubject: =?gb2312?B?tqm1pQ==?=\r\nMIME-Version: 1.0\r\n' +
      `Content-Type: multipart/related;\r\n\tboundary="${boundary}";\r\n\ttype="text/html"\r\n\r\n` +
      'This is a multi-part message in MIME format.\r\n\r\n' +
      `--${boundary}\r\nContent-Type: text/html;\r\n\tcharset="gb2312"\r\nContent-Transfer-Encoding: ${transfer}\r\n` +
      'Content-Location: file:///C:/export/orders.htm\r\n\r\n',
  );
  const enc = transfer === 'base64' ? new Base64() : new QuotedPrintable();
  for (const piece of pageTable(lines, transfer === 'base64' ? null : 'gb2312')) out.write(enc.write(gb2312(piece)));
  if (enc instanceof Base64) out.write(enc.end());
  out.write(
    `\r\n\r\n--${boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: file:///C:/export/logo.png\r\n\r\n`,
  );
  const png = new Base64();
  // a picture whose bytes happen to spell "<table" must not count as a table
  out.write(
    png.write(
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('<table><tr><td>x</td></tr></table>')]),
    ) + png.end(),
  );
  out.write(`\r\n\r\n--${boundary}--\r\n`);
  return out.close();
}

/** A web page saved as 「Unicode」: UTF-16 with a BOM (little-endian), or big-endian without one. */
export function writeUtf16Page(file: string, lines: number, endian: 'le' | 'be' = 'le'): string {
  const out = new FileOut(file);
  if (endian === 'le') out.write(Buffer.from([0xff, 0xfe]));
  for (const piece of pageTable(lines, 'unicode')) out.write(utf16(piece, endian));
  return out.close();
}
