import { test, expect, useServer, shot, apiCall, launchServer } from './fixtures';

const app = useServer({ setupDone: false });

test('the app opens in Chinese with the first-run wizard and the navigation', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('dialog', { name: '欢迎使用县级营销内勤工作台' })).toBeVisible();
  await shot(page, 'shell-first-run');
  await page.getByPlaceholder('例如：某某县烟草专卖局（分公司）').fill('红安县烟草专卖局（分公司）');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '从空数据库开始' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('unit-name')).toHaveText('红安县烟草专卖局（分公司）');
  const html = await page.locator('body').innerText();
  expect(html).toContain('首页');
  expect(html).toContain('设置');
  // no English words from the component libraries leak into the shell
  expect(html).not.toMatch(/\b(Loading|No Data|Settings|Home)\b/);
  await shot(page, 'shell-home');
});

test('settings save and survive a restart of the server', async ({ page }) => {
  await page.goto(app.url + '#/settings');
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await page.getByTestId('unitName').fill('麻城市烟草专卖局（分公司）');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await shot(page, 'shell-settings');
  // restart: stop the server and start a new one on the same database
  app.proc!.kill('SIGTERM');
  await new Promise((r) => app.proc!.once('exit', r));
  Object.assign(app, await launchServer(app.dbPath));
  const s = await apiCall(app, 'settings.get', {});
  expect(s.unitName).toBe('麻城市烟草专卖局（分公司）');
  // The new launch has a new key: the page opens the new launch URL, as a person would.
  await page.goto(app.launchUrl + '#/settings');
  await expect(page).toHaveURL(app.url + '#/settings');
  await expect(page.getByTestId('unitName')).toHaveValue('麻城市烟草专卖局（分公司）');
});

test('a wrong payload over HTTP is refused with a Chinese message and changes nothing', async () => {
  await expect(apiCall(app, 'settings.update', { fondsNo: '12' })).rejects.toThrow('全宗号应为4位数字或字母');
  await expect(apiCall(app, 'settings.update', { evil: 1 })).rejects.toThrow(/不认识的字段/);
  const s = await apiCall(app, 'settings.get', {});
  expect(s.fondsNo).toBe('0194');
});
