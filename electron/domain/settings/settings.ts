/**
 * Settings of the install (PRODUCT.md §7): unit name, 全宗号, 机构代码, backups,
 * login. Stored as key → JSON in the settings table; unknown keys are refused.
 */
import { z } from 'zod';
import type { Database } from 'better-sqlite3';

/**
 * Columns the 货源投放 export can carry (one row per spec, segment and 档位): 周次, 开始日期,
 * 结束日期, 卷烟编码, 卷烟名称, 投放范围, 档位 (D30), 档位序号 (30), 每户限量, 户数, 投放量.
 */
export const SUPPLY_EXPORT_FIELDS = [
  'week',
  'from',
  'to',
  'spec',
  'name',
  'scope',
  'grade',
  'gradeNo',
  'limit',
  'retailers',
  'total',
] as const;

export const settingsSchema = z.object({
  /** 单位名称, printed on every report */
  unitName: z.string().trim().max(60),
  /** 全宗号 (DA/T 22-2015): 4 characters */
  fondsNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{4}$/, '全宗号应为4位数字或字母'),
  /** 全宗名称 */
  fondsName: z.string().trim().max(60),
  /** 机构(问题)代码, e.g. KFB = 客服部 */
  orgCode: z
    .string()
    .trim()
    .regex(/^[A-Z]{1,6}$/, '机构代码应为1–6位大写字母'),
  orgName: z.string().trim().max(30),
  fiscalYear: z.number().int().min(2000).max(2100),
  /** empty = the default folder inside the data folder */
  backupDir: z.string().trim().max(500),
  backupDaily: z.boolean(),
  backupKeep: z.number().int().min(1).max(365),
  lastBackupAt: z.string().max(40),
  loginRequired: z.boolean(),
  /** set by the first-run wizard */
  setupDone: z.boolean(),
  /** 示例数据: the database holds generated demo data */
  demoData: z.boolean(),
  /** 文档档案: 机关代字 used in 发文字号 (`<机关代字>〔2026〕15号`) */
  archiveOrgAbbr: z.string().trim().min(1).max(20),
  /** 文档档案: number patterns; {year} and {n} are replaced, {abbr} by 机关代字 */
  archiveInPattern: z.string().trim().max(40).regex(/\{n\}/, '编号格式必须含有 {n}（序号）'),
  archiveOutPattern: z.string().trim().max(40).regex(/\{n\}/, '编号格式必须含有 {n}（序号）'),
  archiveReportPattern: z.string().trim().max(40).regex(/\{n\}/, '编号格式必须含有 {n}（序号）'),
  /** 文档档案: largest attachment accepted, in MB */
  attachmentMaxMb: z.number().int().min(1).max(500),
  /** 销售计划: 档位权重, one weight per 档位 1–30 (index 0 = 1档), non-decreasing */
  gradeWeights: z
    .array(z.number().min(0).max(10000))
    .length(30)
    .refine((w) => w.every((x, i) => i === 0 || x >= w[i - 1]), '档位权重必须随档位升高而不降低'),
  /** 统计报表: 动销率口径 — customers (本期订货户 ÷ 前三期订货户, YC/T 455.3) or specs (有销量规格数 ÷ 在销规格数) */
  activeRateBasis: z.enum(['customers', 'specs']),
  /** 统计报表: 订足率口径 — volume (Σ订购量 ÷ Σ需求量, DOMAIN.md default) or lines (订足的订单行 ÷ 需求量>0 的订单行) */
  fulfilmentBasis: z.enum(['volume', 'lines']),
  /** 内管 订量突增: a day's 订购量 ≥ this × the mean of the previous order dates (two decimals at most) */
  monitorSurgeFactor: z.number().min(1).max(100).multipleOf(0.01),
  /** 内管 订量突增: … and exceeds that mean by at least this many 条 */
  monitorSurgeMinTiao: z.number().int().min(0).max(100000),
  /** 内管 订量突增: how many previous order dates make the mean */
  monitorSurgeHistory: z.number().int().min(1).max(30),
  /** 内管 紧俏集中: a retailer's share of the county's week 订购量 of a spec, in percent */
  monitorScarcePercent: z.number().min(0.01).max(100).multipleOf(0.01),
  /** 内管 紧俏集中: the 品牌集 of specs under 重点监管 */
  monitorScarceSet: z.string().trim().max(60),
  /** 内管 超档位: a month 订购量 ≥ this × the median of the same 档位's 正常经营 retailers */
  monitorOverGradeFactor: z.number().min(1).max(100).multipleOf(0.01),
  /** 货源投放 review: 满足率 at or above this percent (and 投放利用率 not low) marks a spec 偏紧 */
  supplyTightPercent: z
    .number()
    .int('偏紧满足率必须是整数（%）')
    .min(1, '偏紧满足率应在 1–100% 之间')
    .max(100, '偏紧满足率应在 1–100% 之间'),
  /** 货源投放 review: 投放利用率 below this percent marks a spec 偏松 */
  supplyLoosePercent: z
    .number()
    .int('偏松利用率必须是整数（%）')
    .min(0, '偏松利用率应在 0–100% 之间')
    .max(100, '偏松利用率应在 0–100% 之间'),
  /** 货源投放 review: a 偏紧 spec's suggested 可用量 is this percent above this week's */
  supplyRaisePercent: z
    .number()
    .int('偏紧建议增量必须是整数（%）')
    .min(0, '偏紧建议增量应在 0–500% 之间')
    .max(500, '偏紧建议增量应在 0–500% 之间'),
  /** 货源投放 export: the columns of the provincial system's import layout, in order */
  supplyExportColumns: z
    .array(
      z
        .object({
          field: z.enum(SUPPLY_EXPORT_FIELDS),
          header: z
            .string()
            .trim()
            .min(1, '列名不能为空')
            .max(30)
            .regex(/^[^=+\-@]/, '列名不能以 = + - @ 开头'),
        })
        .strict(),
    )
    .min(1, '导出至少要有一列')
    .max(SUPPLY_EXPORT_FIELDS.length),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  unitName: '',
  fondsNo: '0194',
  fondsName: '',
  orgCode: 'KFB',
  orgName: '客服部',
  fiscalYear: new Date().getFullYear(),
  backupDir: '',
  backupDaily: true,
  backupKeep: 30,
  lastBackupAt: '',
  loginRequired: false,
  setupDone: false,
  demoData: false,
  archiveOrgAbbr: '客服',
  archiveInPattern: '收〔{year}〕{n}号',
  archiveOutPattern: '{abbr}〔{year}〕{n}号',
  archiveReportPattern: '报〔{year}〕{n}号',
  attachmentMaxMb: 50,
  gradeWeights: Array.from({ length: 30 }, (_, i) => i + 1),
  activeRateBasis: 'customers',
  fulfilmentBasis: 'volume',
  monitorSurgeFactor: 2.2,
  monitorSurgeMinTiao: 10,
  monitorSurgeHistory: 3,
  monitorScarcePercent: 5,
  monitorScarceSet: '重点监管',
  monitorOverGradeFactor: 3,
  supplyTightPercent: 95,
  supplyLoosePercent: 60,
  supplyRaisePercent: 20,
  supplyExportColumns: [
    { field: 'spec', header: '卷烟编码' },
    { field: 'name', header: '卷烟名称' },
    { field: 'grade', header: '档位' },
    { field: 'limit', header: '限量' },
  ],
};

export const settingsPatchSchema = settingsSchema.partial().strict();

export function readSettings(db: Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_SETTINGS) out[r.key] = JSON.parse(r.value);
  return out as Settings;
}

/** Writes the given keys; returns the values before and after, for the audit log. */
export function writeSettings(
  db: Database,
  patch: Partial<Settings>,
): { before: Partial<Settings>; after: Partial<Settings> } {
  const current = readSettings(db);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const upsert = db.prepare(
    'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    before[k] = (current as Record<string, unknown>)[k];
    after[k] = v;
    upsert.run(k, JSON.stringify(v));
  }
  return { before, after };
}
