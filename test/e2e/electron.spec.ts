/**
 * The real Electron window. Runs where an Electron binary is installed; here
 * (no binary can be downloaded) it is skipped with the reason printed.
 */
import { test, expect, _electron as electron } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, SHOTS } from './fixtures';

/** The installed Electron binary, found without require('electron') (which would try to download it). */
function electronPath(): string | null {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const p = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(p) ? p : null;
}

const bin = electronPath();
if (!bin) console.log('跳过 Electron 窗口测试：本机没有 Electron 程序文件（它不在 npm 仓库中，无法下载）。');

test('the Electron window opens the Chinese shell with secure defaults', async () => {
  test.skip(!bin, 'Electron binary not installed on this machine');
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-electron.mjs')], { cwd: ROOT });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-electron-'));
  const app = await electron.launch({
    executablePath: bin!,
    args: [ROOT],
    env: { ...process.env, WORKBENCH_DATA_DIR: dataDir },
  });
  const page = await app.firstWindow();
  await expect(page.getByText('县级营销内勤工作台').first()).toBeVisible();
  const hasNode = await page.evaluate(
    () =>
      typeof (globalThis as { require?: unknown }).require !== 'undefined' ||
      typeof (globalThis as { process?: unknown }).process !== 'undefined',
  );
  expect(hasNode).toBe(false);
  const bridge = await page.evaluate(() => Object.keys((window as unknown as { workbench: object }).workbench).sort());
  expect(bridge).toEqual(['invoke', 'isElectron', 'onJob', 'openFile', 'printReady', 'printToPdf', 'saveFile']);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'electron-window.png') });
  await app.close();
});
