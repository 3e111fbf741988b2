/**
 * 设置 › 备份与恢复 in browser mode, on a damaged file: the restore goes through the server's own
 * worker, and what the page shows afterwards is the restored data — the header's unit name, and
 * the file-check notice above every page, which asks again after the restore (before, it kept
 * telling of the damaged file until the page was opened again).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test, expect, useServer, apiCall, shot } from './fixtures';
import { damagePages, filledDb } from '../helpers/damagedDb';
import { runCli } from '../../electron/cli';

const BACKUP = '手动备份-恢复测试.db';
const setUnit = (dbPath: string, name: string) => {
  const db = new Database(dbPath);
  const put = db.prepare('INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)');
  put.run('unitName', JSON.stringify(name));
  put.run('setupDone', 'true');
  db.close();
};

const app = useServer({
  // the fixture names the unit once the server runs: the name given after the backup
  unitName: '备份之后改的单位',
  prepare: (dbPath) => {
    fs.rmSync(dbPath, { force: true });
    filledDb(dbPath);
    setUnit(dbPath, '备份时的单位');
    const r = runCli(['backup', '--out', path.join(path.dirname(dbPath), 'backups', BACKUP), '--db', dbPath]);
    if (r.code !== 0) throw new Error(r.stderr);
    setUnit(dbPath, '备份之后改的单位');
    const db = new Database(dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    damagePages(dbPath);
  },
});

test('a restore from 设置 shows the restored data and clears the notice of the damaged file', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(app.url + '#/settings');
  await expect(page.getByTestId('unit-name')).toHaveText('备份之后改的单位');
  const notice = page.getByTestId('file-check-notice');
  await expect(notice).toBeVisible({ timeout: 60_000 });

  const row = page.getByRole('row').filter({ hasText: BACKUP });
  await row.getByText('恢复', { exact: true }).click();
  await page
    .getByRole('tooltip')
    .getByRole('button', { name: /^恢\s*复$/ })
    .click();
  await expect(page.getByText('已恢复。原数据库保留为')).toBeVisible({ timeout: 60_000 });
  // the same page, not opened again: the restored data and no notice
  await expect(page.getByTestId('unit-name')).toHaveText('备份时的单位');
  await expect(notice).toHaveCount(0);
  await shot(page, 'settings-restore-1366');
  expect(await apiCall(app, 'system.fileCheck', {})).toMatchObject({ state: 'passed', by: 'restore' });
  expect((await apiCall(app, 'settings.get', {})).unitName).toBe('备份时的单位');
});
