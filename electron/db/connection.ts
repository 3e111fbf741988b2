/**
 * Opening the one database file: pragmas, integrity check, migrations with a
 * backup taken first. Only the DB worker (and the CLI in-process) call this.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';
import { migrate, latestVersion, needsMigration, unknownApplied } from './migrate';
import { backupTo, newestBackup, recoveryBackupDirs } from './backup';
import { localTimeText } from '../../common/days';

export type DB = Database.Database;

export interface OpenOptions {
  /** folder for automatic backups (pre-migration copies go here too) */
  backupDir?: string;
  readonly?: boolean;
  /** skip migrations (job threads open an already-migrated file) */
  skipMigrate?: boolean;
  /**
   * Run PRAGMA quick_check before use (default true). Job threads pass false: the live
   * connection checked the file when the app opened it, and a check reads every page —
   * seconds on a large county's file — which would delay every preview and import.
   * Without it the header and schema are still read, so a file that is no database is refused.
   * 'beforeMigrating': only when a migration is about to change the file; otherwise the caller
   * checks it later on a connection of its own (the app, after its first screen: see
   * checkIntegrity and api/backend.ts).
   */
  quickCheck?: boolean | 'beforeMigrating';
}

/** What to do about a damaged file: the newest sound backup, or whom to ask. */
export const corruptAdvice = (newest: string | null): string =>
  newest ? `可以从最近的备份恢复：${newest}` : '没有找到可用的备份，请联系信息管理员。';

/** The refusal of a damaged file, naming the newest sound backup when there is one. */
export function corruptError(db: DB | null, file: string, backupDir: string | undefined, check: string): AppError {
  const newest = newestBackup(recoveryBackupDirs(db, file, backupDir))?.file ?? null;
  return new AppError('db_corrupt', `数据库文件已损坏（完整性检查未通过：${check}）。${corruptAdvice(newest)}`, {
    newestBackup: newest,
  });
}

/**
 * PRAGMA quick_check on a read-only connection of its own (the app runs it on a thread after
 * its first screen): 'ok', or what the check (or the failed read) said.
 */
export function checkIntegrity(file: string): string {
  let db: DB | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const r = db.pragma('quick_check', { simple: true });
    return String(r);
  } catch (err) {
    return (err as Error).message;
  } finally {
    db?.close();
  }
}

/**
 * The full check of `file` on connections of its own: null when it passes, else the db_corrupt
 * refusal (naming the newest sound backup; the backup folder is found without the settings when
 * they cannot be read) and what the check said.
 */
export function checkFile(file: string, backupDir: string | undefined): { error: AppError; detail: string } | null {
  const detail = checkIntegrity(file);
  if (detail === 'ok') return null;
  let db: DB | null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    db = null;
  }
  try {
    return { error: corruptError(db, file, backupDir, detail), detail };
  } finally {
    db?.close();
  }
}

export function applyPragmas(db: DB): void {
  // A read-only connection cannot switch the journal mode (a kept or restored file may be in rollback mode).
  if (!db.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
}

export function openDatabase(file: string, opts: OpenOptions = {}): DB {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  let db: DB;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false });
  } catch (err) {
    throw new AppError('db_open_failed', `无法打开数据库文件 ${file}：${(err as Error).message}`);
  }
  try {
    if (existed) {
      let check: unknown;
      try {
        db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get();
        const full =
          opts.quickCheck === 'beforeMigrating'
            ? !opts.skipMigrate && !opts.readonly && needsMigration(db)
            : opts.quickCheck !== false;
        check = full ? db.pragma('quick_check', { simple: true }) : 'ok';
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (!code.startsWith('SQLITE_CORRUPT') && code !== 'SQLITE_NOTADB') throw err;
        check = (err as Error).message;
      }
      if (check !== 'ok') throw corruptError(db, file, opts.backupDir, String(check));
    }
    if (!opts.skipMigrate && !opts.readonly) {
      // A file from a newer program is refused before anything is written to it.
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > latestVersion()) {
        throw new AppError(
          'db_too_new',
          `这个数据库由更新版本的工作台创建（结构版本 ${version}，本程序支持到 ${latestVersion()}），请升级程序后再打开。`,
        );
      }
      const unknown = unknownApplied(db);
      if (unknown.length) {
        throw new AppError(
          'db_too_new',
          `这个数据库含有本程序不认识的结构升级（${unknown.join('、')}），由更新版本的工作台创建，请升级程序后再打开。`,
        );
      }
      applyPragmas(db);
      if (existed && version > 0 && opts.backupDir && needsMigration(db)) {
        backupTo(db, path.join(opts.backupDir, `升级前-v${version}-${stamp()}.db`));
      }
      migrate(db);
    } else {
      applyPragmas(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A backup file's time, yyyymmdd-hhmmss on this computer's clock. */
export const stamp = (d = new Date()): string => localTimeText(d, true).replace(/[-:]/g, '').replace(' ', '-');
