/** CLI commands of the network module (shared/spec/CLI.md): 网建达标 and 月度考核表. */
import type { CliCommand } from './framework';
import { flag, requireFlag } from './framework';
import { AppError } from '../api/errors';
import type { NetworkReport } from '../domain/network/compute';
import type { AssessmentReport } from '../domain/network/assessment';

const BY = ['county', 'manager', 'route'] as const;

export const networkCommands: CliCommand[] = [
  {
    name: 'report network',
    usage: 'report network --period YYYY-MM --by county|manager|route   网建指标完成情况（实际、目标、达标状态）',
    run: (ctx, args) => {
      const period = requireFlag(args, 'period');
      const by = flag(args, 'by') ?? 'county';
      if (!(BY as readonly string[]).includes(by)) throw new AppError('invalid_args', `--by 只能是 county、manager 或 route，收到“${by}”`);
      const r = ctx.call<NetworkReport>('network.report', { period, by });
      if (r.basis === 'current') ctx.say(`提示：${period} 没有期末存档，分母按当前基础资料计算`);
      return {
        report: 'network',
        period: r.period,
        by: r.by,
        basis: r.basis,
        definitions: r.definitions,
        notes: r.notes,
        rows: r.rows.map((row) => ({
          key: row.key,
          label: row.label,
          indicators: row.indicators.map((i) => ({
            code: i.code,
            name: i.name,
            unit: i.unit,
            numerator: i.numerator,
            denominator: i.denominator,
            value: i.value,
            target: i.target,
            gap: i.gap,
            status: i.status,
          })),
        })),
      };
    },
  },
  {
    name: 'report assessment',
    usage: 'report assessment --period YYYY-MM   客户经理月度考核得分与排名',
    run: (ctx, args) => {
      const period = requireFlag(args, 'period');
      const r = ctx.call<AssessmentReport>('network.assessment', { period });
      return {
        report: 'assessment',
        period: r.period,
        source: r.source,
        scheme: { name: r.scheme.name, items: r.scheme.items.map((i) => ({ code: i.code, name: i.name, group: i.group, weight: i.weight, rule: i.rule })) },
        notes: r.notes,
        rows: r.rows.map((row) => ({
          key: row.key,
          name: row.name,
          total: row.total,
          rank: row.rank,
          items: row.items.map((i) => ({ code: i.code, name: i.name, numerator: i.numerator, denominator: i.denominator, value: i.value, score: i.score })),
        })),
      };
    },
  },
];
