/**
 * Attachments: each file's bytes are stored once, in <dataDir>/attachments/<aa>/<sha256>
 * (no extension, so nothing opens it by accident), whatever it was called. The
 * original name is metadata only (rules.displayName) and never part of a path.
 * The write stores the file and returns at once; its text is read afterwards
 * (textQueue.ts), and the blob says 正在提取 until then.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { displayName } from './rules';
import { reindexDocument } from './search';
import { hasReadableText, PREVIEWABLE, sniffType, type BlobType } from './blobTypes';
import { TEXT_EXTRACTING } from '../../../common/attachmentText';

export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/** The stored file of a hash; the hash is checked so no caller can steer the path. */
export function blobPath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('unknown_attachment', '附件编号无效');
  return path.join(attachmentsDir(dataDir), sha256.slice(0, 2), sha256);
}

/** Decodes base64 content from the window; refuses anything that is not base64. */
export function decodeBase64(b64: string): Buffer {
  const s = b64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1)
    throw new AppError('unknown_attachment', '附件内容不是有效的 Base64 编码');
  return Buffer.from(s, 'base64');
}

export function checkSize(size: number, maxMb: number, name: string): void {
  if (size === 0) throw new AppError('attachment_empty', `附件“${name}”是空文件`);
  if (size > maxMb * 1024 * 1024) {
    throw new AppError(
      'attachment_too_large',
      `附件“${name}”有 ${(size / 1024 / 1024).toFixed(1)} MB，超过设置的上限 ${maxMb} MB`,
    );
  }
}

export interface StoredAttachment {
  id: number;
  sha256: string;
  name: string;
  size: number;
  type: BlobType;
  /** 正在提取 for new content whose text is still to be read (textQueue.ts) */
  textStatus: string;
  /** why the text could not be read (提取失败), said to the user so a search that misses it is understood */
  textError?: string;
  /** true when the same content was already stored */
  deduplicated: boolean;
}

/** Writes the bytes (once per content) and links them to a document. */
export function storeAttachment(
  db: Database,
  dataDir: string,
  docId: number,
  rawName: string,
  buf: Buffer,
  addedBy: string,
): StoredAttachment {
  const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
  const name = displayName(rawName);
  const existing = db
    .prepare('SELECT type, text_status AS textStatus, text_error AS textError FROM archive_blobs WHERE sha256 = ?')
    .get(sha256) as { type: BlobType; textStatus: string; textError: string | null } | undefined;
  const file = blobPath(dataDir, sha256);
  let type: BlobType;
  let textStatus: string;
  let textError: string | undefined;
  if (existing) {
    type = existing.type;
    textStatus = existing.textStatus;
    textError = existing.textError ?? undefined;
  } else {
    // The text is read after this write commits (textQueue.ts): the write never waits for a parse.
    type = sniffType(buf);
    textStatus = hasReadableText(type) ? TEXT_EXTRACTING : '不支持';
    db.prepare('INSERT INTO archive_blobs(sha256, size, type, text, text_status) VALUES (?, ?, ?, ?, ?)').run(
      sha256,
      buf.length,
      type,
      '',
      textStatus,
    );
  }
  // The file may be missing even when the row exists (a rolled-back add, a restored database).
  if (!fs.existsSync(file) || fs.statSync(file).size !== buf.length) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, buf, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  const id = Number(
    db
      .prepare('INSERT INTO archive_attachments(doc_id, sha256, name, added_by) VALUES (?, ?, ?, ?)')
      .run(docId, sha256, name, addedBy).lastInsertRowid,
  );
  reindexDocument(db, docId);
  return { id, sha256, name, size: buf.length, type, textStatus, textError, deduplicated: !!existing };
}

export interface AttachmentInfo {
  id: number;
  docId: number;
  sha256: string;
  name: string;
  size: number;
  type: BlobType;
  /** MIME type when the app can preview it (PDF, images), otherwise null */
  previewMime: string | null;
  /** 正在提取 / 已提取 / 无文本 / 不支持 / 提取失败 */
  textStatus: string;
  /** why the text could not be read (提取失败) */
  textError: string | null;
  textLength: number;
  addedAt: string;
  addedBy: string;
}

export function listAttachments(db: Database, docId: number): AttachmentInfo[] {
  const rows = db
    .prepare(
      `SELECT a.id, a.doc_id AS docId, a.sha256, a.name, b.size, b.type, b.text_status AS textStatus, b.text_error AS textError,
              length(b.text) AS textLength,
              a.added_at AS addedAt, a.added_by AS addedBy
         FROM archive_attachments a JOIN archive_blobs b ON b.sha256 = a.sha256
        WHERE a.doc_id = ? ORDER BY a.id`,
    )
    .all(docId) as Omit<AttachmentInfo, 'previewMime'>[];
  return rows.map((r) => ({ ...r, previewMime: PREVIEWABLE[r.type] ?? null }));
}

/** The bytes of one attachment, checked against its hash before they leave. */
export function readAttachment(
  db: Database,
  dataDir: string,
  attachmentId: number,
): { info: AttachmentInfo; bytes: Buffer } {
  const row = db.prepare('SELECT doc_id AS docId FROM archive_attachments WHERE id = ?').get(attachmentId) as
    { docId: number } | undefined;
  if (!row) throw new AppError('unknown_attachment', '找不到这个附件');
  const info = listAttachments(db, row.docId).find((a) => a.id === attachmentId)!;
  const file = blobPath(dataDir, info.sha256);
  if (!fs.existsSync(file))
    throw new AppError('attachment_missing', `附件“${info.name}”的文件不在数据文件夹中（可能数据库是从别处恢复的）`);
  const bytes = fs.readFileSync(file);
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== info.sha256) {
    throw new AppError('attachment_damaged', `附件“${info.name}”的文件已损坏（内容与登记时不符）`);
  }
  return { info, bytes };
}
