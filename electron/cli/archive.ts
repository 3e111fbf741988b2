/** CLI commands of the archive module (shared/spec/CLI.md). */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';
import { unreadableNotes, type AttachmentTextResult } from '../../common/attachmentText';
import { flag, flagAll, requireFlag, requirePositional, type CliCommand, type ParsedArgs } from './framework';

const KINDS = ['收文', '发文', '报送'];
const RETENTIONS = ['Y', 'D30', 'D10'];

/** Reads a file named on the command line; the API receives its bytes, never the path. */
function readUpload(p: string): { name: string; contentBase64: string } {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    throw new AppError('file_not_found', `找不到文件：${p}`);
  }
  if (!st.isFile()) throw new AppError('file_not_found', `不是文件：${p}`);
  return { name: path.basename(p), contentBase64: fs.readFileSync(p).toString('base64') };
}

function intFlag(args: ParsedArgs, name: string, what: string): number | undefined {
  const v = flag(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new AppError('invalid_args', `--${name} 应为${what}（收到“${v}”）`);
  return Number(v);
}

export const archiveCommands: CliCommand[] = [
  {
    name: 'archive add',
    usage:
      'archive add --kind 收文|发文|报送 --title … [--from 来文机关（发文、报送时为主送/报送对象）] [--doc-no 来文字号] [--date D] [--due 办理期限] [--file <path> …]',
    run(ctx, args) {
      const kind = requireFlag(args, 'kind');
      if (!KINDS.includes(kind)) throw new AppError('invalid_args', `--kind 应为 收文、发文 或 报送（收到“${kind}”）`);
      const input: Record<string, unknown> = { kind, title: requireFlag(args, 'title') };
      const from = flag(args, 'from');
      if (from !== undefined) input[kind === '收文' ? 'fromOrg' : 'toOrg'] = from;
      const docNo = flag(args, 'doc-no');
      if (docNo !== undefined) input.docNo = docNo;
      const date = flag(args, 'date');
      if (date !== undefined) input.date = date;
      const due = flag(args, 'due');
      if (due !== undefined) input.dueDate = due;
      const files = flagAll(args, 'file').map(readUpload);
      if (files.length) input.files = files;
      const r = ctx.call<{ id: number; number: string }>('archive.add', input);
      // The text of the files was read once the entry was stored (before the call returned here):
      // the entry now says which could not be read.
      if (files.length) {
        const d = ctx.call<{ attachments: AttachmentTextResult[] }>('archive.get', { id: r.id });
        for (const note of unreadableNotes(d.attachments)) ctx.say(note);
      }
      return { id: r.id, number: r.number };
    },
  },
  {
    name: 'archive search',
    usage: 'archive search <检索词> [--limit N]',
    run(ctx, args) {
      const query = args.positionals.join(' ').trim();
      if (!query) requirePositional(args, 0, '检索词');
      const limit = intFlag(args, 'limit', '正整数') ?? 20;
      const r = ctx.call<{ total: number; hits: { id: number; number: string; title: string }[] }>('archive.search', {
        query,
        limit,
      });
      return { total: r.total, hits: r.hits.map((h) => ({ id: h.id, number: h.number, title: h.title })) };
    },
  },
  {
    name: 'archive file',
    usage: 'archive file <id> --retention Y|D30|D10 [--org <代码>] [--year Y] [--pages N]',
    run(ctx, args) {
      const idText = requirePositional(args, 0, '登记编号 id');
      if (!/^\d+$/.test(idText)) throw new AppError('invalid_args', `id 应为数字（收到“${idText}”）`);
      const retention = requireFlag(args, 'retention');
      if (!RETENTIONS.includes(retention))
        throw new AppError('invalid_args', `--retention 应为 Y、D30 或 D10（收到“${retention}”）`);
      const input: Record<string, unknown> = { id: Number(idText), retention };
      const org = flag(args, 'org');
      if (org !== undefined) input.orgCode = org;
      const year = intFlag(args, 'year', '四位年份');
      if (year !== undefined) input.year = year;
      const pages = intFlag(args, 'pages', '页数');
      if (pages !== undefined) input.pages = pages;
      const r = ctx.call<{ archiveNo: string }>('archive.file', input);
      return { archiveNo: r.archiveNo };
    },
  },
  {
    name: 'archive catalogue',
    usage: 'archive catalogue --year Y --retention Y|D30|D10 [--org <代码>] --format json|xlsx [--out <文件>]',
    run(ctx, args) {
      const year = intFlag(args, 'year', '四位年份');
      if (year === undefined) throw new AppError('invalid_args', '缺少参数 --year');
      const retention = requireFlag(args, 'retention');
      if (!RETENTIONS.includes(retention))
        throw new AppError('invalid_args', `--retention 应为 Y、D30 或 D10（收到“${retention}”）`);
      const format = flag(args, 'format') ?? 'json';
      if (format !== 'json' && format !== 'xlsx')
        throw new AppError('invalid_args', `--format 应为 json 或 xlsx（收到“${format}”）`);
      const input: Record<string, unknown> = { year, retention };
      const org = flag(args, 'org');
      if (org !== undefined) input.orgCode = org;
      const out = flag(args, 'out');
      if (format === 'xlsx') {
        if (!out || out === 'true') throw new AppError('invalid_args', 'xlsx 格式需要 --out <文件>');
        const r = ctx.call<{ base64: string; rows: number }>('archive.catalogueXlsx', input);
        fs.writeFileSync(out, Buffer.from(r.base64, 'base64'));
        return { format, out: path.resolve(out), rows: r.rows };
      }
      const c = ctx.call('archive.catalogue', input);
      if (out && out !== 'true') fs.writeFileSync(out, JSON.stringify(c, null, 2) + '\n');
      return c;
    },
  },
];
