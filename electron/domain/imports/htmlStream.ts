/**
 * Web pages saved as .xls (an HTML table, usually GB2312) read as a stream: the page is decoded
 * and tokenised a megabyte at a time (htmlparser2's push parser, iconv-lite's streaming decoder)
 * and the rows of one table are handed on as they close, so a 40 MB export is never held whole.
 * Tables are numbered in the order they open, as SheetJS numbers a page's sheets; merged cells
 * (colspan/rowspan) leave empty cells behind them so that columns do not shift.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { Parser } from 'htmlparser2';
import type { Cell } from './values';

const CHUNK = 1 << 20;

export interface HtmlRow {
  row: number;
  cells: Cell[];
}

/** How many tables a page opens and how many rows it has (`<table`, `<tr` counted in the bytes: ASCII in every encoding read here). */
export function countHtmlTables(file: string): { tables: number; rows: number } {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK + 6);
  let carry = 0;
  const n = { tables: 0, rows: 0 };
  /** occurrences starting before `end`: one starting in the bytes kept for the next read is counted there */
  const count = (text: string, tag: string, end: number) => {
    let k = 0;
    for (let i = text.indexOf(tag); i >= 0 && i < end; i = text.indexOf(tag, i + tag.length)) k++;
    return k;
  };
  try {
    for (let pos = 0; ;) {
      const got = fs.readSync(fd, buf, carry, CHUNK, pos);
      const len = carry + got;
      const last = got === 0;
      const text = buf.toString('latin1', 0, len).toLowerCase();
      const keep = last ? 0 : Math.min(5, len);
      n.tables += count(text, '<table', len - keep);
      n.rows += count(text, '<tr', len - keep);
      if (last) break;
      pos += got;
      buf.copy(buf, 0, len - keep, len);
      carry = keep;
    }
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

/** True when the whole file is valid UTF-8 (read in chunks). */
export function fileIsUtf8(file: string, skip: number): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (let pos = skip; ;) {
      const got = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (got === 0) break;
      pos += got;
      decoder.decode(buf.subarray(0, got), { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

const clean = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/**
 * The rows of the `table`-th table (0-based) of a page, decoded from `encoding` after `skip`
 * bytes (a BOM). `at.pos` follows the bytes read, for progress.
 */
export function* htmlTableRows(
  file: string,
  encoding: string,
  skip: number,
  table: number,
  at: { pos: number; onChunk?: () => void },
): Generator<HtmlRow> {
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
  const decoder = iconv.getDecoder(encoding);
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (let pos = skip; !done;) {
      const got = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (got === 0) {
        parser.write(decoder.end() ?? '');
        parser.end();
        endRow();
        break;
      }
      pos += got;
      at.pos = pos;
      parser.write(decoder.write(buf.subarray(0, got)));
      at.onChunk?.();
      if (out.length) yield* out.splice(0);
    }
    if (out.length) yield* out.splice(0);
  } finally {
    fs.closeSync(fd);
  }
}
