/**
 * 内管 e2e on the demo county (June 2026 scanned, 重点监管 = the demo's 中华 specs): the list's filters
 * give what the API gives for the same filter; a warning opens with the figures that fired it and
 * the retailer's orders; the 核查 dialog writes result, note, who and an archive document and puts
 * the retailer on the 台账; the weekly 内管情况表 prints (looked at as PNG).
 */
import { test, expect, useServer, shot, apiCall, printPdf, pdfText, pdfToPngs } from './fixtures';
import type { Page } from '@playwright/test';
import { dayText, isoWeekOf, isoWeekText, textToDay } from '../../common/days';

const app = useServer({
  seed: [
    ['demo', '--size', 'tiny', '--years', '1', '--seed', '5', '--to', '2026-06-30'],
    ['monitor', 'scan', '--from', '2026-06-01', '--to', '2026-06-30'],
  ],
});

const count = (page: Page) => page.getByTestId('monitor-count');
/** antd puts an InputNumber's test id on the input itself or on its wrapper */
const numberInput = (page: Page, testId: string) =>
  page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

async function pick(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
}

test('内管预警: filters, the figures of a warning, 核查 with an archive document, the 台账 and the weekly print', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  // The demo's orders are even: lower the 订量突增 thresholds so June has some, and scan again.
  await apiCall(app, 'settings.update', { monitorSurgeFactor: 1.5, monitorSurgeMinTiao: 2 });
  await apiCall(app, 'monitor.scan', { from: '2026-06-01', to: '2026-06-30' });
  const all = await apiCall(app, 'monitor.list', { limit: 5000 });
  expect(all.total).toBeGreaterThan(0);
  await page.goto(app.url + '#/monitor');
  // the first page of a fresh server on a busy machine: wait for the list, however long it takes
  await expect(count(page)).toContainText(`共 ${all.total} 条`, { timeout: 90_000 });
  await shot(page, 'monitor-list');

  // by rule
  const surge = await apiCall(app, 'monitor.list', { rule: 'surge', limit: 5000 });
  await pick(page, 'monitor-rule', '订量突增');
  await expect(count(page)).toContainText(`共 ${surge.total} 条`);
  // and 客户经理: the manager of the first surge warning
  const w = surge.rows[0];
  const byManager = await apiCall(app, 'monitor.list', { rule: 'surge', manager: w.manager, limit: 5000 });
  await pick(page, 'monitor-manager', w.managerName);
  await expect(count(page)).toContainText(`共 ${byManager.total} 条`);
  expect(byManager.total).toBeLessThan(surge.total);
  // and 线路
  const byRoute = await apiCall(app, 'monitor.list', {
    rule: 'surge',
    manager: w.manager,
    route: w.route,
    limit: 5000,
  });
  await pick(page, 'monitor-route', w.routeName);
  await expect(count(page)).toContainText(`共 ${byRoute.total} 条`);

  // the row shows the figures that fired it; a click opens it with the retailer's orders
  const row = page.getByTestId('monitor-grid').locator(`.ag-row[row-id="${w.id}"]`);
  const basis = `本次 ${w.valueTiao} 条，前3次平均`;
  await expect(row).toContainText(basis);
  await row.locator('[col-id="retailerName"]').click();
  const drawer = page.getByTestId('monitor-drawer');
  await expect(drawer).toContainText(`${w.retailerName}（${w.retailer}）`);
  await expect(drawer).toContainText(`${(w.ratio as number).toFixed(2)}倍`);
  const orders = await apiCall(app, 'monitor.orders', { retailer: w.retailer, spec: w.spec, to: w.day, days: 91 });
  const ordersTable = page.getByTestId('monitor-orders');
  await expect(ordersTable.locator('tbody tr').first()).toContainText(w.day);
  await expect(ordersTable.locator('tbody tr').first()).toContainText(String(orders.rows[0].qtyTiao));
  await shot(page, 'monitor-drawer');

  // 核查: 违规 with a note, another 核查人 and a document from the archive
  const doc = await apiCall(app, 'archive.add', { kind: '收文', title: '关于超量订购的约谈笔录', date: '2026-06-20' });
  await page.getByTestId('monitor-check-open').click();
  const dialog = page.getByTestId('monitor-check-dialog');
  await dialog.getByText('违规', { exact: true }).click();
  await dialog.getByRole('button', { name: /保存核查结果/ }).click();
  await expect(dialog).toContainText('违规或其他须写明核查情况'); // refused without a note: nothing written
  expect((await apiCall(app, 'monitor.list', { retailer: w.retailer, rule: 'surge' })).rows[0].status).toBe('待核查');
  await page.getByTestId('monitor-check-note').fill('一周内订量突增，经走访为婚宴集中采购，已约谈');
  await page.getByTestId('monitor-check-who').fill('王核查');
  await page.getByTestId('monitor-check-docs').locator('input').fill('约谈笔录');
  await page
    .locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${doc.number} 关于超量订购的约谈笔录"]`)
    .click();
  await shot(page, 'monitor-check-dialog');
  await dialog.getByRole('button', { name: /保存核查结果/ }).click();
  await expect(page.getByText('已保存，客户已列入重点监管客户台账')).toBeVisible();
  const checked = (await apiCall(app, 'monitor.list', { retailer: w.retailer, rule: 'surge', limit: 500 })).rows.find(
    (x: any) => x.id === w.id,
  );
  expect(checked).toMatchObject({
    status: '违规',
    note: '一周内订量突增，经走访为婚宴集中采购，已约谈',
    checkedBy: '王核查',
    docs: [{ id: doc.id, number: doc.number, title: '关于超量订购的约谈笔录' }],
  });
  expect(Date.parse(checked.checkedAt)).toBeGreaterThan(Date.now() - 10 * 60_000);
  await expect(drawer).toContainText('王核查');
  await expect(page.getByTestId('monitor-history')).toContainText('已 1 次列入重点监管客户台账');
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // status filter: only this warning is 违规
  await pick(page, 'monitor-status', '违规');
  await expect(count(page)).toContainText('共 1 条');

  // the 台账
  await page.getByRole('tab', { name: '重点监管客户台账' }).click();
  const ledger = page.getByTestId('monitor-ledger');
  await expect(ledger).toContainText(w.retailer);
  await expect(ledger).toContainText('婚宴集中采购');
  await shot(page, 'monitor-ledger');

  // the weekly 内管情况表 of the warning's week
  const wk = isoWeekOf(textToDay(w.day));
  const weekText = isoWeekText(wk);
  const [from, to] = [dayText(wk.from), dayText(wk.to)];
  const summary = await apiCall(app, 'monitor.summary', { from, to });
  const pdf = await printPdf(page, app, `/monitor/print?week=${weekText}`, 'monitor-weekly', true);
  const { text } = pdfText(pdf);
  expect(text).toContain('内管情况表');
  expect(text).toContain('制表人');
  expect(text).toContain('审核人');
  expect(text).toMatch(new RegExp(`合计\\s+${summary.total.total}\\s+${summary.total.pending}\\s+0\\s+1\\s+0`));
  expect(text).toContain(w.retailer);
  // 本周列入台账 lists what was put on the 台账 in the week printed (today's entry is not in June's week)
  expect(text).toContain('本周没有新列入的客户');
  expect(pdfToPngs(pdf).length).toBeGreaterThan(0);
});

test('设置 → 内管预警: thresholds saved from the page, a factor with three decimals refused in the form, the order dates rebuilt', async ({
  page,
}) => {
  await page.goto(app.url + '#/settings');
  const card = page.getByTestId('monitor-settings');
  await expect(page.getByTestId('settings-scarce-set')).toContainText('重点监管');
  await numberInput(page, 'settings-surge-factor').fill('2.555');
  await card.getByRole('button', { name: /保存内管预警设置/ }).click();
  await expect(card).toContainText('倍数最多两位小数');
  await numberInput(page, 'settings-surge-factor').fill('2.5');
  await numberInput(page, 'settings-scarce-percent').fill('8');
  await card.getByRole('button', { name: /保存内管预警设置/ }).click();
  await expect(page.getByText('内管预警设置已保存')).toBeVisible();
  expect(await apiCall(app, 'settings.get', {})).toMatchObject({
    monitorSurgeFactor: 2.5,
    monitorScarcePercent: 8,
    monitorScarceSet: '重点监管',
  });
  // 重建订货日数据: a job with progress; its message names the months, lines and order dates
  await card.getByTestId('monitor-rebuild').click();
  await expect(card.getByTestId('monitor-rebuilt')).toContainText(
    /已按订单明细重建内管订货日数据：\d+ 个月的 [\d,]+ 行订单/,
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByText('订货日数据已重建')).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 768 });
  await shot(page, 'monitor-settings-1366');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'monitor-settings-1920');
});
