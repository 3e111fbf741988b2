/**
 * The router: the one place every call passes, whatever the transport.
 * It finds the method, validates the input with its zod schema, resolves the
 * caller, checks the permission, runs the handler (in a transaction when it
 * writes) and returns a Result instead of throwing across the seam.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Actor, AuditEntry, Context, Host, JobDef, JobMap, MethodMap } from './define';
import { AppError, toErrorPayload, type Result } from './errors';
import { roleAllows } from './permissions';
import { resolveActor } from '../domain/accounts/session';

export interface CallMeta {
  token?: string;
  via: string;
  /** paths the Electron shell's dialogs chose (set by the shell, never by the page) */
  grantedPaths?: string[];
}

export interface RouterOptions {
  db: Database;
  dbPath: string;
  dataDir: string;
  methods: MethodMap;
  jobs: JobMap;
  /** slow calls (ms) are logged with their name */
  slowMs?: number;
  log?: (line: string) => void;
  host?: Host;
}

const REDACT = /password|secret|token|hash/i;

/** Refusals that are written to the audit log: permission, validation, a path outside the app's folders. */
const REFUSALS = new Set(['forbidden', 'invalid_input', 'path_refused']);

const ANONYMOUS: Omit<Actor, 'via'> = {
  userId: -1,
  login: 'anonymous',
  name: '未登录',
  role: 'readonly',
  singleUser: false,
};

/** Removes secrets before anything reaches the audit log or a log line. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = REDACT.test(k) ? '***' : redact(v);
    return out;
  }
  return value;
}

/** Chinese message for a failed validation: the first problem, with its field path. */
export function validationMessage(err: z.ZodError): string {
  const issue = err.issues[0];
  const where = issue.path.length ? `字段“${issue.path.join('.')}”` : '输入';
  let what = issue.message;
  if (/^Invalid input|^Expected|^Required|^Too|^Unrecognized|^Invalid/.test(what)) {
    switch (issue.code) {
      case 'invalid_type':
        what = /received undefined/.test(issue.message) ? '缺少必填项' : '类型不正确';
        break;
      case 'too_small':
        what = '数值或长度太小';
        break;
      case 'too_big':
        what = '数值或长度太大';
        break;
      case 'unrecognized_keys':
        what = `含有不认识的字段：${(issue as { keys: string[] }).keys.join('、')}`;
        break;
      case 'invalid_value':
        what = '取值不在允许范围内';
        break;
      default:
        what = '格式不正确';
    }
  }
  return `${where}${what}`;
}

export function makeAudit(db: Database, actor: Actor, method: string) {
  const insert = db.prepare(
    `INSERT INTO audit_log(user_id, user_login, user_name, via, module, method, action, record, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let count = 0;
  const audit = (e: AuditEntry) => {
    count++;
    insert.run(
      actor.userId,
      actor.login,
      actor.name,
      actor.via,
      e.module,
      method,
      e.action,
      e.record ?? null,
      e.before === undefined ? null : JSON.stringify(redact(e.before)),
      e.after === undefined ? null : JSON.stringify(redact(e.after)),
    );
  };
  return { audit, count: () => count };
}

export function createRouter(opts: RouterOptions) {
  const { db, methods, jobs } = opts;
  const slowMs = opts.slowMs ?? 40;
  const log = opts.log ?? (() => {});

  function authorise(name: string, perm: JobDef['perm'], meta: CallMeta): Actor {
    const actor = who(name, perm, meta);
    return meta.grantedPaths?.length ? { ...actor, grantedPaths: meta.grantedPaths } : actor;
  }

  function who(name: string, perm: JobDef['perm'], meta: CallMeta): Actor {
    if (perm === 'public') {
      try {
        return resolveActor(db, meta.token, meta.via);
      } catch {
        return { ...ANONYMOUS, via: meta.via };
      }
    }
    const actor = resolveActor(db, meta.token, meta.via);
    if (!roleAllows(actor.role, perm, actor.singleUser)) {
      throw new AppError('forbidden', `当前账号（${actor.name}）没有权限执行此操作`, { method: name, perm });
    }
    return actor;
  }

  function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
    const r = schema.safeParse(input ?? {});
    if (!r.success)
      throw new AppError('invalid_input', validationMessage(r.error), {
        issues: r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
      });
    return r.data;
  }

  function context(actor: Actor, method: string): { ctx: Context; count: () => number } {
    const a = makeAudit(db, actor, method);
    return {
      ctx: { db, actor, dataDir: opts.dataDir, dbPath: opts.dbPath, method, audit: a.audit, host: opts.host },
      count: a.count,
    };
  }

  function call(name: string, input: unknown, meta: CallMeta): Result<unknown> {
    const started = performance.now();
    try {
      if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(methods, name)) {
        throw new AppError('unknown_method', `不存在的功能：${String(name)}`);
      }
      const def = methods[name];
      const parsed = parse(def.input, input);
      const actor = authorise(name, def.perm, meta);
      const { ctx, count } = context(actor, name);
      let value: unknown;
      if (def.write) {
        value = db.transaction(() => {
          const v = def.handler(ctx, parsed);
          // Every change is in the audit log, even when a handler wrote no specific entry.
          if (count() === 0)
            ctx.audit({ module: name.split('.')[0], action: name.split('.').slice(1).join('.'), after: parsed });
          return v;
        })();
      } else {
        value = def.handler(ctx, parsed);
      }
      return def.write ? { ok: true, value, changed: true } : { ok: true, value };
    } catch (err) {
      const payload = toErrorPayload(err);
      if (payload.code === 'internal') log(`[router] ${name} failed: ${(err as Error)?.stack ?? err}`);
      if (Object.prototype.hasOwnProperty.call(methods, name)) refused(name, meta, payload);
      return { ok: false, error: payload };
    } finally {
      const ms = performance.now() - started;
      if (ms > slowMs) log(`[slow] ${name} ${ms.toFixed(0)} ms`);
    }
  }

  /**
   * Writes a refused call (no permission, bad input, a path outside the app's folders) to the
   * audit log, under the caller when known. Never fails the call it records.
   */
  function refused(name: string, meta: CallMeta, error: { code: string; message: string }): void {
    if (!REFUSALS.has(error.code)) return;
    try {
      let actor: Actor;
      try {
        actor = resolveActor(db, meta.token, meta.via);
      } catch {
        actor = { ...ANONYMOUS, via: meta.via };
      }
      makeAudit(db, actor, name).audit({
        module: name.split('.')[0],
        action: 'refused',
        after: { code: error.code, message: error.message },
      });
    } catch (err) {
      log(`[router] could not audit the refusal of ${name}: ${(err as Error)?.message ?? err}`);
    }
  }

  /** Validates a job request before it is handed to a job thread. */
  function prepareJob(name: string, input: unknown, meta: CallMeta): { def: JobDef; input: unknown; actor: Actor } {
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(jobs, name)) {
      throw new AppError('unknown_job', `不存在的任务：${String(name)}`);
    }
    const def = jobs[name];
    const parsed = parse(def.input, input);
    const actor = authorise(name, def.perm, meta);
    def.admit?.({ actor, dataDir: opts.dataDir, db }, parsed);
    return { def, input: parsed, actor };
  }

  /** The caller behind a request (throws login_required when there is none). */
  function whoIs(meta: CallMeta): Actor {
    return resolveActor(db, meta.token, meta.via);
  }

  return { call, prepareJob, context, whoIs, refused };
}

export type Router = ReturnType<typeof createRouter>;
