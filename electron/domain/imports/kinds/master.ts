/**
 * The shared part of master-data kinds: upsert by code, duplicate codes in one
 * file refused, the row as it was kept for rollback (import_master_undo), and
 * a rollback that restores or removes exactly what the batch touched.
 */
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../api/errors';
import type { Checked, FieldSpec, ImportKind, KindOpenContext, KindSession, RowView } from './types';
import { cellText, codeText, isBlank } from '../values';

export interface MasterRecord {
  code: string;
  /** column → value, only for the columns the file has */
  values: Record<string, unknown>;
}

export interface MasterSpec {
  kind: string;
  table: 'retailers' | 'managers' | 'routes' | 'products';
  /** 客户编码, 工号 … */
  codeLabel: string;
  /** what a new record is called in messages: 客户, 客户经理 … */
  noun: string;
  /** the field key holding the code */
  codeField: string;
  /** Reads the mapped columns of one row; `exists` says whether the code is already known. */
  read(row: RowView, exists: boolean): Checked<Record<string, unknown>>;
}

/**
 * A master's name column: a mapped name may not be blank (「缺少卷烟名称」), and a new code needs
 * one (「新卷烟规格缺少卷烟名称」). Sets `v.name`; returns the refusal, or null.
 */
export function readName(
  row: RowView,
  exists: boolean,
  v: Record<string, unknown>,
  label: string,
  noun: string,
): Checked<never> | null {
  if (row.has('name')) {
    if (isBlank(row.get('name'))) return { ok: false, reason: `缺少${label}` };
    v.name = cellText(row.get('name'));
  } else if (!exists) return { ok: false, reason: `新${noun}缺少${label}` };
  return null;
}

/**
 * A master kind (客户经理, 卷烟规格, 线路): upserted by its code through openMasterSession, its
 * name read by readName, its other columns by `columns` (made once per import from the context,
 * then called per row with the values read so far: a refusal, or null), rolled back by
 * rollbackMasters.
 */
export function masterKind(
  o: Omit<MasterSpec, 'read'> & {
    label: string;
    fields: FieldSpec[];
    /** the name column's label: 姓名, 卷烟名称 … */
    nameLabel: string;
    columns: (ctx: KindOpenContext) => (row: RowView, v: Record<string, unknown>) => Checked<never> | null;
  },
): ImportKind<MasterRecord> {
  const { label, fields, nameLabel, columns, ...master } = o;
  return {
    kind: master.kind,
    label,
    fields,
    open(ctx) {
      const more = columns(ctx);
      const read = (row: RowView, exists: boolean): Checked<Record<string, unknown>> => {
        const v: Record<string, unknown> = {};
        const refused = readName(row, exists, v, nameLabel, master.noun) ?? more(row, v);
        return refused ?? { ok: true, record: v };
      };
      return openMasterSession({ ...master, read }, ctx);
    },
    rollback(db, batchId) {
      rollbackMasters(db, batchId, master);
      return {};
    },
  };
}

export function openMasterSession(spec: MasterSpec, ctx: KindOpenContext): KindSession<MasterRecord> {
  const { db, batchId } = ctx;
  const existing = new Set(db.prepare(`SELECT code FROM ${spec.table}`).pluck().all() as string[]);
  const seen = new Map<string, number>();
  const selectRow = db.prepare(`SELECT * FROM ${spec.table} WHERE code = ?`);
  const undo = db.prepare('INSERT OR IGNORE INTO import_master_undo(batch_id, kind, code, before) VALUES (?, ?, ?, ?)');
  const statements = new Map<string, { insert: Statement<unknown[]>; update: Statement<unknown[]> }>();
  const stmts = (cols: string[]) => {
    const key = cols.join(',');
    let s = statements.get(key);
    if (!s) {
      s = {
        insert: db.prepare(
          `INSERT INTO ${spec.table}(code, ${cols.join(', ')}, batch_id) VALUES (?, ${cols.map(() => '?').join(', ')}, ?)`,
        ),
        update: db.prepare(
          `UPDATE ${spec.table} SET ${cols.map((c) => `${c} = ?`).join(', ')}${cols.length ? ', ' : ''}batch_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE code = ?`,
        ),
      };
      statements.set(key, s);
    }
    return s;
  };
  let written = 0;
  return {
    check(row) {
      const raw = row.get(spec.codeField);
      if (isBlank(raw)) return { ok: false, reason: `缺少${spec.codeLabel}` };
      const code = codeText(raw);
      if (code.length > 40) return { ok: false, reason: `${spec.codeLabel}“${code.slice(0, 40)}…”过长` };
      const first = seen.get(code);
      if (first !== undefined)
        return { ok: false, reason: `${spec.codeLabel} ${code} 在文件中重复（与第 ${first} 行相同）` };
      const r = spec.read(row, existing.has(code));
      if (!r.ok) return r;
      seen.set(code, row.row);
      return { ok: true, record: { code, values: r.record } };
    },
    write(rec) {
      const cols = Object.keys(rec.values);
      const s = stmts(cols);
      const vals = cols.map((c) => rec.values[c]) as never[];
      const before = selectRow.get(rec.code) as Record<string, unknown> | undefined;
      if (before) {
        undo.run(batchId, spec.kind, rec.code, JSON.stringify(before));
        s.update.run(...vals, batchId, rec.code);
      } else {
        undo.run(batchId, spec.kind, rec.code, null);
        s.insert.run(rec.code, ...vals, batchId);
        existing.add(rec.code);
      }
      written++;
      return null;
    },
    finish() {
      return { note: `${written} 条${spec.noun}资料` };
    },
  };
}

/** Undoes one master batch: rows it created are removed, rows it changed get their old values back. */
export function rollbackMasters(
  db: Database,
  batchId: number,
  spec: Pick<MasterSpec, 'kind' | 'table' | 'noun' | 'codeLabel'>,
): void {
  const later = db
    .prepare(
      `SELECT MIN(l.batch_id) AS id FROM import_master_undo m
       JOIN import_master_undo l ON l.kind = m.kind AND l.code = m.code AND l.batch_id > m.batch_id
       JOIN import_batches b ON b.id = l.batch_id AND b.status = 'committed'
       WHERE m.batch_id = ? AND m.kind = ?`,
    )
    .get(batchId, spec.kind) as { id: number | null };
  if (later.id !== null) {
    throw new AppError(
      'rollback_order',
      `批次 #${batchId} 之后的批次 #${later.id} 又修改了其中的${spec.noun}，请先撤销批次 #${later.id}`,
    );
  }
  const rows = db
    .prepare('SELECT code, before FROM import_master_undo WHERE batch_id = ? AND kind = ?')
    .all(batchId, spec.kind) as {
    code: string;
    before: string | null;
  }[];
  const del = db.prepare(`DELETE FROM ${spec.table} WHERE code = ?`);
  for (const r of rows) {
    if (r.before === null) {
      try {
        del.run(r.code);
      } catch (err) {
        if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) {
          throw new AppError(
            'rollback_blocked',
            `无法撤销：该批次新增的${spec.noun}（${spec.codeLabel} ${r.code}）已被订单或其他资料引用`,
          );
        }
        throw err;
      }
    } else {
      const before = JSON.parse(r.before) as Record<string, unknown>;
      const cols = Object.keys(before).filter((c) => c !== 'id' && c !== 'code');
      db.prepare(`UPDATE ${spec.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE code = ?`).run(
        ...cols.map((c) => before[c] as never),
        r.code,
      );
    }
  }
}
