/** API methods of the 客户分档 module. */
import { z } from 'zod';
import { method, type JobMap, type MethodMap } from '../../api/define';
import { approveReview, proposeReview } from './store';

const reviewId = z.number().int().positive();

export const gradingMethods = {
  /** Computes the 30档 proposal for the 6 months ending with asOf ('YYYY-MM') and stores it. */
  'grading.propose': method({
    input: z.object({ asOf: z.string().trim().min(1).max(10) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => proposeReview(ctx, input.asOf),
  }),
  /** 主任 approves a proposal: the retailers take the proposed 档位 and the grade history records it. */
  'grading.approve': method({
    input: z.object({ reviewId }).strict(),
    perm: 'approve',
    write: true,
    handler: (ctx, input) => approveReview(ctx, input.reviewId),
  }),
} satisfies MethodMap;

export const gradingJobs = {} satisfies JobMap;
