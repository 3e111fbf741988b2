/**
 * Excel export through SheetJS: numbers stay numbers with the displayed
 * precision as a format, merged Chinese headers, column widths, the title,
 * unit name and period above the table, and text cells that would start a
 * formula (= + - @) neutralised with a leading apostrophe.
 */
import * as XLSX from 'xlsx';
import { displayValue, excelFormat, type TableSpec } from './table';

/** A text that Excel or WPS would run as a formula is prefixed with ' (OWASP CSV injection). */
export function neutralise(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? "'" + v : v;
}

export function sheetFromSpec(spec: TableSpec, unitName?: string): XLSX.WorkSheet {
  const cols = spec.columns;
  const aoa: (string | number | null)[][] = [];
  const merges: XLSX.Range[] = [];
  const width = cols.length;
  aoa.push([spec.title, ...Array(width - 1).fill(null)]);
  merges.push({ s: { r: 0, c: 0 }, e: { r: 0, c: width - 1 } });
  const info = [unitName ? `单位名称：${unitName}` : '', spec.period ? `统计期间：${spec.period}` : '', spec.unitLine ?? ''].filter(Boolean).join('    ');
  aoa.push([info, ...Array(width - 1).fill(null)]);
  merges.push({ s: { r: 1, c: 0 }, e: { r: 1, c: width - 1 } });
  const hasGroups = cols.some((c) => c.group);
  const headerTop = aoa.length;
  if (hasGroups) {
    const top: (string | null)[] = [];
    const bottom: (string | null)[] = [];
    for (let i = 0; i < width; i++) {
      const c = cols[i];
      if (!c.group) {
        top.push(c.title);
        bottom.push(null);
        merges.push({ s: { r: headerTop, c: i }, e: { r: headerTop + 1, c: i } });
      } else {
        const startsGroup = i === 0 || cols[i - 1].group !== c.group;
        top.push(startsGroup ? c.group : null);
        bottom.push(c.title);
        if (startsGroup) {
          let j = i;
          while (j + 1 < width && cols[j + 1].group === c.group) j++;
          if (j > i) merges.push({ s: { r: headerTop, c: i }, e: { r: headerTop, c: j } });
        }
      }
    }
    aoa.push(top, bottom);
  } else {
    aoa.push(cols.map((c) => c.title));
  }
  const firstData = aoa.length;
  const body = [...spec.rows, ...(spec.totals ?? [])];
  for (const row of body) {
    aoa.push(
      cols.map((c) => {
        const v = displayValue(c, row[c.key]);
        return typeof v === 'string' ? neutralise(v) : v;
      }),
    );
  }
  if (spec.note) {
    aoa.push([]);
    aoa.push([`口径说明：${spec.note}`]);
    merges.push({ s: { r: aoa.length - 1, c: 0 }, e: { r: aoa.length - 1, c: width - 1 } });
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!merges'] = merges;
  // Number formats at the displayed precision.
  for (let r = firstData; r < firstData + body.length; r++) {
    for (let c = 0; c < width; c++) {
      const fmt = excelFormat(cols[c]);
      const cell = ws[XLSX.utils.encode_cell({ r, c })];
      if (fmt && cell && cell.t === 'n') cell.z = fmt;
    }
  }
  ws['!cols'] = cols.map((c) => ({ wch: c.width ?? Math.max(8, Math.min(40, (c.title.length + 2) * 2)) }));
  return ws;
}

export function workbookFromSpecs(specs: TableSpec[], unitName?: string): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const spec of specs) {
    let name = (spec.sheetName ?? spec.title).replace(/[\\/?*[\]:]/g, '').slice(0, 31) || '表';
    let n = 2;
    while (used.has(name)) name = `${name.slice(0, 28)}(${n++})`;
    used.add(name);
    XLSX.utils.book_append_sheet(wb, sheetFromSpec(spec, unitName), name);
  }
  return wb;
}

/** Saves one or more tables as an .xlsx download. */
export function exportXlsx(specs: TableSpec | TableSpec[], fileName: string, unitName?: string): void {
  const list = Array.isArray(specs) ? specs : [specs];
  const wb = workbookFromSpecs(list, unitName);
  XLSX.writeFile(wb, fileName.endsWith('.xlsx') ? fileName : fileName + '.xlsx', { compression: true });
}
