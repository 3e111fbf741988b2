/**
 * Opening an import file, its format decided from its bytes: .xlsx streamed
 * (xlsxStream.ts: sheet XML scanned as it inflates, with zip-bomb caps);
 * markup streamed a megabyte at a time — a web page's tables (htmlStream.ts),
 * the HTML of a single-file web page (mht.ts), Excel 2003 XML
 * (spreadsheetMl.ts), in UTF-8, UTF-16 or GB18030; .xls, .ods and other
 * workbooks through SheetJS (dense mode, raw values, no date conversion so no
 * time zone can shift a date), within a size cap since SheetJS reads them
 * whole; text (.csv, tab-separated) streamed in chunks with the encoding
 * detected (UTF-8 with or without BOM, UTF-16 with BOM, otherwise GB18030,
 * which covers GBK). Rows keep the number a spreadsheet program shows. Every
 * reader reports how far into the file it is (progress before the rows are
 * known).
 */
import fs from 'node:fs';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import { AppError } from '../../api/errors';
import type { Cell } from './values';
import { openXlsx } from './xlsxStream';
import { SHEET_LIMITS, ZipFile } from './zip';
import {
  type ByteSource,
  type MarkupScan,
  type ReadAt,
  fileBytes,
  htmlTableRows,
  scanHtml,
  utf16Of,
} from './htmlStream';
import { mhtHtmlBytes } from './mht';
import { scanWorksheets, worksheetRows } from './spreadsheetMl';

export interface SheetRow {
  /** row number as a spreadsheet shows it (1-based, title rows counted) */
  row: number;
  cells: Cell[];
}

export interface OpenedFile {
  format: 'xlsx' | 'xls' | 'csv';
  /** what the bytes were read as, for the clerk: 「网页表格（GB2312编码，另存为 .xls）」 */
  formatLabel: string;
  fileName: string;
  size: number;
  sheets: string[];
  date1904: boolean;
  encoding?: string;
  /** the rows of one sheet (CSV has one, named after the file) */
  rows(sheet?: string): Iterable<SheetRow>;
  /** a rough number of rows, for progress */
  estimateRows(sheet?: string): number;
  /** how far the rows being read are through the file's bytes (0 … 1), for progress */
  progress(): number;
  /** called after each chunk (about a megabyte) the readers take from the file */
  onChunk?: () => void;
}

/** What a file that is none of them was tried as, for the refusal. */
export const FORMATS_TRIED =
  'Excel 工作簿（.xlsx/.xlsm）、Excel 97-2003 工作簿（.xls，含 WPS 表格 .et）、OpenDocument 表格（.ods）、网页表格（HTML，含另存为 .xls 的网页和单个文件网页 .mht）、Excel 2003 XML 表格、文本（逗号、制表符或分号分隔；UTF-8、UTF-16 或 GBK/GB2312 编码）';

function unreadable(fileName: string, why: string): AppError {
  return new AppError(
    'file_unreadable',
    `无法读取文件“${fileName}”：${why}。已尝试的格式：${FORMATS_TRIED}。未导入任何数据`,
  );
}

/** The encoding as the clerk knows it: GBK for text that is not UTF-8 (GB18030 reads it). */
function encodingWord(encoding: string | undefined): string {
  if (!encoding) return '';
  if (encoding === 'GB18030') return 'GBK';
  if (encoding === 'UTF-8(BOM)') return 'UTF-8';
  return encoding;
}

/** ", 另存为 .xls" when the name's extension is not the format's own. */
function savedAs(fileName: string, own: string[]): string {
  const ext = path.extname(fileName).toLowerCase();
  return ext && !own.includes(ext) ? `，另存为 ${ext}` : '';
}

const DELIMITER_WORDS: Record<string, string> = { ',': '逗号', '\t': '制表符', ';': '分号', '|': '竖线' };

/**
 * Workbooks SheetJS reads whole are refused when reading them would take more than 400 MB:
 * an .xls (BIFF) above 12 MB of file — measured through the CLI, 7-column order sheets peak at
 * 234 MB for 5 MB (30,000 lines) and 376 MB for 11 MB (65,000 lines, a full sheet), about 24 MB
 * per MB of file — and an .ods or other zip workbook above MAX_WHOLE_INFLATED of inflated parts.
 */
export const MAX_WHOLE_WORKBOOK = 12 << 20;
/**
 * The inflated parts of a zip workbook SheetJS reads whole (.ods, .xlsb): order sheets peak at
 * 243 MB for 25 MB of content.xml (30,000 lines) and 420 MB for 53 MB (65,000 lines), about 6 MB
 * per MB inflated, so 48 MB stays under 400 MB.
 */
export const MAX_WHOLE_INFLATED = 48 << 20;

const CHUNK = 1 << 20;
const COUNT_LINES_UP_TO = 64 << 20;

/** Line ends in a file (a quoted field holding a newline counts one more: an estimate for the preview). */
function countLines(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let n = 0;
  let last = 0x0a;
  try {
    for (let pos = 0; ;) {
      const got = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (got === 0) break;
      pos += got;
      for (let i = buf.indexOf(0x0a); i >= 0 && i < got; i = buf.indexOf(0x0a, i + 1)) n++;
      last = buf[got - 1];
    }
  } finally {
    fs.closeSync(fd);
  }
  return last === 0x0a ? n : n + 1;
}

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
function* csvRows(file: string, encoding: string, bom: number, delim: string, at: ReadAt): Generator<SheetRow> {
  const fd = fs.openSync(file, 'r');
  const decoder = iconv.getDecoder(encoding);
  const buf = Buffer.allocUnsafe(CHUNK);
  let pos = bom;
  let text = '';
  let row = 0;
  let eof = false;
  // UTF-8 text that is all ASCII (most of an export: codes, numbers, dates) is the same read as
  // Latin-1, which needs no decoding; the decoder takes over wherever a character is not ASCII,
  // and until a chunk of its own ends on an ASCII byte (no character cut off in it).
  const utf8 = encoding === 'utf8';
  let clean = true;
  try {
    // Pending state of a record that spans chunks.
    let fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let fieldStarted = false;
    while (!eof) {
      const n = fs.readSync(fd, buf, 0, CHUNK, pos);
      pos += n;
      at.pos = pos;
      at.onChunk?.();
      if (n === 0) {
        eof = true;
        text += decoder.end() ?? '';
      } else {
        const bytes = buf.subarray(0, n);
        if (utf8 && clean && isAscii(bytes)) text += bytes.toString('latin1');
        else {
          text += decoder.write(bytes);
          clean = bytes[n - 1] < 0x80;
        }
      }
      let i = 0;
      const len = text.length;
      // The next quote in the text, kept until passed: a line before it has none.
      let quote = text.indexOf('"');
      // Fast path: whole lines without quotes, when not inside a quoted field.
      while (i < len) {
        if (!inQuotes && !fieldStarted && fields.length === 0) {
          const nl = text.indexOf('\n', i);
          if (nl < 0 && !eof) break;
          const end = nl < 0 ? len : nl;
          if (quote >= 0 && quote < i) quote = text.indexOf('"', i);
          if (quote < 0 || quote >= end) {
            const start = i;
            const cut = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
            row++;
            i = end + 1;
            if (cut === start) continue;
            yield { row, cells: text.slice(start, cut).split(delim) };
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

export function sheetCellValue(c: XLSX.CellObject | undefined): Cell {
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

export type FileFormat = 'zip' | 'ole' | 'markup' | 'text';

/** A file's format from its first bytes, never from its name. */
export function sniffFormat(head: Buffer): FileFormat {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'ole';
  const { encoding, bom } = detectEncoding(head);
  // UTF-16 text decoded as such; NULs (a UTF-16 file without BOM) dropped.
  const start = iconv
    .decode(head.subarray(bom, bom + 1024), encoding === 'gb18030' ? 'latin1' : encoding)
    .split(String.fromCharCode(0))
    .join('')
    .replace(/^\s+/, '')
    .slice(0, 200)
    .toLowerCase();
  if (/^<(\?xml|!doctype|html|table|meta|head|body|workbook|!--)/.test(start) || isMime(start)) return 'markup';
  return 'text';
}

function stat(file: string, fileName: string): number {
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new AppError('file_not_found', `找不到文件或无法读取：${fileName}`);
  }
  if (size === 0) throw new AppError('file_empty', `文件是空的：${fileName}`);
  return size;
}

/** Opens a file for reading; an unreadable file is refused with a Chinese reason. */
export function openImportFile(file: string, displayName?: string, wantedSheet?: string): OpenedFile {
  const fileName = displayName ?? path.basename(file);
  const size = stat(file, fileName);
  const head = Buffer.alloc(Math.min(size, 65536));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const fmt = sniffFormat(head);
  if (fmt === 'text') return openText(file, fileName, size, head);
  if (fmt === 'zip') {
    const opened = openZipWorkbook(file, fileName, size);
    if (opened) return opened;
  }
  if (fmt === 'markup') {
    const kind = markupKind(head);
    if (kind === 'spreadsheetml') return openSpreadsheetMl(file, fileName, size);
    if (kind === 'mht') {
      const mht = mhtHtmlBytes(file);
      return openHtml(mht.source, fileName, size, head, () => mht.info.charset);
    }
    return openHtml(fileBytes(file), fileName, size, head);
  }
  return openWhole(file, fileName, size, fmt, wantedSheet);
}

/**
 * The progress members of an opened file: `onChunk`, which the reader calls after each chunk
 * (kept on `at`, where the reader finds it), and `progress`.
 */
function progressAt<T extends object>(
  fields: T,
  at: { onChunk?: () => void },
  progress: () => number,
): T & Pick<OpenedFile, 'onChunk' | 'progress'> {
  return Object.defineProperty(Object.assign(fields, { progress }), 'onChunk', {
    get: () => at.onChunk,
    set: (f: (() => void) | undefined) => {
      at.onChunk = f;
    },
    enumerable: true,
  }) as T & Pick<OpenedFile, 'onChunk' | 'progress'>;
}

/**
 * The encoding markup is read in: UTF-16 by its BOM (or the NULs of its ASCII), else UTF-8 by
 * its BOM, else the declared one (a page's <meta>, the XML declaration, an MHT part's header),
 * else UTF-8 when every byte is valid UTF-8, else GB18030. A page that says UTF-8 (or ASCII)
 * but is not is read as GB18030, which covers GBK and GB2312.
 */
function markupEncoding(scan: MarkupScan, partCharset: string | null = null): { decodeAs: string; label: string } {
  if (scan.utf16) return { decodeAs: scan.utf16, label: 'UTF-16' };
  const h = scan.head;
  if (h.length >= 3 && h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) return { decodeAs: 'utf8', label: 'UTF-8' };
  let enc = declaredCharset(h.toString('latin1')) ?? partCharset;
  if (!enc || !iconv.encodingExists(enc)) enc = scan.utf8 ? 'utf-8' : 'gb18030';
  if (/^(utf-?8|us-ascii|ascii)$/.test(enc)) enc = scan.utf8 ? 'utf-8' : 'gb18030';
  const name = enc.replace(/-/g, '').toLowerCase();
  return {
    decodeAs: name === 'gb2312' || name === 'gbk' ? 'gb18030' : enc,
    label: ENCODING_NAMES[name] ?? enc.toUpperCase(),
  };
}

/**
 * A web page (an HTML table, often saved as .xls in GB2312, or the HTML of a single-file web
 * page) read as a stream, a table at a time. One pass first counts its tables and rows and
 * decides its encoding (markupEncoding; `partCharset` gives an MHT part's declared charset).
 */
function openHtml(
  source: ByteSource,
  fileName: string,
  size: number,
  head: Buffer,
  partCharset?: () => string | null,
): OpenedFile {
  const count = scanHtml(source);
  const { decodeAs, label } = markupEncoding(count, partCharset?.());
  if (!count.tables) throw unreadable(fileName, '网页中没有表格（<table>）');
  const sheets = Array.from({ length: count.tables }, (_, i) => `表格${i + 1}`);
  const pick = (sheet?: string) => sheetIndex(fileName, sheets, sheet);
  const at: ReadAt = { pos: 0 };
  return progressAt(
    {
      format: 'xls' as const,
      formatLabel: markupLabel(fileName, markupKind(head), label),
      encoding: label,
      fileName,
      size,
      sheets,
      date1904: false,
      rows: (sheet?: string) => htmlTableRows(source, decodeAs, pick(sheet), at),
      estimateRows: () => count.rows,
    },
    at,
    () => at.pos / size,
  );
}

/** Excel 2003 XML read as a stream, a worksheet at a time from where it starts. */
function openSpreadsheetMl(file: string, fileName: string, size: number): OpenedFile {
  let label = '';
  const { sheets, encoding } = scanWorksheets(file, (scan) => {
    const e = markupEncoding(scan);
    label = e.label;
    return e.decodeAs;
  });
  if (!sheets.length) throw unreadable(fileName, '其中没有工作表');
  const names = sheets.map((s) => s.name);
  const pick = (sheet?: string) => sheets[sheetIndex(fileName, names, sheet)];
  const at: ReadAt = { pos: 0 };
  return progressAt(
    {
      format: 'xls' as const,
      formatLabel: markupLabel(fileName, 'spreadsheetml', label),
      encoding: label,
      fileName,
      size,
      sheets: names,
      date1904: false,
      rows: (sheet?: string) => worksheetRows(fileBytes(file, pick(sheet).offset), encoding, at),
      estimateRows: (sheet?: string) => pick(sheet).rows,
    },
    at,
    () => at.pos / size,
  );
}

/** True when bytes look like no text at all (NULs or many control characters outside UTF-16). */
function looksBinary(head: Buffer, encoding: string): boolean {
  if (encoding.startsWith('utf16')) return false;
  const n = Math.min(head.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++;
  }
  return control > n / 20;
}

function openText(file: string, fileName: string, size: number, head: Buffer): OpenedFile {
  const { encoding, bom } = detectEncoding(head);
  if (looksBinary(head, encoding))
    throw unreadable(fileName, '内容既不是表格也不是文本（可能是其他程序的文件，或文件已损坏）');
  const sample = iconv.decode(head.subarray(bom), encoding);
  const delim = detectDelimiter(sample);
  const encodingName =
    encoding === 'gb18030' ? 'GB18030' : encoding === 'utf8' ? (bom ? 'UTF-8(BOM)' : 'UTF-8') : encoding.toUpperCase();
  const formatLabel =
    encoding.startsWith('utf16') && delim === '\t'
      ? `Unicode 文本（UTF-16，制表符分隔${savedAs(fileName, ['.txt'])}）`
      : `${delim === ',' ? 'CSV 文本' : '文本'}（${encodingWord(encodingName)}编码，${DELIMITER_WORDS[delim] ?? delim}分隔${savedAs(fileName, delim === ',' ? ['.csv', '.txt'] : ['.txt', '.tsv', '.csv'])}）`;
  const sampleLines = Math.max(1, sample.split('\n').length - 1);
  const name = path.basename(fileName, path.extname(fileName)) || 'CSV';
  const at: ReadAt = { pos: 0 };
  return progressAt(
    {
      format: 'csv' as const,
      formatLabel,
      fileName,
      size,
      sheets: [name],
      date1904: false,
      encoding: encodingName,
      rows: () => csvRows(file, encoding, bom, delim, at),
      estimateRows: () => {
        if (head.length >= size) return sampleLines;
        // Counting line ends is cheap up to some tens of megabytes; beyond, the first 64 KB's lines scale up.
        if (size <= COUNT_LINES_UP_TO) return countLines(file);
        return Math.round((sampleLines * size) / head.length);
      },
    },
    at,
    () => at.pos / size,
  );
}

/** Which of a file's sheets (the first by default); a name it does not have is refused with the names it has. */
function sheetIndex(fileName: string, names: string[], sheet?: string): number {
  const name = sheet ?? names[0];
  const i = names.indexOf(name);
  if (i < 0)
    throw new AppError('sheet_not_found', `文件“${fileName}”中没有名为“${name}”的工作表（有：${names.join('、')}）`);
  return i;
}

/** An .xlsx (or .xlsm) streamed; null when the zip holds another kind of workbook. */
function openZipWorkbook(file: string, fileName: string, size: number): OpenedFile | null {
  const book = openXlsx(file, fileName, size);
  if (!book) return null;
  const names = book.sheets.map((s) => s.name);
  const pick = (sheet?: string) => names[sheetIndex(fileName, names, sheet)];
  return progressAt(
    {
      format: 'xlsx' as const,
      formatLabel: `Excel 工作簿（.xlsx${savedAs(fileName, ['.xlsx', '.xlsm'])}）`,
      fileName,
      size,
      sheets: names,
      date1904: book.date1904,
      rows: (sheet?: string) => book.rows(pick(sheet)),
      estimateRows: (sheet?: string) => book.estimateRows(pick(sheet)),
    },
    book,
    () => book.progress(),
  );
}

/** The encoding markup declares in its first bytes (<meta charset>, the XML declaration, a MIME part), if any. */
function declaredCharset(head: string): string | null {
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head) ??
    /<\?xml[^>]+encoding\s*=\s*["']([\w-]+)/i.exec(head) ??
    /charset\s*=\s*"?([\w-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

const ENCODING_NAMES: Record<string, string> = { utf8: 'UTF-8', gb18030: 'GB18030', gbk: 'GBK', gb2312: 'GB2312' };

/** A MIME message (a single-file web page): header lines from the first byte, MIME-Version among them. */
const isMime = (start: string) => /^[\w-]+:/.test(start) && /(^|\n)mime-version:/.test(start.split(/\r?\n\r?\n/)[0]);

/** What kind of markup: a single-file web page, Excel 2003 XML, or an HTML table (UTF-16 decoded first). */
function markupKind(head: Buffer): 'mht' | 'spreadsheetml' | 'html' {
  const u = utf16Of(head);
  const start = (u ? iconv.decode(head.subarray(u.bom, 8192), u.encoding) : head.subarray(0, 4096).toString('latin1'))
    .replace(/^\s+/, '')
    .toLowerCase();
  if (isMime(start)) return 'mht';
  if (/^<\?xml/.test(start) && /<(ss:)?workbook[\s>]/.test(start) && !/<html/.test(start)) return 'spreadsheetml';
  return 'html';
}

/** The clerk's name for markup: 「网页表格（GB2312编码，另存为 .xls）」. */
function markupLabel(fileName: string, kind: 'mht' | 'spreadsheetml' | 'html', encoding?: string): string {
  const enc = encoding ? `${encodingWord(encoding)}编码` : '';
  if (kind === 'mht') return `单个文件网页（MHT，${enc}${savedAs(fileName, ['.mht', '.mhtml'])}）`;
  if (kind === 'spreadsheetml') return `Excel 2003 XML 表格（${enc}${savedAs(fileName, ['.xml'])}）`;
  return `网页表格（${enc}${savedAs(fileName, ['.html', '.htm'])}）`;
}

/** The clerk's name for a workbook read whole. */
function wholeLabel(fileName: string, fmt: 'ole' | 'zip'): string {
  const ext = path.extname(fileName).toLowerCase();
  if (fmt === 'ole') return ext === '.et' ? 'WPS 表格（.et）' : `Excel 97-2003 工作簿（${ext || '.xls'}）`;
  return `OpenDocument 或其他压缩格式的表格（${ext || '无扩展名'}）`;
}

/** Workbooks read whole by SheetJS (.xls, .ods), within a size cap. */
function openWhole(file: string, fileName: string, size: number, fmt: 'ole' | 'zip', wantedSheet?: string): OpenedFile {
  const tooLarge = (what: string, cap: number) =>
    new AppError(
      'file_too_large',
      `文件“${fileName}”${what}，是${wholeLabel(fileName, fmt).replace(/（.*$/, '')}：这种格式只能整个读入内存，超过 ${cap >> 20} MB 时读入要占用 400 MB 以上内存，不能导入。请在 Excel 或 WPS 中打开后另存为 .xlsx 工作簿或 CSV 文本再导入。未导入任何数据`,
    );
  if (fmt === 'ole' && size > MAX_WHOLE_WORKBOOK)
    throw tooLarge(`有 ${Math.round(size / 1024 / 1024)} MB`, MAX_WHOLE_WORKBOOK);
  // A zip workbook's parts are inflated once, counted and dropped, before SheetJS inflates them whole.
  if (fmt === 'zip' && inflatedSize(file, fileName, size, MAX_WHOLE_INFLATED) > MAX_WHOLE_INFLATED)
    throw tooLarge(`解压后超过 ${MAX_WHOLE_INFLATED >> 20} MB`, MAX_WHOLE_INFLATED);
  // One parse gives every sheet's name and the wanted sheet (the first by default).
  const bytes = fs.readFileSync(file);
  const parse = (which: string | number) => {
    try {
      return XLSX.read(bytes, {
        type: 'buffer',
        dense: true,
        cellDates: false,
        cellText: false,
        cellHTML: false,
        cellStyles: false,
        sheets: which,
      });
    } catch {
      throw unreadable(fileName, '不是有效的表格文件，或文件已损坏/加密');
    }
  };
  const first = parse(wantedSheet ?? 0);
  const sheetNames = first.SheetNames;
  if (!sheetNames.length) throw unreadable(fileName, '其中没有工作表');
  const loaded = new Map<string, { sheet: XLSX.WorkSheet; date1904: boolean }>();
  for (const [name, ws] of Object.entries(first.Sheets))
    loaded.set(name, { sheet: ws, date1904: Boolean(first.Workbook?.WBProps?.date1904) });
  const load = (sheet?: string) => {
    const name = sheetNames[sheetIndex(fileName, sheetNames, sheet)];
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
    format: fmt === 'ole' ? 'xls' : 'xlsx',
    formatLabel: wholeLabel(fileName, fmt),
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
    progress: () => 1,
  };
}

/** The bytes a zip's entries inflate to, counted as they inflate (nothing kept); stops once past `cap`. */
function inflatedSize(file: string, fileName: string, size: number, cap: number): number {
  const zip = ZipFile.open(file, fileName, size);
  let total = 0;
  for (const entry of zip.entries.values()) {
    // a part declared or found bigger than what is left of the cap ends the count
    let r: ReturnType<ZipFile['open']> | null = null;
    try {
      r = zip.open(entry, { ...SHEET_LIMITS, maxBytes: Math.max(cap - total, 0) + 1 });
      for (let c = r.next(); c; c = r.next()) total += c.length;
    } catch (err) {
      if (err instanceof AppError && err.code === 'file_too_large') return cap + 1;
      throw err;
    } finally {
      r?.close();
    }
    if (total > cap) break;
  }
  return total;
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
