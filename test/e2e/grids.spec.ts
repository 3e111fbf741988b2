/**
 * Grids that behave like Excel, tried as a clerk would: a column of 35 figures from the
 * city's sheet pasted into 目标录入 by position and by key (two bad cells among them), copied
 * back out and read again, filled down and undone in the plan editor around a lock, and
 * invalid values typed into every editable grid — the database is checked through the API
 * each time. The clipboard events are the browser's own (Ctrl+V / Ctrl+C with the
 * clipboard permission), so the grid's real paste and copy handlers run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, useServer, shot, apiCall } from './fixtures';
import { parseTsv } from '../../renderer/components/gridClipboard';

// A county of 20 客户经理 and 20 线路: 目标录入 shows 全县 + 20 + 20 = 41 rows.
const NAMES =
  '张伟 王芳 李娜 刘洋 陈静 杨勇 赵磊 黄敏 周杰 吴霞 徐明 孙丽 胡军 朱琳 高峰 林涛 何平 郭燕 马超 罗兰'.split(' ');
const pad = (i: number) => String(i).padStart(2, '0');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-grids-'));
const file = (name: string, lines: string[]) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, lines.join('\n') + '\n');
  return f;
};
const managers = file('managers.csv', [
  '工号,姓名,性别,在岗状态',
  ...NAMES.map((n, i) => `M${pad(i + 1)},${n},${i % 2 ? '女' : '男'},在岗`),
]);
const routes = file('routes.csv', [
  '线路编码,线路名称,客户经理工号',
  ...NAMES.map((_, i) => `R${pad(i + 1)},第${pad(i + 1)}线,M${pad(i + 1)}`),
]);
const retailers = file('retailers.csv', [
  '客户编码,客户名称,线路编码,客户经理,经营状态,结算方式,订货方式,现代终端,地址,联系电话,档位',
  ...Array.from(
    { length: 40 },
    (_, i) =>
      `c${pad(i + 1)},城关${pad(i + 1)}号店,R${pad((i % 20) + 1)},M${pad((i % 20) + 1)},正常,现金,网上,否,城关镇${i + 1}号,1390000${pad(i + 1)},${(i % 30) + 1}`,
  ),
]);
const products = file('products.csv', [
  '卷烟编码,卷烟名称,品牌,生产企业,调拨价,批发价,建议零售价,是否低焦,在销状态',
  '6901028000001,黄鹤楼(软蓝),黄鹤楼,湖北中烟,150.00,169.60,190.00,否,是',
  '6901028000002,红金龙(硬神州),红金龙,湖北中烟,58.30,65.80,75.00,否,是',
]);
const app = useServer({
  seed: [
    ['import', 'managers', managers],
    ['import', 'routes', routes],
    ['import', 'retailers', retailers],
    ['import', 'products', products],
  ],
});

/** A TSV block as Excel puts it on the clipboard: tabs, CRLF after every row, quotes only where needed. */
function excelTsv(rows: string[][]): string {
  const cell = (c: string) => (/[\t\r\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(cell).join('\t') + '\r\n').join('');
}

async function paste(page: Page, text: string) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
}
async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

type Target = { indicatorCode: string; scopeKind: string; scopeCode: string; value: number };
const targetsOf = async (code: string) =>
  (await apiCall<Target[]>(app, 'network.targets', { period: YEAR }))
    .filter((t) => t.indicatorCode === code)
    .map((t) => `${t.scopeKind}|${t.scopeCode}=${+(t.value * 100).toFixed(6)}`)
    .sort();
const YEAR = String(new Date().getFullYear());

test.beforeEach(async ({ context }) => {
  // the machine running the suite may be busy: these tests type and paste a lot
  test.setTimeout(300_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

/** The rows 目标录入 shows, in order: 全县, the managers, the routes. */
const targetRows = [
  { id: 'county|', name: '全县', keys: ['全县'] },
  ...NAMES.map((n, i) => ({
    id: `manager|M${pad(i + 1)}`,
    name: `${n}（M${pad(i + 1)}）`,
    keys: [`M${pad(i + 1)}`, n],
  })),
  ...NAMES.map((_, i) => ({
    id: `route|R${pad(i + 1)}`,
    name: `第${pad(i + 1)}线（R${pad(i + 1)}） · ${NAMES[i]}`,
    keys: [`R${pad(i + 1)}`, `第${pad(i + 1)}线`],
  })),
];
// 35 figures as a city sheet has them: plain, with %, full-width, with decimals.
const figure = (i: number) => {
  const v = 50 + ((i * 7) % 45) + (i % 4) * 0.25; // 50–94.75, two decimals at most
  return {
    text: i % 3 === 0 ? `${v}%` : i % 5 === 0 ? `${v}`.replace(/\d/g, (d) => '０１２３４５６７８９'[+d]) : `${v}`,
    v,
  };
};

async function openTargets(page: Page) {
  await page.goto(app.url + '#/network/targets');
  const grid = page.getByTestId('targets-grid');
  await expect(grid.locator('.ag-row[row-id="manager|M05"]')).toBeAttached({ timeout: 60_000 });
  const ind = (await apiCall<{ code: string; unit: string; name: string }[]>(app, 'network.indicators'))[0];
  expect(ind.unit).toBe('rate'); // typed as percentages, 0%–100%
  return { grid, ind };
}

test('目标录入：按位置粘贴 35×2，两格无效；库中只有有效的值；一次撤销全部恢复', async ({ page }) => {
  const { grid, ind } = await openTargets(page);
  expect(await targetsOf(ind.code)).toEqual([]);
  // rows 2–36 of the grid (the 20 managers and 15 routes), names as the grid shows them
  const rows = targetRows.slice(1, 36);
  const block = rows.map((r, i) => [r.name, figure(i).text]);
  block[4][1] = '十二'; // 陈静 (M05)
  block[30][1] = '-5%'; // 第11线 (R11)
  await grid.locator(`.ag-row[row-id="${rows[0].id}"] [col-id="name"]`).click();
  await paste(page, excelTsv(block));
  // the first column names rows the grid knows: the clerk is asked, and keeps the order
  await expect(page.getByTestId('paste-by-key')).toBeVisible();
  await page.getByTestId('paste-by-position').click();
  await expect(page.getByText('已粘贴 33 格，2 格无效')).toBeVisible();
  const expected = rows
    .map((r, i) => ({ r, i }))
    .filter(({ i }) => i !== 4 && i !== 30)
    .map(({ r, i }) => `${r.id}=${figure(i).v}`)
    .sort();
  await expect.poll(() => targetsOf(ind.code)).toEqual(expected);
  // the two bad cells are red with the reason, and keep what they had (nothing)
  await expect(page.getByTestId('grid-problems')).toContainText('2 格无效，未保存');
  await expect(grid.locator(`.ag-row[row-id="manager|M05"] [col-id="value"]`)).toHaveClass(/grid-cell-invalid/);
  await expect(grid.locator(`.ag-row[row-id="manager|M05"] [col-id="value"]`)).toHaveText('—');
  await expect(page.getByTestId('grid-problems')).toContainText('“十二”不是数字，请用阿拉伯数字填写');
  await expect(page.getByTestId('grid-problems')).toContainText('“-5%”超出范围：应在 0% 到 100% 之间');
  await expect(grid.locator(`.ag-row[row-id="manager|M01"] [col-id="value"]`)).toHaveText(figure(0).v.toFixed(2));
  await shot(page, 'grids-targets-paste-position');

  // one undo takes the whole paste back out of the database; redo puts it back; undo again
  await grid.locator(`.ag-row[row-id="manager|M02"] [col-id="value"]`).click();
  await page.keyboard.press('Control+Z');
  await expect.poll(() => targetsOf(ind.code)).toEqual([]);
  await page.keyboard.press('Control+Y');
  await expect.poll(() => targetsOf(ind.code)).toEqual(expected);
  await page.getByTestId('grid-undo').click();
  await expect.poll(() => targetsOf(ind.code)).toEqual([]);

  // more rows than the grid has below the focused cell: refused with the count, nothing written
  await grid.locator(`.ag-row[row-id="manager|M10"] [col-id="value"]`).click();
  await paste(page, excelTsv(block.map((r) => [r[1]])));
  await expect(page.getByText('粘贴的内容有 35 行，从当前行往下只有 31 行，未粘贴')).toBeVisible();
  expect(await targetsOf(ind.code)).toEqual([]);
});

test('目标录入：城市表顺序不同，按第一列（工号、姓名、线路编码）匹配行', async ({ page }) => {
  const { grid, ind } = await openTargets(page);
  // 35 rows in another order, keyed by a mix of 工号, 姓名 and 线路编码
  const rows = targetRows.slice(1, 36).reverse();
  const key = (r: (typeof rows)[number], i: number) => r.keys[i % 2 === 0 || r.keys.length === 1 ? 0 : 1];
  const block = rows.map((r, i) => [key(r, i), figure(i).text]);
  block[16][1] = '500%'; // M19
  block[20][1] = 'abc'; // M15
  await grid.locator(`.ag-row[row-id="county|"] [col-id="value"]`).click();
  await paste(page, excelTsv(block));
  await page.getByTestId('paste-by-key').click();
  await expect(page.getByText('已粘贴 33 格，2 格无效')).toBeVisible();
  const expected = rows
    .map((r, i) => ({ r, i }))
    .filter(({ i }) => i !== 16 && i !== 20)
    .map(({ r, i }) => `${r.id}=${figure(i).v}`)
    .sort();
  await expect.poll(() => targetsOf(ind.code)).toEqual(expected);
  await expect(grid.locator('.grid-cell-invalid')).toHaveCount(2);
  await expect(grid.locator(`.ag-row[row-id="manager|M19"] [col-id="value"]`)).toHaveClass(/grid-cell-invalid/);
  await expect(page.getByTestId('grid-problems')).toContainText('“500%”超出范围');
  await shot(page, 'grids-targets-paste-key');

  // copy the rows back out (selected with click and Shift+click) and read them again
  await grid.locator(`.ag-row[row-id="manager|M01"] [col-id="kind"]`).click();
  await grid.locator(`.ag-row[row-id="manager|M10"] [col-id="kind"]`).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+C');
  await expect(page.getByText('已复制 10 行')).toBeVisible();
  const copied = parseTsv(await clipboard(page));
  expect(copied.length).toBe(10);
  const stored = new Map(
    (await apiCall<Target[]>(app, 'network.targets', { period: YEAR }))
      .filter((t) => t.indicatorCode === ind.code)
      .map((t) => [`${t.scopeKind}|${t.scopeCode}`, t.value]),
  );
  for (let i = 0; i < 10; i++) {
    const id = `manager|M${pad(i + 1)}`;
    expect(copied[i][1]).toBe(`${NAMES[i]}（M${pad(i + 1)}）`);
    const v = stored.get(id);
    // the shown unit (%), as a number Excel reads; blank where there is no target
    expect(copied[i][2]).toBe(v === undefined ? '' : (v * 100).toFixed(2));
  }
  // Ctrl+Shift+C puts the header row first
  await page.keyboard.press('Control+Shift+C');
  const withHeader = parseTsv(await clipboard(page));
  expect(withHeader[0]).toEqual(['范围', '名称', '目标值(%)']);
  expect(withHeader.slice(1)).toEqual(copied);

  // one undo restores all
  await page.keyboard.press('Control+Z');
  await expect.poll(() => targetsOf(ind.code)).toEqual([]);
});

test('计划编制：向下填充跳过锁定的格，撤销恢复', async ({ page }) => {
  await page.goto(app.url + '#/plans');
  await page.getByTestId('plan-new').click();
  await expect(page.getByTestId('plan-editor')).toBeVisible();
  await page.getByTestId('plan-name').fill('填充测试');
  await page.getByTestId('plan-method-0').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '客户户数' }).click();
  await page.getByTestId('plan-target').fill('1000');
  const grid = page.getByTestId('plan-grid');
  const cell = (code: string, col = 'value') => grid.locator(`.ag-row[row-id="${code}"] [col-id="${col}"]`);
  await expect(cell('M20')).toBeAttached({ timeout: 60_000 });
  // 40 retailers over 20 managers, 2 each: 50.00 箱 each
  await expect(cell('M02')).toHaveText('50.00');
  const type = async (code: string, text: string) => {
    await cell(code).dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };
  await type('M03', '40');
  await expect(cell('M03', 'locked')).toHaveText('已锁定');
  await type('M01', '30');
  await expect(cell('M01', 'locked')).toHaveText('已锁定');
  // select M01–M05 (click, Shift+click), fill the top value (30) down
  await cell('M01').click();
  await cell('M05').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+D');
  await expect(page.getByText('已向下填充 3 格，1 格已锁定未改')).toBeVisible();
  for (const c of ['M02', 'M04', 'M05']) {
    await expect(cell(c)).toHaveText('30.00');
    await expect(cell(c, 'locked')).toHaveText('已锁定');
  }
  await expect(cell('M03')).toHaveText('40.00');
  // the other 15 share 1000 − 4×30 − 40 = 840 箱: 56.00 each
  await expect(cell('M06')).toHaveText('56.00');
  await shot(page, 'grids-plan-fill');

  // undo: only M01 and M03 stay locked; the rest is the breakdown the API gives for those locks
  await page.keyboard.press('Control+Z');
  await expect(cell('M02', 'locked')).toHaveText('');
  const r = await apiCall<{ rows: { key: string; units: number }[] }>(app, 'plans.breakdown', {
    target: '1000',
    level: 'manager',
    year: new Date().getFullYear(),
    methods: [{ method: 'customers', weight: 1 }],
    locks: { M01: 3000, M03: 4000 },
  });
  for (const row of r.rows.slice(0, 6)) await expect(cell(row.key)).toHaveText((row.units / 100).toFixed(2));
  await expect(cell('M01', 'locked')).toHaveText('已锁定');
  await expect(cell('M03', 'locked')).toHaveText('已锁定');
  // an invalid typed value is refused and locks nothing
  await type('M07', '十二');
  await expect(cell('M07')).toHaveClass(/grid-cell-invalid/);
  await expect(cell('M07', 'locked')).toHaveText('');
});

test('在每个可编辑的表格里输入无效值：库中数据不变', async ({ page }) => {
  const snapshot = async () => ({
    managers: await apiCall(app, 'masterdata.list', { entity: 'managers' }),
    routes: await apiCall(app, 'masterdata.list', { entity: 'routes' }),
    retailers: await apiCall(app, 'masterdata.list', { entity: 'retailers' }),
    products: await apiCall(app, 'masterdata.list', { entity: 'products' }),
    targets: await apiCall(app, 'network.targets', { period: YEAR }),
    manual: await Promise.all(
      Array.from({ length: 12 }, (_, m) => apiCall(app, 'network.manualValues', { period: `${YEAR}-${pad(m + 1)}` })),
    ),
  });
  const before = await snapshot();
  const typeInto = async (gridId: string, rowId: string, col: string, text: string) => {
    const c = page.getByTestId(gridId).locator(`.ag-row[row-id="${rowId}"] [col-id="${col}"]`);
    await c.dblclick();
    await page.keyboard.press('Control+A');
    if (text === '') await page.keyboard.press('Backspace');
    else await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await expect(c).toHaveClass(/grid-cell-invalid/);
    await expect(page.getByTestId('grid-problems')).toContainText(text === '' ? '不能为空' : text);
  };
  const cases: [string, string, string, string, string][] = [
    ['managers', 'grid-managers', 'M01', 'name', ''],
    ['managers', 'grid-managers', 'M01', 'birthDate', '1990-02-30'],
    ['routes', 'grid-routes', 'R01', 'mileageKm', '十二'],
    ['routes', 'grid-routes', 'R02', 'mileageKm', '-3'],
    ['retailers', 'grid-retailers', 'c01', 'grade', '十二'],
    ['retailers', 'grid-retailers', 'c02', 'grade', '31'],
    ['retailers', 'grid-retailers', 'c03', 'name', ''],
    ['products', 'grid-products', '6901028000001', 'transferPriceYuan', 'abc'],
    ['products', 'grid-products', '6901028000002', 'retailPriceYuan', '75.001'],
  ];
  for (const [entity, gridId, rowId, col, text] of cases) {
    if (!page.url().endsWith(`#/masterdata/${entity}`)) await page.goto(app.url + `#/masterdata/${entity}`);
    await expect(page.getByTestId(gridId).locator(`.ag-row[row-id="${rowId}"]`)).toBeAttached({ timeout: 60_000 });
    await typeInto(gridId, rowId, col, text);
  }
  await shot(page, 'grids-invalid-products');
  await page.goto(app.url + '#/network/targets');
  for (const text of ['abc', '-5%', '500%', '十二']) await typeInto('targets-grid', 'manager|M01', 'value', text);
  await shot(page, 'grids-invalid-targets');
  await page.goto(app.url + '#/network/indicators');
  await expect(page.getByTestId('manual-values').locator('.ag-row[row-id="county|"]')).toBeAttached();
  // 客户满意度 (built in, a score): 0 or more, two decimals
  for (const text of ['-1', '九十', '90.125', 'n/a']) await typeInto('manual-values', 'county|', 'value', text);
  expect(await snapshot()).toEqual(before);

  // 收文 份数 99999999999: refused with the reason, not clamped to 9999 and saved
  const docsBefore = await apiCall(app, 'archive.search', {});
  await page.goto(app.url + '#/archive');
  await page.getByTestId('add-doc').click();
  await page.getByTestId('doc-title').fill('关于份数的测试通知');
  await page.getByTestId('doc-copies').fill('99999999999');
  await page.getByTestId('doc-submit').click();
  await expect(page.getByText('份数应为 1–9999 的整数')).toBeVisible();
  await expect(page.getByTestId('doc-copies')).toHaveValue('99999999999');
  expect(await apiCall(app, 'archive.search', {})).toEqual(docsBefore);
});

test('零售客户：按客户编码粘贴档位（一次写入），撤销把原值写回库中', async ({ page }) => {
  type Retailer = { code: string; grade: number | null; licenceNo: string | null };
  const list = async () =>
    (await apiCall<{ rows: Retailer[] }>(app, 'masterdata.list', { entity: 'retailers' })).rows.map(
      (r) => `${r.code}:${r.grade}:${r.licenceNo}`,
    );
  const before = await list();
  await page.goto(app.url + '#/masterdata/retailers');
  const grid = page.getByTestId('grid-retailers');
  const cell = (code: string, col: string) => grid.locator(`.ag-row[row-id="${code}"] [col-id="${col}"]`);
  await expect(cell('c01', 'grade')).toBeAttached({ timeout: 60_000 });
  // the sheet lists c05, c02, c09 in its own order; 「十二」 for c02 is refused
  await cell('c01', 'grade').click();
  await paste(
    page,
    excelTsv([
      ['c05', '20'],
      ['c02', '十二'],
      ['c09', 'D3'],
    ]),
  );
  await page.getByTestId('paste-by-key').click();
  await expect(page.getByText('已粘贴 2 格，1 格无效')).toBeVisible();
  const expected = before.map((s) =>
    s.startsWith('c05:')
      ? s.replace(/^c05:[^:]*/, 'c05:20')
      : s.startsWith('c09:')
        ? s.replace(/^c09:[^:]*/, 'c09:3')
        : s,
  );
  await expect.poll(list).toEqual(expected);
  await expect(cell('c02', 'grade')).toHaveClass(/grid-cell-invalid/);
  await expect(cell('c02', 'grade')).toHaveText('2'); // c02 keeps its 档位

  // a typed edit is saved; Ctrl+Z writes the old value back through the same API, twice
  await cell('c01', 'licenceNo').dblclick();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('420528999999');
  await page.keyboard.press('Enter');
  await expect
    .poll(list)
    .toEqual(expected.map((s) => (s.startsWith('c01:') ? s.replace(/[^:]*$/, '420528999999') : s)));
  await cell('c03', 'name').click();
  await page.keyboard.press('Control+Z');
  await expect.poll(list).toEqual(expected);
  await page.keyboard.press('Control+Z');
  await expect.poll(list).toEqual(before);
});
