/**
 * The audit log in a clerk's words: each operation with a Chinese name, each
 * record named (「零售客户 城关鑫源便利店（420528100001）」), each changed field
 * with its Chinese label and its value in the unit a clerk reads (箱, 元, 万元,
 * dates, 是/否). The raw values stay in the row for 「详细」 and the export's
 * last columns. Used by the 审计日志 page and its Excel export alike.
 */
import type { Database } from 'better-sqlite3';
import { ENTITY_LABELS, EDIT_FIELDS } from '../masterdata';
import { localTimeText } from '../../../common/days';

/** Every action the modules write, by its Chinese name. */
export const ACTION_LABELS: Record<string, string> = {
  update: '修改',
  batchUpdate: '批量修改',
  updateMany: '表格粘贴、填充或撤销',
  create: '新建',
  deactivate: '停用',
  reactivate: '启用',
  add: '登记',
  delete: '删除',
  remove: '删除',
  login: '登录',
  logout: '退出登录',
  loginFailed: '登录失败',
  lock: '账号锁定',
  createUser: '新建用户',
  updateUser: '修改用户',
  deactivateUser: '停用用户',
  resetPassword: '重置密码',
  unlockUser: '解锁账号',
  changePassword: '修改密码',
  enableLogin: '启用登录',
  disableLogin: '关闭登录',
  backup: '备份',
  restore: '恢复备份',
  import: '导入数据',
  rollback: '撤销导入',
  demo: '载入示例数据',
  rebuildSummaries: '重算报表汇总',
  saveAnalysisDraft: '保存分析报告',
  createSet: '新建集合',
  deleteSet: '删除集合',
  saveVersion: '保存计划版本',
  submit: '提交审批',
  approve: '审批通过',
  reject: '退回',
  status: '改变状态',
  file: '归档',
  attach: '添加附件',
  removeAttachment: '删除附件',
  read: '阅读登记',
  lend: '借出',
  return: '归还',
  appraise: '鉴定',
  reindex: '重建全文索引',
  updateIndicator: '修改网建指标',
  createIndicator: '新建网建指标',
  deleteIndicator: '删除网建指标',
  setTargets: '设置网建目标',
  setManualValues: '录入指标值',
  setCollectionPlan: '设置信息采集计划',
  takeSnapshot: '生成月末快照',
  deleteSnapshot: '删除月末快照',
  saveAssessment: '保存月度考核',
  deleteSavedAssessment: '删除已保存的考核',
  saveScheme: '保存考核方案',
  activateScheme: '启用考核方案',
  deleteScheme: '删除考核方案',
  setAssessmentValues: '录入考核分值',
  export: '导出',
  refused: '被拒绝的操作',
  scan: '内管预警检查',
  propose: '生成分档建议',
  adjust: '调整档位',
  check: '核查内管预警',
};

/** Where one module's action means something else than the same word elsewhere: a plan's 'return' sends it back. */
const MODULE_ACTION_LABELS: Record<string, Record<string, string>> = {
  plans: { return: '退回' },
};

/** The Chinese name of an action as the module that wrote it means it. */
export function actionLabel(module: string, action: string): string {
  return MODULE_ACTION_LABELS[module]?.[action] ?? ACTION_LABELS[action] ?? '其他操作';
}

/** Chinese labels of the fields the modules write into before/after (master fields come from MASTER_FIELDS). */
const FIELD_LABELS: Record<string, string> = {
  unitName: '单位名称',
  fondsNo: '全宗号',
  fondsName: '全宗名称',
  orgCode: '机构代码',
  orgName: '机构名称',
  fiscalYear: '年度',
  backupDir: '备份文件夹',
  backupDaily: '每日自动备份',
  backupKeep: '保留备份份数',
  lastBackupAt: '最近备份时间',
  loginRequired: '启用登录',
  setupDone: '完成初始设置',
  demoData: '示例数据',
  fulfilmentBasis: '订足率口径',
  activeRateBasis: '动销率口径',
  attachmentMaxMb: '附件大小上限(MB)',
  login: '登录名',
  name: '名称',
  role: '角色',
  active: '启用',
  confirmedBy: '确认账号',
  failedCount: '连续输错次数',
  credential: '密码',
  size: '大小',
  attachmentsCopied: '复制的附件数',
  file: '文件',
  fileName: '文件名',
  path: '位置',
  kind: '类别',
  year: '年度',
  seq: '顺序号',
  number: '编号',
  date: '日期',
  title: '标题',
  fromOrg: '来文机关',
  docNo: '文号',
  toOrg: '主送机关',
  cc: '抄送',
  secrecy: '密级',
  urgency: '紧急程度',
  copies: '份数',
  pages: '页数',
  handler: '承办人',
  signer: '签收人',
  drafter: '拟稿人',
  channel: '报送渠道',
  dueDate: '办理期限',
  status: '状态',
  instruction: '领导批示',
  replyNo: '复文号',
  remark: '备注',
  filedOn: '归档日期',
  archiveYear: '归档年度',
  retention: '保管期限',
  itemNo: '件号',
  archiveNo: '档号',
  appraisal: '鉴定结论',
  appraisedOn: '鉴定日期',
  appraisalReason: '鉴定理由',
  outcome: '鉴定结论',
  reason: '原因',
  borrower: '借阅人',
  loanId: '借阅编号',
  documents: '公文件数',
  rows: '行数',
  added: '新增',
  updated: '更新',
  replaced: '替换',
  rejected: '拒绝',
  skipped: '跳过',
  months: '月数',
  retailers: '零售客户数',
  field: '字段',
  value: '值',
  codes: '编码',
  changed: '实际改变数',
  period: '期间',
  target: '目标',
  targetTiao: '计划量',
  targetUnits: '计划量',
  unit: '单位',
  month: '月份',
  level: '分解层级',
  products: '卷烟范围',
  version: '版本',
  comment: '意见',
  indicatorCode: '指标',
  scopeKind: '范围',
  scopeCode: '范围编码',
  direction: '方向',
  margin: '接近幅度',
  note: '说明',
  scope: '范围',
  batchId: '批次',
  sections: '段落',
  what: '导出内容',
  filter: '筛选条件',
  code: '拒绝代码',
  message: '拒绝原因',
  monitorSurgeFactor: '订量突增倍数',
  monitorSurgeMinTiao: '订量突增最少超出(条)',
  monitorSurgeHistory: '订量突增参照订货次数',
  monitorScarcePercent: '紧俏集中占比(%)',
  monitorScarceSet: '重点监管品牌集',
  monitorOverGradeFactor: '超档位倍数',
  supplyTightPercent: '货源投放偏紧满足率(%)',
  supplyLoosePercent: '货源投放偏松利用率(%)',
  supplyRaisePercent: '货源投放偏紧建议增量(%)',
  supplyExportColumns: '货源投放导出列',
  rules: '规则',
  found: '发现预警',
  removed: '撤销',
  ledger: '重点监管台账',
  asOf: '评审月份',
  moved: '调整户数',
  effectiveDay: '执行日期',
  proposed: '拟定档位',
};

const fieldLabel = (k: string): string | null => {
  if (FIELD_LABELS[k]) return FIELD_LABELS[k];
  for (const fields of Object.values(EDIT_FIELDS)) {
    const f = (fields as Record<string, { label: string }>)[k];
    if (f) return f.label;
  }
  return null;
};

const SETTINGS_VALUES: Record<string, string> = {
  volume: '按数量',
  lines: '按订单行',
  customers: '按客户',
  specs: '按规格',
  clerk: '内勤',
  head: '主任',
  readonly: '只读',
  admin: '管理员',
  county: '全县',
  manager: '客户经理',
  route: '线路',
  all: '全部卷烟',
  tiny: '微型',
  small: '小型',
  large: '大型',
  city: '市级',
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const localTime = (iso: string): string => localTimeText(iso);

const num2 = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** One value as a clerk reads it, in the unit its field name says. */
export function formatValue(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (v === true) return '是';
  if (v === false) return '否';
  if (typeof v === 'number') {
    if (/Tiao$/.test(key)) return `${num2(v / 250)} 箱`;
    if (/Fen$/.test(key)) return /price/i.test(key) ? `${num2(v / 100)} 元` : `${num2(v / 1_000_000)} 万元`;
    if (key === 'size' || /Bytes$/.test(key))
      return v >= 1048576 ? `${(v / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(v / 1024))} KB`;
    if (/^(active|onDuty|onSale|lowTar|modernTerminal|loginRequired|backupDaily|setupDone|demoData)$/.test(key))
      return v ? '是' : '否';
    return String(v);
  }
  if (typeof v === 'string') {
    if (ISO_TIME.test(v)) return localTime(v);
    return SETTINGS_VALUES[v] && /Basis$|^role$|^scope|^products$|^size$/.test(key) ? SETTINGS_VALUES[v] : v;
  }
  if (Array.isArray(v)) return `${v.length} 项`;
  return '（见详细）';
}

export interface ChangeItem {
  label: string;
  before?: string;
  after?: string;
}

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * The fields that changed, labelled and formatted; fields without a Chinese
 * label are counted in one 「其他 N 项（见详细）」 item instead of shown in English.
 */
export function describeChanges(before: unknown, after: unknown): ChangeItem[] {
  // several records in one step (a paste in a master grid): each record's fields, under its code
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every((x) => isObj(x) && 'code' in x)) {
    const byCode = (list: Record<string, unknown>[]) => new Map(list.map(({ code, ...rest }) => [String(code), rest]));
    const b = byCode(before as Record<string, unknown>[]);
    const a = byCode(after as Record<string, unknown>[]);
    return [...new Set([...b.keys(), ...a.keys()])].flatMap((code) =>
      describeChanges(b.get(code), a.get(code)).map((i) => ({ ...i, label: `${code} ${i.label}` })),
    );
  }
  if (!isObj(before) && !isObj(after)) {
    if (before == null && after == null) return [];
    return [
      {
        label: '内容',
        before: before == null ? undefined : formatValue('', before),
        after: after == null ? undefined : formatValue('', after),
      },
    ];
  }
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const items: ChangeItem[] = [];
  let other = 0;
  for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    if (k in b && k in a && JSON.stringify(b[k]) === JSON.stringify(a[k])) continue;
    const label = fieldLabel(k);
    if (!label) {
      other++;
      continue;
    }
    items.push({
      label,
      before: k in b ? formatValue(k, b[k]) : undefined,
      after: k in a ? formatValue(k, a[k]) : undefined,
    });
  }
  if (other) items.push({ label: `其他 ${other} 项`, after: '见详细' });
  return items;
}

/** 「档位：12 → 15；电话：（空）→ 138…」 */
export function changeText(items: ChangeItem[]): string {
  return items
    .map((i) =>
      i.before !== undefined && i.after !== undefined
        ? `${i.label}：${i.before} → ${i.after}`
        : i.before !== undefined
          ? `${i.label}：${i.before} →（删除）`
          : `${i.label}：${i.after}`,
    )
    .join('；');
}

const ENTITY_TABLES: Record<string, string> = {
  retailers: 'retailers',
  managers: 'managers',
  routes: 'routes',
  products: 'products',
};

function one<T>(db: Database, sql: string, ...p: unknown[]): T | undefined {
  try {
    return db.prepare(sql).get(...p) as T | undefined;
  } catch {
    return undefined; // a table not there in an old database: the record keeps its key
  }
}

/** The record of a log row named for a clerk; the stored key when it cannot be resolved. */
export function recordLabel(db: Database, record: string | null, action: string): string {
  if (!record) return '';
  const i = record.indexOf(':');
  const kind = i < 0 ? record : record.slice(0, i);
  const key = i < 0 ? '' : record.slice(i + 1);
  if (kind in ENTITY_TABLES) {
    const label = ENTITY_LABELS[kind as keyof typeof ENTITY_LABELS];
    if (action === 'batchUpdate' || action === 'updateMany') return `${label} ${key} 条`;
    const r = one<{ name: string }>(db, `SELECT name FROM ${ENTITY_TABLES[kind]} WHERE code = ?`, key);
    return r ? `${label} ${r.name}（${key}）` : `${label} ${key}`;
  }
  switch (kind) {
    case 'settings':
      return '设置';
    case 'batch': {
      const r = one<{ file_name: string }>(db, 'SELECT file_name FROM import_batches WHERE id = ?', Number(key));
      return r ? `导入批次 ${key}（${r.file_name}）` : `导入批次 ${key}`;
    }
    case 'plan': {
      const r = one<{ name: string }>(db, 'SELECT name FROM plans WHERE id = ?', Number(key));
      return r ? `销售计划 ${r.name}（编号 ${key}）` : `销售计划 编号 ${key}`;
    }
    case 'archive': {
      const r = one<{ kind: string; number: string; title: string }>(
        db,
        'SELECT kind, number, title FROM archive_docs WHERE id = ?',
        Number(key),
      );
      return r ? `${r.kind} ${r.number}《${r.title}》` : `公文 编号 ${key}`;
    }
    case 'user': {
      const r = one<{ name: string }>(db, 'SELECT name FROM users WHERE login = ?', key);
      return r ? `用户 ${r.name}（${key}）` : `用户 ${key}`;
    }
    case 'login':
      return `登录名 ${key}`;
    case 'indicator': {
      const r = one<{ name: string }>(db, 'SELECT name FROM network_indicators WHERE code = ?', key);
      return r ? `网建指标 ${r.name}` : `网建指标 ${key}`;
    }
    case 'set':
      return `集合 ${key}`;
    case 'targets':
      return `网建目标 ${key} 条`;
    case 'manual':
      return `指标录入值 ${key} 条`;
    case 'snapshot':
      return `月末快照 ${key}`;
    case 'collection':
      return `信息采集计划 ${key}`;
    case 'assessment':
      return `月度考核 ${key}`;
    case 'assessment-values':
      return `考核分值 ${key}`;
    case 'scheme':
      return `考核方案 编号 ${key}`;
    case 'warning':
      return `内管预警 编号 ${key}`;
    case 'monitor':
      return `内管预警检查 ${key}`;
    case 'review': {
      // review:<id> or review:<id>:<客户编码> (one retailer's adjustment)
      const [id, code] = key.split(':');
      const r = one<{ as_of: number }>(db, 'SELECT as_of FROM grading_reviews WHERE id = ?', Number(id));
      const what = r
        ? `客户分档 ${Math.floor(r.as_of / 100)}年${r.as_of % 100}月（编号 ${id}）`
        : `客户分档 编号 ${id}`;
      if (!code) return what;
      const t = one<{ name: string }>(db, 'SELECT name FROM retailers WHERE code = ?', code);
      return `${what} ${t ? `${t.name}（${code}）` : code}`;
    }
    case 'analysis_drafts':
      return `分析报告草稿 编号 ${key}`;
    case 'cultivation':
      return `培育项目 编号 ${key}`;
    default:
      return record;
  }
}
