// npm test: format check, lint, type check, the Electron security scan, build the renderer, unit and service tests (vitest),
// then browser-mode e2e in Chromium (Playwright). Ends with one summary line
// "N passed, N failed, N skipped" counted from both runners' JSON reports.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const step = (title, cmd, args, env = {}) => {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};

// The native module must be built for Node here (the app may have switched it to Electron's ABI).
const probe = spawnSync(
  process.execPath,
  ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"],
  { cwd: root, encoding: 'utf8' },
);
if (probe.status !== 0) {
  console.log('better-sqlite3 与当前 Node 不匹配，正在重新编译……');
  if (step('rebuild better-sqlite3', 'npm', ['rebuild', 'better-sqlite3']) !== 0) process.exit(1);
}

// Every test's temporary files (databases, backups, exports, Chromium profiles) go under one folder
// for the run, removed at the end, so repeated runs do not fill the disk (KEEP_TEST_TMP=1 keeps it).
const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-npm-test-'));
const tmpEnv = { TMPDIR: runTmp, TMP: runTmp, TEMP: runTmp };
process.on('exit', () => {
  if (!process.env.KEEP_TEST_TMP) fs.rmSync(runTmp, { recursive: true, force: true });
});

let failedSteps = 0;
failedSteps +=
  step('format check (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.']) === 0 ? 0 : 1;
failedSteps += step('lint (eslint: recommended rules and the seams)', bin('eslint'), ['.']) === 0 ? 0 : 1;
// Two programs keep the seam (see tsconfig.node.json / tsconfig.web.json): the Node side without the DOM
// (it also writes the declarations the web program reads the contract's types from), the page without
// Node's types; then the tests (Node and DOM) with everything they import.
const nodeCheck = step('type check: Node side (tsconfig.node.json)', bin('tsc'), ['-p', 'tsconfig.node.json']);
failedSteps += nodeCheck === 0 ? 0 : 1;
if (nodeCheck === 0) {
  failedSteps += step('type check: page (tsconfig.web.json)', bin('tsc'), ['-p', 'tsconfig.web.json']) === 0 ? 0 : 1;
} else {
  console.log('页面类型检查需要 Node 侧的声明文件，已跳过');
  failedSteps++;
}
failedSteps += step('type check: tests (tsconfig.json)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) === 0 ? 0 : 1;
failedSteps +=
  step('Electron security scan (electronegativity)', process.execPath, [
    path.join(root, 'scripts', 'electronegativity.mjs'),
  ]) === 0
    ? 0
    : 1;
if (step('build renderer', bin('vite'), ['build', '--logLevel', 'warn']) !== 0) failedSteps++;

const vitestJson = path.join(results, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
step(
  'unit and service tests (vitest)',
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  tmpEnv,
);

const pwJson = path.join(results, 'playwright.json');
fs.rmSync(pwJson, { force: true });
step('e2e in Chromium (Playwright, browser mode)', bin('playwright'), ['test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  ...tmpEnv,
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(vitestJson)) {
  const v = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed +=
    (v.numFailedTests ?? 0) +
    (v.numRuntimeErrorTestSuites ?? 0) +
    (v.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else {
  console.log('vitest 没有生成结果文件');
  failed++;
}
if (fs.existsSync(pwJson)) {
  const p = JSON.parse(fs.readFileSync(pwJson, 'utf8'));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0) + (p.errors?.length ?? 0);
  skipped += p.stats?.skipped ?? 0;
} else {
  console.log('Playwright 没有生成结果文件');
  failed++;
}
failed += failedSteps;
console.log(`\ntotal: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
