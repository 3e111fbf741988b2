/** API of the 内管 module: the warnings scan, the warning list, checks and the 重点监管客户台账. */
import { z } from 'zod';
import { job, method, type Context, type JobMap } from '../../api/define';
import { AppError } from '../../api/errors';
import { addDays, parseDayText, dayCount, dayText } from '../../../common/days';
import { onOrdersImported } from '../imports';
import { RULES, readThresholds, scanWarnings } from './scan';
import { applyPendingOrderDays, rebuildOrderDays } from './orderDays';
import { CHECK_RESULTS, STATUSES, checkWarning, ledger, listWarnings, retailerOrders, summarise } from './store';
import './demo';

const dateText = z.string().regex(/^\d{4}-\d{1,2}-\d{1,2}$/, '日期应写成 YYYY-MM-DD');

function day(text: string, what: string): number {
  const d = parseDayText(text);
  if (d === null) throw new AppError('invalid_period', `${what}“${text}”不是有效日期`);
  return d;
}

function range(from: string, to: string, maxDays = 366): { from: number; to: number } {
  const r = { from: day(from, '开始日期'), to: day(to, '结束日期') };
  if (r.from > r.to) throw new AppError('invalid_period', `开始日期 ${from} 晚于结束日期 ${to}`);
  if (dayCount(r) > maxDays) throw new AppError('invalid_period', `一次最多检查 ${maxDays} 天`);
  return r;
}

export const monitorMethods = {
  /** Runs the four rules (or one) over the order lines of [from, to] and stores the warnings. */
  'monitor.scan': method({
    input: z.object({ from: dateText, to: dateText, rules: z.array(z.enum(RULES)).min(1).max(4).optional() }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const r = range(input.from, input.to);
      const res = scanWarnings(ctx.db, r.from, r.to, [...new Set(input.rules ?? RULES)]);
      ctx.audit({
        module: 'monitor',
        action: 'scan',
        record: `monitor:${input.from}~${input.to}`,
        after: { rules: res.rules, found: res.found, added: res.added, updated: res.updated, removed: res.removed },
      });
      return { ...res, warnings: listWarnings(ctx.db, { ids: res.ids, limit: 100000 }).rows };
    },
  }),
  /** The stored warnings, filtered by rule, 客户经理 (owner), 线路, status and dates. */
  'monitor.list': method({
    input: z
      .object({
        rule: z.enum(RULES).optional(),
        manager: z.string().trim().min(1).max(40).optional(),
        route: z.string().trim().min(1).max(40).optional(),
        status: z.enum(STATUSES).optional(),
        retailer: z.string().trim().min(1).max(40).optional(),
        from: dateText.optional(),
        to: dateText.optional(),
        limit: z.number().int().min(1).max(100000).optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, f) =>
      listWarnings(ctx.db, {
        ...f,
        from: f.from === undefined ? undefined : day(f.from, '开始日期'),
        to: f.to === undefined ? undefined : day(f.to, '结束日期'),
      }),
  }),
  /** Records 核查结果 with a note, who and when; 违规 puts the retailer on the 台账. */
  'monitor.check': method({
    input: z
      .object({
        id: z.number().int().positive(),
        result: z.enum(CHECK_RESULTS),
        note: z.string().trim().max(500).default(''),
        /** 核查人 when someone else did the check (default: the signed-in user) */
        who: z.string().trim().min(1).max(40).optional(),
        /** documents of the archive attached as evidence (replacing those attached before) */
        docs: z.array(z.number().int().positive()).max(20).optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const r = checkWarning(
        ctx.db,
        input.id,
        input.result,
        input.note,
        input.who ?? (ctx.actor.name || ctx.actor.login),
        new Date(),
        input.docs === undefined ? undefined : [...new Set(input.docs)],
      );
      ctx.audit({
        module: 'monitor',
        action: 'check',
        record: `warning:${input.id}`,
        before: {
          status: r.before.status,
          note: r.before.note,
          checkedBy: r.before.checkedBy,
          docs: r.before.docs.map((d) => d.id),
        },
        after: {
          status: r.after.status,
          note: r.after.note,
          checkedBy: r.after.checkedBy,
          docs: r.after.docs.map((d) => d.id),
          ledger: r.ledger,
        },
      });
      return { warning: r.after, ledger: r.ledger };
    },
  }),
  /** 重点监管客户台账 (optionally one retailer's history, or the entries made in [from, to]). */
  'monitor.ledger': method({
    input: z
      .object({
        retailer: z.string().trim().min(1).max(40).optional(),
        from: dateText.optional(),
        to: dateText.optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => ({
      rows: ledger(
        ctx.db,
        input.retailer,
        input.from || input.to ? range(input.from ?? '2000-01-01', input.to ?? '2100-12-31', 100000) : undefined,
      ),
    }),
  }),
  /** A retailer's order lines by date and spec over the `days` days up to `to` (a warning's drill). */
  'monitor.orders': method({
    input: z
      .object({
        retailer: z.string().trim().min(1).max(40),
        spec: z.string().trim().min(1).max(40).optional(),
        to: dateText,
        days: z.number().int().min(1).max(366).default(91),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => {
      const to = day(input.to, '日期');
      return retailerOrders(ctx.db, input.retailer, addDays(to, 1 - input.days), to, input.spec);
    },
  }),
  /** Counts per rule and status of the warnings dated in [from, to] (内管情况表). */
  'monitor.summary': method({
    input: z.object({ from: dateText, to: dateText }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => {
      const r = range(input.from, input.to);
      return summarise(ctx.db, r.from, r.to);
    },
  }),
};

/** After every orders import (once it has committed and reported done): the four rules over the dates it wrote. */
function scanAfterImport(ctx: Context, from: number, to: number): { message: string; found: number; added: number } {
  const res = scanWarnings(ctx.db, from, to, RULES);
  ctx.audit({
    module: 'monitor',
    action: 'scan',
    record: `monitor:${dayText(from)}~${dayText(to)}`,
    after: { afterImport: true, rules: res.rules, found: res.found, added: res.added, updated: res.updated },
  });
  const span = from === to ? dayText(from) : `${dayText(from)} 至 ${dayText(to)}`;
  const message = [
    `已检查 ${span} 的订单：${res.found ? `${res.found} 条内管预警，其中新增 ${res.added} 条` : '没有内管预警'}`,
    ...res.notes,
  ].join('；');
  return { message, found: res.found, added: res.added };
}

const SCAN_IMPORTED = 'monitor.scanImported';

/** What a rebuild of the kept order dates reports (CLI and the 内管预警 settings). */
export interface RebuildResult {
  rows: number;
  lines: number;
  months: number;
  history: number;
  before: number;
  message: string;
}

export const monitorJobs = {
  /**
   * The scan the imports module starts after an orders import (onOrdersImported): a job of its
   * own, so the import's result does not wait for it and a scan that fails or is cancelled
   * leaves the import in place (the 内管 page scans those dates again).
   */
  [SCAN_IMPORTED]: job({
    input: z.object({ from: dateText, to: dateText }).strict(),
    perm: 'edit',
    run: (ctx, input, control) => {
      // an import's dates, however many (the page's own scan is limited to a year at a time)
      const r = range(input.from, input.to, Infinity);
      control.checkpoint(0, 2, '正在更新内管订货日数据');
      try {
        // the import only recorded which lines changed: the order dates are brought in step first
        const t = performance.now();
        const applied = applyPendingOrderDays(ctx.db);
        const orderDaysMs = Math.round(performance.now() - t);
        control.checkpoint(1, 2, '正在检查导入日期的内管预警');
        const out = scanAfterImport(ctx, r.from, r.to);
        control.checkpoint(2, 2, '正在完成');
        return { ...out, orderDays: { applied, ms: orderDaysMs } };
      } catch (err) {
        if (!control.cancelled()) console.error('[导入后内管预警检查] 失败：', err);
        throw err;
      }
    },
  }),
  /**
   * Writes the kept order dates of the scan (monitor_order_days) again from every order line, for
   * the 比较前几次订货 in Settings: after order lines were changed by something other than an
   * import, a replace or a rollback (which keep them in step). Month by month with progress;
   * one transaction, so a cancelled or failed rebuild leaves the rows as they were.
   */
  'monitor.rebuild': job({
    input: z.object({}).strict(),
    perm: 'edit',
    run: (ctx, _input, control): RebuildResult => {
      const history = readThresholds(ctx.db).surgeHistory;
      const before = ctx.db.prepare('SELECT COUNT(*) FROM monitor_order_days').pluck().get() as number;
      const r = rebuildOrderDays(ctx.db, history, control);
      ctx.audit({
        module: 'monitor',
        action: 'rebuild',
        record: 'monitor_order_days',
        before: { rows: before },
        after: { rows: r.rows, lines: r.lines, months: r.months, history },
      });
      control.checkpoint(r.lines, r.lines, '正在完成');
      const message = r.lines
        ? `已按订单明细重建内管订货日数据：${r.months} 个月的 ${r.lines.toLocaleString('zh-CN')} 行订单，${r.rows.toLocaleString('zh-CN')} 个订货日（重建前 ${before.toLocaleString('zh-CN')} 个）`
        : '还没有订单明细，订货日数据已清空';
      return { ...r, history, before, message };
    },
  }),
} satisfies JobMap;

onOrdersImported('内管预警检查', SCAN_IMPORTED);
