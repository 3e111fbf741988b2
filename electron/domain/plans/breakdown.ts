/**
 * The breakdown of one target over sibling cells (months, 客户经理, 线路, 零售客户):
 * methods combined with weights, locks, floors/ceilings, sum-preserving rounding,
 * and an explanation of every cell. Pure: the bases come from the caller.
 */
import { AppError } from '../../api/errors';
import { apportion, type ApportionItem } from './largestRemainder';
import { formatUnits, parseRatio, type SplitUnit } from './units';

export const METHOD_NAMES = ['history', 'recent', 'customers', 'grade', 'equal', 'manual'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const METHOD_LABELS: Record<MethodName, string> = {
  history: '同期销量占比',
  recent: '近N月均值',
  customers: '客户户数',
  grade: '档位权重',
  equal: '平均',
  manual: '手工',
};

export interface MethodSpec {
  method: MethodName;
  /** 近N月: the number of months */
  n?: number;
  /** the weight of this method in the combination, as a decimal (e.g. "0.6" or 0.6) */
  weight: string | number;
}

export function methodLabel(m: MethodSpec): string {
  return m.method === 'recent' ? `近${m.n ?? 3}月均值` : METHOD_LABELS[m.method];
}

/** Parses the CLI form: "history:0.6,customers:0.4", "recent:3", "recent:3:0.5", "equal". */
export function parseMethods(text: string | undefined): MethodSpec[] {
  if (text === undefined || text.trim() === '' || text === 'true') return [{ method: 'history', weight: 1 }];
  const out: MethodSpec[] = [];
  for (const part of text
    .split(/[,，]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const bits = part.split(':');
    const name = bits[0] as MethodName;
    if (!(METHOD_NAMES as readonly string[]).includes(name)) {
      throw new AppError(
        'invalid_method',
        `不认识的分解方法“${bits[0]}”，可选：history、recent:N、customers、grade、equal`,
      );
    }
    if (name === 'recent') {
      const n = Number(bits[1]);
      if (!Number.isInteger(n) || n < 1 || n > 36)
        throw new AppError('invalid_method', `近N月均值需要写明月数，例如 recent:3（收到“${part}”）`);
      out.push({ method: 'recent', n, weight: bits[2] ?? 1 });
    } else {
      if (bits.length > 2) throw new AppError('invalid_method', `分解方法“${part}”的写法不对，应为 方法:权重`);
      out.push({ method: name, weight: bits[1] ?? 1 });
    }
  }
  if (out.length === 0) throw new AppError('invalid_method', '至少需要一种分解方法');
  const seen = new Set<string>();
  for (const m of out) {
    const id = m.method + (m.n ?? '');
    if (seen.has(id)) throw new AppError('invalid_method', `分解方法“${methodLabel(m)}”重复`);
    seen.add(id);
  }
  return out;
}

/** A cell's base figure per method: an integer (条 sold, retailers counted, grade weight × 100, …). */
export type Bases = Partial<Record<string, number>>;

/** The key of a method's base in `Bases`: 'recent' bases are per N ('recent:3'). */
export function baseKey(m: Pick<MethodSpec, 'method' | 'n'>): string {
  return m.method === 'recent' ? `recent:${m.n ?? 3}` : m.method;
}

export interface BreakdownCellInput {
  key: string;
  label?: string;
  bases: Bases;
  /** a value typed by the clerk, in units: kept as is */
  lock?: number | null;
  floor?: number;
  ceiling?: number | null;
  /** where the bound came from, e.g. "去年同期 1,000条 × 0.9" */
  boundNote?: string;
  /** how the base was taken, e.g. the Spring Festival alignment of January and February */
  baseNote?: string;
}

export interface BreakdownInput {
  totalUnits: number;
  /** a quantity in a plan unit, or a 销售额 in 分 (the same split, exact to the 分) */
  unit: SplitUnit;
  methods: MethodSpec[];
  cells: BreakdownCellInput[];
  /** build the Chinese explanation text of every cell (default true) */
  texts?: boolean;
}

export interface MethodBasis {
  method: MethodName;
  label: string;
  /** normalised weight of the method in the combination (Σ = 1) */
  weight: number;
  /** the cell's base figure (for 近N月均值 the monthly average) */
  base: number;
  /** base / Σ base over the cells being spread */
  share: number;
}

export interface CellExplain {
  methods: MethodBasis[];
  /** combined share among the cells being spread */
  share: number;
  /** the target, the locked cells' sum, and what was spread over the unlocked cells */
  totalUnits: number;
  lockedSum: number;
  spreadUnits: number;
  exact: number;
  floorUnits: number;
  remainder: number;
  plusOne: boolean;
  rank: number | null;
  /** how many units went out by remainder in this breakdown */
  handedOut: number;
  locked: boolean;
  bound: 'floor' | 'ceiling' | null;
  floor: number | null;
  ceiling: number | null;
  boundNote: string | null;
  baseNote?: string;
  /** the whole explanation in one Chinese paragraph (left out for very long breakdowns; see explainText) */
  text?: string;
}

export interface BreakdownRow {
  key: string;
  label: string;
  units: number;
  exact: number;
  locked: boolean;
  basis: { share: number; methods: MethodBasis[]; bound?: 'floor' | 'ceiling' };
  explain: CellExplain;
}

export interface BreakdownResult {
  unit: SplitUnit;
  totalUnits: number;
  rows: BreakdownRow[];
}

/** Runs the breakdown; throws AppError 'infeasible' / 'no_basis' with the reason when it cannot. */
export function breakdown(input: BreakdownInput): BreakdownResult {
  const { totalUnits, unit, cells } = input;
  const texts = input.texts ?? true;
  const fmt = (u: number) => formatUnits(u, unit);
  if (!Number.isSafeInteger(totalUnits) || totalUnits < 0) throw new AppError('invalid_total', '目标必须是非负数');
  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c.key)) throw new AppError('duplicate_key', `分解对象“${c.key}”重复`);
    seen.add(c.key);
  }
  const methods = input.methods.length ? input.methods : [{ method: 'history' as const, weight: 1 }];
  const alphas = methods.map((m) => parseRatio(m.weight, `方法“${methodLabel(m)}”的权重`));
  if (alphas.every((a) => a.num === 0n)) throw new AppError('invalid_method', '方法权重不能全部为零');
  const alphaSum = alphas.reduce((s, a) => s + Number(a.num) / Number(a.den), 0);

  // Locks first: they keep their value, the rest is spread over the unlocked cells.
  let lockedSum = 0;
  for (const c of cells) {
    if (c.lock !== undefined && c.lock !== null) {
      if (!Number.isSafeInteger(c.lock) || c.lock < 0)
        throw new AppError('invalid_lock', `“${c.label ?? c.key}”的锁定值必须是非负数`);
      lockedSum += c.lock;
    }
  }
  const free = cells.filter((c) => c.lock === undefined || c.lock === null);
  const spread = totalUnits - lockedSum;
  if (spread < 0) {
    throw new AppError('infeasible', `锁定的数量合计 ${fmt(lockedSum)} 超过目标 ${fmt(totalUnits)}，请调整锁定值`, {
      lockedSum,
      totalUnits,
    });
  }
  if (free.length === 0 && spread !== 0) {
    throw new AppError(
      'infeasible',
      `所有对象都已锁定，但锁定合计 ${fmt(lockedSum)} 与目标 ${fmt(totalUnits)} 不相等`,
      { lockedSum, totalUnits },
    );
  }

  // Bases over the free cells; a method with weight but no base at all cannot say anything.
  const baseOf = (c: BreakdownCellInput, m: MethodSpec): number =>
    m.method === 'equal' ? 1 : (c.bases[baseKey(m)] ?? 0);
  const totals = methods.map((m) => free.reduce((s, c) => s + baseOf(c, m), 0));
  if (spread > 0) {
    methods.forEach((m, j) => {
      if (alphas[j].num > 0n && totals[j] === 0) {
        throw new AppError(
          'no_basis',
          `方法“${methodLabel(m)}”在需要分摊的对象上基数合计为零（例如基期没有销量），无法按它分解；请换一种方法`,
          { method: m.method },
        );
      }
    });
  }
  for (const c of free)
    for (const m of methods) {
      const b = baseOf(c, m);
      if (!Number.isSafeInteger(b) || b < 0)
        throw new AppError('invalid_base', `“${c.label ?? c.key}”的${methodLabel(m)}基数无效`);
    }

  // Combined weight: Σ α·b/B scaled by Π(α_den·B) to an exact integer.
  const used = methods.map((_, j) => alphas[j].num > 0n && totals[j] > 0);
  const scale = methods.reduce((s, _, j) => (used[j] ? s * alphas[j].den * BigInt(totals[j]) : s), 1n);
  const weightOf = (c: BreakdownCellInput): bigint | number => {
    if (methods.length === 1) return baseOf(c, methods[0]);
    let w = 0n;
    methods.forEach((m, j) => {
      if (!used[j]) return;
      w += (alphas[j].num * BigInt(baseOf(c, m)) * scale) / (alphas[j].den * BigInt(totals[j]));
    });
    return w;
  };
  const items: ApportionItem[] = free.map((c) => ({
    key: c.key,
    weight: weightOf(c),
    floor: c.floor ?? 0,
    ceiling: c.ceiling ?? null,
  }));
  let ap;
  try {
    ap = apportion(spread, items, fmt);
  } catch (e) {
    if (e instanceof AppError && e.code === 'infeasible' && lockedSum > 0) {
      throw new AppError(
        'infeasible',
        `${e.message}（目标 ${fmt(totalUnits)} 减去锁定的 ${fmt(lockedSum)} 后剩余 ${fmt(spread)}）`,
        e.details,
      );
    }
    throw e;
  }
  // Shares for display: in doubles when the weights are plain numbers.
  const allNumbers = items.every((it) => typeof it.weight === 'number');
  const totalWeight = allNumbers
    ? items.reduce((s, it) => s + (it.weight as number), 0)
    : Number(items.reduce((s, it) => s + BigInt(it.weight), 0n));
  // free cells come back from apportion in the same order
  let freeIndex = 0;
  const den = Number(ap.den);

  const rows: BreakdownRow[] = cells.map((c) => {
    const label = c.label ?? c.key;
    const isLocked = c.lock !== undefined && c.lock !== null;
    const mb: MethodBasis[] = methods.map((m, j) => {
      const raw = baseOf(c, m);
      return {
        method: m.method,
        label: methodLabel(m),
        weight: Number(alphas[j].num) / Number(alphas[j].den) / alphaSum,
        base: m.method === 'recent' ? raw / (m.n ?? 3) : raw,
        share: !isLocked && totals[j] > 0 ? raw / totals[j] : 0,
      };
    });
    if (isLocked) {
      const ex: CellExplain = {
        methods: mb,
        share: 0,
        totalUnits,
        lockedSum,
        spreadUnits: spread,
        exact: c.lock!,
        floorUnits: c.lock!,
        remainder: 0,
        plusOne: false,
        rank: null,
        handedOut: ap.handedOut,
        locked: true,
        bound: null,
        floor: c.floor ?? null,
        ceiling: c.ceiling ?? null,
        boundNote: c.boundNote ?? null,
        ...(c.baseNote ? { baseNote: c.baseNote } : {}),
      };
      if (texts) ex.text = explainText(label, ex, unit);
      return {
        key: c.key,
        label,
        units: c.lock!,
        exact: c.lock!,
        locked: true,
        basis: { share: 0, methods: mb },
        explain: ex,
      };
    }
    const a = ap.cells[freeIndex];
    const w = Number(items[freeIndex].weight);
    freeIndex++;
    const exact = Number(a.exactNum) / den;
    const share = totalWeight > 0 ? w / totalWeight : 0;
    const remainder = Number(a.remainderNum) / den;
    const ex: CellExplain = {
      methods: mb,
      share,
      totalUnits,
      lockedSum,
      spreadUnits: spread,
      exact,
      floorUnits: a.floorUnits,
      remainder,
      plusOne: a.plusOne,
      rank: a.rank,
      handedOut: ap.handedOut,
      locked: false,
      bound: a.bound,
      floor: c.floor ?? null,
      ceiling: c.ceiling ?? null,
      boundNote: c.boundNote ?? null,
      ...(c.baseNote ? { baseNote: c.baseNote } : {}),
    };
    if (texts) ex.text = explainText(label, ex, unit);
    const basis: BreakdownRow['basis'] = { share, methods: mb };
    if (a.bound) basis.bound = a.bound;
    return { key: c.key, label, units: a.units, exact, locked: false, basis, explain: ex };
  });
  return { unit, totalUnits, rows };
}

/** The explanation of one cell in one Chinese paragraph. */
export function explainText(label: string, ex: CellExplain, unit: SplitUnit): string {
  const fmt = (u: number) => formatUnits(u, unit);
  if (ex.locked) {
    return `${label}：手工锁定为 ${fmt(ex.exact)}，不参与分摊；其余对象分摊目标 ${fmt(ex.totalUnits)} 减去锁定合计 ${fmt(ex.lockedSum)} 后的 ${fmt(ex.spreadUnits)}。`;
  }
  const multi = ex.methods.length > 1;
  const parts: string[] = [];
  parts.push(
    ex.methods
      .map(
        (x) =>
          `${x.label}${multi ? `（权重 ${(x.weight * 100).toFixed(0)}%）` : ''}：基数 ${baseText(x, unit)}，占比 ${(x.share * 100).toFixed(4)}%`,
      )
      .join('；'),
  );
  if (ex.baseNote) parts.push(ex.baseNote);
  if (ex.bound === 'floor')
    parts.push(`按比例应得低于下限，取下限 ${fmt(ex.floor ?? 0)}${ex.boundNote ? `（${ex.boundNote}）` : ''}`);
  else if (ex.bound === 'ceiling')
    parts.push(`按比例应得高于上限，取上限 ${fmt(ex.ceiling ?? 0)}${ex.boundNote ? `（${ex.boundNote}）` : ''}`);
  else parts.push(`综合占比 ${(ex.share * 100).toFixed(4)}% × 可分摊 ${fmt(ex.spreadUnits)}`);
  parts.push(`精确值 ${round4(ex.exact)} 个单位（${unit}），取整得 ${ex.floorUnits}`);
  if (ex.remainder > 0) {
    parts.push(
      `尾差 ${round4(ex.remainder)} 排第 ${ex.rank} 位，${ex.plusOne ? '补 1 个单位' : '未补'}（共补 ${ex.handedOut} 个）`,
    );
  }
  const result = ex.floorUnits + (ex.plusOne ? 1 : 0);
  parts.push(`结果 ${fmt(result)}`);
  return `${label}：${parts.join('；')}。`;
}

/** A method's base in its own unit: sales in 条 (and 箱) or, for a 销售额 split, in 元; retailers in 户, weights as typed. */
function baseText(m: MethodBasis, unit: SplitUnit): string {
  switch (m.method) {
    case 'history':
    case 'recent':
      if (unit === '分') return `${(m.base / 100).toFixed(2)}元`;
      return `${round4(m.base)}条（${(m.base / 250).toFixed(2)}箱）`;
    case 'customers':
      return `${m.base}户`;
    case 'grade':
      return `权重合计 ${round4(m.base / 100)}`;
    case 'manual':
      return round4(m.base / 10000);
    default:
      return '1';
  }
}

function round4(x: number): string {
  return (Math.round(x * 10000) / 10000).toString();
}
