/**
 * Archive in browser mode, a clerk's path: register an incoming document with a
 * PDF attached, find it by a two-character word that only its attachment
 * contains, file it (档号 assigned), then look at the printed 归档文件目录 and
 * its Excel export.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { test, expect, useServer, apiCall, shot, printPdf, pdfText, pdfToPngs, ROOT } from './fixtures';
import { gridInView, inspect, settle } from './pageChecks';

const app = useServer({ unitName: '示范县烟草专卖局（分公司）' });
const year = new Date().getFullYear();

test.describe.configure({ mode: 'serial' });

test('register an incoming document with an attachment, find it by two characters, file it and print the catalogue', async ({
  page,
}) => {
  // 登记 with the PDF dropped into the form
  await page.goto(app.url + '#/archive');
  await expect(page.getByTestId('archive-register')).toBeVisible();
  await page.getByTestId('add-doc').click();
  await page.getByTestId('doc-fromOrg').fill('市局（公司）营销中心');
  await page.getByTestId('doc-docNo').fill(`营〔${year}〕12号`);
  await page.getByTestId('doc-title').fill('关于开展网建达标考核工作的通知');
  await page
    .getByRole('dialog')
    .locator('input[type=file]')
    .setInputFiles(path.join(ROOT, 'test/fixtures/archive/notice.pdf'));
  await expect(page.getByRole('dialog')).toContainText('notice.pdf');
  await shot(page, 'archive-register-form');
  await page.getByTestId('doc-submit').click();
  await expect(page.getByText(`已登记：收〔${year}〕1号`)).toBeVisible();
  // the new entry opens in the drawer with its attachment; its text is read after the entry was
  // stored (a thread has to start first), and the drawer shows 已提取 once it is in
  const drawer = page.getByTestId('doc-drawer');
  await expect(drawer).toContainText('notice.pdf');
  await expect(drawer).toContainText('已提取', { timeout: 60_000 });
  // the PDF previews inside the app, from a blob: address (never a path on disk)
  await drawer.getByText('预览').click();
  await expect(page.locator('iframe[title="notice.pdf"]')).toHaveAttribute('src', /^blob:/);
  await page.keyboard.press('Escape');
  await expect(page.locator('iframe[title="notice.pdf"]')).toBeHidden();
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('archive-grid')).toContainText(`收〔${year}〕1号`);

  // a second entry, so the search has something to tell apart
  await apiCall(app, 'archive.add', { kind: '收文', title: '卷烟价格调整的通知', fromOrg: '省局' });

  // 文档检索: 走访 is only in the PDF's text
  await page.getByTestId('nav').getByText('文档检索').click();
  await page.getByTestId('search-box').locator('input').fill('走访');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-total')).toHaveText('找到 1 件');
  const hit = page.getByTestId('search-hit');
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText('关于开展网建达标考核工作的通知');
  await expect(page.getByTestId('search-snippet').locator('mark').first()).toHaveText('走访');
  // a two-character word of the title, and one character
  await page.getByTestId('search-box').locator('input').fill('网建');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-total')).toHaveText('找到 1 件');
  await expect(hit.locator('mark').first()).toHaveText('网建');
  await page.getByTestId('search-box').locator('input').fill('通知');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-total')).toHaveText('找到 2 件');
  await page.getByTestId('search-box').locator('input').fill('网建');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-total')).toHaveText('找到 1 件');
  await shot(page, 'archive-search');

  // 归档 from the hit
  await hit.click();
  await expect(drawer).toBeVisible();
  await drawer.getByTestId('file-button').click();
  await page.getByTestId('file-submit').click();
  // still 待处理: 归档 is final, so it asks first; 返回 files nothing
  await expect(page.locator('.ant-modal-confirm-title', { hasText: '此收文尚未办结' })).toBeVisible();
  await page.getByRole('button', { name: /返\s?回/ }).click();
  await expect(drawer.getByTestId('archive-no')).toHaveCount(0);
  // the first question gone before it is asked again (its fading button must not take the click)
  await expect(page.locator('.ant-modal-confirm-title', { hasText: '此收文尚未办结' })).toHaveCount(0);
  await page.getByTestId('file-submit').click();
  await page.getByTestId('file-unfinished-ok').click();
  await expect(drawer.getByTestId('archive-no')).toHaveText(`档号 0194-WS·${year}-D30-KFB-0001`);
  // Escape closes the drawer after filing as before, even at once, while the filing dialog still fades out
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  // opened again: filed, and a filed item cannot be deleted
  await hit.click();
  await expect(drawer.getByTestId('archive-no')).toHaveText(`档号 0194-WS·${year}-D30-KFB-0001`);
  await expect(drawer).toContainText('归档');
  await expect(drawer).not.toHaveClass(/-enter/); // slid in
  await shot(page, 'archive-filed');
  await expect(drawer.getByRole('button', { name: /删\s*除/ })).toHaveCount(0);
  await expect(apiCall(app, 'archive.delete', { id: 1 })).rejects.toThrow(/已归档/);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // 归档目录: grid, Excel, print
  await page.getByTestId('nav').getByText('归档目录').click();
  await expect(page.getByTestId('catalogue-grid')).toContainText(`0194-WS·${year}-D30-KFB-0001`);
  await expect(page.getByTestId('catalogue-grid')).toContainText(`营〔${year}〕12号`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('catalogue-xlsx').click()]);
  const xlsxFile = path.join(ROOT, 'test-results', 'archive-catalogue.xlsx');
  await download.saveAs(xlsxFile);
  const ws = XLSX.read(fs.readFileSync(xlsxFile)).Sheets['目录'];
  expect(XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 })[2]).toEqual([
    1,
    `0194-WS·${year}-D30-KFB-0001`,
    `营〔${year}〕12号`,
    '市局（公司）营销中心',
    '关于开展网建达标考核工作的通知',
    expect.stringMatching(new RegExp(`^${year}\\d{4}$`)),
    '公开',
    undefined,
    '',
  ]);
  await shot(page, 'archive-catalogue');

  const pdf = await printPdf(
    page,
    app,
    `/archive/catalogue/print?year=${year}&retention=D30&org=KFB`,
    'archive-catalogue',
    true,
  );
  const { pages, text } = pdfText(pdf);
  expect(pages).toBe(2); // cover, then the catalogue
  expect(text).toContain('归档文件目录');
  expect(text).toContain('全宗号');
  expect(text).toContain('定期30年');
  expect(text).toContain(`0194-WS·${year}-D30-KFB-0001`);
  expect(text).toContain('关于开展网建达标考核工作的通知');
  expect(text).toMatch(/第\s*1\s*页\s*共\s*2\s*页/);
  const pngs = pdfToPngs(pdf);
  expect(pngs.length).toBe(2);
  await shot(page, 'archive-catalogue-print');

  // 归档章 of the filed item
  const stamp = pdfText(await printPdf(page, app, '/archive/stamp/print?id=1', 'archive-stamp'));
  expect(stamp.text).toContain('归档章');
  expect(stamp.text).toMatch(new RegExp(`0194\\s+${year}\\s+0001`));
  expect(stamp.text).toMatch(/客服部\s+定期30年/);
});

test('batch filing refuses a selection holding a filed item, then files the rest after the last 件号', async ({
  page,
}) => {
  await page.goto(app.url + '#/archive');
  const grid = page.getByTestId('archive-grid');
  await expect(grid).toContainText('卷烟价格调整的通知');
  await grid.locator('.ag-header-select-all').first().click();
  await page.getByRole('button', { name: /批量归档（2）/ }).click();
  // the refusal changes nothing, so a click lost to the dialog's opening animation can simply be repeated
  await expect(async () => {
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /归\s*档/ })
      .click();
    await expect(page.getByText(/已归档，请取消选择后再批量归档/)).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 30_000 });
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /取\s*消/ })
    .click();
  await grid.locator('.ag-header-select-all').first().click(); // clear
  await grid.locator('.ag-row', { hasText: '卷烟价格调整的通知' }).locator('.ag-checkbox-input').first().click();
  await page.getByRole('button', { name: /批量归档（1）/ }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /归\s*档/ })
    .click();
  await expect(
    page.getByText(`已归档 1 件：0194-WS·${year}-D30-KFB-0002 至 0194-WS·${year}-D30-KFB-0002`),
  ).toBeVisible();
  // 档号 is the grid's last column, which may lie beyond the visible width (columns are sized to
  // their content), so the number is read back from the register itself.
  await expect(grid.locator('.ag-row', { hasText: '卷烟价格调整的通知' })).toContainText('归档');
  const filed = await apiCall<{ doc: { title: string; archiveNo: string | null } }>(app, 'archive.get', { id: 2 });
  expect(filed.doc.title).toBe('卷烟价格调整的通知');
  expect(filed.doc.archiveNo).toBe(`0194-WS·${year}-D30-KFB-0002`);
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('button', { name: '批量归档' })).toBeDisabled();
  await shot(page, 'archive-batch-filed');
});

test('the register at 1366×768 and 1920×1080: 附件 beside the 标题 in view, the whole register at 1920, nothing cut off', async ({
  page,
}) => {
  // a long title and a long 来文机关 as counties write them
  await apiCall(app, 'archive.add', {
    kind: '收文',
    title: '关于开展2026年度卷烟零售客户网建达标考核及终端形象提升工作的通知',
    fromOrg: '市局（公司）营销中心',
    docNo: `营〔${year}〕128号`,
    handler: '张敏',
  });
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(app.url + '#/archive');
    await settle(page);
    const grid = page.getByTestId('archive-grid');
    await expect(grid).toContainText('终端形象提升工作的通知');
    const view = await gridInView(page, 'archive-grid');
    // every column of the register in view without scrolling sideways, 处理情况 and 档号 too
    // (密级 is in the entry's details and the Excel export)
    expect(view.titles, `${width}: columns in view`).toEqual(
      expect.arrayContaining([
        '收文号',
        '收文日期',
        '来文机关',
        '来文字号',
        '标题',
        '附件',
        '承办人',
        '办理期限',
        '处理情况',
        '档号',
      ]),
    );
    expect(view.overflow, `the whole register at ${width}`).toBe(0);
    // the long title wraps in its row rather than being cut off
    const f = await inspect(page);
    expect(f.truncated, `${width}: text cut off`).toEqual([]);
    expect(f.docScroll, `${width}: the whole window scrolls`).toBeLessThanOrEqual(1);
    await shot(page, `archive-register-${width}`);
  }
});
