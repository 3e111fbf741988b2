/**
 * The first screen's JavaScript: what the browser fetches to show 首页 (the entry, the home page's
 * chunk and what they import), counted from the responses, uncompressed. Each module's pages, the
 * grid, the charts and the Excel/Word writers load only when a page that needs them is opened.
 */
import { test, expect, useServer } from './fixtures';

const app = useServer();
const LIMIT = 1.5 * 1024 * 1024;

async function scriptBytes(page: import('@playwright/test').Page, open: () => Promise<void>) {
  const seen = new Map<string, number>();
  page.on('response', async (r) => {
    if (!/\.m?js(\?|$)/.test(r.url())) return;
    const body = await r.body().catch(() => null);
    if (body) seen.set(r.url(), body.length);
  });
  await open();
  await page.waitForLoadState('networkidle');
  return seen;
}

test('the first screen loads under 1.5 MB of JavaScript; a report page fetches its own chunks', async ({ page }) => {
  const first = await scriptBytes(page, async () => {
    await page.goto(app.url);
    await expect(page.getByTestId('nav')).toBeVisible();
    await expect(page.getByTestId('page-loading')).toHaveCount(0);
  });
  const total = [...first.values()].reduce((a, b) => a + b, 0);
  console.log(`first screen: ${first.size} scripts, ${(total / 1024).toFixed(0)} KiB`);
  for (const [url, n] of [...first].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  ${(n / 1024).toFixed(0).padStart(6)} KiB  ${url.replace(/.*\//, '')}`);
  }
  expect(first.size).toBeGreaterThan(0);
  expect(total).toBeLessThan(LIMIT);
  // nothing of the grid or the charts on the first screen
  expect([...first.keys()].some((u) => /DataGrid|Chart/.test(u))).toBe(false);

  const later = await scriptBytes(page, async () => {
    await page.goto(app.url + '#/reports/sales');
    await expect(page.getByTestId('page-loading')).toHaveCount(0);
  });
  expect([...later.keys()].some((u) => /SalesPage/.test(u))).toBe(true);
});

test('the grid and the charts have every module they use registered', async ({ page }) => {
  const complaints: string[] = [];
  page.on('console', (m) => {
    if (/AG Grid|ag-grid|ECharts/i.test(m.text())) complaints.push(m.text());
  });
  for (const hash of [
    '#/masterdata/retailers',
    '#/reports/distribution',
    '#/reports/forecast',
    '#/masterdata/customer-structure',
  ]) {
    await page.goto(app.url + hash);
    await expect(page.getByTestId('page-loading')).toHaveCount(0);
    await page.waitForLoadState('networkidle');
  }
  await expect(page.locator('.ag-root').first()).toBeAttached();
  expect(complaints).toEqual([]);
});
