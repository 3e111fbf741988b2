/**
 * Starts browser mode: the DB worker, then the HTTP server on 127.0.0.1.
 * Environment: WORKBENCH_PORT (default 5710; 0 = any free port), WORKBENCH_DATA_DIR, WORKBENCH_DB.
 * Prints the launch URL (with this launch's key) to open in a browser.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../api/workerClient';
import { startServer } from './server';
import { dataDirFor, defaultDbPath } from '../paths';
import { appFolder } from '../api/appFiles';

export const DEFAULT_PORT = 5710;

export async function startBrowserMode(
  opts: { port?: number; dbPath?: string; staticDir?: string; quiet?: boolean } = {},
) {
  const dbPath = path.resolve(opts.dbPath ?? process.env.WORKBENCH_DB ?? defaultDbPath());
  const dataDir = dataDirFor(dbPath);
  // electron/server/ in development, dist-electron/ in the bundle: the renderer is in dist/renderer either way.
  const here = typeof __dirname !== 'undefined' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  const root = path.basename(here) === 'dist-electron' ? path.dirname(here) : path.resolve(here, '../..');
  const staticDir = opts.staticDir ?? path.join(root, 'dist', 'renderer');
  const client = await startWorker({ dbPath, dataDir, autoBackup: true });
  const port =
    opts.port ?? (process.env.WORKBENCH_PORT !== undefined ? Number(process.env.WORKBENCH_PORT) : DEFAULT_PORT);
  const srv = await startServer({
    client,
    staticDir,
    port,
    uploadDir: appFolder(dataDir, 'uploads'),
    downloadDirs: [appFolder(dataDir, 'exports'), appFolder(dataDir, 'rejected')],
  });
  if (!opts.quiet) {
    // The launch URL carries this launch's key: only a page opened from it can use the API.
    process.stdout.write(
      `县级营销内勤工作台（浏览器模式）已启动，请在浏览器中打开：\n${srv.launchUrl}\n` +
        `（此地址只在本次启动有效；不带 ?launch= 的地址无法使用）\n数据库：${dbPath}\n按 Ctrl+C 退出。\n`,
    );
  }
  return {
    ...srv,
    dbPath,
    async close() {
      await srv.close();
      await client.close();
    },
  };
}

// electron/server/start.ts (tsx) or the bundle dist-electron/server.cjs
const isMain =
  process.argv[1] && /(server[\\/]start\.(ts|js|mjs)|dist-electron[\\/]server\.cjs)$/.test(process.argv[1]);
if (isMain) {
  startBrowserMode()
    .then((s) => {
      const stop = () => s.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      process.stderr.write(`启动失败：${err.message}\n`);
      process.exit(1);
    });
}
