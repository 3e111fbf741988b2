/**
 * The checks of a page as a clerk sees it, shared by pages.spec.ts (every page) and the specs
 * that look at one page with more data: grid and table cells whose text is cut off (too wide, or
 * wrapped onto more lines than the row shows), English
 * words outside an allow-list, a whole window that scrolls, a side menu that moves.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

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

export interface Findings {
  truncated: string[];
  /** grid or table columns cut by the right edge of their grid, or whose header is cut short */
  cutColumns: string[];
  english: string[];
  docScroll: number;
  menuMoved: number;
}

/** What a clerk would see wrong on the open page: cut-off text, English words, a window or menu that scrolls. */
export async function inspect(page: Page): Promise<Findings> {
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
        // a grid cell in view whose (wrapped) lines are taller than its row shows only the first of
        // them (rows below the view are sized by the grid only when they scroll into it)
        const rect = range.getBoundingClientRect();
        const cell = el.getBoundingClientRect();
        const body = el.closest('.ag-body-viewport')?.getBoundingClientRect();
        const inView = !!body && cell.top >= body.top && cell.bottom <= body.bottom;
        const tall = el.classList.contains('ag-cell') && inView && rect.height > el.clientHeight + 1;
        if (rect.width > room + 1 || tall) {
          const col = el.closest('[col-id]')?.getAttribute('col-id') ?? '';
          truncated.push(`${col}:${text.slice(0, 30)}`);
        }
      }
      // a column half in view at the right edge of its grid (the rest only after scrolling
      // sideways, with nothing to say so), or a header shorter than its title
      const cutColumns: string[] = [];
      const frames: [Element, DOMRect][] = [];
      for (const g of document.querySelectorAll('.ag-root-wrapper')) {
        const v = g.querySelector<HTMLElement>('.ag-grid-viewport, .ag-body-viewport');
        if (!v || !visible(v)) continue;
        const r = v.getBoundingClientRect();
        // the scrolling columns' room: the viewport without its vertical scroll bar and without
        // the columns pinned on the right (a 总分 that stays in view)
        let right = 0;
        for (const p of g.querySelectorAll<HTMLElement>(
          '.ag-header .ag-grid-pinned-right-cells, .ag-header .ag-pinned-right-header',
        ))
          right = Math.max(right, p.getBoundingClientRect().width);
        frames.push([g, new DOMRect(r.left, r.top, v.clientWidth - right, r.height)]);
      }
      for (const t of document.querySelectorAll('.ant-table-container'))
        if (visible(t)) frames.push([t, t.getBoundingClientRect()]);
      for (const [frame, box] of frames) {
        const heads = frame.querySelectorAll<HTMLElement>('.ag-header-cell, th.ant-table-cell');
        for (const h of heads) {
          if (!visible(h)) continue;
          const r = h.getBoundingClientRect();
          const title = h.innerText.trim().replace(/\u2060/g, '') || h.getAttribute('col-id') || '';
          if (r.left < box.right - 1 && r.right > box.right + 1) cutColumns.push(`${title}: 右边缘处被截断`);
          const text = h.querySelector<HTMLElement>('.ag-header-cell-text');
          if (text && text.scrollWidth > text.clientWidth + 1) cutColumns.push(`${title}: 表头显示不全`);
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
        cutColumns,
        english: [...english],
        docScroll: document.scrollingElement!.scrollHeight - window.innerHeight,
        menuMoved: after - before,
      };
    },
    [...ALLOWED],
  );
}

/** Waits until the page has loaded its data and stopped spinning. */
export async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 30_000 });
  await page.waitForTimeout(300);
}

/**
 * What a grid shows without scrolling sideways: the titles of the columns wholly in view, and by
 * how many pixels its columns are wider than the grid (0 when they fit). `inspect` does not see a
 * column out of view: its cells are not cut off, and the grid does not even draw them.
 */
export async function gridInView(page: Page, gridTestId: string): Promise<{ titles: string[]; overflow: number }> {
  return page.getByTestId(gridTestId).evaluate((grid) => {
    const shown = grid.querySelector('.ag-root-wrapper')!.getBoundingClientRect();
    const titles = [...grid.querySelectorAll<HTMLElement>('.ag-header-cell')]
      .filter((h) => {
        const r = h.getBoundingClientRect();
        return r.width > 0 && r.left >= shown.left - 1 && r.right <= shown.right + 1;
      })
      .map((h) => h.innerText.trim());
    const bar = grid.querySelector<HTMLElement>('.ag-body-horizontal-scroll-viewport');
    return { titles, overflow: bar ? bar.scrollWidth - bar.clientWidth : 0 };
  });
}
