/**
 * Writes a large one-sheet .xlsx as Excel does (text in shared strings, date
 * cells as serials with a date style, numbers as numbers) without holding the
 * workbook: rows stream through fflate's zip writer straight to the file. For
 * the memory test and the import benchmark, where SheetJS's writer would need
 * gigabytes for a million rows.
 */
import fs from 'node:fs';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export type WCell = string | number | null | { serial: number };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function colName(c: number): string {
  let s = '';
  for (c++; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const OX = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Writes `rows` (an iterable, consumed once) as sheet 「sheet」 of `file`; returns the row count. */
export function writeLargeXlsx(file: string, sheet: string, rows: Iterable<WCell[]>): number {
  const fd = fs.openSync(file, 'w');
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else fs.writeSync(fd, chunk);
  });
  const small = (name: string, text: string) => {
    const f = new ZipPassThrough(name);
    zip.add(f);
    f.push(strToU8(text), true);
  };
  small(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${OX}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${OX}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${OX}.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="${OX}.styles+xml"/></Types>`,
  );
  small(
    '_rels/.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  small(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
  );
  small(
    'xl/workbook.xml',
    `<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="${esc(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  small(
    'xl/styles.xml',
    `<?xml version="1.0"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  // The sheet streams; its strings are numbered as they come and written after it.
  const strings = new Map<string, number>();
  const ws = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
  zip.add(ws);
  ws.push(strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}"><sheetData>`));
  let n = 0;
  let buf = '';
  for (const row of rows) {
    n++;
    let x = `<row r="${n}">`;
    row.forEach((v, c) => {
      if (v === null) return;
      const ref = colName(c) + n;
      if (typeof v === 'number') x += `<c r="${ref}"><v>${v}</v></c>`;
      else if (typeof v === 'object') x += `<c r="${ref}" s="1"><v>${v.serial}</v></c>`;
      else {
        let k = strings.get(v);
        if (k === undefined) strings.set(v, (k = strings.size));
        x += `<c r="${ref}" t="s"><v>${k}</v></c>`;
      }
    });
    buf += x + '</row>';
    if (buf.length > 1 << 20) {
      ws.push(strToU8(buf));
      buf = '';
    }
  }
  ws.push(strToU8(buf + '</sheetData></worksheet>'), true);
  const ss = new ZipDeflate('xl/sharedStrings.xml', { level: 6 });
  zip.add(ss);
  ss.push(strToU8(`<?xml version="1.0"?><sst xmlns="${NS}" count="${strings.size}" uniqueCount="${strings.size}">`));
  let part = '';
  for (const s of strings.keys()) {
    part += `<si><t>${esc(s)}</t></si>`;
    if (part.length > 1 << 20) {
      ss.push(strToU8(part));
      part = '';
    }
  }
  ss.push(strToU8(part + '</sst>'), true);
  zip.end();
  fs.closeSync(fd);
  if (failed) throw failed;
  return n;
}
