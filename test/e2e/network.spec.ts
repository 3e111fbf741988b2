/**
 * 网建达标 e2e: a county imported from files; the clerk imports March's visit
 * records, sees where each customer manager stands, opens the action list of
 * the unvisited retailers, enters a hand-scored item of the assessment, saves
 * the month and prints the 客户经理月度考核表 — and the printed page is looked at.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { test, expect, useServer, shot, apiCall, printPdf, pdfText, pdfToPngs, ROOT } from './fixtures';

const F = path.join(ROOT, 'test', 'fixtures', 'network');
const app = useServer({
  seed: [
    ['import', 'managers', path.join(F, 'managers.csv')],
    ['import', 'routes', path.join(F, 'routes.csv')],
    ['import', 'retailers', path.join(F, 'retailers.csv')],
    ['import', 'targets', path.join(F, 'targets.csv')],
    ['import', 'inspections', path.join(F, 'inspections-2026-03.csv')],
  ],
});

test('从导入拜访记录到打印客户经理月度考核表', async ({ page }) => {
  // 1. Import March's visit records through the import wizard.
  await page.goto(app.url + '#/imports');
  await expect(page.getByTestId('import-wizard')).toBeVisible();
  await page.getByTestId('import-kind').click();
  await page.locator('.ant-select-item-option[title="拜访记录"]').click();
  await page.getByTestId('import-file').setInputFiles(path.join(F, 'visits-2026-03.csv'));
  await expect(page.getByTestId('import-header-row')).toContainText('第 2 行');
  await page.getByTestId('next-mapping').click();
  await page.getByTestId('next-preview').click();
  await expect(page.getByText('文件标题注明期间：2026-03-01 至 2026-03-31')).toBeVisible();
  await shot(page, 'network-import-visits');
  await page.getByTestId('start-import').click();
  await expect(page.getByText('读取 7 行，导入 7 行，未导入 0 行')).toBeVisible({ timeout: 30_000 });
  expect(
    (await apiCall<{ kind: string; rowsImported: number }[]>(app, 'imports.history', { kind: 'visits' })).map(
      (b) => b.rowsImported,
    ),
  ).toEqual([7]);

  // 2. 网建达标 for March by 客户经理: 张三 visited 3 of his 4 operating retailers (target 80%) → 未达标.
  await page.goto(app.url + '#/network');
  await expect(page.getByTestId('network-dashboard')).toBeVisible();
  await page.getByTestId('period-picker').locator('.ant-picker').click();
  await page.getByTestId('period-picker').locator('.ant-picker input').fill('2026-03');
  await page.keyboard.press('Enter');
  const cell = page.getByTestId('cell-M01-visit_coverage');
  await expect(cell).toContainText('75.00%');
  await expect(cell).toContainText('目标 80.00%');
  await expect(cell.locator('[data-status]')).toHaveText('未达标');
  await expect(page.getByTestId('cell-M02-visit_coverage')).toContainText('50.00%');
  await expect(page.getByTestId('cell-M02-visit_coverage').locator('[data-status]')).toHaveText('无目标');
  await cell.click();
  // the action list: the one operating retailer of 张三 not visited in March
  const list = page.getByTestId('action-list');
  await expect(list).toContainText('c04');
  await expect(list).toContainText('城关和顺副食');
  await expect(list).not.toContainText('c05'); // 歇业, not in the denominator
  await expect(page.getByTestId('network-trend')).toBeVisible();
  await shot(page, 'network-dashboard');
  // exported per customer manager: one sheet for 张三 with his unvisited retailer
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-per-manager').click()]);
  expect(download.suggestedFilename()).toBe('客户拜访覆盖率行动清单-2026-03.xlsx');
  const wb = XLSX.read(fs.readFileSync(await download.path()));
  expect(wb.SheetNames).toEqual(['张三（M01）']);
  expect(XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['张三（M01）'], { header: 1 }).flat()).toContain('c04');

  // the county is 1.5 points short of its 64% → 接近
  await page.getByText('全县', { exact: true }).first().click();
  await expect(page.getByTestId('cell-全县-visit_coverage')).toContainText('62.50%');
  await expect(page.getByTestId('cell-全县-visit_coverage').locator('[data-status]')).toHaveText('接近');

  // 3. 月度考核: enter 客户拜访 for 张三, save the month.
  await page.goto(app.url + '#/network/assessment');
  await expect(page.getByTestId('assessment-page')).toBeVisible();
  await page.getByTestId('period-picker').locator('.ant-picker').click();
  await page.getByTestId('period-picker').locator('.ant-picker input').fill('2026-03');
  await page.keyboard.press('Enter');
  const values = page.getByTestId('assessment-values');
  await expect(values).toContainText('张三');
  const visitCell = values.locator('.ag-row[row-id="M01"] [col-id="visit"]');
  await visitCell.dblclick();
  await page.keyboard.type('90');
  await page.keyboard.press('Enter');
  await expect(visitCell).toHaveText('90.00');
  const grid = page.getByTestId('assessment-grid');
  // 张三: 覆盖率 20 × 0.75 / 0.95 = 15.79; 客户拜访 10 × 90/100 = 9.00
  await expect(grid.locator('.ag-row', { hasText: '张三' }).locator('[col-id="s_coverage"]')).toHaveText('15.79');
  await expect(grid.locator('.ag-row', { hasText: '张三' }).locator('[col-id="s_visit"]')).toHaveText('9.00');
  await page.getByTestId('save-assessment').click();
  await expect(page.getByText('2026年3月考核结果已保存')).toBeVisible();
  await shot(page, 'network-assessment');

  // 4. The printed table: title, both managers, the scores, the signature lines.
  await page.goto('about:blank'); // a fresh page: no toast of the page before on the print
  const pdf = await printPdf(page, app, '/network/assessment/print?period=2026-03', 'network-assessment', true);
  await shot(page, 'network-assessment-print');
  const { pages, text } = pdfText(pdf);
  expect(pages).toBe(1);
  expect(text).toContain('客户经理月度考核表');
  expect(text).toContain('2026年3月');
  expect(text).toMatch(/张三[\s\S]*15\.79/);
  expect(text).toContain('李四');
  expect(text).toContain('10.53'); // 李四: 20 × 0.5 / 0.95
  expect(text).toContain('审核人（客服部主任）');
  expect(text).toContain('本人签字');
  expect(text).toMatch(/第\s*1\s*页\s*共\s*1\s*页/);
  const pngs = pdfToPngs(pdf);
  expect(pngs.length).toBe(1);
  expect(fs.statSync(pngs[0]).size).toBeGreaterThan(10_000);

  // 5. The head's 达标情况表 prints too.
  const pdf2 = await printPdf(page, app, '/network/print?period=2026-03&by=manager', 'network-status', true);
  const t2 = pdfText(pdf2).text;
  expect(t2).toContain('网建指标达标情况表');
  expect(t2).toMatch(/客户拜访覆盖率\s+3\s+4\s+75\.00%\s+80\.00%/);
});

test('考核方案 editor at 1366×768: every column of every item, 删除 included, inside the dialog', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(app.url + '#/network/assessment');
  await expect(page.getByTestId('assessment-page')).toBeVisible();
  await page.getByRole('button', { name: '编辑考核方案' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: '编辑考核方案' });
  await expect(dialog).toBeVisible();
  const boxes = await dialog.evaluate((d) => {
    const body = d.querySelector('.ant-table-container')!.getBoundingClientRect();
    const frame = d.getBoundingClientRect();
    const heads = [...d.querySelectorAll<HTMLElement>('th.ant-table-cell')].map((h) => {
      const r = h.getBoundingClientRect();
      return { title: h.innerText.trim(), left: r.left, right: r.right };
    });
    const deletes = [...d.querySelectorAll<HTMLElement>('button')]
      .filter((b) => b.innerText.replace(/\s/g, '') === '删除')
      .map((b) => b.getBoundingClientRect().right);
    const scroller = d.querySelector<HTMLElement>('.ant-table-content, .ant-table-body');
    return {
      table: { left: body.left, right: body.right },
      frame: { left: frame.left, right: frame.right },
      heads,
      deletes,
      overflow: scroller ? scroller.scrollWidth - scroller.clientWidth : 0,
    };
  });
  // the dialog itself is inside the window, and the table inside the dialog
  expect(boxes.frame.left).toBeGreaterThanOrEqual(0);
  expect(boxes.frame.right).toBeLessThanOrEqual(1366);
  expect(boxes.table.right).toBeLessThanOrEqual(boxes.frame.right);
  expect(boxes.heads.map((h) => h.title)).toEqual([
    '代码',
    '项目',
    '类别',
    '数据来源',
    '录入单位',
    '卷烟范围',
    '权重',
    '计分方式',
    '计分参数',
    '操作',
  ]);
  for (const h of boxes.heads) expect(h.right, h.title).toBeLessThanOrEqual(boxes.table.right + 1);
  // one 删除 per item of the scheme, each wholly in view, and nothing to scroll to sideways
  const { active } = await apiCall<{ active: { items: unknown[] } }>(app, 'network.schemes', {});
  expect(active.items.length).toBeGreaterThan(0);
  expect(boxes.deletes.length).toBe(active.items.length);
  for (const r of boxes.deletes) expect(r).toBeLessThanOrEqual(boxes.table.right + 1);
  expect(boxes.overflow).toBeLessThanOrEqual(1);
  await shot(page, 'network-scheme-editor-1366');
});
