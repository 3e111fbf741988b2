import { afterEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { generateArchiveDemo } from '../../../electron/domain/archive/demo';

let t: TestBackend;
afterEach(() => t?.close());

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('archive demo data', () => {
  it('fills two years of registers with gap-free numbers, filed earlier years and an overdue loan', () => {
    t = testBackend();
    const db = t.backend.db;
    db.transaction(() =>
      generateArchiveDemo({ db, random: rng(7), size: 'small', dayFrom: 20250101, dayTo: 20261031 }),
    )();
    const groups = db
      .prepare('SELECT kind, year, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM archive_docs GROUP BY kind, year')
      .all() as { kind: string; year: number; n: number; lo: number; hi: number }[];
    expect(groups.map((g) => g.kind + g.year).sort()).toEqual([
      '发文2025',
      '发文2026',
      '报送2025',
      '报送2026',
      '收文2025',
      '收文2026',
    ]);
    for (const g of groups) expect([g.lo, g.hi]).toEqual([1, g.n]);
    const items = db
      .prepare(
        'SELECT retention, org_code, archive_year, count(*) AS n, max(item_no) AS hi FROM archive_docs WHERE item_no IS NOT NULL GROUP BY 1, 2, 3',
      )
      .all() as { n: number; hi: number; archive_year: number }[];
    expect(items.length).toBeGreaterThan(1);
    for (const g of items) expect(g.hi).toBe(g.n);
    expect(items.every((g) => g.archive_year === 2025)).toBe(true);
    const r = t.call('archive.reminders', { asOf: '2026-11-01' });
    expect(r.overdueLoans.length).toBe(3);
    expect(t.call('archive.search', { query: '网建' }).total).toBeGreaterThan(0);
  });
});
