/**
 * How the tests and benchmarks start a browser here: Debian's Chromium (no downloaded
 * browsers; CHROMIUM_PATH to use another), without the sandbox, the GPU or background traffic.
 * Shared by playwright.config.ts (the e2e) and the core benchmark.
 */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
};
