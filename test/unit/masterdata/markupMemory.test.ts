/**
 * Markup of 200,000 order lines — ten times a usual month's export — in each shape that streams
 * (Excel 2003 XML, a single-file web page in quoted-printable GB2312, a UTF-16 page) imports
 * with the V8 heap capped at 256 MB and a peak RSS under 400 MB, in a process of its own so its
 * peak memory is its own (test/helpers/importChild.ts).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { testBackend } from '../../helpers/backend';
import { masterFiles } from './fixtures';
import { totals, writeMht, writeSpreadsheetMl, writeUtf16Page } from './markupFixtures';

const LINES = 200_000;

describe('markup import memory', () => {
  it.each([
    ['Excel 2003 XML', (f: string) => writeSpreadsheetMl(f + '.xls', LINES)],
    ['MHT', (f: string) => writeMht(f + '.mht', LINES, 'quoted-printable')],
    ['UTF-16 page', (f: string) => writeUtf16Page(f + '.xls', LINES)],
  ] as const)(
    'imports a 200,000-line %s under --max-old-space-size=256 with peak RSS under 400 MB, exact totals',
    (_shape, write) => {
      const t = testBackend();
      const f = masterFiles(t.dir);
      for (const kind of ['managers', 'routes', 'retailers', 'products'] as const)
        expect(t.job('imports.run', { kind, file: f[kind] }).type).toBe('done');
      t.close();
      const file = write(path.join(t.dir, '二十万行订单'));
      expect(fs.statSync(file).size).toBeGreaterThan(30 << 20);
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
      expect(out.result).toMatchObject({ rowsRead: LINES, rowsImported: LINES, rowsRejected: 0 });
      expect(out.maxRss).toBeLessThan(400 << 20);
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
