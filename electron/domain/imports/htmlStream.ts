/**
 * Markup read as a stream (web pages saved as .xls, usually GB2312; the HTML of a single-file
 * web page; Excel 2003 XML): the bytes come a megabyte at a time from a source (the file, or the
 * decoded HTML part of an MHT), are decoded by iconv-lite's streaming decoder (UTF-16 too) and
 * tokenised by htmlparser2's push parser, and the rows of one table are handed on as they close,
 * so a 40 MB export is never held whole. Tables are numbered in the order they open, as SheetJS
 * numbers a page's sheets; merged cells (colspan/rowspan) leave empty cells behind them so that
 * columns do not shift.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { Parser } from 'htmlparser2';
import type { Cell } from './values';

export const CHUNK = 1 << 20;

export interface HtmlRow {
  row: number;
  cells: Cell[];
}

/** Where a reader is in a file (bytes read, for progress) and what to call after each chunk. */
export interface ReadAt {
  pos: number;
  onChunk?: () => void;
}

/**
 * A page's bytes, a chunk at a time; each chunk is valid only until the next is asked for.
 * `at.pos` follows the bytes read from the file.
 */
export type ByteSource = (at: ReadAt) => Iterable<Buffer>;

/** A file's bytes from `start` on. */
export function fileBytes(file: string, start = 0): ByteSource {
  return function* (at) {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.allocUnsafe(CHUNK);
    try {
      for (let pos = start; ;) {
        const got = fs.readSync(fd, buf, 0, CHUNK, pos);
        if (got === 0) break;
        pos += got;
        at.pos = pos;
        yield buf.subarray(0, got);
      }
    } finally {
      fs.closeSync(fd);
    }
  };
}

/** UTF-16 from a byte-order mark, or from the NULs every other byte of ASCII markup has without one. */
export function utf16Of(head: Buffer): { encoding: 'utf16le' | 'utf16be'; bom: number } | null {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  const n = Math.min(head.length, 512) & ~1;
  if (n < 8) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.3 && even <= pairs * 0.02) return { encoding: 'utf16le', bom: 0 };
  if (even >= pairs * 0.3 && odd <= pairs * 0.02) return { encoding: 'utf16be', bom: 0 };
  return null;
}

export interface MarkupScan {
  /** the first bytes (up to 4 KB): a BOM, a declared charset */
  head: Buffer;
  /** every byte is valid UTF-8 */
  utf8: boolean;
  /** UTF-16 (by its BOM or its NULs): the tags were found in the decoded text */
  utf16: 'utf16le' | 'utf16be' | null;
}

/**
 * One pass over markup without parsing it: its head, whether it is valid UTF-8, and each match
 * of `tag` (a global regex for a start tag, run on the bytes as latin1 — ASCII in every
 * encoding read here — or on the decoded text of UTF-16) with its byte offset in the source.
 * A tag is never cut by a read: the text from the last `<` of a read waits for the next.
 */
export function scanMarkup(
  source: ByteSource,
  tag: RegExp,
  onTag: (m: RegExpExecArray, offset: number) => void,
): MarkupScan {
  let head: Buffer | null = null;
  let utf16: MarkupScan['utf16'] = null;
  let bom = 0;
  let decoder: ReturnType<typeof iconv.getDecoder> | null = null;
  const utf8Check = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let carry = '';
  /** text units (bytes, or UTF-16 code units) before `carry` */
  let units = 0;
  const run = (text: string, last: boolean) => {
    let cut = last ? text.length : text.lastIndexOf('<');
    if (cut < 0) cut = text.length;
    const part = cut === text.length ? text : text.slice(0, cut);
    tag.lastIndex = 0;
    for (let m = tag.exec(part); m; m = tag.exec(part)) onTag(m, utf16 ? bom + 2 * (units + m.index) : units + m.index);
    units += cut;
    carry = text.slice(cut);
  };
  for (const chunk of source({ pos: 0 })) {
    if (!chunk.length) continue;
    if (!head) {
      head = Buffer.from(chunk.subarray(0, 4096));
      const u = utf16Of(head);
      if (u) {
        utf16 = u.encoding;
        bom = u.bom;
        decoder = iconv.getDecoder(utf16);
        utf8 = false;
      }
    }
    if (utf8)
      try {
        utf8Check.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    run(carry + (decoder ? decoder.write(chunk) : chunk.toString('latin1')), false);
  }
  if (utf8)
    try {
      utf8Check.decode();
    } catch {
      utf8 = false;
    }
  run(carry + (decoder?.end() ?? ''), true);
  return { head: head ?? Buffer.alloc(0), utf8, utf16 };
}

/** How many tables a page opens and how many rows it has, with its head and whether it is UTF-8. */
export function scanHtml(source: ByteSource): MarkupScan & { tables: number; rows: number } {
  let tables = 0;
  let rows = 0;
  const scan = scanMarkup(source, /<(table|tr)[\s>/]/gi, (m) => {
    if (m[1].length === 5) tables++;
    else rows++;
  });
  return { ...scan, tables, rows };
}

const clean = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/**
 * The rows of the `table`-th table (0-based) of a page whose bytes come from `source`, decoded
 * from `encoding` (a BOM is dropped). `at` follows the bytes read, for progress.
 */
export function* htmlTableRows(source: ByteSource, encoding: string, table: number, at: ReadAt): Generator<HtmlRow> {
  const out: HtmlRow[] = [];
  const open: number[] = []; // the indices of the tables the parser is inside
  let tables = 0;
  let done = false;
  let rowNo = 0;
  let cells: Cell[] | null = null;
  let text: string | null = null;
  let span = { cols: 1, rows: 1 };
  /** columns still covered by a rowspan from above: column → rows left */
  let covered = new Map<number, number>();
  let nextCovered = new Map<number, number>();
  const inWanted = () => open.length > 0 && open[open.length - 1] === table;
  const skipCovered = () => {
    if (!cells) return;
    while (covered.has(cells.length)) {
      const left = covered.get(cells.length)!;
      if (left > 1) nextCovered.set(cells.length, left - 1);
      cells.push('');
    }
  };
  const endCell = () => {
    if (!cells || text === null) return;
    skipCovered();
    const start = cells.length;
    cells.push(clean(text));
    for (let i = 1; i < span.cols; i++) cells.push('');
    if (span.rows > 1) for (let c = start; c < start + span.cols; c++) nextCovered.set(c, span.rows - 1);
    text = null;
  };
  const endRow = () => {
    if (!cells) return;
    endCell();
    // columns covered from above after the last cell of the row
    for (const [c, left] of covered) if (c >= cells.length && left > 1) nextCovered.set(c, left - 1);
    rowNo++;
    if (cells.some((c) => c !== '')) out.push({ row: rowNo, cells });
    covered = nextCovered;
    nextCovered = new Map();
    cells = null;
  };
  const num = (v: string | undefined) => {
    const n = v ? parseInt(v, 10) : 1;
    return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'table') {
          open.push(tables++);
          return;
        }
        if (!inWanted()) return;
        if (name === 'tr') {
          endRow();
          cells = [];
        } else if (name === 'td' || name === 'th') {
          if (!cells) cells = [];
          endCell();
          skipCovered();
          text = '';
          span = { cols: num(attrs.colspan), rows: num(attrs.rowspan) };
        } else if (name === 'br' && text !== null) text += '\n';
      },
      ontext(t) {
        if (text !== null && inWanted()) text += t;
      },
      onclosetag(name) {
        if (name === 'table') {
          if (inWanted()) {
            endRow();
            done = true;
          }
          open.pop();
          return;
        }
        if (!inWanted()) return;
        if (name === 'tr') endRow();
        else if (name === 'td' || name === 'th') endCell();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  yield* pushParse(source, encoding, at, parser, out, () => done, endRow);
}

/**
 * Feeds `parser` a source's bytes decoded from `encoding` (a BOM dropped), a chunk at a time,
 * handing on after each chunk the rows it has closed into `out`; stops once `done()`, and
 * calls `finish` at the end of the bytes for a row left open.
 */
export function* pushParse<T>(
  source: ByteSource,
  encoding: string,
  at: ReadAt,
  parser: Parser,
  out: T[],
  done: () => boolean,
  finish: () => void,
): Generator<T> {
  const decoder = iconv.getDecoder(encoding);
  for (const chunk of source(at)) {
    parser.write(decoder.write(chunk));
    at.onChunk?.();
    if (out.length) yield* out.splice(0);
    if (done()) return;
  }
  parser.write(decoder.end() ?? '');
  parser.end();
  finish();
  if (out.length) yield* out.splice(0);
}
