/**
 * 归档 per DA/T 22-2015: 件号 within 全宗·门类·年度·保管期限·机构(问题), the 档号
 * built from them, the 归档章, 到期鉴定, and the 归档文件目录 (catalogue).
 */
import type { Database } from 'better-sqlite3';
import * as XLSX from 'xlsx';
import type { TableColumn } from '../../../common/table';
import { neutralise, sheetFromSpec, writeWorkbook } from '../../../common/xlsxTable';
import { AppError } from '../../api/errors';
import { readSettings } from '../settings';
import {
  CATEGORY_CODE,
  date8,
  formatArchiveNo,
  RETENTION_LABELS,
  retentionDueOn,
  today,
  type Retention,
} from './rules';
import { getDoc, takeWriteLock, type ArchiveDoc } from './register';
import { reindexDocument } from './search';

export interface FileInput {
  id: number;
  retention: Retention;
  /** 机构(问题)代码; default from Settings */
  orgCode?: string;
  /** 年度; default the year of the document's date */
  year?: number;
  /** 页数 for the 归档章 */
  pages?: number;
  filedOn?: string;
}

/** 归档章: the six fields stamped on the first page (DOMAIN.md). */
export interface FilingStamp {
  fondsNo: string;
  year: number;
  retention: string;
  itemNo: string;
  org: string;
  pages: number | null;
}

export function fileDoc(db: Database, input: FileInput): { doc: ArchiveDoc; stamp: FilingStamp } {
  takeWriteLock(db);
  const d = getDoc(db, input.id);
  if (d.archiveNo) throw new AppError('already_filed', `“${d.number}”已归档，档号 ${d.archiveNo}`);
  const s = readSettings(db);
  const org = (input.orgCode ?? s.orgCode).trim().toUpperCase();
  const year = input.year ?? d.year;
  const fonds = s.fondsNo;
  // 件号 continues the group's sequence. Filed items are never deleted (only appraised
  // out, keeping their number), so max + 1 leaves no gap; the unique index guards it.
  const max =
    (
      db
        .prepare(
          'SELECT max(item_no) AS m FROM archive_docs WHERE fonds_no = ? AND archive_year = ? AND retention = ? AND org_code = ?',
        )
        .get(fonds, year, input.retention, org) as { m: number | null }
    ).m ?? 0;
  const itemNo = max + 1;
  const archiveNo = formatArchiveNo(fonds, year, input.retention, org, itemNo);
  const pages = input.pages ?? d.pages;
  db.prepare(
    `UPDATE archive_docs SET status = '归档', filed_on = ?, fonds_no = ?, archive_year = ?, retention = ?, org_code = ?, item_no = ?,
            archive_no = ?, pages = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      WHERE id = ?`,
  ).run(input.filedOn ?? today(), fonds, year, input.retention, org, itemNo, archiveNo, pages ?? null, d.id);
  reindexDocument(db, d.id);
  const doc = getDoc(db, d.id);
  return { doc, stamp: stampOf(doc, s.orgCode === org ? s.orgName || org : org) };
}

export function stampOf(d: ArchiveDoc, orgLabel: string): FilingStamp {
  if (!d.archiveNo) throw new AppError('not_filed', `“${d.number}”尚未归档`);
  return {
    fondsNo: d.fondsNo!,
    year: d.archiveYear!,
    retention: RETENTION_LABELS[d.retention as Retention],
    itemNo: String(d.itemNo).padStart(4, '0'),
    org: orgLabel,
    pages: d.pages,
  };
}

export function filingStamp(db: Database, id: number): FilingStamp {
  const d = getDoc(db, id);
  const s = readSettings(db);
  return stampOf(d, s.orgCode === d.orgCode ? s.orgName || d.orgCode! : (d.orgCode ?? ''));
}

/** 到期鉴定 of an item whose retention has run out: 销毁 (kept in the catalogue, marked) or 续存. */
export function appraiseDoc(
  db: Database,
  id: number,
  outcome: '销毁' | '续存',
  reason: string,
  on = today(),
): ArchiveDoc {
  const d = getDoc(db, id);
  if (!d.archiveNo) throw new AppError('not_filed', `“${d.number}”尚未归档，不需要鉴定`);
  if (d.appraisal === '销毁') throw new AppError('already_appraised', `“${d.number}”已鉴定销毁`);
  const due = retentionDueOn(d.archiveYear!, d.retention as Retention);
  if (outcome === '销毁' && (due === null || on < due)) {
    throw new AppError(
      'retention_not_expired',
      due === null ? '永久保管的档案不能销毁' : `“${d.archiveNo}”的保管期限到 ${due} 才届满，不能销毁`,
    );
  }
  db.prepare('UPDATE archive_docs SET appraised_on = ?, appraisal = ?, appraisal_reason = ? WHERE id = ?').run(
    on,
    outcome,
    reason,
    id,
  );
  return getDoc(db, id);
}

export interface CatalogueRow {
  seq: number; //        序号
  archiveNo: string; //  档号
  docNo: string; //      文号
  responsible: string; // 责任者
  title: string; //      题名
  date: string; //       日期 (8 digits)
  secrecy: string; //    密级
  pages: number | null; // 页数
  remark: string; //     备注
  id: number;
}

export interface Catalogue {
  cover: {
    fondsNo: string;
    fondsName: string;
    year: number;
    retention: Retention;
    retentionLabel: string;
    orgCode: string;
    orgName: string;
    category: string;
    count: number;
  };
  rows: CatalogueRow[];
}

/** 归档文件目录 of one 年度 and 保管期限 (and 机构, default the one in Settings), in 件号 order. */
export function catalogue(db: Database, year: number, retention: Retention, orgCode?: string): Catalogue {
  const s = readSettings(db);
  const org = (orgCode ?? s.orgCode).toUpperCase();
  const docs = db
    .prepare(
      `SELECT id, kind, number, doc_no AS docNo, from_org AS fromOrg, title, doc_date AS date, secrecy, pages, item_no AS itemNo,
              archive_no AS archiveNo, appraisal, appraised_on AS appraisedOn, remark
         FROM archive_docs WHERE fonds_no = ? AND archive_year = ? AND retention = ? AND org_code = ?
        ORDER BY item_no`,
    )
    .all(s.fondsNo, year, retention, org) as {
    id: number;
    kind: string;
    number: string;
    docNo: string;
    fromOrg: string;
    title: string;
    date: string;
    secrecy: string;
    pages: number | null;
    itemNo: number;
    archiveNo: string;
    appraisal: string | null;
    appraisedOn: string | null;
    remark: string;
  }[];
  const unit = s.unitName || s.fondsName || s.orgName;
  const rows = docs.map((d, i) => ({
    seq: i + 1,
    archiveNo: d.archiveNo,
    // 收文: the sender's 文号 and the sender as 责任者; 发文/报送: our own number and unit.
    docNo: d.kind === '收文' ? d.docNo : d.number,
    responsible: d.kind === '收文' ? d.fromOrg : unit,
    title: d.title,
    date: date8(d.date),
    secrecy: d.secrecy,
    pages: d.pages,
    remark: [d.appraisal === '销毁' ? `${d.appraisedOn} 鉴定销毁` : '', d.remark].filter(Boolean).join('；'),
    id: d.id,
  }));
  return {
    cover: {
      fondsNo: s.fondsNo,
      fondsName: s.fondsName || s.unitName,
      year,
      retention,
      retentionLabel: RETENTION_LABELS[retention],
      orgCode: org,
      orgName: org === s.orgCode ? s.orgName : org,
      category: CATEGORY_CODE,
      count: rows.length,
    },
    rows,
  };
}

export const CATALOGUE_HEADERS = ['序号', '档号', '文号', '责任者', '题名', '日期', '密级', '页数', '备注'];

/** The 目录 columns: 序号 and 页数 as bare numbers, the rest text. */
const CATALOGUE_COLUMNS: TableColumn[] = (
  ['seq', 'archiveNo', 'docNo', 'responsible', 'title', 'date', 'secrecy', 'pages', 'remark'] as const
).map((key, i) => ({
  key,
  title: CATALOGUE_HEADERS[i],
  width: [6, 28, 20, 18, 50, 10, 6, 6, 16][i],
}));

/** The catalogue as an Excel workbook: a cover sheet and the 目录 sheet (A4 landscape when printed). */
export function catalogueXlsx(c: Catalogue): Buffer {
  const wb = XLSX.utils.book_new();
  // The cover is a form of labelled fields, not a table: its own layout, the same neutralising.
  const cover = XLSX.utils.aoa_to_sheet([
    ['归档文件目录'],
    [],
    ['全宗号', neutralise(c.cover.fondsNo)],
    ['全宗名称', neutralise(c.cover.fondsName)],
    ['年度', c.cover.year],
    ['保管期限', c.cover.retentionLabel],
    ['机构(问题)', neutralise(`${c.cover.orgName}（${c.cover.orgCode}）`)],
    ['件数', c.cover.count],
  ]);
  cover['!cols'] = [{ wch: 14 }, { wch: 40 }];
  cover['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 1 } }];
  XLSX.utils.book_append_sheet(wb, cover, '封面');
  const title = `归档文件目录（${c.cover.year}年度 ${c.cover.retentionLabel} ${c.cover.orgName}）`;
  // The year, retention and 机构 are in the title: no line between it and the header.
  const ws = sheetFromSpec(
    { title, columns: CATALOGUE_COLUMNS, rows: c.rows as unknown as Record<string, unknown>[] },
    undefined,
    { infoLine: false },
  );
  ws['!margins'] = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
  XLSX.utils.book_append_sheet(wb, ws, '目录');
  return Buffer.from(writeWorkbook(wb));
}
