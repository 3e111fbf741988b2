import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './test/helpers/chromium';

/** e2e against browser mode in Debian's Chromium (no downloaded browsers here). */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    launchOptions: chromiumLaunch,
    screenshot: 'only-on-failure',
    acceptDownloads: true,
  },
});
