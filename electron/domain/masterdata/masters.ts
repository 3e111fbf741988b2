/**
 * Browsing and editing the masters (客户经理, 线路, 零售客户, 卷烟规格): list for
 * the grids, one record for the detail drawer, a field edit and a batch edit of
 * one field over selected rows — each value checked like an import would.
 */
import type { Database } from 'better-sqlite3';
import { ownerManagerId } from './ownership';
import { AppError } from '../../api/errors';
import { normaliseCategory, normaliseFlag, normaliseGrade, priceClassOf, type Category } from './categories';
import { dayToIso, parseDay, parseDecimal, parseFen } from '../imports';
import { gradeDayToday, recordGrades } from './gradeHistory';
import { ENTITY_LABELS, type Entity } from '../../../common/masterdata';

export { ENTITY_LABELS, type Entity };

type FieldType = 'text' | 'category' | 'grade' | 'date' | 'flag' | 'fen' | 'number' | 'ref';

interface EditField {
  column: string;
  label: string;
  type: FieldType;
  category?: Category;
  ref?: 'routes' | 'managers';
  required?: boolean;
}

/** Editable fields per entity (API key → column). 编码 is the identity and is not editable. */
export const EDIT_FIELDS: Record<Entity, Record<string, EditField>> = {
  managers: {
    name: { column: 'name', label: '姓名', type: 'text', required: true },
    gender: { column: 'gender', label: '性别', type: 'category', category: 'gender' },
    birthDate: { column: 'birth_date', label: '出生日期', type: 'date' },
    education: { column: 'education', label: '学历', type: 'category', category: 'education' },
    skillGrade: { column: 'skill_grade', label: '职业技能等级', type: 'category', category: 'skillGrade' },
    managerSince: { column: 'manager_since', label: '任客户经理日期', type: 'date' },
    onDuty: { column: 'on_duty', label: '在岗状态', type: 'flag' },
    phone: { column: 'phone', label: '电话', type: 'text' },
  },
  routes: {
    name: { column: 'name', label: '线路名称', type: 'text', required: true },
    managerCode: { column: 'manager_id', label: '客户经理', type: 'ref', ref: 'managers' },
    mileageKm: { column: 'mileage_km', label: '里程(公里)', type: 'number' },
    visitCycle: { column: 'visit_cycle', label: '拜访周期', type: 'text' },
  },
  retailers: {
    name: { column: 'name', label: '客户名称', type: 'text', required: true },
    licenceNo: { column: 'licence_no', label: '许可证号', type: 'text' },
    owner: { column: 'owner', label: '负责人', type: 'text' },
    phone: { column: 'phone', label: '电话', type: 'text' },
    address: { column: 'address', label: '地址', type: 'text' },
    format: { column: 'format', label: '经营业态', type: 'category', category: 'format' },
    area: { column: 'area', label: '城乡分类', type: 'category', category: 'area' },
    routeCode: { column: 'route_id', label: '线路', type: 'ref', ref: 'routes' },
    managerCode: { column: 'manager_id', label: '客户经理', type: 'ref', ref: 'managers' },
    grade: { column: 'grade', label: '档位', type: 'grade' },
    orderMethod: { column: 'order_method', label: '订货方式', type: 'category', category: 'orderMethod' },
    settlement: { column: 'settlement', label: '结算方式', type: 'category', category: 'settlement' },
    status: { column: 'status', label: '经营状态', type: 'category', category: 'status', required: true },
    modernTerminal: { column: 'modern_terminal', label: '现代终端', type: 'flag' },
    joinedDate: { column: 'joined_date', label: '加入日期', type: 'date' },
  },
  products: {
    name: { column: 'name', label: '卷烟名称', type: 'text', required: true },
    brand: { column: 'brand', label: '品牌', type: 'text' },
    maker: { column: 'maker', label: '生产企业', type: 'text' },
    priceClass: { column: 'price_class', label: '价类', type: 'category', category: 'priceClass' },
    transferPriceFen: { column: 'transfer_price_fen', label: '调拨价', type: 'fen' },
    wholesalePriceFen: { column: 'wholesale_price_fen', label: '批发价', type: 'fen' },
    retailPriceFen: { column: 'retail_price_fen', label: '建议零售价', type: 'fen' },
    lowTar: { column: 'low_tar', label: '是否低焦', type: 'flag' },
    onSale: { column: 'on_sale', label: '在销状态', type: 'flag' },
  },
};

const LIST_SQL: Record<Entity, string> = {
  managers: `SELECT m.code, m.name, m.gender, m.birth_date AS birthDate, m.education, m.skill_grade AS skillGrade, m.manager_since AS managerSince,
               m.on_duty AS onDuty, m.phone, m.updated_at AS updatedAt,
               (SELECT COUNT(*) FROM routes t WHERE t.manager_id = m.id AND t.active = 1) AS routes,
               (SELECT COUNT(*) FROM retailers r WHERE ${ownerManagerId('r')} = m.id AND r.status <> '注销') AS licensedRetailers
             FROM managers m`,
  routes: `SELECT t.code, t.name, m.code AS managerCode, m.name AS managerName, t.mileage_km AS mileageKm, t.visit_cycle AS visitCycle, t.active, t.updated_at AS updatedAt,
             (SELECT COUNT(*) FROM retailers r WHERE r.route_id = t.id AND r.status <> '注销') AS licensedRetailers
           FROM routes t LEFT JOIN managers m ON m.id = t.manager_id`,
  retailers: `SELECT r.code, r.licence_no AS licenceNo, r.name, r.owner, r.phone, r.address, r.format, r.area, t.code AS routeCode, t.name AS routeName,
                m.code AS managerCode, m.name AS managerName, r.grade, r.order_method AS orderMethod, r.settlement, r.status,
                r.modern_terminal AS modernTerminal, r.joined_date AS joinedDate, r.updated_at AS updatedAt
              FROM retailers r LEFT JOIN routes t ON t.id = r.route_id LEFT JOIN managers m ON m.id = r.manager_id`,
  products: `SELECT p.code, p.name, p.brand, p.maker, p.price_class AS priceClass, p.transfer_price_fen AS transferPriceFen,
               p.wholesale_price_fen AS wholesalePriceFen, p.retail_price_fen AS retailPriceFen, p.low_tar AS lowTar, p.on_sale AS onSale, p.updated_at AS updatedAt
             FROM products p`,
};

const ALIAS: Record<Entity, string> = { managers: 'm', routes: 't', retailers: 'r', products: 'p' };

export function listMasters(db: Database, entity: Entity, opts: { search?: string; limit?: number } = {}) {
  const a = ALIAS[entity];
  const params: unknown[] = [];
  let where = '';
  if (opts.search?.trim()) {
    where = ` WHERE (${a}.code LIKE ? OR ${a}.name LIKE ?)`;
    const s = `%${opts.search.trim()}%`;
    params.push(s, s);
  }
  const limit = opts.limit ?? 100000;
  const rows = db.prepare(`${LIST_SQL[entity]}${where} ORDER BY ${a}.code LIMIT ?`).all(...params, limit);
  const total = db
    .prepare(`SELECT COUNT(*) FROM ${entity} ${a}${where}`)
    .pluck()
    .get(...params) as number;
  return { entity, label: ENTITY_LABELS[entity], total, rows: rows as Record<string, unknown>[] };
}

export function getMaster(db: Database, entity: Entity, code: string) {
  const a = ALIAS[entity];
  const row = db.prepare(`${LIST_SQL[entity]} WHERE ${a}.code = ?`).get(code) as Record<string, unknown> | undefined;
  if (!row) throw new AppError('unknown_record', `没有编码为 ${code} 的${ENTITY_LABELS[entity]}`);
  let orders: unknown = null;
  if (entity === 'retailers' || entity === 'products') {
    const col = entity === 'retailers' ? 'retailer_id' : 'product_id';
    orders = db
      .prepare(
        `SELECT COUNT(*) AS lines, COUNT(DISTINCT o.day) AS orderDays, COALESCE(SUM(o.qty_tiao), 0) AS volumeTiao, COALESCE(SUM(o.amount_fen), 0) AS amountFen,
                MIN(o.day) AS firstDay, MAX(o.day) AS lastDay
         FROM order_lines o WHERE o.${col} = (SELECT id FROM ${entity} WHERE code = ?)`,
      )
      .get(code);
  }
  const history = db
    .prepare(
      `SELECT u.batch_id AS batchId, b.file_name AS file, b.created_at AS at, b.status FROM import_master_undo u JOIN import_batches b ON b.id = u.batch_id WHERE u.kind = ? AND u.code = ? ORDER BY u.batch_id DESC LIMIT 20`,
    )
    .all(entity, code);
  return { entity, record: row, orders, imports: history };
}

/** Converts a value typed in a grid to the stored value; throws a Chinese reason. */
function toStored(db: Database, entity: Entity, key: string, value: unknown): unknown {
  const f = EDIT_FIELDS[entity][key];
  if (!f) throw new AppError('invalid_field', `字段“${key}”不能修改`);
  const blank = value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
  if (blank) {
    if (f.required) throw new AppError('required', `${f.label}不能为空`);
    return f.type === 'flag' ? 0 : null;
  }
  switch (f.type) {
    case 'text':
      return String(value).trim().slice(0, 200);
    case 'category': {
      const c = normaliseCategory(f.category!, value);
      if (!c.ok) throw new AppError('invalid_value', c.reason);
      return c.value;
    }
    case 'grade': {
      const g = normaliseGrade(value);
      if (!g.ok) throw new AppError('invalid_value', g.reason);
      return g.value;
    }
    case 'flag': {
      if (typeof value === 'number') return value ? 1 : 0;
      const g = normaliseFlag(value, f.label);
      if (!g.ok) throw new AppError('invalid_value', g.reason);
      return g.value;
    }
    case 'date': {
      const d = parseDay(String(value), f.label);
      if (!d.ok) throw new AppError('invalid_value', d.reason);
      return d.value === null ? null : dayToIso(d.value);
    }
    case 'fen': {
      // Prices are given in 分 (integers) by the API.
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        const p = parseFen(String(value), f.label, 1);
        if (!p.ok) throw new AppError('invalid_value', p.reason);
        return p.value;
      }
      return value;
    }
    case 'number': {
      const n = parseDecimal(value as string | number);
      if (n === 'bad' || (typeof n === 'number' && n < 0))
        throw new AppError('invalid_value', `${f.label}应为非负数字`);
      return n;
    }
    case 'ref': {
      const ref = db
        .prepare(`SELECT id, ${f.ref === 'routes' ? 'active' : '1'} AS active FROM ${f.ref} WHERE code = ?`)
        .get(String(value).trim()) as { id: number; active: number } | undefined;
      if (ref === undefined)
        throw new AppError(
          'invalid_value',
          `没有编码为 ${String(value)} 的${f.ref === 'routes' ? '线路' : '客户经理'}`,
        );
      if (!ref.active) throw new AppError('invalid_value', `线路 ${String(value).trim()} 已停用，请选择在用的线路`);
      return ref.id;
    }
  }
}

function rawRow(db: Database, entity: Entity, code: string) {
  return db.prepare(`SELECT * FROM ${entity} WHERE code = ?`).get(code) as Record<string, unknown> | undefined;
}

/** Changes fields of one record; returns before/after for the audit log. */
export function updateMaster(db: Database, entity: Entity, code: string, changes: Record<string, unknown>) {
  const before = rawRow(db, entity, code);
  if (!before) throw new AppError('unknown_record', `没有编码为 ${code} 的${ENTITY_LABELS[entity]}`);
  const keys = Object.keys(changes);
  if (!keys.length) throw new AppError('no_changes', '没有要修改的内容');
  const set: Record<string, unknown> = {};
  for (const k of keys) {
    try {
      set[EDIT_FIELDS[entity][k]?.column ?? k] = toStored(db, entity, k, changes[k]);
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, `${code}：${err.message}`);
      throw err;
    }
  }
  // A product whose 调拨价 changes keeps its 价类 in step unless the edit sets 价类 too.
  if (
    entity === 'products' &&
    'transfer_price_fen' in set &&
    !('price_class' in set) &&
    typeof set.transfer_price_fen === 'number'
  ) {
    set.price_class = priceClassOf(set.transfer_price_fen);
  }
  const cols = Object.keys(set);
  db.prepare(
    `UPDATE ${entity} SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE code = ?`,
  ).run(...cols.map((c) => set[c] as never), code);
  const after = rawRow(db, entity, code)!;
  if (entity === 'retailers' && 'grade' in set && before.grade !== after.grade)
    recordGrades(
      db,
      [
        {
          retailerId: after.id as number,
          grade: after.grade as number | null,
          previous: before.grade as number | null,
        },
      ],
      gradeDayToday(),
      'edit',
    );
  const diffBefore: Record<string, unknown> = {};
  const diffAfter: Record<string, unknown> = {};
  for (const c of cols) {
    diffBefore[c] = before[c];
    diffAfter[c] = after[c];
  }
  return { before: diffBefore, after: diffAfter };
}

export function editFieldList(entity: Entity) {
  return Object.entries(EDIT_FIELDS[entity]).map(([key, f]) => ({
    key,
    label: f.label,
    type: f.type,
    category: f.category ?? null,
    required: Boolean(f.required),
  }));
}

/** What the code of a new record is called, per entity (the import's column names). */
export const CODE_LABELS: Record<Entity, string> = {
  managers: '工号',
  routes: '线路编码',
  retailers: '客户编码',
  products: '卷烟编码',
};

/**
 * 新增 of one record: the code (unique, at most 40 characters of digits, letters, - and _)
 * and its fields, each checked as a grid edit is. Every problem is named at once
 * (details.fields: field key → reason); nothing is written unless all pass.
 */
export function createMaster(db: Database, entity: Entity, rawCode: string, fields: Record<string, unknown>) {
  const problems: Record<string, string> = {};
  const code = rawCode.normalize('NFKC').trim();
  const codeLabel = CODE_LABELS[entity];
  if (!code) problems.code = `${codeLabel}不能为空`;
  else if (code.length > 40) problems.code = `${codeLabel}最多 40 个字符`;
  else if (!/^[0-9A-Za-z_-]+$/.test(code)) problems.code = `${codeLabel}“${code}”只能由数字、字母、短横线和下划线组成`;
  else if (rawRow(db, entity, code)) problems.code = `已有${codeLabel}为 ${code} 的${ENTITY_LABELS[entity]}`;
  const set: Record<string, unknown> = {};
  const given = { ...fields };
  // A new retailer is 正常 unless the form says otherwise.
  if (entity === 'retailers' && (given.status === undefined || given.status === null || given.status === ''))
    given.status = '正常';
  for (const [key, f] of Object.entries(EDIT_FIELDS[entity])) {
    const v = given[key];
    const blank = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    if (blank && !f.required) continue;
    try {
      set[f.column] = toStored(db, entity, key, v);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems[key] = err.message;
    }
  }
  for (const key of Object.keys(given)) if (!EDIT_FIELDS[entity][key]) problems[key] = `字段“${key}”不能填写`;
  const keys = Object.keys(problems);
  if (keys.length) {
    const label = (k: string) => (k === 'code' ? codeLabel : (EDIT_FIELDS[entity][k]?.label ?? k));
    const first = problems[keys[0]];
    const code0 = keys.includes('code') ? 'code' : keys[0];
    const errCode =
      code0 === 'code' && problems.code.startsWith('已有')
        ? 'duplicate_code'
        : code0 === 'code' && !code
          ? 'required'
          : code0 === 'code'
            ? 'invalid_code'
            : 'invalid_value';
    throw new AppError(
      errCode,
      keys.length === 1
        ? first
        : `有 ${keys.length} 处需要改正：${keys.map((k) => `${label(k)}——${problems[k]}`).join('；')}`,
      { fields: problems },
    );
  }
  // As the import does: a retailer given a route and no 客户经理 takes the route's.
  if (entity === 'retailers' && typeof set.route_id === 'number' && !('manager_id' in set))
    set.manager_id = db.prepare('SELECT manager_id FROM routes WHERE id = ?').pluck().get(set.route_id) ?? null;
  if (entity === 'products' && typeof set.transfer_price_fen === 'number' && !('price_class' in set))
    set.price_class = priceClassOf(set.transfer_price_fen);
  const cols = Object.keys(set);
  db.prepare(
    `INSERT INTO ${entity}(code${cols.map((c) => `, ${c}`).join('')}) VALUES (?${cols.map(() => ', ?').join('')})`,
  ).run(code, ...cols.map((c) => set[c] as never));
  return { code, after: rawRow(db, entity, code)! };
}

/**
 * 停用 is soft: the record stays with its history and is marked out of use where DOMAIN.md
 * counts it — a retailer becomes 注销 (no longer 持证 nor 正常经营), a 客户经理 离岗, a 卷烟规格
 * not 在销, a 线路 停用. 启用 puts it back (a retailer to 正常).
 */
const ACTIVE_COLUMN: Record<Entity, { column: string; stopped: string | number; active: string | number }> = {
  managers: { column: 'on_duty', stopped: 0, active: 1 },
  routes: { column: 'active', stopped: 0, active: 1 },
  retailers: { column: 'status', stopped: '注销', active: '正常' },
  products: { column: 'on_sale', stopped: 0, active: 1 },
};

export function setMastersActive(db: Database, entity: Entity, codes: string[], active: boolean) {
  const { column, stopped, active: on } = ACTIVE_COLUMN[entity];
  const value = active ? on : stopped;
  const missing = codes.filter((c) => !rawRow(db, entity, c));
  if (missing.length)
    throw new AppError(
      'unknown_record',
      `没有编码为 ${missing.slice(0, 5).join('、')}${missing.length > 5 ? ` 等 ${missing.length} 个` : ''} 的${ENTITY_LABELS[entity]}`,
    );
  if (entity === 'routes' && !active) {
    // A route still serving licensed retailers cannot stop: they would be left on a route no list offers.
    const busy = db
      .prepare(
        `SELECT t.code, COUNT(r.id) AS n FROM routes t JOIN retailers r ON r.route_id = t.id AND r.status <> '注销'
         WHERE t.code IN (SELECT value FROM json_each(?)) GROUP BY t.code ORDER BY t.code`,
      )
      .all(JSON.stringify(codes)) as { code: string; n: number }[];
    if (busy.length)
      throw new AppError(
        'still_in_use',
        `线路 ${busy
          .slice(0, 5)
          .map((b) => `${b.code}（${b.n} 户持证客户）`)
          .join('、')} 仍有持证客户，请先把这些客户调到其他线路再停用`,
      );
  }
  const upd = db.prepare(
    `UPDATE ${entity} SET ${column} = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE code = ? AND ${column} IS NOT ?`,
  );
  const changedCodes: string[] = [];
  const before: Record<string, unknown>[] = [];
  for (const code of codes) {
    const old = rawRow(db, entity, code)![column];
    if (upd.run(value, code, value).changes) {
      changedCodes.push(code);
      before.push({ code, [column]: old });
    }
  }
  return { changed: changedCodes.length, changedCodes, before, column, value };
}
