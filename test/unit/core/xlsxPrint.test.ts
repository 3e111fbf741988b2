/**
 * Exported workbooks print: each sheet's page setup, repeated header rows and
 * frozen panes read back from the .xlsx file itself (the zip's XML, parsed
 * here on its own, not by the writer).
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { signatureFooter, workbookFromSpecs, writeWorkbook } from '../../../common/xlsxTable';
import type { TableSpec } from '../../../common/table';
import { packSpecs } from '../../../common/reportTables';

function readBack(bytes: Uint8Array) {
  const zip = XLSX.CFB.read(bytes, { type: 'array' });
  const text = (p: string) => new TextDecoder().decode(XLSX.CFB.find(zip, p)!.content as Uint8Array);
  const workbook = text('/xl/workbook.xml');
  const sheets = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  return sheets.map((name, i) => {
    const xml = text(`/xl/worksheets/sheet${i + 1}.xml`);
    const attr = (tag: string, a: string) => new RegExp(`<${tag}[^>]*\\b${a}="([^"]*)"`).exec(xml)?.[1] ?? null;
    const titles = new RegExp(`<definedName[^>]*name="_xlnm.Print_Titles"[^>]*localSheetId="${i}"[^>]*>([^<]*)<`).exec(
      workbook,
    );
    return {
      name,
      orientation: attr('pageSetup', 'orientation'),
      fitToWidth: attr('pageSetup', 'fitToWidth'),
      fitToHeight: attr('pageSetup', 'fitToHeight'),
      fitToPage: attr('pageSetUpPr', 'fitToPage'),
      paperSize: attr('pageSetup', 'paperSize'),
      freeze: attr('pane', 'state'),
      topLeftCell: attr('pane', 'topLeftCell'),
      printTitles: titles ? titles[1].replace(/&apos;/g, "'") : null,
    };
  });
}

const narrow: TableSpec = {
  title: '客户经理名单',
  columns: [
    { key: 'code', title: '工号' },
    { key: 'name', title: '姓名' },
  ],
  rows: [{ code: '1001', name: '张三' }],
  sheetName: '名单',
};

const wide: TableSpec = {
  title: '宽表',
  period: '2026年3月',
  columns: [
    { key: 'k', title: '规格', width: 10 },
    ...Array.from({ length: 17 }, (_, i) => ({
      key: `v${i}`,
      title: `数值${i}`,
      group: i < 8 ? '销量(箱)' : '销售额(万元)',
      type: 'cases' as const,
    })),
  ],
  rows: [{ k: '6901', v0: 250 }],
  sheetName: '宽表',
};

describe('Excel exports print', () => {
  it('sets landscape for a wide sheet and portrait for a narrow one, one page wide, A4', () => {
    const [n, w] = readBack(writeWorkbook(workbookFromSpecs([narrow, wide], '示范县局')));
    expect(n).toMatchObject({
      name: '名单',
      orientation: 'portrait',
      fitToWidth: '1',
      fitToHeight: '0',
      fitToPage: '1',
      paperSize: '9',
    });
    expect(w).toMatchObject({
      name: '宽表',
      orientation: 'landscape',
      fitToWidth: '1',
      fitToHeight: '0',
      fitToPage: '1',
    });
  });

  it('repeats the title, info and both header rows on every page and freezes the panes under them', () => {
    const [n, w] = readBack(writeWorkbook(workbookFromSpecs([narrow, wide], '示范县局')));
    // narrow: title, info line, one header row → data from row 4; two columns: no frozen column
    expect(n.printTitles).toBe("'名单'!$1:$3");
    expect(n).toMatchObject({ freeze: 'frozen', topLeftCell: 'A4' });
    // wide: title, info, two header rows (groups) → data from row 5; the 规格 column frozen
    expect(w.printTitles).toBe("'宽表'!$1:$4");
    expect(w).toMatchObject({ freeze: 'frozen', topLeftCell: 'B5' });
  });

  it('keeps the cells SheetJS wrote: the file still reads with its numbers and merges', () => {
    const wb = XLSX.read(writeWorkbook(workbookFromSpecs([wide], '示范县局')));
    const ws = wb.Sheets['宽表'];
    expect(ws['A1'].v).toBe('宽表');
    expect(ws['B5'].v).toBe(1);
    expect(ws['!merges']!.map((m) => XLSX.utils.encode_range(m))).toContain('B3:I3');
  });

  it('puts 制表人 and 审核人 on every sheet of the 月报 workbook', () => {
    const empty = {
      rows: [],
      total: {},
      byLabel: '价类',
      by: 'class',
      periodLabel: '2026年3月',
      scopeLabel: '全县',
      productsLabel: '全部卷烟',
      fulfilmentBasis: 'volume',
      through: null,
      throughLabel: null,
      activeRateBasis: 'customers',
      shelfNote: null,
    };
    const pack = {
      sales: { byClass: empty, byBrand: empty, byManager: empty, byRoute: empty, byArea: empty, byFormat: empty },
      distribution: { byManager: empty, byRoute: empty },
      customerClass: {
        by: 'format',
        months: [],
        rows: [],
        total: { cells: [], total: { volumeTiao: 0, amountFen: 0 } },
        periodLabel: '2026年',
        scopeLabel: '全县',
        productsLabel: '全部卷烟',
      },
      plan: null,
      cultivation: [],
      periodLabel: '2026年3月',
    } as never;
    const wb = XLSX.read(writeWorkbook(workbookFromSpecs(packSpecs(pack), '示范县局', { footer: signatureFooter() })));
    expect(wb.SheetNames.length).toBe(9);
    for (const name of wb.SheetNames) {
      const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name], { header: 1, defval: null });
      const texts = rows.flat().filter((x): x is string => typeof x === 'string');
      expect(
        texts.some((t) => t.startsWith('制表人：')),
        name,
      ).toBe(true);
      expect(
        texts.some((t) => t.startsWith('审核人：')),
        name,
      ).toBe(true);
    }
  });
});
