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

/**
 * What a failed read or write says about the disk: 'full' (SQLITE_FULL, no room for the
 * shared-memory file, ENOSPC, a quota), 'failed' (other I/O errors, a read-only or missing
 * place, no permission), or null when it is no such failure.
 */
export function diskFailure(err: unknown): 'full' | 'failed' | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || code === 'ENOSPC' || code === 'EDQUOT')
    return 'full';
  if (
    /^SQLITE_(IOERR|CANTOPEN|READONLY|PERM)/.test(code) ||
    ['EIO', 'EFBIG', 'EACCES', 'EPERM', 'EROFS', 'EBUSY', 'ENOENT', 'ENOTDIR', 'EISDIR'].includes(code)
  )
    return 'failed';
  return null;
}

/** What the program was told (often English), kept apart from the message for the log and the CLI. */
const cause = (e: { code?: string; message?: string } | null | undefined, err: unknown) => ({
  cause: e?.message ?? String(err),
  ...(typeof e?.code === 'string' ? { errno: e.code } : {}),
});

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) {
    return err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details };
  }
  const e = err as { code?: string; message?: string };
  // A thread past its heap limit (api/spawn.ts), or SQLite unable to allocate: nothing was committed.
  if (e && (e.code === 'ERR_WORKER_OUT_OF_MEMORY' || e.code === 'SQLITE_NOMEM')) return payload('out_of_memory');
  if (e && typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY')) {
    return payload('db_busy');
  }
  if (e && typeof e.code === 'string' && (e.code.startsWith('SQLITE_CORRUPT') || e.code === 'SQLITE_NOTADB')) {
    // A damaged page met on the way (the open reads only the header and schema): nothing was changed.
    return {
      code: 'db_corrupt',
      message: '数据库文件已损坏，读取时出错，未做任何改动。请从最近的备份恢复，或联系信息管理员。',
      details: cause(e, err),
    };
  }
  if (e && e.code === 'SQLITE_CONSTRAINT_TRIGGER' && e.message) {
    // A trigger's RAISE carries our own Chinese reason (e.g. 审计日志不可修改).
    return payload('constraint', `${e.message}，未做任何修改`);
  }
  if (e && typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) {
    return payload('constraint');
  }
  // A write that failed (a transaction rolls back whole): the clerk is told why in Chinese.
  const disk = diskFailure(err);
  if (disk === 'full')
    return {
      code: 'disk_full',
      message: '磁盘空间不足，操作未完成，数据库未做任何改动。请清理数据所在的磁盘（例如删除旧的导出文件）后再试。',
      details: cause(e, err),
    };
  if (disk === 'failed')
    return {
      code: 'write_failed',
      message: '读写文件出错（磁盘故障、只读或没有权限），操作未完成，数据库未做任何改动。请检查数据所在的磁盘后再试。',
      details: cause(e, err),
    };
  // Anything else is a fault of the program: the clerk reads Chinese, the log and the CLI read the cause.
  return { code: 'internal', message: ERROR_CODES.internal, details: cause(e, err) };
}
