/**
 * CLI commands of the reports module (shared/spec/CLI.md: `report sales`,
 * `report distribution`). The xlsx is the report page's own table
 * (common/reportTables) written by the shared sheet writer (common/xlsxTable).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliContext, ParsedArgs } from './framework';
import { flag } from './framework';
import { AppError } from '../api/errors';
import type { SalesReport } from '../domain/reports/sales';
import type { DistributionReport } from '../domain/reports/distribution';
import type { Settings } from '../domain/settings/settings';
import type { TableSpec } from '../../common/table';
import { neutralise, workbookFromSpecs, signatureFooter, writeWorkbook } from '../../common/xlsxTable';
import { distributionSpec, salesSpec, weeklySpecs, type WeeklyData } from '../../common/reportTables';

/** --period YYYY-MM, or --from/--to YYYY-MM-DD, as the API's period text. */
export function periodArg(args: ParsedArgs): string {
  const period = flag(args, 'period');
  const from = flag(args, 'from');
  const to = flag(args, 'to');
  if (period && period !== 'true') {
    if (from || to) throw new AppError('invalid_args', '--period 与 --from/--to 只能用其一');
    return period;
  }
  if (from && to && from !== 'true' && to !== 'true') return `${from}~${to}`;
  if (from || to) throw new AppError('invalid_args', '--from 和 --to 需要同时给出（YYYY-MM-DD）');
  throw new AppError('invalid_args', '缺少期间：--period YYYY-MM 或 --from YYYY-MM-DD --to YYYY-MM-DD');
}

function opt(args: ParsedArgs, name: string): string | undefined {
  const v = flag(args, name);
  if (v === 'true') throw new AppError('invalid_args', `参数 --${name} 缺少取值`);
  return v;
}

/** --by: one of the values the usage lists (or a quietly accepted other one), else its default. */
function byArg(args: ParsedArgs, fallback: string, listed: string[], alsoAccepted: string[] = []): string {
  const by = opt(args, 'by') ?? fallback;
  if (!listed.includes(by) && !alsoAccepted.includes(by))
    throw new AppError('invalid_args', `--by 应为 ${listed.join('、')} 之一`);
  return by;
}

/** --scope and --products, as given (the report checks them). */
const scopeArgs = (args: ParsedArgs) => ({ scope: opt(args, 'scope'), products: opt(args, 'products') });

/**
 * --format json|csv|xlsx (default json), checked before the report is computed.
 * csv needs --out, and so does xlsx.
 */
function formatArg(args: ParsedArgs): 'json' | 'csv' | 'xlsx' {
  const format = opt(args, 'format') ?? 'json';
  if (format !== 'json' && format !== 'csv' && format !== 'xlsx')
    throw new AppError('invalid_args', '--format 应为 json、csv 或 xlsx');
  if (format !== 'json' && !opt(args, 'out'))
    throw new AppError('invalid_args', `--format ${format} 需要 --out <文件>`);
  return format;
}

/** The CSV of CLI.md: the JSON body's row keys as the header, integers in 条 and 分, unrounded rates. */
function writeCsv(file: string, keys: string[], rows: Record<string, unknown>[]): void {
  const esc = (v: unknown) => {
    // Text that a spreadsheet would run as a formula (= + - @) gets a leading apostrophe; numbers stay numbers.
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? neutralise(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [keys.map(esc).join(','), ...rows.map((r) => keys.map((k) => esc(r[k])).join(','))];
  fs.writeFileSync(file, '\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}

/**
 * The xlsx is the sheet the report page exports: title, 单位名称 (from
 * Settings) / 统计期间 / 单位 line, merged Chinese headers, numbers in 箱 and
 * 万元, the 合计 row, 口径说明 and the 制表人 / 审核人 / 制表日期 line.
 */
function writeXlsx(ctx: CliContext, file: string, spec: TableSpec | TableSpec[]): void {
  const { unitName } = ctx.call<Settings>('settings.get', {});
  const wb = workbookFromSpecs(Array.isArray(spec) ? spec : [spec], unitName || undefined, {
    footer: signatureFooter(),
  });
  fs.writeFileSync(file, writeWorkbook(wb));
}

interface FileTable {
  /** csv: the row keys of the JSON body, and the rows with the 合计 row last */
  csvKeys: string[];
  csvRows: Record<string, unknown>[];
  /** xlsx: the page's table (or the tables of a pack) */
  spec: () => TableSpec | TableSpec[];
}

function emit(
  ctx: CliContext,
  args: ParsedArgs,
  format: 'json' | 'csv' | 'xlsx',
  body: Record<string, unknown>,
  table: FileTable,
): unknown {
  const out = opt(args, 'out');
  if (format === 'json') {
    if (out) {
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(path.resolve(out), JSON.stringify(body, null, 2) + '\n', 'utf8');
    }
    return body;
  }
  const file = path.resolve(out!);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (format === 'csv') writeCsv(file, table.csvKeys, table.csvRows);
  else writeXlsx(ctx, file, table.spec());
  return { ...body, format, out: file };
}

/**
 * A report's rows as the commands print them — the key, the name where it differs from the key,
 * the figures `pick` chooses — and the CSV of them: those columns, the 合计 row last.
 */
function keyedRows<T>(rows: (T & { key: string; name: string })[], total: T, pick: (f: T) => Record<string, unknown>) {
  const out = rows.map((x) => ({ key: x.key, ...(x.name !== x.key ? { name: x.name } : {}), ...pick(x) }));
  return {
    rows: out,
    csvKeys: ['key', 'name', ...Object.keys(pick(total))],
    csvRows: [...out.map((x) => ({ name: '', ...x })), { key: '合计', name: '', ...pick(total) }],
  };
}

/** What a period report covers, as the commands print it. */
const covers = (r: { period: string; from: string; to: string; scope: string; products: string }) => ({
  period: r.period,
  from: r.from,
  to: r.to,
  scope: r.scope,
  products: r.products,
});

const WEEKLY_BY = ['class', 'brand', 'spec', 'manager', 'route', 'format', 'area', 'grade'];
const SALES_BY = ['class', 'brand', 'spec', 'manager', 'route', 'format', 'area', 'month'];
const DIST_BY = ['manager', 'route', 'format', 'area', 'spec'];

export const reportsCommands: CliCommand[] = [
  {
    name: 'report sales',
    usage:
      'report sales (--period YYYY-MM | --from D --to D) [--scope …] [--products …] [--by class|brand|spec|manager|route|format|area|month] [--format json|csv|xlsx] [--out <file>]   销售情况表',
    run: (ctx, args) => {
      const by = byArg(args, 'class', SALES_BY, ['grade']);
      const format = formatArg(args);
      // The xlsx carries the page's 上期 / 本年累计 columns; the JSON and CSV do not need them.
      const r = ctx.call<SalesReport>('reports.sales', {
        period: periodArg(args),
        ...scopeArgs(args),
        by,
        lean: format !== 'xlsx',
      });
      const pick = (f: SalesReport['total']) => ({
        volumeTiao: f.volumeTiao,
        amountFen: f.amountFen,
        demandTiao: f.demandTiao,
        volumeTiaoLastYear: f.volumeTiaoLastYear,
        amountFenLastYear: f.amountFenLastYear,
      });
      const t = r.total;
      const { rows, csvKeys, csvRows } = keyedRows(r.rows, t, pick);
      const body = {
        report: 'sales',
        ...covers(r),
        by,
        rows,
        total: {
          ...pick(t),
          perCaseYuan: t.perCaseYuan,
          perCaseYuanLastYear: t.perCaseYuanLastYear,
          yoyVolume: t.yoyVolume,
          yoyAmount: t.yoyAmount,
          fulfilment: t.fulfilment,
        },
      };
      return emit(ctx, args, format, body, { csvKeys, csvRows, spec: () => salesSpec(r) });
    },
  },
  {
    name: 'report distribution',
    usage:
      'report distribution (--period YYYY-MM | --from D --to D) [--scope …] [--products …] [--by manager|route|format|area|spec] [--format json|csv|xlsx] [--out <file>]   分销与四率',
    run: (ctx, args) => {
      const by = byArg(args, 'manager', DIST_BY, ['grade', 'class', 'brand']);
      const format = formatArg(args);
      const r = ctx.call<DistributionReport>('reports.distribution', {
        period: periodArg(args),
        ...scopeArgs(args),
        by,
      });
      const pick = (f: DistributionReport['total']) => ({
        customers: f.customers,
        orderingCustomers: f.orderingCustomers,
        rate: f.rate,
        repeatCustomers: f.repeatCustomers,
        repeatRate: f.repeatRate,
      });
      const { rows, csvKeys, csvRows } = keyedRows(r.rows, r.total, pick);
      const body = { report: 'distribution', ...covers(r), by, rows, total: pick(r.total) };
      return emit(ctx, args, format, body, { csvKeys, csvRows, spec: () => distributionSpec(r) });
    },
  },
  {
    name: 'report weekly',
    usage:
      'report weekly --week YYYY-Www [--scope …] [--products …] [--by class|brand|spec|manager|route|format|area|grade] [--format json|csv|xlsx] [--out <file>]   周报（xlsx 为整套周报工作簿）',
    run: (ctx, args) => {
      const week = opt(args, 'week');
      if (!week) throw new AppError('invalid_args', '缺少 --week YYYY-Www（如 2026-W49）');
      const by = byArg(args, 'class', WEEKLY_BY);
      const format = formatArg(args);
      const r = ctx.call<WeeklyData>('reports.weekly', {
        week,
        ...scopeArgs(args),
        by,
      });
      const pick = (f: WeeklyData['sales']['total']) => ({
        volumeTiao: f.volumeTiao,
        amountFen: f.amountFen,
        demandTiao: f.demandTiao,
        volumeTiaoLastWeek: f.volumeTiaoLastWeek,
        amountFenLastWeek: f.amountFenLastWeek,
        volumeTiaoLastYear: f.volumeTiaoLastYear,
        amountFenLastYear: f.amountFenLastYear,
        wowVolume: f.wowVolume,
        yoyVolume: f.yoyVolume,
      });
      const t = r.sales.total;
      const { rows, csvKeys, csvRows } = keyedRows(r.sales.rows, t, pick);
      const body = {
        report: 'weekly',
        week: r.week,
        from: r.from,
        to: r.to,
        through: r.through,
        lastWeek: r.lastWeek,
        lastYear: r.lastYear,
        scope: r.scope,
        products: r.products,
        by,
        rows,
        total: {
          ...pick(t),
          perCaseYuan: t.perCaseYuan,
          perCaseYuanLastYear: r.lastYear ? t.perCaseYuanLastYear : null,
          wowAmount: t.wowAmount,
          yoyAmount: t.yoyAmount,
          fulfilment: t.fulfilment,
        },
        distribution: r.distributionCompare,
        plan: r.plan
          ? {
              month: r.plan.month,
              asOf: r.plan.asOf,
              targetTiao: r.plan.targetTiao,
              actualTiao: r.plan.actualTiao,
              completion: r.plan.completion,
              timeProgress: r.plan.timeProgress,
              ahead: r.plan.ahead,
            }
          : null,
        warnings: { total: r.warnings.total, byRule: r.warnings.byRule },
      };
      return emit(ctx, args, format, body, { csvKeys, csvRows, spec: () => weeklySpecs(r) });
    },
  },
];
