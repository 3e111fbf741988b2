/**
 * Exports in the audit log: what left the workbench as a file, by whom (the caller),
 * how many rows. Written in its own small transaction, since exporting methods read
 * only (the router opens no transaction for them).
 */
import type { Context } from '../../api/define';

export function auditExport(
  ctx: Pick<Context, 'db' | 'audit'>,
  e: { what: string; rows: number; fileName?: string; filter?: unknown; file?: string },
): void {
  const { what, rows, filter, file } = e;
  ctx.db.transaction(() =>
    ctx.audit({
      module: 'audit',
      action: 'export',
      record: e.fileName ?? what,
      after: { what, rows, ...(filter === undefined ? {} : { filter }), ...(file === undefined ? {} : { file }) },
    }),
  )();
}
