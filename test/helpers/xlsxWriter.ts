/**
 * Writes a large one-sheet .xlsx as Excel does (text in shared strings, date
 * cells as serials with a date style, numbers as numbers) without holding the
 * workbook: rows stream through fflate's deflate, only the packed bytes are
 * kept, and the zip is written with sizes and CRCs in its local headers (as
 * Excel writes, and as SheetJS's reader wants). For the memory test and the
 * import benchmark, where SheetJS's writer would need gigabytes for a million
 * rows.
 */
import fs from 'node:fs';
import { Deflate, strToU8 } from 'fflate';

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

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** A zip entry built as it streams: packed bytes, size and CRC-32. */
class Entry {
  private crc = -1;
  size = 0;
  readonly packed: Uint8Array[] = [];
  private readonly d: Deflate | null;
  constructor(
    readonly name: string,
    deflate: boolean,
  ) {
    this.d = deflate ? new Deflate({ level: 6 }, (chunk) => this.packed.push(chunk)) : null;
  }
  push(text: string, last = false): void {
    const b = strToU8(text);
    let c = this.crc;
    for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
    this.crc = c;
    this.size += b.length;
    if (this.d) this.d.push(b, last);
    else this.packed.push(b);
  }
  get crc32(): number {
    return (this.crc ^ -1) >>> 0;
  }
  get method(): 0 | 8 {
    return this.d ? 8 : 0;
  }
}

/** Writes entries as a zip with sizes and CRCs in the local headers (no data descriptors). */
export function writeZip(
  file: string,
  entries: { name: string; packed: Uint8Array[]; method: 0 | 8; size: number; crc32?: number; flags?: number }[],
): string {
  const fd = fs.openSync(file, 'w');
  const centrals: Buffer[] = [];
  let offset = 0;
  try {
    for (const e of entries) {
      const name = Buffer.from(e.name, 'utf8');
      const packedLen = e.packed.reduce((n, c) => n + c.length, 0);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE((e.flags ?? 0) | 0x800, 6);
      local.writeUInt16LE(e.method, 8);
      local.writeUInt32LE(e.crc32 ?? 0, 14);
      local.writeUInt32LE(packedLen, 18);
      local.writeUInt32LE(e.size, 22);
      local.writeUInt16LE(name.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE((e.flags ?? 0) | 0x800, 8);
      central.writeUInt16LE(e.method, 10);
      central.writeUInt32LE(e.crc32 ?? 0, 16);
      central.writeUInt32LE(packedLen, 20);
      central.writeUInt32LE(e.size, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      fs.writeSync(fd, local);
      fs.writeSync(fd, name);
      for (const c of e.packed) fs.writeSync(fd, c);
      centrals.push(central, name);
      offset += 30 + name.length + packedLen;
    }
    const cd = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(offset, 16);
    fs.writeSync(fd, cd);
    fs.writeSync(fd, end);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** Writes `rows` (an iterable, consumed once) as sheet 「sheet」 of `file`; returns the row count. */
export function writeLargeXlsx(file: string, sheet: string, rows: Iterable<WCell[]>): number {
  const entries: Entry[] = [];
  const small = (name: string, text: string) => {
    const e = new Entry(name, false);
    e.push(text, true);
    entries.push(e);
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
  const ws = new Entry('xl/worksheets/sheet1.xml', true);
  entries.push(ws);
  ws.push(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}"><sheetData>`);
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
      ws.push(buf);
      buf = '';
    }
  }
  ws.push(buf + '</sheetData></worksheet>', true);
  const ss = new Entry('xl/sharedStrings.xml', true);
  entries.push(ss);
  ss.push(`<?xml version="1.0"?><sst xmlns="${NS}" count="${strings.size}" uniqueCount="${strings.size}">`);
  let part = '';
  for (const s of strings.keys()) {
    part += `<si><t>${esc(s)}</t></si>`;
    if (part.length > 1 << 20) {
      ss.push(part);
      part = '';
    }
  }
  ss.push(part + '</sst>', true);
  writeZip(
    file,
    entries.map((e) => ({ name: e.name, packed: e.packed, method: e.method, size: e.size, crc32: e.crc32 })),
  );
  return n;
}
