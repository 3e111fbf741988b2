/** API of the 货源投放 module: the week's plan (save, copy, remove), the review after the week and the export. */
import { z } from 'zod';
import { method, type JobMap } from '../../api/define';
import { AppError } from '../../api/errors';
import { isoWeekText } from '../../../common/days';
import { MAX_SUPPLY_TIAO } from '../../../common/supply';
import { exportSpec } from './export';
import { entryOf, parseWeek, previousWeek, readWeek, removeSpecs, saveSpecs, type SpecEntry } from './plan';
import { reviewWeek } from './review';

const weekText = z.string().trim().min(1).max(20);
const tiao = z
  .number()
  .int('数量必须是整数（条）')
  .min(0, '数量不能为负数')
  .max(MAX_SUPPLY_TIAO, `数量不能超过 ${MAX_SUPPLY_TIAO.toLocaleString('en-US')} 条`);
const grades30 = z.array(z.number().min(0)).length(30);
const specCode = z.string().trim().min(1).max(40);

const specEntry = z
  .object({
    spec: specCode,
    availableTiao: tiao,
    reserveTiao: tiao.optional(),
    capTiao: tiao.nullable().optional(),
    segments: z
      .array(
        z
          .object({
            scope: z.string().trim().max(100).optional(),
            weights: grades30.nullable().optional(),
            limits: z.array(tiao).length(30).nullable().optional(),
          })
          .strict(),
      )
      .max(20)
      .optional(),
  })
  .strict();

/** The week's plans, each spec with last week's review verdict and suggested 可用量. */
function weekWithSuggestions(db: Parameters<typeof readWeek>[0], text: string) {
  const w = parseWeek(text);
  const plan = readWeek(db, w);
  const prev = previousWeek(w);
  const review = reviewWeek(db, prev);
  return {
    ...plan,
    previousWeek: isoWeekText(prev),
    previousPlans: review.specs.length,
    suggestions: review.specs.map((s) => ({
      spec: s.spec,
      name: s.name,
      verdict: s.verdict,
      fillRate: s.fillRate,
      utilisation: s.utilisation,
      availableTiao: s.availableTiao,
      suggestedAvailableTiao: s.suggestedAvailableTiao,
    })),
  };
}

export const supplyMethods = {
  /** The week's 投放方案: every spec's quantities, segments and limits per 档位, with last week's suggestions. */
  'supply.week': method({
    input: z.object({ week: weekText }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => weekWithSuggestions(ctx.db, input.week),
  }),
  /** Saves specs' plans for the week (each replacing the spec's earlier plan); limits computed unless typed. */
  'supply.save': method({
    input: z.object({ week: weekText, plans: z.array(specEntry).min(1).max(2000) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const w = parseWeek(input.week);
      const before = readWeek(
        ctx.db,
        w,
        input.plans.map((p) => p.spec),
      ).plans;
      const saved = saveSpecs(ctx.db, w, input.plans as SpecEntry[], ctx.actor.name || ctx.actor.login);
      ctx.audit({
        module: 'supply',
        action: 'save',
        record: `supply:${isoWeekText(w)}`,
        before: before.map(brief),
        after: saved.map(brief),
      });
      return { plans: saved };
    },
  }),
  /** Removes specs from the week's plan. */
  'supply.remove': method({
    input: z.object({ week: weekText, specs: z.array(specCode).min(1).max(2000) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const w = parseWeek(input.week);
      const before = readWeek(ctx.db, w, input.specs).plans;
      const removed = removeSpecs(ctx.db, w, input.specs);
      ctx.audit({ module: 'supply', action: 'remove', record: `supply:${isoWeekText(w)}`, before: before.map(brief) });
      return { removed };
    },
  }),
  /**
   * Copies another week's plan (default: the week before) into the week, limits recomputed
   * for today's retailers; with useSuggestions each spec's 可用量 becomes the review's
   * suggestion. A week that already has plans is replaced only with replace.
   */
  'supply.copy': method({
    input: z
      .object({
        week: weekText,
        from: weekText.optional(),
        useSuggestions: z.boolean().optional(),
        replace: z.boolean().optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const w = parseWeek(input.week);
      const src = input.from ? parseWeek(input.from) : previousWeek(w);
      if (src.from === w.from) throw new AppError('invalid_period', '不能把一周的方案复制到同一周');
      const source = readWeek(ctx.db, src).plans;
      if (!source.length) throw new AppError('unknown_supply_plan', `${isoWeekText(src)} 没有投放方案可复制`);
      const existing = readWeek(ctx.db, w).plans;
      if (existing.length && !input.replace)
        throw new AppError(
          'duplicate_supply_plan',
          `${isoWeekText(w)} 已有 ${existing.length} 个规格的投放方案；要替换请选择“替换本周方案”`,
        );
      const suggested = input.useSuggestions
        ? new Map(reviewWeek(ctx.db, src).specs.map((s) => [s.spec, s.suggestedAvailableTiao]))
        : new Map<string, number | null>();
      if (existing.length)
        removeSpecs(
          ctx.db,
          w,
          existing.map((p) => p.spec),
        );
      const entries = source.map((p) => entryOf(p, suggested.get(p.spec) ?? p.availableTiao));
      const who = ctx.actor.name || ctx.actor.login;
      let saved;
      try {
        saved = saveSpecs(ctx.db, w, entries, who);
      } catch (err) {
        // Limits typed last week may not fit this week's retailers or quantity: computed instead.
        if (!(err instanceof AppError) || !entries.some((e) => e.segments?.some((s) => s.limits))) throw err;
        const computed = entries.map((e) => ({ ...e, segments: e.segments?.map((s) => ({ ...s, limits: null })) }));
        saved = saveSpecs(ctx.db, w, computed, who);
      }
      ctx.audit({
        module: 'supply',
        action: 'copy',
        record: `supply:${isoWeekText(w)}`,
        before: existing.map(brief),
        after: { from: isoWeekText(src), useSuggestions: !!input.useSuggestions, plans: saved.map(brief) },
      });
      return { copied: saved.length, from: isoWeekText(src), plans: saved };
    },
  }),
  /** The review after the week: 满足率 by grade and spec, 投放利用率, 偏紧/偏松 specs. */
  'supply.review': method({
    input: z.object({ week: weekText, spec: specCode.optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => {
      const w = parseWeek(input.week);
      const r = reviewWeek(ctx.db, w, input.spec);
      if (!r.specs.length)
        throw new AppError(
          'unknown_supply_plan',
          input.spec ? `${r.week} 没有规格 ${input.spec} 的投放方案` : `${r.week} 没有投放方案`,
        );
      return r;
    },
  }),
  /** The week's plan as the provincial system's import table (columns from Settings). */
  'supply.exportTable': method({
    input: z.object({ week: weekText }).strict(),
    perm: 'print',
    write: false,
    handler: (ctx, input) => {
      const w = parseWeek(input.week);
      const spec = exportSpec(ctx.db, w);
      if (!spec.rows.length) throw new AppError('unknown_supply_plan', `${isoWeekText(w)} 没有投放方案可导出`);
      return spec;
    },
  }),
};

/** What the audit log keeps of a spec's plan. */
function brief(p: ReturnType<typeof readWeek>['plans'][number]) {
  return {
    spec: p.spec,
    availableTiao: p.availableTiao,
    reserveTiao: p.reserveTiao,
    capTiao: p.capTiao,
    segments: p.segments.map((s) => ({ scope: s.scope, manual: s.manual, limits: s.limits })),
  };
}

export const supplyJobs = {} satisfies JobMap;
