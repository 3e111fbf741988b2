/**
 * Running one job: its own transaction, a cancel flag shared with the thread
 * that started it, and throttled progress with rows/s and an estimate.
 */
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Actor, FollowUpRef, JobControl, JobDef, JobEvent } from './define';
import { CancelledError, toErrorPayload } from './errors';
import { makeAudit } from './router';

export interface RunJobOptions {
  db: Database;
  dbPath: string;
  dataDir: string;
  jobId: string;
  name: string;
  def: JobDef;
  input: unknown;
  actor: Actor;
  /** Int32Array over a SharedArrayBuffer; [0] = 1 means cancel */
  cancelFlag: Int32Array;
  emit: (e: JobEvent) => void;
  progressEveryMs?: number;
}

export function makeJobControl(
  o: Pick<RunJobOptions, 'jobId' | 'name' | 'cancelFlag' | 'emit' | 'progressEveryMs'>,
): JobControl {
  const start = performance.now();
  let last = 0;
  const every = o.progressEveryMs ?? 200;
  return {
    cancelled: () => Atomics.load(o.cancelFlag, 0) === 1,
    checkpoint(done, total, message) {
      if (Atomics.load(o.cancelFlag, 0) === 1) throw new CancelledError();
      const now = performance.now();
      if (now - last < every && (total === undefined || done < total)) return;
      last = now;
      const secs = (now - start) / 1000;
      const ratePerSec = secs > 0 ? Math.round(done / secs) : undefined;
      const etaSec =
        total !== undefined && ratePerSec ? Math.max(0, Math.round((total - done) / ratePerSec)) : undefined;
      o.emit({ jobId: o.jobId, name: o.name, type: 'progress', done, total, message, ratePerSec, etaSec });
    },
  };
}

/** Runs the job to the end; everything it writes commits together or not at all. */
export function runJob(o: RunJobOptions): void {
  const { db, jobId, name } = o;
  o.emit({ jobId, name, type: 'started' });
  const control = makeJobControl(o);
  const audit = makeAudit(db, o.actor, name);
  // PRAGMA foreign_keys only changes outside a transaction.
  const ownChecks = !db.inTransaction && o.def.checksReferences?.(o.input as never) === true;
  if (ownChecks) db.pragma('foreign_keys = OFF');
  try {
    const ctx = { db, actor: o.actor, dataDir: o.dataDir, dbPath: o.dbPath, method: name, audit: audit.audit };
    let result: unknown = db.transaction(() => {
      const r = o.def.run(ctx, o.input, control);
      if (audit.count() === 0 && !o.def.readOnly)
        audit.audit({ module: name.split('.')[0], action: name.split('.').slice(1).join('.') });
      // A cancel that arrives after the last checkpoint still wins: nothing is kept.
      if (control.cancelled()) throw new CancelledError();
      return r;
    })();
    // The run is committed: its follow-up jobs are named in the result and started by the
    // backend after this event; nothing about them may turn the run into a failure.
    let followUps: (FollowUpRef & { input: unknown })[] = [];
    try {
      followUps = (o.def.followUps?.(o.input, result) ?? []).map((f) => ({ ...f, jobId: randomUUID() }));
    } catch (err) {
      console.error(`[${name}] 后续任务未能开始：`, err);
    }
    if (followUps.length && result !== null && typeof result === 'object')
      result = {
        ...result,
        followUps: followUps.map(({ jobId: id, name: n, label }) => ({ jobId: id, name: n, label })),
      };
    o.emit({ jobId, name, type: 'done', result, ...(followUps.length ? { followUps } : {}) });
  } catch (err) {
    if (err instanceof CancelledError) o.emit({ jobId, name, type: 'cancelled' });
    else o.emit({ jobId, name, type: 'failed', error: toErrorPayload(err) });
  } finally {
    if (ownChecks) db.pragma('foreign_keys = ON');
  }
}
