/** CLI commands of the masterdata and imports modules (shared/spec/CLI.md). */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';
import type { JobOutput } from '../api/contract';
import type { CliCommand, ParsedArgs } from './framework';
import { flag, requireFlag, requirePositional } from './framework';
import { dayText, daysInMonth, ymd } from '../../common/days';

function period(args: ParsedArgs): { periodFrom?: string; periodTo?: string } {
  const p = flag(args, 'period');
  if (p) {
    const m = /^(\d{4})-(\d{2})$/.exec(p);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
      throw new AppError('invalid_args', `--period 应为 YYYY-MM，收到“${p}”`);
    const y = Number(m[1]),
      mo = Number(m[2]);
    return { periodFrom: dayText(ymd(y, mo, 1)), periodTo: dayText(ymd(y, mo, daysInMonth(y, mo))) };
  }
  const from = flag(args, 'from');
  const to = flag(args, 'to');
  if (from || to) return { periodFrom: from, periodTo: to };
  return {};
}

function asOf(args: ParsedArgs): string | undefined {
  const v = flag(args, 'as-of');
  if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v))
    throw new AppError('invalid_args', `--as-of 应为 YYYY-MM-DD，收到“${v}”`);
  return v;
}

/** --format csv|xlsx --out: the report's rows written to a file beside the JSON. */
function writeReportFile(
  ctx: Parameters<CliCommand['run']>[0],
  args: ParsedArgs,
  report: string,
  input: Record<string, unknown>,
  json: unknown,
): unknown {
  const format = flag(args, 'format') ?? 'json';
  if (format === 'json') {
    const out = flag(args, 'out');
    if (out) fs.writeFileSync(path.resolve(out), JSON.stringify(json, null, 2));
    return json;
  }
  if (format !== 'csv' && format !== 'xlsx')
    throw new AppError('invalid_args', `--format 应为 json、csv 或 xlsx，收到“${format}”`);
  const out = path.resolve(requireFlag(args, 'out'));
  const r = ctx.call<{ fileName: string; contentBase64: string }>('masterdata.exportStructure', {
    report,
    format,
    ...input,
  });
  fs.writeFileSync(out, Buffer.from(r.contentBase64, 'base64'));
  ctx.say(`已写入 ${out}`);
  return { ...(json as object), file: out };
}

export const masterdataCommands: CliCommand[] = [
  {
    name: 'import',
    usage:
      'import <kind> <file> [--sheet <name>] [--replace] [--unit 条|箱] [--period YYYY-MM | --from D --to D] [--header-row N]   导入一个文件为一个批次',
    run: (ctx, args) => {
      const kind = requirePositional(args, 0, '导入类型（retailers、managers、routes、products、orders …）');
      const file = path.resolve(requirePositional(args, 1, '文件'));
      const unit = flag(args, 'unit');
      if (unit !== undefined && unit !== '条' && unit !== '箱')
        throw new AppError('invalid_args', `--unit 应为 条 或 箱，收到“${unit}”`);
      const sheet = flag(args, 'sheet');
      const headerRow = flag(args, 'header-row');
      const r = ctx.runJob<JobOutput<'imports.run'>>('imports.run', {
        kind,
        file,
        ...(sheet ? { sheet } : {}),
        ...(headerRow ? { headerRow: Number(headerRow) } : {}),
        ...(flag(args, 'replace') === 'true' ? { replace: true } : {}),
        ...(unit ? { unit } : {}),
        ...period(args),
      });
      ctx.say(
        `批次 #${r.batchId}：读取 ${r.rowsRead} 行，导入 ${r.rowsImported} 行，未导入 ${r.rowsRejected} 行` +
          (r.rejectedFile ? `（见 ${r.rejectedFile}）` : ''),
      );
      // Orders: what ran once the import was done (the 内管 scan), each a job of its own.
      const after = ctx.followUps(r.followUps);
      for (const n of after) ctx.say(n.message);
      return {
        batchId: String(r.batchId),
        kind: r.kind,
        file: r.file,
        rowsRead: r.rowsRead,
        rowsImported: r.rowsImported,
        rowsRejected: r.rowsRejected,
        rejected: r.rejected,
        rejectedFile: r.rejectedFile,
        dayFrom: r.dayFrom,
        dayTo: r.dayTo,
        replacedLines: r.replacedLines,
        ...(after.length ? { afterImport: after } : {}),
      };
    },
  },
  {
    name: 'imports',
    usage: 'imports [--kind <kind>]   导入历史',
    run: (ctx, args) => {
      const kind = flag(args, 'kind');
      const rows = ctx.call<{ batchId: number }[]>('imports.history', kind ? { kind } : {});
      return { batches: rows.map((b) => ({ ...b, batchId: String(b.batchId) })) };
    },
  },
  {
    name: 'rollback',
    usage: 'rollback <batchId>   撤销一个导入批次',
    run: (ctx, args) => {
      const raw = requirePositional(args, 0, '批次号');
      const id = Number(raw.replace(/^#/, ''));
      if (!Number.isInteger(id) || id <= 0) throw new AppError('invalid_args', `批次号应为正整数，收到“${raw}”`);
      const r = ctx.call<{ batchId: number; kind: string; removed: number; restored: number }>('imports.rollback', {
        batchId: id,
      });
      ctx.say(`已撤销批次 #${id}`);
      return { ok: true, batchId: String(r.batchId), kind: r.kind, removed: r.removed, restored: r.restored };
    },
  },
  {
    name: 'set create',
    usage:
      "set create <name> --kind products|retailers (--codes <c1,c2,…> | --rule '<field>=<value>')   定义品牌集/客户集",
    run: (ctx, args) => {
      const name = requirePositional(args, 0, '集合名称');
      const kind = requireFlag(args, 'kind');
      if (kind !== 'products' && kind !== 'retailers')
        throw new AppError('invalid_args', `--kind 应为 products 或 retailers，收到“${kind}”`);
      const codes = flag(args, 'codes');
      const rule = flag(args, 'rule');
      if ((codes === undefined) === (rule === undefined))
        throw new AppError('invalid_args', '请给出 --codes 或 --rule 之一');
      let input: Record<string, unknown>;
      if (codes !== undefined) {
        input = {
          name,
          kind,
          codes: codes
            .split(/[,，]/)
            .map((c) => c.trim())
            .filter(Boolean),
        };
      } else {
        const m = /^([^=]+)=(.*)$/.exec(rule!);
        if (!m) throw new AppError('invalid_args', `--rule 应为 字段=值，收到“${rule}”`);
        input = { name, kind, rule: { field: m[1].trim(), value: m[2].trim() } };
      }
      return ctx.call('masterdata.createSet', input);
    },
  },
  {
    name: 'report customer-structure',
    usage:
      'report customer-structure [--as-of YYYY-MM-DD] [--scope county|manager:<工号>|route:<线路编码>|set:<客户集>] [--format json|csv|xlsx --out <file>]   客户结构分析',
    run: (ctx, args) => {
      const input = {
        ...(asOf(args) ? { asOf: asOf(args) } : {}),
        ...(flag(args, 'scope') ? { scope: flag(args, 'scope') } : {}),
      };
      const json = ctx.call('masterdata.customerStructure', input);
      return writeReportFile(ctx, args, 'customer-structure', input, json);
    },
  },
  {
    name: 'report manager-structure',
    usage: 'report manager-structure [--as-of YYYY-MM-DD] [--format json|csv|xlsx --out <file>]   客户经理队伍结构',
    run: (ctx, args) => {
      const input = asOf(args) ? { asOf: asOf(args) } : {};
      const json = ctx.call('masterdata.managerStructure', input);
      return writeReportFile(ctx, args, 'manager-structure', input, json);
    },
  },
  {
    name: 'demo',
    usage:
      'demo --size small|large|city [--years N] [--seed N] [--to YYYY-MM-DD]   生成示例数据（只能用于空数据库；默认截至上月末）',
    run: (ctx, args) => {
      const size = requireFlag(args, 'size');
      if (!['small', 'large', 'city', 'tiny'].includes(size))
        throw new AppError('invalid_args', `--size 应为 small、large 或 city，收到“${size}”`);
      const years = flag(args, 'years');
      const seed = flag(args, 'seed');
      const input: Record<string, unknown> = { size };
      if (years !== undefined) {
        if (!/^\d+$/.test(years)) throw new AppError('invalid_args', `--years 应为正整数，收到“${years}”`);
        input.years = Number(years);
      }
      if (seed !== undefined) {
        if (!/^\d+$/.test(seed)) throw new AppError('invalid_args', `--seed 应为非负整数，收到“${seed}”`);
        input.seed = Number(seed);
      }
      const to = flag(args, 'to');
      if (to !== undefined) input.endDate = to;
      const r = ctx.runJob('masterdata.demo', input);
      ctx.say('示例数据已生成');
      return r;
    },
  },
];
