/**
 * The queue of attachment text still to be read. A write stores the file and marks its blob
 * 正在提取 (attachments.ts) and returns at once; the text is read afterwards, one file at a
 * time, outside any transaction — on the extraction thread in the app (api/textExtraction.ts),
 * right after the write in the CLI — and written in one short transaction that also brings
 * the search index of every document using the file up to date.
 *
 * The queue is the database itself (blobs still 正在提取 that an attachment uses), so it
 * outlives a restart. Each attempt is counted before its parse starts: a file that crashed
 * or hung the reader MAX_TRIES times is marked 提取失败 instead of being tried forever.
 */
import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { TEXT_EXTRACTING } from '../../../common/attachmentText';
import { blobPath } from './attachments';
import { reindexDocument } from './search';
import type { BlobType, Extracted } from './blobTypes';
// the readers (xlsx and the rest) load with the first file to read, not with the backend
import * as textExtract from './textExtract'; // lazy

/** Attempts at one file before the queue gives up on it. */
export const MAX_TRIES = 3;
export const GAVE_UP = `${MAX_TRIES} 次尝试都没有读完（文件可能过大或已损坏）`;

export interface WaitingBlob {
  sha256: string;
  type: BlobType;
  /** where its bytes are stored */
  file: string;
}

// The status is written into the SQL (not bound) so the partial index archive_blobs_waiting serves it.

/** The oldest blob still waiting for its text that an attachment uses, or null. */
export function nextWaiting(db: Database, dataDir: string): WaitingBlob | null {
  const r = db
    .prepare(
      `SELECT b.sha256, b.type FROM archive_blobs b
        WHERE b.text_status = '${TEXT_EXTRACTING}' AND EXISTS (SELECT 1 FROM archive_attachments a WHERE a.sha256 = b.sha256)
        ORDER BY b.stored_at LIMIT 1`,
    )
    .get() as { sha256: string; type: BlobType } | undefined;
  return r ? { ...r, file: blobPath(dataDir, r.sha256) } : null;
}

/** How many blobs wait for their text (used by an attachment). */
export function waitingCount(db: Database): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM archive_blobs b
          WHERE b.text_status = '${TEXT_EXTRACTING}' AND EXISTS (SELECT 1 FROM archive_attachments a WHERE a.sha256 = b.sha256)`,
      )
      .get() as { n: number }
  ).n;
}

/**
 * Counts one attempt at a blob before its parse starts (a short write of its own). A blob
 * already tried MAX_TRIES times is marked 提取失败 instead; false then, or when it no longer waits.
 */
export function claimWaiting(db: Database, sha256: string): boolean {
  return db.transaction(() => {
    const r = db
      .prepare('SELECT text_tries AS tries FROM archive_blobs WHERE sha256 = ? AND text_status = ?')
      .get(sha256, TEXT_EXTRACTING) as { tries: number } | undefined;
    if (!r) return false;
    if (r.tries >= MAX_TRIES) {
      saveExtracted(db, sha256, { text: '', status: '提取失败', error: GAVE_UP });
      return false;
    }
    db.prepare('UPDATE archive_blobs SET text_tries = text_tries + 1 WHERE sha256 = ?').run(sha256);
    return true;
  })();
}

/** Reads one stored file's text. No database here: it runs on the extraction thread, outside any transaction. */
export function extractStored(file: string, type: BlobType): Extracted {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return { text: '', status: '提取失败', error: '附件的文件不在数据文件夹中（可能数据库是从别处恢复的）' };
  }
  return textExtract.extractText(type, buf);
}

/**
 * Writes a blob's text and reindexes the documents that use it, in one short transaction. A
 * result for a blob that no longer waits, or that no attachment uses any more (removed or its
 * document deleted while the file was read), is dropped. Returns the documents reindexed, or
 * null when dropped.
 */
export function saveExtracted(db: Database, sha256: string, ex: Extracted): number[] | null {
  return db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM archive_blobs WHERE sha256 = ? AND text_status = ?').get(sha256, TEXT_EXTRACTING))
      return null;
    const docIds = (
      db.prepare('SELECT DISTINCT doc_id AS id FROM archive_attachments WHERE sha256 = ? ORDER BY 1').all(sha256) as {
        id: number;
      }[]
    ).map((r) => r.id);
    if (!docIds.length) return null;
    db.prepare('UPDATE archive_blobs SET text = ?, text_status = ?, text_error = ? WHERE sha256 = ?').run(
      ex.text,
      ex.status,
      ex.status === '提取失败' ? (ex.error ?? '原因不明') : null,
      sha256,
    );
    for (const id of docIds) reindexDocument(db, id);
    return docIds;
  })();
}

/** Reads every waiting file now, one at a time (the CLI and inline tests, after the write has committed). */
export function extractAllWaiting(db: Database, dataDir: string): number {
  const seen = new Set<string>();
  for (let b = nextWaiting(db, dataDir); b && !seen.has(b.sha256); b = nextWaiting(db, dataDir)) {
    seen.add(b.sha256);
    if (claimWaiting(db, b.sha256)) saveExtracted(db, b.sha256, extractStored(b.file, b.type));
  }
  return seen.size;
}
