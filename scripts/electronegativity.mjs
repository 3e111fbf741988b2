// Electronegativity (@doyensec/electronegativity) over the Electron side: the main-process and
// preload sources (electron/), the page the window loads (renderer/index.html) and package.json
// (Electron's version). Every finding fails the run; a finding that is not a fault is answered
// where it is found with an `eng-disable <CHECK>` comment saying why.
//
// The tool parses TypeScript with the TypeScript 4 compiler it ships; the repo's own TypeScript 7
// has no JavaScript API, so its parser's `require('typescript')` is pointed at that copy.
// The check that downloads Electron's release list is left out (no network in tests).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Module, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const toolDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const ts4 = require.resolve('typescript', { paths: [toolDir] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && parent?.filename?.includes(`${path.sep}@typescript-eslint${path.sep}`)) return ts4;
  return resolve.call(this, request, parent, ...rest);
};

export async function scan() {
  const electronVersion = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ).version;
  // A copy of just what the window runs: tests and the rest of the repo are not the app.
  const input = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-electronegativity-'));
  fs.cpSync(path.join(root, 'electron'), path.join(input, 'electron'), { recursive: true });
  fs.mkdirSync(path.join(input, 'renderer'));
  fs.copyFileSync(path.join(root, 'renderer', 'index.html'), path.join(input, 'renderer', 'index.html'));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(input, 'package.json'));
  const run = require(path.join(toolDir, 'dist', 'runner.js'));
  const quiet = console.log;
  console.log = () => {}; // the tool's notes about fetching translations
  try {
    const r = await run({
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      parserPlugins: [],
    });
    return { ...r, electronVersion };
  } finally {
    console.log = quiet;
    fs.rmSync(input, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await scan();
  for (const e of r.errors) console.log(`无法分析 ${e.file}：${e.message}`);
  // Informational findings (e.g. which Electron version was read) are not faults.
  const faults = r.issues.filter((i) => i.severity?.name !== 'INFORMATIONAL');
  for (const i of faults)
    console.log(`${i.id}  ${i.file}:${i.location?.line ?? 0}  ${i.severity?.name ?? ''}  ${i.description}`);
  console.log(
    `Electronegativity（Electron ${r.electronVersion}，${r.atomicChecks + r.globalChecks} 项检查）：` +
      `${faults.length} 个问题，${r.errors.length} 个文件无法分析`,
  );
  process.exit(faults.length === 0 && r.errors.length === 0 ? 0 : 1);
}
