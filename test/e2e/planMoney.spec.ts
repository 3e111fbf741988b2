/**
 * Plans in money in browser mode: a clerk gives the 销售额, 单箱值 and 一类烟占比 targets beside
 * the 销量 target, sees the 销售额 split in the grid to the 分, locks one 销售额 cell by typing (the
 * total stays the target), undoes it, saves; after approval the progress, the 进度通报 print, the
 * scheme print and the 月报 show each money actual beside its target.
 */
import { test, expect, useServer, shot, apiCall, printPdf, pdfText, pdfToPngs } from './fixtures';
import { boxes, fillOctoberPlan, octoberParams, planGrid, typeInto } from './planSteps';

const app = useServer({ seed: [['demo', '--size', 'small', '--years', '1']] });

const yuan = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

test('a plan in money: 销售额 split to the 分 with a lock, progress and prints beside the targets', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // wide enough for every column of the grid to be drawn (the grid draws only the visible ones)
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(app.url + '#/plans/edit');
  await fillOctoberPlan(page, {
    name: '2026年10月客户经理销售计划（含金额）',
    target: '1200',
    more: async () => {
      await page.getByTestId('plan-amount').fill('2856.71');
      await page.getByTestId('plan-class-one').fill('45.5');
    },
  });
  const { totalRow, row } = planGrid(page);
  await expect(totalRow.locator('[col-id="amount"]')).toHaveText('28,567,100.00');
  const params = octoberParams('manager', '1200', { amount: '2856.71', classOneShare: '45.5' });
  const before = await apiCall(app, 'plans.breakdown', params);
  expect(before.rows.reduce((s: number, r: { money: { amountFen: number } }) => s + r.money.amountFen, 0)).toBe(
    2_856_710_000,
  );
  const first = row(before.rows[0].key);
  await expect(first.locator('[col-id="amount"]')).toHaveText(yuan(before.rows[0].money.amountFen));
  await expect(first.locator('[col-id="classOne"]')).toHaveText('45.50');
  // 单箱值 of every row: 2,856,710,000 分 ÷ 1200 箱 = 2,380,591.67 → 2,380,592 分/箱
  await expect(first.locator('[col-id="perCase"]')).toHaveText('23,805.92');
  await shot(page, 'plans-money-editor-1920');

  // A 销售额 above the target is refused with the reason; the cell keeps its value.
  await typeInto(page, first.locator('[col-id="amount"]'), '99999999');
  await expect(page.getByText('销售额分解：锁定的数量合计')).toBeVisible();
  await expect(first.locator('[col-id="amount"]')).toHaveText(yuan(before.rows[0].money.amountFen));

  // Typing 3,000,000.00 元 locks the cell; the others re-spread and the total stays the target.
  await typeInto(page, first.locator('[col-id="amount"]'), '3000000');
  await expect(first.locator('[col-id="amountLockText"]')).toHaveText('已锁定');
  await expect(first.locator('[col-id="amount"]')).toHaveText('3,000,000.00');
  await expect(totalRow.locator('[col-id="amount"]')).toHaveText('28,567,100.00');
  const locked = await apiCall(app, 'plans.breakdown', {
    ...params,
    amountLocks: { [before.rows[0].key]: 300_000_000 },
  });
  const second = row(locked.rows[1].key);
  await expect(second.locator('[col-id="amount"]')).toHaveText(yuan(locked.rows[1].money.amountFen));
  // the 销量 does not move
  await expect(first.locator('[col-id="value"]')).toHaveText(boxes(before.rows[0].units));
  // Undo gives the split back.
  await page.keyboard.press('Control+Z');
  await expect(first.locator('[col-id="amountLockText"]')).toHaveText('');
  await expect(first.locator('[col-id="amount"]')).toHaveText(yuan(before.rows[0].money.amountFen));
  // A row's own 一类烟占比 target above 100% is refused by the cell's own check.
  await typeInto(page, first.locator('[col-id="classOne"]'), '120');
  await expect(page.getByText(/一类烟占比目标/).first()).toBeVisible();
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 1366, height: 768 });
  await shot(page, 'plans-money-editor-1366');
  await page.setViewportSize({ width: 1920, height: 1080 });

  await typeInto(page, first.locator('[col-id="amount"]'), '3000000');
  await expect(first.locator('[col-id="amountLockText"]')).toHaveText('已锁定');
  await page.getByTestId('plan-save').click();
  await expect(page.getByTestId('plan-status')).toBeVisible();
  const planId = Number(new URL(page.url().replace('#/', '')).searchParams.get('id'));
  const saved = await apiCall(app, 'plans.get', { planId });
  expect(saved.plan.targetAmountFen).toBe(2_856_710_000);
  expect(saved.cells[0].money.amountFen).toBe(300_000_000);
  expect(saved.cells[0].money.amountLocked).toBe(true);
  await apiCall(app, 'plans.submit', { planId });
  await apiCall(app, 'plans.approve', { planId });

  // Progress: 销售额, 单箱值 and 一类烟占比 beside their targets.
  const prog = await apiCall(app, 'plans.progress', { planId, asOf: '2026-10-20' });
  expect(prog.hasMoney).toBe(true);
  expect(prog.total.targetFen).toBe(2_856_710_000);
  for (const size of [
    [1920, 1080],
    [1366, 768],
  ]) {
    await page.setViewportSize({ width: size[0], height: size[1] });
    await page.goto(app.url + `#/plans/progress?id=${planId}&asOf=2026-10-20`);
    await expect(page.getByTestId('progress-total')).toContainText(
      `销售额 ${(prog.total.actualFen / 1_000_000).toFixed(2)} 万元 / 计划 2856.71 万元`,
    );
    await expect(page.getByTestId('progress-total')).toContainText('一类烟占比');
    // the money columns lie to the right: drawn at the wider size
    if (size[0] === 1920)
      await expect(
        page.getByTestId('progress-grid').locator('.ag-grid-pinned-bottom-rows-container [col-id="m_targetFen"]'),
      ).toHaveText('2,856.71');
    await shot(page, `plans-money-progress-${size[0]}`);
  }

  const progPdf = await printPdf(
    page,
    app,
    `/plans/progress-print?id=${planId}&asOf=2026-10-20`,
    'plans-money-progress',
    true,
  );
  const pt = pdfText(progPdf);
  expect(pt.text).toContain('销售额(万元)');
  expect(pt.text).toContain('单箱值(元/箱)');
  expect(pt.text).toContain('2,856.71');
  pdfToPngs(progPdf);
  const schemePdf = await printPdf(page, app, `/plans/scheme-print?id=${planId}`, 'plans-money-scheme', true);
  const st = pdfText(schemePdf);
  expect(st.text).toContain('金额目标');
  expect(st.text).toContain('2,856.7100');
  pdfToPngs(schemePdf);
  const packPdf = await printPdf(page, app, '/reports/print/pack?month=2026-10', 'plans-money-pack', true);
  const kt = pdfText(packPdf);
  expect(kt.text).toContain('销售计划进度表');
  expect(kt.text).toContain('一类烟占比');
  pdfToPngs(packPdf);
});
