/**
 * An order workbook of 200,000 lines imports with the V8 heap capped at 256 MB
 * (the streaming reader holds one chunk of the sheet and the shared strings,
 * never the workbook), in a process of its own so its peak memory is its own;
 * so do 200,000 lines — ten times a usual month's export — in each markup shape
 * that streams (Excel 2003 XML, a single-file web page in quoted-printable
 * GB2312, a UTF-16 page), each with a peak RSS under 400 MB.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { testBackend } from '../../helpers/backend';
import { writeLargeXlsx, type WCell } from '../../helpers/xlsxWriter';
import { masterFiles, serial } from './fixtures';
import { totals, writeMht, writeSpreadsheetMl, writeUtf16Page } from './markupFixtures';

const LINES = 200_000;
const PRODUCTS: [string, number][] = [
  ['6901028000001', 19080],
  ['6901028000002', 6254],
  ['6901028000003', 2544],
];
const RETAILERS = ['420100001', '420100002', '420100003', '420100004'];

describe('import memory', () => {
  it('imports a 200,000-line xlsx under --max-old-space-size=256, every line, exact totals', () => {
    const t = mastersOnly();
    // Line i: day 1 + i % 28 of March 2026, qty 1 + i % 9 条, product i % 3 at its price; order numbers unique.
    let qty = 0;
    let fen = 0;
    function* rows(): Generator<WCell[]> {
      yield ['2026年3月订单明细'];
      yield ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价', '金额'];
      for (let i = 0; i < LINES; i++) {
        const [code, price] = PRODUCTS[i % 3];
        const q = 1 + (i % 9);
        qty += q;
        fen += price * q;
        yield [
          { serial: serial(2026, 3, 1 + (i % 28)) },
          `M${i}`,
          RETAILERS[i % 4],
          code,
          q,
          price / 100,
          (price * q) / 100,
        ];
      }
    }
    const file = path.join(t.dir, '二十万行订单.xlsx');
    writeLargeXlsx(file, '订单', rows());
    importInChild(t, file, LINES);
    const db = new Database(t.dbPath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) n, SUM(qty_tiao) q, SUM(amount_fen) a FROM order_lines').get()).toEqual({
      n: LINES,
      q: qty,
      a: fen,
    });
    db.close();
    fs.rmSync(t.dir, { recursive: true, force: true });
  }, 600_000);

  it.each([
    ['Excel 2003 XML', (f: string) => writeSpreadsheetMl(f + '.xls', LINES)],
    ['MHT', (f: string) => writeMht(f + '.mht', LINES, 'quoted-printable')],
    ['UTF-16 page', (f: string) => writeUtf16Page(f + '.xls', LINES)],
  ] as const)(
    'imports a 200,000-line %s under --max-old-space-size=256, every line, exact totals',
    (_shape, write) => {
      const t = mastersOnly();
      const file = write(path.join(t.dir, '二十万行订单'));
      expect(fs.statSync(file).size).toBeGreaterThan(30 << 20);
      importInChild(t, file, LINES);
      const db = new Database(t.dbPath, { readonly: true });
      expect(db.prepare('SELECT COUNT(*) n, SUM(qty_tiao) qty, SUM(amount_fen) fen FROM order_lines').get()).toEqual(
        totals(LINES),
      );
      db.close();
      fs.rmSync(t.dir, { recursive: true, force: true });
    },
    600_000,
  );
});

/** A test database holding the master files, closed so that a child process can import into it. */
function mastersOnly() {
  const t = testBackend();
  const f = masterFiles(t.dir);
  for (const kind of ['managers', 'routes', 'retailers', 'products'] as const)
    expect(t.job('imports.run', { kind, file: f[kind] }).type).toBe('done');
  t.close();
  return t;
}

/** Imports `file` as orders in a process of its own under a 256 MB heap: every line, peak RSS under 400 MB. */
function importInChild(t: { dbPath: string; dir: string }, file: string, lines: number) {
  const child = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=256',
      '--import',
      'tsx',
      path.join('test', 'helpers', 'importChild.ts'),
      t.dbPath,
      t.dir,
      'imports.run',
      JSON.stringify({ kind: 'orders', file }),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  expect(child.status, child.stderr).toBe(0);
  const out = JSON.parse(child.stdout.trim().split('\n').pop()!);
  expect(out.error).toBeUndefined();
  expect(out.result).toMatchObject({ rowsRead: lines, rowsImported: lines, rowsRejected: 0 });
  expect(out.maxRss).toBeLessThan(400 << 20);
}
