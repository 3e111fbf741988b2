// npm start: the Electron window when the Electron binary is installed; otherwise
// browser mode on 127.0.0.1 (said in one line), serving the same app.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildElectron, bundleStale } from './build-electron.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? name + '.cmd' : name);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Found without require('electron'), which would try to download the binary.
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const p = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(p) ? p : null;
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

// Build the renderer when it is missing or older than its sources.
const index = path.join(root, 'dist', 'renderer', 'index.html');
if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < newestMtime(path.join(root, 'renderer'))) {
  console.log('正在构建界面……');
  run(bin('vite'), ['build', '--logLevel', 'warn']);
}

const electron = electronBinary();
if (electron) {
  run(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')]);
  // The native SQLite module must match Electron's ABI in the app (npm test switches it back).
  run(bin('electron-builder'), ['install-app-deps']);
  const child = spawn(electron, [root], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('未找到 Electron 程序文件（本机无法下载 Electron），改用浏览器模式启动同一个工作台：');
  // The bundled server (dist-electron/server.cjs, rebuilt when a source is newer), as the app runs it.
  if (bundleStale(['server', 'dbWorker', 'textExtractWorker'])) await buildElectron({ quiet: true });
  const child = spawn(process.execPath, [path.join(root, 'dist-electron', 'server.cjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
