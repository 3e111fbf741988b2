// npm run cli: the bundled command line (dist-electron/cli.cjs), rebuilt first when any source is
// newer than it — like npm start builds the renderer. Runs in this process: no TypeScript
// loader and no second Node start-up.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleStale, buildElectron } from './build-electron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (bundleStale(['cli', 'wb', 'textExtractWorker'])) {
  process.stderr.write('正在构建命令行程序……\n');
  await buildElectron({ quiet: true });
}
// dist-electron/wb.cjs loads cli.cjs with V8's code cache and runs the command line.
createRequire(import.meta.url)(path.join(root, 'dist-electron', 'wb.cjs'));
