/**
 * Errors that cross the seam carry a stable English code (for logs and tests)
 * and a Chinese message (for the clerk). Handlers throw AppError; the router
 * turns anything else into an "internal" error without leaking details.
 */
export class AppError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class CancelledError extends AppError {
  constructor() {
    super('cancelled', '任务已取消，未写入任何数据');
  }
}

export interface ErrorPayload {
  code: string;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) {
    return err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details };
  }
  const e = err as { code?: string; message?: string };
  if (e && e.code === 'SQLITE_BUSY') {
    return { code: 'db_busy', message: '数据库正忙（可能有导入或备份正在进行），请稍后再试' };
  }
  if (e && e.code === 'SQLITE_CONSTRAINT_TRIGGER' && e.message) {
    // A trigger's RAISE carries our own Chinese reason (e.g. 审计日志不可修改).
    return { code: 'constraint', message: `${e.message}，未做任何修改` };
  }
  if (e && typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'constraint', message: '数据违反唯一性或关联约束，未做任何修改' };
  }
  return { code: 'internal', message: '程序内部错误，操作未完成：' + (e?.message ?? String(err)) };
}
