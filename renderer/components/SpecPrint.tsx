/**
 * One table spec printed as an A4 landscape document: the spec's title, 统计期间, 单位 line and
 * 口径说明 around its table, under the 编制单位 from the settings. `noWrap` keeps names and codes
 * on one line (the numbers give way); `before` comes above the table, `children` after it.
 */
import type { ReactNode } from 'react';
import { useApp } from '../app/AppContext';
import { PrintDocument, PrintTable } from './PrintDocument';
import type { TableSpec } from './table';

/** Names and codes stay on one line; the numbers give way. */
export const NoWrapText = () => (
  <style>{'.print-doc tbody td:not(.num) { white-space: nowrap; } .print-doc th { font-size: 8.5pt; }'}</style>
);

export function SpecPrint({
  spec,
  signatures,
  noWrap,
  children,
}: {
  spec: TableSpec;
  signatures?: string[];
  noWrap?: boolean;
  children?: ReactNode;
}) {
  const { settings } = useApp();
  return (
    <PrintDocument
      title={spec.title}
      unitName={settings?.unitName}
      period={spec.period}
      unitLine={spec.unitLine}
      orientation="landscape"
      note={spec.note}
      signatures={signatures}
    >
      {noWrap && <NoWrapText />}
      <PrintTable spec={spec} />
      {children}
    </PrintDocument>
  );
}
