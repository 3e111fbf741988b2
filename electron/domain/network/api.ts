/** API methods and jobs of the network module (网建达标, 月度考核); merged into the contract in api/contract.ts. */
import { z } from 'zod';
import { method, type JobMap, type MethodMap } from '../../api/define';
import { createIndicator, definitionText, deleteIndicator, listIndicators, updateIndicator } from './indicators';
import {
  deleteSnapshot,
  listManualValues,
  listSnapshots,
  listTargets,
  setCollectionPlan,
  setManualValues,
  setTargets,
  takeSnapshot,
} from './data';
import { actionList, dashboardSummary, networkReport, trend } from './compute';
import { itemSchema } from './assessmentRules';
import {
  activateScheme,
  activeScheme,
  deleteScheme,
  listAssessmentValues,
  listSchemes,
  saveScheme,
  setAssessmentValues,
} from './assessmentSchemes';
import { computeAssessment } from './assessmentScore';
import { assessment, assessmentHistory, deleteSavedAssessment, saveAssessment } from './assessmentHistory';
import { MONTH_RE, parseMonth, shiftMonth, TARGET_PERIOD_RE } from './period';
import './demo';
import { todayText } from '../../../common/days';

const month = z.string().regex(MONTH_RE, '期间格式应为 YYYY-MM');
const targetPeriod = z.string().regex(TARGET_PERIOD_RE, '目标期间格式应为 2026、2026-Q1 或 2026-03');
const scopeKind = z.enum(['county', 'manager', 'route']);
const indicatorCode = z.string().trim().min(1).max(40);

const currentMonth = (): string => todayText().slice(0, 7);

/** A batch of values per indicator, period and scope (targets, hand-entered values): all rows or none. */
function scopedValues<P extends z.ZodType>(period: P) {
  return z
    .object({
      rows: z
        .array(
          z
            .object({
              indicatorCode,
              period,
              scopeKind,
              scopeCode: z.string().trim().max(40).default(''),
              value: z.number().nullable(),
            })
            .strict(),
        )
        .min(1)
        .max(5000),
    })
    .strict();
}

export const networkMethods = {
  /** 指标目录 with the 口径说明 each figure prints. */
  'network.indicators': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => listIndicators(ctx.db).map((i) => ({ ...i, definition: definitionText(i) })),
  }),
  'network.updateIndicator': method({
    input: z
      .object({
        code: indicatorCode,
        name: z.string().trim().min(1).max(30).optional(),
        direction: z.enum(['higher', 'lower']).optional(),
        base: z.enum(['operating', 'licensed']).optional(),
        margin: z.number().min(0).max(1000).nullable().optional(),
        marginKind: z.enum(['absolute', 'relative']).nullable().optional(),
        note: z.string().trim().max(200).nullable().optional(),
        active: z.boolean().optional(),
        sortOrder: z.number().int().optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { code, ...patch }) => {
      const r = updateIndicator(ctx.db, code, patch);
      ctx.audit({
        module: 'network',
        action: 'updateIndicator',
        record: `indicator:${code}`,
        before: r.before,
        after: r.after,
      });
      return { ...r.after, definition: definitionText(r.after) };
    },
  }),
  'network.createIndicator': method({
    input: z
      .object({
        code: z
          .string()
          .trim()
          .regex(/^[A-Za-z][A-Za-z0-9_]{0,29}$/, '指标代码应以字母开头，只含字母、数字和下划线'),
        name: z.string().trim().min(1).max(30),
        unit: z.enum(['rate', 'count', 'score']),
        direction: z.enum(['higher', 'lower']).default('higher'),
        margin: z.number().min(0).max(1000).nullable().optional(),
        marginKind: z.enum(['absolute', 'relative']).nullable().optional(),
        note: z.string().trim().max(200).nullable().optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const ind = createIndicator(ctx.db, input);
      ctx.audit({ module: 'network', action: 'createIndicator', record: `indicator:${ind.code}`, after: ind });
      return { ...ind, definition: definitionText(ind) };
    },
  }),
  'network.deleteIndicator': method({
    input: z.object({ code: indicatorCode }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { code }) => {
      const ind = deleteIndicator(ctx.db, code);
      ctx.audit({ module: 'network', action: 'deleteIndicator', record: `indicator:${code}`, before: ind });
      return { deleted: code };
    },
  }),

  'network.targets': method({
    input: z.object({ period: targetPeriod.optional(), indicatorCode: indicatorCode.optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => listTargets(ctx.db, input),
  }),
  /** Upserts targets; value null removes one. All rows or none. */
  'network.setTargets': method({
    input: scopedValues(targetPeriod),
    perm: 'edit',
    write: true,
    handler: (ctx, { rows }) => {
      const r = setTargets(ctx.db, rows);
      ctx.audit({
        module: 'network',
        action: 'setTargets',
        record: `targets:${rows.length}`,
        before: r.before,
        after: rows,
      });
      return { saved: rows.length };
    },
  }),

  'network.manualValues': method({
    input: z.object({ period: month }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, { period }) => listManualValues(ctx.db, period),
  }),
  'network.setManualValues': method({
    input: scopedValues(month),
    perm: 'edit',
    write: true,
    handler: (ctx, { rows }) => {
      const r = setManualValues(ctx.db, rows);
      ctx.audit({
        module: 'network',
        action: 'setManualValues',
        record: `manual:${rows.length}`,
        before: r.before,
        after: rows,
      });
      return { saved: rows.length };
    },
  }),

  /** 网建达标: every active indicator per county / manager / route for a month. */
  'network.report': method({
    input: z
      .object({
        period: month,
        by: scopeKind,
        scopeCode: z.string().trim().max(40).optional(),
        /** a customer scope of the shared parser (set:<客户集>, format:<业态> …): only its retailers count */
        scope: z.string().trim().max(100).optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, { period, by, scopeCode, scope }) =>
      networkReport(ctx.db, period, by, { scopeCode, customers: scope }),
  }),
  'network.trend': method({
    input: z
      .object({
        indicatorCode,
        period: month,
        months: z.number().int().min(1).max(36).default(12),
        scopeKind: scopeKind.default('county'),
        scopeCode: z.string().trim().max(40).default(''),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => trend(ctx.db, input),
  }),
  /** 行动清单: the retailers behind one indicator's gap in one scope. */
  'network.actionList': method({
    input: z
      .object({ period: month, indicatorCode, scopeKind, scopeCode: z.string().trim().max(40).default('') })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => actionList(ctx.db, input),
  }),
  /** For the 首页: how many indicators are behind this month. */
  'network.dashboardSummary': method({
    input: z.object({ period: month.optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, { period }) => dashboardSummary(ctx.db, period ?? currentMonth()),
  }),
  /** The 首页 card (HomePage's HomeCard shape): this month's indicators behind and close. */
  'network.homeCard': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => {
      // This month; until its first visit records are imported, the month before.
      let period = currentMonth();
      const m = parseMonth(period);
      if (!ctx.db.prepare('SELECT 1 FROM visit_records WHERE day BETWEEN ? AND ? LIMIT 1').get(m.dayFrom, m.dayTo))
        period = shiftMonth(period, 1);
      const s = dashboardSummary(ctx.db, period);
      // Nothing measured against a target (an empty database, no targets yet): no colour, and say so.
      const measured = s.behind + s.close + s.met > 0;
      const lines: { label: string; value: string; tone?: 'good' | 'warn' | 'bad' }[] = [
        {
          label: `${s.period.slice(0, 4)}年${Number(s.period.slice(5))}月 未达标指标（全县）`,
          value: `${s.behind} 项`,
          tone: s.behind ? 'bad' : measured ? 'good' : undefined,
        },
        { label: '接近目标', value: `${s.close} 项`, tone: s.close ? 'warn' : undefined },
        { label: '已达标', value: `${s.met} 项`, tone: s.met ? 'good' : undefined },
        {
          label: '有未达标指标的客户经理',
          value: `${s.managersBehind} 人`,
          tone: s.managersBehind ? 'warn' : undefined,
        },
      ];
      if (s.behindNames.length) lines.push({ label: '未达标', value: s.behindNames.join('、'), tone: 'bad' });
      if (!measured)
        lines.push({ label: '说明', value: s.noTarget === s.indicators ? '本月尚未设定目标' : '本月尚无可评价的数据' });
      return { title: '网建达标', lines, link: '/network' };
    },
  }),
  /** What data a month has: visits, inspections, snapshot. */
  'network.dataStatus': method({
    input: z.object({ period: month }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, { period }) => {
      const m = parseMonth(period);
      const v = ctx.db
        .prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT retailer_id) AS r FROM visit_records WHERE day BETWEEN ? AND ?')
        .get(m.dayFrom, m.dayTo) as { n: number; r: number };
      const i = ctx.db
        .prepare(
          'SELECT COUNT(*) AS n, COUNT(DISTINCT retailer_id) AS r FROM inspection_records WHERE day BETWEEN ? AND ?',
        )
        .get(m.dayFrom, m.dayTo) as { n: number; r: number };
      const plan = ctx.db.prepare('SELECT COUNT(*) AS n FROM network_collection_plan WHERE period = ?').get(period) as {
        n: number;
      };
      const snap = listSnapshots(ctx.db).find((s) => s.period === period) ?? null;
      return {
        period,
        visits: v.n,
        visitedRetailers: v.r,
        inspections: i.n,
        inspectedRetailers: i.r,
        collectionPlan: plan.n,
        snapshot: snap,
      };
    },
  }),
  /** Managers and routes, for scope pickers. */
  'network.scopes': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => ({
      managers: ctx.db.prepare('SELECT code, name, on_duty AS onDuty FROM managers ORDER BY code').all() as {
        code: string;
        name: string;
        onDuty: number;
      }[],
      routes: ctx.db
        .prepare(
          'SELECT r.code, r.name, m.code AS managerCode, m.name AS managerName FROM routes r LEFT JOIN managers m ON m.id = r.manager_id ORDER BY r.code',
        )
        .all() as { code: string; name: string; managerCode: string | null; managerName: string | null }[],
    }),
  }),

  'network.snapshots': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => listSnapshots(ctx.db),
  }),
  /** 期末存档: freezes the current master data as the month-end state of a month. */
  'network.takeSnapshot': method({
    input: z.object({ period: month }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { period }) => {
      const r = takeSnapshot(ctx.db, period, ctx.actor.name);
      ctx.audit({ module: 'network', action: 'takeSnapshot', record: `snapshot:${period}`, after: r });
      return r;
    },
  }),
  'network.deleteSnapshot': method({
    input: z.object({ period: month }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { period }) => {
      const deleted = deleteSnapshot(ctx.db, period);
      ctx.audit({ module: 'network', action: 'deleteSnapshot', record: `snapshot:${period}`, after: { deleted } });
      return { deleted };
    },
  }),
  /** 信息采集名单 of a month (replaces the list; an empty list means every 正常经营 retailer). */
  'network.setCollectionPlan': method({
    input: z.object({ period: month, retailerCodes: z.array(z.string().trim().min(1).max(40)).max(100000) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { period, retailerCodes }) => {
      const r = setCollectionPlan(ctx.db, period, retailerCodes);
      ctx.audit({ module: 'network', action: 'setCollectionPlan', record: `collection:${period}`, after: r });
      return r;
    },
  }),

  /** 月度考核表: the saved month, or computed now with the active scheme. */
  'network.assessment': method({
    input: z.object({ period: month, live: z.boolean().optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, { period, live }) => (live ? computeAssessment(ctx.db, period) : assessment(ctx.db, period)),
  }),
  'network.saveAssessment': method({
    input: z.object({ period: month }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { period }) => {
      const r = saveAssessment(ctx.db, period, ctx.actor.name);
      ctx.audit({
        module: 'network',
        action: 'saveAssessment',
        record: `assessment:${period}`,
        before: r.before?.rows.map((x) => ({ key: x.key, total: x.total, rank: x.rank })) ?? null,
        after: r.after.rows.map((x) => ({ key: x.key, total: x.total, rank: x.rank })),
      });
      return r.after;
    },
  }),
  'network.deleteSavedAssessment': method({
    input: z.object({ period: month }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { period }) => {
      const deleted = deleteSavedAssessment(ctx.db, period);
      ctx.audit({
        module: 'network',
        action: 'deleteSavedAssessment',
        record: `assessment:${period}`,
        after: { deleted },
      });
      return { deleted };
    },
  }),
  'network.assessmentHistory': method({
    input: z.object({ from: month, to: month }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, { from, to }) => assessmentHistory(ctx.db, from, to),
  }),
  'network.schemes': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => ({ active: activeScheme(ctx.db), schemes: listSchemes(ctx.db) }),
  }),
  'network.saveScheme': method({
    input: z
      .object({
        id: z.number().int().positive().optional(),
        name: z.string().trim().min(1).max(40),
        items: z.array(itemSchema).min(1).max(30),
        note: z.string().trim().max(200).nullable().optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const r = saveScheme(ctx.db, input);
      ctx.audit({
        module: 'network',
        action: 'saveScheme',
        record: `scheme:${r.after.id}`,
        before: r.before,
        after: r.after,
      });
      return r.after;
    },
  }),
  'network.activateScheme': method({
    input: z.object({ id: z.number().int().positive() }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { id }) => {
      const s = activateScheme(ctx.db, id);
      ctx.audit({ module: 'network', action: 'activateScheme', record: `scheme:${id}`, after: { name: s.name } });
      return s;
    },
  }),
  'network.deleteScheme': method({
    input: z.object({ id: z.number().int().positive() }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { id }) => {
      const s = deleteScheme(ctx.db, id);
      ctx.audit({ module: 'network', action: 'deleteScheme', record: `scheme:${id}`, before: s });
      return { deleted: id };
    },
  }),
  'network.assessmentValues': method({
    input: z.object({ period: month }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, { period }) => listAssessmentValues(ctx.db, period),
  }),
  'network.setAssessmentValues': method({
    input: z
      .object({
        period: month,
        rows: z
          .array(
            z
              .object({
                itemCode: z.string().trim().min(1).max(30),
                managerCode: z.string().trim().min(1).max(40),
                value: z.number().nullable(),
              })
              .strict(),
          )
          .min(1)
          .max(5000),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, { period, rows }) => {
      const r = setAssessmentValues(ctx.db, period, rows);
      ctx.audit({
        module: 'network',
        action: 'setAssessmentValues',
        record: `assessment-values:${period}`,
        before: r.before,
        after: rows,
      });
      return { saved: rows.length };
    },
  }),
} satisfies MethodMap;

export const networkJobs = {} satisfies JobMap;
