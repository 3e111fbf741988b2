/**
 * The period every report asks for: a month, a quarter, 本年累计 (1 January to
 * the end of a month) or a custom range. Emits ISO dates and a Chinese label.
 */
import { useEffect, useState } from 'react';
import { DatePicker, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

export type PeriodKind = 'month' | 'quarter' | 'ytd' | 'custom';

export interface Period {
  kind: PeriodKind;
  /** first day, YYYY-MM-DD */
  from: string;
  /** last day, YYYY-MM-DD */
  to: string;
  /** 2026年3月 / 2026年第1季度 / 2026年1-3月累计 / 2026-03-01至2026-03-15 */
  label: string;
}

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');

export function periodOf(kind: PeriodKind, anchor: Dayjs, end?: Dayjs): Period {
  switch (kind) {
    case 'month': {
      const a = anchor.startOf('month');
      return { kind, from: fmt(a), to: fmt(a.endOf('month')), label: `${a.year()}年${a.month() + 1}月` };
    }
    case 'quarter': {
      const q = Math.floor(anchor.month() / 3);
      const a = anchor.month(q * 3).startOf('month');
      return { kind, from: fmt(a), to: fmt(a.add(2, 'month').endOf('month')), label: `${a.year()}年第${q + 1}季度` };
    }
    case 'ytd': {
      const e = anchor.endOf('month');
      return {
        kind,
        from: `${anchor.year()}-01-01`,
        to: fmt(e),
        label: anchor.month() === 0 ? `${anchor.year()}年1月` : `${anchor.year()}年1-${anchor.month() + 1}月累计`,
      };
    }
    case 'custom': {
      const e = end ?? anchor;
      return { kind, from: fmt(anchor), to: fmt(e), label: `${fmt(anchor)}至${fmt(e)}` };
    }
  }
}

export function lastMonth(): Period {
  return periodOf('month', dayjs().subtract(1, 'month'));
}

export function PeriodPicker({
  value,
  onChange,
  kinds = ['month', 'quarter', 'ytd', 'custom'],
}: {
  value: Period;
  onChange: (p: Period) => void;
  kinds?: PeriodKind[];
}) {
  const [kind, setKind] = useState<PeriodKind>(value.kind);
  useEffect(() => setKind(value.kind), [value.kind]);
  const labels: Record<PeriodKind, string> = { month: '月度', quarter: '季度', ytd: '本年累计', custom: '自定义' };
  return (
    <Space data-testid="period-picker">
      <Select
        value={kind}
        style={{ width: 110 }}
        options={kinds.map((k) => ({ value: k, label: labels[k] }))}
        onChange={(k: PeriodKind) => {
          setKind(k);
          onChange(periodOf(k, dayjs(value.to)));
        }}
      />
      {kind === 'custom' ? (
        <DatePicker.RangePicker
          value={[dayjs(value.from), dayjs(value.to)]}
          allowClear={false}
          onChange={(r) => r && r[0] && r[1] && onChange(periodOf('custom', r[0], r[1]))}
        />
      ) : (
        <DatePicker
          picker={kind === 'quarter' ? 'quarter' : 'month'}
          value={dayjs(value.kind === kind ? value.to : value.from)}
          allowClear={false}
          onChange={(d) => d && onChange(periodOf(kind, d))}
        />
      )}
    </Space>
  );
}
