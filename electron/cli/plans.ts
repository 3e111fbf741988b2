/** CLI commands of the plans module (shared/spec/CLI.md). */
import { AppError } from '../api/errors';
import { flag, flagAll, requireFlag, type CliCommand, type ParsedArgs } from './framework';
import { explainText, parseMethods } from '../domain/plans/breakdown';
import { parseUnit, wanToFen, xiangToUnits } from '../domain/plans/units';
import type { ComputedBreakdown } from '../domain/plans/compute';

/** The breakdown's parameters; without --year or --month the year is Settings 年度 (`fiscalYear`). */
function breakdownParams(args: ParsedArgs, fiscalYear: () => number) {
  const level = requireFlag(args, 'level');
  if (!['month', 'manager', 'route', 'class', 'brand', 'spec'].includes(level))
    throw new AppError(
      'invalid_args',
      `--level 应为 month、manager、route（或按卷烟 class、brand、spec）（收到“${level}”）`,
    );
  const unit = parseUnit(flag(args, 'unit'));
  const target = requireFlag(args, 'target');
  const monthText = flag(args, 'month');
  const yearText = flag(args, 'year');
  let year: number;
  let month: number | null = null;
  if (monthText !== undefined) {
    const m = /^(\d{4})-(\d{1,2})$/.exec(monthText);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
      throw new AppError('invalid_args', `--month 应写成 YYYY-MM（收到“${monthText}”）`);
    year = Number(m[1]);
    month = Number(m[2]);
    if (yearText !== undefined && Number(yearText) !== year)
      throw new AppError('invalid_args', '--year 与 --month 的年份不一致');
  } else if (yearText !== undefined) {
    year = Number(yearText);
    if (!Number.isInteger(year)) throw new AppError('invalid_args', `--year 应为四位年份（收到“${yearText}”）`);
  } else year = fiscalYear();
  if (level === 'month' && month !== null)
    throw new AppError('invalid_args', '--level month 把全年目标分到各月，请用 --year 而不是 --month');
  const locks: Record<string, number> = {};
  for (const l of flagAll(args, 'lock')) {
    const i = l.lastIndexOf('=');
    if (i <= 0) throw new AppError('invalid_args', `--lock 应写成 <对象>=<箱>（收到“${l}”）`);
    const key = l.slice(0, i).trim();
    if (key in locks) throw new AppError('invalid_args', `“${key}”被锁定了两次`);
    locks[key] = xiangToUnits(l.slice(i + 1), unit, `锁定值 ${key}`);
  }
  const methods = parseMethods(flag(args, 'method'));
  const amount = flag(args, 'amount');
  if (amount === 'true') throw new AppError('invalid_args', '--amount 需要给出销售额目标（万元），如 --amount 2856.71');
  const amountLocks: Record<string, number> = {};
  for (const l of flagAll(args, 'lock-amount')) {
    const i = l.lastIndexOf('=');
    if (i <= 0) throw new AppError('invalid_args', `--lock-amount 应写成 <对象>=<万元>（收到“${l}”）`);
    const key = l.slice(0, i).trim();
    if (key in amountLocks) throw new AppError('invalid_args', `“${key}”的销售额被锁定了两次`);
    amountLocks[key] = wanToFen(l.slice(i + 1), `销售额锁定值 ${key}`);
  }
  return {
    target,
    level: level as 'month' | 'manager' | 'route' | 'class' | 'brand' | 'spec',
    year,
    month,
    unit,
    methods,
    baseFrom: flag(args, 'base-from') ?? null,
    baseTo: flag(args, 'base-to') ?? null,
    products: flag(args, 'products') ?? 'all',
    locks,
    floorRatio: flag(args, 'floor-ratio') ?? null,
    ceilingRatio: flag(args, 'ceiling-ratio') ?? null,
    amount: amount ?? null,
    amountLocks,
    amountFloorRatio: flag(args, 'amount-floor-ratio') ?? null,
    amountCeilingRatio: flag(args, 'amount-ceiling-ratio') ?? null,
    perCaseYuan: flag(args, 'per-case') ?? null,
    classOneShare: flag(args, 'class-one-share') ?? null,
  };
}

function printable(r: ComputedBreakdown) {
  return {
    unit: r.unit,
    totalUnits: r.totalUnits,
    level: r.level,
    period: r.period,
    base: r.base,
    notes: r.notes,
    rows: r.rows.map((x) => ({
      key: x.key,
      label: x.label,
      units: x.units,
      exact: x.exact,
      locked: x.locked,
      basis: x.basis,
      explain: x.explain.text ?? explainText(x.label, x.explain, r.unit),
      // with --amount: the row's 销售额 (Σ = the target to the 分) and its 单箱值 / 一类烟占比 targets
      ...(x.money
        ? {
            amountFen: x.money.amountFen,
            amountLocked: x.money.amountLocked,
            perCaseFen: x.money.perCaseFen,
            classOneBp: x.money.classOneBp,
          }
        : {}),
    })),
    ...(r.amountFen !== null || r.perCaseFen !== null || r.classOneBp !== null
      ? { amountFen: r.amountFen, perCaseFen: r.perCaseFen, classOneBp: r.classOneBp }
      : {}),
  };
}

function planIdOf(args: ParsedArgs, name = 'plan'): number {
  const text = flag(args, name) ?? args.positionals[0];
  const id = Number(text);
  if (text === undefined || !Number.isInteger(id) || id <= 0)
    throw new AppError('invalid_args', `需要计划编号：--${name} <编号>`);
  return id;
}

export const plansCommands: CliCommand[] = [
  {
    name: 'plan breakdown',
    usage:
      'plan breakdown --target <箱> --level month|manager|route|class|brand|spec [--year Y | --month YYYY-MM（默认：设置中的年度全年）] [--method history:0.6,customers:0.4 | recent:N | grade | equal] ' +
      '[--base-from D --base-to D] [--products <范围>] [--lock <key>=<箱> …] [--floor-ratio r] [--ceiling-ratio r] [--unit 0.01箱|箱|条] ' +
      '[--amount <万元> [--lock-amount <key>=<万元> …] [--amount-floor-ratio r] [--amount-ceiling-ratio r]] [--per-case <元/箱>] [--class-one-share <百分数>] ' +
      '[--save <计划名称>]  （--save 把结果存为新计划草稿，输出中带 planId，供 plan progress --plan <planId> 使用）',
    run(ctx, args) {
      const params = breakdownParams(args, () => ctx.call('settings.get', {}).fiscalYear);
      const save = flag(args, 'save');
      if (save !== undefined) {
        if (save === 'true' || !save.trim()) throw new AppError('invalid_args', '--save 需要给出计划名称');
        const r = ctx.call('plans.create', { name: save, params });
        ctx.say(`已保存为计划 ${r.planId}（第 ${r.versionNo} 版，草稿）`);
        return { ...printable(r.result), planId: r.planId, versionNo: r.versionNo };
      }
      return printable(ctx.call('plans.breakdown', params));
    },
  },
  {
    name: 'plan progress',
    usage:
      'plan progress --plan <id> [--as-of YYYY-MM-DD] [--working-days]  （完成率、时间进度、超欠进度；--working-days 按周一至周五计时间进度）',
    run(ctx, args) {
      const r = ctx.call('plans.progress', {
        planId: planIdOf(args),
        asOf: flag(args, 'as-of') ?? null,
        workingDays: flag(args, 'working-days') === 'true',
      });
      return r;
    },
  },
  {
    name: 'plan list',
    usage: 'plan list [--year Y]',
    run(ctx, args) {
      const y = flag(args, 'year');
      return ctx.call('plans.list', y === undefined ? {} : { year: Number(y) });
    },
  },
  {
    name: 'plan submit',
    usage: 'plan submit <id>',
    run: (ctx, args) => ctx.call('plans.submit', { planId: planIdOf(args) }),
  },
  {
    name: 'plan approve',
    usage: 'plan approve <id>  （主任）',
    run: (ctx, args) => ctx.call('plans.approve', { planId: planIdOf(args) }),
  },
  {
    name: 'plan return',
    usage: 'plan return <id> --reason <原因>  （主任）',
    run: (ctx, args) => ctx.call('plans.return', { planId: planIdOf(args), reason: requireFlag(args, 'reason') }),
  },
  {
    name: 'plan grades',
    usage: 'plan grades --quantity <箱> [--within manager:<工号>|route:<线路编码>] [--cap <条>]  （按档位投放表）',
    run(ctx, args) {
      const cap = flag(args, 'cap');
      return ctx.call('plans.gradeTable', {
        quantityXiang: requireFlag(args, 'quantity'),
        within: flag(args, 'within') ?? null,
        capTiao: cap === undefined ? null : Number(cap),
      });
    },
  },
];
