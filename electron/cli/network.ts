/** CLI commands of the network module (shared/spec/CLI.md): 网建达标 and 月度考核表. */
import type { CliCommand } from './framework';
import { flag, requireFlag } from './framework';
import { AppError } from '../api/errors';
import type { ActionRow, NetworkReport } from '../domain/network/compute';
import type { AssessmentReport } from '../domain/network/assessmentRules';
import { actionTables, assessmentTable, networkTable, writeTables, type Table } from '../domain/network/export';
import type { ParsedArgs, CliContext } from './framework';

/** --format json|csv|xlsx with --out: the JSON is printed either way, the file written beside it. */
function withFile(ctx: CliContext, args: ParsedArgs, body: Record<string, unknown>, table: () => Table): unknown {
  const format = flag(args, 'format') ?? 'json';
  if (!['json', 'csv', 'xlsx'].includes(format))
    throw new AppError('invalid_args', `--format 应为 json、csv 或 xlsx，收到“${format}”`);
  const out = flag(args, 'out');
  if (format === 'json') return body;
  if (!out || out === 'true') throw new AppError('invalid_args', `--format ${format} 需要 --out <文件>`);
  const file = writeTables(format as 'csv' | 'xlsx', out, [table()]);
  ctx.say(`已写入 ${file}`);
  return { ...body, format, out: file };
}

const BY = ['county', 'manager', 'route'] as const;

export const networkCommands: CliCommand[] = [
  {
    name: 'report network',
    usage: 'report network --period YYYY-MM --by county|manager|route   网建指标完成情况（实际、目标、达标状态）',
    run: (ctx, args) => {
      const period = requireFlag(args, 'period');
      const by = flag(args, 'by') ?? 'county';
      if (!(BY as readonly string[]).includes(by))
        throw new AppError('invalid_args', `--by 只能是 county、manager 或 route，收到“${by}”`);
      const r = ctx.call<NetworkReport>('network.report', { period, by });
      if (r.basis === 'current') ctx.say(`提示：${period} 没有期末存档，分母按当前基础资料计算`);
      for (const n of r.notes) ctx.say(`提示：${n}`);
      return withFile(
        ctx,
        args,
        {
          report: 'network',
          period: r.period,
          by: r.by,
          basis: r.basis,
          definitions: r.definitions,
          notes: r.notes,
          rows: r.rows.map((row) => ({
            key: row.key,
            label: row.label,
            indicators: row.indicators.map((i) => ({
              code: i.code,
              name: i.name,
              unit: i.unit,
              numerator: i.numerator,
              denominator: i.denominator,
              value: i.value,
              target: i.target,
              gap: i.gap,
              status: i.status,
            })),
          })),
        },
        () => networkTable(r),
      );
    },
  },
  {
    name: 'report assessment',
    usage: 'report assessment --period YYYY-MM   客户经理月度考核得分与排名',
    run: (ctx, args) => {
      const period = requireFlag(args, 'period');
      const r = ctx.call<AssessmentReport>('network.assessment', { period });
      return withFile(
        ctx,
        args,
        {
          report: 'assessment',
          period: r.period,
          source: r.source,
          scheme: {
            name: r.scheme.name,
            items: r.scheme.items.map((i) => ({
              code: i.code,
              name: i.name,
              group: i.group,
              weight: i.weight,
              rule: i.rule,
            })),
          },
          notes: r.notes,
          rows: r.rows.map((row) => ({
            key: row.key,
            name: row.name,
            total: row.total,
            rank: row.rank,
            items: row.items.map((i) => ({
              code: i.code,
              name: i.name,
              numerator: i.numerator,
              denominator: i.denominator,
              value: i.value,
              score: i.score,
            })),
          })),
        },
        () => assessmentTable(r),
      );
    },
  },
  {
    name: 'network actions',
    usage:
      'network actions --period YYYY-MM --indicator <代码或名称> [--scope county|manager:<工号>|route:<线路编码>] --out <文件.xlsx>   行动清单，每个客户经理一个工作表',
    run: (ctx, args) => {
      const period = requireFlag(args, 'period');
      const wanted = requireFlag(args, 'indicator');
      const list = ctx.call<{ code: string; name: string }[]>('network.indicators', {});
      const ind = list.find((i) => i.code === wanted || i.name === wanted);
      if (!ind)
        throw new AppError('unknown_indicator', `未知的指标“${wanted}”（可用：${list.map((i) => i.name).join('、')}）`);
      const scope = flag(args, 'scope') ?? 'county';
      const m = /^(county)$|^(manager|route):(.+)$/.exec(scope);
      if (!m)
        throw new AppError('invalid_args', `--scope 应为 county、manager:<工号> 或 route:<线路编码>，收到“${scope}”`);
      const scopeKind = (m[1] ?? m[2]) as 'county' | 'manager' | 'route';
      const scopeCode = m[3] ?? '';
      const out = requireFlag(args, 'out');
      const r = ctx.call<{ rows: ActionRow[] }>('network.actionList', {
        period,
        indicatorCode: ind.code,
        scopeKind,
        scopeCode,
      });
      const tables = actionTables(ind.name, period, r.rows);
      if (!tables.length) throw new AppError('nothing_to_export', `${period} ${ind.name}没有需要跟进的客户，未写文件`);
      const file = writeTables('xlsx', out, tables);
      ctx.say(`已写入 ${file}`);
      return {
        report: 'network-actions',
        period,
        indicator: { code: ind.code, name: ind.name },
        scope,
        retailers: r.rows.length,
        sheets: tables.map((t) => ({ sheet: t.sheetName, retailers: t.rows.length })),
        out: file,
      };
    },
  },
];
