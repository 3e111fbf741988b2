/** API methods of the 客户分档 module. Who may do what is the router's role check (perm), as for plans. */
import { z } from 'zod';
import { method, type JobMap, type MethodMap } from '../../api/define';
import { adjustRow, approveReview, getReview, listReviews, proposeReview, returnReview, submitReview } from './store';

const reviewId = z.number().int().positive();

export const gradingMethods = {
  'grading.list': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => listReviews(ctx.db),
  }),
  /** One review with its rows and the figures behind each score. */
  'grading.get': method({
    input: z.object({ reviewId }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => getReview(ctx.db, input.reviewId),
  }),
  /** Computes the 30档 proposal for the 6 months ending with asOf ('YYYY-MM') and stores it. */
  'grading.propose': method({
    input: z.object({ asOf: z.string().trim().min(1).max(10) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => proposeReview(ctx, input.asOf),
  }),
  /** 内勤 sets one retailer's proposed 档位 (within ±3 of the current one) with a reason. */
  'grading.adjust': method({
    input: z
      .object({
        reviewId,
        retailer: z.string().trim().min(1).max(40),
        grade: z.number().int(),
        reason: z.string().max(500).nullable().optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => adjustRow(ctx, input.reviewId, input.retailer, input.grade, input.reason ?? null),
  }),
  'grading.submit': method({
    input: z.object({ reviewId }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => submitReview(ctx, input.reviewId),
  }),
  /** 主任 approves: the retailers take the proposed 档位 and the grade history records it. */
  'grading.approve': method({
    input: z.object({ reviewId }).strict(),
    perm: 'approve',
    write: true,
    handler: (ctx, input) => approveReview(ctx, input.reviewId),
  }),
  'grading.return': method({
    input: z.object({ reviewId, reason: z.string().trim().min(1, '退回分档调整需要写明原因').max(500) }).strict(),
    perm: 'approve',
    write: true,
    handler: (ctx, input) => returnReview(ctx, input.reviewId, input.reason),
  }),
} satisfies MethodMap;

export const gradingJobs = {} satisfies JobMap;
