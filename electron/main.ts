/**
 * Electron entry: starts the shell with the real `electron` module. The DB
 * worker is the bundled dbWorker.cjs beside this file; data lives in the
 * user's profile (never the install folder).
 */
import * as electron from 'electron';
import path from 'node:path';
import { startShell } from './shell';
import { startWorker } from './api/workerClient';
import { defaultDbPath, APP_FOLDER, asarUnpacked } from './paths';
import { VERSION } from './version';

const dataDir = process.env.WORKBENCH_DATA_DIR ?? path.join(electron.app.getPath('appData'), APP_FOLDER);
const dbPath = process.env.WORKBENCH_DB ?? defaultDbPath(dataDir);

/** The backup the next worker start restores over a damaged database (start-up recovery). */
let recoverFrom: string | undefined;

startShell({
  electron: electron as unknown as Parameters<typeof startShell>[0]['electron'],
  client: () => {
    const from = recoverFrom;
    recoverFrom = undefined;
    return startWorker({
      dbPath,
      dataDir,
      // unpacked from app.asar (build/electron-builder.yml): a worker thread cannot start from inside it
      script: asarUnpacked(path.join(__dirname, 'dbWorker.cjs')),
      autoBackup: true,
      recoverFrom: from,
    });
  },
  indexFile: path.join(__dirname, '..', 'dist', 'renderer', 'index.html'),
  preloadFile: path.join(__dirname, 'preload.cjs'),
  version: VERSION,
  // Recovery goes through the DB worker: the next start restores the chosen backup, then opens it.
  restoreFromBackup: (file) => {
    recoverFrom = file;
  },
});
