/**
 * 品牌培育 on a small demo county whose data end on 2026-09-30: a project on one
 * brand for September with targets per 客户经理; its page shows the weekly trend
 * (chart and table, the same figures as the API), the action list exports one
 * sheet per 客户经理 with phone numbers, and the 培育通报 prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { test, expect, useServer, shot, apiCall, printPdf, pdfText, pdfToPngs } from './fixtures';

const app = useServer({ seed: [['demo', '--size', 'tiny', '--years', '2', '--seed', '3', '--to', '2026-09-30']] });

test('a 品牌培育 project: trend against targets, action list per manager, 培育通报', async ({ page }) => {
  const opts = await apiCall(app, 'reports.options', {});
  const brand = opts.brands[opts.brands.length - 1];
  const p = await apiCall(app, 'cultivation.save', {
    name: '九月培育',
    products: `brand:${brand}`,
    from: '2026-09-01',
    to: '2026-09-30',
    targets: opts.managers.map((m: any) => ({
      manager: m.code,
      distributionRate: 0.6,
      repeatRate: 0.3,
      shelfRate: null,
    })),
  });
  const trend = await apiCall(app, 'cultivation.trend', { id: p.id });
  const actions = await apiCall(app, 'cultivation.actions', { id: p.id });
  expect(trend.weeks.length).toBe(5); // 9.1–9.6, 9.7–13, 14–20, 21–27, 28–30

  await page.goto(app.url + '#/cultivation');
  await expect(page.getByText('九月培育')).toBeVisible();
  await page.getByText('九月培育').click();
  await expect(page.getByTestId('cultivation-project')).toBeVisible();
  await expect(page.getByTestId('cultivation-chart').locator('svg')).toBeVisible();
  const last = trend.weeks.at(-1).snapshot.total.distributionRate;
  await expect(page.getByTestId('cultivation-trend-grid')).toContainText(`${(last * 100).toFixed(2)}%`);
  await shot(page, 'cultivation-project');

  if (actions.rows.length) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-actions').click()]);
    const wb = XLSX.read(fs.readFileSync((await download.path())!));
    const managers = [...new Set(actions.rows.map((r: any) => r.managerName ?? '未分配客户经理'))];
    expect(wb.SheetNames.length).toBe(managers.length);
    let n = 0;
    for (const name of wb.SheetNames) {
      const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name], { header: 1, defval: null });
      const head = rows.findIndex((r) => r[0] === '客户编码');
      expect(rows[head]).toContain('联系电话');
      n += rows.slice(head + 1).filter((r) => typeof r[0] === 'string' && /^\d+$/.test(r[0] as string)).length;
    }
    expect(n).toBe(actions.rows.length);
  }

  const printPage = await page.context().newPage();
  const pdf = await printPdf(printPage, app, `/cultivation/print?id=${p.id}&week=4`, 'cultivation-notice', true);
  const { pages, text } = pdfText(pdf);
  expect(text).toContain('九月培育通报');
  expect(text).not.toContain('培育培育');
  expect(text).toContain('各客户经理培育进度');
  expect(text).toContain('审核人');
  expect(text).toMatch(new RegExp(`共\\s*${pages}\\s*页`));
  for (const f of fs.readdirSync(path.dirname(pdf)))
    if (/^cultivation-notice-\d+\.png$/.test(f)) fs.rmSync(path.join(path.dirname(pdf), f));
  expect(pdfToPngs(pdf).length).toBe(pages);
});
