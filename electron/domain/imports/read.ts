/**
 * Opening an import file: .xlsx / .xls through SheetJS (dense mode, raw
 * values, no date conversion so no time zone can shift a date), .csv streamed
 * in chunks with the encoding detected (UTF-8 with or without BOM, UTF-16 with
 * BOM, otherwise GB18030, which covers GBK). Rows keep the number a
 * spreadsheet program shows.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import { AppError } from '../../api/errors';
import type { Cell } from './values';

export interface SheetRow {
  /** row number as a spreadsheet shows it (1-based, title rows counted) */
  row: number;
  cells: Cell[];
}

export interface OpenedFile {
  format: 'xlsx' | 'xls' | 'csv';
  fileName: string;
  size: number;
  sheets: string[];
  date1904: boolean;
  encoding?: string;
  /** the rows of one sheet (CSV has one, named after the file) */
  rows(sheet?: string): Iterable<SheetRow>;
  /** a rough number of rows, for progress */
  estimateRows(sheet?: string): number;
}

const CHUNK = 1 << 20;

export function detectEncoding(head: Buffer): { encoding: string; bom: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  return { encoding: isUtf8(head) ? 'utf8' : 'gb18030', bom: 0 };
}

/** Strict UTF-8 check; a sequence cut at the end of the sample is accepted. */
function isUtf8(b: Buffer): boolean {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) len = 3;
    else if (c >= 0xf0 && c <= 0xf4) len = 4;
    else return false;
    if (i + len > n) return true;
    for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return false;
    i += len;
  }
  return true;
}

function detectDelimiter(firstLines: string): string {
  const lines = firstLines.split(/\r?\n/).slice(0, 10);
  let best = ',';
  let bestScore = 0;
  for (const d of [',', '\t', ';', '|']) {
    const score = lines.reduce((s, l) => s + (l.split(d).length - 1), 0);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Streams the records of a CSV file; quoted fields may hold the delimiter, quotes and newlines. */
function* csvRows(file: string, encoding: string, bom: number, delim: string): Generator<SheetRow> {
  const fd = fs.openSync(file, 'r');
  const decoder = iconv.getDecoder(encoding);
  const buf = Buffer.allocUnsafe(CHUNK);
  let pos = bom;
  let text = '';
  let row = 0;
  let eof = false;
  try {
    // Pending state of a record that spans chunks.
    let fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let fieldStarted = false;
    while (!eof) {
      const n = fs.readSync(fd, buf, 0, CHUNK, pos);
      pos += n;
      if (n === 0) {
        eof = true;
        text += decoder.end() ?? '';
      } else text += decoder.write(buf.subarray(0, n));
      let i = 0;
      const len = text.length;
      // Fast path: whole lines without quotes, when not inside a quoted field.
      while (i < len) {
        if (!inQuotes && !fieldStarted && fields.length === 0) {
          const nl = text.indexOf('\n', i);
          if (nl < 0 && !eof) break;
          const end = nl < 0 ? len : nl;
          let line = text.slice(i, end);
          if (line.indexOf('"') < 0) {
            if (line.endsWith('\r')) line = line.slice(0, -1);
            row++;
            i = end + 1;
            if (line.length === 0) continue;
            yield { row, cells: line.split(delim) };
            continue;
          }
        }
        // Slow path: character by character for a record with quotes.
        const ch = text[i];
        if (inQuotes) {
          if (ch === '"') {
            if (i + 1 >= len && !eof) break; // need the next char to decide
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
            } else {
              inQuotes = false;
              i++;
            }
          } else {
            field += ch;
            i++;
          }
          continue;
        }
        if (ch === '"' && !fieldStarted) {
          inQuotes = true;
          fieldStarted = true;
          i++;
        } else if (ch === delim) {
          fields.push(field);
          field = '';
          fieldStarted = false;
          i++;
        } else if (ch === '\n' || ch === '\r') {
          if (ch === '\r' && i + 1 >= len && !eof) break;
          fields.push(field);
          row++;
          const out = fields;
          fields = [];
          field = '';
          fieldStarted = false;
          i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
          if (!(out.length === 1 && out[0] === '')) yield { row, cells: out };
        } else {
          field += ch;
          fieldStarted = true;
          i++;
        }
      }
      text = text.slice(i);
      if (eof) {
        if (fields.length > 0 || fieldStarted || field !== '') {
          fields.push(field);
          row++;
          yield { row, cells: fields };
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

function sheetCellValue(c: XLSX.CellObject | undefined): Cell {
  if (!c) return null;
  switch (c.t) {
    case 's':
      return c.v as string;
    case 'n':
      return c.v as number;
    case 'b':
      return c.v as boolean;
    case 'd': {
      // Only when a writer stored an ISO date: keep its calendar part as text.
      const v = c.v as unknown;
      if (v instanceof Date) return `${v.getUTCFullYear()}-${v.getUTCMonth() + 1}-${v.getUTCDate()}`;
      return String(v).slice(0, 10);
    }
    case 'e':
      return c.w ?? '#错误';
    default:
      return c.v === undefined ? null : (c.v as Cell);
  }
}

function fileKind(file: string, head: Buffer): 'xlsx' | 'xls' | 'csv' {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  // An .xls that is really HTML or text (some systems export so) still goes through SheetJS.
  if (ext === '.xls' || ext === '.et') return 'xls';
  return 'csv';
}

/** Opens a file for reading; an unreadable file is refused with a Chinese reason. */
export function openImportFile(file: string, displayName?: string, wantedSheet?: string): OpenedFile {
  const fileName = displayName ?? path.basename(file);
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new AppError('file_not_found', `找不到文件或无法读取：${fileName}`);
  }
  if (size === 0) throw new AppError('file_empty', `文件是空的：${fileName}`);
  const head = Buffer.alloc(Math.min(size, 65536));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const kind = fileKind(file, head);
  if (kind === 'csv') {
    const { encoding, bom } = detectEncoding(head);
    const sample = iconv.decode(head.subarray(bom), encoding);
    const delim = detectDelimiter(sample);
    const sampleLines = Math.max(1, sample.split('\n').length - 1);
    const name = path.basename(fileName, path.extname(fileName)) || 'CSV';
    return {
      format: 'csv',
      fileName,
      size,
      sheets: [name],
      date1904: false,
      encoding:
        encoding === 'gb18030'
          ? 'GB18030'
          : encoding === 'utf8'
            ? bom
              ? 'UTF-8(BOM)'
              : 'UTF-8'
            : encoding.toUpperCase(),
      rows: () => csvRows(file, encoding, bom, delim),
      estimateRows: () => (head.length >= size ? sampleLines : Math.round((sampleLines * size) / head.length)),
    };
  }
  // One parse gives every sheet's name and the wanted sheet (the first by default).
  const buffer = fs.readFileSync(file);
  const parse = (which: string | number) => {
    try {
      return XLSX.read(buffer, {
        type: 'buffer',
        dense: true,
        cellDates: false,
        cellText: false,
        cellHTML: false,
        cellStyles: false,
        sheets: which,
      });
    } catch {
      throw new AppError('file_unreadable', `无法读取文件“${fileName}”：不是有效的 Excel 文件，或文件已损坏/加密`);
    }
  };
  const first = parse(wantedSheet ?? 0);
  const sheetNames = first.SheetNames;
  if (!sheetNames.length) throw new AppError('file_unreadable', `无法读取文件“${fileName}”：其中没有工作表`);
  const loaded = new Map<string, { sheet: XLSX.WorkSheet; date1904: boolean }>();
  for (const [name, ws] of Object.entries(first.Sheets))
    loaded.set(name, { sheet: ws, date1904: Boolean(first.Workbook?.WBProps?.date1904) });
  const load = (sheet?: string) => {
    const name = sheet ?? sheetNames[0];
    if (!sheetNames.includes(name)) {
      throw new AppError(
        'sheet_not_found',
        `文件“${fileName}”中没有名为“${name}”的工作表（有：${sheetNames.join('、')}）`,
      );
    }
    let hit = loaded.get(name);
    if (!hit) {
      const book = parse(name);
      hit = { sheet: book.Sheets[name], date1904: Boolean(book.Workbook?.WBProps?.date1904) };
      loaded.clear(); // keep one parsed sheet in memory at a time
      loaded.set(name, hit);
    }
    return hit;
  };
  function* rows(sheet?: string): Generator<SheetRow> {
    const { sheet: ws } = load(sheet);
    const dense = (ws as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? [];
    for (let r = 0; r < dense.length; r++) {
      const line = dense[r];
      if (!line) continue;
      const cells: Cell[] = new Array(line.length);
      let any = false;
      for (let c = 0; c < line.length; c++) {
        const v = sheetCellValue(line[c]);
        cells[c] = v;
        if (v !== null && v !== '') any = true;
      }
      if (any) yield { row: r + 1, cells };
    }
  }
  return {
    format: kind,
    fileName,
    size,
    sheets: sheetNames,
    get date1904() {
      return loaded.size ? [...loaded.values()][0].date1904 : false;
    },
    rows,
    estimateRows: (sheet?: string) => {
      const { sheet: ws } = load(sheet);
      return ((ws as { '!data'?: unknown[] })['!data'] ?? []).length;
    },
  };
}

/** The bytes of a file as sha256 hex (the history shows it). */
export function fileHash(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    let pos = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}
