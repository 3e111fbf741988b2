/**
 * Plans, versions and approval (PRODUCT.md §4 "Versions and approval"): every save is a
 * new version; a plan goes 草稿 → 已提交 → 已审批 (read-only) or 已退回 (editable again).
 * Every change writes an audit row through ctx.audit in the same transaction.
 */
import type { Database } from 'better-sqlite3';
import type { Context } from '../../api/define';
import { AppError } from '../../api/errors';
import { computeBreakdown, type BreakdownParams, type ComputedBreakdown, type MoneyRow } from './compute';
import { explainText, type CellExplain } from './breakdown';
import { fenToWanText, unitsToXiang, type PlanUnit } from './units';
import type { Level } from './sources';

export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export const STATUS_LABELS: Record<PlanStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  approved: '已审批',
  returned: '已退回',
};

export interface PlanRow {
  id: number;
  name: string;
  year: number;
  month: number | null;
  level: Level;
  unit: PlanUnit;
  products: string;
  targetUnits: number;
  targetXiang: number;
  targetAmountFen: number | null;
  status: PlanStatus;
  statusLabel: string;
  currentVersion: number | null;
  approvedVersion: number | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  returnReason: string | null;
}

export interface CellRow {
  key: string;
  label: string;
  units: number;
  exact: number;
  locked: boolean;
  explain: CellExplain;
  /** the money targets (销售额 split, 单箱值, 一类烟占比); null for a plan without them */
  money: MoneyRow | null;
}

const PLAN_SELECT = `SELECT id, name, year, month, level, unit, products, target_units AS targetUnits, target_amount_fen AS targetAmountFen,
  status, current_version AS currentVersion, approved_version AS approvedVersion, note, created_by AS createdBy, created_at AS createdAt,
  updated_at AS updatedAt, submitted_at AS submittedAt, decided_by AS decidedBy, decided_at AS decidedAt, return_reason AS returnReason FROM plans`;

function decorate(r: Omit<PlanRow, 'statusLabel' | 'targetXiang'>): PlanRow {
  return { ...r, statusLabel: STATUS_LABELS[r.status], targetXiang: unitsToXiang(r.targetUnits, r.unit) };
}

export function findPlan(db: Database, id: number): PlanRow {
  const r = db.prepare(`${PLAN_SELECT} WHERE id = ?`).get(id) as
    Omit<PlanRow, 'statusLabel' | 'targetXiang'> | undefined;
  if (!r) throw new AppError('unknown_plan', `没有编号为 ${id} 的计划`);
  return decorate(r);
}

export function listPlans(db: Database, year?: number): PlanRow[] {
  const rows = (
    year
      ? db.prepare(`${PLAN_SELECT} WHERE year = ? ORDER BY id DESC`).all(year)
      : db.prepare(`${PLAN_SELECT} ORDER BY id DESC`).all()
  ) as Omit<PlanRow, 'statusLabel' | 'targetXiang'>[];
  return rows.map(decorate);
}

function now(): string {
  return new Date().toISOString();
}

function who(ctx: Context): string {
  return `${ctx.actor.name}（${ctx.actor.login}）`;
}

function insertVersion(
  ctx: Context,
  planId: number,
  no: number,
  params: BreakdownParams,
  r: ComputedBreakdown,
  note: string | null,
): number {
  const info = ctx.db
    .prepare('INSERT INTO plan_versions(plan_id, no, params, note, created_by) VALUES (?, ?, ?, ?, ?)')
    .run(planId, no, JSON.stringify(params), note, who(ctx));
  const vid = Number(info.lastInsertRowid);
  const ins = ctx.db.prepare(
    `INSERT INTO plan_cells(version_id, seq, key, label, units, exact, locked, explain,
       amount_fen, amount_exact, amount_locked, amount_explain, per_case_fen, class_one_bp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  r.rows.forEach((row, i) => {
    const m = row.money;
    ins.run(
      vid,
      i,
      row.key,
      row.label,
      row.units,
      row.exact,
      row.locked ? 1 : 0,
      JSON.stringify(row.explain),
      m?.amountFen ?? null,
      m?.amountExact ?? null,
      m?.amountLocked ? 1 : 0,
      m?.amountExplain ? JSON.stringify(m.amountExplain) : null,
      m?.perCaseFen ?? null,
      m?.classOneBp ?? null,
    );
  });
  return vid;
}

/**
 * The version's parameters with the 计划金额 as the 销售额 to split: a 计划金额 given in 元
 * (targetAmountYuan) and none in the parameters becomes params.amount (万元, exact).
 */
export function withAmount(params: BreakdownParams, amountFen: number | null | undefined): BreakdownParams {
  if (amountFen === null || amountFen === undefined) return params;
  if (params.amount !== undefined && params.amount !== null && String(params.amount).trim() !== '') return params;
  return { ...params, amount: fenToWanText(amountFen) };
}

function cellMap(r: ComputedBreakdown | CellRow[]): Record<string, number> {
  const rows = Array.isArray(r) ? r : r.rows;
  return Object.fromEntries(rows.map((x) => [x.key, x.units]));
}

export function createPlan(
  ctx: Context,
  input: { name: string; params: BreakdownParams; note?: string | null; targetAmountFen?: number | null },
) {
  const p = withAmount(input.params, input.targetAmountFen);
  const r = computeBreakdown(ctx.db, p);
  const amountFen = r.amountFen ?? input.targetAmountFen ?? null;
  const info = ctx.db
    .prepare(
      `INSERT INTO plans(name, year, month, level, unit, products, target_units, target_amount_fen, status, current_version, note, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?)`,
    )
    .run(
      input.name,
      p.year,
      p.month,
      p.level,
      p.unit,
      p.products,
      r.totalUnits,
      amountFen,
      input.note ?? null,
      who(ctx),
    );
  const planId = Number(info.lastInsertRowid);
  insertVersion(ctx, planId, 1, p, r, input.note ?? null);
  ctx.audit({
    module: 'plans',
    action: 'create',
    record: `plan:${planId}`,
    after: {
      name: input.name,
      version: 1,
      targetAmountFen: amountFen,
      params: p,
      cells: cellMap(r),
    },
  });
  return { planId, versionNo: 1, result: r };
}

function assertEditable(plan: PlanRow): void {
  if (plan.status === 'approved')
    throw new AppError('plan_approved', `计划“${plan.name}”已审批，只能查看；如需调整请新建计划`);
  if (plan.status === 'submitted')
    throw new AppError('plan_submitted', `计划“${plan.name}”已提交待审批，不能修改；需要修改请由主任退回`);
}

export function saveVersion(
  ctx: Context,
  input: { planId: number; params: BreakdownParams; note?: string | null; targetAmountFen?: number | null },
) {
  const plan = findPlan(ctx.db, input.planId);
  assertEditable(plan);
  const p = withAmount(
    input.params,
    input.targetAmountFen === undefined ? plan.targetAmountFen : input.targetAmountFen,
  );
  if (p.level !== plan.level || p.year !== plan.year || (p.month ?? null) !== plan.month) {
    throw new AppError('invalid_args', '计划的层级和期间不能修改；如需其他层级或期间，请新建计划');
  }
  const r = computeBreakdown(ctx.db, p);
  const before = getCells(ctx.db, plan.id, plan.currentVersion ?? undefined);
  const no = (plan.currentVersion ?? 0) + 1;
  insertVersion(ctx, plan.id, no, p, r, input.note ?? null);
  const amount = r.amountFen ?? (input.targetAmountFen === undefined ? plan.targetAmountFen : input.targetAmountFen);
  ctx.db
    .prepare(
      `UPDATE plans SET current_version = ?, unit = ?, products = ?, target_units = ?, target_amount_fen = ?, status = CASE status WHEN 'returned' THEN 'draft' ELSE status END, updated_at = ? WHERE id = ?`,
    )
    .run(no, p.unit, p.products, r.totalUnits, amount, now(), plan.id);
  ctx.audit({
    module: 'plans',
    action: 'saveVersion',
    record: `plan:${plan.id}`,
    before: { version: plan.currentVersion, targetAmountFen: plan.targetAmountFen, cells: cellMap(before) },
    after: { version: no, targetAmountFen: amount, params: p, cells: cellMap(r) },
  });
  return { planId: plan.id, versionNo: no, result: r };
}

export function listVersions(db: Database, planId: number) {
  return db
    .prepare(
      `SELECT v.no, v.note, v.created_by AS createdBy, v.created_at AS createdAt, COALESCE(SUM(c.units), 0) AS totalUnits,
              SUM(c.locked) AS lockedCells, COUNT(c.key) AS cells
       FROM plan_versions v LEFT JOIN plan_cells c ON c.version_id = v.id WHERE v.plan_id = ? GROUP BY v.id ORDER BY v.no`,
    )
    .all(planId) as {
    no: number;
    note: string | null;
    createdBy: string;
    createdAt: string;
    totalUnits: number;
    lockedCells: number;
    cells: number;
  }[];
}

function versionRow(db: Database, planId: number, no: number): { id: number; params: string } {
  const v = db.prepare('SELECT id, params FROM plan_versions WHERE plan_id = ? AND no = ?').get(planId, no) as
    { id: number; params: string } | undefined;
  if (!v) throw new AppError('unknown_version', `计划 ${planId} 没有第 ${no} 版`);
  return v;
}

export function getCells(db: Database, planId: number, no?: number): CellRow[] {
  const plan = findPlan(db, planId);
  const v = versionRow(db, planId, no ?? plan.currentVersion ?? 1);
  const rows = db
    .prepare(
      `SELECT key, label, units, exact, locked, explain, amount_fen AS amountFen, amount_exact AS amountExact,
         amount_locked AS amountLocked, amount_explain AS amountExplain, per_case_fen AS perCaseFen, class_one_bp AS classOneBp
       FROM plan_cells WHERE version_id = ? ORDER BY seq`,
    )
    .all(v.id) as {
    key: string;
    label: string;
    units: number;
    exact: number;
    locked: number;
    explain: string;
    amountFen: number | null;
    amountExact: number | null;
    amountLocked: number;
    amountExplain: string | null;
    perCaseFen: number | null;
    classOneBp: number | null;
  }[];
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    units: r.units,
    exact: r.exact,
    locked: r.locked === 1,
    explain: JSON.parse(r.explain) as CellExplain,
    money:
      r.amountFen === null && r.perCaseFen === null && r.classOneBp === null
        ? null
        : {
            amountFen: r.amountFen,
            amountExact: r.amountExact,
            amountLocked: r.amountLocked === 1,
            amountExplain: r.amountExplain ? (JSON.parse(r.amountExplain) as CellExplain) : null,
            perCaseFen: r.perCaseFen,
            classOneBp: r.classOneBp,
          },
  }));
}

export function getParams(db: Database, planId: number, no: number): BreakdownParams {
  return JSON.parse(versionRow(db, planId, no).params) as BreakdownParams;
}

export function getPlan(db: Database, planId: number, no?: number) {
  const plan = findPlan(db, planId);
  const versionNo = no ?? plan.currentVersion ?? 1;
  return {
    plan,
    versionNo,
    params: getParams(db, planId, versionNo),
    versions: listVersions(db, planId),
    cells: getCells(db, planId, versionNo),
    editable: plan.status === 'draft' || plan.status === 'returned',
  };
}

export function compareVersions(db: Database, planId: number, a: number, b: number) {
  const plan = findPlan(db, planId);
  const ca = getCells(db, planId, a);
  const cb = getCells(db, planId, b);
  const mb = new Map(cb.map((c) => [c.key, c]));
  const keys = [...ca.map((c) => c.key), ...cb.filter((c) => !ca.some((x) => x.key === c.key)).map((c) => c.key)];
  const ma = new Map(ca.map((c) => [c.key, c]));
  const rows = keys.map((key) => {
    const x = ma.get(key);
    const y = mb.get(key);
    const ua = x?.units ?? 0;
    const ub = y?.units ?? 0;
    return {
      key,
      label: x?.label ?? y?.label ?? key,
      unitsA: ua,
      unitsB: ub,
      diff: ub - ua,
      lockedA: x?.locked ?? false,
      lockedB: y?.locked ?? false,
      changed: ua !== ub || (x?.locked ?? false) !== (y?.locked ?? false),
    };
  });
  const totalA = ca.reduce((s, c) => s + c.units, 0);
  const totalB = cb.reduce((s, c) => s + c.units, 0);
  return { planId, unit: plan.unit, a, b, rows, totalA, totalB, changedCells: rows.filter((r) => r.changed).length };
}

export function submitPlan(ctx: Context, planId: number) {
  const plan = findPlan(ctx.db, planId);
  if (plan.status === 'submitted') throw new AppError('plan_submitted', `计划“${plan.name}”已提交，正在等待审批`);
  if (plan.status === 'approved') throw new AppError('plan_approved', `计划“${plan.name}”已审批`);
  const t = now();
  ctx.db
    .prepare(
      "UPDATE plans SET status = 'submitted', submitted_at = ?, updated_at = ?, return_reason = NULL WHERE id = ?",
    )
    .run(t, t, planId);
  ctx.audit({
    module: 'plans',
    action: 'submit',
    record: `plan:${planId}`,
    before: { status: plan.status },
    after: { status: 'submitted', version: plan.currentVersion },
  });
  return findPlan(ctx.db, planId);
}

export function decidePlan(ctx: Context, planId: number, decision: 'approve' | 'return', reason?: string | null) {
  const plan = findPlan(ctx.db, planId);
  if (plan.status !== 'submitted')
    throw new AppError(
      'plan_not_submitted',
      `计划“${plan.name}”当前状态为${plan.statusLabel}，只有已提交的计划可以审批或退回`,
    );
  const t = now();
  if (decision === 'approve') {
    ctx.db
      .prepare(
        "UPDATE plans SET status = 'approved', approved_version = current_version, decided_by = ?, decided_at = ?, updated_at = ? WHERE id = ?",
      )
      .run(who(ctx), t, t, planId);
  } else {
    if (!reason || !reason.trim()) throw new AppError('reason_required', '退回计划需要写明原因');
    ctx.db
      .prepare(
        "UPDATE plans SET status = 'returned', decided_by = ?, decided_at = ?, return_reason = ?, updated_at = ? WHERE id = ?",
      )
      .run(who(ctx), t, reason.trim(), t, planId);
  }
  const after = findPlan(ctx.db, planId);
  ctx.audit({
    module: 'plans',
    action: decision,
    record: `plan:${planId}`,
    before: { status: plan.status },
    after: { status: after.status, version: plan.currentVersion, reason: reason ?? null },
  });
  return after;
}

export function removePlan(ctx: Context, planId: number) {
  const plan = findPlan(ctx.db, planId);
  if (plan.status === 'approved' || plan.status === 'submitted')
    throw new AppError('plan_locked', `计划“${plan.name}”${plan.statusLabel}，不能删除`);
  const cells = getCells(ctx.db, planId);
  ctx.db.prepare('DELETE FROM plans WHERE id = ?').run(planId);
  ctx.audit({
    module: 'plans',
    action: 'remove',
    record: `plan:${planId}`,
    before: { name: plan.name, version: plan.currentVersion, cells: cellMap(cells) },
  });
  return { removed: planId };
}

export function explainCell(db: Database, planId: number, key: string, no?: number) {
  const plan = findPlan(db, planId);
  const cells = getCells(db, planId, no);
  const c = cells.find((x) => x.key === key);
  if (!c) throw new AppError('unknown_key', `计划“${plan.name}”中没有“${key}”`);
  const explain = c.explain.text ? c.explain : { ...c.explain, text: explainText(c.label, c.explain, plan.unit) };
  return {
    planId,
    versionNo: no ?? plan.currentVersion,
    unit: plan.unit,
    key: c.key,
    label: c.label,
    units: c.units,
    exact: c.exact,
    locked: c.locked,
    explain,
  };
}
