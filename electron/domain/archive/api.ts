/** API methods and jobs of the archive module; merged into the contract in api/contract.ts. */
import { z } from 'zod';
import { job, method, type Context, type JobMap, type MethodMap } from '../../api/define';
import { AppError } from '../../api/errors';
import { readSettings } from '../settings';
import { checkSize, decodeBase64, readAttachment, storeAttachment, type StoredAttachment } from './attachments';
import { appraiseDoc, catalogue, catalogueXlsx, fileDoc, filingStamp } from './filing';
import { lend, listLoans, reminders, returnLoan } from './loans';
import { addDoc, addRead, deleteDoc, docDetail, getDoc, removeAttachment, setStatus, updateDoc } from './register';
import { auditExport } from '../audit';
import {
  DOC_KINDS,
  formatDocNumber,
  IN_STATUSES,
  isIsoDate,
  OUT_STATUSES,
  RETENTIONS,
  SECRECY_LEVELS,
  today,
  URGENCY_LEVELS,
} from './rules';
import { reindexDocument, searchDocuments } from './search';
import { waitingCount } from './textQueue';
import './demo';

const isoDate = z.string().trim().refine(isIsoDate, '日期格式应为 YYYY-MM-DD（如 2026-03-15）');
const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const id = z.number().int().positive();

const docFields = {
  fromOrg: text(200).optional(),
  docNo: text(100).optional(),
  toOrg: text(300).optional(),
  cc: text(300).optional(),
  secrecy: z.enum(SECRECY_LEVELS).optional(),
  urgency: z.enum(URGENCY_LEVELS).optional(),
  copies: z.number().int().min(1).max(9999).optional(),
  pages: z.number().int().min(1).max(99999).nullable().optional(),
  handler: text(100).optional(),
  signer: text(100).optional(),
  drafter: text(100).optional(),
  channel: text(100).optional(),
  dueDate: isoDate.nullable().optional(),
  instruction: text(2000).optional(),
  replyNo: text(100).optional(),
  remark: text(2000).optional(),
};

/** A file from the window: its name (metadata only) and its bytes as base64. */
const upload = z
  .object({
    name: z.string().max(5000),
    contentBase64: z.string().min(1, '附件内容为空').max(700_000_000, '附件太大'),
  })
  .strict();

const record = (docId: number) => `archive:${docId}`;

function attach(ctx: Context, docId: number, files: z.infer<typeof upload>[]): StoredAttachment[] {
  const maxMb = readSettings(ctx.db).attachmentMaxMb;
  const decoded = files.map((f) => {
    const bytes = decodeBase64(f.contentBase64);
    checkSize(bytes.length, maxMb, f.name);
    return { name: f.name, bytes };
  });
  return decoded.map((f) => {
    const a = storeAttachment(ctx.db, ctx.dataDir, docId, f.name, f.bytes, ctx.actor.name);
    ctx.audit({
      module: 'archive',
      action: 'attach',
      record: record(docId),
      after: {
        name: a.name,
        sha256: a.sha256,
        size: a.size,
        type: a.type,
        deduplicated: a.deduplicated,
      },
    });
    return a;
  });
}

/** 年度 of a document (1949 onwards) */
const yearField = z.number().int().min(1949).max(2100);
/** 机构(问题)代码 of the 档号 (DA/T 22-2015): 1–6 letters */
const orgCodeField = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{1,6}$/, '机构(问题)代码应为1–6位字母')
  .optional();

const searchInput = z
  .object({
    query: z.string().max(200, '检索词太长').optional(),
    kind: z.enum(DOC_KINDS).optional(),
    year: yearField.optional(),
    status: z.enum([...IN_STATUSES, ...OUT_STATUSES.filter((s) => s !== '归档')] as [string, ...string[]]).optional(),
    secrecy: z.enum(SECRECY_LEVELS).optional(),
    retention: z.enum(RETENTIONS).optional(),
    filed: z.boolean().optional(),
    /** only 收文 past their 办理期限 and not 办结 */
    overdue: z.boolean().optional(),
    limit: z.number().int().min(1).max(1000).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

const catalogueInput = z
  .object({
    year: yearField,
    retention: z.enum(RETENTIONS),
    orgCode: orgCodeField,
  })
  .strict();

export const archiveMethods = {
  /** 登记: a new 收文/发文/报送 entry with its number, optionally with attachments */
  'archive.add': method({
    input: z
      .object({
        kind: z.enum(DOC_KINDS),
        title: text(300).min(1, '标题不能为空'),
        date: isoDate.optional(),
        ...docFields,
        files: z.array(upload).max(50, '一次最多添加 50 个附件').optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const { files, ...fields } = input;
      const doc = addDoc(ctx.db, fields, ctx.actor.name);
      ctx.audit({ module: 'archive', action: 'add', record: record(doc.id), after: doc });
      const attachments = files?.length ? attach(ctx, doc.id, files) : [];
      return { id: doc.id, number: doc.number, doc: getDoc(ctx.db, doc.id), attachments };
    },
  }),
  'archive.update': method({
    input: z
      .object({ id, date: isoDate.optional(), title: text(300).min(1, '标题不能为空').optional(), ...docFields })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { id: docId, ...patch }) => {
      const { before, after } = updateDoc(ctx.db, docId, patch);
      ctx.audit({ module: 'archive', action: 'update', record: record(docId), before, after });
      return after;
    },
  }),
  /** 处理情况: 待处理 → 已阅/转交 → 办结 */
  'archive.setStatus': method({
    input: z.object({ id, status: z.enum(['已阅', '转交', '办结', '待处理', '归档']) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const r = setStatus(ctx.db, input.id, input.status);
      ctx.audit({
        module: 'archive',
        action: 'status',
        record: record(input.id),
        before: { status: r.before },
        after: { status: r.after },
      });
      return r.doc;
    },
  }),
  /** 传阅记录 */
  'archive.addRead': method({
    input: z
      .object({
        docId: id,
        reader: text(50).min(1, '请填写阅文人'),
        readOn: isoDate.optional(),
        comment: text(1000).optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const r = addRead(ctx.db, i.docId, i.reader, i.readOn ?? today(), i.comment ?? '');
      ctx.audit({ module: 'archive', action: 'read', record: record(i.docId), after: r });
      return r;
    },
  }),
  /** Removes an entry registered by mistake; refused once it is filed. */
  'archive.delete': method({
    input: z.object({ id, reason: text(500).optional() }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const d = deleteDoc(ctx.db, i.id);
      ctx.audit({
        module: 'archive',
        action: 'delete',
        record: record(i.id),
        before: d,
        after: { reason: i.reason ?? '' },
      });
      return { deleted: i.id, number: d.number };
    },
  }),
  'archive.attach': method({
    input: z
      .object({ docId: id, files: z.array(upload).min(1, '没有选择文件').max(50, '一次最多添加 50 个附件') })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const d = getDoc(ctx.db, i.docId);
      if (d.archiveNo) throw new AppError('filed_item_locked', `“${d.number}”已归档，不能再添加附件`);
      return { attachments: attach(ctx, i.docId, i.files) };
    },
  }),
  'archive.removeAttachment': method({
    input: z.object({ attachmentId: id }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const r = removeAttachment(ctx.db, i.attachmentId);
      ctx.audit({
        module: 'archive',
        action: 'removeAttachment',
        record: record(r.doc.id),
        before: { name: r.name, sha256: r.sha256 },
      });
      return { removed: i.attachmentId };
    },
  }),
  /** The bytes of an attachment for preview or saving (base64); checked against its hash. */
  'archive.attachment': method({
    input: z.object({ attachmentId: id }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => {
      const { info, bytes } = readAttachment(ctx.db, ctx.dataDir, i.attachmentId);
      return { ...info, base64: bytes.toString('base64') };
    },
  }),
  /** One entry with attachments, 传阅, and its history from the audit log. */
  'archive.get': method({
    input: z.object({ id }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => {
      const detail = docDetail(ctx.db, i.id);
      return { ...detail, loans: listLoans(ctx.db, { docId: i.id }, today()) };
    },
  }),
  /** One box over numbers, titles, units, people and extracted text, with filters; empty query = the register list. */
  'archive.search': method({
    input: searchInput,
    perm: 'read',
    write: false,
    handler: (ctx, i) => {
      const { query, limit, offset, overdue, ...filters } = i;
      return {
        ...searchDocuments(
          ctx.db,
          query ?? '',
          { ...filters, ...(overdue ? { overdueAsOf: today() } : {}) },
          limit,
          offset,
        ),
        /** attachments anywhere whose text is still being read: words in them are not found yet */
        textWaiting: waitingCount(ctx.db),
      };
    },
  }),
  /** 归档: assigns 件号 and 档号 (DA/T 22-2015) and returns the 归档章 fields. */
  'archive.file': method({
    input: z
      .object({
        id,
        retention: z.enum(RETENTIONS),
        orgCode: orgCodeField,
        year: yearField.optional(),
        pages: z.number().int().min(1).max(99999).optional(),
        filedOn: isoDate.optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const r = fileDoc(ctx.db, i);
      ctx.audit({
        module: 'archive',
        action: 'file',
        record: record(i.id),
        after: {
          archiveNo: r.doc.archiveNo,
          itemNo: r.doc.itemNo,
          retention: r.doc.retention,
          year: r.doc.archiveYear,
          org: r.doc.orgCode,
        },
      });
      return { archiveNo: r.doc.archiveNo!, doc: r.doc, stamp: r.stamp };
    },
  }),
  /** 批量归档: several entries into one group, 件号 in the order of their dates; all or none. */
  'archive.fileMany': method({
    input: z
      .object({
        ids: z.array(id).min(1, '请选择要归档的文件').max(2000, '一次最多归档 2000 件'),
        retention: z.enum(RETENTIONS),
        orgCode: orgCodeField,
        year: yearField.optional(),
        filedOn: isoDate.optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const docs = [...new Set(i.ids)].map((docId) => getDoc(ctx.db, docId));
      const done = docs.filter((d) => d.archiveNo);
      if (done.length)
        throw new AppError(
          'already_filed',
          `${done
            .map((d) => d.number)
            .slice(0, 5)
            .join('、')}${done.length > 5 ? ` 等 ${done.length} 件` : ''}已归档，请取消选择后再批量归档`,
        );
      docs.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
      const filed = docs.map((d) => {
        const r = fileDoc(ctx.db, {
          id: d.id,
          retention: i.retention,
          orgCode: i.orgCode,
          year: i.year,
          filedOn: i.filedOn,
        });
        ctx.audit({
          module: 'archive',
          action: 'file',
          record: record(d.id),
          after: {
            archiveNo: r.doc.archiveNo,
            itemNo: r.doc.itemNo,
            retention: r.doc.retention,
            year: r.doc.archiveYear,
            org: r.doc.orgCode,
          },
        });
        return { id: d.id, number: d.number, archiveNo: r.doc.archiveNo! };
      });
      return { filed };
    },
  }),
  /** 归档章 fields of a filed item */
  'archive.stamp': method({
    input: z.object({ id }).strict(),
    perm: 'print',
    write: false,
    handler: (ctx, i) => filingStamp(ctx.db, i.id),
  }),
  /** 到期鉴定 */
  'archive.appraise': method({
    input: z
      .object({
        id,
        outcome: z.enum(['销毁', '续存']),
        reason: text(500).min(2, '请写明鉴定意见'),
        on: isoDate.optional(),
      })
      .strict(),
    perm: 'approve',
    write: true,
    handler: (ctx, i) => {
      const d = appraiseDoc(ctx.db, i.id, i.outcome, i.reason, i.on ?? today());
      ctx.audit({
        module: 'archive',
        action: 'appraise',
        record: record(i.id),
        after: { outcome: i.outcome, reason: i.reason, archiveNo: d.archiveNo },
      });
      return d;
    },
  }),
  /** 归档文件目录 of one 年度 and 保管期限 */
  'archive.catalogue': method({
    input: catalogueInput,
    perm: 'print',
    write: false,
    handler: (ctx, i) => catalogue(ctx.db, i.year, i.retention, i.orgCode),
  }),
  'archive.catalogueXlsx': method({
    input: catalogueInput,
    perm: 'print',
    write: false,
    handler: (ctx, i) => {
      const c = catalogue(ctx.db, i.year, i.retention, i.orgCode);
      const fileName = `归档文件目录-${i.year}-${c.cover.retentionLabel}-${c.cover.orgCode}.xlsx`;
      auditExport(ctx, { what: '归档文件目录', rows: c.rows.length, fileName });
      return {
        fileName,
        base64: catalogueXlsx(c).toString('base64'),
        rows: c.rows.length,
      };
    },
  }),
  /** The 年度/期限/机构 groups that hold filed items, for the catalogue picker. */
  'archive.groups': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => ({
      groups: ctx.db
        .prepare(
          `SELECT archive_year AS year, retention, org_code AS orgCode, count(*) AS count FROM archive_docs
            WHERE archive_no IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1 DESC, CASE retention WHEN 'Y' THEN 0 WHEN 'D30' THEN 1 ELSE 2 END, 3`,
        )
        .all() as { year: number; retention: 'Y' | 'D30' | 'D10'; orgCode: string; count: number }[],
      years: (
        ctx.db.prepare('SELECT DISTINCT year FROM archive_docs ORDER BY year DESC').all() as { year: number }[]
      ).map((r) => r.year),
    }),
  }),
  /** 借阅: lend a paper original */
  'archive.lend': method({
    input: z
      .object({
        docId: id,
        borrower: text(50).min(1, '请填写借阅人'),
        dueOn: isoDate,
        lentOn: isoDate.optional(),
        purpose: text(300).optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const l = lend(ctx.db, i.docId, i.borrower, i.lentOn ?? today(), i.dueOn, i.purpose ?? '');
      ctx.audit({ module: 'archive', action: 'lend', record: record(i.docId), after: l });
      return l;
    },
  }),
  'archive.returnLoan': method({
    input: z.object({ loanId: id, returnedOn: isoDate.optional() }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const l = returnLoan(ctx.db, i.loanId, i.returnedOn ?? today());
      ctx.audit({
        module: 'archive',
        action: 'return',
        record: record(l.docId),
        after: { loanId: l.id, returnedOn: l.returnedOn },
      });
      return l;
    },
  }),
  'archive.loans': method({
    input: z
      .object({
        docId: id.optional(),
        openOnly: z.boolean().optional(),
        overdueOnly: z.boolean().optional(),
        asOf: isoDate.optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => ({ loans: listLoans(ctx.db, i, i.asOf ?? today()) }),
  }),
  /** For 首页: overdue 待办, overdue loans, retention expired (到期鉴定). */
  'archive.reminders': method({
    input: z.object({ asOf: isoDate.optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => reminders(ctx.db, i.asOf ?? today()),
  }),
  /** The numbers the next entries of a year would get (nothing is reserved). */
  'archive.nextNumbers': method({
    input: z.object({ year: yearField.optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => {
      const year = i.year ?? Number(today().slice(0, 4));
      const s = readSettings(ctx.db);
      const p = {
        in: s.archiveInPattern,
        out: s.archiveOutPattern,
        report: s.archiveReportPattern,
        abbr: s.archiveOrgAbbr,
      };
      const next = (kind: (typeof DOC_KINDS)[number]) => {
        const r = ctx.db.prepare('SELECT last FROM archive_sequences WHERE kind = ? AND year = ?').get(kind, year) as
          { last: number } | undefined;
        return formatDocNumber(kind, year, (r?.last ?? 0) + 1, p);
      };
      return { year, 收文: next('收文'), 发文: next('发文'), 报送: next('报送') };
    },
  }),
  /** 首页 card: counts of what needs attention, linking to the archive pages. */
  'archive.homeCard': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => {
      const r = reminders(ctx.db, today());
      const year = Number(today().slice(0, 4));
      const n = (kind: string) =>
        (
          ctx.db.prepare('SELECT count(*) AS n FROM archive_docs WHERE kind = ? AND year = ?').get(kind, year) as {
            n: number;
          }
        ).n;
      // An empty register has nothing overdue, which is no achievement: zeros are coloured only once
      // there are documents to be overdue.
      const any = !!ctx.db.prepare('SELECT 1 FROM archive_docs LIMIT 1').get();
      const ok = any ? ('good' as const) : undefined;
      const tone = (x: number) => (x > 0 ? ('bad' as const) : ok);
      return {
        title: '公文与档案提醒',
        link: r.overdueTodo.length ? '/archive?overdue=1' : '/archive',
        lines: [
          { label: '逾期未办结的收文', value: `${r.overdueTodo.length} 件`, tone: tone(r.overdueTodo.length) },
          { label: '借阅逾期未还', value: `${r.overdueLoans.length} 件`, tone: tone(r.overdueLoans.length) },
          {
            label: '保管期满待鉴定',
            value: `${r.retentionExpired.length} 件`,
            tone: r.retentionExpired.length ? ('warn' as const) : ok,
          },
          { label: `${year}年收文 / 发文 / 报送`, value: `${n('收文')} / ${n('发文')} / ${n('报送')}` },
        ],
      };
    },
  }),
} satisfies MethodMap;

export const archiveJobs = {
  /** Rebuilds both search indexes from the registers and the stored attachment text. */
  'archive.reindex': job({
    input: z.object({}).strict(),
    perm: 'edit',
    run: (ctx, _input, control) => {
      const ids = (ctx.db.prepare('SELECT id FROM archive_docs ORDER BY id').all() as { id: number }[]).map(
        (r) => r.id,
      );
      ctx.db.exec(
        "INSERT INTO archive_fts_tri(archive_fts_tri) VALUES ('delete-all'); INSERT INTO archive_fts_bi(archive_fts_bi) VALUES ('delete-all');",
      );
      ids.forEach((docId, i) => {
        reindexDocument(ctx.db, docId);
        if (i % 200 === 0) control.checkpoint(i, ids.length, '正在重建检索索引');
      });
      control.checkpoint(ids.length, ids.length, '检索索引已重建');
      ctx.audit({ module: 'archive', action: 'reindex', after: { documents: ids.length } });
      return { documents: ids.length };
    },
  }),
} satisfies JobMap;
