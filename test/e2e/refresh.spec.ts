/**
 * Pages follow the data: on an empty database the 首页 colours no zero green;
 * after 载入示例数据 in the first-run wizard the 首页 shows the demo county's
 * figures without a reload.
 */
import { test, expect, useServer, apiCall, shot } from './fixtures';

const app = useServer({ setupDone: false });

test('the 首页 updates after 载入示例数据 without a reload, and colours no zero green before', async ({ page }) => {
  test.setTimeout(300_000);
  // The wizard loads the small demo county (two million order lines, minutes here); the test asks the
  // job for the tiny one instead, by rewriting the request on its way out: the page itself is unchanged.
  await page.route('**/api/call', async (route) => {
    const body = route.request().postDataJSON() as { method: string; input: { name?: string; input?: unknown } };
    if (body?.method === 'jobs.start' && body.input?.name === 'masterdata.demo')
      return route.continue({
        postData: JSON.stringify({ ...body, input: { ...body.input, input: { size: 'tiny' } } }),
      });
    return route.continue();
  });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(app.url);
  const wizard = page.getByRole('dialog', { name: '欢迎使用县级营销内勤工作台' });
  await expect(wizard).toBeVisible();
  // behind the wizard: an empty database — 网建 counts of 0 are not 达标 news
  const net = page.getByTestId('home-card-network.homeCard');
  await expect(net).toContainText('本月尚未设定目标');
  await expect(net.locator('.ant-typography-success')).toHaveCount(0);
  await expect(page.getByTestId('home-card-archive.homeCard').locator('.ant-typography-success')).toHaveCount(0);
  await expect(page.getByTestId('home-card-reports.homeCard')).toContainText('暂无');
  await wizard.getByLabel('单位名称').fill('示范县烟草专卖局（分公司）');
  await wizard.getByRole('button', { name: '下一步' }).click();
  // the page is never reloaded: a marker on window survives only within one load
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.getByTestId('load-demo').click();
  await expect(wizard).toBeHidden({ timeout: 240_000 });
  const d = await apiCall(app, 'reports.dashboard', {});
  expect(d.hasData).toBe(true);
  const card = page.getByTestId('home-card-reports.homeCard');
  await expect(card).toContainText(d.monthLabel);
  await expect(card).toContainText(`${(d.volumeTiao / 250).toFixed(2)} 箱`);
  await expect(page.getByText('当前数据库中是生成的示例数据')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  await shot(page, 'home-after-demo-1366');
});
