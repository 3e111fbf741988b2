/**
 * 计划编制's state as hooks: the plan being edited (its saved version, the draft and the
 * instant re-spread through plans.breakdown), typing values as locks with undo, and the
 * workflow (save a version, submit, approve, return).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { App } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { Output } from '@contract';
import { api, ApiError } from '../../api/client';
import type { CellEdit, EditOutcome } from '../../components/DataGrid';
import { useAction } from '../../components/useAction';
import { numberParser } from '../../../common/cellValues';
import { displayDecimals, searchParam, type Breakdown } from './common';
import { amountYuanOf, defaultDraft, draftFromQuery, fromParams, toParams, type Draft, type Params } from './planDraft';
import { displayToUnits, type GridRow } from './planRows';

export type SavedPlan = Output<'plans.get'>;

/** The plan of the address (or a new one), its draft, and the breakdown the draft asks for. */
export function usePlanDocument(fiscalYear: number | undefined) {
  const [planId, setPlanId] = useState<number | null>(() => (searchParam('id') ? Number(searchParam('id')) : null));
  const [draft, setDraft] = useState<Draft>(
    () => draftFromQuery(searchParam) ?? defaultDraft(fiscalYear ?? new Date().getFullYear()),
  );
  const [saved, setSaved] = useState<SavedPlan | null>(null);
  const [dirty, setDirty] = useState(planId === null);
  const [preview, setPreview] = useState<Breakdown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const reload = async (id = planId) => {
    if (id === null) return;
    try {
      const g = await api.call('plans.get', { planId: id });
      setSaved(g);
      setDraft(fromParams(g.plan.name, g.params as Params, g.plan.targetAmountFen));
      setDirty(false);
      setPreview(null);
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [planId]);

  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };

  // Instant re-spread: every change of the draft asks the backend for the breakdown.
  useEffect(() => {
    if (!dirty) return;
    if (!draft.target.trim()) {
      setPreview(null);
      setError(null);
      return;
    }
    const my = ++seq.current;
    const t = setTimeout(() => {
      api
        .call('plans.breakdown', toParams(draft))
        .then((r) => {
          if (my !== seq.current) return;
          setPreview(r);
          setError(null);
        })
        .catch((e: ApiError) => {
          if (my !== seq.current) return;
          setError(e.message);
        });
    }, 120);
    return () => clearTimeout(t);
  }, [draft, dirty]);

  const editable = saved ? saved.editable : true;
  return { planId, setPlanId, draft, update, saved, dirty, preview, error, reload, editable };
}

/** What a typed value of a grid column changes in the draft. */
type EditTarget = 'locks' | 'amountLocks' | 'perCaseYuan' | 'classOneShare';
const TARGET_OF: Record<string, EditTarget> = {
  value: 'locks',
  amount: 'amountLocks',
  perCase: 'perCaseYuan',
  classOne: 'classOneShare',
};

/** The draft with one typed value in it (a lock of the 计划 or the 销售额, or a row's own target). */
function withEdit(d: Draft, target: EditTarget, key: string, value: number | undefined): Draft {
  if (target === 'locks' || target === 'amountLocks') {
    const map = { ...d[target] };
    if (value === undefined) delete map[key];
    else map[key] = value;
    return { ...d, [target]: map };
  }
  const own = { ...d.rowTargets[key] };
  if (value === undefined) delete own[target];
  else own[target] = value;
  const rowTargets = { ...d.rowTargets, [key]: own };
  if (Object.keys(own).length === 0) delete rowTargets[key];
  return { ...d, rowTargets };
}

function currentOf(d: Draft, target: EditTarget, key: string): number | undefined {
  return target === 'locks' || target === 'amountLocks' ? d[target][key] : d.rowTargets[key]?.[target];
}

/**
 * A typed, pasted or filled value becomes a lock (of the 计划 or the 销售额) or the row's own
 * 单箱值 / 一类烟占比 target only when the breakdown can hold all of them; otherwise the reason is
 * shown and the cells keep what they were (bump rebuilds the rows). Undo puts the values back.
 */
export function useLockEditing(draft: Draft, editable: boolean, update: (patch: Partial<Draft>) => void) {
  const { message } = App.useApp();
  const [bump, setBump] = useState(0);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const parsers = useMemo(
    () => ({
      value: numberParser({ label: '计划', decimals: displayDecimals(draft.unit), min: 0, required: true }),
      amount: numberParser({ label: '销售额', decimals: 2, min: 0, required: true }),
      perCase: numberParser({ label: '单箱值目标', decimals: 2, min: 0, required: true }),
      classOne: numberParser({
        label: '一类烟占比目标',
        decimals: 2,
        min: 0,
        max: 100,
        percent: 'points',
        required: true,
      }),
    }),
    [draft.unit],
  );
  const onCellsEdit = async (edits: CellEdit<GridRow>[]): Promise<EditOutcome> => {
    if (!editable) return false;
    const before = draftRef.current;
    let d = before;
    const prev: { target: EditTarget; key: string; value: number | undefined }[] = [];
    for (const e of edits) {
      const target = TARGET_OF[e.key];
      if (!target) return false;
      const v = Number(e.value);
      const stored =
        target === 'locks'
          ? displayToUnits(v, d.unit)
          : target === 'amountLocks'
            ? Math.round(v * 100) // 元 → 分
            : v;
      prev.push({ target, key: e.row.key, value: currentOf(before, target, e.row.key) });
      d = withEdit(d, target, e.row.key, stored);
    }
    try {
      if (d.target.trim()) await api.call('plans.breakdown', toParams(d));
    } catch (e) {
      const msg = (e as ApiError).message;
      const what = edits.every((x) => x.key === 'value') ? '锁定为' : '改为';
      message.error(
        edits.length === 1
          ? `不能${what} ${String(edits[0].value)}：${msg}`
          : `这 ${edits.length} 格不能一起${what.replace('为', '')}：${msg}`,
      );
      setBump((b) => b + 1);
      return false;
    }
    update({ locks: d.locks, amountLocks: d.amountLocks, rowTargets: d.rowTargets });
    return {
      undo: () => {
        let back = draftRef.current;
        for (const x of [...prev].reverse()) back = withEdit(back, x.target, x.key, x.value);
        update({ locks: back.locks, amountLocks: back.amountLocks, rowTargets: back.rowTargets });
        return true;
      },
    };
  };
  const unlock = (key: string) => {
    const { [key]: _, ...rest } = draft.locks;
    void _;
    update({ locks: rest });
  };
  const unlockAmount = (key: string) => {
    const { [key]: _, ...rest } = draft.amountLocks;
    void _;
    update({ amountLocks: rest });
  };
  return { onCellsEdit, unlock, unlockAmount, bump, parsers };
}

/** Save as a new plan or a new version, and the approval steps. */
export function usePlanWorkflow(doc: ReturnType<typeof usePlanDocument>) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { planId, setPlanId, draft, error, reload } = doc;
  const { busy, setBusy, run } = useAction();

  const save = async () => {
    if (!draft.name.trim()) return message.error('请填写计划名称');
    const amountText = draft.amountWan.trim();
    if (amountText !== '' && (!Number.isFinite(Number(amountText)) || Number(amountText) < 0))
      return message.error(`金额目标“${amountText}”不是有效的万元数`);
    if (error) return message.error('当前分解无法完成，不能保存：' + error);
    const amountYuan = amountYuanOf(draft.amountWan);
    setBusy(true);
    try {
      if (planId === null) {
        const r = await api.call('plans.create', {
          name: draft.name.trim(),
          params: toParams(draft),
          targetAmountYuan: amountYuan,
        });
        message.success(`已保存为新计划（第 ${r.versionNo} 版草稿）`);
        setPlanId(r.planId);
        navigate(`/plans/edit?id=${r.planId}`, { replace: true });
      } else {
        const r = await api.call('plans.saveVersion', {
          planId,
          params: toParams(draft),
          targetAmountYuan: amountYuan,
        });
        message.success(`已保存第 ${r.versionNo} 版`);
        await reload(planId);
      }
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  /** Submits, approves or returns (with its reason) the plan; true when it was done. */
  const act = async (what: 'submit' | 'approve' | 'return', reason = '') =>
    planId !== null &&
    run(
      async () => {
        if (what === 'submit') await api.call('plans.submit', { planId });
        if (what === 'approve') await api.call('plans.approve', { planId });
        if (what === 'return') await api.call('plans.return', { planId, reason });
        await reload(planId);
      },
      what === 'submit' ? '已提交审批' : what === 'approve' ? '已审批通过' : '已退回',
    );
  return { busy, save, act };
}
