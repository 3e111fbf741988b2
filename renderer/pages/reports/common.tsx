/**
 * Pieces every report page shares: the period / customer scope / product
 * scope pickers and the conversion of the picked period to the API's period
 * text. The table layouts (one TableSpec serves grid, Excel and print) and the
 * 口径说明 each printed table names live in common/reportTables, shared with
 * the command line's xlsx, and are re-exported here.
 */
import { useMemo, useState } from 'react';
import { Alert, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useCall } from '../../api/client';
import { PeriodPicker, periodOf, type Period } from '../../components/PeriodPicker';

export * from '../../../common/reportTables';
import { throughNote } from '../../../common/reportTables';

/** The API's period text for a picked period. */
export function periodText(p: Period): string {
  const y = p.from.slice(0, 4);
  switch (p.kind) {
    case 'month':
      return p.from.slice(0, 7);
    case 'quarter':
      return `${y}Q${Math.floor((Number(p.from.slice(5, 7)) - 1) / 3) + 1}`;
    case 'ytd':
      return `ytd:${p.to}`;
    default:
      return `${p.from}~${p.to}`;
  }
}

export function periodFromText(text: string | null, fallback: Period): Period {
  if (!text) return fallback;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(text))) return periodOf('month', dayjs(`${m[1]}-${m[2]}-01`));
  if ((m = /^(\d{4})Q([1-4])$/.exec(text)))
    return periodOf('quarter', dayjs(`${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`));
  if ((m = /^ytd:(\d{4}-\d{2})-\d{2}$/.exec(text))) return periodOf('ytd', dayjs(`${m[1]}-01`));
  if ((m = /^(\d{4}-\d{2}-\d{2})~(\d{4}-\d{2}-\d{2})$/.exec(text))) return periodOf('custom', dayjs(m[1]), dayjs(m[2]));
  return fallback;
}

export function searchParam(name: string): string | null {
  const hash = typeof location !== 'undefined' ? location.hash : '';
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get(name);
}

export function query(params: Record<string, string | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  return u.toString();
}

export function useReportOptions() {
  return useCall('reports.options', {}, []);
}

/** 「数据截至 M月D日」 above a report whose period is not over, saying how 同期/上期 are compared. */
export function ThroughNote({ data }: { data?: { throughLabel?: string | null; through?: string | null } | null }) {
  const text = data ? throughNote(data) : null;
  return text ? (
    <Alert type="warning" showIcon message={text} style={{ marginBottom: 12 }} data-testid="through-note" />
  ) : null;
}

/** The month reports open on (the last complete month, DOMAIN.md), or last month on an empty database. */
export function defaultMonth(latest: string | null | undefined): Period {
  return latest ? periodOf('month', dayjs(latest + '-01')) : periodOf('month', dayjs().subtract(1, 'month'));
}

type Options = NonNullable<ReturnType<typeof useReportOptions>['data']>;

const SCOPE_KINDS = [
  { value: 'county', label: '全县' },
  { value: 'manager', label: '客户经理' },
  { value: 'route', label: '线路' },
  { value: 'set', label: '客户集' },
  { value: 'format', label: '业态' },
  { value: 'area', label: '城乡' },
];

const PRODUCT_KINDS = [
  { value: 'all', label: '全部卷烟' },
  { value: 'class', label: '价类' },
  { value: 'brand', label: '品牌' },
  { value: 'set', label: '品牌集' },
  { value: 'codes', label: '规格' },
];

/** A scope as the pickers show it: its kind and the value after the first ':' ('county' → ['county', '']). */
function splitSpec(value: string): [string, string] {
  const i = value.indexOf(':');
  return i < 0 ? [value, ''] : [value.slice(0, i), value.slice(i + 1)];
}

/** A scope or product picker: the spec text (e.g. manager:1001, brand:七匹狼) and the choices it offers. */
interface PickerProps {
  value: string;
  onChange: (v: string) => void;
  options?: Options;
}

export function ScopePicker({ value, onChange, options }: PickerProps) {
  const [kind, rest] = splitSpec(value);
  const choices: { value: string; label: string }[] =
    kind === 'manager'
      ? (options?.managers ?? []).map((m) => ({ value: m.code, label: `${m.name}（${m.code}）` }))
      : kind === 'route'
        ? (options?.routes ?? []).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))
        : kind === 'set'
          ? (options?.retailerSets ?? []).map((s) => ({ value: s, label: s }))
          : kind === 'format'
            ? (options?.formats ?? []).map((s) => ({ value: s, label: s }))
            : kind === 'area'
              ? (options?.areas ?? []).map((s) => ({ value: s, label: s }))
              : [];
  return (
    <Space.Compact data-testid="scope-picker">
      <Select
        style={{ width: 100 }}
        value={kind}
        options={SCOPE_KINDS}
        onChange={(k) => onChange(k === 'county' ? 'county' : `${k}:${choicesFor(k, options)[0]?.value ?? ''}`)}
      />
      {kind !== 'county' && (
        <Select
          style={{ width: 200 }}
          showSearch
          optionFilterProp="label"
          value={rest || undefined}
          placeholder="请选择"
          options={choices}
          onChange={(v) => onChange(`${kind}:${v}`)}
          data-testid="scope-value"
        />
      )}
    </Space.Compact>
  );
}

function choicesFor(kind: string, o?: Options): { value: string }[] {
  if (!o) return [];
  switch (kind) {
    case 'manager':
      return o.managers.map((m) => ({ value: m.code }));
    case 'route':
      return o.routes.map((m) => ({ value: m.code }));
    case 'set':
      return o.retailerSets.map((s) => ({ value: s }));
    case 'format':
      return o.formats.map((s) => ({ value: s }));
    case 'area':
      return o.areas.map((s) => ({ value: s }));
    case 'class':
      return o.classes.map((s) => ({ value: s }));
    case 'brand':
      return o.brands.map((s) => ({ value: s }));
    default:
      return [];
  }
}

export function ProductPicker({ value, onChange, options }: PickerProps) {
  const [kind, rest] = splitSpec(value);
  const productChoices = useMemo(
    () => (options?.products ?? []).map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` })),
    [options],
  );
  return (
    <Space.Compact data-testid="products-picker">
      <Select
        style={{ width: 100 }}
        value={kind}
        options={PRODUCT_KINDS}
        onChange={(k) =>
          onChange(
            k === 'all'
              ? 'all'
              : k === 'codes'
                ? 'codes:'
                : k === 'set'
                  ? `set:${options?.productSets[0] ?? ''}`
                  : `${k}:${choicesFor(k, options)[0]?.value ?? ''}`,
          )
        }
      />
      {kind === 'class' && (
        <Select
          style={{ width: 110 }}
          value={rest}
          options={(options?.classes ?? []).map((c) => ({ value: c, label: c }))}
          onChange={(v) => onChange(`class:${v}`)}
        />
      )}
      {kind === 'brand' && (
        <Select
          style={{ width: 180 }}
          showSearch
          value={rest || undefined}
          options={(options?.brands ?? []).map((c) => ({ value: c, label: c }))}
          onChange={(v) => onChange(`brand:${v}`)}
        />
      )}
      {kind === 'set' && (
        <Select
          style={{ width: 180 }}
          value={rest || undefined}
          placeholder="品牌集"
          options={(options?.productSets ?? []).map((c) => ({ value: c, label: c }))}
          onChange={(v) => onChange(`set:${v}`)}
        />
      )}
      {kind === 'codes' && (
        <Select
          mode="multiple"
          style={{ minWidth: 260 }}
          showSearch
          optionFilterProp="label"
          placeholder="选择规格"
          value={rest ? rest.split(',') : []}
          options={productChoices}
          onChange={(v: string[]) => onChange(`codes:${v.join(',')}`)}
          data-testid="products-codes"
        />
      )}
    </Space.Compact>
  );
}

/** A usable products text: `codes:` with nothing chosen means all. */
export function productsOrAll(p: string): string {
  return p === 'codes:' || p.endsWith(':') ? 'all' : p;
}

export interface Filters {
  period: Period;
  scope: string;
  products: string;
}

export function FilterBar({
  value,
  onChange,
  options,
  children,
  showProducts = true,
  kinds,
}: {
  value: Filters;
  onChange: (f: Filters) => void;
  options?: Options;
  children?: React.ReactNode;
  showProducts?: boolean;
  kinds?: ('month' | 'quarter' | 'ytd' | 'custom')[];
}) {
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="report-filters">
      <PeriodPicker value={value.period} onChange={(period) => onChange({ ...value, period })} kinds={kinds} />
      <ScopePicker value={value.scope} options={options} onChange={(scope) => onChange({ ...value, scope })} />
      {showProducts && (
        <ProductPicker
          value={value.products}
          options={options}
          onChange={(products) => onChange({ ...value, products })}
        />
      )}
      {children}
    </Space>
  );
}

export function useFilters(latest: string | null | undefined) {
  const initial = useMemo(
    () => ({
      period: periodFromText(searchParam('period'), defaultMonth(latest)),
      scope: searchParam('scope') ?? 'county',
      products: searchParam('products') ?? 'all',
    }),
    [latest],
  );
  const [f, setF] = useState<Filters | null>(null);
  return [f ?? initial, setF] as const;
}

export const DIM_OPTIONS: { value: string; label: string }[] = [
  { value: 'class', label: '价类' },
  { value: 'brand', label: '品牌' },
  { value: 'spec', label: '规格' },
  { value: 'manager', label: '客户经理' },
  { value: 'route', label: '线路' },
  { value: 'format', label: '业态' },
  { value: 'area', label: '城乡' },
  { value: 'grade', label: '档位' },
  { value: 'month', label: '月份' },
];
