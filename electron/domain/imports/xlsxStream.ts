/**
 * Reading an .xlsx as a stream: the workbook's parts are found through its
 * relationships, the shared strings are read first (they are the only part
 * kept in memory), then a sheet's XML is scanned row by row as it inflates and
 * each cell becomes a typed value (number, text, boolean) — no workbook object
 * is built. Values are those SheetJS gives for the same cells (dense mode, raw
 * values, no date conversion: a date cell stays its serial number); the test
 * corpus checks this cell by cell.
 *
 * The scanner works on the inflated bytes read as Latin-1 (one character per
 * byte, so string positions are byte positions and the tags, all ASCII, are
 * found by indexOf); only a value's own bytes are decoded as UTF-8.
 */
import { AppError } from '../../api/errors';
import type { Cell } from './values';
import { HELD_LIMITS, SHEET_LIMITS, ZipFile, type EntryReader, type ZipEntry } from './zip';

export interface XlsxRow {
  /** 1-based row number */
  row: number;
  cells: Cell[];
}

export interface XlsxSheetInfo {
  name: string;
  entry: ZipEntry;
}

/** Longest stretch of XML one row (or one shared string) may take before it is refused. */
const MAX_PENDING = 16 << 20;
/** Most characters of shared strings kept in memory. */
const MAX_SST_CHARS = 96 << 20;
/** Excel's last column (XFD) */
const MAX_COL = 16384;

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character references and OOXML's _xHHHH_ escapes undone. */
export function unescapeXml(t: string): string {
  if (t.indexOf('&') >= 0)
    t = t.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (m, e: string) => {
      if (e[0] !== '#') return ENTITY[e];
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    });
  if (t.indexOf('_x') >= 0)
    t = t.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  // A line break Excel wrote as _x000D_ + newline reads as one newline (as SheetJS gives it).
  if (t.indexOf('\r\n') >= 0) t = t.replace(/\r\n/g, '\n');
  return t;
}

/** The text of bytes [a, b) of a chunk. */
function textAt(buf: Buffer, a: number, b: number): string {
  let t = buf.toString('utf8', a, b);
  if (t.indexOf('&') >= 0 || t.indexOf('_x') >= 0) t = unescapeXml(t);
  return t;
}

/**
 * The next place a pattern occurs in one chunk's text, for searches that only move forward: the
 * answer is kept until the search passes it, so a pattern that is rare or absent (a cell without
 * <v>, a sheet without t="…") is looked for once per stretch of text, not once per cell.
 */
class Seek {
  private chunk = -1;
  /** where the pattern next occurs at or after the last search's start; -1 none left in the chunk */
  private at = -1;
  constructor(readonly pat: string) {}

  next(s: string, chunk: number, from: number): number {
    if (chunk !== this.chunk) {
      this.chunk = chunk;
      this.at = s.indexOf(this.pat, from);
    } else if (this.at >= 0 && this.at < from) this.at = s.indexOf(this.pat, from);
    return this.at;
  }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Where the value of an attribute begins (after its opening quote) in the tag spanning [a, b), or
 * -1; `seek` looks for the attribute's name followed by =" (e.g. r=").
 */
function attrAt(s: string, chunk: number, seek: Seek, a: number, b: number): number {
  for (let i = seek.next(s, chunk, a); i >= 0 && i < b; i = seek.next(s, chunk, i + 1))
    if (isSpace(s.charCodeAt(i - 1))) return i + seek.pat.length;
  return -1;
}

/** Concatenated text of the <t> elements in [a, b), phonetic runs (<rPh>) left out. */
function runsText(buf: Buffer, s: string, a: number, b: number, pfx: string): string {
  const tOpen = '<' + pfx + 't';
  const tClose = '</' + pfx + 't>';
  const x = s.slice(a, b);
  // The usual shape: one <t>text</t>.
  if (x.startsWith(tOpen + '>') && x.endsWith(tClose) && x.indexOf(tOpen, 1) < 0)
    return textAt(buf, a + tOpen.length + 1, b - tClose.length);
  const phOpen = '<' + pfx + 'rPh';
  const phClose = '</' + pfx + 'rPh>';
  let out = '';
  let i = 0;
  let ph = x.indexOf(phOpen);
  for (;;) {
    const t = x.indexOf(tOpen, i);
    if (t < 0) break;
    if (ph >= 0 && t > ph) {
      const end = x.indexOf(phClose, ph);
      i = end < 0 ? x.length : end + phClose.length;
      ph = x.indexOf(phOpen, i);
      continue;
    }
    const next = x.charCodeAt(t + tOpen.length);
    if (next !== 62 && next !== 32 && next !== 47) {
      i = t + tOpen.length;
      continue;
    }
    const gt = x.indexOf('>', t);
    if (gt < 0) break;
    if (x.charCodeAt(gt - 1) === 47) {
      i = gt + 1;
      continue;
    }
    const close = x.indexOf(tClose, gt);
    if (close < 0) break;
    out += textAt(buf, a + gt + 1, a + close);
    i = close + tClose.length;
  }
  return out;
}

/** The namespace prefix the part uses for its elements ("" or "x:"). */
function prefixOf(s: string, local: string): string {
  const m = new RegExp(`<([A-Za-z_][\\w.-]*:)?${local}[\\s>/]`).exec(s);
  return m?.[1] ?? '';
}

/**
 * Scans an entry's XML for a repeated element (<row>, <si>) as it inflates,
 * calling `each` with the chunk and the element's content span; stops at
 * `stop` (e.g. "</sheetData>") or when `each` returns false.
 */
function* elements(
  reader: EntryReader,
  name: string,
  stop: string,
  onFirst: (s: string) => string,
  onChunk: (() => void) | undefined,
): Generator<{ buf: Buffer; s: string; chunk: number; open: number; a: number; b: number; pfx: string }> {
  let carry: Buffer | null = null;
  let chunkNo = 0;
  /** where to look for the close of an element cut off at the end of the previous chunk */
  let closeFrom = 0;
  let pfx: string | null = null;
  let open = '';
  let close = '';
  let stopTag = '';
  for (;;) {
    const chunk = reader.next();
    if (!chunk) break;
    onChunk?.();
    let buf: Buffer = chunk;
    if (carry && carry.length) {
      // An element cut off at the end: read at least as much again before looking anew (linear, not quadratic).
      const parts = [carry, chunk];
      for (let got = chunk.length; got < carry.length;) {
        const more = reader.next();
        if (!more) break;
        parts.push(more);
        got += more.length;
      }
      buf = Buffer.concat(parts);
    }
    const s = buf.toString('latin1');
    chunkNo++;
    if (pfx === null) {
      pfx = onFirst(s);
      open = '<' + pfx + name;
      close = '</' + pfx + name + '>';
      stopTag = '</' + pfx + stop + '>';
    }
    let pos = 0;
    let stopped = false;
    for (;;) {
      const i = s.indexOf(open, pos);
      if (i < 0) {
        // Nothing more here; keep a tail long enough to hold a cut-off tag name.
        if (s.indexOf(stopTag, pos) >= 0) stopped = true;
        pos = Math.max(pos, s.length - 16);
        break;
      }
      if (i + open.length >= s.length) {
        // `<row` at the very end of the chunk: what follows it decides, so it waits for the next.
        pos = i;
        closeFrom = 0;
        break;
      }
      const next = s.charCodeAt(i + open.length);
      if (next !== 32 && next !== 62 && next !== 47 && next !== 9 && next !== 10 && next !== 13) {
        pos = i + open.length;
        continue;
      }
      const gt = s.indexOf('>', i);
      if (gt < 0) {
        pos = i;
        closeFrom = 0;
        break;
      }
      if (s.charCodeAt(gt - 1) === 47) {
        yield { buf, s, chunk: chunkNo, open: i, a: gt + 1, b: gt + 1, pfx };
        pos = gt + 1;
        continue;
      }
      const end = s.indexOf(close, Math.max(gt, i === 0 ? closeFrom : 0));
      if (end < 0) {
        pos = i;
        closeFrom = Math.max(0, s.length - i - close.length);
        break;
      }
      closeFrom = 0;
      yield { buf, s, chunk: chunkNo, open: i, a: gt + 1, b: end, pfx };
      pos = end + close.length;
    }
    if (stopped) return;
    carry = pos < buf.length ? buf.subarray(pos) : null;
    if (carry && carry.length > MAX_PENDING)
      throw new AppError(
        'file_unreadable',
        `无法读取文件：工作表中有一行（或一个单元格）的内容超过 ${MAX_PENDING >> 20} MB，文件可能已损坏或是恶意构造的`,
      );
  }
}

/** An opened .xlsx: its sheets, the 1904 date flag, and rows streamed from a sheet. */
export class XlsxBook {
  readonly sheets: XlsxSheetInfo[] = [];
  readonly date1904: boolean;
  private readonly sstEntry: ZipEntry | undefined;
  private sst: string[] | null = null;
  private reading: EntryReader | null = null;
  /** called after each chunk read (progress) */
  onChunk: (() => void) | undefined;

  constructor(
    readonly zip: ZipFile,
    private readonly fileName: string,
  ) {
    const rels = (part: string) => {
      const slash = part.lastIndexOf('/');
      const e = zip.entry(`${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`);
      const out: { id: string; type: string; target: string }[] = [];
      if (!e) return out;
      const text = zip.text(e);
      for (const m of text.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
        const a = m[1];
        const get = (k: string) => new RegExp(`\\b${k}="([^"]*)"`).exec(a)?.[1] ?? '';
        out.push({ id: get('Id'), type: get('Type'), target: unescapeXml(get('Target')) });
      }
      return out;
    };
    const resolve = (from: string, target: string) => {
      if (target.startsWith('/')) return target.slice(1);
      const parts = from.split('/').slice(0, -1);
      for (const p of target.split('/')) {
        if (p === '..') parts.pop();
        else if (p !== '.' && p !== '') parts.push(p);
      }
      return parts.join('/');
    };
    const bookPath = XlsxBook.bookPath(zip) ?? '';
    const bookEntry = zip.entry(bookPath);
    if (!bookEntry) throw new AppError('file_unreadable', `无法读取文件“${fileName}”：不是有效的 Excel 工作簿`);
    const book = zip.text(bookEntry);
    const bookRels = rels(bookPath);
    this.date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(book);
    for (const m of book.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
      const a = m[1];
      const name = unescapeXml(/\bname="([^"]*)"/.exec(a)?.[1] ?? '');
      const rid = /\br:id="([^"]*)"|\bid="([^"]*)"/.exec(a);
      const rel = bookRels.find((r) => r.id === (rid?.[1] ?? rid?.[2]));
      if (!rel || !/\/worksheet$/.test(rel.type)) continue; // chart sheets and dialogs hold no cells
      const entry = zip.entry(resolve(bookPath, rel.target));
      if (entry) this.sheets.push({ name, entry });
    }
    const sstRel = bookRels.find((r) => /\/sharedStrings$/.test(r.type));
    this.sstEntry = sstRel ? zip.entry(resolve(bookPath, sstRel.target)) : undefined;
  }

  /** Where the workbook part is, when it is SpreadsheetML (XML) rather than binary (.xlsb) or another format. */
  static bookPath(zip: ZipFile): string | null {
    const root = zip.entry('_rels/.rels');
    let target = 'xl/workbook.xml';
    if (root) {
      for (const m of zip.text(root).matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
        if (!/\bType="[^"]*\/officeDocument"/.test(m[1])) continue;
        target = unescapeXml(/\bTarget="([^"]*)"/.exec(m[1])?.[1] ?? '').replace(/^\/+/, '');
        break;
      }
    }
    return target.toLowerCase().endsWith('.xml') && zip.entry(target) ? target : null;
  }

  /**
   * How far the reading is (0 … 1): packed bytes of the shared strings and of
   * the sheet being read, against the two together.
   */
  progress(): number {
    const r = this.reading;
    if (!r) return this.sst ? 1 : 0;
    const sstPacked = this.sstEntry?.packed ?? 0;
    const total = sstPacked + r.entry.packed;
    const done = r.entry === this.sstEntry ? r.packedRead : sstPacked + r.packedRead;
    return total > 0 ? done / total : 1;
  }

  private sheet(name: string): XlsxSheetInfo {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new AppError('sheet_not_found', `文件“${this.fileName}”中没有名为“${name}”的工作表`);
    return s;
  }

  /** The shared strings, read once (the one part held in memory). */
  private sharedStrings(): string[] {
    if (this.sst) return this.sst;
    const out: string[] = [];
    if (this.sstEntry) {
      const reader = this.zip.open(this.sstEntry, HELD_LIMITS);
      this.reading = reader;
      let chars = 0;
      try {
        for (const { buf, s, a, b, pfx } of elements(reader, 'si', 'sst', (s) => prefixOf(s, 'sst'), this.onChunk)) {
          const t = runsText(buf, s, a, b, pfx);
          chars += t.length;
          if (chars > MAX_SST_CHARS)
            throw new AppError(
              'file_too_large',
              `无法读取文件“${this.fileName}”：共享字符串超过 ${MAX_SST_CHARS >> 20} M 个字符，已拒绝读取`,
            );
          out.push(t);
        }
      } finally {
        reader.close();
        this.reading = null;
      }
    }
    this.sst = out;
    return out;
  }

  /** The row count the sheet declares (<dimension>), or an estimate from its first megabyte. */
  estimateRows(name: string): number {
    const info = this.sheet(name);
    const reader = this.zip.open(info.entry, SHEET_LIMITS);
    try {
      const first = reader.next();
      if (!first) return 0;
      const s = first.toString('latin1');
      const dim = /<(?:\w+:)?dimension\s+ref="[A-Z]*(\d*)(?::[A-Z]*(\d+))?"/.exec(s);
      if (dim) {
        const top = Number(dim[1] || 1);
        const last = Number(dim[2] ?? dim[1]);
        if (last > 1 || top > 1) return last;
      }
      const rows = s.split('</row>').length - 1;
      return first.length >= info.entry.size ? rows : Math.round((rows * info.entry.size) / first.length);
    } finally {
      reader.close();
    }
  }

  /** Streams a sheet's rows that hold anything, with their cells as typed values. */
  *rows(name: string): Generator<XlsxRow> {
    const info = this.sheet(name);
    const sst = this.sharedStrings();
    const reader = this.zip.open(info.entry, SHEET_LIMITS);
    this.reading = reader;
    let rowNo = 0;
    let cOpen = '';
    let cClose = '';
    let isOpen = '';
    const rAttr = new Seek('r="');
    const tAttr = new Seek('t="');
    let cSeek = rAttr;
    let cCloseSeek = rAttr;
    let vSeek = rAttr;
    let vCloseSeek = rAttr;
    try {
      for (const { buf, s, chunk, open, a, b, pfx } of elements(
        reader,
        'row',
        'sheetData',
        (s) => prefixOf(s, 'worksheet'),
        this.onChunk,
      )) {
        if (!cOpen) {
          cOpen = '<' + pfx + 'c';
          cClose = '</' + pfx + 'c>';
          isOpen = '<' + pfx + 'is';
          cSeek = new Seek(cOpen);
          cCloseSeek = new Seek(cClose);
          vSeek = new Seek('<' + pfx + 'v');
          vCloseSeek = new Seek('</' + pfx + 'v>');
        }
        // Tags and values are read where they lie in the chunk's text, without cutting them out.
        const r = attrAt(s, chunk, rAttr, open, a);
        const rEnd = r < 0 ? -1 : s.indexOf('"', r);
        if (rEnd < 0 || rEnd >= a || rEnd === r) rowNo++;
        else {
          let n = 0;
          let q = r;
          for (; q < rEnd; q++) {
            const d = s.charCodeAt(q) - 48;
            if (d < 0 || d > 9) break;
            n = n * 10 + d;
          }
          rowNo = q === rEnd ? n : Number(s.slice(r, rEnd));
        }
        if (a === b) continue;
        const cells: Cell[] = [];
        let any = false;
        let col = -1;
        let j = a;
        for (;;) {
          const c = cSeek.next(s, chunk, j);
          if (c < 0 || c >= b) break;
          const nx = s.charCodeAt(c + cOpen.length);
          if (nx !== 32 && nx !== 62 && nx !== 47 && nx !== 9 && nx !== 10 && nx !== 13) {
            j = c + cOpen.length;
            continue;
          }
          const gt = s.indexOf('>', c);
          // The column from the reference (letters, then the row's digits), else the next one.
          const ref = attrAt(s, chunk, rAttr, c, gt);
          let at = -1;
          if (ref >= 0) {
            let k = 0;
            let q = ref;
            for (; ; q++) {
              const ch = s.charCodeAt(q);
              if (ch >= 65 && ch <= 90) k = k * 26 + (ch - 64);
              else if (ch >= 97 && ch <= 122) k = k * 26 + (ch - 96);
              else break;
            }
            if (q > ref) at = k - 1;
          }
          col = at >= 0 ? at : col + 1;
          if (s.charCodeAt(gt - 1) === 47) {
            j = gt + 1;
            continue;
          }
          const end = cCloseSeek.next(s, chunk, gt);
          const cEnd = end < 0 || end > b ? b : end;
          j = cEnd + cClose.length;
          if (col >= MAX_COL) continue;
          // The type: absent or n (number), s (shared string), b, d, e, str, inlineStr.
          const tv = attrAt(s, chunk, tAttr, c, gt);
          const t0 = tv < 0 ? 110 : s.charCodeAt(tv);
          const t1 = tv < 0 ? 34 : s.charCodeAt(tv + 1);
          let v: Cell = null;
          if (t0 === 105 && t1 !== 34 && s.startsWith('inlineStr"', tv)) {
            const is = s.slice(gt + 1, cEnd).indexOf(isOpen);
            if (is < 0) continue;
            v = runsText(buf, s, gt + 1 + is, cEnd, pfx);
          } else {
            const vs = vSeek.next(s, chunk, gt + 1);
            if (vs < 0 || vs >= cEnd) continue;
            const vgt = s.indexOf('>', vs);
            if (vgt < 0 || vgt >= cEnd) continue;
            // one-letter types: n, s, b, d, e; str is the only longer one read here
            const one = t1 === 34;
            if (s.charCodeAt(vgt - 1) === 47) {
              // <v/>: a formula's empty text; nothing for any other type (SheetJS gives a shared string none)
              v = t0 === 115 && !one && s.startsWith('str"', tv) ? '' : null;
            } else {
              const ve = vCloseSeek.next(s, chunk, vgt);
              if (ve < 0 || ve >= cEnd) continue;
              if (t0 === 110 && one) {
                // Whole numbers of up to 15 digits exactly by their digits, others as Number reads them.
                let n = 0;
                let q = vgt + 1;
                if (ve - q <= 15) {
                  for (; q < ve; q++) {
                    const d = s.charCodeAt(q) - 48;
                    if (d < 0 || d > 9) break;
                    n = n * 10 + d;
                  }
                }
                if (q === ve)
                  v = ve > vgt + 1 ? n : null; // an empty <v></v> holds no number (SheetJS: none)
                else {
                  const num = Number(s.slice(vgt + 1, ve));
                  v = Number.isNaN(num) ? null : num;
                }
              } else if (t0 === 115 && one) {
                let k = 0;
                for (let q = vgt + 1; q < ve; q++) {
                  const d = s.charCodeAt(q) - 48;
                  if (d < 0 || d > 9) break;
                  k = k * 10 + d;
                }
                v = sst[k] ?? null;
              } else if (t0 === 98 && one) {
                v = s.slice(vgt + 1, ve).trim() === '1';
              } else if (t0 === 100 && one) {
                // An ISO date a writer stored as text: its calendar part, as the SheetJS path gave it.
                v = textAt(buf, vgt + 1, ve).slice(0, 10);
              } else {
                // str (a formula's text) and e (an error, shown as its text)
                v = textAt(buf, vgt + 1, ve);
              }
            }
          }
          while (cells.length < col) cells.push(null);
          cells[col] = v;
          if (v !== null && v !== '') any = true;
        }
        if (any) yield { row: rowNo, cells };
      }
    } finally {
      reader.close();
      if (this.reading === reader) this.reading = null;
    }
  }
}

/** An .xlsx/.xlsm opened for streaming; null when the zip holds another kind of workbook (.xlsb, .ods). */
export function openXlsx(file: string, fileName: string, size: number): XlsxBook | null {
  const zip = ZipFile.open(file, fileName, size);
  if (!XlsxBook.bookPath(zip)) return null;
  const book = new XlsxBook(zip, fileName);
  if (!book.sheets.length) throw new AppError('file_unreadable', `无法读取文件“${fileName}”：其中没有工作表`);
  return book;
}
