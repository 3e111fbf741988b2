/**
 * Backups and restore of the one database file.
 *
 * Backup: a consistent copy (VACUUM INTO, safe while the app runs) written to a
 * temporary file beside the target, flushed to disk, then renamed into place. An
 * existing file at the target is never deleted or truncated first, so a failed or
 * interrupted backup (disk full, process killed) leaves the previous one intact. The
 * live database's own files are refused as targets.
 *
 * Restore is a protocol (restoreDatabase): copy the backup beside the live file and check
 * the copy (integrity, version, applied migrations) → take the database exclusively or refuse → checkpoint the
 * WAL → keep the current file (a hard link: the same bytes under a second name) → swap by rename →
 * reopen, switching back if that fails → write an audit row in the restored file.
 * Every refusal leaves the live database as it was.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { todayText } from '../../common/days';
import { AppError, diskFailure, toErrorPayload } from '../api/errors';
import { latestVersion, loadMigrations, unknownApplied } from './migrate';

type DB = Database.Database;

export interface BackupInfo {
  file: string;
  size: number;
  mtime: string;
}

export const DISK_FULL_MESSAGE = '磁盘空间不足';

/**
 * A write that failed becomes a Chinese refusal saying nothing changed: lack of space
 * (SQLITE_FULL, ENOSPC) says 磁盘空间不足; other I/O and permission failures say the
 * place could not be written (`where`: the folder or file, named to the clerk). What the
 * system said goes into the details, not the message. Anything else is passed on.
 */
export function diskFullOr(err: unknown, what: string, where?: string): unknown {
  if (err instanceof AppError) return err;
  const kind = diskFailure(err);
  const details = { cause: (err as Error)?.message ?? String(err) };
  if (kind === 'full') {
    return new AppError(
      'disk_full',
      `${DISK_FULL_MESSAGE}，${what}未完成；原有文件未受影响。请清理磁盘或换一个位置后再试。`,
      details,
    );
  }
  if (kind === 'failed') {
    return new AppError(
      'write_failed',
      `无法写入${where ? `“${where}”` : '文件'}（位置只读、不存在或没有写入权限，或磁盘出错），${what}未完成；原有文件未受影响。请检查位置是否可写后再试。`,
      details,
    );
  }
  return err;
}

function norm(p: string): string {
  return process.platform === 'win32' ? p.toLowerCase() : p;
}

/** The real path of a file that may not exist yet (its folder resolved, its name kept). */
function realTarget(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync.native(abs);
  } catch {
    try {
      return path.join(fs.realpathSync.native(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

const LIVE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/** True when `file` is the live database or one of its side files (by real path, or the same file by inode). */
export function isLiveFile(file: string, dbPath: string): boolean {
  const target = realTarget(file);
  const targetStat = fs.statSync(target, { throwIfNoEntry: false });
  for (const suffix of LIVE_SUFFIXES) {
    const live = realTarget(path.resolve(dbPath) + suffix);
    if (norm(live) === norm(target)) return true;
    if (targetStat) {
      const ls = fs.statSync(live, { throwIfNoEntry: false });
      if (ls && ls.ino === targetStat.ino && ls.dev === targetStat.dev && ls.ino !== 0) return true;
    }
  }
  return false;
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable (POSIX); Windows cannot open a folder for this and needs nothing. */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported here (Windows)
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function tempBeside(file: string, tag: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that a killed backup or restore left beside `file`
 * (those of processes no longer running); returns how many were removed.
 */
export function removeStaleTemps(file: string): number {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(?:part|restore)-(\d+)-[0-9a-f]{8}\.tmp(-wal|-shm|-journal)?$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/**
 * Writes a consistent copy of `db` to `dest` (temporary file, fsync, rename).
 * `what` names the operation in a disk-full message.
 */
function copyDatabase(db: DB, dest: string, what: string): void {
  const tmp = tempBeside(dest, 'part');
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    fsyncFile(tmp);
    fs.renameSync(tmp, dest);
    fsyncDir(path.dirname(dest));
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw diskFullOr(err, what, path.dirname(dest));
  }
}

/**
 * What stands at a backup's target: nothing, an earlier backup (replaced only once the new copy
 * is whole), or something that must not be replaced — a file that is no workbench database
 * (the clerk's own file under that name), or a database in use (its -wal, -shm or -journal file
 * beside it: replacing it would pull the file from under the program using it).
 */
function refuseTarget(target: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target, { throwIfNoEntry: false });
  } catch (err) {
    throw diskFullOr(err, '备份', path.dirname(target));
  }
  if (!st) return;
  if (st.isDirectory()) throw new AppError('invalid_backup_name', `备份位置是一个文件夹，请给出文件名：${target}`);
  if (!st.isFile())
    throw new AppError('backup_target_taken', `已有同名的特殊文件，不能覆盖：${target}。请换一个文件名。`);
  if (['-wal', '-shm', '-journal'].some((s) => fs.existsSync(target + s))) {
    throw new AppError(
      'backup_target_taken',
      `“${target}”是一个正在使用（或没有正常关闭）的数据库，不能用备份覆盖它；原文件未改动。请换一个文件名。`,
    );
  }
  let db: DB | undefined;
  let ours = false;
  try {
    db = new Database(target, { readonly: true, fileMustExist: true });
    ours = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='settings'").get();
  } catch {
    // no database (or an unreadable one): not an earlier backup
  } finally {
    db?.close();
  }
  if (!ours && st.size > 0) {
    throw new AppError(
      'backup_target_taken',
      `已有同名文件“${target}”，它不是工作台的备份，不能覆盖；原文件未改动。请换一个文件名。`,
    );
  }
}

/**
 * Consistent copy of an open database into `file`; refuses the live database's own files and
 * any file at the target that is not an earlier backup (refuseTarget).
 */
export function backupTo(db: DB, file: string): BackupInfo {
  const target = path.resolve(file);
  let live: boolean;
  try {
    live = isLiveFile(target, db.name);
  } catch (err) {
    throw diskFullOr(err, '备份', path.dirname(target));
  }
  if (live) {
    throw new AppError('backup_is_live', '不能备份到正在使用的数据库文件本身，请换一个文件名或位置');
  }
  refuseTarget(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  } catch (err) {
    throw diskFullOr(err, '备份', path.dirname(target));
  }
  removeStaleTemps(target);
  copyDatabase(db, target, '备份');
  const st = fs.statSync(target);
  return { file: target, size: st.size, mtime: st.mtime.toISOString() };
}

export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .flatMap((f) => {
      const st = fs.statSync(path.join(dir, f), { throwIfNoEntry: false });
      return st?.isFile() ? [{ file: path.join(dir, f), size: st.size, mtime: st.mtime.toISOString() }] : [];
    })
    .sort((a, b) => (a.mtime < b.mtime ? 1 : a.mtime > b.mtime ? -1 : b.file.localeCompare(a.file)));
}

/**
 * The newest backup across several folders (the configured one and the default) that
 * passes a quick check (opens, quick_check ok, a workbench database); at most `tries`
 * candidates are opened, newest first. Undefined when there is none.
 */
export function newestBackup(dirs: (string | undefined | null)[], tries = 5): BackupInfo | undefined {
  return allBackups(dirs)
    .slice(0, tries)
    .find((b) => looksSound(b.file));
}

function looksSound(file: string): boolean {
  let db: DB | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    if (db.pragma('quick_check', { simple: true }) !== 'ok') return false;
    return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='settings'").get();
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

function allBackups(dirs: (string | undefined | null)[]): BackupInfo[] {
  const seen = new Set<string>();
  const all: BackupInfo[] = [];
  for (const d of dirs) {
    if (!d) continue;
    const key = norm(realTarget(d));
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(...listBackups(d));
  }
  all.sort((a, b) => (a.mtime < b.mtime ? 1 : a.mtime > b.mtime ? -1 : b.file.localeCompare(a.file)));
  return all;
}

/**
 * Where backups go besides the default folder, remembered outside the database so that
 * a damaged database can still be recovered from the folder configured in Settings.
 */
export function backupDirNote(dbPath: string): string {
  return path.resolve(dbPath) + '.backupdir';
}

export function rememberBackupDir(dbPath: string, dir: string): void {
  try {
    const note = backupDirNote(dbPath);
    const prev = fs.existsSync(note) ? fs.readFileSync(note, 'utf8') : '';
    if (prev !== dir) fs.writeFileSync(note, dir, 'utf8');
  } catch {
    // a note that cannot be written only narrows where recovery looks
  }
}

/** The backup folders a damaged database can be recovered from: the configured one (read from the file if it still can be, or the note) and the default. */
export function recoveryBackupDirs(db: DB | null, dbPath: string, defaultDir: string | undefined): string[] {
  const dirs: string[] = [];
  if (db) {
    try {
      const row = db.prepare("SELECT value FROM settings WHERE key='backupDir'").get() as { value: string } | undefined;
      const v = row ? JSON.parse(row.value) : '';
      if (typeof v === 'string' && v.trim()) dirs.push(v.trim());
    } catch {
      // the settings page itself may be damaged
    }
  }
  try {
    const note = fs.readFileSync(backupDirNote(dbPath), 'utf8').trim();
    if (note) dirs.push(note);
  } catch {
    // no note
  }
  if (defaultDir) dirs.push(defaultDir);
  return dirs;
}

const AUTO_PREFIX = '自动备份-';

/**
 * Takes today's automatic backup if there is none yet, then keeps only the newest `keep`. "Today"
 * is the day on this computer's calendar (the name a clerk reads), not the UTC day.
 */
export function dailyBackup(db: DB, dir: string, keep: number, today = new Date()): BackupInfo | null {
  const day = todayText(today);
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

export interface BackupCheck {
  schemaVersion: number;
}

function removeWithSideFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

/**
 * Copies a backup to `dest` (with its WAL, if it has one) and checks the copy: readable,
 * integrity_check ok, the settings table present, not from a newer version (user_version
 * and the applied migrations). The copy is left in rollback-journal mode, whole in one
 * file. The backup itself is only read. Throws a Chinese refusal and removes the copy if
 * anything is wrong.
 */
export function stageBackup(file: string, dest: string): BackupCheck {
  if (!fs.existsSync(file)) throw new AppError('backup_missing', `找不到备份文件：${file}`);
  if (!fs.statSync(file).isFile()) throw new AppError('backup_foreign', `这不是一个文件：${file}`);
  let db: DB | undefined;
  try {
    fs.copyFileSync(file, dest);
    if (fs.existsSync(file + '-wal')) fs.copyFileSync(file + '-wal', dest + '-wal');
    db = new Database(dest, { fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new AppError(
        'backup_corrupt',
        `备份文件已损坏，不能用于恢复：${file}。当前数据库未做任何改动，请换一个备份。`,
        {
          detail: String(check),
        },
      );
    const hasSettings = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='settings'").get();
    if (!hasSettings) throw new AppError('backup_foreign', '这个文件不是工作台的数据库备份');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latestVersion()) {
      throw new AppError(
        'db_too_new',
        `这个备份由更新版本的工作台创建（结构版本 ${version}，本程序支持到 ${latestVersion()}），不能用它恢复；请先升级程序。`,
      );
    }
    const unknown = unknownApplied(db, loadMigrations());
    if (unknown.length) {
      throw new AppError(
        'db_too_new',
        `这个备份含有本程序不认识的结构升级（${unknown.join('、')}），来自更新版本的工作台，不能用它恢复；请先升级程序。`,
      );
    }
    db.pragma('journal_mode = DELETE');
    db.close();
    db = undefined;
    fsyncFile(dest);
    return { schemaVersion: version };
  } catch (err) {
    db?.close();
    removeWithSideFiles(dest);
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      throw new AppError(
        'backup_corrupt',
        `备份文件已损坏，不能用于恢复：${file}。当前数据库未做任何改动，请换一个备份。`,
        {
          detail: (err as Error).message,
        },
      );
    }
    const e = diskFullOr(err, '恢复');
    if (e instanceof AppError) throw e;
    throw new AppError('backup_unreadable', `无法读取备份文件：${file}。当前数据库未做任何改动。`, {
      cause: (err as Error).message,
    });
  }
}

const BUSY_MESSAGE =
  '数据库正在被使用（工作台窗口、浏览器模式或其他程序打开着它），不能恢复。请先关闭它们再恢复；数据库未做任何改动。';

/**
 * Takes the database file exclusively: a fresh connection in exclusive locking mode that
 * must win a write lock. Any other connection (another process, a job thread, a server)
 * holds a shared lock on a WAL database and makes this fail. Then the WAL is
 * checkpointed into the file and truncated, so the file alone holds every committed
 * row (closing this last connection removes the empty WAL). Returns null when the file
 * cannot be locked or checkpointed because it is damaged (SQLITE_CORRUPT, SQLITE_NOTADB;
 * or any failure when `damagedOk` says the file is known to be damaged).
 */
function takeExclusive(dbPath: string, damagedOk: boolean): DB | null {
  let probe: DB | undefined;
  try {
    probe = new Database(dbPath, { fileMustExist: true });
    probe.pragma('busy_timeout = 1000');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
    const [cp] = probe.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
    if (cp && (cp.busy !== 0 || cp.log > 0)) throw new AppError('db_busy', BUSY_MESSAGE);
    return probe;
  } catch (err) {
    probe?.close();
    const code = (err as { code?: string }).code ?? '';
    if (err instanceof AppError) throw err;
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new AppError('db_busy', BUSY_MESSAGE);
    // Known to be damaged, or found so now (the lock or the checkpoint met a damaged page, or the
    // file is no database): it is kept as it is, side files and all.
    if (damagedOk || code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return null;
    throw new AppError('restore_failed', `无法锁定当前数据库，未做任何改动：${toErrorPayload(err).message}`, {
      cause: (err as Error).message,
    });
  }
}

export interface RestoreOptions {
  /** the backup to restore from */
  backupFile: string;
  /** the live database file */
  dbPath: string;
  /** names the kept file: `<db>.replaced-<stamp>` */
  stamp: string;
  /** closes the caller's own connection (called once the backup is checked and staged) */
  release(): void;
  /** opens the database at dbPath as the app does (quick_check, migrations); throws if it cannot */
  open(): DB;
  /** writes the audit row in the restored database */
  record(db: DB, info: { backupFile: string; keptAs: string | null; schemaVersion: number }): void;
  /** start-up recovery: the live file may be damaged beyond locking */
  damagedLive?: boolean;
}

export interface RestoreResult {
  db: DB;
  keptAs: string | null;
  schemaVersion: number;
}

/**
 * Replaces the live database with a checked backup (the protocol above) and returns the
 * reopened connection. A refusal throws an AppError with the live file as it was; if
 * `release` had been called by then, the caller reopens its connection.
 */
export function restoreDatabase(o: RestoreOptions): RestoreResult {
  const backupFile = path.resolve(o.backupFile);
  const dbPath = path.resolve(o.dbPath);
  if (isLiveFile(backupFile, dbPath)) {
    throw new AppError('backup_is_live', '这是正在使用的数据库文件本身，不能用它恢复');
  }
  // Stage a checked copy beside the live file first: a bad backup or a full disk is refused here, before anything is touched.
  removeStaleTemps(dbPath);
  const staged = tempBeside(dbPath, 'restore');
  const check = stageBackup(backupFile, staged);

  let swapped = false;
  let keptAs: string | null = null;
  try {
    o.release();
    if (fs.existsSync(dbPath)) {
      const probe = takeExclusive(dbPath, o.damagedLive ?? false);
      try {
        keptAs = `${dbPath}.replaced-${o.stamp}`;
        if (fs.existsSync(keptAs)) keptAs = `${keptAs}-${randomBytes(2).toString('hex')}`;
        try {
          // The same file under a second name: the replaced database, exactly as it was.
          fs.linkSync(dbPath, keptAs);
        } catch {
          fs.copyFileSync(dbPath, keptAs);
          fsyncFile(keptAs);
        }
        if (!probe) {
          // A damaged file could not be checkpointed: its side files go with the kept copy.
          for (const suffix of ['-wal', '-journal']) {
            if (fs.existsSync(dbPath + suffix)) fs.renameSync(dbPath + suffix, keptAs + suffix);
          }
          fs.rmSync(dbPath + '-shm', { force: true });
        }
      } catch (err) {
        if (keptAs) fs.rmSync(keptAs, { force: true });
        keptAs = null;
        throw diskFullOr(err, '恢复');
      } finally {
        // Closed before the rename: Windows cannot replace a file that is open.
        probe?.close();
      }
    }
    fs.renameSync(staged, dbPath);
    fsyncDir(path.dirname(dbPath));
    swapped = true;
    const db = o.open();
    try {
      o.record(db, { backupFile, keptAs, schemaVersion: check.schemaVersion });
    } catch (err) {
      db.close();
      throw err;
    }
    return { db, keptAs, schemaVersion: check.schemaVersion };
  } catch (err) {
    removeWithSideFiles(staged);
    if (!swapped) {
      if (keptAs) {
        for (const suffix of ['-wal', '-journal']) {
          if (fs.existsSync(keptAs + suffix)) fs.renameSync(keptAs + suffix, dbPath + suffix);
        }
        fs.rmSync(keptAs, { force: true });
      }
      throw diskFullOr(err, '恢复');
    }
    // Switch back: the kept file is the database as it was before (or there was none).
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(dbPath + suffix, { force: true });
    if (keptAs) {
      fs.renameSync(keptAs, dbPath);
      for (const suffix of ['-wal', '-journal']) {
        if (fs.existsSync(keptAs + suffix)) fs.renameSync(keptAs + suffix, dbPath + suffix);
      }
    } else fs.rmSync(dbPath, { force: true });
    fsyncDir(path.dirname(dbPath));
    throw new AppError(
      'restore_failed',
      `恢复后的数据库无法打开，已换回原来的数据库，未做任何改动：${toErrorPayload(err).message}`,
      { cause: (err as Error).message },
    );
  }
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
