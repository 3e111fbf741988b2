/**
 * The vocabulary of 品牌集 / 客户集 rules (DOMAIN.md "Rules every module shares"): the kinds of
 * set and the fields a rule may use, by their Chinese names, in the order a clerk picks them.
 * The backend's rule reader (electron/domain/masterdata/sets.ts) defines each of these fields
 * and no other; the 品牌集/客户集 page offers exactly these.
 */
export type SetKind = 'products' | 'retailers';
export const SET_KIND_LABELS: Record<SetKind, string> = { products: '品牌集', retailers: '客户集' };

export const RULE_FIELD_NAMES = {
  products: ['价类', '品牌', '生产企业', '卷烟编码', '低焦', '在销'],
  retailers: ['经营业态', '城乡分类', '线路编码', '客户经理', '档位', '订货方式', '结算方式', '经营状态', '现代终端'],
} as const;
export type RuleFieldName<K extends SetKind> = (typeof RULE_FIELD_NAMES)[K][number];
