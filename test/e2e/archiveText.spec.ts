/**
 * Attachment text read after the entry is stored, as a clerk sees it: while the PDF's text is
 * still being read the register's row, the drawer and the search say 「正在提取文字」 and a word only
 * in the PDF is not found yet; once it is read the open drawer shows 已提取 and the register's row
 * only its attachment count, both by themselves, and the word is found. The
 * reading is held deterministically: the server's text worker waits for a file this test creates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, useServer, apiCall, shot, ROOT } from './fixtures';
import { holdTextWorker } from '../helpers/textWorker';

const gateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-text-gate-'));
const gate = path.join(gateDir, 'go');
// Only the server this file starts inherits the held worker.
let release = () => {};
test.beforeAll(() => {
  release = holdTextWorker(gate);
});
const app = useServer();
test.beforeAll(() => release());
test.afterAll(() => fs.rmSync(gateDir, { recursive: true, force: true }));

test('an attachment says 正在提取文字 until its text is read, then the page shows 已提取 and finds it', async ({
  page,
  context,
}) => {
  const pdf = fs.readFileSync(path.join(ROOT, 'test/fixtures/archive/notice.pdf'));
  const added = await apiCall(app, 'archive.add', {
    kind: '收文',
    title: '市局关于网建考核的来文',
    files: [{ name: 'notice.pdf', contentBase64: pdf.toString('base64') }],
  });
  expect(added.attachments[0].textStatus).toBe('正在提取');

  // 收文登记, in a second tab left open: the entry's row says its one attachment is still being read
  const register = await context.newPage();
  await register.setViewportSize({ width: 1366, height: 768 });
  await register.goto(app.url + '#/archive');
  const grid = register.getByTestId('archive-grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible();
  // 附件 is right of the 1366 screen: scroll the grid to it (ag-grid draws only the columns in view)
  await grid.locator('.ag-body-horizontal-scroll-viewport').evaluate((el) => (el.scrollLeft = el.scrollWidth));
  const attachmentsCell = grid.locator(`.ag-row[row-id="${added.id}"] [col-id="attachments"]`);
  await expect(attachmentsCell).toHaveText('1（正在提取文字）');
  await shot(register, 'archive-register-extracting');
  await register.setViewportSize({ width: 1920, height: 1080 });
  await shot(register, 'archive-register-extracting-1920');

  // 文档检索: the entry is found by its title and says its attachment is still being read;
  // 走访 (only in the PDF) is not found yet, and the page says why
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(app.url + '#/archive/search');
  await page.getByTestId('search-box').locator('input').fill('网建');
  await page.keyboard.press('Enter');
  const hit = page.getByTestId('search-hit');
  await expect(hit).toHaveCount(1);
  await expect(hit.getByTestId('text-extracting')).toHaveText('正在提取文字');
  await expect(page.getByTestId('search-text-waiting')).toContainText('有 1 个附件正在提取文字');
  await hit.click();
  const drawer = page.getByTestId('doc-drawer');
  await expect(drawer.getByTestId('text-extracting')).toHaveText('正在提取文字');
  await shot(page, 'archive-text-extracting');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'archive-text-extracting-1920');

  // the text is read: the open drawer turns to 已提取 without a reload
  fs.writeFileSync(gate, '');
  await expect(drawer.getByTestId('text-extracting')).toHaveCount(0, { timeout: 60_000 });
  await expect(drawer).toContainText('已提取');
  await expect(attachmentsCell).toHaveText('1');
  await page.locator('.ant-drawer-close').click();
  await expect(hit.getByTestId('text-extracting')).toHaveCount(0);
  await expect(page.getByTestId('search-text-waiting')).toHaveCount(0);
  await page.getByTestId('search-box').locator('input').fill('走访');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-total')).toHaveText('找到 1 件');
  await expect(page.getByTestId('search-snippet').locator('mark').first()).toHaveText('走访');
});
