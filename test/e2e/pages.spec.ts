/**
 * Every page as a clerk sees it at 1366×768 (and 1920×1080): the side menu
 * stays put while the content scrolls, no number, code or document number is
 * cut off with 「…」, and no English word shows outside an allow-list of units
 * and codes. A screenshot of each page is kept in test-results/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { test, expect, useServer, SHOTS, apiCall } from './fixtures';

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

/** Latin words a clerk may see: units, file kinds, the method names of the reports. */
const ALLOWED = new Set([
  ...['KB', 'MB', 'GB', 'PDF', 'Excel', 'Word', 'WPS', 'POS', 'MAPE', 'CSV', 'XLSX', 'XLS', 'GBK', 'UTF'],
  // file kinds as a clerk picks them
  ...['xlsx', 'xls', 'csv', 'pdf', 'docx', 'doc', 'db'],
  // keys named on the keyboard (Ctrl+Z 撤销)
  ...['Ctrl', 'Shift', 'Enter', 'Esc', 'Tab', 'Delete', 'Del'],
  // data: the 机构代码 of 档号 (DA/T 22) and a 业态 as clerks write it
  ...['KFB', 'KTV'],
]);

interface Findings {
  truncated: string[];
  english: string[];
  docScroll: number;
  menuMoved: number;
}

async function inspect(page: Page): Promise<Findings> {
  return page.evaluate(
    (allowed) => {
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      };
      // cut-off text: grid cells and table cells whose text is wider than the cell
      const truncated: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('.ag-cell-value, .ag-cell, .ant-table-cell')) {
        if (!visible(el) || el.closest('.ant-table-expanded-row')) continue;
        const text = el.innerText.trim();
        if (!text) continue;
        // the laid-out width of the text against the room inside the cell's padding (an ellipsis
        // does not change the layout width; a fixed column's shadow does not count)
        const range = document.createRange();
        range.selectNodeContents(el);
        const cs = getComputedStyle(el);
        const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        if (range.getBoundingClientRect().width > room + 1) {
          const col = el.closest('[col-id]')?.getAttribute('col-id') ?? '';
          truncated.push(`${col}:${text.slice(0, 30)}`);
        }
      }
      const root = document.querySelector('[data-testid="content"]') as HTMLElement | null;
      const texts = [document.body.innerText];
      for (const el of document.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]'))
        if (visible(el)) texts.push(el.placeholder);
      for (const el of document.querySelectorAll('.ant-select-selection-placeholder, .ant-select-selection-item'))
        if (visible(el)) texts.push((el as HTMLElement).innerText);
      const english = new Set<string>();
      for (const t of texts) {
        // file paths (the database, the backup folder) are data, not words
        const words = t.replace(/(?:[A-Za-z]:\\|\/)[^\s，。；）)]+/g, ' ').match(/[A-Za-z][A-Za-z0-9_.·-]*/g) ?? [];
        // codes (letters with digits: XL001, KM003, 档号 0194-WS·2025-D30-KFB-0067) are data, not words
        for (const w of words) if (!allowed.includes(w) && !/\d/.test(w) && w.length > 1) english.add(w);
      }
      const menu = document.querySelector('[data-testid="side-menu"]') as HTMLElement | null;
      const before = menu?.getBoundingClientRect().top ?? 0;
      if (root) root.scrollTop = 100000;
      window.scrollTo(0, 100000);
      const after = menu?.getBoundingClientRect().top ?? 0;
      if (root) root.scrollTop = 0;
      window.scrollTo(0, 0);
      return {
        truncated,
        english: [...english],
        docScroll: document.scrollingElement!.scrollHeight - window.innerHeight,
        menuMoved: after - before,
      };
    },
    [...ALLOWED],
  );
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 30_000 });
  await page.waitForTimeout(300);
}

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
      const f = await inspect(page);
      report[route] = f;
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `page-${name}-${width}.png`) });
    }
    fs.writeFileSync(path.join(SHOTS, `pages-${width}.json`), JSON.stringify(report, null, 1));
    for (const [route, f] of Object.entries(report)) {
      expect.soft(f.menuMoved, `${route}: the menu moved`).toBe(0);
      expect.soft(f.docScroll, `${route}: the whole window scrolls`).toBeLessThanOrEqual(1);
      expect.soft(f.truncated, `${route}: text cut off`).toEqual([]);
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
