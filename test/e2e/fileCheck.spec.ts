/**
 * Browser mode on a damaged database file: the app opens it at once (header and schema only),
 * the check that runs after the first screen fails, and the page tells it — also when opened after
 * the check has ended — with the way forward: 恢复最近的备份 through the ordinary restore,
 * 重新检查 (the whole-file check again on a thread of its own; the notice shows the outcome), or
 * 稍后处理. The page asks with plain requests that end, so it still goes network-idle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, useServer, apiCall, cli, shot } from './fixtures';
import { damagePages, filledDb } from '../helpers/damagedDb';
import { checkIntegrity } from '../../electron/db/connection';

const BACKUP = '自动备份-2026-12-01.db';
/** the bytes damagePages overwrote, to mend the file under the server (重新检查 then passes) */
let sound: { offset: number; bytes: Buffer } | null = null;

const app = useServer({
  prepare: (dbPath) => {
    fs.rmSync(dbPath, { force: true });
    filledDb(dbPath);
    const r = cli(dbPath, ['backup', '--out', path.join(path.dirname(dbPath), 'backups', BACKUP)]);
    if (r.code !== 0) throw new Error(r.stderr);
    const offset = fs.statSync(dbPath).size - 8192 * 3;
    sound = { offset, bytes: Buffer.from(fs.readFileSync(dbPath).subarray(offset, offset + 8192)) };
    damagePages(dbPath, offset);
  },
});

test('a damaged file: the page tells the failed check, keeps telling it, and restores the newest backup', async ({
  page,
}) => {
  const backup = path.join(app.dataDir, 'backups', BACKUP);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(app.url);
  // the first screen is served from the damaged file (its damaged pages are not read)
  await expect(page.getByTestId('unit-name')).toHaveText('示范县烟草专卖局（分公司）');
  const notice = page.getByTestId('file-check-notice');
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText('数据库文件已损坏');
  await expect(notice).toContainText(`数据库文件已损坏（完整性检查未通过）。可以从最近的备份恢复：${backup}`);
  await expect(notice).toContainText('检查时间：');
  await expect(page.getByTestId('file-check-restore')).toHaveText('恢复最近的备份');
  // nothing is held open: the page goes idle
  await page.waitForLoadState('networkidle');
  await shot(page, 'file-check-notice-1366');

  const outcome = await apiCall(app, 'system.fileCheck', {});
  expect(outcome).toMatchObject({ state: 'failed', newestBackup: backup });
  expect(outcome.detail).not.toBe('');

  // opened after the check has ended: told at once
  const again = await page.context().newPage();
  await again.setViewportSize({ width: 1920, height: 1080 });
  await again.goto(app.url);
  await expect(again.getByTestId('file-check-notice')).toBeVisible();
  await again.waitForLoadState('networkidle');
  await shot(again, 'file-check-notice-1920');
  // 稍后处理: gone from this page for now
  await again.getByTestId('file-check-later').click();
  await expect(again.getByTestId('file-check-notice')).toHaveCount(0);
  await again.close();

  // 重新检查: the whole file again, on a thread of its own; still damaged, so the notice comes back
  const firstTime = await page.getByTestId('file-check-time').textContent();
  await page.getByTestId('file-check-recheck').click();
  await expect(page.getByTestId('file-check-time')).toContainText('重新检查仍未通过。检查时间：');
  await expect(notice).toContainText(`可以从最近的备份恢复：${backup}`);
  const second = await apiCall(app, 'system.fileCheck', {});
  expect(second).toMatchObject({ state: 'failed', newestBackup: backup });
  expect(Date.parse(second.startedAt)).toBeGreaterThan(Date.parse(outcome.finishedAt));
  expect(firstTime).not.toBe('');
  await shot(page, 'file-check-recheck-failed-1366');

  // the damaged pages mended under the server: 重新检查 passes and says so
  const fd = fs.openSync(app.dbPath, 'r+');
  fs.writeSync(fd, sound!.bytes, 0, sound!.bytes.length, sound!.offset);
  fs.closeSync(fd);
  await page.getByTestId('file-check-recheck').click();
  const passed = page.getByTestId('file-check-passed');
  await expect(passed).toContainText('重新检查通过：数据库文件完好', { timeout: 60_000 });
  await shot(page, 'file-check-recheck-passed-1366');
  await page.getByTestId('file-check-close').click();
  await expect(passed).toHaveCount(0);
  await expect(notice).toHaveCount(0);

  // damaged again: the next 重新检查 (from the API, as the page asks it) fails and the notice is back
  damagePages(app.dbPath, sound!.offset);
  await apiCall(app, 'system.recheckFile', {});
  await expect.poll(async () => (await apiCall(app, 'system.fileCheck', {})).state, { timeout: 60_000 }).toBe('failed');
  await page.reload();
  await expect(notice).toBeVisible();
  // the sound file passed in between, so the daily backup may have been taken of it: the newest
  const newest = (await apiCall(app, 'system.fileCheck', {})).newestBackup as string;
  expect(fs.existsSync(newest)).toBe(true);

  // 恢复最近的备份, through the ordinary restore
  await page.getByTestId('file-check-restore').click();
  const confirm = page.getByRole('dialog', { name: '从最近的备份恢复' });
  await expect(confirm).toContainText(path.basename(newest));
  await confirm.getByRole('button', { name: /^恢\s*复$/ }).click();
  await expect(page.getByText('已恢复。原数据库保留为')).toBeVisible();
  await expect(notice).toHaveCount(0);
  expect(await apiCall(app, 'system.fileCheck', {})).toMatchObject({ state: 'passed', by: 'restore' });
  const kept = fs
    .readdirSync(app.dataDir)
    .filter((f) => f.startsWith('workbench.db.replaced-') && !/-(wal|shm)$/.test(f));
  expect(kept).toHaveLength(1);
  // the replaced file is the damaged one, kept as it was
  expect(checkIntegrity(path.join(app.dataDir, kept[0]))).not.toBe('ok');
  const check = cli(app.dbPath, ['check']);
  // the server holds the file, which a check only reads
  expect(check.json).toMatchObject({ ok: true, state: 'passed' });
});
