/**
 * 网建达标 with a county of 8 客户经理 (the small demo; the page test's tiny demo has 3): the
 * 达标情况, 月度考核 and 目标 pages at 1366×768 and 1920×1080 show every manager with nothing cut
 * off and no window scroll. The screenshots are kept in test-results/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, useServer, SHOTS, apiCall } from './fixtures';
import { inspect, settle } from './pageChecks';

const app = useServer({ seed: [['demo', '--size', 'small', '--years', '1']] });

test('网建达标 pages with 8 客户经理 at both screen sizes: every manager shown, nothing cut off', async ({ page }) => {
  test.setTimeout(300_000);
  const scopes = await apiCall<{ managers: { code: string; name: string; onDuty: number }[] }>(
    app,
    'network.scopes',
    {},
  );
  const managers = scopes.managers.filter((m) => m.onDuty === 1);
  expect(managers.length).toBe(8);
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const [route, name] of [
      ['/network', 'network'],
      ['/network/assessment', 'network-assessment'],
      ['/network/targets', 'network-targets'],
    ]) {
      await page.goto(app.url + '#' + route);
      await settle(page);
      if (route === '/network')
        for (const m of managers) await expect(page.getByTestId('content')).toContainText(m.name);
      if (route === '/network/assessment')
        for (const id of ['assessment-values', 'assessment-history-grid']) {
          // the 手工录入 and 历史 grids hold all 8 managers, the last row whole, without a scroll of their own
          const grid = page.getByTestId(id);
          const last = await grid.locator('.ag-row', { hasText: 'KM008' }).first().boundingBox();
          const frame = await grid.locator('.ag-root-wrapper').first().boundingBox();
          expect(last!.y + last!.height, id).toBeLessThanOrEqual(frame!.y + frame!.height);
        }
      const f = await inspect(page);
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `eight-${name}-${width}.png`) });
      // and the lower part, scrolled as a clerk would
      await page.getByTestId('content').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.screenshot({ path: path.join(SHOTS, `eight-${name}-${width}-bottom.png`) });
      await page.getByTestId('content').evaluate((el) => (el.scrollTop = 0));
      expect.soft(f.truncated, `${route} ${width}: text cut off`).toEqual([]);
      expect.soft(f.docScroll, `${route} ${width}: the whole window scrolls`).toBeLessThanOrEqual(1);
      expect.soft(f.menuMoved, `${route} ${width}: the menu moved`).toBe(0);
      expect.soft(f.english, `${route} ${width}: English words`).toEqual([]);
    }
  }
});
