/**
 * A4 print view: title, 单位名称, period, 单位 line, the body (tables repeat
 * their header rows on every page), 口径说明 and the 制表人 / 审核人 / 制表日期
 * footer. Page numbers (第 x 页 共 y 页) come from the PDF footer template
 * (electron/print/pdfOptions.ts), which Electron's printToPDF and Chromium's
 * page.pdf() share. Mounted only once a view has its data, it tells the shell when the
 * page is ready to print (printReady.ts).
 */
import type { ReactNode } from 'react';
import { formatCell } from './DataGrid';
import { DEFAULT_SIGNATURES, type TableSpec } from './table';
import { todayIso } from './format';
import { usePrintReady } from './printReady';

export interface PrintDocumentProps {
  title: string;
  unitName?: string;
  period?: string;
  unitLine?: string;
  orientation?: 'portrait' | 'landscape';
  /** 口径说明 */
  note?: string;
  /** signature labels; default 制表人 / 审核人 / 制表日期 */
  signatures?: string[];
  /** 制表日期 printed in the footer (defaults to today) */
  date?: string;
  children: ReactNode;
}

export function PrintDocument(p: PrintDocumentProps) {
  usePrintReady();
  const orientation = p.orientation ?? 'portrait';
  const sigs = p.signatures ?? DEFAULT_SIGNATURES;
  return (
    <div className={`print-doc print-${orientation}`} data-testid="print-document">
      <style>{`
        @page { size: A4 ${orientation}; margin: 16mm 14mm 18mm 14mm; }
        body { background: #fff; }
        .print-doc { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'SimSun', sans-serif; color: #000; font-size: 11pt; padding: 0; }
        .print-doc h1 { text-align: center; font-size: 18pt; margin: 0 0 6pt; letter-spacing: 2pt; }
        .print-doc .print-meta { display: flex; justify-content: space-between; font-size: 10pt; margin-bottom: 4pt; }
        .print-doc table { width: 100%; border-collapse: collapse; page-break-inside: auto; margin-bottom: 8pt; }
        .print-doc thead { display: table-header-group; }
        .print-doc tfoot { display: table-footer-group; }
        .print-doc tr { page-break-inside: avoid; }
        .print-doc th, .print-doc td { border: 0.6pt solid #000; padding: 2pt 4pt; font-size: 9.5pt; }
        .print-doc th { background: #f0f0f0; font-weight: 600; text-align: center; }
        .print-doc td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .print-doc tr.total td { font-weight: 600; }
        .print-doc .print-note { font-size: 9pt; margin-top: 6pt; }
        .print-doc .print-sign { display: flex; justify-content: space-between; margin-top: 18pt; font-size: 10.5pt; }
        .print-doc .print-sign { gap: 12pt; flex-wrap: wrap; }
        /* the signature line never stands alone on a last page: what comes before it goes along */
        .print-doc .print-sign { break-before: avoid; page-break-before: avoid; break-inside: avoid; }
        .print-doc .print-note { break-inside: avoid; }
        .print-doc .print-sign span { flex: 1 1 0; min-width: 0; white-space: nowrap; }
        .print-doc h2 { font-size: 13pt; margin: 12pt 0 4pt; }
        .print-doc .page-break { page-break-before: always; }
        @media print { .no-print { display: none !important; } }
        .print-toolbar { display: flex; gap: 8px; justify-content: flex-end; margin-bottom: 8px; font-family: inherit; }
        .print-toolbar button { padding: 4px 14px; border: 1px solid #d9d9d9; border-radius: 6px; background: #fff; cursor: pointer; font-size: 14px; }
        .print-toolbar button.primary { background: #1677ff; border-color: #1677ff; color: #fff; }
        @media screen { .print-doc { max-width: ${orientation === 'landscape' ? '277mm' : '190mm'}; margin: 12px auto; padding: 12mm; box-shadow: 0 0 6px #ccc; background: #fff; } }
      `}</style>
      <div className="print-toolbar no-print">
        <button type="button" onClick={() => history.back()}>
          返回
        </button>
        <button type="button" className="primary" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <h1>{p.title}</h1>
      <div className="print-meta">
        <span>{p.unitName ? `编制单位：${p.unitName}` : ''}</span>
        <span>{p.period ? `统计期间：${p.period}` : ''}</span>
        <span>{p.unitLine ?? ''}</span>
      </div>
      {p.children}
      {p.note && <div className="print-note">口径说明：{p.note}</div>}
      <div className="print-sign">
        {sigs.map((s) => (
          <span key={s}>
            {s}：{s === '制表日期' ? (p.date ?? todayIso()) : ''}
          </span>
        ))}
      </div>
    </div>
  );
}

/** A report table for print: merged group headers, right-aligned numbers, 合计 rows. */
export function PrintTable({ spec, caption }: { spec: TableSpec; caption?: string }) {
  const cols = spec.columns;
  const hasGroups = cols.some((c) => c.group);
  const top: ReactNode[] = [];
  const bottom: ReactNode[] = [];
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i];
    if (!hasGroups || !c.group) {
      top.push(
        <th key={c.key} rowSpan={hasGroups ? 2 : 1}>
          {c.title}
        </th>,
      );
    } else {
      if (i === 0 || cols[i - 1].group !== c.group) {
        let span = 1;
        while (i + span < cols.length && cols[i + span].group === c.group) span++;
        top.push(
          <th key={'g' + i} colSpan={span}>
            {c.group}
          </th>,
        );
      }
      bottom.push(<th key={c.key}>{c.title}</th>);
    }
  }
  const line = (row: Record<string, unknown>, i: number, total = false) => (
    <tr key={(total ? 't' : 'r') + i} className={total ? 'total' : undefined}>
      {cols.map((c) => (
        <td
          key={c.key}
          className={
            c.align === 'right' || (c.align === undefined && c.type && c.type !== 'text' && c.type !== 'date')
              ? 'num'
              : undefined
          }
        >
          {formatCell(c, row[c.key])}
        </td>
      ))}
    </tr>
  );
  return (
    <>
      {caption && <h2>{caption}</h2>}
      <table>
        <thead>
          <tr>{top}</tr>
          {hasGroups && <tr>{bottom}</tr>}
        </thead>
        <tbody>
          {spec.rows.map((r, i) => line(r, i))}
          {(spec.totals ?? []).map((r, i) => line(r, i, true))}
        </tbody>
      </table>
    </>
  );
}
