/** Shared bits of the 网建达标 pages: status tags, value formats by unit, month state. */
import { useState } from 'react';
import { Tag } from 'antd';
import { fmtInt, fmtNumber, fmtPct, fmtPoints } from '../../components/format';
import { lastMonth, type Period } from '../../components/PeriodPicker';
import type { TableColumn } from '../../components/table';

export type Status = '达标' | '接近' | '未达标' | '无目标' | '无数据';
import type { Unit } from '../../../common/network';
export { SCOPE_LABELS, UNIT_LABELS, type ScopeKind, type Unit } from '../../../common/network';
export const STATUS_COLORS: Record<Status, string> = {
  达标: 'green',
  接近: 'gold',
  未达标: 'red',
  无目标: 'default',
  无数据: 'default',
};

export function StatusTag({ status }: { status: Status }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {status}
    </Tag>
  );
}

/** A value in its unit: rates as percentages (2 decimals), counts as integers, scores with 2 decimals. */
export function fmtValue(unit: Unit, v: number | null | undefined): string {
  if (unit === 'rate') return fmtPct(v);
  if (unit === 'count') return fmtInt(v);
  return fmtNumber(v, 2);
}

/** The gap to target: percentage points for rates. */
export function fmtGap(unit: Unit, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (unit === 'rate') return fmtPoints(v);
  const s = unit === 'count' ? fmtInt(Math.abs(v)) : fmtNumber(Math.abs(v), 2);
  return v > 0 ? '+' + s : v < 0 ? '-' + s : s;
}

export function columnType(unit: Unit): TableColumn['type'] {
  return unit === 'rate' ? 'percent' : unit === 'count' ? 'int' : 'number';
}

/** The month a period picker stands on, as 'YYYY-MM'. */
export function monthOf(p: Period): string {
  return p.from.slice(0, 7);
}

export function useMonth(initial?: string): [Period, (p: Period) => void, string] {
  const [p, setP] = useState<Period>(() => {
    if (initial && /^\d{4}-\d{2}$/.test(initial)) {
      const [y, m] = initial.split('-').map(Number);
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return {
        kind: 'month',
        from: `${initial}-01`,
        to: `${initial}-${String(last).padStart(2, '0')}`,
        label: `${y}年${m}月`,
      };
    }
    return lastMonth();
  });
  return [p, setP, monthOf(p)];
}

export function monthLabel(ym: string): string {
  const [y, m] = ym.split('-');
  return `${y}年${Number(m)}月`;
}

export function searchParam(name: string): string | null {
  const hash = typeof location !== 'undefined' ? location.hash : '';
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get(name);
}
