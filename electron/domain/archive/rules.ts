/**
 * Pure rules of the archive: register numbers, 档号 (DA/T 22-2015), retention
 * expiry, the status flow of incoming documents, and the safe handling of
 * outside file names. No database, no files.
 */
import { AppError } from '../../api/errors';
import { todayText } from '../../../common/days';

export type DocKind = '收文' | '发文' | '报送';
export const DOC_KINDS: readonly DocKind[] = ['收文', '发文', '报送'];

/** 保管期限 codes of DA/T 22-2015 */
export type Retention = 'Y' | 'D30' | 'D10';
export const RETENTIONS: readonly Retention[] = ['Y', 'D30', 'D10'];
export const RETENTION_LABELS: Record<Retention, string> = { Y: '永久', D30: '定期30年', D10: '定期10年' };
/** years kept; null = for ever */
export const RETENTION_YEARS: Record<Retention, number | null> = { Y: null, D30: 30, D10: 10 };

/** 门类代码: 文书 */
export const CATEGORY_CODE = 'WS';

export const SECRECY_LEVELS = ['公开', '内部', '秘密', '机密'] as const;
export const URGENCY_LEVELS = ['普通', '急', '特急'] as const;

/** 处理情况 of an incoming document (DOMAIN.md); 发文 and 报送 are 已登记 until filed. */
export const IN_STATUSES = ['待处理', '已阅', '转交', '办结', '归档'] as const;
export const OUT_STATUSES = ['已登记', '归档'] as const;
export type DocStatus = (typeof IN_STATUSES)[number] | (typeof OUT_STATUSES)[number];

/** Which 处理情况 may follow which. 归档 is reached only by filing. */
const IN_FLOW: Record<string, readonly string[]> = {
  待处理: ['已阅', '转交', '办结'],
  已阅: ['转交', '办结'],
  转交: ['已阅', '办结'],
  办结: ['转交'], // reopened when the matter comes back
  归档: [],
};

export function initialStatus(kind: DocKind): DocStatus {
  return kind === '收文' ? '待处理' : '已登记';
}

export function checkStatusChange(kind: DocKind, from: string, to: string): void {
  if (kind !== '收文') throw new AppError('status_not_applicable', `${kind}没有办理状态，只有登记和归档`);
  if (to === '归档') throw new AppError('invalid_status', '归档请使用“归档”功能，由系统编件号和档号');
  if (!(IN_FLOW[from] ?? []).includes(to)) {
    throw new AppError('invalid_status', `处理情况不能从“${from}”改为“${to}”`);
  }
}

/** Statuses that still need work (for 逾期待办). */
export function isOpen(status: string): boolean {
  return status === '待处理' || status === '已阅' || status === '转交';
}

export interface NumberPatterns {
  in: string;
  out: string;
  report: string;
  abbr: string;
}

/** 收〔2026〕15号 from the pattern of its kind: {year}, {n} and {abbr} (机关代字) are replaced. */
export function formatDocNumber(kind: DocKind, year: number, seq: number, p: NumberPatterns): string {
  const pattern = kind === '收文' ? p.in : kind === '发文' ? p.out : p.report;
  return pattern.replaceAll('{year}', String(year)).replaceAll('{n}', String(seq)).replaceAll('{abbr}', p.abbr);
}

/** 档号 = 全宗号-门类代码·年度-保管期限代码-机构(问题)代码-件号 (DOMAIN.md), e.g. 0194-WS·2026-D30-KFB-0001. */
export function formatArchiveNo(
  fondsNo: string,
  year: number,
  retention: Retention,
  orgCode: string,
  itemNo: number,
): string {
  if (!/^[0-9A-Za-z]{4}$/.test(fondsNo))
    throw new AppError('invalid_fonds', `全宗号“${fondsNo}”应为4位数字或字母，请在设置中修改`);
  if (!/^[A-Z]{1,6}$/.test(orgCode)) throw new AppError('invalid_org', `机构(问题)代码“${orgCode}”应为1–6位大写字母`);
  if (!Number.isInteger(itemNo) || itemNo < 1 || itemNo > 9999)
    throw new AppError('item_overflow', '件号超出 0001–9999 的范围');
  return `${fondsNo}-${CATEGORY_CODE}·${year}-${retention}-${orgCode}-${String(itemNo).padStart(4, '0')}`;
}

/**
 * The day an item becomes due for 到期鉴定: a retention period is counted in
 * whole years from 1 January of the year after the 年度 (D10 of 2016 runs
 * 2017–2026, so it is due on 2027-01-01). null for 永久.
 */
export function retentionDueOn(archiveYear: number, retention: Retention): string | null {
  const years = RETENTION_YEARS[retention];
  return years === null ? null : `${archiveYear + years + 1}-01-01`;
}

/** 20260315 from 2026-03-15, the 日期 column of the 归档文件目录. */
export function date8(isoDate: string): string {
  return isoDate.replaceAll('-', '').slice(0, 8);
}

/** Today as YYYY-MM-DD in local time. */
export const today = (d = new Date()): string => todayText(d);

/** true for a real calendar date YYYY-MM-DD */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_NAME = 200;

/**
 * An outside file name made fit for display. It is metadata only and never
 * becomes a path (the file is stored under its SHA-256), but it is shown,
 * exported and offered as a download name, so separators, control characters,
 * reserved Windows names and excess length are neutralised here.
 */
export function displayName(raw: string): string {
  let s = String(raw ?? '')
    .normalize('NFC')
    // control characters are what is being removed here
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .trim()
    .replace(/^\.+/, (m) => '_'.repeat(m.length))
    .replace(/[. ]+$/, '');
  if (RESERVED_WINDOWS.test(s)) s = '_' + s;
  if ([...s].length > MAX_NAME) {
    const chars = [...s];
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s = chars.slice(0, MAX_NAME - [...ext].length).join('') + ext;
  }
  return s || '未命名';
}
