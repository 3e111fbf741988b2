/**
 * Workbooks in the shapes real writers produce, for checking the streaming
 * .xlsx reader cell by cell against SheetJS. Two sources: SheetJS's own writer
 * (shared strings or not, date cells, several sheets, 1904 dates) and parts
 * written here by hand and zipped with fflate (inline strings, rich text with
 * phonetic runs, entities and _xHHHH_ escapes, booleans, errors, formulas,
 * cells and rows without references, self-closing cells, a namespace prefix,
 * numbers stored as text, merged title rows, empty rows, zip64-free deflate and
 * stored entries).
 */
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { serial } from './fixtures';
import { writeZip } from '../../helpers/xlsxWriter';

const OX = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const contentTypes = (sheets: number) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${OX}.sheet.main+xml"/>${Array.from(
    { length: sheets },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${OX}.worksheet+xml"/>`,
  ).join(
    '',
  )}<Override PartName="/xl/sharedStrings.xml" ContentType="${OX}.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="${OX}.styles+xml"/></Types>`;
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

export interface HandBook {
  sheets: { name: string; data: string; extra?: string }[];
  sst?: string[];
  date1904?: boolean;
  prefix?: string;
  stored?: boolean;
}

/** A workbook from hand-written sheet XML (bodies of <sheetData>) and shared strings. */
export function handBook(file: string, o: HandBook): string {
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  for (const [name, text] of Object.entries(bookParts(o))) {
    const bytes = strToU8(text);
    files[name] = o.stored ? [bytes, { level: 0 }] : bytes;
  }
  fs.writeFileSync(file, zipSync(files as Parameters<typeof zipSync>[0]));
  return file;
}

/** The parts (path → XML) of a hand-written workbook. */
export function bookParts(o: HandBook): Record<string, string> {
  const p = o.prefix ?? '';
  const files: Record<string, string> = {};
  const put = (name: string, text: string) => {
    files[name] = text;
  };
  put('[Content_Types].xml', contentTypes(o.sheets.length));
  put(
    '_rels/.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const rels = o.sheets
    .map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  put(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId99" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/><Relationship Id="rId98" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
  );
  const ns = p ? `xmlns:${p.slice(0, -1)}="${NS}"` : `xmlns="${NS}"`;
  put(
    'xl/workbook.xml',
    `<?xml version="1.0"?><${p}workbook ${ns} xmlns:r="${REL}"><${p}workbookPr${o.date1904 ? ' date1904="1"' : ''}/><${p}sheets>${o.sheets
      .map((s, i) => `<${p}sheet name="${s.name.replace(/&/g, '&amp;')}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</${p}sheets></${p}workbook>`,
  );
  put(
    'xl/styles.xml',
    `<?xml version="1.0"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  const sst = o.sst ?? [];
  put(
    'xl/sharedStrings.xml',
    `<?xml version="1.0"?><${p}sst ${ns} count="${sst.length}" uniqueCount="${sst.length}">${sst.map((x) => `<${p}si>${x}</${p}si>`).join('')}</${p}sst>`,
  );
  o.sheets.forEach((s, i) =>
    put(
      `xl/worksheets/sheet${i + 1}.xml`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns} xmlns:r="${REL}"><${p}dimension ref="A1:H20"/><${p}sheetData>${s.data}</${p}sheetData>${s.extra ?? ''}</${p}worksheet>`,
    ),
  );
  return files;
}

/**
 * A zip for hostile files: entries given as already-deflated bytes with
 * whatever sizes and flags they claim (the CRC is left 0; the reader under
 * test does not need it).
 */
export function writeRawZip(
  file: string,
  entries: { name: string; data: Buffer; method: 0 | 8; size: number; flags?: number }[],
): string {
  return writeZip(
    file,
    entries.map((e) => ({ name: e.name, packed: [e.data], method: e.method, size: e.size, flags: e.flags })),
  );
}

/** Every corpus file, written into `dir`; each is checked against SheetJS. */
export function writeCorpus(dir: string): string[] {
  const out: string[] = [];
  const f = (name: string) => path.join(dir, name);

  // 1. Shared strings of every shape, numbers stored as text, date serials with a date style, text dates.
  out.push(
    handBook(f('shared.xlsx'), {
      sst: [
        '<t>订单日期</t>',
        '<t>客户编码</t>',
        '<t xml:space="preserve"> 前后空格 </t>',
        '<r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh>',
        '<t>A&amp;B &lt;c&gt; &quot;q&quot; &apos;s&apos; &#20013;&#x6587;</t>',
        '<t>行一_x000D_\n行二</t>',
        '<t>00123</t>',
        '<t>2026-03-05</t>',
        '<t/>',
        '<t>4201000000123</t>',
      ],
      sheets: [
        {
          name: '订单',
          data:
            '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
            `<row r="2"><c r="A2" s="1"><v>${serial(2026, 3, 31)}</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" t="s"><v>4</v></c><c r="D2" t="s"><v>5</v></c></row>` +
            '<row r="3"><c r="A3" t="s"><v>7</v></c><c r="B3" t="s"><v>9</v></c><c r="C3" t="s"><v>8</v></c><c r="E3"><v>1.5E-3</v></c><c r="F3"><v>-12.75</v></c></row>' +
            '<row r="5" spans="1:8" s="1" customFormat="1"/>' +
            `<row r="6"><c r="B6" s="1"><v>${serial(2026, 2, 28)}.5</v></c><c r="H6"><v>4201000000123</v></c></row>`,
        },
      ],
    }),
  );

  // 2. Inline strings, rich inline text, booleans, errors, formulas with cached values, t="d".
  out.push(
    handBook(f('inline.xlsx'), {
      sheets: [
        {
          name: 'Sheet1',
          data:
            '<row r="1"><c r="A1" t="inlineStr"><is><t>卷烟编码</t></is></c><c r="B1" t="inlineStr"><is><r><t>订</t></r><r><t>购量</t></r></is></c><c r="C1" t="inlineStr"><is><t xml:space="preserve">x &amp; y</t></is></c></row>' +
            '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2"><f>1+1</f><v>2</v></c><c r="E2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>' +
            '<row r="3"><c r="A3" t="str"><v></v></c><c r="B3" s="1"/><c r="C3"><f>NA()</f></c><c r="D3" t="n"><v>7</v></c></row>',
        },
      ],
    }),
  );

  // 3. Cells and rows without references, a namespace prefix, stored (not deflated) entries.
  out.push(
    handBook(f('prefixed.xlsx'), {
      prefix: 'x:',
      stored: true,
      sst: ['<x:t>甲</x:t>', '<x:t>乙</x:t>'],
      sheets: [
        {
          name: '第一页',
          data:
            '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c><x:v>3</x:v></x:c></x:row>' +
            '<x:row><x:c r="C2"><x:v>4</x:v></x:c><x:c><x:v>5</x:v></x:c></x:row>' +
            '<x:row r="4"><x:c r="B4" t="s"><x:v>1</x:v></x:c></x:row>',
        },
        { name: 'A&B', data: '<x:row r="2"><x:c r="A2"><x:v>9</x:v></x:c></x:row>' },
      ],
    }),
  );

  // 4. The 1904 date system; a merged title row over a header.
  out.push(
    handBook(f('d1904.xlsx'), {
      date1904: true,
      sst: ['<t>2026年3月 订单明细</t>', '<t>订单日期</t>', '<t>订购量</t>'],
      sheets: [
        {
          name: 'S',
          data:
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/><c r="C1"/></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c></row>' +
            `<row r="3"><c r="A3" s="1"><v>${serial(2026, 3, 1) - 1462}</v></c><c r="B3"><v>20</v></c></row>`,
          extra: '<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>',
        },
      ],
    }),
  );

  // 6. What the scanner reads in place: whole numbers with leading zeros, of 15 and 16 digits, signed
  // and empty; attributes in another order or two spaces apart; a row number not first; an empty
  // value of a shared string; an attribute name ending in r or t (ht, spans) before the real one.
  out.push(
    handBook(f('inplace.xlsx'), {
      sst: ['<t>零</t>', '<t>一</t>'],
      sheets: [
        {
          name: 'S',
          data:
            '<row spans="1:9" ht="15" r="2"><c r="A2"><v>007</v></c><c r="B2"><v>123456789012345</v></c><c r="C2"><v>1234567890123456</v></c><c r="D2"><v>-42</v></c><c r="E2"><v></v></c><c r="F2"><v> 8 </v></c></row>' +
            '<row r="3"><c s="0" t="s" r="A3"><v>1</v></c><c r="B3" t="s"><v/></c><c r="D3"  t="s"><v>1</v></c><c r="C3" t="s"><v>0</v></c><c r="E3" t="e"><v>#DIV/0!</v></c></row>' +
            '<row r="4" customHeight="1" ht="20"><c r="I4"><v>1e3</v></c><c><v>0.1</v></c><c r="L4"><v>5</v></c></row>',
        },
      ],
    }),
  );

  // 5. SheetJS's own writer: without and with shared strings, date cells, several sheets, a title row.
  for (const sst of [false, true]) {
    const wb = XLSX.utils.book_new();
    const rows: (string | number | boolean | null)[][] = [
      ['订单明细（2026年3月）'],
      ['订单日期', '订单号', '客户编码', '金额'],
    ];
    for (let i = 0; i < 300; i++)
      rows.push([
        i % 3 === 0 ? `2026-03-${String(1 + (i % 28)).padStart(2, '0')}` : serial(2026, 3, 1 + (i % 28)),
        i % 7 === 0 ? null : `D${100000 + i}`,
        i % 5 === 0 ? '004201' : 4201000000 + i,
        i % 11 === 0 ? '1,234.50' : i / 8,
      ]);
    rows.push([null, null, null, null]);
    rows.push(['合计', null, null, true]);
    const ws = XLSX.utils.aoa_to_sheet(rows);
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }];
    XLSX.utils.book_append_sheet(wb, ws, '订单');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['说明'], [null, '第二个工作表', 3.25]]), '说明');
    const name = f(sst ? 'sheetjs-sst.xlsx' : 'sheetjs.xlsx');
    fs.writeFileSync(name, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: sst, compression: true }));
    out.push(name);
  }

  // 7. A sheet of two megabytes (SheetJS's writer, deflated), so its entry inflates in many packed
  // chunks and output steps and rows and cells are cut at the reader's chunk ends.
  const big: (string | number)[][] = [['订单日期', '客户编码', '卷烟名称', '订购量', '金额']];
  for (let i = 0; i < 12_000; i++)
    big.push([
      serial(2026, 3, 1 + (i % 31)),
      `4201${String(i * 7919).padStart(8, '0')}`,
      `规格${i % 350}`,
      i % 97,
      (i * 1237) / 100,
    ]);
  const wbBig = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wbBig, XLSX.utils.aoa_to_sheet(big), '明细');
  const bigName = f('big.xlsx');
  fs.writeFileSync(bigName, XLSX.write(wbBig, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }));
  out.push(bigName);
  return out;
}
