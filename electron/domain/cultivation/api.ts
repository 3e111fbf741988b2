/** API methods of 品牌培育: projects with their targets, the weekly trend and the action list. */
import { z } from 'zod';
import { method, type JobMap, type MethodMap } from '../../api/define';
import { deleteProject, getProject, listProjects, saveProject } from './store';
import { notOrdered, projectTrend } from './rates';
import './demo';

const id = z.number().int().positive();
const dateText = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{1,2}-\d{1,2}$/, '日期应写成 YYYY-MM-DD');
const rate = z.number().min(0, '目标不能小于 0%').max(1, '目标不能大于 100%').nullable();

export const cultivationMethods = {
  'cultivation.list': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => ({ rows: listProjects(ctx.db) }),
  }),
  'cultivation.get': method({
    input: z.object({ id }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => getProject(ctx.db, i.id),
  }),
  /** Creates (no id) or updates a project and replaces its targets. */
  'cultivation.save': method({
    input: z
      .object({
        id: id.optional(),
        name: z.string().trim().min(1, '项目名称不能为空').max(60),
        products: z.string().trim().min(1).max(4000),
        targetSet: z.string().trim().max(100).nullable().optional(),
        from: dateText,
        to: dateText,
        note: z.string().trim().max(500).nullable().optional(),
        targets: z
          .array(
            z
              .object({
                manager: z.string().trim().min(1).max(40),
                distributionRate: rate,
                repeatRate: rate,
                shelfRate: rate,
              })
              .strict(),
          )
          .max(500),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const before = i.id ? getProject(ctx.db, i.id) : null;
      const p = saveProject(ctx.db, i, ctx.actor.name || ctx.actor.login);
      ctx.audit({
        module: 'cultivation',
        action: before ? 'update' : 'create',
        record: `cultivation:${p.id}`,
        before: before ?? undefined,
        after: p,
      });
      return p;
    },
  }),
  'cultivation.delete': method({
    input: z.object({ id }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, i) => {
      const p = deleteProject(ctx.db, i.id);
      ctx.audit({ module: 'cultivation', action: 'delete', record: `cultivation:${p.id}`, before: p });
      return { deleted: p.id };
    },
  }),
  /** 铺货率 / 重购率 / 上柜率 per 客户经理 from the first day to the end of each week, with the targets */
  'cultivation.trend': method({
    input: z.object({ id }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => projectTrend(ctx.db, i.id),
  }),
  /** target retailers who have not ordered yet, per 客户经理, with phone numbers */
  'cultivation.actions': method({
    input: z.object({ id }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, i) => notOrdered(ctx.db, i.id),
  }),
} satisfies MethodMap;

export const cultivationJobs = {} satisfies JobMap;
