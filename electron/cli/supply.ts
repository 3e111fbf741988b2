/** CLI commands of 货源投放 (shared/spec/CLI.md `supply plan|review`), plus copy and export. */
import fs from 'node:fs';
import { AppError } from '../api/errors';
import type { TableSpec } from '../../common/table';
import { workbookFromSpecs, writeWorkbook } from '../../common/xlsxTable';
import type { SpecPlan, WeekReview } from '../domain/supply';
import { flag, flagAll, requireFlag, type CliCommand, type ParsedArgs } from './framework';

function tiaoFlag(args: ParsedArgs, name: string, required: boolean): number | undefined {
  const v = required ? requireFlag(args, name) : flag(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) throw new AppError('invalid_args', `--${name} 应为不小于 0 的整数（条），收到“${v}”`);
  return Number(v);
}

export const supplyCommands: CliCommand[] = [
  {
    name: 'supply plan',
    usage:
      'supply plan --week YYYY-Www --spec <卷烟编码> --available <条> [--reserve <条>] [--cap <条>] [--scope county|area:城镇|format:<业态>|route:<线路编码>|set:<客户集> …]   按档位计算并保存本周该规格的投放方案（多个 --scope 为互不重叠的分段）',
    run(ctx, args) {
      const scopes = flagAll(args, 'scope');
      const cap = tiaoFlag(args, 'cap', false);
      const res = ctx.call<{ plans: SpecPlan[] }>('supply.save', {
        week: requireFlag(args, 'week'),
        plans: [
          {
            spec: requireFlag(args, 'spec'),
            availableTiao: tiaoFlag(args, 'available', true),
            reserveTiao: tiaoFlag(args, 'reserve', false) ?? 0,
            ...(cap === undefined ? {} : { capTiao: cap }),
            segments: (scopes.length ? scopes : ['county']).map((scope) => ({ scope })),
          },
        ],
      });
      const p = res.plans[0];
      const rows = p.segments.flatMap((s) =>
        s.retailers
          .map((n, i) => ({ grade: `D${i + 1}`, scope: s.scope, retailers: n, limitTiao: s.limits[i] }))
          .filter((r) => r.retailers > 0)
          .reverse(),
      );
      ctx.say(
        `${p.name}：可用 ${p.availableTiao} 条，机动量 ${p.reserveTiao} 条，按档位投放 ${p.allocatedTiao} 条，剩余 ${p.remainderTiao} 条`,
      );
      return {
        rows,
        totalTiao: p.allocatedTiao,
        availableTiao: p.availableTiao,
        reserveTiao: p.reserveTiao,
        remainderTiao: p.remainderTiao,
      };
    },
  },
  {
    name: 'supply review',
    usage: 'supply review --week YYYY-Www [--spec <卷烟编码>]   周后评估：各档位满足率、投放利用率、偏紧/偏松的规格',
    run(ctx, args) {
      const spec = flag(args, 'spec');
      const r = ctx.call<WeekReview>('supply.review', { week: requireFlag(args, 'week'), ...(spec ? { spec } : {}) });
      if (r.partial) ctx.say(r.dataThrough ? `提示：订单数据只到 ${r.dataThrough}` : '提示：这一周还没有订单数据');
      return {
        week: r.week,
        dataThrough: r.dataThrough,
        rows: r.rows.map((x) => ({
          spec: x.spec,
          scope: x.scope,
          grade: x.grade,
          limitTiao: x.limitTiao,
          retailers: x.retailers,
          orderers: x.orderers,
          orderedTiao: x.orderedTiao,
          fillRate: x.fillRate,
        })),
        specs: r.specs,
        grades: r.grades,
        totals: r.totals,
      };
    },
  },
  {
    name: 'supply copy',
    usage:
      'supply copy --week YYYY-Www [--from YYYY-Www] [--suggest] [--replace]   复制上周（或指定周）的投放方案，--suggest 按上周评估的建议可用量',
    run: (ctx, args) =>
      ctx.call('supply.copy', {
        week: requireFlag(args, 'week'),
        ...(flag(args, 'from') ? { from: flag(args, 'from') } : {}),
        useSuggestions: flag(args, 'suggest') === 'true',
        replace: flag(args, 'replace') === 'true',
      }),
  },
  {
    name: 'supply export',
    usage: 'supply export --week YYYY-Www --out <文件.xlsx>   按省级系统的导入格式导出本周投放方案（列在设置中配置）',
    run(ctx, args) {
      const out = requireFlag(args, 'out');
      const spec = ctx.call<TableSpec>('supply.exportTable', { week: requireFlag(args, 'week') });
      fs.writeFileSync(out, writeWorkbook(workbookFromSpecs([spec], undefined, { title: false, infoLine: false })));
      return { file: out, rows: spec.rows.length, columns: spec.columns.map((c) => c.title) };
    },
  },
];
