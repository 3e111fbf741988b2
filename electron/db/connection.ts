/**
 * Opening the one database file: pragmas, integrity check, migrations with a
 * backup taken first. Only the DB worker (and the CLI in-process) call this.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, diskFailure, toErrorPayload } from '../api/errors';
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

/**
 * The refusal of a damaged file, naming the newest sound backup when there is one. What the
 * check said (English) goes into the details, for the log and the county's IT staff.
 * `what` replaces the first sentence (a file that is no database, an empty file).
 */
export function corruptError(
  db: DB | null,
  file: string,
  backupDir: string | undefined,
  check: string,
  what = '数据库文件已损坏（完整性检查未通过）。',
): AppError {
  const newest = newestBackup(recoveryBackupDirs(db, file, backupDir))?.file ?? null;
  return new AppError('db_corrupt', `${what}${corruptAdvice(newest)}`, { newestBackup: newest, detail: check });
}

/**
 * A failure while opening that is not about the file's pages, as a Chinese refusal: the disk is
 * full or cannot be written, or the file cannot be opened at all.
 */
function openRefusal(err: unknown, file: string): AppError {
  if (err instanceof AppError) return err;
  const cause = (err as Error)?.message ?? String(err);
  if (diskFailure(err) === 'full') {
    return new AppError(
      'disk_full',
      `磁盘空间不足，无法打开数据库文件 ${file}；文件未做任何改动。请清理数据所在的磁盘后再启动。`,
      { cause },
    );
  }
  if (diskFailure(err) === 'failed') {
    return new AppError(
      'db_open_failed',
      `无法打开数据库文件 ${file}（位置不存在、只读或没有权限，或磁盘出错）；文件未做任何改动。`,
      { cause },
    );
  }
  const p = toErrorPayload(err);
  if (p.code !== 'internal') return AppError.fromPayload(p);
  return new AppError('db_open_failed', `无法打开数据库文件 ${file}：${p.message}`, p.details);
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
  // At most 64 MB of page cache per connection (the DB worker's, a running job's; the file check
  // and the daily backup use SQLite's default 2 MB), and no memory-mapped I/O: a city's 3.75 GB
  // file cannot be mapped into the 2 GB address space of the ia32 build.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 0');
}

export function openDatabase(file: string, opts: OpenOptions = {}): DB {
  let size: number | null;
  let db: DB;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? null;
    db = new Database(file, { readonly: opts.readonly ?? false });
  } catch (err) {
    throw openRefusal(err, file);
  }
  const existed = size !== null && size > 0;
  try {
    if (size === 0 && !opts.readonly && !opts.skipMigrate) {
      // An empty file is a new database — unless backups of one stand beside it: then the file
      // was emptied (a failed copy, a full disk), and starting afresh would let the empty
      // database's daily backups push the sound ones out. The newest is offered instead.
      const newest = newestBackup(recoveryBackupDirs(null, file, opts.backupDir));
      if (newest)
        throw corruptError(
          null,
          file,
          opts.backupDir,
          'empty file',
          `数据库文件是空的（0 字节），但已有它的备份，没有把它当作新数据库打开。`,
        );
    }
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
        if (code === 'SQLITE_NOTADB')
          throw corruptError(
            null,
            file,
            opts.backupDir,
            (err as Error).message,
            `“${file}”不是工作台的数据库文件（也可能已严重损坏），没有打开它，文件未做任何改动。`,
          );
        if (!code.startsWith('SQLITE_CORRUPT')) throw err;
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
          `这个数据库由更新版本的工作台创建（结构版本 ${version}，本程序支持到 ${latestVersion()}），请升级程序后再打开；文件未做任何改动。`,
        );
      }
      const unknown = unknownApplied(db);
      if (unknown.length) {
        throw new AppError(
          'db_too_new',
          `这个数据库含有本程序不认识的结构升级（${unknown.join('、')}），由更新版本的工作台创建，请升级程序后再打开；文件未做任何改动。`,
        );
      }
      if (existed && version === 0 && foreignTables(db).length) {
        // Another program's SQLite file: migrating would write the workbench's tables into it.
        throw new AppError(
          'backup_foreign',
          `“${file}”是其他程序的 SQLite 数据库，不是工作台的数据库，没有打开它，文件未做任何改动。`,
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
    throw openRefusal(err, file);
  }
}

/** Tables of a file that has no workbench structure yet (user_version 0): any is another program's. */
function foreignTables(db: DB): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
      .pluck()
      .all() as string[]
  ).filter((n) => n !== 'schema_migrations');
}

/** A backup file's time, yyyymmdd-hhmmss on this computer's clock. */
export const stamp = (d = new Date()): string => localTimeText(d, true).replace(/[-:]/g, '').replace(' ', '-');
