/**
 * The import pipeline shared by every kind: open the file, find the header
 * row, map columns (remembered per source), read units from headers, check
 * each row, write the good ones as one batch, put rejected rows in an .xlsx
 * with a 原因 column. Preview runs the same checks without writing.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { Database } from 'better-sqlite3';
import type { Context, FollowUpRef, JobControl } from '../../api/define';
import { AppError } from '../../api/errors';
import { stamp } from '../../db/connection';
import { appFolder, writeWhole } from '../../api/appFiles';
import { neutralise } from '../../../common/xlsxTable';
import { importKinds } from './kinds/index';
import type { ImportKind, KindSession, RowView } from './kinds/types';
import {
  describeFields,
  findHeaderRow,
  headerKey,
  mapHeader,
  missingFields,
  sourceKey,
  statedPeriod,
  unitFactor,
} from './headers';
import { fileHash, openImportFile, type OpenedFile, type SheetRow } from './read';
import { cellText, dayToIso, isBlank, isoToDay, parseDay, type Cell } from './values';

export interface ImportRequest {
  kind: string;
  /** a path the backend can read (uploads are saved first, see imports.upload) */
  file: string;
  /** the name to show and keep in the history (defaults to the file's name) */
  fileName?: string;
  sheet?: string;
  /** spreadsheet row number of the header row; detected when absent */
  headerRow?: number;
  /** field → column index (0-based); null unmaps a field. Detected (or remembered) when absent. */
  mapping?: Record<string, number | null>;
  replace?: boolean;
  /** quantity unit for columns whose header does not say */
  unit?: '条' | '箱';
  /** the period the file covers (YYYY-MM-DD); otherwise read from the title rows, if any */
  periodFrom?: string;
  periodTo?: string;
}

export interface RejectedRow {
  row: number;
  reason: string;
}

export interface ImportResult {
  batchId: number;
  kind: string;
  file: string;
  sheet: string;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rejected: RejectedRow[];
  rejectedFile: string | null;
  dayFrom: string | null;
  dayTo: string | null;
  replacedLines: number;
  /** orders: the jobs started once the import was done (the 内管 scan), to follow by their ids */
  followUps?: FollowUpRef[];
}

export function kindOf(kind: string): ImportKind {
  const k = Object.prototype.hasOwnProperty.call(importKinds, kind) ? importKinds[kind] : undefined;
  if (!k)
    throw new AppError('unknown_kind', `不支持的导入类型“${kind}”（可用：${Object.keys(importKinds).join('、')}）`);
  return k;
}

export interface Analysis {
  opened: OpenedFile;
  kind: ImportKind;
  sheet: string;
  /** spreadsheet row number of the header */
  headerRow: number;
  header: Cell[];
  mapping: Record<string, number>;
  remembered: boolean;
  source: string;
  /** field → multiplier (条 per unit, 分 per unit) */
  factors: Record<string, number>;
  period: { from: number; to: number } | null;
  periodStated: boolean;
  /** rows above the header (titles), for the preview */
  titleRows: SheetRow[];
  /** columns the kind needs that the mapping lacks ("订单日期、客户编码或许可证号"); only a preview gets this far with some */
  missing: string | null;
  /** when the sheet was chosen among several because its header matched: which and why */
  sheetNote: string | null;
}

const HEADER_SCAN = 30;

/**
 * Finds header, mapping, units and period; refuses a file whose headers cannot
 * be matched. A mapping that lacks needed columns is refused too, unless
 * `allowMissing` (the preview, where the clerk completes the mapping).
 */
export function analyse(db: Database, req: ImportRequest, opened?: OpenedFile, allowMissing = false): Analysis {
  const kind = kindOf(req.kind);
  const file = opened ?? openImportFile(req.file, req.fileName, req.sheet);
  const firstRows = (name: string): SheetRow[] => {
    const rows: SheetRow[] = [];
    for (const r of file.rows(name)) {
      rows.push(r);
      if (rows.length >= HEADER_SCAN) break;
    }
    return rows;
  };
  // Without a sheet asked for, the first sheet (or table of a web page) whose header the kind recognises.
  let sheet = req.sheet ?? file.sheets[0];
  let head: SheetRow[] = [];
  let found: ReturnType<typeof findHeaderRow> = null;
  let sheetNote: string | null = null;
  if (req.sheet === undefined && req.headerRow === undefined && file.sheets.length > 1) {
    for (const name of file.sheets) {
      const rows = firstRows(name);
      const hit = findHeaderRow(
        kind.fields,
        rows.map((r) => r.cells),
        HEADER_SCAN,
      );
      if (hit) {
        sheet = name;
        head = rows;
        found = hit;
        break;
      }
    }
    if (found && sheet !== file.sheets[0])
      sheetNote = `文件中有 ${file.sheets.length} 个${file.formatLabel.startsWith('网页') || file.formatLabel.startsWith('单个文件网页') ? '表格' : '工作表'}，已选用表头可识别的“${sheet}”`;
  }
  if (!file.sheets.includes(sheet)) {
    throw new AppError(
      'sheet_not_found',
      `文件“${file.fileName}”中没有名为“${sheet}”的工作表（有：${file.sheets.join('、')}）`,
    );
  }
  if (!found) head = firstRows(sheet);
  if (head.length === 0) throw new AppError('sheet_empty', `工作表“${sheet}”没有内容`);
  let idx: number;
  let mapping: Record<string, number>;
  if (req.headerRow !== undefined) {
    idx = head.findIndex((r) => r.row === req.headerRow);
    if (idx < 0)
      throw new AppError(
        'invalid_header_row',
        `第 ${req.headerRow} 行不在文件开头的 ${HEADER_SCAN} 行内容中，不能作为表头`,
      );
    mapping = mapHeader(kind.fields, head[idx].cells);
  } else {
    found ??= findHeaderRow(
      kind.fields,
      head.map((r) => r.cells),
      HEADER_SCAN,
    );
    if (!found) {
      const where =
        req.sheet === undefined && file.sheets.length > 1
          ? `${file.sheets.length} 个工作表（${file.sheets.join('、')}）的前 ${HEADER_SCAN} 行中都`
          : `前 ${HEADER_SCAN} 行中`;
      throw new AppError(
        'no_header',
        `没有找到可识别的表头：文件“${file.fileName}”（按${file.formatLabel}读取）${where}没有一行包含${kind.label}的列名（如 ${kind.fields
          .slice(0, 4)
          .map((f) => f.synonyms[0])
          .join('、')}）。未导入任何数据`,
      );
    }
    idx = found.index;
    mapping = found.mapping;
  }
  const header = head[idx].cells;
  const source = sourceKey(kind.kind, header);
  let remembered = false;
  if (req.mapping) {
    mapping = { ...mapping };
    for (const [k, v] of Object.entries(req.mapping)) {
      if (!kind.fields.some((f) => f.key === k)) throw new AppError('invalid_mapping', `不认识的字段“${k}”`);
      if (v === null) delete mapping[k];
      else if (!Number.isInteger(v) || v < 0 || v >= Math.max(header.length, 1))
        throw new AppError('invalid_mapping', `字段“${k}”对应的列号 ${v} 超出表头范围`);
      else mapping[k] = v;
    }
  } else {
    const saved = db.prepare('SELECT mapping FROM import_mappings WHERE source = ?').pluck().get(source) as
      string | undefined;
    if (saved) {
      const m = JSON.parse(saved) as Record<string, number>;
      if (Object.values(m).every((c) => c < header.length)) {
        mapping = m;
        remembered = true;
      }
    }
  }
  const missing = missingFields(kind, mapping);
  if (missing && !allowMissing)
    throw new AppError('missing_columns', `文件“${file.fileName}”缺少必需的列：${missing}。未导入任何数据`, {
      mapping,
      headerRow: head[idx].row,
    });
  const factors: Record<string, number> = {};
  for (const f of kind.fields) {
    if (!f.measure || mapping[f.key] === undefined) continue;
    const { unit } = headerKey(header[mapping[f.key]]);
    const factor = unitFactor(f.measure, unit, req.unit ?? '条');
    if (factor === null)
      throw new AppError(
        'invalid_unit',
        `列“${cellText(header[mapping[f.key]])}”的单位“${unit}”无法识别。未导入任何数据`,
      );
    factors[f.key] = factor;
  }
  let period: { from: number; to: number } | null = null;
  let periodStated = false;
  if (req.periodFrom || req.periodTo) {
    if (!req.periodFrom || !req.periodTo) throw new AppError('invalid_period', '期间需同时给出起止日期');
    period = { from: isoToDay(req.periodFrom), to: isoToDay(req.periodTo) };
    if (period.to < period.from) throw new AppError('invalid_period', '期间的结束日期早于开始日期');
  } else if (kind.dated) {
    period = statedPeriod(head.slice(0, idx).map((r) => r.cells));
    periodStated = period !== null;
  }
  return {
    opened: file,
    kind,
    sheet,
    headerRow: head[idx].row,
    header,
    mapping,
    remembered,
    source,
    factors,
    period,
    periodStated,
    titleRows: head.slice(0, idx),
    missing,
    sheetNote,
  };
}

function rowView(a: Analysis): { view: RowView; set(r: SheetRow): void } {
  let cur: SheetRow = { row: 0, cells: [] };
  const { mapping, factors } = a;
  const date1904 = a.opened.date1904;
  const view: RowView = {
    get row() {
      return cur.row;
    },
    get: (k) => {
      const c = mapping[k];
      return c === undefined ? undefined : (cur.cells[c] ?? null);
    },
    has: (k) => mapping[k] !== undefined,
    factor: (k) => factors[k] ?? 1,
    date1904,
  };
  return { view, set: (r) => (cur = r) };
}

const TOTAL_ROW = /^(合计|总计|小计|累计)[:：]?$/;

/** Rejected rows kept with their cells for the 未导入行 workbook; beyond this only their reasons are counted. */
export const REJECTED_KEPT = 20_000;

/** The rejected rows of a run: the first REJECTED_KEPT with their cells, the rest counted. */
class Rejections {
  readonly kept: { row: number; reason: string; cells: Cell[] }[] = [];
  count = 0;
  add(row: number, reason: string, cells: Cell[]) {
    this.count++;
    if (this.kept.length < REJECTED_KEPT) this.kept.push({ row, reason, cells });
  }
}

/** The characters a 合计 row's first cell starts with (a quick test before the pattern, on every row). */
const TOTAL_FIRST = new Set(['合', '总', '小', '累']);

/** A 合计 row at the end of an export is refused with its own reason, not mistaken for data. */
function isTotalRow(cells: Cell[]): boolean {
  for (const c of cells) {
    if (isBlank(c)) continue;
    if (typeof c !== 'string') return false;
    const t = c.trim();
    return TOTAL_FIRST.has(t[0]) && TOTAL_ROW.test(t.replace(/\s+/g, ''));
  }
  return false;
}

function allBlank(cells: Cell[]): boolean {
  for (const c of cells) if (!isBlank(c)) return false;
  return true;
}

/** Writes rejected rows with the original columns plus 原行号 and 原因. */
export function writeRejectedFile(
  dir: string,
  fileName: string,
  header: Cell[],
  rows: { row: number; reason: string; cells: Cell[] }[],
  dateCols: number[] = [],
): string {
  fs.mkdirSync(dir, { recursive: true });
  const stem = path
    .basename(fileName, path.extname(fileName))
    .replace(/[\\/:*?"<>|]/g, '_')
    .slice(0, 60);
  const out = path.join(dir, `${stem}-未导入行-${stamp()}.xlsx`);
  const width = Math.max(header.length, ...rows.map((r) => r.cells.length));
  // Text that Excel would take for a formula (= + - @) is neutralised, as in every other export.
  const safe = (c: Cell): Cell => (typeof c === 'string' ? neutralise(c) : c);
  const head = Array.from({ length: width }, (_, i) => safe(header[i] ?? ''));
  const aoa: Cell[][] = [[...head, '原行号', '原因']];
  for (const r of rows) {
    const cells = Array.from({ length: width }, (_, i) => safe(r.cells[i] ?? null));
    aoa.push([...cells, r.row, safe(r.reason)]);
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  // Date cells keep a date format, so the clerk sees the dates the original showed.
  for (let r = 1; r < aoa.length; r++) {
    for (const c of dateCols) {
      const cell = ws[XLSX.utils.encode_cell({ r, c })];
      if (cell && cell.t === 'n') cell.z = 'yyyy-mm-dd';
    }
  }
  ws['!cols'] = [...head.map(() => ({ wch: 14 })), { wch: 8 }, { wch: 50 }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '未导入行');
  writeWhole(out, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return out;
}

export function rejectedDir(dataDir: string): string {
  return appFolder(dataDir, 'rejected');
}

/**
 * Progress of a job reading a file: rows checked so far against the rows the
 * file holds — the count the file states or that is cheap to take (an .xlsx's
 * dimension, the line ends of a text file up to 64 MB), otherwise extrapolated
 * from the bytes read — so the bar moves from the first second, before any row
 * is known, and ends at the real count.
 */
function fileProgress(opened: OpenedFile, job: JobControl | undefined) {
  let rows = 0;
  let known: number | null = null;
  let sheet: string | undefined;
  const tick = () => {
    if (!job) return;
    const frac = Math.min(1, opened.progress());
    const pct = Math.floor(frac * 100);
    if (rows === 0) {
      job.checkpoint(pct, 100, `正在读取文件（${pct}%）`);
      return;
    }
    if (known === null) known = opened.size <= 64 << 20 || opened.format === 'xlsx' ? opened.estimateRows(sheet) : 0;
    const total = known > 0 ? known : Math.round(rows / Math.max(frac, 1e-6));
    job.checkpoint(rows, Math.max(rows, total), `已检查 ${rows} 行（已读 ${pct}%）`);
  };
  opened.onChunk = tick;
  return {
    sheet(name: string) {
      sheet = name;
    },
    row(n: number) {
      rows = n;
      if ((n & 511) === 0) tick();
    },
  };
}

/** Opens the request's file with progress reported to the job as it is read. */
function openWithProgress(req: ImportRequest, job: JobControl | undefined) {
  const opened = openImportFile(req.file, req.fileName, req.sheet);
  const progress = fileProgress(opened, job);
  job?.checkpoint(0, 100, '正在读取文件');
  return { opened, progress };
}

/** The 未导入行 workbook of a run's rejected rows (null when none), dates kept as dates. */
function rejectedWorkbook(ctx: Context, a: Analysis, fileName: string, rejected: Rejections): string | null {
  if (!rejected.count) return null;
  const dateCols = a.kind.fields.filter((f) => f.date && a.mapping[f.key] !== undefined).map((f) => a.mapping[f.key]);
  const rows = rejected.kept;
  if (rejected.count > rows.length)
    rows.push({ row: 0, reason: `另有 ${rejected.count - rows.length} 行未通过检查，未列出`, cells: [] });
  return writeRejectedFile(rejectedDir(ctx.dataDir), fileName, a.header, rows, dateCols);
}

/**
 * Reads the sheet's data rows once, checking each as the kind says; a row that passes goes to
 * `take` (the import writes it, the dry run counts it), which may still refuse it with a reason.
 * Blank rows are skipped, a 合计 row is refused with its own reason. One loop for the import and
 * the dry run, so both judge every row alike.
 */
function checkRows(
  a: Analysis,
  session: KindSession<unknown>,
  progress: ReturnType<typeof fileProgress>,
  take: (record: unknown, row: number) => string | null,
): { read: number; rejected: Rejections } {
  const rejected = new Rejections();
  let read = 0;
  const { view, set } = rowView(a);
  for (const r of a.opened.rows(a.sheet)) {
    if (r.row <= a.headerRow || allBlank(r.cells)) continue;
    read++;
    progress.row(read);
    if (isTotalRow(r.cells)) {
      rejected.add(r.row, '合计行，不是明细数据', r.cells);
      continue;
    }
    set(r);
    const checked = session.check(view);
    const refused = checked.ok ? take(checked.record, r.row) : checked.reason;
    if (refused !== null) rejected.add(r.row, refused, r.cells);
  }
  return { read, rejected };
}

/** What the import and the dry run both answer about the rows: counts, the first reasons, the 未导入行 workbook. */
function rowsSummary(ctx: Context, a: Analysis, fileName: string, read: number, rejected: Rejections) {
  return {
    kind: a.kind.kind,
    file: fileName,
    sheet: a.sheet,
    rowsRead: read,
    rowsRejected: rejected.count,
    rejected: rejected.kept.slice(0, 100).map(({ row, reason }) => ({ row, reason })),
    rejectedFile: rejectedWorkbook(ctx, a, fileName, rejected),
  };
}

export interface DryRunResult {
  kind: string;
  file: string;
  sheet: string;
  rowsRead: number;
  rowsOk: number;
  rowsRejected: number;
  rejected: RejectedRow[];
  rejectedFile: string | null;
  dayFrom: string | null;
  dayTo: string | null;
  /** orders: dates of the file that already hold order lines (an import would need 替换) */
  existingDays: string[];
  /** the earlier imports those lines came from */
  existingImports: ExistingImport[];
}

/** The file opened and analysed (sheet, header row, columns; the progress told the sheet), and the name it goes by. */
function openAnalysed(db: Database, req: ImportRequest, job?: JobControl) {
  const { opened, progress } = openWithProgress(req, job);
  const a = analyse(db, req, opened);
  progress.sheet(a.sheet);
  return { a, progress, fileName: req.fileName ?? path.basename(req.file) };
}

/**
 * Checks every row of the file as the import would, and writes nothing to the
 * database (the rejected rows still go to their workbook for the clerk).
 */
export function dryRunImport(ctx: Context, req: ImportRequest, job?: JobControl): DryRunResult {
  const { db } = ctx;
  const { a, progress, fileName } = openAnalysed(db, req, job);
  const session = a.kind.open({
    db,
    batchId: 0,
    options: { replace: Boolean(req.replace), period: a.period },
    preview: true,
  });
  const days = new Set<number>();
  let ok = 0;
  const { read, rejected } = checkRows(a, session, progress, (record) => {
    ok++;
    if (a.kind.kind === 'orders') days.add((record as [number])[0]);
    return null;
  });
  job?.checkpoint(read, read, '正在完成');
  if (read === 0) throw new AppError('no_rows', `文件“${fileName}”的表头（第 ${a.headerRow} 行）下面没有数据行`);
  const sorted = [...days].sort((x, y) => x - y);
  return {
    ...rowsSummary(ctx, a, fileName, read, rejected),
    rowsOk: ok,
    dayFrom: sorted.length ? dayToIso(sorted[0]) : null,
    dayTo: sorted.length ? dayToIso(sorted[sorted.length - 1]) : null,
    ...withImports(db, existingDays(db, sorted)),
  };
}

/** The days among `days` that already hold order lines. */
function existingDays(db: Database, days: number[]): string[] {
  const q = db.prepare('SELECT 1 FROM order_lines WHERE day = ? LIMIT 1').pluck();
  return days.filter((d) => q.get(d) !== undefined).map(dayToIso);
}

/** An earlier import holding order lines on some of the file's dates. */
export interface ExistingImport {
  batchId: number;
  fileName: string;
  importedAt: string;
  userName: string;
  /** the file's dates this batch holds lines on */
  days: string[];
}

/**
 * Which earlier imports hold the lines on `days` (ISO dates that already have lines): the
 * committed order batches whose date range covers the day and that still have a line on it.
 */
export function existingImports(db: Database, days: string[]): ExistingImport[] {
  if (!days.length) return [];
  const batches = db
    .prepare(
      `SELECT id AS batchId, file_name AS fileName, created_at AS importedAt, user_name AS userName, day_from AS dayFrom, day_to AS dayTo
       FROM import_batches WHERE kind = 'orders' AND status = 'committed' AND day_from IS NOT NULL ORDER BY id`,
    )
    .all() as (Omit<ExistingImport, 'days'> & { dayFrom: number; dayTo: number })[];
  const hasLine = db.prepare('SELECT 1 FROM order_lines WHERE day = ? AND batch_id = ? LIMIT 1').pluck();
  const out = new Map<number, ExistingImport>();
  for (const iso of days) {
    const day = Number(iso.replace(/-/g, ''));
    for (const b of batches) {
      if (day < b.dayFrom || day > b.dayTo || hasLine.get(day, b.batchId) === undefined) continue;
      const e = out.get(b.batchId) ?? {
        batchId: b.batchId,
        fileName: b.fileName,
        importedAt: b.importedAt,
        userName: b.userName,
        days: [],
      };
      e.days.push(iso);
      out.set(b.batchId, e);
    }
  }
  return [...out.values()];
}

/** Imports one file as one batch; runs inside the caller's transaction (the job's). */
export function runImport(ctx: Context, req: ImportRequest, job?: JobControl): ImportResult {
  const { db } = ctx;
  const { a, progress, fileName } = openAnalysed(db, req, job);
  const hash = fileHash(req.file);
  const batchId = Number(
    db
      .prepare(
        `INSERT INTO import_batches(kind, file_name, file_hash, source, user_login, user_name, sheet, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'committed')`,
      )
      .run(a.kind.kind, fileName, hash, a.source, ctx.actor.login, ctx.actor.name, a.sheet).lastInsertRowid,
  );
  const session: KindSession<unknown> = a.kind.open({
    db,
    batchId,
    options: { replace: Boolean(req.replace), period: a.period },
    preview: false,
  });
  let imported = 0;
  const { read, rejected } = checkRows(a, session, progress, (record, row) => {
    const refused = session.write(record, row);
    if (!refused) imported++;
    return refused;
  });
  job?.checkpoint(read, read, '正在完成');
  const fin = session.finish();
  const summary = rowsSummary(ctx, a, fileName, read, rejected);
  const { rejected: first, rejectedFile } = summary;
  if (read === 0)
    throw new AppError('no_rows', `文件“${fileName}”的表头（第 ${a.headerRow} 行）下面没有数据行。未导入任何数据`);
  if (imported === 0) {
    throw new AppError(
      'all_rejected',
      `全部 ${read} 行都未通过检查，未导入任何数据。第一个问题：第 ${first[0].row} 行 ${first[0].reason}`,
      {
        rowsRead: read,
        rowsRejected: rejected.count,
        rejected: first,
        rejectedFile,
      },
    );
  }
  db.prepare(
    `UPDATE import_batches SET rows_read = ?, rows_imported = ?, rows_rejected = ?, day_from = ?, day_to = ?, rejected_file = ?, note = ?, replaced_lines = ? WHERE id = ?`,
  ).run(
    read,
    imported,
    rejected.count,
    fin.dayFrom ?? null,
    fin.dayTo ?? null,
    rejectedFile,
    fin.note ?? null,
    fin.replacedLines ?? 0,
    batchId,
  );
  db.prepare(
    'INSERT INTO import_mappings(source, kind, mapping) VALUES (?, ?, ?) ON CONFLICT(source) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at',
  ).run(a.source, a.kind.kind, JSON.stringify(a.mapping));
  ctx.audit({
    module: 'imports',
    action: 'import',
    record: `batch:${batchId}`,
    after: {
      kind: a.kind.kind,
      file: fileName,
      hash,
      rowsRead: read,
      rowsImported: imported,
      rowsRejected: rejected.count,
      replace: Boolean(req.replace),
    },
  });
  return {
    batchId,
    ...summary,
    rowsImported: imported,
    dayFrom: fin.dayFrom ? dayToIso(fin.dayFrom) : null,
    dayTo: fin.dayTo ? dayToIso(fin.dayTo) : null,
    replacedLines: fin.replacedLines ?? 0,
  };
}

export interface PreviewRow {
  row: number;
  cells: Cell[];
  /** exists: valid, but its date already holds orders (imported only with 替换) */
  status: 'ok' | 'rejected' | 'exists';
  reason?: string;
}

/**
 * What the wizard shows before commit: sheets, header, mapping, units, and the
 * status of the first rows. Reads only the first rows of the file (a job, so
 * never on the DB worker's thread).
 */
export function previewImport(db: Database, req: ImportRequest, limit = 200) {
  const opened = openImportFile(req.file, req.fileName, req.sheet);
  const a = analyse(db, req, opened, true);
  const session = a.kind.open({
    db,
    batchId: 0,
    options: { replace: Boolean(req.replace), period: a.period },
    preview: true,
  });
  const { view, set } = rowView(a);
  // Date cells arrive as serial numbers; the preview shows them as the spreadsheet does.
  const dateCols = a.kind.fields.filter((f) => f.date && a.mapping[f.key] !== undefined).map((f) => a.mapping[f.key]);
  const shown = (cells: Cell[]): Cell[] =>
    dateCols.length === 0
      ? cells
      : cells.map((c, i) => {
          if (typeof c !== 'number' || !dateCols.includes(i)) return c;
          const d = parseDay(c, '', a.opened.date1904);
          return d.ok && d.value !== null ? dayToIso(d.value) : c;
        });
  const rows: PreviewRow[] = [];
  let checked = 0;
  let okCount = 0;
  const days = new Set<number>();
  const rowDays = new Map<number, string>();
  for (const r of a.opened.rows(a.sheet)) {
    if (r.row <= a.headerRow || allBlank(r.cells)) continue;
    if (checked >= limit) break;
    checked++;
    if (isTotalRow(r.cells)) {
      rows.push({ row: r.row, cells: shown(r.cells), status: 'rejected', reason: '合计行，不是明细数据' });
      continue;
    }
    // Rows are checked once the mapping has every needed column.
    if (a.missing) {
      rows.push({ row: r.row, cells: shown(r.cells), status: 'rejected', reason: `未检查：缺少${a.missing}列` });
      continue;
    }
    set(r);
    const c = session.check(view);
    if (c.ok) {
      okCount++;
      if (a.kind.kind === 'orders') {
        const day = (c.record as [number])[0];
        days.add(day);
        rowDays.set(rows.length, dayToIso(day));
      }
      rows.push({ row: r.row, cells: shown(r.cells), status: 'ok' });
    } else rows.push({ row: r.row, cells: shown(r.cells), status: 'rejected', reason: c.reason });
  }
  const existing = existingDays(
    db,
    [...days].sort((x, y) => x - y),
  );
  // Rows on those dates can be imported only with 替换: the preview says so on each row.
  if (existing.length && !req.replace) {
    const on = new Set(existing);
    for (const [i, d] of rowDays) {
      if (!on.has(d)) continue;
      rows[i].status = 'exists';
      rows[i].reason = `${d} 已有订单，须选择替换`;
    }
  }
  return {
    kind: a.kind.kind,
    kindLabel: a.kind.label,
    fileName: opened.fileName,
    format: opened.format,
    /** what the bytes were read as, in the clerk's words: 「网页表格（GB2312编码，另存为 .xls）」 */
    formatLabel: opened.formatLabel,
    encoding: opened.encoding ?? null,
    sheetNote: a.sheetNote,
    sheets: opened.sheets,
    sheet: a.sheet,
    headerRow: a.headerRow,
    header: a.header.map((h) => cellText(h)),
    titleRows: a.titleRows.map((r) => ({ row: r.row, cells: r.cells })),
    fields: describeFields(a.kind),
    mapping: a.mapping,
    /** null, or what the mapping still lacks: the import cannot start until it is mapped */
    missing: a.missing,
    remembered: a.remembered,
    units: Object.fromEntries(Object.entries(a.factors).map(([k, v]) => [k, v])),
    period: a.period ? { from: dayToIso(a.period.from), to: dayToIso(a.period.to), stated: a.periodStated } : null,
    estimatedRows: opened.estimateRows(a.sheet),
    rows,
    checked,
    okCount,
    rejectedCount: checked - okCount,
    ...withImports(db, existing),
  };
}

function withImports(db: Database, days: string[]) {
  return { existingDays: days, existingImports: existingImports(db, days) };
}

export type ImportPreview = ReturnType<typeof previewImport>;
