/**
 * Accounts in browser mode: log in as 内勤, change a setting, log out, log in as
 * 主任 and find the change in the 审计日志; a 只读 user is refused a change.
 */
import { test, expect, useServer, apiCall, shot } from './fixtures';
import type { Page } from '@playwright/test';

const app = useServer({ unitName: '示范县烟草专卖局（分公司）' });

test.describe.configure({ mode: 'serial' });

test('the single user sets up a 主任 account and switches login on from 用户管理', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('user-menu')).toContainText('内勤（单用户）');
  await page.getByTestId('nav').getByText('用户管理').click();
  await expect(page.getByTestId('login-switch')).toContainText('未启用登录（单用户模式）');

  // No 主任/管理员 yet: switching on is not offered.
  await page.getByTestId('enable-login').click();
  await expect(page.getByRole('dialog')).toContainText('请先新建一个主任或管理员账号并设置密码');
  await expect(page.locator('.ant-modal')).not.toHaveClass(/zoom-(appear|enter)/); // opened, not still zooming in
  await page.getByRole('button', { name: '取 消' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  await page.getByTestId('create-user').click();
  await page.getByTestId('user-login').fill('lizr');
  await page.getByTestId('user-name').fill('李主任');
  await page.getByTestId('user-role').click();
  await page.getByTitle('主任（查看、审批计划、打印、管理用户）').click();
  await page.getByTestId('user-password').fill('head-pass-1');
  await page.getByTestId('user-password-confirm').fill('head-pass-1');
  await page.getByRole('button', { name: '确 定' }).click();
  await expect(page.getByText('已新建用户 lizr')).toBeVisible();

  // A taken login is refused with the reason, and the dialog stays open.
  await page.getByTestId('create-user').click();
  await page.getByTestId('user-login').fill('LIZR');
  await page.getByTestId('user-name').fill('重名');
  await page.getByTestId('user-role').click();
  await page.getByTitle('只读（只能查看和打印）').click();
  await page.getByTestId('user-password').fill('other-pass-1');
  await page.getByTestId('user-password-confirm').fill('other-pass-1');
  await page.getByRole('button', { name: '确 定' }).click();
  await expect(page.getByTestId('dialog-error')).toHaveText('登录名“LIZR”已被使用');
  await page.getByRole('button', { name: '取 消' }).click();

  // The others through the API, as the single user.
  await apiCall(app, 'accounts.createUser', {
    login: 'zhangmin',
    name: '张敏',
    role: 'clerk',
    password: 'clerk-pass-1',
  });
  await apiCall(app, 'accounts.createUser', {
    login: 'zhaody',
    name: '赵只读',
    role: 'readonly',
    password: 'viewer-pass-1',
  });

  await page.getByTestId('enable-login').click();
  await page.getByTestId('enable-login-user').click();
  await page.getByTitle('李主任（lizr，主任）').click();
  await page.getByTestId('enable-login-password').fill('head-pass-1');
  await shot(page, 'accounts-enable-login');
  await page.getByRole('button', { name: '确 定' }).click();
  await expect(page.getByTestId('login-switch')).toContainText('已启用登录');
  await expect(page.getByTestId('user-menu')).toContainText('李主任');
  // From now on the backend wants a login.
  await expect(apiCall(app, 'settings.get', {})).rejects.toThrow('请先登录');
});

/** Pages whose purpose is changing data: offered to 内勤, not to 只读. */
const EDIT_PAGES = ['导入向导', '目标录入', '指标目录', '档案设置', '设置'];
/** Pages that show or print data: offered to every role. */
const VIEW_PAGES = [
  '零售客户',
  '导入历史',
  '销售情况表',
  '月报',
  '计划编制',
  '收发文登记',
  '文档检索',
  '归档目录',
  '达标情况',
  '月度考核',
  '审计日志',
];

const navItem = (page: Page, label: string) =>
  page.getByTestId('nav').getByRole('menuitem', { name: label, exact: true });

async function logIn(page: Page, login: string, password: string) {
  await expect(page.getByTestId('login-page')).toBeVisible();
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('nav')).toBeVisible();
}

async function logOut(page: Page) {
  await page.getByTestId('user-menu').hover();
  await page.getByText('退出登录', { exact: true }).click();
  await expect(page.getByTestId('login-page')).toBeVisible();
}

test('内勤 changes a setting and 主任 sees who changed it, when and from what in the 审计日志', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('login-page')).toBeVisible();
  await shot(page, 'accounts-login');

  // A wrong password is refused in Chinese, with the same words as an unknown login name.
  await page.getByTestId('login-name').fill('zhangmin');
  await page.getByTestId('login-password').fill('not-the-pass');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText('登录名或密码不正确');
  await page.getByTestId('login-name').fill('no-such-user');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText('登录名或密码不正确');
  await page.getByTestId('login-name').fill('zhangmin');

  await page.getByTestId('login-password').fill('clerk-pass-1');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-menu')).toContainText('张敏');
  await expect(page.getByTestId('user-menu')).toContainText('内勤');
  // 内勤 does not manage users, and has every page that changes data.
  await expect(page.getByTestId('nav')).not.toContainText('用户管理');
  await expect(page.getByTestId('nav')).toContainText('审计日志');
  for (const label of EDIT_PAGES) await expect(navItem(page, label), label).toHaveCount(1);
  await shot(page, 'accounts-clerk-nav');

  await page.goto(app.url + '#/settings');
  await page.getByTestId('unitName').fill('红安县烟草专卖局（分公司）');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await expect(page.getByTestId('unit-name')).toHaveText('红安县烟草专卖局（分公司）');
  await logOut(page);

  await logIn(page, 'lizr', 'head-pass-1');
  await expect(page.getByTestId('user-menu')).toContainText('李主任');
  await page.getByTestId('nav').getByText('审计日志').click();
  await expect(page.getByTestId('audit-page')).toBeVisible();
  // Narrow to the settings module, as 主任 would.
  await page.getByTestId('audit-module').click();
  await page.getByTitle('设置', { exact: true }).click();
  await page.getByTestId('audit-search').click();
  const row = page.getByTestId('audit-table').locator('tbody tr').filter({ hasText: '张敏（zhangmin）' }).first();
  await expect(row).toContainText('单位名称：示范县烟草专卖局（分公司） → 红安县烟草专卖局（分公司）');
  await expect(row).toContainText('浏览器');
  await expect(row).toContainText('修改');
  await expect(row).toContainText(new Date().getFullYear() + '/');
  await shot(page, 'accounts-audit-log');

  // Other pages link to the log of one record; 张敏's wrong password is there under her account.
  await page.goto(app.url + '#/accounts/audit?record=user:zhangmin');
  await expect(page.getByTestId('audit-record')).toHaveValue('user:zhangmin');
  const rows = page.getByTestId('audit-table').locator('tbody tr');
  await expect(rows.filter({ hasText: '登录失败' })).toHaveCount(1);
  await expect(rows.filter({ hasText: '登录失败' })).toContainText('连续输错次数：1');
  await expect(rows.filter({ hasText: '设置' })).toHaveCount(0);

  // 主任 manages the accounts and sees each role.
  await page.getByTestId('nav').getByText('用户管理').click();
  await expect(page.getByTestId('users-page')).toContainText('已启用登录');
  await expect(page.getByTestId('users-page')).toContainText('赵只读');
  await shot(page, 'accounts-users');
});

test('a 只读 user is offered only the pages that show and print, is told 无权限 on an editing page opened by its address, and is refused a change', async ({
  page,
}) => {
  await page.goto(app.url);
  await logIn(page, 'zhaody', 'viewer-pass-1');
  await expect(page.getByTestId('nav')).not.toContainText('用户管理');
  for (const label of VIEW_PAGES) await expect(navItem(page, label), label).toHaveCount(1);
  for (const label of EDIT_PAGES) await expect(navItem(page, label), label).toHaveCount(0);
  await shot(page, 'accounts-readonly-nav');
  // An editing page opened by its address says why it is not there, in place of the page …
  await page.goto(app.url + '#/imports');
  await expect(page.getByTestId('no-permission')).toContainText('无权限使用此页面');
  await expect(page.getByTestId('no-permission')).toContainText('赵只读（只读）不能使用“导入向导”');
  await shot(page, 'accounts-readonly-no-permission');
  await page.getByRole('button', { name: '返回首页' }).click();
  await expect(page.getByTestId('no-permission')).toHaveCount(0);
  await page.goto(app.url + '#/settings');
  await expect(page.getByTestId('no-permission')).toContainText('不能使用“设置”');
  await expect(page.getByRole('button', { name: '保存设置' })).toHaveCount(0);
  await expect(page.getByTestId('backup-now')).toHaveCount(0);
  // … while the pages that show data open as usual.
  await page.goto(app.url + '#/network/assessment');
  await expect(page.getByTestId('assessment-page')).toBeVisible();
  await expect(page.getByTestId('no-permission')).toHaveCount(0);
  // … and the backend refuses the change anyway, whatever the page shows.
  const viewer = await apiCall(app, 'accounts.login', { login: 'zhaody', password: 'viewer-pass-1' });
  await expect(apiCall(app, 'settings.update', { unitName: '只读不该改' }, viewer.token)).rejects.toThrow(
    '当前账号（赵只读）没有权限执行此操作',
  );
  // Typing a page's address does not help either.
  await page.goto(app.url + '#/accounts/users');
  await expect(page.getByTestId('no-permission')).toContainText('不能使用“用户管理”');
  await shot(page, 'accounts-readonly-users-refused');
  const head = await apiCall(app, 'accounts.login', { login: 'lizr', password: 'head-pass-1' });
  const s = await apiCall(app, 'settings.get', {}, head.token);
  expect(s.unitName).toBe('红安县烟草专卖局（分公司）');
});
