/**
 * A row of clearable filter selects over one filters object: each choice narrows a list to one
 * value of its field (the archive registers and search, 内管预警). The caller places them in its
 * own `Space`; a cleared select sets its field to undefined.
 */
import { Select } from 'antd';

export interface FilterChoice<F> {
  key: keyof F & string;
  /** The placeholder, e.g. 年度. */
  label: string;
  width: number;
  options: readonly { value: string | number; label: string }[];
  /** Type to narrow a long list (客户经理, 线路). */
  search?: boolean;
  testId?: string;
}

export function FilterSelects<F extends object>({
  choices,
  value,
  onChange,
}: {
  choices: FilterChoice<F>[];
  value: F;
  onChange: (next: F) => void;
}) {
  return (
    <>
      {choices.map((c) => (
        <Select
          key={c.key}
          allowClear
          placeholder={c.label}
          style={{ width: c.width }}
          value={value[c.key] as string | number | undefined}
          onChange={(v) => onChange({ ...value, [c.key]: v })}
          options={c.options.map((o) => ({ value: o.value, label: o.label }))}
          {...(c.search ? { showSearch: true, optionFilterProp: 'label' } : {})}
          data-testid={c.testId}
        />
      ))}
    </>
  );
}

/** Options whose value is their label. */
export const plainOptions = (values: readonly (string | number)[]) =>
  values.map((v) => ({ value: v, label: String(v) }));
