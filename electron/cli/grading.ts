/** CLI commands of the 客户分档 module (shared/spec/CLI.md). */
import { AppError } from '../api/errors';
import type { Review, ReviewSummary } from '../domain/grading/store';
import { flag, requireFlag, requirePositional, type CliCommand, type ParsedArgs } from './framework';

function reviewIdOf(args: ParsedArgs): number {
  const text = requirePositional(args, 0, '分档调整编号');
  const reviewId = Number(text);
  if (!Number.isInteger(reviewId) || reviewId <= 0)
    throw new AppError('invalid_args', `分档调整编号应为正整数（收到“${text}”）`);
  return reviewId;
}

/** A review's state without its rows (the rows come with `grading show`). */
const brief = (r: Review) => ({
  reviewId: r.reviewId,
  asOf: r.asOf,
  status: r.status,
  statusLabel: r.statusLabel,
  retailers: r.rows.length,
  returnReason: r.returnReason,
});

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
    name: 'grading list',
    usage: 'grading list  （历次分档调整及状态）',
    run: (ctx) => ({ reviews: ctx.call<ReviewSummary[]>('grading.list', {}) }),
  },
  {
    name: 'grading show',
    usage: 'grading show <reviewId>  （一次分档调整的全部客户及得分依据）',
    run: (ctx, args) => ctx.call<Review>('grading.get', { reviewId: reviewIdOf(args) }),
  },
  {
    name: 'grading adjust',
    usage: 'grading adjust <reviewId> --retailer <客户编码> --grade <档位> --reason <原因>  （现档位上下 3 档以内）',
    run(ctx, args) {
      const text = requireFlag(args, 'grade');
      const grade = Number(text);
      if (!Number.isInteger(grade)) throw new AppError('invalid_args', `档位应为整数（收到“${text}”）`);
      const retailer = requireFlag(args, 'retailer');
      const r = ctx.call<Review>('grading.adjust', {
        reviewId: reviewIdOf(args),
        retailer,
        grade,
        reason: flag(args, 'reason') ?? null,
      });
      const row = r.rows.find((x) => x.retailer === retailer)!;
      return { ...brief(r), row };
    },
  },
  {
    name: 'grading submit',
    usage: 'grading submit <reviewId>  （提交主任审批）',
    run: (ctx, args) => brief(ctx.call<Review>('grading.submit', { reviewId: reviewIdOf(args) })),
  },
  {
    name: 'grading approve',
    usage: 'grading approve <reviewId>  （主任）',
    run(ctx, args) {
      const r = ctx.call<Review>('grading.approve', { reviewId: reviewIdOf(args) });
      return { reviewId: r.reviewId, status: r.status, retailers: r.rows.length };
    },
  },
  {
    name: 'grading return',
    usage: 'grading return <reviewId> --reason <原因>  （主任）',
    run: (ctx, args) =>
      brief(ctx.call<Review>('grading.return', { reviewId: reviewIdOf(args), reason: requireFlag(args, 'reason') })),
  },
];
