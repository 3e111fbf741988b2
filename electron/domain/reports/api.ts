/** API methods and jobs of the reports module; merged into the contract in api/contract.ts. */
import { z } from 'zod';
import type { JobMap, MethodMap } from '../../api/define';
import { job, method } from '../../api/define';
import { parsePeriod } from './periods';
import { rebuildSummaries } from './summaries'; // registers the order-lines hook at load
import { salesReport } from './sales';
import { distributionReport, weeklyDistribution } from './distribution';
import { drillRetailers, retailerLines } from './drill';
import { customerClassTable, dashboard, homeCard, keyFigures } from './overview';
import { reportOptions } from './options';
import { SALES_DIMS, DISTRIBUTION_DIMS } from './query';
import { demandForecast } from './forecast';
import { analysisDraftById, analysisDrafts, analysisInputs, draftAnalysis, saveAnalysisDraft } from './analysis';
import { monthlyPack } from './pack';
import { weeklyHomeCard, weeklyReport } from './weekly';

const periodField = z.string().trim().min(4).max(40);
const scopeField = z.string().trim().max(200).optional();
const productsField = z.string().trim().max(4000).optional();
const salesDim = z.enum([...SALES_DIMS, 'total'] as [string, ...string[]]);
const distDim = z.enum([...DISTRIBUTION_DIMS, 'total'] as [string, ...string[]]);
const anyDim = z.enum(['class', 'brand', 'spec', 'manager', 'route', 'format', 'area', 'grade', 'month', 'total']);

export const reportsMethods = {
  /** 销售情况表 */
  'reports.sales': method({
    input: z
      .object({
        period: periodField,
        scope: scopeField,
        products: productsField,
        by: salesDim,
        lean: z.boolean().optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) =>
      salesReport(
        ctx.db,
        { period: parsePeriod(i.period), scope: i.scope, products: i.products, by: i.by as never },
        { lean: i.lean },
      ),
  }),
  /** 分销与“四率” */
  'reports.distribution': method({
    input: z.object({ period: periodField, scope: scopeField, products: productsField, by: distDim }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) =>
      distributionReport(ctx.db, {
        period: parsePeriod(i.period),
        scope: i.scope,
        products: i.products,
        by: i.by as never,
      }),
  }),
  /** weekly 铺货率 across a period, against an optional target (fraction) */
  'reports.distributionWeekly': method({
    input: z
      .object({
        period: periodField,
        scope: scopeField,
        products: productsField,
        target: z.number().min(0).max(1).nullable().optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) =>
      weeklyDistribution(ctx.db, {
        period: parsePeriod(i.period),
        scope: i.scope,
        products: i.products,
        target: i.target,
      }),
  }),
  /** drill-down: the retailers behind a report row */
  'reports.drillRetailers': method({
    input: z
      .object({
        period: periodField,
        scope: scopeField,
        products: productsField,
        by: anyDim.optional(),
        key: z.string().max(200).optional(),
        onlyOrdering: z.boolean().optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) =>
      drillRetailers(ctx.db, {
        period: parsePeriod(i.period),
        scope: i.scope,
        products: i.products,
        by: i.by,
        key: i.key,
        onlyOrdering: i.onlyOrdering,
      }),
  }),
  /** drill-down: one retailer's order lines */
  'reports.retailerLines': method({
    input: z
      .object({
        period: periodField,
        retailer: z.string().trim().min(1).max(40),
        products: productsField,
        by: anyDim.optional(),
        key: z.string().max(200).optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) =>
      retailerLines(ctx.db, {
        period: parsePeriod(i.period),
        retailer: i.retailer,
        products: i.products,
        by: i.by,
        key: i.key,
      }),
  }),
  /** 客户分类销售情况一览表 */
  'reports.customerClass': method({
    input: z
      .object({
        period: periodField,
        by: z.enum(['format', 'area', 'grade']),
        scope: scopeField,
        products: productsField,
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) =>
      customerClassTable(ctx.db, { period: parsePeriod(i.period), by: i.by, scope: i.scope, products: i.products }),
  }),
  /** 首页 KPIs: this month's 销量/销售额 with 同比, 本年累计, a 13-month trend */
  'reports.dashboard': method({
    input: z.object({ month: z.string().trim().max(10).optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => dashboard(ctx.db, i),
  }),
  /** 首页 card: this month's KPIs with 同比 (HomeCard shape of the 首页) */
  'reports.homeCard': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => homeCard(keyFigures(ctx.db, {})),
  }),
  /** what the pickers offer: managers, routes, sets, 价类, brands, specs, months with data */
  'reports.options': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => reportOptions(ctx.db),
  }),
  /** 需求预测: next 1–3 months per 价类/品牌/规格 with the backtest beside a same-month-last-year yardstick */
  'reports.forecast': method({
    input: z
      .object({
        level: z.enum(['total', 'class', 'brand', 'spec']),
        key: z.string().max(100).optional(),
        horizon: z.number().int().min(1).max(3),
        limit: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => demandForecast(ctx.db, i),
  }),
  /** 分析报告: the drafted sections for a period */
  'reports.analysis': method({
    input: z.object({ period: periodField, scope: scopeField }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => {
      const p = parsePeriod(i.period);
      return draftAnalysis(p, analysisInputs(ctx.db, p, i.scope));
    },
  }),
  /** 分析报告: the saved draft of a period and scope (newest) and who saved what when */
  'reports.analysisDrafts': method({
    input: z.object({ period: periodField, scope: scopeField }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => analysisDrafts(ctx.db, i.period, i.scope ?? 'county'),
  }),
  /** 分析报告: one saved draft from the history */
  'reports.analysisDraft': method({
    input: z.object({ id: z.number().int().positive() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => analysisDraftById(ctx.db, i.id),
  }),
  /** 分析报告: save the edited draft (a new version; earlier ones stay in the history) */
  'reports.saveAnalysisDraft': method({
    input: z
      .object({
        period: periodField,
        scope: scopeField,
        title: z.string().trim().min(1, '标题不能为空').max(200),
        sections: z
          .array(z.object({ title: z.string().max(200), text: z.string().max(20000) }).strict())
          .min(1)
          .max(30),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      parsePeriod(i.period);
      const d = saveAnalysisDraft(
        ctx.db,
        { period: i.period, scope: i.scope ?? 'county', title: i.title, sections: i.sections },
        `${ctx.actor.name}（${ctx.actor.login}）`,
      );
      ctx.audit({
        module: 'reports',
        action: 'saveAnalysisDraft',
        record: `analysis_drafts:${d.id}`,
        after: { period: d.period, scope: d.scope, title: d.title },
      });
      return d;
    },
  }),
  /** 月报 pack: every table of the month and the analysis, in one call */
  'reports.pack': method({
    input: z.object({ month: z.string().trim().max(10), scope: scopeField }).strict(),
    perm: 'print',
    write: false,
    handler: (ctx, i) => monthlyPack(ctx.db, i),
  }),
  /** 周报: one ISO week with 环比 (previous week) and 同比 (same ISO week last year), plan, 内管 */
  'reports.weekly': method({
    input: z
      .object({
        week: z.string().trim().min(6).max(10).optional(),
        scope: scopeField,
        products: productsField,
        by: z.enum(['class', 'brand', 'spec', 'manager', 'route', 'format', 'area', 'grade']).optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) =>
      weeklyReport(ctx.db, { week: i.week, scope: i.scope, products: i.products, by: i.by as never }),
  }),
  /** 首页 card: last complete week's headline */
  'reports.weeklyHomeCard': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => weeklyHomeCard(ctx.db),
  }),
  /** recompute every summary table from the order lines */
  'reports.rebuildSummaries': method({
    input: z.object({}).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx) => {
      const r = rebuildSummaries(ctx.db);
      ctx.audit({ module: 'reports', action: 'rebuildSummaries', after: r });
      return r;
    },
  }),
} satisfies MethodMap;

export const reportsJobs = {
  /** the same rebuild with progress, for large databases */
  'reports.rebuildSummaries': job({
    input: z.object({}).strict(),
    perm: 'edit',
    run: (ctx, _i, control) => {
      const r = rebuildSummaries(ctx.db, (done, total) =>
        control.checkpoint(done, total, `已重算 ${done}/${total} 个月`),
      );
      ctx.audit({ module: 'reports', action: 'rebuildSummaries', after: r });
      return r;
    },
  }),
} satisfies JobMap;
