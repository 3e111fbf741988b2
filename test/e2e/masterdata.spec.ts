/**
 * 基础资料 and 数据导入 e2e: a county's masters loaded from files (GBK CSV, an
 * xlsx with a title row, an xls); the clerk runs the import wizard on March's
 * order file step by step (screenshots of each step), downloads the rejected
 * row, rolls the batch back from the history, edits a retailer, and prints the
 * 客户结构分析表.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, useServer, shot, apiCall, printPdf, pdfText } from './fixtures';
import { bigOrders, marchOrders, masterFiles } from '../unit/masterdata/fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-md-'));
const files = masterFiles(dir);
const orders = marchOrders(path.join(dir, '2026年3月订单明细.xlsx'), '420100099');
const big = bigOrders(path.join(dir, '大文件-600000行.csv'), 600_000);

const app = useServer({
  seed: [
    ['import', 'managers', files.managers],
    ['import', 'routes', files.routes],
    ['import', 'retailers', files.retailers],
    ['import', 'products', files.products],
  ],
});

test('导入向导：从选择文件到下载未导入行，再从导入历史撤销', async ({ page }) => {
  await page.goto(app.url + '#/imports');
  await expect(page.getByTestId('import-wizard')).toBeVisible();
  await shot(page, 'masterdata-import-1-choose');
  await page.getByTestId('import-file').setInputFiles(orders);

  // 工作表与表头: the header is row 2, under the title row.
  await expect(page.getByTestId('import-header-row')).toContainText('第 2 行');
  await expect(page.getByTestId('sheet-top')).toContainText('2026年3月订单明细');
  await shot(page, 'masterdata-import-2-header');
  await page.getByTestId('next-mapping').click();

  // 列对应: every column matched by its Chinese header.
  const mapping = page.getByTestId('mapping-table');
  await expect(mapping.locator('[data-field="qty"]')).toContainText('订购量');
  await expect(mapping.locator('[data-field="retailerCode"]')).toContainText('客户编码');
  // 客户编码 and 许可证号 are one of a pair: marked 二选一, the tooltip names the pair.
  await expect(page.getByTestId('one-of-retailerCode')).toHaveText('二选一');
  await expect(page.getByTestId('one-of-licence')).toHaveText('二选一');
  await expect(page.getByTestId('one-of-productName')).toHaveText('二选一');
  await expect(page.getByTestId('mapping-missing')).toHaveCount(0);
  await shot(page, 'masterdata-import-3-mapping');
  await page.getByTestId('one-of-licence').hover();
  await expect(page.getByRole('tooltip')).toContainText('客户编码、许可证号至少要对应一列');
  // Unmapping 客户编码 leaves the pair empty: a message says so and the next step is closed.
  await mapping.locator('[data-field="retailerCode"]').click();
  await page.locator('.ant-select-item-option[title="（不导入）"]').click();
  await expect(page.getByTestId('mapping-missing')).toContainText('还缺少：客户编码或许可证号');
  await expect(page.getByTestId('next-preview')).toBeDisabled();
  await expect(page.getByTestId('one-of-retailerCode')).toHaveClass(/error/);
  await page.mouse.move(0, 0);
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await shot(page, 'masterdata-import-3-mapping-missing');
  await mapping.locator('[data-field="retailerCode"]').click();
  await page.locator('.ant-select-item-option[title="C列 · 客户编码"]').click();
  await expect(page.getByTestId('mapping-missing')).toHaveCount(0);
  await expect(page.getByTestId('next-preview')).toBeEnabled();
  await page.getByTestId('next-preview').click();

  // 预览检查: three good rows, one unknown retailer; the title states the period.
  await expect(page.getByText('前 4 行中 3 行可导入，1 行有问题')).toBeVisible();
  await expect(page.getByTestId('preview-grid')).toContainText('未知的客户编码 420100099');
  await expect(page.getByText('文件标题注明期间：2026-03-01 至 2026-03-31')).toBeVisible();
  await shot(page, 'masterdata-import-4-preview');
  await page.getByTestId('start-import').click();

  // 导入结果
  await expect(page.getByText('读取 4 行，导入 3 行，未导入 1 行')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('rejected-table')).toContainText('未知的客户编码 420100099');
  await expect(page.getByTestId('rejected-table')).toContainText('6');
  // The 内管 scan runs after the import has reported done, as a job of its own; its outcome follows.
  const note = page.getByTestId('after-import-note');
  await expect(note).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(note).toContainText('已检查 2026-03-02 至 2026-03-09 的订单');
  await shot(page, 'masterdata-import-5-result');
  const download = page.waitForEvent('download');
  await page.getByTestId('download-rejected').click();
  expect((await download).suggestedFilename()).toMatch(/^2026年3月订单明细-未导入行-.*\.xlsx$/);

  // The same file again is refused for dates already holding orders.
  const hist = await apiCall<{ batchId: number; rowsImported: number; status: string }[]>(app, 'imports.history', {
    kind: 'orders',
  });
  expect(hist.map((b) => [b.rowsImported, b.status])).toEqual([[3, 'committed']]);
  // …and the preview says so before anything is written: the dates, the earlier import, the choice.
  await page.goto(app.url + '#/imports');
  await page.reload();
  await page.getByTestId('import-file').setInputFiles(orders);
  await expect(page.getByTestId('import-header-row')).toContainText('第 2 行');
  await page.getByTestId('next-mapping').click();
  await expect(page.getByTestId('next-preview')).toBeEnabled();
  await page.getByTestId('next-preview').click();
  const existing = page.getByTestId('existing-days');
  await expect(existing).toContainText('以下日期已有订单数据：2026-03-02、2026-03-09');
  await expect(existing).toContainText(
    `2026-03-02、2026-03-09 的订单来自第 ${hist[0].batchId} 批导入“2026年3月订单明细.xlsx”`,
  );
  await expect(page.getByText('前 4 行中 3 行可导入（其中 3 行的日期已有订单，须选择替换），1 行有问题')).toBeVisible();
  await expect(page.getByTestId('preview-grid')).toContainText('2026-03-02 已有订单，须选择替换');
  await shot(page, 'masterdata-import-existing-days');
  await page.getByTestId('import-replace').check();
  await expect(existing).toContainText('已选择替换');
  await expect(page.getByText('前 4 行中 3 行可导入，1 行有问题')).toBeVisible();

  // 导入历史: select the batch and roll it back.
  await page.goto(app.url + '#/imports/history');
  await expect(page.getByTestId('history-grid')).toContainText('2026年3月订单明细.xlsx');
  await page.getByTestId('history-grid').getByText('2026年3月订单明细.xlsx').click();
  await page.getByTestId('rollback').click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^撤\s?销$/ })
    .click();
  await expect(page.getByTestId('history-grid')).toContainText('已撤销');
  await shot(page, 'masterdata-history-rolled-back');
  const after = await apiCall<{ status: string }[]>(app, 'imports.history', { kind: 'orders' });
  expect(after.map((b) => b.status)).toEqual(['rolled_back']);
});

test('零售客户：查找、看详情、在表格里修改、批量修改', async ({ page }) => {
  await page.goto(app.url + '#/masterdata/retailers');
  const grid = page.getByTestId('grid-retailers');
  await expect(grid).toContainText('好又多超市');
  await expect(grid).toContainText('烟酒店');
  await page.getByTestId('masters-search').locator('input').fill('乡村');
  await page.keyboard.press('Enter');
  await expect(grid).not.toContainText('好又多超市');
  await grid.getByText('乡村小卖部').click();
  await page.getByTestId('open-detail').click();
  await expect(page.getByTestId('master-detail')).toContainText('420100003');
  await expect(page.getByTestId('master-detail')).toContainText('食杂店');
  await shot(page, 'masterdata-retailer-detail');
  await page.keyboard.press('Escape');

  // 批量修改: two selected retailers get 档位 20 in one step.
  await page.goto(app.url + '#/masterdata/retailers');
  await page.reload();
  await expect(grid).toContainText('好又多超市');
  for (const name of ['城关便利店', '好又多超市']) {
    const rowIndex = await grid.locator('.ag-row', { hasText: name }).first().getAttribute('row-index');
    await grid.locator(`.ag-row[row-index="${rowIndex}"] input[type="checkbox"]`).first().check();
  }
  await expect(page.getByTestId('batch-edit')).toContainText('2');
  await page.getByTestId('batch-edit').click();
  await page.getByTestId('batch-field').click();
  await page.locator('.ant-select-item-option[title="档位"]').click();
  await page.getByTestId('batch-value').fill('D20');
  await shot(page, 'masterdata-batch-edit');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^修\s?改$/ })
    .click();
  await expect(page.getByText('已修改 2 条零售客户的“档位”')).toBeVisible();
  const after = await apiCall<{ rows: { code: string; grade: number }[] }>(app, 'masterdata.list', {
    entity: 'retailers',
  });
  expect(after.rows.map((r) => [r.code, r.grade])).toEqual([
    ['420100001', 20],
    ['420100002', 20],
    ['420100003', 5],
    ['420100004', 12],
  ]);

  // 在表格里直接修改：double-click the 负责人 cell of 名烟名酒, type, Enter.
  const row4 = await grid.locator('.ag-row', { hasText: '名烟名酒' }).first().getAttribute('row-index');
  // 负责人 is among the columns named under the grid as to its right: scroll there, as a clerk does
  await expect(grid.getByTestId('grid-more-right')).toContainText('负责人');
  await grid.locator('.ag-body-horizontal-scroll-viewport').evaluate((e) => (e.scrollLeft = e.scrollWidth));
  await grid.locator(`.ag-row[row-index="${row4}"] [col-id="owner"]`).dblclick();
  await page.keyboard.type('王老板');
  await page.keyboard.press('Enter');
  await expect(page.getByText('已保存 420100004 的负责人')).toBeVisible();
  const rec = await apiCall<{ record: { owner: string } }>(app, 'masterdata.get', {
    entity: 'retailers',
    code: '420100004',
  });
  expect(rec.record.owner).toBe('王老板');

  // An edit goes through the same rules as imports.
  await apiCall(app, 'masterdata.update', { entity: 'retailers', code: '420100003', changes: { format: '便利' } }).then(
    () => {
      throw new Error('should be refused');
    },
    (e: Error & { code?: string }) => expect(e.code).toBe('invalid_value'),
  );
});

test('零售客户：双击可修改的单元格进入修改，双击客户编码打开详情', async ({ page }) => {
  await page.goto(app.url + '#/masterdata/retailers');
  const grid = page.getByTestId('grid-retailers');
  await expect(grid).toContainText('好又多超市');
  const row = await grid.locator('.ag-row', { hasText: '好又多超市' }).first().getAttribute('row-index');
  const cell = (col: string) => grid.locator(`.ag-row[row-index="${row}"] [col-id="${col}"]`);

  // 客户名称 can be edited: the double-click opens its editor and nothing else.
  await cell('name').dblclick();
  await expect(cell('name')).toHaveClass(/ag-cell-inline-editing/);
  await expect(cell('name').locator('input')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByTestId('master-detail')).toBeHidden();
  await shot(page, 'masterdata-dblclick-edit');
  await page.keyboard.press('Escape');
  await expect(cell('name')).not.toHaveClass(/ag-cell-inline-editing/);

  // 客户编码 cannot: the double-click opens the detail drawer and no editor.
  await cell('code').dblclick();
  await expect(page.getByTestId('master-detail')).toBeVisible();
  await expect(page.getByTestId('master-detail')).toContainText('好又多超市');
  await expect(grid.locator('.ag-cell-inline-editing')).toHaveCount(0);
  // the drawer slides in before the picture
  await expect(page.locator('.ant-drawer-content-wrapper')).toHaveCSS('transform', 'none');
  await shot(page, 'masterdata-dblclick-detail');
});

test('客户结构分析：截至日、图表和打印', async ({ page }) => {
  await page.goto(app.url + '#/masterdata/customer-structure');
  await page.getByTestId('as-of').click();
  await page.getByTestId('as-of').fill('2026-03-31');
  await page.keyboard.press('Enter');
  await page.getByText('客户结构分析', { exact: true }).first().click();
  await expect(page.getByTestId('customer-structure-grid')).toContainText('电子结算-在线划拨');
  await expect(page.getByText('持证客户（户）')).toBeVisible();
  await expect(page.getByTestId('chart-area').locator('svg')).toBeVisible();
  await shot(page, 'masterdata-customer-structure');
  const pdf = await printPdf(
    page,
    app,
    '/masterdata/customer-structure/print?asOf=2026-03-31&scope=county',
    'masterdata-customer-structure',
  );
  const { pages, text } = pdfText(pdf);
  expect(pages).toBe(1);
  expect(text).toContain('客户结构分析表');
  expect(text).toContain('持证客户 3 户，正常经营户 2 户');
  expect(text).toMatch(/第\s*1\s*页\s*共\s*1\s*页/);

  await page.goto(app.url + '#/masterdata/manager-structure');
  await expect(page.getByTestId('manager-structure-grid')).toContainText('本科及以上');
  await expect(page.getByTestId('chart-age').locator('svg')).toBeVisible();
  await shot(page, 'masterdata-manager-structure');
});

test('大文件导入：进度条显示行/秒和剩余时间，取消后什么也没写入', async ({ page }) => {
  const before = await apiCall<unknown[]>(app, 'imports.history', {});
  await page.goto(app.url + '#/imports');
  await page.getByTestId('import-file').setInputFiles(big);
  await expect(page.getByTestId('import-header-row')).toContainText('第 1 行', { timeout: 60_000 });
  await page.getByTestId('next-mapping').click();
  await page.getByTestId('next-preview').click();
  await expect(page.getByText('前 200 行中 200 行可导入，0 行有问题')).toBeVisible();
  await page.getByTestId('start-import').click();
  const progress = page.getByTestId('job-progress');
  await expect(progress).toContainText('行/秒');
  await expect(progress).toContainText(/剩余时间 约 \d+/);
  // The window stays responsive while the job runs: the steps still react.
  await expect(page.getByText('预览检查').first()).toBeVisible();
  await shot(page, 'masterdata-import-progress');
  await progress.getByRole('button', { name: /取\s?消/ }).click();
  await expect(page.getByTestId('import-failure')).toContainText('未写入任何数据', { timeout: 60_000 });
  await shot(page, 'masterdata-import-cancelled');
  expect(await apiCall<unknown[]>(app, 'imports.history', {})).toEqual(before);
});

test('新增与停用：表单按导入规则检查，停用的客户不再计入线路的持证客户', async ({ page }) => {
  const licensedOnR01 = async () => {
    await page.goto(app.url + '#/masterdata/routes');
    const cell = page
      .getByTestId('grid-routes')
      .locator('.ag-row', { hasText: 'R01' })
      .first()
      .locator('[col-id="licensedRetailers"]');
    await expect(cell).not.toHaveText('');
    return Number(await cell.innerText());
  };
  const before = await licensedOnR01();
  const listed = async () =>
    (
      await apiCall<{ rows: { code: string; grade: number; status: string }[] }>(app, 'masterdata.list', {
        entity: 'retailers',
      })
    ).rows.find((r) => r.code === '420100010');

  await page.goto(app.url + '#/masterdata/retailers');
  const grid = page.getByTestId('grid-retailers');
  await expect(grid).toContainText('好又多超市');
  await page.getByTestId('master-create').click();
  const form = page.getByTestId('master-create-form');
  await form.getByTestId('create-code').fill('420100010');
  await form.getByTestId('create-name').fill('新开便利店');
  await form.getByTestId('create-routeCode').click();
  await page.locator('.ant-select-item-option[title="R01 城关一线"]').click();
  await form.getByTestId('create-grade').fill('十二');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^保\s?存$/ })
    .click();
  await expect(form).toContainText('档位“十二”应为 1–30 的阿拉伯数字（如 12）');
  await shot(page, 'masterdata-create-refused');
  expect(await listed()).toBeUndefined();

  await form.getByTestId('create-grade').fill('12');
  await expect(form).not.toContainText('阿拉伯数字');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^保\s?存$/ })
    .click();
  await expect(page.getByText('已新增零售客户 新开便利店（420100010）')).toBeVisible();
  await expect(grid).toContainText('新开便利店');
  expect(await listed()).toMatchObject({ grade: 12, status: '正常' });
  expect(await licensedOnR01()).toBe(before + 1);

  // 停用 asks first, then the retailer is 注销 and leaves R01's count.
  await page.goto(app.url + '#/masterdata/retailers');
  await expect(grid).toContainText('新开便利店');
  const rowIndex = await grid.locator('.ag-row', { hasText: '新开便利店' }).first().getAttribute('row-index');
  await grid.locator(`.ag-row[row-index="${rowIndex}"] input[type="checkbox"]`).first().check();
  await page.getByTestId('master-stop').click();
  await expect(page.getByTestId('stop-confirm')).toContainText('不再计入持证客户');
  await shot(page, 'masterdata-stop-confirm');
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /^停\s?用$/ })
    .click();
  await expect(page.getByText('已停用 1 条零售客户')).toBeVisible();
  // the rows acted on are no longer ticked, and nothing is left selected for a second 停用
  await expect(grid.locator('.ag-row', { hasText: '新开便利店' }).first()).toContainText('注销');
  await expect(
    grid.locator('.ag-row', { hasText: '新开便利店' }).first().locator('input[type="checkbox"]').first(),
  ).not.toBeChecked();
  await expect(page.getByTestId('master-stop')).toBeDisabled();
  expect(await listed()).toMatchObject({ status: '注销' });
  expect(await licensedOnR01()).toBe(before);
});
