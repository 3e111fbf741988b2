/**
 * Backups through SQLite's online backup API (consistent while the app runs),
 * daily rotation, and restore with an integrity check that keeps the replaced file.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';

export interface BackupInfo {
  file: string;
  size: number;
  mtime: string;
}

/** Consistent copy of an open database into `file` (VACUUM INTO: compact, one file). */
export function backupTo(db: Database.Database, file: string): BackupInfo {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (fs.existsSync(file)) fs.rmSync(file);
  db.exec(`VACUUM INTO '${path.resolve(file).replace(/'/g, "''")}'`);
  const st = fs.statSync(file);
  return { file: path.resolve(file), size: st.size, mtime: st.mtime.toISOString() };
}

export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return { file: path.join(dir, f), size: st.size, mtime: st.mtime.toISOString() };
    })
    .sort((a, b) => (a.mtime < b.mtime ? 1 : a.mtime > b.mtime ? -1 : b.file.localeCompare(a.file)));
}

const AUTO_PREFIX = '自动备份-';

/** Takes today's automatic backup if there is none yet, then keeps only the newest `keep`. */
export function dailyBackup(db: Database.Database, dir: string, keep: number, today = new Date()): BackupInfo | null {
  const day = today.toISOString().slice(0, 10);
  const name = `${AUTO_PREFIX}${day}.db`;
  const target = path.join(dir, name);
  let made: BackupInfo | null = null;
  if (!fs.existsSync(target)) made = backupTo(db, target);
  const autos = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.startsWith(AUTO_PREFIX) && f.endsWith('.db'))
        .sort()
        .reverse()
    : [];
  for (const old of autos.slice(Math.max(1, keep))) fs.rmSync(path.join(dir, old));
  return made;
}

/** Checks that `file` is a sound workbench database; throws a Chinese message if not. */
export function verifyBackupFile(file: string): { schemaVersion: number } {
  if (!fs.existsSync(file)) throw new AppError('backup_missing', `找不到备份文件：${file}`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new AppError('backup_corrupt', `备份文件已损坏，不能用于恢复：${String(check)}`);
    const hasSettings = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='settings'").get();
    if (!hasSettings) throw new AppError('backup_foreign', '这个文件不是工作台的数据库备份');
    return { schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('backup_unreadable', `无法读取备份文件：${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

/**
 * Replaces the database file with a checked backup. The caller must have closed
 * its connection. The replaced file is kept beside it as `<name>.replaced-<stamp>`.
 */
export function restoreFile(
  backupFile: string,
  dbFile: string,
  stamp: string,
): { keptAs: string | null; schemaVersion: number } {
  const info = verifyBackupFile(backupFile);
  let keptAs: string | null = null;
  if (fs.existsSync(dbFile)) {
    keptAs = `${dbFile}.replaced-${stamp}`;
    fs.copyFileSync(dbFile, keptAs);
  }
  for (const suffix of ['-wal', '-shm']) if (fs.existsSync(dbFile + suffix)) fs.rmSync(dbFile + suffix);
  fs.copyFileSync(backupFile, dbFile);
  return { keptAs, schemaVersion: info.schemaVersion };
}

/**
 * Copies the files of a content-addressed folder (attachments stored under
 * their SHA-256) that the target lacks. Names never change, so a file present
 * in both is the same file; returns how many were copied.
 */
export function syncFolder(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0;
  let copied = 0;
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) copied += syncFolder(src, dst);
    else if (e.isFile() && !fs.existsSync(dst)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dst);
      copied++;
    }
  }
  return copied;
}
