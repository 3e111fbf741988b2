/**
 * Every page as a clerk sees it at 1366×768 (and 1920×1080): the side menu
 * stays put while the content scrolls, no number, code or document number is
 * cut off with 「…」, no grid column is cut in half by the grid's right edge (a
 * wide grid ends its view at a column's edge and names the columns to its
 * right), no header is cut short, and no English word shows outside an allow-list of units
 * and codes. A screenshot of each page is kept in test-results/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { test, expect, useServer, SHOTS, apiCall } from './fixtures';
import { inspect, settle, type Findings } from './pageChecks';

const app = useServer({
  seed: [
    ['demo', '--size', 'tiny', '--years', '2', '--seed', '3', '--to', '2026-12-04'],
    ['monitor', 'scan', '--from', '2026-11-01', '--to', '2026-12-04'],
    // a 客户分档 proposal, so the page shows its grid
    ['grading', 'propose', '--as-of', '2026-11'],
  ],
});

/** The pages of the left menu (print views are checked by the print tests). */
export const PAGES: [string, string][] = [
  ['/', 'home'],
  ['/masterdata/retailers', 'retailers'],
  ['/masterdata/managers', 'managers'],
  ['/masterdata/routes', 'routes'],
  ['/masterdata/products', 'products'],
  ['/masterdata/sets', 'sets'],
  ['/grading', 'grading'],
  ['/imports', 'imports'],
  ['/imports/history', 'imports-history'],
  ['/masterdata/customer-structure', 'customer-structure'],
  ['/masterdata/manager-structure', 'manager-structure'],
  ['/reports/sales', 'sales'],
  ['/reports/distribution', 'distribution'],
  ['/reports/customer-class', 'customer-class'],
  ['/reports/forecast', 'forecast'],
  ['/reports/analysis', 'analysis'],
  ['/reports/weekly', 'weekly'],
  ['/cultivation', 'cultivation'],
  ['/reports/pack', 'pack'],
  ['/plans', 'plans'],
  ['/plans/progress', 'plans-progress'],
  ['/plans/grades', 'plans-grades'],
  ['/supply', 'supply'],
  ['/archive', 'archive'],
  ['/archive/search', 'archive-search'],
  ['/archive/catalogue', 'archive-catalogue'],
  ['/archive/loans', 'archive-loans'],
  ['/archive/settings', 'archive-settings'],
  ['/network', 'network'],
  ['/network/assessment', 'network-assessment'],
  ['/network/targets', 'network-targets'],
  ['/network/indicators', 'network-indicators'],
  ['/monitor', 'monitor'],
  ['/settings', 'settings'],
  ['/accounts/users', 'users'],
  ['/accounts/audit', 'audit'],
];

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
] as const) {
  test(`every page at ${width}×${height}: menu fixed, nothing cut off, no English`, async ({ page }) => {
    test.setTimeout(600_000);
    await page.setViewportSize({ width, height });
    const report: Record<string, Findings> = {};
    for (const [route, name] of PAGES) {
      await page.goto(app.url + '#' + route);
      await settle(page);
      let f = await inspect(page);
      // a wide grid fits its columns to its width once the page's layout has settled (a chart
      // drawn below it, the scroll bar that comes with it): wait for that, not for a time
      if (f.cutColumns.length)
        await expect
          .poll(async () => (f = await inspect(page)).cutColumns, { timeout: 5_000 })
          .toEqual([])
          .catch(() => {});
      report[route] = f;
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `page-${name}-${width}.png`) });
    }
    fs.writeFileSync(path.join(SHOTS, `pages-${width}.json`), JSON.stringify(report, null, 1));
    for (const [route, f] of Object.entries(report)) {
      expect.soft(f.menuMoved, `${route}: the menu moved`).toBe(0);
      expect.soft(f.docScroll, `${route}: the whole window scrolls`).toBeLessThanOrEqual(1);
      expect.soft(f.truncated, `${route}: text cut off`).toEqual([]);
      expect.soft(f.cutColumns, `${route}: a column cut at the grid's edge`).toEqual([]);
      expect.soft(f.english, `${route}: English words`).toEqual([]);
    }
  });
}

test('the import wizard lists the columns a kind needs and gives a template that names them', async ({ page }) => {
  await page.goto(app.url + '#/imports');
  const cols = page.getByTestId('import-columns');
  await expect(cols).toBeVisible();
  const kinds = await apiCall(app, 'imports.kinds', {});
  // the wizard opens on 订单明细
  const first = kinds.find((k: any) => k.kind === 'orders');
  for (const f of first.fields.filter((x: any) => x.required)) await expect(cols).toContainText(`必填 ${f.label}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
  const wb = XLSX.read(fs.readFileSync((await download.path())!));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null });
  expect(rows[0][0]).toBe(`${first.label}导入模板`);
  expect(rows[1]).toEqual(first.fields.map((f: any) => f.label));
});
