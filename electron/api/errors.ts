/**
 * Errors that cross the seam carry a stable English code (for logs and tests)
 * and a Chinese message (for the clerk). Handlers throw AppError with a code of
 * the catalogue (errorCodes.ts); the router turns anything else into an
 * "internal" error without leaking details.
 */
import { ERROR_CODES, isErrorCode, type ErrorCode } from './errorCodes';

export { ERROR_CODES, isErrorCode, type ErrorCode };

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** An error answered across the seam (a worker, a job, the router), thrown again here. */
  static fromPayload(p: ErrorPayload): AppError {
    return new AppError(isErrorCode(p.code) ? p.code : 'internal', p.message, p.details);
  }
}

export class CancelledError extends AppError {
  constructor() {
    super('cancelled', '任务已取消，未写入任何数据');
  }
}

export interface ErrorPayload {
  /** an ErrorCode when it comes from this program; a wire payload may carry any string */
  code: string;
  message: string;
  details?: unknown;
}

/** `changed` is set when the call was a write (the pages showing data then refresh). */
export type Result<T> = { ok: true; value: T; changed?: true } | { ok: false; error: ErrorPayload };

/** A payload with a code of the catalogue (its message unless given). */
export function payload(code: ErrorCode, message: string = ERROR_CODES[code]): ErrorPayload {
  return { code, message };
}

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) {
    return err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details };
  }
  const e = err as { code?: string; message?: string };
  if (e && e.code === 'SQLITE_BUSY') {
    return payload('db_busy');
  }
  if (e && typeof e.code === 'string' && (e.code.startsWith('SQLITE_CORRUPT') || e.code === 'SQLITE_NOTADB')) {
    // A damaged page met on the way (the open reads only the header and schema): nothing was changed.
    return payload(
      'db_corrupt',
      `数据库文件已损坏，读取时出错（${e.message ?? e.code}），未做任何改动。请从最近的备份恢复，或联系信息管理员。`,
    );
  }
  if (e && e.code === 'SQLITE_CONSTRAINT_TRIGGER' && e.message) {
    // A trigger's RAISE carries our own Chinese reason (e.g. 审计日志不可修改).
    return payload('constraint', `${e.message}，未做任何修改`);
  }
  if (e && typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) {
    return payload('constraint');
  }
  return payload('internal', `${ERROR_CODES.internal}：${e?.message ?? String(err)}`);
}
