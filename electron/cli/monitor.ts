/** CLI commands of the 内管 module (shared/spec/CLI.md): the warnings scan, checks and the 重点监管客户台账. */
import { AppError } from '../api/errors';
import { RULES, type RebuildResult, type ScanResult, type WarningRow } from '../domain/monitor';
import { flag, requireFlag, requirePositional, type CliCommand } from './framework';

const RESULTS = ['正常', '违规', '其他'];

export const monitorCommands: CliCommand[] = [
  {
    name: 'monitor scan',
    usage: `monitor scan --from D --to D [--rule ${RULES.join('|')}]   检查订单，生成内管预警（待核查）`,
    run(ctx, args) {
      const rule = flag(args, 'rule');
      if (rule !== undefined && !(RULES as readonly string[]).includes(rule))
        throw new AppError('invalid_args', `--rule 应为 ${RULES.join('、')} 之一（收到“${rule}”）`);
      const from = requireFlag(args, 'from');
      const to = requireFlag(args, 'to');
      const res = ctx.call<ScanResult & { warnings: WarningRow[] }>('monitor.scan', {
        from,
        to,
        ...(rule ? { rules: [rule] } : {}),
      });
      for (const n of res.notes) ctx.say(`提示：${n}`);
      ctx.say(`发现 ${res.found} 条预警：新增 ${res.added}，更新 ${res.updated}，撤销 ${res.removed}`);
      return {
        warnings: res.warnings.map((w) => ({
          id: w.id,
          rule: w.rule,
          retailer: w.retailer,
          spec: w.spec,
          day: w.day,
          valueTiao: w.valueTiao,
          baseline: w.baseline,
          ratio: w.ratio,
          status: w.status,
        })),
      };
    },
  },
  {
    name: 'monitor check',
    usage:
      'monitor check <id> --result 正常|违规|其他 --note … [--who 核查人] [--docs 文件编号,…]   记录核查结果（违规的客户列入重点监管客户台账）',
    run(ctx, args) {
      const idText = requirePositional(args, 0, '预警编号');
      if (!/^\d+$/.test(idText)) throw new AppError('invalid_args', `预警编号应为数字（收到“${idText}”）`);
      const result = requireFlag(args, 'result');
      if (!RESULTS.includes(result))
        throw new AppError('invalid_args', `--result 应为 ${RESULTS.join('、')} 之一（收到“${result}”）`);
      const note = flag(args, 'note');
      const who = flag(args, 'who');
      const docsText = flag(args, 'docs');
      const docs = docsText === undefined ? undefined : docsText.split(/[,，、]/).filter(Boolean);
      if (docs?.some((d) => !/^\d+$/.test(d)))
        throw new AppError('invalid_args', `--docs 应为文档档案中的文件编号，用逗号分隔（收到“${docsText}”）`);
      return ctx.call('monitor.check', {
        id: Number(idText),
        result,
        ...(note !== undefined ? { note } : {}),
        ...(who !== undefined ? { who } : {}),
        ...(docs !== undefined ? { docs: docs.map(Number) } : {}),
      });
    },
  },
  {
    name: 'monitor rebuild',
    usage:
      'monitor rebuild   按订单明细重建内管检查用的订货日数据（订单不是经导入、替换或撤销改动时；一个事务，可中断，中断后不变）',
    run(ctx) {
      const r = ctx.runJob<RebuildResult>('monitor.rebuild', {});
      ctx.say(r.message);
      return { rows: r.rows, lines: r.lines, months: r.months, history: r.history, before: r.before };
    },
  },
  {
    name: 'monitor ledger',
    usage: 'monitor ledger [--retailer 客户编码]   重点监管客户台账',
    run(ctx, args) {
      const retailer = flag(args, 'retailer');
      return ctx.call('monitor.ledger', retailer ? { retailer } : {});
    },
  },
];
