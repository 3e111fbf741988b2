/** CLI commands of the 客户分档 module (shared/spec/CLI.md). */
import { AppError } from '../api/errors';
import type { Review } from '../domain/grading/store';
import { requireFlag, requirePositional, type CliCommand } from './framework';

export const gradingCommands: CliCommand[] = [
  {
    name: 'grading propose',
    usage: 'grading propose --as-of YYYY-MM  （按近 6 个月订购计算 30 档调整建议）',
    run(ctx, args) {
      const r = ctx.call<Review>('grading.propose', { asOf: requireFlag(args, 'as-of') });
      return {
        reviewId: r.reviewId,
        rows: r.rows.map((x) => ({
          retailer: x.retailer,
          score: x.score,
          current: x.current,
          computed: x.computed,
          proposed: x.proposed,
        })),
      };
    },
  },
  {
    name: 'grading approve',
    usage: 'grading approve <reviewId>  （主任）',
    run(ctx, args) {
      const text = requirePositional(args, 0, '分档调整编号');
      const reviewId = Number(text);
      if (!Number.isInteger(reviewId) || reviewId <= 0)
        throw new AppError('invalid_args', `分档调整编号应为正整数（收到“${text}”）`);
      const r = ctx.call<Review>('grading.approve', { reviewId });
      return { reviewId: r.reviewId, status: r.status, retailers: r.rows.length };
    },
  },
];
