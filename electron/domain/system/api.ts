/**
 * System methods: ping, what the 首页 and 关于 show, and backups.
 */
import { z } from 'zod';
import fs from 'node:fs';
import path from 'node:path';
import { method } from '../../api/define';
import { AppError } from '../../api/errors';
import { callerPath } from '../../api/appFiles';
import { backupTo, listBackups, rememberBackupDir, syncFolder } from '../../db/backup';
import { corruptAdvice, stamp } from '../../db/connection';
import { defaultBackupDir } from '../../paths';
import { readSettings, writeSettings } from '../settings';
import type { Context, FileCheck } from '../../api/define';
import { VERSION } from '../../version';

export function backupDirOf(ctx: Pick<Context, 'db' | 'dataDir'>): string {
  const s = readSettings(ctx.db);
  return s.backupDir || defaultBackupDir(ctx.dataDir);
}

/** The file check's outcome (a host without one, e.g. a bare router in tests: not started). */
function fileCheckOf(ctx: Pick<Context, 'host'>, run = false): FileCheck {
  return ctx.host?.fileCheck(run) ?? { state: 'notStarted', scheduled: false };
}

export const systemMethods = {
  'system.ping': method({
    input: z.object({}).strict(),
    perm: 'public',
    write: false,
    handler: () => ({ pong: true as const, at: Date.now() }),
  }),
  /** 关于 and the database status on 首页 */
  'system.info': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => {
      const s = readSettings(ctx.db);
      const size = fs.existsSync(ctx.dbPath) ? fs.statSync(ctx.dbPath).size : 0;
      const dir = backupDirOf(ctx);
      return {
        version: VERSION,
        dbPath: ctx.dbPath,
        dataDir: ctx.dataDir,
        dbSizeBytes: size,
        schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
        sqliteVersion: (ctx.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
        backupDir: dir,
        lastBackupAt: s.lastBackupAt || null,
        /** today's automatic backup is still running or about to start: ask again shortly */
        backupPending: ctx.host?.dailyBackupPending?.() ?? false,
        backups: listBackups(dir).length,
        demoData: s.demoData,
        user: { name: ctx.actor.name, role: ctx.actor.role, singleUser: ctx.actor.singleUser },
      };
    },
  }),
  /**
   * The full check of the database file in this run (not started, running, passed, failed with
   * the reason and the newest sound backup). The page asks once after its first screen and
   * again while the check runs. `run`: check now where the backend checks inline (the CLI).
   */
  'system.fileCheck': method({
    input: z.object({ run: z.boolean().optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => fileCheckOf(ctx, input.run ?? false),
  }),
  /**
   * 重新检查: the whole-file check again, on a thread of its own with a read-only connection (the
   * DB worker keeps answering); the answer is 'running' and system.fileCheck tells the outcome.
   */
  'system.recheckFile': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx): FileCheck => {
      if (!ctx.host) throw new AppError('restore_unavailable', '当前运行方式不支持重新检查');
      return ctx.host.recheck();
    },
  }),
  'system.backups': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => listBackups(backupDirOf(ctx)),
  }),
  /** 立即备份: a consistent copy into the backup folder (or a chosen file) */
  'system.backupNow': method({
    input: z.object({ out: z.string().min(1).max(1000).optional() }).strict(),
    perm: 'edit',
    // The copy (VACUUM INTO) cannot run inside a transaction; the audit row follows in its own.
    write: false,
    handler: (ctx, input) => {
      // A chosen file: the shell's save dialog or the CLI; the page may only name one in the backup folder.
      const file = input.out
        ? callerPath(ctx.actor, input.out, [backupDirOf(ctx)])
        : path.join(backupDirOf(ctx), `手动备份-${stamp()}.db`);
      if (!file.toLowerCase().endsWith('.db')) throw new AppError('invalid_backup_name', '备份文件名应以 .db 结尾');
      // A damaged file is not copied: it would stand in the backup folder beside (and after) the sound ones.
      const check = fileCheckOf(ctx, true);
      if (check.state === 'failed')
        throw new AppError(
          'db_corrupt',
          `数据库文件已损坏（完整性检查未通过），不做备份，以免损坏的文件顶替完好的备份；未写入任何文件。${corruptAdvice(check.newestBackup)}`,
          { newestBackup: check.newestBackup },
        );
      const info = backupTo(ctx.db, file);
      if (!input.out) rememberBackupDir(ctx.dbPath, path.dirname(file));
      // Attachments (archive files) go beside the copy, so a backup on a USB stick is complete.
      const attachmentsCopied = syncFolder(
        path.join(ctx.dataDir, 'attachments'),
        path.join(path.dirname(file), 'attachments'),
      );
      ctx.db.transaction(() => {
        writeSettings(ctx.db, { lastBackupAt: new Date().toISOString() });
        ctx.audit({
          module: 'system',
          action: 'backup',
          record: info.file,
          after: { size: info.size, attachmentsCopied },
        });
      })();
      return { ...info, attachmentsCopied };
    },
  }),
  /** 从备份恢复: checks the file, keeps the replaced database, reopens */
  'system.restore': method({
    input: z.object({ file: z.string().min(1).max(1000) }).strict(),
    perm: 'admin',
    write: false,
    handler: (ctx, input) => {
      if (!ctx.host) throw new AppError('restore_unavailable', '当前运行方式不支持恢复，请在设置中操作');
      // The backup the failed check named (it may be in a folder the settings no longer name).
      const check = ctx.host.fileCheck();
      const named = check.state === 'failed' ? check.newestBackup : null;
      const file =
        named && path.resolve(input.file) === path.resolve(named)
          ? named
          : callerPath(ctx.actor, input.file, [backupDirOf(ctx)]);
      return ctx.host.restore(file, ctx.actor);
    },
  }),
};
