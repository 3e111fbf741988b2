/**
 * Master-data categories with the exact labels of DOMAIN.md, in their order,
 * and the normalisers imports use to map what a file says onto them. A value
 * that is not a label nor an accepted synonym is refused, never guessed.
 */

export const FORMATS = ['食杂店', '便利店', '超市', '商场', '烟酒店', '娱乐服务类', '其他'] as const; // 经营业态
export const AREAS = ['城镇', '乡村'] as const; // 城乡分类
export const ORDER_METHODS = ['电话', '网上', '手机', '其他'] as const; // 订货方式
export const SETTLEMENTS = ['电子结算-在线划拨', '电子结算-POS', '现金'] as const; // 结算方式
export const STATUSES = ['正常', '暂停', '歇业', '注销'] as const; // 经营状态
export const EDUCATIONS = ['本科及以上', '大中专', '高中及以下'] as const; // 学历
export const SKILL_GRADES = ['高级', '中级', '初级', '无'] as const; // 职业技能等级
export const PRICE_CLASSES = ['一类', '二类', '三类', '四类', '五类'] as const; // 价类
export const AGE_BANDS = ['30岁以下', '30-35岁', '36-40岁', '41-45岁', '46-50岁', '50岁以上'] as const;
export const TENURE_BANDS = ['不足1年', '1-3年', '3年以上'] as const; // 从事客户经理年限
export const GENDERS = ['男', '女'] as const;

export type Category =
  'format' | 'area' | 'orderMethod' | 'settlement' | 'status' | 'education' | 'skillGrade' | 'priceClass' | 'gender';

export const CATEGORY_LABELS: Record<Category, readonly string[]> = {
  format: FORMATS,
  area: AREAS,
  orderMethod: ORDER_METHODS,
  settlement: SETTLEMENTS,
  status: STATUSES,
  education: EDUCATIONS,
  skillGrade: SKILL_GRADES,
  priceClass: PRICE_CLASSES,
  gender: GENDERS,
};

export const CATEGORY_NAMES: Record<Category, string> = {
  format: '经营业态',
  area: '城乡分类',
  orderMethod: '订货方式',
  settlement: '结算方式',
  status: '经营状态',
  education: '学历',
  skillGrade: '职业技能等级',
  priceClass: '价类',
  gender: '性别',
};

/** Accepted synonyms (DOMAIN.md), keyed by the normalised text. */
const SYNONYMS: Record<Category, Record<string, string>> = {
  format: { 烟酒商店: '烟酒店', 娱乐服务: '娱乐服务类' },
  area: { 城市: '城镇', 城区: '城镇', 县城: '城镇', 农村: '乡村', 乡镇: '乡村' },
  orderMethod: {
    电脑: '网上',
    网上订货: '网上',
    网络: '网上',
    网络订货: '网上',
    电脑订货: '网上',
    手机订货: '手机',
    APP: '手机',
    电话订货: '电话',
  },
  settlement: {
    在线划拨: '电子结算-在线划拨',
    网银: '电子结算-在线划拨',
    代扣: '电子结算-在线划拨',
    电子结算在线划拨: '电子结算-在线划拨',
    POS: '电子结算-POS',
    刷卡: '电子结算-POS',
    电子结算POS: '电子结算-POS',
  },
  status: {},
  education: {
    研究生: '本科及以上',
    硕士: '本科及以上',
    博士: '本科及以上',
    本科: '本科及以上',
    大专: '大中专',
    中专: '大中专',
    技校: '大中专',
    高中: '高中及以下',
    初中: '高中及以下',
    职高: '高中及以下',
  },
  skillGrade: {
    营销员三级: '高级',
    三级: '高级',
    营销员四级: '中级',
    四级: '中级',
    营销员五级: '初级',
    五级: '初级',
    无职级: '无',
  },
  priceClass: { 一类烟: '一类', 二类烟: '二类', 三类烟: '三类', 四类烟: '四类', 五类烟: '五类' },
  gender: { 男性: '男', 女性: '女' },
};

/** Full-width → half-width, spaces removed, letters upper-cased. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export type Normalised = { ok: true; value: string | null } | { ok: false; reason: string };

/**
 * Maps a cell onto a category label. Blank gives null (the caller decides
 * whether blank is allowed; 职业技能等级 blank means 无).
 */
export function normaliseCategory(cat: Category, raw: unknown): Normalised {
  if (raw === null || raw === undefined) return { ok: true, value: cat === 'skillGrade' ? '无' : null };
  const text = String(raw).trim();
  if (text === '') return { ok: true, value: cat === 'skillGrade' ? '无' : null };
  const n = normaliseText(text).replace(/[－—–]/g, '-');
  const labels = CATEGORY_LABELS[cat];
  for (const l of labels) if (normaliseText(l) === n) return { ok: true, value: l };
  const syn = SYNONYMS[cat][n] ?? SYNONYMS[cat][n.replace(/-/g, '')];
  if (syn) return { ok: true, value: syn };
  return { ok: false, reason: `${CATEGORY_NAMES[cat]}“${text}”不是可识别的类别（可用：${labels.join('、')}）` };
}

/** 档位 1–30; accepts `30`, `D30`, `30档`, `第30档`. */
export function normaliseGrade(raw: unknown): { ok: true; value: number | null } | { ok: false; reason: string } {
  if (raw === null || raw === undefined || String(raw).trim() === '') return { ok: true, value: null };
  const n = normaliseText(String(raw));
  const m = /^(?:第)?D?(\d{1,2})(?:档)?$/.exec(n) ?? /^(\d{1,2})\.0+$/.exec(n);
  const v = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(v) || v < 1 || v > 30)
    return { ok: false, reason: `档位“${String(raw).trim()}”应为1–30的整数` };
  return { ok: true, value: v };
}

/** 是/否 style flags. */
export function normaliseFlag(
  raw: unknown,
  what: string,
): { ok: true; value: number | null } | { ok: false; reason: string } {
  if (raw === null || raw === undefined || String(raw).trim() === '') return { ok: true, value: null };
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 1 : 0 };
  const n = normaliseText(String(raw));
  if (['是', 'Y', 'YES', '1', 'TRUE', '√', '在销', '在岗', '有'].includes(n)) return { ok: true, value: 1 };
  if (['否', 'N', 'NO', '0', 'FALSE', '×', '停销', '离岗', '无', '不在岗'].includes(n)) return { ok: true, value: 0 };
  return { ok: false, reason: `${what}“${String(raw).trim()}”应为 是 或 否` };
}

/** 价类 by 调拨价 per 条 in 分 (DOMAIN.md default bands). */
export function priceClassOf(transferPriceFen: number): (typeof PRICE_CLASSES)[number] {
  if (transferPriceFen >= 10000) return '一类';
  if (transferPriceFen >= 7000) return '二类';
  if (transferPriceFen >= 3000) return '三类';
  if (transferPriceFen >= 1650) return '四类';
  return '五类';
}

/** Completed years between two ISO dates (a birthday on the as-of date counts as completed). */
export function completedYears(fromIso: string, asOfIso: string): number {
  const [fy, fm, fd] = fromIso.split('-').map(Number);
  const [ty, tm, td] = asOfIso.split('-').map(Number);
  let y = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) y--;
  return y;
}

export function ageBand(age: number): (typeof AGE_BANDS)[number] {
  if (age < 30) return '30岁以下';
  if (age <= 35) return '30-35岁';
  if (age <= 40) return '36-40岁';
  if (age <= 45) return '41-45岁';
  if (age <= 50) return '46-50岁';
  return '50岁以上';
}

export function tenureBand(years: number): (typeof TENURE_BANDS)[number] {
  if (years < 1) return '不足1年';
  if (years < 3) return '1-3年';
  return '3年以上';
}
