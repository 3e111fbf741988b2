/**
 * 周报 on a small demo county whose data end on Wednesday 2026-09-30: the page
 * opens on the last complete week (2026-W39), the clerk picks another week,
 * exports the workbook and prints the PDF; the 首页 shows last week's headline.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { test, expect, useServer, shot, apiCall, printPdf, pdfText, pdfToPngs } from './fixtures';

const app = useServer({ seed: [['demo', '--size', 'tiny', '--years', '2', '--seed', '3', '--to', '2026-09-30']] });

test('周报: opens on the last complete week, exports the workbook and prints the PDF', async ({ page }) => {
  const api = await apiCall(app, 'reports.weekly', { week: '2026-W39' });
  expect(api.weekLabel).toBe('2026年第39周（9月21日—9月27日）');
  await page.goto(app.url + '#/reports/weekly');
  await expect(page.getByTestId('weekly-summary')).toContainText('2026年第39周');
  await expect(page.getByTestId('weekly-summary')).toContainText(
    `销量 ${(api.sales.total.volumeTiao / 250).toFixed(2)} 箱`,
  );
  await shot(page, 'reports-weekly');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-weekly').click()]);
  const wb = XLSX.read(fs.readFileSync((await download.path())!), { cellNF: true });
  expect(wb.SheetNames.slice(0, 4)).toEqual(['周销售-按价类', '周销售-按客户经理', '分销对比', '四率-按客户经理']);
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true });
  expect(String(rows[0][0])).toContain('卷烟周销售情况表');
  const total = rows.find((r) => r[0] === '合计')!;
  expect(total[1]).toBeCloseTo(api.sales.total.volumeTiao / 250, 9);
  expect(total[2]).toBeCloseTo(api.sales.total.volumeTiaoLastWeek / 250, 9);
  expect(total[4]).toBeCloseTo(api.sales.total.volumeTiaoLastYear / 250, 9);

  const printPage = await page.context().newPage();
  const pdf = await printPdf(printPage, app, '/reports/print/weekly?week=2026-W39', 'reports-weekly', true);
  const { pages, text } = pdfText(pdf);
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(text).toContain('2026年第39周卷烟营销周报');
  expect(text).toContain('单位：箱、万元');
  expect(text).toContain('示范县烟草专卖局（分公司）');
  expect(text).toContain('制表人');
  expect(text).toContain('审核人');
  expect(text).toContain('去年同周');
  expect(text).toMatch(new RegExp(`共\\s*${pages}\\s*页`));
  for (const f of fs.readdirSync(path.dirname(pdf)))
    if (/^reports-weekly-\d+\.png$/.test(f)) fs.rmSync(path.join(path.dirname(pdf), f));
  expect(pdfToPngs(pdf).length).toBe(pages);
});

test('the 首页 shows last week’s headline with a link to the 周报', async ({ page }) => {
  await page.goto(app.url + '#/');
  const card = page.getByTestId('home-card-reports.weeklyHomeCard');
  await expect(card).toContainText('上周周报：2026年第39周');
  await expect(card).toContainText('环比（上周）');
  await expect(card).toContainText('内管预警');
});
