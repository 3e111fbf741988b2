// npm run package:size — what the installer would carry besides the Electron runtime.
// Runs electron-builder on build/electron-builder.yml for an unpacked folder ("dir" target of
// this platform) with a stand-in Electron distribution (no download, no native rebuild, no fuses),
// then prints the size of resources/ (app.asar, app.asar.unpacked) and wb.cmd beside it.
// The layout of resources/ is the same on Windows; only the .node file differs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    process.exit(r.status ?? 1);
  }
  return r.stdout;
};

run(bin('vite'), ['build', '--logLevel', 'error']);
run(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')]);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-package-size-'));
const fake = path.join(work, 'electron-dist');
fs.mkdirSync(path.join(fake, 'resources'), { recursive: true });
fs.writeFileSync(path.join(fake, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
const noHook = path.join(work, 'no-fuses.cjs');
fs.writeFileSync(noHook, 'module.exports = async () => {};\n');
const electronVersion = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
run(bin('electron-builder'), [
  '--config',
  'build/electron-builder.yml',
  '--linux',
  'dir',
  '--publish',
  'never',
  `--config.electronDist=${fake}`,
  `--config.electronVersion=${electronVersion}`,
  '--config.npmRebuild=false',
  `--config.afterPack=${noHook}`,
  `--config.directories.output=${path.join(work, 'out')}`,
]);

const size = (p) => {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((n, e) => n + size(path.join(p, e)), 0);
};
const mb = (n) => (n / 1024 / 1024).toFixed(1) + ' MB';
const app = path.join(work, 'out', 'linux-unpacked');
const resources = path.join(app, 'resources');
console.log(`resources/                 ${mb(size(resources))}`);
console.log(`  app.asar                 ${mb(size(path.join(resources, 'app.asar')))}`);
const unpacked = path.join(resources, 'app.asar.unpacked');
console.log(`  app.asar.unpacked/       ${mb(size(unpacked))}`);
for (const e of fs.readdirSync(unpacked)) console.log(`    ${e.padEnd(22)} ${mb(size(path.join(unpacked, e)))}`);
console.log(`wb.cmd                     ${size(path.join(app, 'wb.cmd'))} B`);
fs.rmSync(work, { recursive: true, force: true });
