/**
 * Printing with login on, in browser mode: the head logs in, prints the 月报, the 网建
 * 达标情况表 and the weekly 内管情况表 through their 打印 buttons, and the PDFs hold the figures — not the login page.
 * The print view opens in the same tab (the session lives in the page's memory, never in a URL
 * or storage), opens the browser's print dialog once its data is rendered, and 返回 comes back
 * still logged in. The Electron path (a hidden window given the caller's session by the main
 * process) is unit-tested in test/unit/core/shell.test.ts.
 */
import { test, expect, useServer, apiCall, savePdf, pdfText, pdfToPngs, shot } from './fixtures';
import { fmtCases } from '../../renderer/components/format';

const app = useServer({ seed: [['demo', '--size', 'tiny', '--years', '2', '--seed', '3', '--to', '2026-09-30']] });

test.describe.configure({ mode: 'serial' });

let token = '';

test.beforeAll(async () => {
  await apiCall(app, 'accounts.createUser', { login: 'lizr', name: '李主任', role: 'head', password: 'head-pass-1' });
  const on = await apiCall(app, 'accounts.enableLogin', { login: 'lizr', password: 'head-pass-1' });
  token = on.token;
  await expect(apiCall(app, 'settings.get', {})).rejects.toThrow('请先登录');
});

async function logIn(page: import('@playwright/test').Page) {
  // window.print() is counted instead of opening the dialog
  await page.addInitScript(() => {
    (window as unknown as { prints: number }).prints = 0;
    window.print = () => void (window as unknown as { prints: number }).prints++;
  });
  await page.goto(app.url);
  await expect(page.getByTestId('login-page')).toBeVisible();
  await page.getByTestId('login-name').fill('lizr');
  await page.getByTestId('login-password').fill('head-pass-1');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-menu')).toContainText('李主任');
}

const prints = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { prints: number }).prints);

test('the 月报 prints its tables and trend chart with login on', async ({ page }) => {
  await logIn(page);
  await page.getByTestId('nav').getByText('月报', { exact: true }).click();
  await page.getByTestId('make-pack').click();
  await expect(page.getByTestId('pack-summary')).toBeVisible();
  const sales = await apiCall(app, 'reports.sales', { period: '2026-09', by: 'class' }, token);
  await page.getByTestId('print-button').click();
  await expect(page).toHaveURL(/#\/reports\/print\/pack\?month=2026-09$/);
  const file = await savePdf(page, 'login-print-pack', true);
  expect(await prints(page)).toBe(1);
  const { text, pages } = pdfText(file);
  expect(pages).toBeGreaterThan(1);
  expect(text).toContain('2026年9月卷烟营销月报');
  expect(text).toContain(fmtCases(sales.total.volumeTiao));
  // the chart comes from a second query: printed only once both have answered
  expect(text).toContain('近13个月销售走势');
  expect(text).not.toContain('登录');
  pdfToPngs(file);
  // 返回 comes back to the page, still logged in
  await page.getByRole('button', { name: '返回' }).click();
  await expect(page.getByTestId('pack-page')).toBeVisible();
  await expect(page.getByTestId('user-menu')).toContainText('李主任');
});

test('the 网建 达标情况表 prints its figures with login on', async ({ page }) => {
  await logIn(page);
  await page.getByTestId('nav').getByText('达标情况').click();
  await expect(page.getByTestId('network-matrix')).toBeVisible();
  await page.getByTestId('print-button').click();
  await expect(page).toHaveURL(/#\/network\/print\?period=\d{4}-\d{2}&by=manager$/);
  const period = /period=(\d{4}-\d{2})/.exec(page.url())![1];
  const report = await apiCall(app, 'network.report', { period, by: 'manager' }, token);
  const file = await savePdf(page, 'login-print-network', true);
  expect(await prints(page)).toBe(1);
  await shot(page, 'login-print-network');
  const { text } = pdfText(file);
  expect(text).toContain('网建指标达标情况表');
  expect(text).not.toContain('登录');
  expect(report.rows.length).toBeGreaterThan(0);
  for (const r of report.rows) expect(text).toContain(`${r.label}（${r.key}）`);
  const first = report.rows[0].indicators[0];
  expect(text).toContain(first.name);
  expect(text).toMatch(new RegExp(`${first.name}\\s+${first.numerator}\\s+${first.denominator}`));
});

test('the weekly 内管情况表 prints its counts with login on', async ({ page }) => {
  await logIn(page);
  await page.getByTestId('nav').getByText('内管预警', { exact: true }).click();
  await expect(page.getByTestId('monitor-page')).toBeVisible();
  await page.getByTestId('monitor-grid').getByTestId('print-button').click();
  await expect(page).toHaveURL(/#\/monitor\/print\?week=\d{4}-W\d{2}$/);
  const week = /week=(\d{4}-W\d{2})/.exec(page.url())![1];
  const file = await savePdf(page, 'login-print-monitor', true);
  expect(await prints(page)).toBe(1);
  const { text } = pdfText(file);
  expect(text).toContain('内管情况表');
  expect(text).toContain(`${week.slice(0, 4)}年第${Number(week.slice(6))}周`);
  expect(text).toMatch(/合计\s+0\s+0\s+0\s+0\s+0/); // nothing scanned in this county
  expect(text).toContain('制表人');
  expect(text).not.toContain('登录');
  pdfToPngs(file);
});
