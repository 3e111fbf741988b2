/** 卷烟规格 import: upserted by 卷烟编码. Prices per 条 (元 unless the header says 元/箱). */
import type { RowView } from './types';
import { masterKind } from './master';
import { normaliseCategory, normaliseFlag, priceClassOf } from '../../masterdata';
import { cellText, isBlank, parseFen } from '../values';

const fields = [
  {
    key: 'code',
    label: '卷烟编码',
    synonyms: ['卷烟编码', '卷烟代码', '商品编码', '规格编码', '条码'],
    required: true,
  },
  { key: 'name', label: '卷烟名称', synonyms: ['卷烟名称', '商品名称', '规格名称', '规格'] },
  { key: 'brand', label: '品牌', synonyms: ['品牌', '品牌名称'] },
  { key: 'maker', label: '生产企业', synonyms: ['生产企业', '工业企业', '厂家'] },
  { key: 'priceClass', label: '价类', synonyms: ['价类', '类别', '价格类别'] },
  { key: 'transfer', label: '调拨价', synonyms: ['调拨价'], measure: 'price' as const },
  { key: 'wholesale', label: '批发价', synonyms: ['批发价', '单价'], measure: 'price' as const },
  { key: 'retail', label: '建议零售价', synonyms: ['建议零售价', '零售价'], measure: 'price' as const },
  { key: 'lowTar', label: '是否低焦', synonyms: ['是否低焦', '低焦'] },
  { key: 'onSale', label: '在销状态', synonyms: ['在销状态', '是否在销', '在销'] },
];

export const productsKind = masterKind({
  kind: 'products',
  table: 'products',
  codeLabel: '卷烟编码',
  noun: '卷烟规格',
  codeField: 'code',
  label: '卷烟规格',
  fields,
  nameLabel: '卷烟名称',
  columns: () => {
    return (row: RowView, v: Record<string, unknown>) => {
      if (row.has('brand')) v.brand = isBlank(row.get('brand')) ? null : cellText(row.get('brand'));
      if (row.has('maker')) v.maker = isBlank(row.get('maker')) ? null : cellText(row.get('maker'));
      for (const [key, col, label] of [
        ['transfer', 'transfer_price_fen', '调拨价'],
        ['wholesale', 'wholesale_price_fen', '批发价'],
        ['retail', 'retail_price_fen', '建议零售价'],
      ] as const) {
        if (!row.has(key)) continue;
        const p = parseFen(row.get(key), label, row.factor(key));
        if (!p.ok) return p;
        v[col] = p.value;
      }
      // A 价类 given in the file wins over the one computed from 调拨价 (DOMAIN.md).
      if (row.has('priceClass') && !isBlank(row.get('priceClass'))) {
        const c = normaliseCategory('priceClass', row.get('priceClass'));
        if (!c.ok) return c;
        v.price_class = c.value;
      } else if (typeof v.transfer_price_fen === 'number') v.price_class = priceClassOf(v.transfer_price_fen);
      if (row.has('lowTar')) {
        const f = normaliseFlag(row.get('lowTar'), '是否低焦');
        if (!f.ok) return f;
        v.low_tar = f.value ?? 0;
      }
      if (row.has('onSale')) {
        const f = normaliseFlag(row.get('onSale'), '在销状态');
        if (!f.ok) return f;
        v.on_sale = f.value ?? 1;
      }
      return null;
    };
  },
});
