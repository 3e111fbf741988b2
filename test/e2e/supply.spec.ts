/**
 * 货源投放 as a clerk makes it: add specs to a week, the limits computed and saved, a quantity
 * typed in the grid, text in a number cell refused, undo, the provincial export, copy to the
 * next week, the review and the printed 投放方案.
 */
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import { test, expect, useServer, apiCall, shot, printPdf, pdfText, pdfToPngs } from './fixtures';

const app = useServer({ seed: [['demo', '--size', 'tiny', '--years', '1', '--seed', '5', '--to', '2026-12-04']] });

type Plan = {
  spec: string;
  availableTiao: number;
  reserveTiao: number;
  allocatedTiao: number;
  remainderTiao: number;
  segments: { retailers: number[]; limits: number[] }[];
};

test('make a week plan, edit it in the grid, export, copy, review and print', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const products = (await apiCall(app, 'masterdata.list', { entity: 'products', limit: 10 })).rows as {
    code: string;
    name: string;
  }[];
  const [a, b] = products;
  await page.goto(app.url + '#/supply?week=2026-W48');
  await expect(page.getByTestId('supply-page')).toBeVisible();

  // 1. Two specs, 500 条 each, over the county.
  await page.getByTestId('supply-add').click();
  const pick = page.getByTestId('supply-add-specs');
  for (const p of [a, b]) {
    await pick.click();
    await page.keyboard.type(p.code);
    // the option of that code, once the list is filtered (Enter could take the first option before it is)
    await page.locator('.ant-select-item-option', { hasText: p.code }).first().click();
  }
  await page.keyboard.press('Escape');
  const available = page
    .locator('input[data-testid="supply-available"], [data-testid="supply-available"] input')
    .first();
  await available.fill('500');
  await page.getByRole('button', { name: '保存并计算' }).click();
  const grid = page.getByTestId('supply-grid');
  await expect(grid.locator(`.ag-row[row-id="${a.code}|1"]`).first()).toBeVisible();
  const week = async () => (await apiCall(app, 'supply.week', { week: '2026-W48' })).plans as Plan[];
  let plans = await week();
  expect(plans.map((p) => p.spec).sort()).toEqual([a.code, b.code].sort());
  for (const p of plans) {
    const s = p.segments[0];
    // the parts add up; limits never fall as the grade rises; a second sum over the grades
    expect(p.allocatedTiao + p.remainderTiao).toBe(500);
    expect(s.retailers.reduce((t, n, i) => t + n * s.limits[i], 0)).toBe(p.allocatedTiao);
    const present = s.limits.filter((_, i) => s.retailers[i] > 0);
    for (let i = 1; i < present.length; i++) expect(present[i]).toBeGreaterThanOrEqual(present[i - 1]);
  }

  // 2. A quantity typed in the grid is saved and the limits recomputed.
  const cell = (spec: string, col: string) => grid.locator(`.ag-row[row-id="${spec}|1"] [col-id="${col}"]`).first();
  await cell(a.code, 'availableTiao').dblclick();
  await page.keyboard.type('800');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await week()).find((p) => p.spec === a.code)!.availableTiao).toBe(800);
  plans = await week();
  const pa = plans.find((p) => p.spec === a.code)!;
  expect(pa.allocatedTiao + pa.remainderTiao).toBe(800);
  await expect(cell(a.code, 'allocatedTiao')).toHaveText(pa.allocatedTiao.toLocaleString('en-US'));

  // 3. Text in a number cell is refused in Chinese and nothing changes.
  await cell(a.code, 'reserveTiao').dblclick();
  await page.keyboard.type('十条');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/机动量/).first()).toBeVisible();
  expect((await week()).find((p) => p.spec === a.code)!.reserveTiao).toBe(0);

  // 4. Undo puts the quantity back.
  await grid.locator('.ag-row').first().locator('[col-id="name"]').click();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await week()).find((p) => p.spec === a.code)!.availableTiao).toBe(500);
  await shot(page, 'supply-plan');

  // 4b. A column pasted from Excel: the good cell saved in one call, the text cell refused and kept.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  // rows in 卷烟编码 order, as the plan lists them
  const [first, second] = [a.code, b.code].sort();
  await cell(first, 'availableTiao').click();
  await page.evaluate((t) => navigator.clipboard.writeText(t), '700\r\n七百\r\n');
  await page.keyboard.press('Control+V');
  await expect(page.getByText('已粘贴 1 格，1 格无效')).toBeVisible();
  await expect.poll(async () => (await week()).find((p) => p.spec === first)!.availableTiao).toBe(700);
  expect((await week()).find((p) => p.spec === second)!.availableTiao).toBe(500);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await week()).find((p) => p.spec === first)!.availableTiao).toBe(500);

  // 5. The provincial import layout: header row first, one row per spec and 档位 with retailers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('supply-export').click()]);
  const wb = XLSX.read(fs.readFileSync((await download.path())!));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 });
  expect(rows[0]).toEqual(['卷烟编码', '卷烟名称', '档位', '限量']);
  plans = await week();
  const expected = plans.flatMap((p) =>
    p.segments[0].retailers
      .map((n, i) => (n > 0 ? [p.spec, `D${i + 1}`, p.segments[0].limits[i]] : null))
      .filter((x) => x !== null)
      .reverse(),
  );
  expect(rows.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual(expected);

  // 6. The review of the week (orders of 2026-11-23 … 29 are in the demo).
  await page.getByRole('tab', { name: '周后评估' }).click();
  await expect(page.getByTestId('supply-review')).toBeVisible();
  await expect(page.getByTestId('supply-review-specs')).toContainText(a.name);
  await shot(page, 'supply-review');

  // 7. Copy to the next week.
  await page.getByRole('tab', { name: '投放方案' }).click();
  await page.getByTestId('week-next').click();
  await page.getByTestId('supply-copy').click();
  await expect(grid.locator(`.ag-row[row-id="${b.code}|1"]`).first()).toBeVisible();
  const next = (await apiCall(app, 'supply.week', { week: '2026-W49' })).plans as Plan[];
  expect(next.map((p) => p.spec).sort()).toEqual([a.code, b.code].sort());

  // 8. The printed 投放方案.
  await page.goto('about:blank');
  const pdf = await printPdf(page, app, '/supply/print?week=2026-W48', 'supply-plan', true);
  await shot(page, 'supply-print');
  const { text } = pdfText(pdf);
  expect(text).toContain('卷烟货源投放方案');
  expect(text).toContain(a.code);
  expect(text).toMatch(/制表人/);
  expect(pdfToPngs(pdf).length).toBeGreaterThan(0);
});

test('the page at 1366×768 and 1920×1080, and bad values in its cells and settings refused in Chinese', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const products = (await apiCall(app, 'masterdata.list', { entity: 'products', limit: 10 })).rows as {
    code: string;
  }[];
  const [a, b] = products.slice(2, 4);
  await apiCall(app, 'supply.save', {
    week: '2026-W47',
    plans: [
      { spec: a.code, availableTiao: 500, reserveTiao: 20, capTiao: 40 },
      { spec: b.code, availableTiao: 300 },
    ],
  });
  const week = async () => JSON.stringify((await apiCall(app, 'supply.week', { week: '2026-W47' })).plans);
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto(app.url + '#/supply?week=2026-W47');
    await expect(page.getByTestId('supply-grid').locator(`.ag-row[row-id="${a.code}|1"]`).first()).toBeVisible();
    await shot(page, `supply-plan-${width}`);
    await page.getByRole('tab', { name: '周后评估' }).click();
    await expect(page.getByTestId('supply-review')).toBeVisible();
    await shot(page, `supply-review-${width}`);
    await page.goto(app.url + '#/settings');
    await expect(page.getByTestId('supply-settings')).toBeVisible();
    await page.getByTestId('supply-settings').scrollIntoViewIfNeeded();
    await shot(page, `settings-supply-${width}`);
  }

  // Each typed cell: text, Chinese numerals, a negative, a fraction and a huge number are refused in the cell.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(app.url + '#/supply?week=2026-W47');
  const grid = page.getByTestId('supply-grid');
  await expect(grid.locator(`.ag-row[row-id="${a.code}|1"]`).first()).toBeVisible();
  const before = await week();
  const plan = JSON.parse(before).find((p: { spec: string }) => p.spec === a.code);
  const top = 30 - [...plan.segments[0].retailers].reverse().findIndex((n: number) => n > 0);
  const cell = (col: string) => grid.locator(`.ag-row[row-id="${a.code}|1"] [col-id="${col}"]`).first();
  const bad: [string, RegExp][] = [
    ['十条', /“十条”不是数字，请用阿拉伯数字填写/],
    ['七百', /“七百”不是数字，请用阿拉伯数字填写/],
    ['-5', /“-5”超出范围：应在 0 到 10,?000,?000 之间/],
    ['12.5', /“12.5”应为整数/],
    ['99999999999', /“99999999999”超出范围：应在 0 到 10,?000,?000 之间/],
  ];
  const editor = grid.locator('.ag-cell-inline-editing').first();
  // columns off to the right are drawn once the grid is scrolled to them
  const scrollTo = (left: number) =>
    grid
      .locator('.ag-body-horizontal-scroll-viewport, .ag-center-cols-viewport')
      .evaluateAll((els, x) => els.forEach((el) => (el.scrollLeft = x)), left);
  for (const col of ['availableTiao', 'reserveTiao', 'capTiao', `g${top}`]) {
    await scrollTo(col === 'capTiao' ? 100_000 : 0);
    await expect(cell(col)).toBeVisible();
    for (const [text, reason] of bad) {
      await cell(col).dblclick();
      await expect(editor).toBeVisible();
      await page.keyboard.press('Control+a');
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      await expect(page.getByText(reason).first()).toBeVisible();
      await page.keyboard.press('Escape');
      expect(await week()).toBe(before);
    }
  }
  // A number the cell takes but the plan cannot: 机动量 above 可用量 is refused by the backend, nothing saved.
  await scrollTo(0);
  await page.getByRole('button', { name: '清除标记' }).click();
  await cell('reserveTiao').dblclick();
  await expect(editor).toBeVisible();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('600');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/未保存：.*机动量 600 条超过可用量 500 条/).first()).toBeVisible();
  expect(await week()).toBe(before);

  // 设置 › 货源投放评估: out of range, fractions and text refused in the form, nothing saved.
  await page.goto(app.url + '#/settings');
  const card = page.getByTestId('supply-settings');
  const input = (key: string) =>
    page.locator(`input[data-testid="settings-${key}"], [data-testid="settings-${key}"] input`).first();
  const settingsBefore = JSON.stringify(await apiCall(app, 'settings.get', {}));
  for (const [key, text, reason] of [
    ['supplyTightPercent', '-5', /偏紧满足率应在 1–100% 之间/],
    ['supplyTightPercent', '101', /偏紧满足率应在 1–100% 之间/],
    ['supplyLoosePercent', '12.5', /偏松利用率必须是整数/],
    ['supplyRaisePercent', '100000', /偏紧建议增量应在 0–500% 之间/],
    ['supplyRaisePercent', '十', /请填写偏紧建议增量/],
  ] as const) {
    await input(key).fill(text);
    await card.getByRole('button', { name: /保存货源投放评估设置/ }).click();
    await expect(card).toContainText(reason);
    expect(JSON.stringify(await apiCall(app, 'settings.get', {}))).toBe(settingsBefore);
    await page.reload();
    await expect(card).toBeVisible();
  }
  await input('supplyTightPercent').fill('90');
  await card.getByRole('button', { name: /保存货源投放评估设置/ }).click();
  await expect(page.getByText('货源投放评估设置已保存')).toBeVisible();
  expect(await apiCall(app, 'settings.get', {})).toMatchObject({
    supplyTightPercent: 90,
    supplyLoosePercent: 60,
    supplyRaisePercent: 20,
  });
});

test('the 投放方案 of a week without a plan prints a sentence saying so and what to do, not an empty table', async ({
  page,
}) => {
  // no test makes a plan for this week
  const week = await apiCall(app, 'supply.week', { week: '2026-W30' });
  expect(week.plans).toEqual([]);
  const pdf = await printPdf(page, app, '/supply/print?week=2026-W30', 'supply-plan-empty', true);
  await shot(page, 'supply-print-empty');
  await expect(page.getByTestId('supply-print-empty')).toContainText(
    '2026年第30周（7月20日至7月26日）尚未编制货源投放方案',
  );
  await expect(page.locator('.print-doc table')).toHaveCount(0);
  const { text } = pdfText(pdf);
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain('尚未编制货源投放方案');
  expect(flat).toContain('添加规格');
  expect(flat).not.toContain('卷烟编码');
  expect(text).toMatch(/制表人/);
  expect(pdfToPngs(pdf).length).toBe(1);
});
