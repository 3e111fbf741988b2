/**
 * A clerk's path through 统计报表 on a small demo county: the 销售情况表 for a
 * month, a drill-down to retailers and a retailer's order lines, the monthly
 * pack from picking the month to the Excel workbook and the PDF, each PDF
 * checked for its page count, title, unit line and footer.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { test, expect, useServer, shot, apiCall, printPdf, pdfText, pdfToPngs } from './fixtures';

const app = useServer({ seed: [['demo', '--size', 'tiny', '--years', '2', '--seed', '3', '--to', '2026-09-30']] });

test('销售情况表 shows the month by 价类 with the same numbers as the API, and drills to order lines', async ({
  page,
}) => {
  const api = await apiCall(app, 'reports.sales', { period: '2026-09', by: 'class' });
  await page.goto(app.url + '#/reports/sales?period=2026-09');
  const grid = page.getByTestId('sales-grid');
  await expect(grid.getByText('一类', { exact: true }).first()).toBeVisible();
  // 销量 in 箱 with two decimals, as the grid formats it
  const first = api.rows[0];
  const cases = (first.volumeTiao / 250).toLocaleString('zh-CN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  await expect(grid.getByText(cases, { exact: true }).first()).toBeVisible();
  await shot(page, 'reports-sales');
  // 导出Excel: the sheet `report sales --format xlsx` writes too (common/reportTables through common/xlsxTable)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    grid.getByRole('button', { name: /导出Excel/ }).click(),
  ]);
  const wb = XLSX.read(fs.readFileSync((await download.path())!), { cellNF: true });
  expect(wb.SheetNames).toEqual(['销售情况表-按价类']);
  const ws = wb.Sheets['销售情况表-按价类'];
  expect(ws['A1'].v).toBe('卷烟销售情况表');
  expect(String(ws['A2'].v)).toContain('单位：箱、万元');
  expect(ws['B3'].v).toBe('销量(箱)');
  expect(ws['!merges']!.map((m) => XLSX.utils.encode_range(m))).toContain('B3:H3');
  const sheetRows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null });
  expect(sheetRows.find((r) => r[0] === '合计')![1]).toBeCloseTo(api.total.volumeTiao / 250, 9);
  expect(sheetRows.some((r) => String(r[0]).startsWith('口径说明：'))).toBe(true);
  expect(sheetRows[sheetRows.length - 1][0]).toBe('制表人：');
  await grid.getByText('一类', { exact: true }).first().dblclick();
  await expect(page.getByTestId('drill-page')).toBeVisible();
  await expect(page.getByText(/正常经营 \d+ 户，订货 \d+ 户/)).toBeVisible();
  const drillGrid = page.getByTestId('drill-grid');
  await expect(drillGrid.locator('.ag-row').first()).toBeVisible();
  await drillGrid.locator('.ag-row').first().dblclick();
  const linesGrid = page.getByTestId('lines-grid');
  await expect(linesGrid.locator('.ag-row').first()).toBeVisible();
  // only 一类 specs: every line's spec is one the API lists as 一类
  const classOne = new Set(
    (await apiCall(app, 'reports.options', {})).products
      .filter((p: any) => p.priceClass === '一类')
      .map((p: any) => p.code),
  );
  const codes = (await linesGrid.locator('.ag-cell[col-id="productCode"]').allInnerTexts())
    .map((c) => c.trim())
    .filter(Boolean);
  expect(codes.length).toBeGreaterThan(0);
  for (const c of codes) expect(classOne.has(c.trim()), c).toBe(true);
  await shot(page, 'reports-drill-lines');
});

test('分销与四率 by route with the weekly chart against a target', async ({ page }) => {
  await page.goto(app.url + '#/reports/distribution?period=2026-09&by=route');
  await expect(page.getByTestId('distribution-grid').locator('.ag-row').first()).toBeVisible();
  await expect(page.getByTestId('weekly-chart').locator('svg')).toBeVisible();
  await shot(page, 'reports-distribution');
  const pdf = await printPdf(
    page,
    app,
    '/reports/print/distribution?period=2026-09&by=route&target=60',
    'reports-distribution',
    true,
  );
  const { pages, text } = pdfText(pdf);
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(text).toContain('卷烟分销与“四率”情况表');
  expect(text).toContain('单位：户、箱');
  expect(text).toContain('制表人');
  expect(text).toContain('口径说明');
  expect(text).toMatch(/第\s*1\s*页/);
});

test('the monthly pack: pick the month, make it, export the workbook, print the PDF', async ({ page }) => {
  await page.goto(app.url + '#/reports/pack');
  // the latest month with data is offered; the clerk picks August, then September
  const picker = page.getByTestId('period-picker').locator('input').last();
  await expect(picker).toHaveValue('2026-09');
  await picker.click();
  await picker.fill('2026-08');
  await picker.press('Enter');
  await page.getByTestId('make-pack').click();
  await expect(page.getByTestId('pack-summary')).toContainText('2026年8月月报共');
  await picker.click();
  await picker.fill('2026-09');
  await picker.press('Enter');
  await page.getByTestId('make-pack').click();
  await expect(page.getByTestId('pack-summary')).toContainText('2026年9月月报共');
  await shot(page, 'reports-pack');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pack').click()]);
  const file = await download.path();
  const wb = XLSX.read(fs.readFileSync(file!), { cellNF: true });
  expect(wb.SheetNames).toContain('分析报告');
  expect(wb.SheetNames.length).toBeGreaterThanOrEqual(10);
  const ws = wb.Sheets[wb.SheetNames[0]];
  expect(String(ws['A1'].v)).toContain('卷烟销售情况表');
  // the total row's 销量 is a real number in 箱 with a two-decimal format
  const pack = await apiCall(app, 'reports.pack', { month: '2026-09' });
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
  const total = rows.find((r) => r[0] === '合计')!;
  expect(total[1]).toBeCloseTo(pack.sales.byClass.total.volumeTiao / 250, 9);

  // the app prints in its own window; so does the test
  const printPage = await page.context().newPage();
  const pdf = await printPdf(printPage, app, '/reports/print/pack?month=2026-09', 'reports-pack', true);
  const { pages, text } = pdfText(pdf);
  expect(pages).toBeGreaterThanOrEqual(3);
  expect(text).toContain('2026年9月卷烟营销月报');
  expect(text).toContain('单位：箱、万元');
  expect(text).toContain('示范县烟草专卖局（分公司）');
  expect(text).toContain('审核人');
  expect(text).toContain('制表日期');
  expect(text).toContain('一、总体销售情况');
  expect(text).toMatch(new RegExp(`共\\s*${pages}\\s*页`));
  for (const f of fs.readdirSync(path.dirname(pdf)))
    if (/^reports-pack-\d+\.png$/.test(f)) fs.rmSync(path.join(path.dirname(pdf), f));
  const pngs = pdfToPngs(pdf);
  expect(pngs.length).toBe(pages);
});

test('分析报告 is drafted, edited and exported to Word', async ({ page }) => {
  await page.goto(app.url + '#/reports/analysis?period=2026-09');
  const first = page.getByTestId('analysis-section-0');
  await expect(first).toContainText('2026年9月');
  await first.fill('本月销售平稳。（内勤修改）');
  await expect(page.getByTestId('analysis-status')).toContainText('有未保存的修改');
  await page.getByTestId('save-analysis').click();
  await expect(page.getByTestId('analysis-status')).toContainText('保存的版本');
  // the saved text comes back from the database after a reload, with who saved it in the history
  await page.reload();
  await expect(page.getByTestId('analysis-section-0')).toHaveValue('本月销售平稳。（内勤修改）');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-docx').click()]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const printPage = await page.context().newPage();
  const pdf = await printPdf(printPage, app, '/reports/print/analysis?period=2026-09&scope=county', 'reports-analysis');
  const { text } = pdfText(pdf);
  expect(text).toContain('本月销售平稳。（内勤修改）');
  expect(text).toContain('制表日期');
  await shot(printPage, 'reports-analysis-print');
});

test('需求预测 shows the backtest beside the yardstick and prints', async ({ page }) => {
  await page.goto(app.url + '#/reports/forecast');
  await expect(page.getByTestId('forecast-grid').locator('.ag-row').first()).toBeVisible();
  await expect(page.getByTestId('forecast-chart').locator('svg')).toBeVisible();
  await expect(page.getByText(/回测中本方法优于参照 \d+\/\d+ 项/)).toBeVisible();
  await shot(page, 'reports-forecast');
  const pdf = await printPdf(page, app, '/reports/print/forecast?level=class&horizon=3', 'reports-forecast', true);
  const { text } = pdfText(pdf);
  expect(text).toContain('卷烟需求预测表');
  expect(text).toContain('同月去年');
  expect(text).toContain('口径说明');
});

test('every report prints to A4 PDF with title, unit line, page numbers and the signature footer', async ({ page }) => {
  const bySpec = await apiCall(app, 'reports.sales', { period: '2026-09', by: 'month' });
  expect(bySpec.rows.map((r: any) => r.key)).toEqual(['2026-09']);
  const views: [string, string, string, string][] = [
    ['/reports/print/sales?period=2026Q3&by=spec', '卷烟销售情况表', '单位：箱、万元', '2026年第3季度'],
    ['/reports/print/sales?period=2026-09&by=month', '卷烟销售情况表', '单位：箱、万元', '2026-09'],
    [
      '/reports/print/customer-class?period=ytd:2026-09-30&by=format',
      '客户分类销售情况一览表',
      '单位：箱、万元',
      '食杂店',
    ],
    ['/reports/print/distribution?period=2026-09&by=spec', '卷烟分销与“四率”情况表', '单位：户、箱', '上柜率'],
  ];
  for (const [route, title, unit, content] of views) {
    const name =
      'reports-' +
      route
        .split('/')
        .pop()!
        .replace(/[?=&:~]/g, '_');
    // each print view in its own window, as the app prints them
    const view = await page.context().newPage();
    const pdf = await printPdf(view, app, route, name, true);
    await view.close();
    const { pages, text } = pdfText(pdf);
    expect(pages, route).toBeGreaterThanOrEqual(1);
    expect(text, route).toContain(title);
    expect(text, route).toContain(unit);
    expect(text, route).toContain(content);
    expect(text, route).toContain('示范县烟草专卖局（分公司）');
    expect(text, route).toContain('制表人');
    expect(text, route).toContain('审核人');
    expect(text, route).toContain('口径说明');
    expect(text, route).toMatch(new RegExp(`第\\s*${pages}\\s*页\\s*共\\s*${pages}\\s*页`));
    for (const f of fs.readdirSync(path.dirname(pdf)))
      if (f.startsWith(name + '-') && f.endsWith('.png')) fs.rmSync(path.join(path.dirname(pdf), f));
    expect(pdfToPngs(pdf).length, route).toBe(pages);
  }
});

test('a spec’s 铺货率 on one route in three steps: open the page, find the spec, read the route’s row', async ({
  page,
}) => {
  const spec = (await apiCall(app, 'reports.options', {})).products[0];
  const api = await apiCall(app, 'reports.distribution', {
    period: '2026-09',
    products: `codes:${spec.code}`,
    by: 'route',
  });
  const row = api.rows[0];
  await page.goto(app.url + '#/reports/distribution?period=2026-09');
  await page.getByTestId('quick-spec').click();
  await page.keyboard.type(spec.name);
  await page.locator('.ant-select-item-option', { hasText: spec.code }).first().click();
  const grid = page.getByTestId('distribution-grid');
  const line = grid.locator('.ag-row', { hasText: row.key }).first();
  await expect(line).toContainText((row.rate * 100).toFixed(2) + '%');
  await expect(page.getByText(`按周铺货率（${spec.name}`)).toBeVisible();
  await shot(page, 'reports-spec-on-route');
});

test('the 首页 shows this month’s 销量 and 销售额 with 同比', async ({ page }) => {
  const d = await apiCall(app, 'reports.dashboard', {});
  await page.goto(app.url);
  const card = page.getByTestId('home-card-reports.homeCard');
  await expect(card).toContainText(`关键指标（${d.monthLabel}）`);
  await expect(card).toContainText(`${(d.volumeTiao / 250).toFixed(2)} 箱`);
  await expect(card).toContainText('销量同比');
});
