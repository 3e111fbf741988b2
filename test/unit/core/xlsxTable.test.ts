import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { TableSpec } from '../../../common/table';
import { cellValue, sheetFromSpec, uniqueSheetName, workbookFromSpecs } from '../../../common/xlsxTable';
import { writeAuditXlsx } from '../../../electron/domain/audit/export';
import type { AuditRow } from '../../../electron/domain/audit/query';
import { writeTables } from '../../../electron/domain/network/export';
import { signatureRow } from '../../../renderer/pages/plans/tables';

const ROOT = path.resolve(__dirname, '../../..');

const spec: TableSpec = {
  title: '行动清单',
  columns: [
    { key: 'code', title: '客户编码', type: 'text' },
    { key: 'remark', title: '备注' },
    { key: 'share', title: '占比', type: 'percent', decimals: 2 },
  ],
  rows: [
    { code: '=1+1', remark: '', share: 0.5 },
    { code: 'c02', remark: '原件', share: '' },
  ],
  note: '按客户编码排序',
};

describe('the shared table code in common/', () => {
  it('imports nothing but xlsx and its own files (and types of the API), and touches no Node or page globals', () => {
    const dir = path.join(ROOT, 'common');
    for (const f of fs.readdirSync(dir)) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      // Type-only imports are erased when compiled: the API's types may come from electron/ or its
      // types-only entry (@contract).
      const types = [...src.matchAll(/^import type [^;]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      for (const m of types)
        expect(
          /^\.\/[\w.]+$/.test(m) || m === '@contract' || /^\.\.\/electron\/(api|domain)\//.test(m),
          `${f} imports types from ${m}`,
        ).toBe(true);
      const code = src.replace(/^import type [^;]*;/gm, '');
      const from = [...code.matchAll(/(?:from|import)\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      for (const m of from) expect(m === 'xlsx' || /^\.\/[\w.]+$/.test(m), `${f} imports ${m}`).toBe(true);
      expect(src, f).not.toMatch(/\b(require|process|Buffer|window|document|globalThis)\b/);
    }
  });

  it('writes a sheet with no line under the title when asked, keeping empty text as text and empty numbers empty', () => {
    const ws = sheetFromSpec(spec, '某县分公司', { infoLine: false });
    expect(ws['A1'].v).toBe('行动清单');
    expect(ws['A2'].v).toBe('客户编码');
    expect(ws['A3'].v).toBe("'=1+1");
    expect(ws['B3']).toMatchObject({ t: 's', v: '' });
    expect(ws['C3']).toMatchObject({ t: 'n', v: 0.5, z: '0.00%' });
    expect(ws['C4']).toBeUndefined();
    expect(ws['A6'].v).toBe('口径说明：按客户编码排序');
    expect(ws['!merges']!.map((m) => XLSX.utils.encode_range(m))).toEqual(['A1:C1', 'A6:C6']);
  });

  it('writes a given line under the title and footer rows below the note', () => {
    const ws = sheetFromSpec(spec, '某县分公司', {
      infoLine: '人员：张敏',
      footer: (s) => [[], signatureRow(s.columns.length, '2026-03-31')],
    });
    expect(ws['A2'].v).toBe('人员：张敏');
    expect(ws['A7'].v).toBe('口径说明：按客户编码排序');
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, defval: null });
    // four labels over three columns: the last two share the last cell
    expect(rows[rows.length - 1]).toEqual(['制表人：', '审核人：', '审批人：　　　　制表日期：2026-03-31']);
  });

  it('spreads the signature line over the table and keeps every label on a wide one', () => {
    expect(signatureRow(8, '2026-03-31')).toEqual([
      '制表人：',
      null,
      '审核人：',
      null,
      '审批人：',
      null,
      '制表日期：2026-03-31',
      null,
    ]);
  });

  it('turns a stored value into its cell the same way for every export', () => {
    expect(cellValue({ key: 'v', title: '销量', type: 'cases' }, 500)).toBe(2);
    expect(cellValue({ key: 'v', title: '销量', type: 'cases' }, '')).toBeNull();
    expect(cellValue({ key: 'v', title: '店名' }, '\t=cmd')).toBe("'\t=cmd");
    expect(cellValue({ key: 'v', title: '店名' }, null)).toBeNull();
  });

  it('names sheets the way Excel accepts, unique within the workbook', () => {
    const used = new Set<string>();
    expect(uniqueSheetName('张三[M01]:清单', used)).toBe('张三M01清单');
    expect(uniqueSheetName('张三M01清单', used)).toBe('张三M01清单(2)');
    expect(uniqueSheetName('', used)).toBe('表');
    expect(workbookFromSpecs([spec, spec]).SheetNames).toEqual(['行动清单', '行动清单(2)']);
  });
});

describe('Node-side exports through the shared writer', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-table-'));

  it('writes the audit log with its filter line and neutralises a name that would run as a formula', () => {
    const row: AuditRow = {
      id: 1,
      at: '2026-03-15T06:05:09.000Z',
      userLogin: 'clerk',
      userName: '=HYPERLINK("http://x")',
      via: 'cli',
      viaLabel: '命令行',
      module: 'accounts',
      moduleLabel: '用户与登录',
      method: 'accounts.update',
      action: 'update',
      actionLabel: '修改用户',
      record: null,
      recordLabel: '',
      changeText: '姓名：张敏',
      before: null,
      after: { name: '张敏' },
    } as unknown as AuditRow;
    const file = path.join(tmp(), '审计.xlsx');
    expect(writeAuditXlsx(file, '某县分公司', { person: 'clerk' }, [row])).toEqual({ file, rows: 1 });
    const ws = XLSX.read(fs.readFileSync(file), { cellStyles: true }).Sheets['审计日志'];
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    expect(rows[0][0]).toBe('某县分公司 审计日志');
    expect(rows[1][0]).toMatch(/^人员：clerk　导出时间：/);
    expect(rows[2][0]).toBe('序号');
    expect(rows[3]).toEqual([
      1,
      expect.any(String),
      'clerk',
      '\'=HYPERLINK("http://x")',
      '命令行',
      '用户与登录',
      '修改用户',
      '',
      '姓名：张敏',
      '',
      '{"name":"张敏"}',
    ]);
    expect(ws['!cols']!.map((c) => c.wch)).toEqual([6, 20, 12, 12, 8, 12, 16, 32, 50, 30, 30]);
  });

  it('writes a network table with its title, header, number formats and 口径说明', () => {
    const file = path.join(tmp(), 'n.xlsx');
    writeTables('xlsx', file, [
      {
        title: '网建指标达标情况表（2026年3月）',
        sheetName: '达标情况',
        columns: [
          { key: 'name', title: '指标', type: 'text', width: 16 },
          { key: 'value', title: '实际(比率)', type: 'percent', decimals: 2, width: 11 },
        ],
        rows: [{ name: '-电子结算率', value: 0.5 }],
        note: '电子结算率 = 电子结算客户数 / 正常经营客户数',
      },
    ]);
    const ws = XLSX.read(fs.readFileSync(file), { cellNF: true }).Sheets['达标情况'];
    expect(ws['A2'].v).toBe('指标');
    expect(ws['A3'].v).toBe("'-电子结算率");
    expect(ws['B3']).toMatchObject({ t: 'n', v: 0.5, z: '0.00%' });
    expect(ws['A5'].v).toBe('口径说明：电子结算率 = 电子结算客户数 / 正常经营客户数');
  });
});
