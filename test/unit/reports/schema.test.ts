import { describe, expect, it } from 'vitest';
import { testBackend } from '../../helpers/backend';
import { insertLines, insertMasters } from './fixture';
import { notifyOrdersChanged } from '../../../electron/domain/imports/hooks';

describe('a database that skipped the summaries’ later migrations', () => {
  it('refuses reports with a clear message and still lets orders be imported', () => {
    const tb = testBackend();
    try {
      const db = tb.backend.db;
      db.exec('DROP TABLE rpt_month_rc'); // as if migration 022 had been skipped
      db.transaction(() => {
        insertMasters(db);
        insertLines(db);
        notifyOrdersChanged(db, 20250101, 20261231);
      })();
      expect((db.prepare('SELECT COUNT(*) n FROM order_lines').get() as { n: number }).n).toBe(16);
      const r = tb.result('reports.sales', { period: '2026-03', by: 'class' }) as any;
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('reports_schema_outdated');
      expect(r.error.message).toMatch(/迁移 021\/022/);
    } finally {
      tb.close();
    }
  });
});
