/**
 * Steps the plan specs share (plans.spec.ts, planMoney.spec.ts): the editor's form filled for a
 * monthly plan per 客户经理 by 近N月均值 and its parameters for the API, the grid with its 合计 row,
 * typing into a grid cell, and the 箱 text a cell shows.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** The editor's plan grid, its pinned 合计 row and a row by key. */
export function planGrid(page: Page) {
  const grid = page.getByTestId('plan-grid');
  return {
    grid,
    totalRow: grid.locator('.ag-grid-pinned-bottom-rows-container .ag-row').first(),
    row: (key: string) => grid.locator(`.ag-row[row-id="${key}"]`),
  };
}

/**
 * Fills the open editor for 2026年10月 per 客户经理 with 近N月均值 as the first method and the
 * given 销量 target (箱); `more` runs before the target is typed (extra methods, money targets).
 * Waits for the 合计 to show the target.
 */
export async function fillOctoberPlan(
  page: Page,
  o: { name: string; target: string; more?: () => Promise<void> },
): Promise<void> {
  // the editor is a lazily loaded page: on a loaded machine its code can take a while to arrive
  await expect(page.getByTestId('plan-editor')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('plan-name').fill(o.name);
  await page.getByTestId('plan-year').fill('2026');
  await page.getByTestId('plan-month').click();
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: /^10月$/ })
    .click();
  await page.getByTestId('plan-method-0').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '近N月均值' }).click();
  await o.more?.();
  await page.getByTestId('plan-target').fill(o.target);
  await expect(planGrid(page).totalRow.locator('[col-id="value"]')).toHaveText(boxes(Number(o.target) * 100));
}

/**
 * The breakdown parameters of a 2026年10月 plan (what fillOctoberPlan fills: 近3月均值 first),
 * for asking the API what the editor should show; `methods` and money targets go in `more`.
 */
export const octoberParams = (level: string, target: string, more: Record<string, unknown> = {}) => ({
  target,
  level,
  year: 2026,
  month: 10,
  methods: [{ method: 'recent', n: 3, weight: 1 }],
  ...more,
});

/** Types a value into a grid cell as a clerk does: double-click, select all, type, Enter. */
export async function typeInto(page: Page, cell: Locator, text: string): Promise<void> {
  await cell.dblclick();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Hundredths of a 箱 as the grid shows them: 120000 → 「1,200.00」. */
export const boxes = (hundredths: number) =>
  (hundredths / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
