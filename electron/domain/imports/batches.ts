/**
 * Import history (who, when, file, hash, counts) and rollback of a whole batch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Context } from '../../api/define';
import { AppError } from '../../api/errors';
import { appFolder, writeWhole } from '../../api/appFiles';
import { importKinds } from './kinds/index';
import { dayToIso } from './values';

export interface BatchRow {
  batchId: number;
  kind: string;
  kindLabel: string;
  file: string;
  fileHash: string;
  sheet: string | null;
  user: string;
  userLogin: string;
  createdAt: string;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  dayFrom: string | null;
  dayTo: string | null;
  status: 'committed' | 'rolled_back';
  rolledBackAt: string | null;
  rolledBackBy: string | null;
  rejectedFile: string | null;
  replacedLines: number;
  note: string | null;
}

export function listBatches(db: Database, opts: { kind?: string; limit?: number } = {}): BatchRow[] {
  const rows = db
    .prepare(
      `SELECT id, kind, file_name, file_hash, sheet, user_name, user_login, created_at, rows_read, rows_imported, rows_rejected,
              day_from, day_to, status, rolled_back_at, rolled_back_by, rejected_file, replaced_lines, note
       FROM import_batches WHERE (? IS NULL OR kind = ?) ORDER BY id DESC LIMIT ?`,
    )
    .all(opts.kind ?? null, opts.kind ?? null, opts.limit ?? 500) as Record<string, any>[];
  return rows.map((r) => ({
    batchId: r.id,
    kind: r.kind,
    kindLabel: importKinds[r.kind]?.label ?? (r.kind === 'demo' ? '示例数据' : r.kind),
    file: r.file_name,
    fileHash: r.file_hash,
    sheet: r.sheet,
    user: r.user_name,
    userLogin: r.user_login,
    createdAt: r.created_at,
    rowsRead: r.rows_read,
    rowsImported: r.rows_imported,
    rowsRejected: r.rows_rejected,
    dayFrom: r.day_from ? dayToIso(r.day_from) : null,
    dayTo: r.day_to ? dayToIso(r.day_to) : null,
    status: r.status,
    rolledBackAt: r.rolled_back_at,
    rolledBackBy: r.rolled_back_by,
    rejectedFile: r.rejected_file,
    replacedLines: r.replaced_lines,
    note: r.note,
  }));
}

/** How many order lines a batch has now: a count over its range of ids (a scan for a batch from before ranges). */
function orderLinesOf(db: Database, batchId: number): number {
  const s = db
    .prepare('SELECT first_line_id AS a, last_line_id AS b FROM import_batches WHERE id = ?')
    .get(batchId) as {
    a: number | null;
    b: number | null;
  };
  if (s.a !== null && s.b !== null)
    return db.prepare('SELECT COUNT(*) FROM order_lines WHERE id BETWEEN ? AND ?').pluck().get(s.a, s.b) as number;
  return db.prepare('SELECT COUNT(*) FROM order_lines WHERE batch_id = ?').pluck().get(batchId) as number;
}

/** Undoes a batch entirely; runs in the caller's transaction. */
export function rollbackBatch(
  ctx: Context,
  batchId: number,
): { batchId: number; kind: string; removed: number; restored: number } {
  const { db } = ctx;
  const b = db.prepare('SELECT id, kind, status, file_name AS file FROM import_batches WHERE id = ?').get(batchId) as
    { id: number; kind: string; status: string; file: string } | undefined;
  if (!b) throw new AppError('unknown_batch', `没有编号为 ${batchId} 的导入批次`);
  if (b.status !== 'committed') throw new AppError('already_rolled_back', `批次 #${batchId}（${b.file}）已经撤销过了`);
  const kind = importKinds[b.kind];
  if (!kind?.rollback) throw new AppError('rollback_unsupported', `批次 #${batchId} 的类型“${b.kind}”不能撤销`);
  const before = b.kind === 'orders' ? orderLinesOf(db, batchId) : 0;
  const restoredCount =
    b.kind === 'orders'
      ? (db.prepare('SELECT COUNT(*) FROM order_lines_replaced WHERE replaced_by = ?').pluck().get(batchId) as number)
      : 0;
  kind.rollback(db, batchId);
  const removed =
    b.kind === 'orders'
      ? before
      : (db.prepare('SELECT COUNT(*) FROM import_master_undo WHERE batch_id = ?').pluck().get(batchId) as number);
  db.prepare(
    `UPDATE import_batches SET status = 'rolled_back', rolled_back_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), rolled_back_by = ? WHERE id = ?`,
  ).run(ctx.actor.name, batchId);
  ctx.audit({
    module: 'imports',
    action: 'rollback',
    record: `batch:${batchId}`,
    before: { kind: b.kind, file: b.file },
    after: { removed, restored: restoredCount },
  });
  return { batchId, kind: b.kind, removed, restored: restoredCount };
}

/** Where uploaded files are kept (browser mode sends content; the backend needs a path). */
export function uploadDir(dataDir: string): string {
  return appFolder(dataDir, 'uploads');
}

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Saves uploaded content by its hash and returns the path to import from. */
export function saveUpload(
  dataDir: string,
  fileName: string,
  contentBase64: string,
): { file: string; fileName: string; size: number; hash: string } {
  const buf = Buffer.from(contentBase64, 'base64');
  if (buf.length === 0) throw new AppError('file_empty', `文件是空的：${fileName}`);
  if (buf.length > MAX_UPLOAD_BYTES)
    throw new AppError(
      'file_too_large',
      `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请在本机程序中直接选择文件导入`,
    );
  const hash = createHash('sha256').update(buf).digest('hex');
  const ext =
    path
      .extname(fileName)
      .toLowerCase()
      .replace(/[^.a-z0-9]/g, '') || '.csv';
  const dir = uploadDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${hash.slice(0, 24)}${ext}`);
  if (!fs.existsSync(file)) writeWhole(file, buf);
  // Uploads are only needed while the wizard runs: older ones are removed.
  const week = Date.now() - 7 * 86400000;
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    try {
      if (p !== file && fs.statSync(p).mtimeMs < week) fs.rmSync(p, { force: true });
    } catch {
      // a file another process is using stays
    }
  }
  return { file, fileName: path.basename(fileName), size: buf.length, hash };
}
