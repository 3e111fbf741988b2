/**
 * Print views follow their address: a print window sent to another period
 * (only the query in the hash changes, the page is not reloaded) reads the new
 * parameters and shows that period's title and figures.
 */
import { test, expect, useServer, apiCall, shot } from './fixtures';
import { fmtCases } from '../../renderer/components/format';

const app = useServer({ seed: [['demo', '--size', 'tiny', '--years', '2', '--seed', '3', '--to', '2026-09-30']] });

test('the 销售情况表 print view shows the new month when only the query in its address changes', async ({ page }) => {
  const aug = await apiCall(app, 'reports.sales', { period: '2026-08', by: 'month' });
  const sep = await apiCall(app, 'reports.sales', { period: '2026-09', by: 'month' });
  expect(aug.periodLabel).not.toBe(sep.periodLabel);
  expect(fmtCases(aug.total.volumeTiao)).not.toBe(fmtCases(sep.total.volumeTiao));

  await page.goto(app.url + '#/reports/print/sales?period=2026-08&by=month');
  const doc = page.getByTestId('print-document');
  const total = doc.locator('tr.total');
  await expect(doc.locator('h1')).toHaveText('卷烟销售情况表');
  await expect(doc.locator('.print-meta')).toContainText(`统计期间：${aug.periodLabel}`);
  await expect(doc.locator('tbody')).toContainText('2026-08');
  await expect(total).toContainText(fmtCases(aug.total.volumeTiao));

  // the same window, the same document: only the hash changes
  await page.evaluate(() => ((window as unknown as { sameWindow: boolean }).sameWindow = true));
  await page.evaluate(() => (location.hash = '#/reports/print/sales?period=2026-09&by=month'));
  await expect(doc.locator('.print-meta')).toContainText(`统计期间：${sep.periodLabel}`);
  await expect(doc.locator('tbody')).toContainText('2026-09');
  await expect(doc.locator('tbody')).not.toContainText('2026-08');
  await expect(total).toContainText(fmtCases(sep.total.volumeTiao));
  await expect(total).not.toContainText(fmtCases(aug.total.volumeTiao));
  expect(await page.evaluate(() => (window as unknown as { sameWindow?: boolean }).sameWindow)).toBe(true);
  await shot(page, 'print-sales-new-month');

  // back to the first month, as the browser's 返回 does
  await page.goBack();
  await expect(doc.locator('.print-meta')).toContainText(`统计期间：${aug.periodLabel}`);
  await expect(total).toContainText(fmtCases(aug.total.volumeTiao));
});
