/**
 * The registers (收文登记, 发文登记, 报表报送登记): numbering, changes, 处理情况,
 * 传阅, deletion. Every function runs inside the router's transaction.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { readSettings } from '../settings';
import { checkStatusChange, formatDocNumber, initialStatus, today, type DocKind } from './rules';
import { listAttachments, type AttachmentInfo } from './attachments';
import { reindexDocument } from './search';

/** One register entry as the window and the CLI see it. */
export interface ArchiveDoc {
  id: number;
  kind: DocKind;
  year: number;
  seq: number;
  number: string;
  date: string;
  title: string;
  fromOrg: string;
  docNo: string;
  toOrg: string;
  cc: string;
  secrecy: string;
  urgency: string;
  copies: number;
  pages: number | null;
  handler: string;
  signer: string;
  drafter: string;
  channel: string;
  dueDate: string | null;
  status: string;
  instruction: string;
  replyNo: string;
  remark: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  filedOn: string | null;
  fondsNo: string | null;
  archiveYear: number | null;
  retention: string | null;
  orgCode: string | null;
  itemNo: number | null;
  archiveNo: string | null;
  appraisedOn: string | null;
  appraisal: string | null;
  appraisalReason: string | null;
}

export const DOC_COLUMNS = `id, kind, year, seq, number, doc_date AS date, title, from_org AS fromOrg, doc_no AS docNo, to_org AS toOrg, cc,
  secrecy, urgency, copies, pages, handler, signer, drafter, channel, due_date AS dueDate, status, instruction,
  reply_no AS replyNo, remark, created_at AS createdAt, created_by AS createdBy, updated_at AS updatedAt,
  filed_on AS filedOn, fonds_no AS fondsNo, archive_year AS archiveYear, retention, org_code AS orgCode, item_no AS itemNo,
  archive_no AS archiveNo, appraised_on AS appraisedOn, appraisal, appraisal_reason AS appraisalReason`;

/** The editable fields, camelCase → column. */
export const FIELD_COLUMNS = {
  title: 'title',
  fromOrg: 'from_org',
  docNo: 'doc_no',
  toOrg: 'to_org',
  cc: 'cc',
  secrecy: 'secrecy',
  urgency: 'urgency',
  copies: 'copies',
  pages: 'pages',
  handler: 'handler',
  signer: 'signer',
  drafter: 'drafter',
  channel: 'channel',
  dueDate: 'due_date',
  instruction: 'instruction',
  replyNo: 'reply_no',
  remark: 'remark',
} as const;
export type DocFields = Partial<Record<keyof typeof FIELD_COLUMNS, string | number | null>>;

export function getDoc(db: Database, id: number): ArchiveDoc {
  const d = db.prepare(`SELECT ${DOC_COLUMNS} FROM archive_docs WHERE id = ?`).get(id) as ArchiveDoc | undefined;
  if (!d) throw new AppError('unknown_document', `找不到编号为 ${id} 的文件登记`);
  return d;
}

/**
 * Takes SQLite's write lock now, before the transaction reads anything. In WAL
 * mode a transaction that read first and writes later fails outright (no
 * busy wait) when another process wrote in between; one that starts with a
 * write waits its turn instead. A statement that changes no row still locks.
 */
export function takeWriteLock(db: Database): void {
  db.prepare('UPDATE archive_sequences SET last = last WHERE 0').run();
}

/**
 * The next number of a kind in a year. The upsert is the transaction's first
 * write, so it takes SQLite's write lock before anything is read: two
 * processes adding at once are serialised and never see the same `last`.
 */
export function nextSeq(db: Database, kind: DocKind, year: number): number {
  const r = db
    .prepare(
      `INSERT INTO archive_sequences(kind, year, last) VALUES (?, ?, 1)
       ON CONFLICT(kind, year) DO UPDATE SET last = last + 1
       RETURNING last`,
    )
    .get(kind, year) as { last: number };
  // A number above `last` can exist only if rows were written outside this path; never reuse it.
  const max =
    (
      db.prepare('SELECT max(seq) AS m FROM archive_docs WHERE kind = ? AND year = ?').get(kind, year) as {
        m: number | null;
      }
    ).m ?? 0;
  if (r.last <= max) {
    db.prepare('UPDATE archive_sequences SET last = ? WHERE kind = ? AND year = ?').run(max + 1, kind, year);
    return max + 1;
  }
  return r.last;
}

export interface AddInput extends DocFields {
  kind: DocKind;
  title: string;
  date?: string;
}

export function addDoc(db: Database, input: AddInput, by: string): ArchiveDoc {
  const date = input.date ?? today();
  const year = Number(date.slice(0, 4));
  const seq = nextSeq(db, input.kind, year);
  const s = readSettings(db);
  const number = formatDocNumber(input.kind, year, seq, {
    in: s.archiveInPattern,
    out: s.archiveOutPattern,
    report: s.archiveReportPattern,
    abbr: s.archiveOrgAbbr,
  });
  const cols = ['kind', 'year', 'seq', 'number', 'doc_date', 'status', 'created_by'];
  const vals: unknown[] = [input.kind, year, seq, number, date, initialStatus(input.kind), by];
  for (const [k, col] of Object.entries(FIELD_COLUMNS)) {
    const v = (input as unknown as Record<string, unknown>)[k];
    if (v !== undefined) {
      cols.push(col);
      vals.push(v);
    }
  }
  const id = Number(
    db.prepare(`INSERT INTO archive_docs(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...vals)
      .lastInsertRowid,
  );
  reindexDocument(db, id);
  return getDoc(db, id);
}

function refuseIfFiled(d: ArchiveDoc, what: string): void {
  if (d.archiveNo) throw new AppError('filed_item_locked', `“${d.number}”已归档（档号 ${d.archiveNo}），不能${what}`);
}

/** Changes fields of an entry that is not filed; returns before and after for the audit. */
export function updateDoc(
  db: Database,
  id: number,
  patch: DocFields & { date?: string },
): { before: ArchiveDoc; after: ArchiveDoc } {
  const before = getDoc(db, id);
  refuseIfFiled(before, '修改');
  const sets: string[] = [];
  const vals: unknown[] = [];
  if (patch.date !== undefined && patch.date !== before.date) {
    if (Number(patch.date.slice(0, 4)) !== before.year) {
      throw new AppError(
        'date_year_mismatch',
        `日期的年份必须与编号“${before.number}”的年份（${before.year}）一致；跨年请重新登记`,
      );
    }
    sets.push('doc_date = ?');
    vals.push(patch.date);
  }
  for (const [k, col] of Object.entries(FIELD_COLUMNS)) {
    const v = (patch as Record<string, unknown>)[k];
    if (v !== undefined) {
      sets.push(`${col} = ?`);
      vals.push(v);
    }
  }
  if (!sets.length) return { before, after: before };
  sets.push(`updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`);
  db.prepare(`UPDATE archive_docs SET ${sets.join(', ')} WHERE id = ?`).run(...vals, id);
  reindexDocument(db, id);
  return { before, after: getDoc(db, id) };
}

export function setStatus(
  db: Database,
  id: number,
  status: string,
): { before: string; after: string; doc: ArchiveDoc } {
  const d = getDoc(db, id);
  refuseIfFiled(d, '更改处理情况');
  checkStatusChange(d.kind, d.status, status);
  db.prepare(`UPDATE archive_docs SET status = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(
    status,
    id,
  );
  return { before: d.status, after: status, doc: getDoc(db, id) };
}

export interface ReadRecord {
  id: number;
  docId: number;
  reader: string;
  readOn: string;
  comment: string;
}

/** 传阅: who read it, when, and their comment. Allowed after filing too (reading changes nothing). */
export function addRead(db: Database, docId: number, reader: string, readOn: string, comment: string): ReadRecord {
  getDoc(db, docId);
  const id = Number(
    db
      .prepare('INSERT INTO archive_reads(doc_id, reader, read_on, comment) VALUES (?, ?, ?, ?)')
      .run(docId, reader, readOn, comment).lastInsertRowid,
  );
  reindexDocument(db, docId);
  return { id, docId, reader, readOn, comment };
}

export function listReads(db: Database, docId: number): ReadRecord[] {
  return db
    .prepare(
      'SELECT id, doc_id AS docId, reader, read_on AS readOn, comment FROM archive_reads WHERE doc_id = ? ORDER BY read_on, id',
    )
    .all(docId) as ReadRecord[];
}

/** Removes an entry registered by mistake. A filed item can only be appraised out. Its number is not reused. */
export function deleteDoc(db: Database, id: number): ArchiveDoc {
  const d = getDoc(db, id);
  refuseIfFiled(d, '删除（已归档的文件只能经到期鉴定处置）');
  const open = db
    .prepare('SELECT count(*) AS n FROM archive_loans WHERE doc_id = ? AND returned_on IS NULL')
    .get(id) as { n: number };
  if (open.n > 0) throw new AppError('doc_on_loan', `“${d.number}”的原件已借出未归还，不能删除`);
  db.prepare('DELETE FROM archive_loans WHERE doc_id = ?').run(id);
  db.prepare('DELETE FROM archive_docs WHERE id = ?').run(id);
  reindexDocument(db, id);
  return d;
}

export function removeAttachment(
  db: Database,
  attachmentId: number,
): { doc: ArchiveDoc; name: string; sha256: string } {
  const a = db
    .prepare('SELECT doc_id AS docId, name, sha256 FROM archive_attachments WHERE id = ?')
    .get(attachmentId) as { docId: number; name: string; sha256: string } | undefined;
  if (!a) throw new AppError('unknown_attachment', '找不到这个附件');
  const d = getDoc(db, a.docId);
  refuseIfFiled(d, '删除附件');
  db.prepare('DELETE FROM archive_attachments WHERE id = ?').run(attachmentId);
  reindexDocument(db, a.docId);
  return { doc: d, name: a.name, sha256: a.sha256 };
}

export interface HistoryRow {
  at: string;
  user: string;
  action: string;
  method: string;
}

/** Who created, changed, filed, lent what: the audit rows of one entry. */
export function docHistory(db: Database, id: number): HistoryRow[] {
  return db
    .prepare(`SELECT at, user_name AS user, action, method FROM audit_log WHERE record = ? ORDER BY id`)
    .all(`archive:${id}`) as HistoryRow[];
}

export interface DocDetail {
  doc: ArchiveDoc;
  attachments: AttachmentInfo[];
  reads: ReadRecord[];
  history: HistoryRow[];
}

export function docDetail(db: Database, id: number): DocDetail {
  return {
    doc: getDoc(db, id),
    attachments: listAttachments(db, id),
    reads: listReads(db, id),
    history: docHistory(db, id),
  };
}
