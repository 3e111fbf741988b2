/** CLI commands of the reports module (shared/spec/CLI.md: `report sales`, `report distribution`). */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { CliCommand, ParsedArgs } from './framework';
import { flag } from './framework';
import { AppError } from '../api/errors';
import type { SalesReport } from '../domain/reports/sales';
import type { DistributionReport } from '../domain/reports/distribution';

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

interface Column {
  key: string;
  header: string;
  /** how the xlsx shows it: 箱 from 条, 万元 from 分, a percentage, or as is */
  kind: 'text' | 'int' | 'case' | 'wan' | 'pct' | 'yuan';
}

function writeTable(format: string, out: string, title: string, columns: Column[], rows: Record<string, unknown>[]): void {
  const file = path.resolve(out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (format === 'csv') {
    const esc = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = [columns.map((c) => esc(c.key)).join(','), ...rows.map((r) => columns.map((c) => esc(r[c.key])).join(','))];
    fs.writeFileSync(file, '\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
    return;
  }
  const aoa: unknown[][] = [[title], columns.map((c) => c.header)];
  for (const r of rows) {
    aoa.push(
      columns.map((c) => {
        const v = r[c.key];
        if (v === null || v === undefined) return c.kind === 'text' ? '' : '—';
        if (c.kind === 'text') {
          const s = String(v);
          return /^[=+\-@]/.test(s) ? "'" + s : s;
        }
        const n = Number(v);
        return c.kind === 'case' ? n / 250 : c.kind === 'wan' ? n / 1_000_000 : n;
      }),
    );
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  const fmt: Record<Column['kind'], string | undefined> = { text: undefined, int: '0', case: '0.00', wan: '0.00', pct: '0.00%', yuan: '0.00' };
  for (let ri = 2; ri < aoa.length; ri++) {
    columns.forEach((c, ci) => {
      const cell = ws[XLSX.utils.encode_cell({ r: ri, c: ci })];
      if (cell && cell.t === 'n' && fmt[c.kind]) cell.z = fmt[c.kind];
    });
  }
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: columns.length - 1 } }];
  ws['!cols'] = columns.map((c) => ({ wch: c.kind === 'text' ? 18 : 12 }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '报表');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

function emit(args: ParsedArgs, body: Record<string, unknown>, title: string, columns: Column[], rows: Record<string, unknown>[]): unknown {
  const format = opt(args, 'format') ?? 'json';
  if (!['json', 'csv', 'xlsx'].includes(format)) throw new AppError('invalid_args', '--format 应为 json、csv 或 xlsx');
  const out = opt(args, 'out');
  if (format === 'json') {
    if (out) {
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(path.resolve(out), JSON.stringify(body, null, 2) + '\n', 'utf8');
    }
    return body;
  }
  if (!out) throw new AppError('invalid_args', `--format ${format} 需要 --out <文件>`);
  writeTable(format, out, title, columns, rows);
  return { ...body, format, out: path.resolve(out) };
}

const SALES_BY = ['class', 'brand', 'spec', 'manager', 'route', 'format', 'area', 'month'];
const DIST_BY = ['manager', 'route', 'format', 'area', 'spec'];

export const reportsCommands: CliCommand[] = [
  {
    name: 'report sales',
    usage: 'report sales (--period YYYY-MM | --from D --to D) [--scope …] [--products …] [--by class|brand|spec|manager|route|format|area|month] [--format json|csv|xlsx] [--out <file>]   销售情况表',
    run: (ctx, args) => {
      const by = opt(args, 'by') ?? 'class';
      if (!SALES_BY.includes(by) && by !== 'grade') throw new AppError('invalid_args', `--by 应为 ${SALES_BY.join('、')} 之一`);
      const r = ctx.call<SalesReport>('reports.sales', { period: periodArg(args), scope: opt(args, 'scope'), products: opt(args, 'products'), by, lean: true });
      const pick = (f: SalesReport['total']) => ({
        volumeTiao: f.volumeTiao,
        amountFen: f.amountFen,
        demandTiao: f.demandTiao,
        volumeTiaoLastYear: f.volumeTiaoLastYear,
        amountFenLastYear: f.amountFenLastYear,
      });
      const rows = r.rows.map((x) => ({ key: x.key, ...(x.name !== x.key ? { name: x.name } : {}), ...pick(x) }));
      const t = r.total;
      const body = {
        report: 'sales',
        period: r.period,
        from: r.from,
        to: r.to,
        scope: r.scope,
        products: r.products,
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
      const cols: Column[] = [
        { key: 'key', header: r.byLabel, kind: 'text' },
        { key: 'name', header: '名称', kind: 'text' },
        { key: 'volumeTiao', header: '销量(箱)', kind: 'case' },
        { key: 'amountFen', header: '销售额(万元)', kind: 'wan' },
        { key: 'demandTiao', header: '需求量(箱)', kind: 'case' },
        { key: 'volumeTiaoLastYear', header: '同期销量(箱)', kind: 'case' },
        { key: 'amountFenLastYear', header: '同期销售额(万元)', kind: 'wan' },
      ];
      const csvCols: Column[] = ['key', 'name', 'volumeTiao', 'amountFen', 'demandTiao', 'volumeTiaoLastYear', 'amountFenLastYear'].map((k) => ({ key: k, header: k, kind: 'int' as const }));
      const format = opt(args, 'format') ?? 'json';
      const tableRows = [...rows.map((x) => ({ name: '', ...x })), { key: '合计', name: '', ...pick(t) }];
      return emit(args, body, `销售情况表（${r.periodLabel}，${r.scopeLabel}，${r.productsLabel}）单位：箱、万元`, format === 'csv' ? csvCols : cols, tableRows);
    },
  },
  {
    name: 'report distribution',
    usage: 'report distribution (--period YYYY-MM | --from D --to D) [--scope …] [--products …] [--by manager|route|format|area|spec] [--format json|csv|xlsx] [--out <file>]   分销与四率',
    run: (ctx, args) => {
      const by = opt(args, 'by') ?? 'manager';
      if (!DIST_BY.includes(by) && !['grade', 'class', 'brand'].includes(by)) throw new AppError('invalid_args', `--by 应为 ${DIST_BY.join('、')} 之一`);
      const r = ctx.call<DistributionReport>('reports.distribution', { period: periodArg(args), scope: opt(args, 'scope'), products: opt(args, 'products'), by });
      const pick = (f: DistributionReport['total']) => ({
        customers: f.customers,
        orderingCustomers: f.orderingCustomers,
        rate: f.rate,
        repeatCustomers: f.repeatCustomers,
        repeatRate: f.repeatRate,
      });
      const rows = r.rows.map((x) => ({ key: x.key, ...(x.name !== x.key ? { name: x.name } : {}), ...pick(x) }));
      const body = { report: 'distribution', period: r.period, from: r.from, to: r.to, scope: r.scope, products: r.products, by, rows, total: pick(r.total) };
      const format = opt(args, 'format') ?? 'json';
      const cols: Column[] =
        format === 'csv'
          ? ['key', 'name', 'customers', 'orderingCustomers', 'rate', 'repeatCustomers', 'repeatRate'].map((k) => ({ key: k, header: k, kind: 'int' as const }))
          : [
              { key: 'key', header: r.byLabel, kind: 'text' },
              { key: 'name', header: '名称', kind: 'text' },
              { key: 'customers', header: '正常经营户数', kind: 'int' },
              { key: 'orderingCustomers', header: '订货户数', kind: 'int' },
              { key: 'rate', header: '铺货率', kind: 'pct' },
              { key: 'repeatCustomers', header: '重购户数', kind: 'int' },
              { key: 'repeatRate', header: '重购率', kind: 'pct' },
            ];
      const tableRows = [...rows.map((x) => ({ name: '', ...x })), { key: '合计', name: '', ...pick(r.total) }];
      return emit(args, body, `分销与铺货率（${r.periodLabel}，${r.scopeLabel}，${r.productsLabel}）`, cols, tableRows);
    },
  },
];
