/** Where the workbench keeps its data: the user's profile, never the install folder. */
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = '县级营销内勤工作台';

export function defaultDataDir(): string {
  if (process.env.WORKBENCH_DATA_DIR) return path.resolve(process.env.WORKBENCH_DATA_DIR);
  if (process.platform === 'win32' && process.env.APPDATA) return path.join(process.env.APPDATA, APP_FOLDER);
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, APP_FOLDER);
}

export function defaultDbPath(dataDir = defaultDataDir()): string {
  return path.join(dataDir, 'workbench.db');
}

/** The data folder of a given database file: attachments and exports live beside it. */
export function dataDirFor(dbPath: string): string {
  return path.dirname(path.resolve(dbPath));
}

export function defaultBackupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/**
 * The real path of a file electron-builder unpacked from app.asar (the worker scripts): worker
 * threads do not read inside the archive, so they are started from app.asar.unpacked.
 */
export function asarUnpacked(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}
