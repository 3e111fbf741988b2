/**
 * The streaming .xlsx reader against SheetJS, cell by cell, on a corpus of
 * workbooks in the shapes real writers produce; and its refusals of hostile
 * containers (zip bombs, a row that never ends, encrypted entries, corrupt
 * deflate streams). Each is checked with both inflaters: Node's zlib (what runs
 * on Node and in Electron) and fflate (where zlib's handle is missing).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import * as XLSX from 'xlsx';
import { tempDir } from '../../helpers/backend';
import { openImportFile, sheetCellValue } from '../../../electron/domain/imports/read';
import { inflateEngine, NativeInflate, ZipFile } from '../../../electron/domain/imports/zip';
import type { Cell } from '../../../electron/domain/imports/values';
import { bookParts, handBook, writeCorpus, writeRawZip } from './xlsxCorpus';

let dir: string;
beforeAll(() => {
  dir = tempDir('wb-xlsx-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `check` once with Node's zlib inflating the entries and once with fflate. */
function bothInflaters(check: (engine: string) => void): void {
  const was = inflateEngine.native;
  try {
    for (const native of [true, false]) {
      inflateEngine.native = native;
      check(native ? 'zlib' : 'fflate');
    }
  } finally {
    inflateEngine.native = was;
  }
}

/** What SheetJS gives for a sheet: rows that hold anything, cells as raw values (the reader's contract). */
function sheetjsRows(file: string) {
  const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer', dense: true, cellDates: false });
  const sheets: Record<string, { row: number; cells: Cell[] }[]> = {};
  for (const name of wb.SheetNames) {
    const data = (wb.Sheets[name] as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? [];
    const rows: { row: number; cells: Cell[] }[] = [];
    data.forEach((line, r) => {
      if (!line) return;
      const cells = Array.from({ length: line.length }, (_, c) => sheetCellValue(line[c]));
      // Trailing empty cells are not part of a row's content.
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
      if (cells.some((v) => v !== null && v !== '')) rows.push({ row: r + 1, cells });
    });
    sheets[name] = rows;
  }
  return { names: wb.SheetNames, date1904: Boolean(wb.Workbook?.WBProps?.date1904), sheets };
}

function ourRows(file: string) {
  const opened = openImportFile(file);
  expect(opened.format).toBe('xlsx');
  const sheets: Record<string, { row: number; cells: Cell[] }[]> = {};
  for (const name of opened.sheets) {
    sheets[name] = [...opened.rows(name)].map((r) => {
      const cells = [...r.cells];
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
      return { row: r.row, cells };
    });
  }
  return { names: opened.sheets, date1904: opened.date1904, sheets };
}

describe('streaming xlsx reader', () => {
  it('reads every corpus workbook exactly as SheetJS does, cell by cell', () => {
    const files = writeCorpus(dir);
    expect(files.length).toBe(8);
    for (const f of files) {
      const want = sheetjsRows(f);
      bothInflaters((engine) => {
        const got = ourRows(f);
        expect({ file: path.basename(f), engine, ...got }).toEqual({ file: path.basename(f), engine, ...want });
      });
    }
  }, 120_000);

  it('gives the values a clerk sees in the hand-written shapes (independent of SheetJS)', () => {
    const got = ourRows(path.join(dir, 'shared.xlsx'));
    const rows = got.sheets['订单'];
    expect(rows[0].cells).toEqual(['订单日期', '客户编码', ' 前后空格 ', '富文本']);
    // 2026-03-31 is serial 46112; numbers stored as text stay text; entities and _x000D_ undone.
    expect(rows[1].cells).toEqual([46112, '00123', 'A&B <c> "q" \'s\' 中文', '行一\n行二']);
    expect(rows[2]).toEqual({ row: 3, cells: ['2026-03-05', '4201000000123', '', null, 0.0015, -12.75] });
    expect(rows[3]).toEqual({ row: 6, cells: [null, 46081.5, null, null, null, null, null, 4201000000123] });
    const inline = ourRows(path.join(dir, 'inline.xlsx')).sheets.Sheet1;
    expect(inline[0].cells).toEqual(['卷烟编码', '订购量', 'x & y']);
    expect(inline[1].cells).toEqual([true, false, '#N/A', 2, 'ab']);
    const pre = ourRows(path.join(dir, 'prefixed.xlsx'));
    expect(pre.names).toEqual(['第一页', 'A&B']);
    expect(pre.sheets['第一页']).toEqual([
      { row: 1, cells: ['甲', '乙', 3] },
      { row: 2, cells: [null, null, 4, 5] },
      { row: 4, cells: [null, '乙'] },
    ]);
    const d = ourRows(path.join(dir, 'd1904.xlsx'));
    expect(d.date1904).toBe(true);
    expect(d.sheets.S[2].cells).toEqual([46082 - 1462, 20]);
  });

  it('falls back to fflate where zlib has no synchronous handle, and reads the same cells', async () => {
    const rows: (string | number)[][] = [['客户编码', '订购量']];
    for (let i = 0; i < 3000; i++) rows.push([`4201${String(i).padStart(8, '0')}`, i % 13]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '明细');
    const f = path.join(dir, 'nohandle.xlsx');
    fs.writeFileSync(f, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
    const real = zlib.createInflateRaw;
    // A zlib whose stream has no writeSync on its handle (as a Node without it would be).
    const spy = vi.spyOn(zlib, 'createInflateRaw').mockImplementation((options) => {
      const z = real(options) as zlib.InflateRaw & { _handle: { close(): void } | null };
      const handle = z._handle!;
      z._handle = { close: () => handle.close() };
      return z;
    });
    try {
      vi.resetModules();
      const zipFresh = await import('../../../electron/domain/imports/zip');
      const readFresh = await import('../../../electron/domain/imports/read');
      expect(zipFresh.inflateEngine.native).toBe(false);
      const opened = readFresh.openImportFile(f);
      const got = [...opened.rows('明细')].map((r) => r.cells);
      expect(got).toEqual(rows);
    } finally {
      spy.mockRestore();
      vi.resetModules();
    }
  });

  it('reads every row whatever place in it a chunk of inflated bytes ends at', () => {
    // Rows of 37 bytes (an odd length) and the 2^20-byte chunks Node's zlib fills: the ends of the
    // first 37 chunks fall at each of the 37 places within a row, `<row` cut off from its `>` among them.
    const row = (i: number) => `<row><c><v>${String(i).padStart(12, '0')}</v></c></row>`;
    expect(row(1).length).toBe(37);
    const n = Math.ceil((38 << 20) / 37);
    const data = Array.from({ length: n }, (_, i) => row(i + 1)).join('');
    const f = handBook(path.join(dir, 'cuts.xlsx'), { sheets: [{ name: 'S', data }] });
    // (fflate's chunks end where its output happens to pass 2^20 bytes, so only zlib's are placed.)
    expect(inflateEngine.native).toBe(true);
    let count = 0;
    let wrong = 0;
    for (const r of openImportFile(f).rows()) {
      count++;
      if (r.row !== count || r.cells[0] !== count) wrong++;
    }
    expect({ count, wrong }).toEqual({ count: n, wrong: 0 });
  }, 120_000);

  it('says how many rows a sheet has from its dimension without reading it', () => {
    const f = handBook(path.join(dir, 'dim.xlsx'), {
      sheets: [{ name: 'a', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
    });
    expect(openImportFile(f).estimateRows('a')).toBe(20);
  });
});

/** A workbook whose one sheet is `head` + `repeat` × `times` + `tail`, deflated; other parts stored. */
function bombXlsx(
  file: string,
  head: string,
  repeat: string,
  times: number,
  tail: string,
  flags = 0,
  declared?: (size: number) => number,
): string {
  const body = Buffer.concat([Buffer.from(head), Buffer.alloc(repeat.length * times, repeat), Buffer.from(tail)]);
  const parts = bookParts({ sheets: [{ name: 'S', data: '' }] });
  const entries = Object.entries(parts).map(([name, text]) => {
    if (name === 'xl/worksheets/sheet1.xml')
      return {
        name,
        data: zlib.deflateRawSync(body, { level: 1 }),
        method: 8 as const,
        size: declared ? declared(body.length) : body.length,
        flags,
      };
    const data = Buffer.from(text);
    return { name, data, method: 0 as const, size: data.length };
  });
  return writeRawZip(file, entries);
}

describe('hostile workbooks', () => {
  const head = '<?xml version="1.0"?><worksheet xmlns="x"><sheetData>';
  it('refuses a zip bomb (96 MB of rows from a few hundred KB) while inflating, within a bounded heap', () => {
    const row = '<row><c t="inlineStr"><is><t>AAAA</t></is></c></row>';
    const f = bombXlsx(
      path.join(dir, 'bomb.xlsx'),
      head,
      row,
      Math.floor((96 << 20) / row.length),
      '</sheetData></worksheet>',
    );
    expect(fs.statSync(f).size).toBeLessThan(1 << 20);
    bothInflaters(() => {
      const before = process.memoryUsage().rss;
      const opened = openImportFile(f);
      let err: unknown;
      let rows = 0;
      try {
        for (const _ of opened.rows()) rows++;
      } catch (e) {
        err = e;
      }
      expect((err as { code?: string }).code).toBe('zip_bomb');
      expect((err as Error).message).toMatch(/压缩比异常.*已拒绝读取/);
      // The directory says 96 MB from a few hundred KB: refused before a row is read.
      expect(rows).toBe(0);
      expect(process.memoryUsage().rss - before).toBeLessThan(128 << 20);
    });
  }, 120_000);

  it('refuses a zip bomb whose directory understates its size once it inflates past that size', () => {
    const row = '<row><c t="inlineStr"><is><t>AAAA</t></is></c></row>';
    const times = Math.floor((96 << 20) / row.length);
    // A size within the ratio cap, so only the inflating can tell.
    const f = bombXlsx(path.join(dir, 'liar.xlsx'), head, row, times, '</sheetData></worksheet>', 0, () => 1 << 20);
    // A directory that states a bomb's size but whose bytes are honest rows: the stated ratio alone refuses it.
    const g = bombXlsx(path.join(dir, 'says.xlsx'), head, row, 100, '</sheetData></worksheet>', 0, () => 64 << 20);
    bothInflaters(() => {
      const before = process.memoryUsage().rss;
      let err: unknown;
      let rows = 0;
      try {
        for (const _ of openImportFile(f).rows()) rows++;
      } catch (e) {
        err = e;
      }
      expect((err as { code?: string }).code).toBe('zip_bomb');
      expect((err as Error).message).toMatch(/解压后超过压缩包目录所记的大小（1048576 字节）/);
      // No more than the stated megabyte of rows was read (each row is row.length bytes).
      expect(rows * row.length).toBeLessThanOrEqual(1 << 20);
      expect(process.memoryUsage().rss - before).toBeLessThan(128 << 20);
      expect(() => [...openImportFile(g).rows()]).toThrow(/压缩比异常/);
    });
  }, 120_000);

  it('refuses a zip bomb whose stated sizes pass the caps once its ratio passes 100 while inflating', () => {
    // 16 MB of rows that deflate ~150 times, then 4 MB of random hex in rows of 1 KB (about 2 times):
    // 20 MB from ~2.1 MB packed is within 100 times overall, so only the inflating can tell.
    const row = '<row><c t="inlineStr"><is><t>AAAA</t></is></c></row>';
    const hexRows = randomBytes(2 << 20)
      .toString('hex')
      .replace(/.{1024}/g, '<row><c t="inlineStr"><is><t>$&</t></is></c></row>');
    const f = bombXlsx(
      path.join(dir, 'front.xlsx'),
      head,
      row,
      Math.floor((16 << 20) / row.length),
      hexRows + '</sheetData></worksheet>',
    );
    const entry = ZipFile.open(f, 'front.xlsx', fs.statSync(f).size).entry('xl/worksheets/sheet1.xml');
    expect(entry!.size).toBeLessThan(100 * entry!.packed);
    bothInflaters(() => {
      let err: unknown;
      let rows = 0;
      try {
        for (const _ of openImportFile(f).rows()) rows++;
      } catch (e) {
        err = e;
      }
      expect((err as { code?: string }).code).toBe('zip_bomb');
      expect((err as Error).message).toMatch(/压缩比异常（超过 100 倍）/);
      // Stopped within a few megabytes of the 2 MB after which the ratio counts, far short of 16 MB.
      expect(rows * row.length).toBeGreaterThan(1 << 20);
      expect(rows * row.length).toBeLessThan(8 << 20);
    });
  }, 120_000);

  it('refuses a corrupt or cut-short deflate stream with a Chinese reason, with either inflater', () => {
    const rows = '<row><c><v>1</v></c></row>'.repeat(20_000);
    const body = Buffer.from(head + rows + '</sheetData></worksheet>');
    const packed = zlib.deflateRawSync(body);
    // A block type of 3 (reserved) at the start of the stream; then the stream without its last quarter.
    const corrupt = Buffer.from(packed);
    corrupt[0] = 0x07;
    const cut = packed.subarray(0, Math.floor(packed.length * 0.75));
    const parts = bookParts({ sheets: [{ name: 'S', data: '' }] });
    const book = (name: string, data: Buffer) =>
      writeRawZip(
        path.join(dir, name),
        Object.entries(parts).map(([n, text]) =>
          n === 'xl/worksheets/sheet1.xml'
            ? { name: n, data, method: 8 as const, size: body.length }
            : { name: n, data: Buffer.from(text), method: 0 as const, size: Buffer.byteLength(text) },
        ),
      );
    const bad = book('corrupt.xlsx', corrupt);
    const short = book('short.xlsx', cut);
    bothInflaters(() => {
      expect(() => [...openImportFile(bad).rows()]).toThrow(/压缩包内容损坏（xl\/worksheets\/sheet1.xml）/);
      let read = 0;
      expect(() => {
        for (const _ of openImportFile(short).rows()) read++;
      }).toThrow(/压缩包内容损坏/);
      expect(read).toBeLessThan(20_000);
    });
  });

  it("inflates with Node's zlib here, in steps no larger than the room it is given, keeping its state", () => {
    expect(inflateEngine.native).toBe(true);
    // 64 MB of one byte deflates to ~64 KB: given all of it at once, each step still writes at most its room.
    const body = Buffer.alloc(64 << 20, 0x41);
    const packed = zlib.deflateRawSync(body);
    const inf = new NativeInflate();
    const out = Buffer.alloc(256 << 10);
    let off = 0;
    let total = 0;
    let steps = 0;
    try {
      while (!inf.ended) {
        inf.step(packed, off, packed.length - off, out, 0, out.length, true);
        off += inf.consumed;
        expect(inf.produced).toBeLessThanOrEqual(out.length);
        expect(out.subarray(0, inf.produced).equals(body.subarray(total, total + inf.produced))).toBe(true);
        total += inf.produced;
        steps++;
      }
    } finally {
      inf.close();
    }
    expect(total).toBe(body.length);
    expect(steps).toBe(Math.ceil(body.length / out.length) + (body.length % out.length === 0 ? 1 : 0));
  }, 120_000);

  it('refuses a row that never ends instead of holding it', () => {
    // Text that does not compress (so no ratio cap applies): 20 MB of hex digits in one cell.
    const hex = randomBytes(10 << 20).toString('hex');
    const f = bombXlsx(path.join(dir, 'longrow.xlsx'), head + '<row><c t="inlineStr"><is><t>' + hex, '', 0, '');
    const opened = openImportFile(f);
    expect(() => [...opened.rows()]).toThrow(/内容超过 16 MB/);
  }, 120_000);

  it('refuses an encrypted entry and a truncated file with Chinese reasons', () => {
    const f = handBook(path.join(dir, 'ok.xlsx'), {
      sheets: [{ name: 'a', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
    });
    const bytes = fs.readFileSync(f);
    fs.writeFileSync(path.join(dir, 'cut.xlsx'), bytes.subarray(0, bytes.length - 30));
    expect(() => openImportFile(path.join(dir, 'cut.xlsx'))).toThrow(/压缩包不完整/);
    const locked = bombXlsx(path.join(dir, 'locked.xlsx'), head, '<row><c><v>1</v></c></row>', 10, '', 1);
    expect(() => [...openImportFile(locked).rows()]).toThrow(/已加密/);
  });
});
