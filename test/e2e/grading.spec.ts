/**
 * 客户分档 in browser mode: the clerk generates the 2026年11月 review of the demo county, filters
 * it, adjusts one retailer within ±3 with a reason, submits; the 主任 returns it with a reason;
 * it is submitted again and approved. The 调整名单 exports to Excel (formula-like text
 * neutralised, signature line) and prints on A4 landscape with the signature line.
 */
import * as XLSX from 'xlsx';
import fs from 'node:fs';
import { test, expect, useServer, shot, apiCall, printPdf, pdfText, pdfToPngs } from './fixtures';

const app = useServer({ seed: [['demo', '--size', 'tiny', '--years', '1', '--seed', '3', '--to', '2026-12-04']] });

test('propose, filter, adjust with a reason, submit, return, resubmit, approve, export and print', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(app.url + '#/grading');
  await expect(page.getByTestId('grading-empty')).toBeVisible();
  // the month picker opens on last month (the demo's data end in 2026-12-04)
  const month = await page.getByTestId('grading-month').locator('input').inputValue();
  const now = new Date();
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  expect(month).toBe(`${last.getFullYear()}年${last.getMonth() + 1}月`);
  // pick 2026年11月 whatever today is
  const monthInput = page.getByTestId('grading-month').locator('input');
  await monthInput.click();
  await monthInput.fill('2026年11月');
  await monthInput.press('Enter');
  await expect(monthInput).toHaveValue('2026年11月');
  await page.getByTestId('grading-propose').click();
  await expect(page.getByTestId('grading-status')).toHaveText('待提交');

  const list = await apiCall(app, 'grading.list', {});
  expect(list[0].asOf).toBe('2026-11');
  const reviewId = list[0].reviewId as number;
  const review = await apiCall(app, 'grading.get', { reviewId });
  await expect(page.getByTestId('grading-count')).toHaveText(`共 ${review.rows.length} 户`);
  await expect(page.getByTestId('grading-summary')).toContainText(`${review.rows.length} 户`);
  await shot(page, 'grading-proposed');

  // 受升降3档限制: the rows whose computed grade is beyond ±3 of the current one
  const clamped = review.rows.filter((r: any) => r.suggested !== r.computed);
  expect(clamped.length).toBeGreaterThan(0);
  await page.getByTestId('grading-filter').getByText('受升降3档限制').click();
  await expect(page.getByTestId('grading-count')).toHaveText(`共 ${clamped.length} 户`);

  // the figures behind a score: 月均订购量 = window ÷ 6, shown to one decimal
  const r0 = clamped[0];
  const grid = page.getByTestId('grading-grid');
  const row = grid.locator(`.ag-row[row-id="${r0.retailer}"]`).first();
  await expect(row.locator('[col-id="monthlyQty"]')).toHaveText(
    (r0.qty / 6).toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  );
  await expect(row.locator('[col-id="suggested"]')).toHaveText(String(r0.suggested));

  // adjust it one grade away from the suggestion, still within ±3 of the current grade
  const target = r0.suggested > r0.current ? r0.suggested - 1 : r0.suggested + 1;
  await page.getByTestId('grading-filter').getByText('全部').click();
  await page.getByTestId('grading-search').locator('input').fill(r0.retailer);
  await page.getByTestId('grading-search').locator('input').press('Enter');
  await expect(page.getByTestId('grading-count')).toHaveText('共 1 户');
  await grid.locator(`.ag-row[row-id="${r0.retailer}"] [col-id="name"]`).first().click();
  await page.getByTestId('grading-adjust').click();
  await page.getByTestId('grading-adjust-grade').locator('input').fill(String(target));
  // no reason, no save
  await expect(page.getByTestId('grading-adjust-ok')).toBeDisabled();
  await page.getByTestId('grading-adjust-reason').fill('=走访核实，店面扩大');
  await page.getByTestId('grading-adjust-ok').click();
  await expect(grid.locator(`.ag-row[row-id="${r0.retailer}"] [col-id="proposed"]`).first()).toHaveText(String(target));
  // (the 调整原因 column lies beyond the visible width: read it back from the review)
  const adjusted = await apiCall(app, 'grading.get', { reviewId });
  expect(adjusted.rows.find((r: any) => r.retailer === r0.retailer).adjustReason).toBe('=走访核实，店面扩大');
  await page.getByTestId('grading-search').locator('input').fill('');
  await page.getByTestId('grading-search').locator('input').press('Enter');
  await page.getByTestId('grading-filter').getByText('手工调整').click();
  await expect(page.getByTestId('grading-count')).toHaveText('共 1 户');
  await page.getByTestId('grading-filter').getByText('全部').click();

  // submit; the 主任 returns it with a reason
  await page.getByTestId('grading-submit').click();
  await page.getByTestId('grading-submit-ok').click();
  await expect(page.getByTestId('grading-status')).toHaveText('已提交');
  await page.getByTestId('grading-return').click();
  await page.getByTestId('grading-return-reason-input').fill('请核实新开店的档位');
  await page.getByTestId('grading-return-ok').click();
  await expect(page.getByTestId('grading-status')).toHaveText('已退回');
  await expect(page.getByTestId('grading-return-reason')).toContainText('请核实新开店的档位');
  await shot(page, 'grading-returned');

  // resubmit and approve
  await page.getByTestId('grading-submit').click();
  await page.getByTestId('grading-submit-ok').click();
  await expect(page.getByTestId('grading-status')).toHaveText('已提交');
  await page.getByTestId('grading-approve').click();
  await page.getByTestId('grading-approve-ok').click();
  await expect(page.getByTestId('grading-status')).toHaveText('已审批');
  await expect(page.getByTestId('grading-submit')).toHaveCount(0);
  const approved = await apiCall(app, 'grading.get', { reviewId });
  const moved = approved.rows.filter((r: any) => r.current === null || r.proposed !== r.current);

  // the 调整名单 in Excel: every moved retailer, the reason neutralised, the signature line
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grading-export').click()]);
  const wb = XLSX.read(fs.readFileSync((await dl.path())!));
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null });
  expect(String(aoa[0][0])).toBe('客户档位调整名单');
  const header = aoa.findIndex((r) => r[1] === '客户编码');
  const body = aoa.slice(header + 1).filter((r) => typeof r[0] === 'number');
  expect(body.length).toBe(moved.length);
  const mine = body.find((r) => r[1] === r0.retailer)!;
  expect(mine[5]).toBe(`${target}档`);
  expect(mine[8]).toBe("'=走访核实，店面扩大");
  expect(aoa.some((r) => r.some((c) => typeof c === 'string' && c.includes('审批人')))).toBe(true);

  // the printed 调整名单: A4 landscape, the retailer and the signature line
  const pdf = await printPdf(page, app, `/grading/print?id=${reviewId}`, 'grading-adjust-list', true);
  const { pages, text } = pdfText(pdf);
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(text).toContain('客户档位调整名单');
  expect(text).toContain('2026年11月分档（2026年12月1日起执行）');
  expect(text).toContain(r0.retailer);
  expect(text).toMatch(/审批人/);
  pdfToPngs(pdf);
  await shot(page, 'grading-print');
});
