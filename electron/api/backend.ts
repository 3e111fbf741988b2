/**
 * The backend: owns the one connection and the router. The DB worker runs one;
 * the CLI and unit tests run one in-process. Jobs run on a job thread with their
 * own connection (thread mode) or inline (CLI, tests of job rules).
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './spawn';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  INTEGRITY_JOB,
  type Actor,
  type FileCheck,
  type JobDef,
  type JobEvent,
  type JobMap,
  type MethodMap,
} from './define';
import { AppError, payload, toErrorPayload, type ErrorPayload, type Result } from './errors';
import { createRouter, makeAudit, type CallMeta } from './router';
import { runJob } from './jobs';
import { roleAllows } from './permissions';
import { checkFile, corruptAdvice, openDatabase, stamp } from '../db/connection';
import { dailyBackup, rememberBackupDir, restoreDatabase, syncFolder } from '../db/backup';
import os from 'node:os';
import path from 'node:path';
import { methods as contractMethods, jobs as contractJobs } from './contract';
import { readSettings, writeSettings } from '../domain/settings/settings';
import { backupDirOf } from '../domain/system/api';
import { defaultBackupDir } from '../paths';
import { createTextExtraction } from './textExtraction';

export interface BackendOptions {
  dbPath: string;
  dataDir: string;
  jobMode: 'thread' | 'inline';
  /** modules exporting { methods?, jobs? } merged into the contract (tests) */
  extraModules?: { methods?: MethodMap; jobs?: JobMap }[];
  /** paths of the same modules, for job threads to load */
  extraModulePaths?: string[];
  /** where the job thread script lives (the worker file itself) */
  jobThreadScript?: string;
  log?: (line: string) => void;
  onJobEvent?: (e: JobEvent) => void;
  /** take the automatic daily backup at open (the app does; tests and CLI do not) */
  autoBackup?: boolean;
  /**
   * Start-up recovery: before opening, replace a database that failed its check with this
   * backup (the restore protocol, allowing for a live file too damaged to lock).
   */
  recoverFrom?: string;
  /** how the recovery was asked for, for its audit row: 'ipc' (the app's start-up dialog) or 'cli' */
  recoverVia?: string;
  /** how long the extraction thread may take over one attachment before it is replaced (tests) */
  textExtractTimeoutMs?: number;
  /**
   * The app (thread mode): the file's full check (quick_check reads every page — seconds on a
   * city's file) runs this long after the open, on a thread with a read-only connection of its
   * own, instead of before the first screen. Its end is told as INTEGRITY_JOB events: 'failed'
   * with the db_corrupt refusal (naming the newest sound backup) when the file is damaged. The
   * daily backup waits for a passed check, so a damaged file is never copied over good backups.
   * A file about to be migrated is still checked before the migration. Without this option
   * (CLI, tests) the open reads only the header and schema too, and the check runs when a
   * command asks for it (Host.fileCheck(true): backup, restore, `check`). Either way the
   * outcome is kept (system.fileCheck).
   */
  deferIntegrityCheckMs?: number;
  /** the JavaScript heap limit (MB) of job threads instead of THREAD_HEAP_MB (tests) */
  threadHeapMb?: number;
}

/** The audit row a restore writes into the restored file: the backup, the kept file, who. */
export function auditRestore(
  db: Database,
  actor: Actor,
  info: { backupFile: string; keptAs: string | null; schemaVersion: number },
): void {
  makeAudit(db, actor, 'system.restore').audit({
    module: 'system',
    action: 'restore',
    record: path.basename(info.backupFile),
    after: { backup: info.backupFile, keptAs: info.keptAs, schemaVersion: info.schemaVersion },
  });
}

/** Restores a damaged database from a backup before anything has opened it (the app's start-up dialog). */
function recoverAtStart(backupFile: string, dbPath: string, via: string, open: () => Database) {
  let who = '';
  try {
    who = os.userInfo().username;
  } catch {
    // no user name available
  }
  const actor: Actor = {
    userId: 0,
    login: 'startup',
    name: `${via === 'cli' ? '命令行恢复' : '启动时恢复'}${who ? `（系统用户 ${who}）` : ''}`,
    role: 'admin',
    via,
    singleUser: false,
  };
  return restoreDatabase({
    backupFile,
    dbPath,
    stamp: stamp(),
    release: () => {},
    open,
    record: (db, info) => auditRestore(db, actor, info),
    damagedLive: true,
  });
}

export function mergeModules(extra: { methods?: MethodMap; jobs?: JobMap }[] = []): {
  methods: MethodMap;
  jobs: JobMap;
} {
  // The contract's own maps load a module at the first call of it (the bundles); a copy would load them all.
  if (!extra.length) return { methods: contractMethods as MethodMap, jobs: contractJobs as JobMap };
  const methods: MethodMap = { ...contractMethods };
  const jobs: JobMap = { ...contractJobs };
  for (const m of extra) {
    Object.assign(methods, m.methods ?? {});
    Object.assign(jobs, m.jobs ?? {});
  }
  return { methods, jobs };
}

export function createBackend(o: BackendOptions) {
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const { methods, jobs } = mergeModules(o.extraModules);
  const deferCheck = o.deferIntegrityCheckMs !== undefined && o.jobMode === 'thread' && !!o.jobThreadScript;
  // The header and the schema only: the full check reads every page (seconds on a city's file).
  const openLive = () =>
    openDatabase(o.dbPath, { backupDir: defaultBackupDir(o.dataDir), quickCheck: 'beforeMigrating' });
  const recovered = o.recoverFrom ? recoverAtStart(o.recoverFrom, o.dbPath, o.recoverVia ?? 'ipc', openLive) : null;
  let db: Database = recovered ? recovered.db : openLive();
  const nowText = () => new Date().toISOString();
  /** A restored file passed the restore's own check of the backup (integrity_check). */
  const restoredOk = (): FileCheck => {
    const at = nowText();
    return { state: 'passed', startedAt: at, finishedAt: at, by: 'restore' };
  };
  let fileCheck: FileCheck = recovered ? restoredOk() : { state: 'notStarted', scheduled: deferCheck };
  /** The outcome of a check: the reason in one Chinese sentence; what the check said apart (for the log, the CLI). */
  const checkEnded = (startedAt: string, error: ErrorPayload | null, detail = ''): FileCheck => {
    if (!error) return { state: 'passed', startedAt, finishedAt: nowText(), by: 'check' };
    const newest = (error.details as { newestBackup?: string | null } | undefined)?.newestBackup ?? null;
    return {
      state: 'failed',
      startedAt,
      finishedAt: nowText(),
      reason: `数据库文件已损坏（完整性检查未通过）。${corruptAdvice(newest)}`,
      detail: detail || error.message,
      newestBackup: newest,
    };
  };
  /** The check asked for by a command (the CLI, tests): here, on a read-only connection of its own. */
  function currentCheck(run: boolean): FileCheck {
    if (run && !deferCheck && fileCheck.state === 'notStarted') {
      const startedAt = nowText();
      const failed = checkFile(o.dbPath, defaultBackupDir(o.dataDir));
      fileCheck = checkEnded(startedAt, failed && toErrorPayload(failed.error), failed?.detail);
    }
    return fileCheck;
  }
  const running = new Map<string, { flag: Int32Array; worker?: Worker; name: string; userId: number }>();
  const emit = (e: JobEvent) => {
    if (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled') running.delete(e.jobId);
    o.onJobEvent?.(e);
    // a job may have stored attachments (or restored a database with files still to read)
    if (e.type === 'done') textExtraction.kick();
  };

  const host = {
    /**
     * Restore through the connection's owner: refuse while jobs run (their threads hold
     * the file), close, swap under an exclusive lock, reopen; the audit row goes into the
     * restored file. A refusal reopens the unchanged file.
     */
    restore(file: string, actor: Actor) {
      if (running.size > 0) throw new AppError('jobs_running', '有任务正在进行，请等它结束或取消后再恢复');
      if (dailyBackupThread) throw new AppError('backup_running', '自动备份正在进行，请稍等片刻再恢复');
      if (checkThread) throw new AppError('check_running', '正在检查数据库文件，请稍等片刻再恢复');
      // A live file known to be damaged may be past locking: it is kept as it is, side files too.
      // The live file is not checked for this (a whole-file read, 14–40 s on a city's file): one
      // found damaged while it is locked is kept the same way (restoreDatabase). Only the backup
      // must be sound, and the restore checks its copy in full.
      const damagedLive = fileCheck.state === 'failed';
      let released = false;
      try {
        const r = restoreDatabase({
          backupFile: file,
          dbPath: o.dbPath,
          stamp: stamp(),
          release: () => {
            db.close();
            released = true;
          },
          open: openLive,
          record: (newDb, info) => auditRestore(newDb, actor, info),
          damagedLive,
        });
        db = r.db;
        released = false;
        fileCheck = restoredOk();
        // Attachments kept beside the backup come back too (missing files only). The database is
        // restored by now, so a failure here is reported with the result, not as a refusal.
        let attachmentsRestored = 0;
        let attachmentsError: string | undefined;
        try {
          attachmentsRestored = syncFolder(
            path.join(path.dirname(file), 'attachments'),
            path.join(o.dataDir, 'attachments'),
          );
        } catch (err) {
          attachmentsError = `附件没有全部复制回来：${(err as Error).message}`;
          log(`[restore] ${attachmentsError}`);
        }
        return {
          keptAs: r.keptAs,
          schemaVersion: r.schemaVersion,
          attachmentsRestored,
          ...(attachmentsError ? { attachmentsError } : {}),
        };
      } finally {
        if (released) db = openLive();
        router = makeRouter();
      }
    },
    fileCheck: currentCheck,
    recheck(): FileCheck {
      if (checkThread || closed) return fileCheck;
      if (deferCheck) {
        if (checkTimer) clearTimeout(checkTimer);
        // Asked for from the page, which follows it by asking system.fileCheck: no event, so the
        // desktop window does not put its own dialog over the notice.
        startIntegrityCheck(false);
        return fileCheck;
      }
      fileCheck = { state: 'notStarted', scheduled: false };
      return currentCheck(true);
    },
    dailyBackupPending(): boolean {
      if (!o.autoBackup || closed) return false;
      if (dailyBackupThread) return true;
      // the backup follows the deferred check (and is skipped when the check fails)
      return (checkTimer !== null || checkThread !== null) && readSettings(db).backupDaily;
    },
  };
  const makeRouter = () => createRouter({ db, dbPath: o.dbPath, dataDir: o.dataDir, methods, jobs, log, host });
  let router = makeRouter();

  // Attachment text is read after the write that stored the file; files left waiting by an
  // earlier run are taken up now.
  const textExtraction = createTextExtraction({
    db: () => db,
    dataDir: o.dataDir,
    threadScript: o.jobMode === 'thread' && o.jobThreadScript ? o.jobThreadScript : null,
    log,
    emit: (e) => o.onJobEvent?.(e),
    timeoutMs: o.textExtractTimeoutMs,
  });
  textExtraction.kick();

  let dailyBackupThread: Worker | null = null;
  const backupDone = (dir: string, made: boolean) => {
    rememberBackupDir(o.dbPath, dir);
    if (made) writeSettings(db, { lastBackupAt: new Date().toISOString() });
  };
  /**
   * Today's automatic backup, if due. With job threads (the app, browser mode) the copy runs
   * on a thread of its own with a read-only connection, so the worker keeps answering (and
   * the first screen does not wait for it); inline (CLI, tests) it runs here.
   */
  function maybeDailyBackup(): void {
    // not before the deferred check has passed, and never of a file that failed it
    if (checkThread || checkTimer || fileCheck.state === 'failed') return;
    try {
      const s = readSettings(db);
      if (!s.backupDaily || dailyBackupThread) return;
      const dir = backupDirOf({ db, dataDir: o.dataDir });
      // noted before any copy starts, so the note is in place while the server answers
      rememberBackupDir(o.dbPath, dir);
      if (o.jobMode === 'inline' || !o.jobThreadScript) {
        backupDone(dir, dailyBackup(db, dir, s.backupKeep) !== null);
        return;
      }
      const t = spawnWorker(o.jobThreadScript, {
        mode: 'backup',
        dbPath: o.dbPath,
        backupDir: dir,
        keep: s.backupKeep,
      });
      dailyBackupThread = t;
      t.on('message', (m: { made?: boolean; error?: string }) => {
        // The thread has closed its connection by now: a restore may go ahead.
        if (dailyBackupThread === t) dailyBackupThread = null;
        try {
          if (m.error) log(`[backup] daily backup failed: ${m.error}`);
          else backupDone(dir, m.made === true);
        } catch (err) {
          log(`[backup] daily backup: ${(err as Error).message}`);
        }
      });
      t.on('error', (err) => log(`[backup] daily backup failed: ${err.message}`));
      t.on('exit', () => {
        if (dailyBackupThread === t) dailyBackupThread = null;
      });
    } catch (err) {
      log(`[backup] daily backup failed: ${(err as Error).message}`);
    }
  }
  /**
   * The deferred full check (deferIntegrityCheckMs): a thread opens the file read-only and runs
   * quick_check (and, when it fails, looks for the newest sound backup), while this connection
   * keeps answering.
   */
  let checkThread: Worker | null = null;
  let checkTimer: NodeJS.Timeout | null = null;
  function startIntegrityCheck(announce = true): void {
    checkTimer = null;
    if (closed) return;
    const t = spawnWorker(o.jobThreadScript!, { mode: 'check', dbPath: o.dbPath, dataDir: o.dataDir });
    checkThread = t;
    const startedAt = nowText();
    fileCheck = { state: 'running', startedAt };
    let answered = false;
    t.on('message', (m: { ok: boolean; error?: ErrorPayload; detail?: string }) => {
      answered = true;
      if (checkThread === t) checkThread = null;
      if (closed) return;
      if (m.ok) {
        fileCheck = checkEnded(startedAt, null);
        if (announce) emit({ ...INTEGRITY_JOB, type: 'done', result: { ok: true } });
        if (o.autoBackup) maybeDailyBackup();
      } else {
        const error = m.error ?? payload('db_corrupt');
        fileCheck = checkEnded(startedAt, error, m.detail);
        log(`[integrity] ${error.message}`);
        if (announce) emit({ ...INTEGRITY_JOB, type: 'failed', error });
      }
    });
    const lost = (why: string) => {
      if (checkThread === t) checkThread = null;
      if (answered || closed) return;
      answered = true;
      log(`[integrity] the check ended without an answer: ${why}`);
      fileCheck = { state: 'notStarted', scheduled: false, reason: `检查没有完成：${why}` };
    };
    t.on('error', (err) => lost(err.message));
    t.on('exit', (code) => lost(`exit ${code}`));
  }
  if (deferCheck && !recovered) {
    checkTimer = setTimeout(startIntegrityCheck, o.deferIntegrityCheckMs);
    checkTimer.unref();
  } else if (o.autoBackup) maybeDailyBackup();

  /** A job thread; without a job it loads and waits for one (the standby). */
  let standby: Worker | null = null;
  function spawnJobThread(job?: unknown): Worker {
    const w = spawnWorker(
      o.jobThreadScript!,
      {
        mode: 'job',
        dbPath: o.dbPath,
        dataDir: o.dataDir,
        extraModulePaths: o.extraModulePaths ?? [],
        ...(job ? { job } : {}),
      },
      o.threadHeapMb,
    );
    if (!job) {
      w.unref();
      w.on('error', () => {});
      w.on('exit', () => {
        if (standby === w) standby = null;
      });
    }
    return w;
  }

  // The first job (often the wizard's preview) finds a thread loaded too, once the app has settled.
  if (o.jobMode === 'thread' && o.jobThreadScript) {
    const warm = setTimeout(() => {
      if (!standby && !closed) standby = spawnJobThread();
    }, 3000);
    warm.unref();
  }
  let closed = false;

  function startJob(name: string, input: unknown, meta: CallMeta): Result<{ jobId: string }> {
    try {
      const prepared = router.prepareJob(name, input, meta);
      const jobId = randomUUID();
      launch(jobId, name, prepared.def, prepared.input, prepared.actor);
      return { ok: true, value: { jobId } };
    } catch (err) {
      const error = toErrorPayload(err);
      if (Object.prototype.hasOwnProperty.call(jobs, name)) router.refused(name, meta, error);
      return { ok: false, error };
    }
  }

  /**
   * The follow-up jobs a done event names (JobDef.followUps), started for the user of the job
   * that named them, under the ids the event gave. One that cannot start is reported as failed
   * under its id, so whoever follows it is told.
   */
  function startFollowUps(e: Extract<JobEvent, { type: 'done' }>, actor: Actor): void {
    for (const f of e.followUps ?? []) {
      try {
        const def = Object.prototype.hasOwnProperty.call(jobs, f.name) ? jobs[f.name] : undefined;
        if (!def) throw new AppError('unknown_job', `不存在的任务：${f.name}`);
        if (!roleAllows(actor.role, def.perm, actor.singleUser))
          throw new AppError('forbidden', `当前账号（${actor.name}）没有权限执行此操作`);
        const parsed = def.input.safeParse(f.input);
        if (!parsed.success) throw new AppError('invalid_input', `${f.label}的参数无效`);
        launch(f.jobId, f.name, def, parsed.data, actor);
      } catch (err) {
        emit({ jobId: f.jobId, name: f.name, type: 'failed', error: toErrorPayload(err) });
      }
    }
  }

  /** Runs a job under `jobId`: inline here (CLI, tests), else on a job thread. */
  function launch(jobId: string, name: string, def: JobDef, input: unknown, actor: Actor): void {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    if (o.jobMode === 'inline') {
      running.set(jobId, { flag, name, userId: actor.userId });
      let finished = null as Extract<JobEvent, { type: 'done' }> | null;
      runJob({
        db,
        dbPath: o.dbPath,
        dataDir: o.dataDir,
        jobId,
        name,
        def,
        input,
        actor,
        cancelFlag: flag,
        emit: (e) => {
          if (e.type === 'done' && e.jobId === jobId) finished = e;
          emit(e);
        },
      });
      // Inline, follow-ups run once the job has wholly ended (its connection settings restored).
      if (finished) startFollowUps(finished, actor);
      return;
    }
    const jobData = { jobId, name, input, actor, flag };
    // A thread loaded ahead of time takes the job at once (a preview in the import wizard answers
    // without waiting for a thread to load the modules); the next one is loaded once no job runs.
    let worker: Worker;
    if (standby) {
      worker = standby;
      standby = null;
      worker.ref();
      worker.postMessage({ job: jobData });
    } else worker = spawnJobThread(jobData);
    running.set(jobId, { flag, worker, name, userId: actor.userId });
    let finished = false;
    worker.on('message', (e: JobEvent) => {
      if (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled') finished = true;
      emit(e);
      if (e.type === 'done' && e.jobId === jobId && !closed) startFollowUps(e, actor);
      if (finished) warmWhenIdle();
    });
    worker.on('error', (err) => {
      if (!finished) emit({ jobId, name, type: 'failed', error: toErrorPayload(err) });
      finished = true;
      warmWhenIdle();
    });
    worker.on('exit', () => {
      if (!finished)
        emit({
          jobId,
          name,
          type: 'failed',
          error: payload('job_crashed', '任务意外中止，未写入任何数据'),
        });
      finished = true;
      warmWhenIdle();
    });
  }

  /**
   * Loads the standby thread for the next job once none runs. Not beside a running job: a loaded
   * thread holds about 40 MB of its own, which a long import (or the follow-ups after it) would
   * otherwise carry at its peak.
   */
  function warmWhenIdle(): void {
    if (running.size === 0 && !standby && !closed) standby = spawnJobThread();
  }

  /** Whoever started a job may cancel it; otherwise cancelling needs the right to edit. */
  function cancelJob(jobId: unknown, meta: CallMeta): Result<{ cancelled: boolean }> {
    let actor;
    try {
      actor = router.whoIs(meta);
    } catch (err) {
      return { ok: false, error: toErrorPayload(err) };
    }
    const r = typeof jobId === 'string' ? running.get(jobId) : undefined;
    if (!r) return { ok: true, value: { cancelled: false } };
    if (r.userId !== actor.userId && !roleAllows(actor.role, 'edit', actor.singleUser)) {
      return { ok: false, error: { code: 'forbidden', message: `当前账号（${actor.name}）不能取消别人的任务` } };
    }
    Atomics.store(r.flag, 0, 1);
    return { ok: true, value: { cancelled: true } };
  }

  /** The one entry point of every transport: methods, plus jobs.start / jobs.cancel. */
  function call(method: string, input: unknown, meta: CallMeta): Result<unknown> {
    if (method === 'jobs.start') {
      const i = (input ?? {}) as { name?: unknown; input?: unknown };
      return startJob(String(i.name), i.input, meta);
    }
    if (method === 'jobs.cancel') {
      return cancelJob((input as { jobId?: unknown } | undefined)?.jobId, meta);
    }
    const r = router.call(method, input, meta);
    // After a write has committed: attachment text it left waiting is read now (inline) or queued.
    if (r.ok && r.changed) textExtraction.kick();
    return r;
  }

  return {
    call,
    get db(): Database {
      return db;
    },
    /** the start-up recovery that ran before opening, if any */
    recovered: recovered ? { keptAs: recovered.keptAs, schemaVersion: recovered.schemaVersion } : null,
    runningJobs: () => [...running.entries()].map(([jobId, r]) => ({ jobId, name: r.name })),
    /** true while an attachment's text is being read on the extraction thread */
    extractingText: () => textExtraction.busy(),
    maybeDailyBackup,
    close() {
      closed = true;
      if (checkTimer) clearTimeout(checkTimer);
      void checkThread?.terminate();
      textExtraction.close();
      void standby?.terminate();
      standby = null;
      for (const r of running.values()) {
        Atomics.store(r.flag, 0, 1);
        r.worker?.terminate();
      }
      // A copy cut short leaves only its temporary file, cleared by the next backup.
      void dailyBackupThread?.terminate();
      db.close();
    },
  };
}

export type Backend = ReturnType<typeof createBackend>;
