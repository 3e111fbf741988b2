/**
 * The building blocks of the contract. Every API method is defined once with
 * its zod input schema, the permission it needs, whether it changes data, and
 * a synchronous handler that receives a context and the validated input.
 * Long work is a job: same shape, but the handler gets a JobControl and runs
 * on its own connection so the worker keeps answering.
 */
import type { z } from 'zod';
import type { Database } from 'better-sqlite3';

/** What a role may do. Checked by the router before any handler runs. */
export type Permission =
  | 'public' //   no login needed (ping, login itself)
  | 'read' //     every logged-in role
  | 'print' //    read + print/export (every role)
  | 'edit' //     内勤: create, change, import
  | 'approve' //  主任: approve or return plans
  | 'users' //    主任 and 管理员: manage accounts
  | 'settings' // 内勤 and 管理员: the install's settings (单位名称, 年度, 备份…)
  | 'admin'; //   管理员: settings

export type Role = 'clerk' | 'head' | 'readonly' | 'admin';

export const ROLE_LABELS: Record<Role, string> = {
  clerk: '内勤',
  head: '主任',
  readonly: '只读',
  admin: '管理员',
};

export interface Actor {
  userId: number;
  login: string;
  name: string;
  role: Role;
  /** how the call arrived: ipc | http | cli */
  via: string;
  /** true when login is switched off and the one user may do everything */
  singleUser: boolean;
  /** the caller's login session (SHA-256 of its token), when it came with one */
  sessionId?: string;
  /** files the Electron shell's own open/save dialogs returned to this window (see api/appFiles) */
  grantedPaths?: string[];
}

export interface AuditEntry {
  module: string;
  action: string;
  /** which record(s): e.g. "retailer:4201000001" or "batch:17" */
  record?: string;
  before?: unknown;
  after?: unknown;
}

export interface Context {
  db: Database;
  actor: Actor;
  /** data folder: attachments, backups, rejected-row files */
  dataDir: string;
  dbPath: string;
  method: string;
  /** Writes one audit row in the same transaction as the change. */
  audit(entry: AuditEntry): void;
  /** What only the host that owns the connection can do (restore needs to close it). */
  host?: Host;
}

export interface Host {
  /** Closes the connection, replaces the file with a checked backup, reopens. */
  restore(
    file: string,
    actor: Actor,
  ): { keptAs: string | null; schemaVersion: number; attachmentsRestored: number; attachmentsError?: string };
  /**
   * The outcome of the full check of the file (PRAGMA quick_check) in this run. `run`: check
   * now when it has not been, where this host checks inline (the CLI); the app's check runs
   * on a thread of its own after the first screen, and is only read here.
   */
  fileCheck(run?: boolean): FileCheck;
  /**
   * Checks the whole file again (重新检查): on a thread of its own with a read-only connection
   * where the app checks that way (the answer is 'running'; ask fileCheck for the outcome), inline
   * elsewhere. A check already running is not started twice.
   */
  recheck(): FileCheck;
  /**
   * True while today's automatic backup is still to come in this run: its copy is running, or
   * it waits for the check of the file that runs first. The page asks again until it is false.
   */
  dailyBackupPending?(): boolean;
}

/**
 * The full check of the database file in this run (backend.ts): not started (`scheduled` when
 * it will start by itself soon: the app, after its first screen), running, passed (by the
 * check, or because the file was just restored from a checked backup), or failed with the
 * Chinese reason and the newest sound backup. Times are ISO strings.
 */
export type FileCheck =
  | { state: 'notStarted'; scheduled: boolean; reason?: string }
  | { state: 'running'; startedAt: string }
  | { state: 'passed'; startedAt: string; finishedAt: string; by: 'check' | 'restore' }
  | {
      state: 'failed';
      startedAt: string;
      finishedAt: string;
      /** one Chinese sentence, naming the newest sound backup when there is one */
      reason: string;
      /** what quick_check (or the failed read) said */
      detail: string;
      newestBackup: string | null;
    };

export interface JobControl {
  /** Reports progress (throttled) and throws CancelledError if cancel was asked. */
  checkpoint(done: number, total?: number, message?: string): void;
  cancelled(): boolean;
}

export interface MethodDef<S extends z.ZodType = z.ZodType, O = unknown> {
  input: S;
  perm: Permission;
  /** true when the method changes data: it runs in a transaction and must audit */
  write: boolean;
  handler: (ctx: Context, input: z.output<S>) => O;
}

export interface JobDef<S extends z.ZodType = z.ZodType, O = unknown> {
  input: S;
  perm: Permission;
  /** Runs inside one transaction on the job's own connection. */
  run: (ctx: Context, input: z.output<S>, job: JobControl) => O;
  /**
   * True for an input whose run resolves every reference it writes against
   * the database itself (e.g. order lines: each retailer and spec looked up
   * before the insert): SQLite's per-row foreign-key lookups are then off for
   * that transaction, and back on after it.
   */
  checksReferences?: (input: z.output<S>) => boolean;
  /** A job that only reads (a preview, a dry run): no audit row is written for it. */
  readOnly?: boolean;
  /**
   * Jobs to start once this one has committed and reported done (e.g. the 内管 scan after an
   * orders import): each runs as a job of its own — own transaction, own audit rows, cancellable —
   * for the same user, so the result goes out without waiting for them, and whatever they do
   * (fail, be cancelled) cannot undo this job. The done event and the result name them
   * (`followUps: [{jobId, name, label}]`) so the caller can follow their events.
   */
  followUps?(input: z.output<S>, result: O): FollowUpJob[];
  /** Checks made before the job starts (e.g. the file it reads), refused to the caller like a method's. */
  admit?: (ctx: Pick<Context, 'actor' | 'dataDir' | 'db'>, input: z.output<S>) => void;
}

export function method<S extends z.ZodType, O>(def: MethodDef<S, O>): MethodDef<S, O> {
  return def;
}

export function job<S extends z.ZodType, O>(def: JobDef<S, O>): JobDef<S, O> {
  return def;
}

export type MethodMap = Record<string, MethodDef<any, any>>;
export type JobMap = Record<string, JobDef<any, any>>;

/** Type helpers for the renderer: input and output of each method. */
export type InputOf<M> = M extends MethodDef<infer S, any> ? z.input<S> : never;
export type OutputOf<M> = M extends MethodDef<any, infer O> ? O : never;
export type JobInputOf<J> = J extends JobDef<infer S, any> ? z.input<S> : never;
export type JobOutputOf<J> = J extends JobDef<any, infer O> ? O : never;

/** A job another one starts once it is done (JobDef.followUps): what to run and what to call it. */
export interface FollowUpJob {
  name: string;
  /** what the clerk sees it as, e.g. 内管预警检查 */
  label: string;
  input: unknown;
}

/** A started follow-up job, as the done event and the job's result name it. */
export interface FollowUpRef {
  jobId: string;
  name: string;
  label: string;
}

/** Events a job streams to whoever started it. */
export type JobEvent =
  | { jobId: string; name: string; type: 'started' }
  | {
      jobId: string;
      name: string;
      type: 'progress';
      done: number;
      total?: number;
      message?: string;
      ratePerSec?: number;
      etaSec?: number;
    }
  | {
      jobId: string;
      name: string;
      type: 'done';
      result: unknown;
      /** jobs the backend starts now, after this event (JobDef.followUps) */
      followUps?: (FollowUpRef & { input: unknown })[];
    }
  | { jobId: string; name: string; type: 'failed'; error: { code: string; message: string; details?: unknown } }
  | { jobId: string; name: string; type: 'cancelled' };

/**
 * The events of the full check of the file that the app runs after its first screen (see
 * deferIntegrityCheckMs in backend.ts): 'done', or 'failed' with the db_corrupt refusal.
 */
export const INTEGRITY_JOB = { jobId: 'integrity-check', name: 'system.integrityCheck' } as const;
