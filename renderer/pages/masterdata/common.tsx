/** Shared bits of the 基础资料 and 数据导入 pages: file transfer, demo mark, column layouts. */
import { Alert } from 'antd';
import type { TableColumn } from '../../components/table';
import { useApp } from '../../app/AppContext';
import { choiceParser, gradeParser, numberParser, textParser, type CellParser } from '../../../common/cellValues';

import type { Entity } from '../../../common/masterdata';
export { ENTITY_LABELS, type Entity } from '../../../common/masterdata';

export function searchParam(name: string): string | null {
  const hash = typeof location !== 'undefined' ? location.hash : '';
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get(name);
}

/** Saves base64 content as a download in the browser (the Electron window downloads the same way). */
export function downloadBase64(fileName: string, contentBase64: string, mime = 'application/octet-stream'): void {
  const bin = atob(contentBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a picked file as base64 (without the data: prefix). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(new Error('无法读取所选文件'));
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.readAsDataURL(file);
  });
}

/** The 示例数据 mark on every page that shows data of a demo database. */
export function DemoBanner() {
  const { info, settings } = useApp();
  const demo = info?.demoData ?? settings?.demoData;
  if (!demo) return null;
  return (
    <Alert
      type="warning"
      showIcon
      message="示例数据：当前数据库中是生成的示例县，并非真实业务数据"
      style={{ marginBottom: 12 }}
      data-testid="demo-banner"
    />
  );
}

type GridColumn = TableColumn & {
  editable?: boolean;
  cellEditor?: string;
  cellEditorParams?: unknown;
  pinned?: 'left' | 'right';
  render?: (row: Record<string, unknown>) => string;
  /** the column's validator (typed, pasted and filled values); otherwise one from its type */
  parse?: CellParser;
};

const flag = (v: unknown) => (v === 1 ? '是' : v === 0 ? '否' : '');

/** Grid columns per master; `field` is the API's edit key when the column can be edited. */
export function masterColumns(
  entity: Entity,
  categories: Record<string, readonly string[]>,
  routes: string[],
  managers: string[],
): (GridColumn & { field?: string })[] {
  const sel = (values: readonly string[]) => ({
    cellEditor: 'agSelectCellEditor',
    cellEditorParams: { values: ['', ...values] },
  });
  // 是/否 and 在岗/离岗 have no blank: a blank would be stored as 否.
  const yesNo = (values: readonly string[]) => ({
    cellEditor: 'agSelectCellEditor',
    cellEditorParams: { values },
    parse: choiceParser(values, { required: true }),
  });
  // names are required; text fields are kept whole (the API keeps 200 characters)
  const nameText = { parse: textParser({ required: true, maxLength: 200 }) };
  const price = { parse: numberParser({ decimals: 2, min: 0, max: 1_000_000 }) };
  switch (entity) {
    case 'managers':
      return [
        { key: 'code', title: '工号', width: 10, pinned: 'left' },
        { key: 'name', title: '姓名', width: 8, editable: true, field: 'name', ...nameText },
        { key: 'gender', title: '性别', width: 5, editable: true, field: 'gender', ...sel(categories.gender ?? []) },
        { key: 'birthDate', title: '出生日期', width: 10, type: 'date', editable: true, field: 'birthDate' },
        {
          key: 'education',
          title: '学历',
          width: 9,
          editable: true,
          field: 'education',
          ...sel(categories.education ?? []),
        },
        {
          key: 'skillGrade',
          title: '职业技能等级',
          width: 9,
          editable: true,
          field: 'skillGrade',
          ...sel(categories.skillGrade ?? []),
        },
        {
          key: 'managerSince',
          title: '任客户经理日期',
          width: 11,
          type: 'date',
          editable: true,
          field: 'managerSince',
        },
        { key: 'onDuty', title: '在岗', width: 5, editable: true, field: 'onDuty', ...yesNo(['在岗', '离岗']) },
        { key: 'phone', title: '电话', width: 11, editable: true, field: 'phone' },
        { key: 'routes', title: '线路数', width: 6, type: 'int' },
        { key: 'licensedRetailers', title: '持证客户', width: 7, type: 'int' },
      ];
    case 'routes':
      return [
        { key: 'code', title: '线路编码', width: 9, pinned: 'left' },
        { key: 'name', title: '线路名称', width: 12, editable: true, field: 'name', ...nameText },
        {
          key: 'managerCode',
          title: '客户经理工号',
          width: 10,
          editable: true,
          field: 'managerCode',
          ...sel(managers),
        },
        { key: 'managerName', title: '客户经理', width: 8 },
        {
          key: 'mileageKm',
          title: '里程(公里)',
          width: 8,
          type: 'number',
          decimals: 1,
          editable: true,
          field: 'mileageKm',
          parse: numberParser({ decimals: 1, min: 0, max: 100_000 }),
        },
        { key: 'visitCycle', title: '拜访周期', width: 8, editable: true, field: 'visitCycle' },
        { key: 'active', title: '状态', width: 5 },
        { key: 'licensedRetailers', title: '持证客户', width: 7, type: 'int' },
      ];
    case 'retailers':
      return [
        { key: 'code', title: '客户编码', width: 13, pinned: 'left' },
        { key: 'name', title: '客户名称', width: 16, editable: true, field: 'name', ...nameText },
        { key: 'licenceNo', title: '许可证号', width: 14, editable: true, field: 'licenceNo' },
        {
          key: 'format',
          title: '经营业态',
          width: 9,
          editable: true,
          field: 'format',
          ...sel(categories.format ?? []),
        },
        { key: 'area', title: '城乡', width: 6, editable: true, field: 'area', ...sel(categories.area ?? []) },
        { key: 'routeCode', title: '线路', width: 8, editable: true, field: 'routeCode', ...sel(routes) },
        { key: 'managerName', title: '客户经理', width: 8 },
        { key: 'grade', title: '档位', width: 5, type: 'int', editable: true, field: 'grade', parse: gradeParser() },
        {
          key: 'orderMethod',
          title: '订货方式',
          width: 7,
          editable: true,
          field: 'orderMethod',
          ...sel(categories.orderMethod ?? []),
        },
        {
          key: 'settlement',
          title: '结算方式',
          width: 13,
          editable: true,
          field: 'settlement',
          ...sel(categories.settlement ?? []),
        },
        {
          key: 'status',
          title: '经营状态',
          width: 7,
          editable: true,
          field: 'status',
          ...sel(categories.status ?? []),
          parse: choiceParser(categories.status ?? [], { required: true }),
        },
        {
          key: 'modernTerminal',
          title: '现代终端',
          width: 7,
          editable: true,
          field: 'modernTerminal',
          ...yesNo(['是', '否']),
        },
        { key: 'owner', title: '负责人', width: 7, editable: true, field: 'owner' },
        { key: 'phone', title: '电话', width: 11, editable: true, field: 'phone' },
        { key: 'address', title: '地址', width: 20, editable: true, field: 'address' },
        { key: 'joinedDate', title: '加入日期', width: 10, type: 'date', editable: true, field: 'joinedDate' },
      ];
    case 'products':
      return [
        { key: 'code', title: '卷烟编码', width: 14, pinned: 'left' },
        { key: 'name', title: '卷烟名称', width: 16, editable: true, field: 'name', ...nameText },
        { key: 'brand', title: '品牌', width: 8, editable: true, field: 'brand' },
        { key: 'maker', title: '生产企业', width: 12, editable: true, field: 'maker' },
        {
          key: 'priceClass',
          title: '价类',
          width: 6,
          editable: true,
          field: 'priceClass',
          ...sel(categories.priceClass ?? []),
        },
        {
          key: 'transferPriceYuan',
          title: '调拨价(元/条)',
          width: 10,
          type: 'number',
          decimals: 2,
          editable: true,
          field: 'transferPriceFen',
          ...price,
        },
        {
          key: 'wholesalePriceYuan',
          title: '批发价(元/条)',
          width: 10,
          type: 'number',
          decimals: 2,
          editable: true,
          field: 'wholesalePriceFen',
          ...price,
        },
        {
          key: 'retailPriceYuan',
          title: '建议零售价(元/条)',
          width: 11,
          type: 'number',
          decimals: 2,
          editable: true,
          field: 'retailPriceFen',
          ...price,
        },
        { key: 'lowTar', title: '低焦', width: 5, editable: true, field: 'lowTar', ...yesNo(['是', '否']) },
        { key: 'onSale', title: '在销', width: 5, editable: true, field: 'onSale', ...yesNo(['是', '否']) },
      ];
  }
}

/** Prices are shown and typed in 元 per 条; the API keeps 分. */
export function withYuan(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r0) => {
    // Flags show (and export) as 是/否, 在岗/离岗; the API accepts these words back.
    const r: Record<string, unknown> = { ...r0 };
    for (const k of ['modernTerminal', 'lowTar', 'onSale']) if (k in r) r[k] = flag(r[k]);
    if ('onDuty' in r) r.onDuty = r.onDuty ? '在岗' : '离岗';
    if ('active' in r) r.active = r.active ? '在用' : '停用';
    return 'transferPriceFen' in r
      ? {
          ...r,
          transferPriceYuan: typeof r.transferPriceFen === 'number' ? r.transferPriceFen / 100 : null,
          wholesalePriceYuan: typeof r.wholesalePriceFen === 'number' ? r.wholesalePriceFen / 100 : null,
          retailPriceYuan: typeof r.retailPriceFen === 'number' ? r.retailPriceFen / 100 : null,
        }
      : r;
  });
}

/** A grid cell's value (as its validator gave it) → what the API takes (prices typed in 元 become 分). */
export function editValue(col: { key: string }, value: unknown): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  if (col.key.endsWith('Yuan')) {
    const n = typeof value === 'number' ? value : Number(String(value).replace(/[,，¥￥\s]/g, ''));
    if (!Number.isFinite(n)) return String(value);
    return Math.round(n * 100);
  }
  if (typeof value === 'number') return value;
  return String(value);
}
