/**
 * Excel 2003 XML (SpreadsheetML, often saved as .xls by web systems) read as a stream: one pass
 * over the bytes finds each <Worksheet> (its name, where it starts, how many rows it has), and
 * a worksheet's rows are read from where it starts with htmlparser2's push parser in XML mode,
 * decoded a megabyte at a time — the workbook is never held whole. Cells follow the format:
 * ss:Index on a row or a cell skips ahead, ss:MergeAcross covers the columns to its right,
 * Data ss:Type Number/String/DateTime/Boolean/Error gives the value (a date as its serial
 * number, without a time zone), a comment's text is not the cell's.
 */
import iconv from 'iconv-lite';
import { Parser } from 'htmlparser2';
import type { Cell } from './values';
import { type ByteSource, type MarkupScan, type ReadAt, fileBytes, pushParse, scanMarkup } from './htmlStream';

export interface WorksheetInfo {
  name: string;
  /** byte offset of its start tag */
  offset: number;
  rows: number;
}

/** The name an element or attribute has without its namespace prefix. */
const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

function attr(attrs: Record<string, string>, name: string): string | undefined {
  for (const k in attrs) if (local(k) === name) return attrs[k];
  return undefined;
}

/**
 * The worksheets of a SpreadsheetML file. Names are taken from their start tags once the pass
 * has decided the encoding (`decodeAs` gives it from the scan).
 */
export function scanWorksheets(
  file: string,
  decodeAs: (scan: MarkupScan) => string,
): { scan: MarkupScan; sheets: WorksheetInfo[]; encoding: string } {
  const found: { tag: string; offset: number; rows: number }[] = [];
  const scan = scanMarkup(fileBytes(file), /<(?:[\w.-]+:)?(Worksheet|Row)(?=[\s>/])[^>]*/g, (m, offset) => {
    if (m[1] === 'Worksheet') found.push({ tag: m[0], offset, rows: 0 });
    else if (found.length) found[found.length - 1].rows++;
  });
  const encoding = decodeAs(scan);
  const sheets = found.map((f, i) => {
    const tag = scan.utf16 ? f.tag : iconv.decode(Buffer.from(f.tag, 'latin1'), encoding);
    let name = '';
    const p = new Parser({ onopentag: (_n, a) => (name = attr(a, 'Name') ?? '') }, { xmlMode: true });
    p.write(tag.replace(/\/$/, '') + '>');
    p.end();
    return { name: name.trim() || `Sheet${i + 1}`, offset: f.offset, rows: f.rows };
  });
  return { scan, sheets, encoding };
}

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

/** An ISO date-time (as SpreadsheetML writes it) as a spreadsheet's serial number; text when it is none. */
function serialOf(text: string): Cell {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/.exec(text);
  if (!m) return text;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0)) + Math.round(+(m[6] ?? 0) * 1000);
  const serial = (ms - EPOCH) / DAY_MS;
  // Excel counts a 29 February 1900 that never was: days before March 1900 are one lower.
  return serial < 61 ? serial - 1 : serial;
}

function valueOf(type: string | undefined, text: string): Cell {
  switch (type) {
    case 'Number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    case 'DateTime':
      return serialOf(text);
    case 'Boolean':
      return text.trim() === '1' || text.trim().toLowerCase() === 'true';
    default:
      return text;
  }
}

/** The rows of the worksheet that starts at `offset`, decoded from `encoding`; `at` follows the bytes read. */
export function* worksheetRows(
  source: ByteSource,
  encoding: string,
  at: ReadAt,
): Generator<{ row: number; cells: Cell[] }> {
  const out: { row: number; cells: Cell[] }[] = [];
  let depth = 0; // worksheets open (the first start tag is the wanted one's)
  let done = false;
  let rowNo = 0;
  let cells: Cell[] | null = null;
  let col = 0;
  let across = 0;
  let value: Cell = null;
  let type: string | undefined;
  let text: string | null = null;
  let comment = 0;
  const endRow = () => {
    if (!cells) return;
    if (cells.some((c) => c !== null && c !== '')) out.push({ row: rowNo, cells });
    cells = null;
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (done) return;
        switch (local(name)) {
          case 'Worksheet':
            depth++;
            break;
          case 'Row': {
            endRow();
            const i = Number(attr(attrs, 'Index'));
            rowNo = Number.isInteger(i) && i > rowNo ? i : rowNo + 1;
            cells = [];
            col = 0;
            break;
          }
          case 'Cell': {
            const i = Number(attr(attrs, 'Index'));
            if (Number.isInteger(i) && i >= 1) col = Math.max(col, i - 1);
            const a = Number(attr(attrs, 'MergeAcross'));
            across = Number.isInteger(a) && a > 0 ? Math.min(a, 1000) : 0;
            value = null;
            break;
          }
          case 'Comment':
            comment++;
            break;
          case 'Data':
            if (!comment) {
              type = attr(attrs, 'Type');
              text = '';
            }
            break;
        }
      },
      ontext(t) {
        if (text !== null && !done) text += t;
      },
      onclosetag(name) {
        if (done) return;
        switch (local(name)) {
          case 'Data':
            if (text !== null && !comment) {
              value = valueOf(type, text);
              text = null;
            }
            break;
          case 'Comment':
            comment--;
            break;
          case 'Cell':
            if (cells) {
              if (value !== null) {
                while (cells.length < col) cells.push(null);
                cells[col] = value;
              }
              col += 1 + across;
            }
            value = null;
            break;
          case 'Row':
            endRow();
            break;
          case 'Worksheet':
            if (--depth === 0) {
              endRow();
              done = true;
            }
            break;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  yield* pushParse(source, encoding, at, parser, out, () => done, endRow);
}
