/**
 * CLI commands of 品牌培育: the projects, a project's weekly trend per 客户经理
 * against the targets, and the action list of target retailers who have not
 * ordered yet (xlsx: one sheet per 客户经理, with phone numbers). The xlsx are
 * the 培育 page's own tables (common/cultivationTables).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';
import type { Settings } from '../domain/settings/settings';
import { actionSpecs, RATE_OPTIONS, trendSpec, type Actions, type Trend } from '../../common/cultivationTables';
import { workbookFromSpecs, signatureFooter, writeWorkbook } from '../../common/xlsxTable';
import type { TableSpec } from '../../common/table';
import { flag, requirePositional, type CliCommand, type CliContext, type ParsedArgs } from './framework';

type Project = Trend['project'];

/** The project number, the first positional argument. */
function projectId(args: ParsedArgs): number {
  const text = requirePositional(args, 0, '培育项目编号');
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw new AppError('invalid_args', `培育项目编号应为正整数（收到“${text}”）`);
  return Number(text);
}

/** --format json|xlsx (default json); xlsx needs --out. Checked before anything is computed. */
function formatArg(args: ParsedArgs): { format: 'json' | 'xlsx'; out: string | null } {
  const format = flag(args, 'format') ?? 'json';
  if (format !== 'json' && format !== 'xlsx') throw new AppError('invalid_args', '--format 应为 json 或 xlsx');
  const out = flag(args, 'out');
  if (out === 'true') throw new AppError('invalid_args', '参数 --out 缺少文件名');
  if (format === 'xlsx' && !out) throw new AppError('invalid_args', '--format xlsx 需要 --out <文件.xlsx>');
  if (format === 'xlsx' && !/\.xlsx$/i.test(out!))
    throw new AppError('invalid_args', `--out 应为 .xlsx 文件（收到“${out}”）`);
  return { format, out: out ? path.resolve(out) : null };
}

/** Writes the tables as a workbook (单位名称 from Settings, 制表人/审核人 line) and logs the export. */
function writeXlsx(ctx: CliContext, file: string, specs: TableSpec[], what: string): void {
  const { unitName } = ctx.call<Settings>('settings.get', {});
  const wb = workbookFromSpecs(specs, unitName || undefined, { footer: signatureFooter() });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, writeWorkbook(wb));
  const rows = specs.reduce((n, s) => n + s.rows.length, 0);
  ctx.call('audit.exported', { what: what.slice(0, 200), rows, fileName: path.basename(file).slice(0, 300) });
}

/** The JSON body, also written to --out when given. */
function writeJson<T>(out: string | null, body: T): T {
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(body, null, 2) + '\n', 'utf8');
  }
  return body;
}

const projectHead = (p: Project) => ({
  id: p.id,
  name: p.name,
  products: p.products,
  productsLabel: p.productsLabel,
  targetSet: p.targetSet,
  from: p.from,
  to: p.to,
});

type Rates = Trend['weeks'][number]['snapshot']['total'];
const rates = (r: Rates) => ({
  customers: r.customers,
  orderingCustomers: r.orderingCustomers,
  distributionRate: r.distributionRate,
  repeatCustomers: r.repeatCustomers,
  repeatRate: r.repeatRate,
  inspectedCustomers: r.inspectedCustomers,
  shelfCustomers: r.shelfCustomers,
  shelfRate: r.shelfRate,
});

export const cultivationCommands: CliCommand[] = [
  {
    name: 'cultivation list',
    usage: 'cultivation list   品牌培育项目（品牌集或规格、期间、目标客户集、各客户经理的目标）',
    run(ctx, args) {
      if (args.positionals.length) throw new AppError('invalid_args', `多余的参数“${args.positionals[0]}”`);
      const { rows } = ctx.call<{ rows: Project[] }>('cultivation.list', {});
      return {
        projects: rows.map((p) => ({
          ...projectHead(p),
          note: p.note,
          createdBy: p.createdBy,
          createdAt: p.createdAt,
          targets: p.targets.map((t) => ({
            manager: t.manager,
            managerName: t.managerName ?? t.manager,
            distributionRate: t.distributionRate,
            repeatRate: t.repeatRate,
            shelfRate: t.shelfRate,
          })),
        })),
      };
    },
  },
  {
    name: 'cultivation trend',
    usage:
      'cultivation trend <项目编号> [--format json|xlsx] [--out <文件>]   各客户经理自项目开始累计至每周末的铺货率、重购率、上柜率与目标（xlsx 每种比率一张表）',
    run(ctx, args) {
      const id = projectId(args);
      const { format, out } = formatArg(args);
      const t = ctx.call<Trend>('cultivation.trend', { id });
      if (t.note) ctx.say(`提示：${t.note}`);
      const last = t.weeks.at(-1);
      if (last?.through) ctx.say(`提示：${last.label}尚未结束，数据截至 ${last.through}`);
      const body = {
        project: projectHead(t.project),
        note: t.note,
        shelfNote: last?.snapshot.shelfNote ?? null,
        weeks: t.weeks.map((w) => ({
          index: w.index,
          label: w.label,
          from: w.from,
          to: w.to,
          through: w.through,
          total: rates(w.snapshot.total),
          managers: w.snapshot.managers.map((m) => ({
            manager: m.manager,
            managerName: m.managerName,
            ...rates(m.rates),
            target: m.target
              ? {
                  distributionRate: m.target.distributionRate,
                  repeatRate: m.target.repeatRate,
                  shelfRate: m.target.shelfRate,
                }
              : null,
          })),
        })),
      };
      if (format === 'json') return writeJson(out, body);
      writeXlsx(
        ctx,
        out!,
        RATE_OPTIONS.map((o) => trendSpec(t, o.value)),
        `${t.project.name}：各周走势`,
      );
      return { ...body, format, out };
    },
  },
  {
    name: 'cultivation actions',
    usage:
      'cultivation actions <项目编号> [--format json|xlsx] [--out <文件>]   尚未订货的目标客户（按客户经理，含联系电话；xlsx 每位客户经理一张表）',
    run(ctx, args) {
      const id = projectId(args);
      const { format, out } = formatArg(args);
      const a = ctx.call<Actions>('cultivation.actions', { id });
      if (a.note) ctx.say(`提示：${a.note}`);
      const managers = new Map<string, { manager: string | null; managerName: string; rows: Actions['rows'] }>();
      for (const r of a.rows) {
        const k = r.manager ?? '';
        if (!managers.has(k))
          managers.set(k, { manager: r.manager, managerName: r.managerName ?? '未分配客户经理', rows: [] });
        managers.get(k)!.rows.push(r);
      }
      const body = {
        project: projectHead(a.project),
        note: a.note,
        from: a.from,
        to: a.to,
        retailers: a.rows.length,
        managers: [...managers.values()].map((g) => ({
          manager: g.manager,
          managerName: g.managerName,
          retailers: g.rows.map((r) => ({
            retailer: r.retailer,
            retailerName: r.retailerName,
            owner: r.owner,
            phone: r.phone,
            address: r.address,
            route: r.route,
            grade: r.grade,
          })),
        })),
      };
      if (format === 'json') return writeJson(out, body);
      const specs = actionSpecs(a);
      if (!specs.length) throw new AppError('nothing_to_export', '没有尚未订货的目标客户，未写文件');
      writeXlsx(ctx, out!, specs, `${a.project.name}：尚未订货的目标客户`);
      ctx.say(`已写出 ${specs.length} 位客户经理、${a.rows.length} 户：${out}`);
      return { ...body, format, out };
    },
  },
];
