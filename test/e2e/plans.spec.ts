/**
 * 销售计划 in browser mode: a clerk creates a monthly plan per 客户经理 from the demo
 * county (近3月均值 60% + 客户户数 40%), locks one cell and sees the rest re-spread with the
 * total unchanged, reads the explanation, saves, submits, approves, sees the progress,
 * exports the 进度通报 and the scheme to Excel and prints the 进度通报 to PDF.
 */
import * as XLSX from 'xlsx';
import fs from 'node:fs';
import { test, expect, useServer, shot, apiCall, printPdf, pdfText } from './fixtures';
import { boxes, fillOctoberPlan, octoberParams, planGrid, typeInto } from './planSteps';

const app = useServer({ seed: [['demo', '--size', 'small', '--years', '1']] });

test('create, break down, lock a cell, submit, approve, see progress, export and print', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(app.url + '#/plans');
  await expect(page.getByTestId('plan-list')).toBeVisible();
  await page.getByTestId('plan-new').click();
  await fillOctoberPlan(page, {
    name: '2026年10月客户经理销售计划',
    target: '1200',
    more: async () => {
      await page.getByTestId('plan-add-method').click();
      await page.getByTestId('plan-weight-0').fill('0.6');
    },
  });
  const { grid, totalRow, row } = planGrid(page);
  await expect(grid.locator('.ag-grid-scrolling-container > .ag-row')).toHaveCount(8);
  await shot(page, 'plans-editor-breakdown');

  // The cells the API computed add up to the target exactly.
  const params = octoberParams('manager', '1200', {
    methods: [
      { method: 'recent', n: 3, weight: 0.6 },
      { method: 'customers', weight: 0.4 },
    ],
  });
  const before = await apiCall(app, 'plans.breakdown', params);
  expect(before.rows.reduce((s: number, r: { units: number }) => s + r.units, 0)).toBe(120000);

  // A value above the target is refused with the reason, and the cell goes back.
  const first = row(before.rows[0].key);
  const firstText = boxes(before.rows[0].units);
  await expect(first.locator('[col-id="value"]')).toHaveText(firstText);
  await typeInto(page, first.locator('[col-id="value"]'), '2000');
  await expect(page.getByText('不能锁定为 2000')).toBeVisible();
  await expect(page.getByText('超过目标')).toBeVisible();
  await expect(first.locator('[col-id="value"]')).toHaveText(firstText);
  await expect(first.locator('[col-id="locked"]')).toHaveText('');

  // Type 200 into the first manager's cell: it locks, the others re-spread, the total stays.
  await typeInto(page, first.locator('[col-id="value"]'), '200');
  await expect(first.locator('[col-id="locked"]')).toContainText('锁定');
  await expect(first.locator('[col-id="value"]')).toHaveText('200.00');
  await expect(totalRow.locator('[col-id="value"]')).toHaveText('1,200.00');
  const firstKey = before.rows[0].key as string;
  const after = await apiCall(app, 'plans.breakdown', { ...params, locks: { [firstKey]: 20000 } });
  expect(after.rows.reduce((s: number, r: { units: number }) => s + r.units, 0)).toBe(120000);
  const second = row(before.rows[1].key);
  await expect(second.locator('[col-id="value"]')).toHaveText(boxes(after.rows[1].units));

  // The explanation of an unlocked cell names the methods, the exact value and the rounding.
  await second.locator('[col-id="label"]').click();
  await page.getByTestId('plan-explain-open').click();
  await expect(page.getByTestId('plan-explain-text')).toContainText('近3月均值（权重 60%）');
  await expect(page.getByTestId('plan-explain-text')).toContainText('客户户数（权重 40%）');
  await expect(page.getByTestId('plan-explain-text')).toContainText('可分摊 1000.00箱');
  await shot(page, 'plans-editor-explain');
  await page.keyboard.press('Escape');

  await page.getByTestId('plan-save').click();
  await expect(page.getByText('已保存为新计划')).toBeVisible();
  await expect(page.getByTestId('plan-status')).toHaveText('草稿');
  const plans = await apiCall(app, 'plans.list', {});
  const planId = plans.plans[0].id as number;

  await page.getByTestId('plan-submit').click();
  await page.getByTestId('plan-submit-ok').click();
  await expect(page.getByTestId('plan-status')).toHaveText('已提交');
  await page.getByTestId('plan-approve').click();
  await expect(page.getByTestId('plan-status')).toHaveText('已审批');
  await expect(page.getByText('此计划已审批，只能查看、导出和打印。')).toBeVisible();
  await shot(page, 'plans-approved');
  // An approved plan refuses changes, with the reason in Chinese.
  await expect(apiCall(app, 'plans.saveVersion', { planId, params })).rejects.toThrow('已审批');

  // Scheme export in the city company's layout: title, merged headers, 合计, signatures.
  const [schemeDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
  const schemeFile = await schemeDl.path();
  const wb = XLSX.read(fs.readFileSync(schemeFile!));
  const ws = wb.Sheets[wb.SheetNames[0]];
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, defval: null });
  expect(String(aoa[0][0])).toBe('2026年10月卷烟销售计划分解表（客户经理）');
  const totalLine = aoa.find((r) => r[1] === '合计')!;
  expect(totalLine[3]).toBe(1200);
  expect(aoa.some((r) => r.some((c) => typeof c === 'string' && c.startsWith('审批人')))).toBe(true);
  expect((ws['!merges'] ?? []).length).toBeGreaterThan(2);

  // 按档位投放 of one 客户经理's quantity, in whole 条 over his retailers by 档位.
  await grid.locator(`.ag-row[row-id="${before.rows[1].key}"] [col-id="label"]`).click();
  await page.getByTestId('plan-explain-open').click();
  await page.getByTestId('plan-grades').click();
  const wholeTiao = Math.floor(after.rows[1].units * 2.5);
  await expect(page.getByTestId('grades-summary')).toContainText(`投放量 ${wholeTiao} 条`);
  await shot(page, 'plans-grades');
  await page.goto(app.url + `#/plans/edit?id=${planId}`);
  await expect(page.getByTestId('plan-status')).toHaveText('已审批');

  // Continue from one 客户经理's cell down to his retailers (参考): the child's total is the cell.
  await grid.locator(`.ag-row[row-id="${before.rows[1].key}"] [col-id="label"]`).click();
  await page.getByTestId('plan-explain-open').click();
  await page.getByTestId('plan-child').click();
  await expect(page.getByTestId('plan-target')).toHaveValue((after.rows[1].units / 100).toFixed(2));
  await expect(page.getByText('零售客户层级的分解仅供参考')).toBeVisible();
  await expect(
    page.getByTestId('plan-grid').locator('.ag-grid-pinned-bottom-rows-container [col-id="value"]'),
  ).toHaveText(boxes(after.rows[1].units));
  await shot(page, 'plans-child-retailers');

  // Progress as of 20 October: 完成率, 时间进度 20/31, 超欠进度.
  await page.goto(app.url + `#/plans/progress?id=${planId}&asOf=2026-10-20`);
  await expect(page.getByTestId('progress-total')).toContainText('时间进度 64.52%');
  const prog = await apiCall(app, 'plans.progress', { planId, asOf: '2026-10-20' });
  const pct = ((prog.total.completion as number) * 100).toFixed(2);
  await expect(page.getByTestId('progress-total')).toContainText(`合计完成率 ${pct}%`);
  await shot(page, 'plans-progress');
  const [progDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-export').click()]);
  const pwb = XLSX.read(fs.readFileSync((await progDl.path())!));
  const paoa = XLSX.utils.sheet_to_json<unknown[]>(pwb.Sheets[pwb.SheetNames[0]], { header: 1, defval: null });
  expect(String(paoa[0][0])).toBe('2026年10月客户经理销售计划进度通报');

  const pdf = await printPdf(page, app, `/plans/progress-print?id=${planId}&asOf=2026-10-20`, 'plans-progress', true);
  const { pages, text } = pdfText(pdf);
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(text).toContain('进度通报');
  expect(text).toContain('超欠进度');
  expect(text).toMatch(/第\s*1\s*页\s*共\s*\d+\s*页/);
  await shot(page, 'plans-progress-print');

  // The scheme itself prints on A4 landscape with the signature line.
  const scheme = pdfText(await printPdf(page, app, `/plans/scheme-print?id=${planId}`, 'plans-scheme', true));
  expect(scheme.text).toContain('2026年10月卷烟销售计划分解表（客户经理）');
  expect(scheme.text).toContain('1,200.00');
  expect(scheme.text).toMatch(/审批人/);
});

test('only 主任 sees 审批 and 退回; 内勤 sees the reason of a return', async ({ page }) => {
  // A submitted plan, then accounts and login switched on (as a county would).
  const params = octoberParams('route', '800');
  const c = await apiCall(app, 'plans.create', { name: '2026年10月线路计划', params });
  await apiCall(app, 'plans.submit', { planId: c.planId });
  await apiCall(app, 'accounts.createUser', {
    login: 'zhangmin',
    name: '张敏',
    role: 'clerk',
    password: 'clerk-pass-1',
  });
  await apiCall(app, 'accounts.createUser', { login: 'lizr', name: '李主任', role: 'head', password: 'head-pass-1' });
  await apiCall(app, 'accounts.enableLogin', { login: 'lizr', password: 'head-pass-1' });

  const logIn = async (login: string, password: string) => {
    await page.goto(app.url);
    await expect(page.getByTestId('login-page')).toBeVisible();
    await page.getByTestId('login-name').fill(login);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('nav')).toBeVisible();
  };

  await logIn('zhangmin', 'clerk-pass-1');
  await page.goto(app.url + `#/plans/edit?id=${c.planId}`);
  await expect(page.getByTestId('plan-status')).toHaveText('已提交');
  await expect(page.getByText('此计划已提交待审批，不能修改')).toBeVisible();
  await expect(page.getByTestId('plan-approve')).toHaveCount(0);

  await page.reload(); // the session lives in memory only: a reload asks for a login again
  await logIn('lizr', 'head-pass-1');
  await page.goto(app.url + `#/plans/edit?id=${c.planId}`);
  await expect(page.getByTestId('plan-approve')).toBeVisible();
  await expect(page.getByTestId('plan-save')).toHaveCount(0);
  await page.getByTestId('plan-return').click();
  await page.getByTestId('plan-return-reason-input').fill('城关线路任务偏低，请按近3月均值加客户户数重新分解');
  await page
    .getByRole('button', { name: /退\s*回/ })
    .last()
    .click();
  await expect(page.getByTestId('plan-status')).toHaveText('已退回');
  await shot(page, 'plans-returned-by-head');

  await page.reload();
  await logIn('zhangmin', 'clerk-pass-1');
  await page.goto(app.url + `#/plans/edit?id=${c.planId}`);
  await expect(page.getByText('主任退回：城关线路任务偏低')).toBeVisible();
  await expect(page.getByTestId('plan-submit')).toBeVisible();
});
