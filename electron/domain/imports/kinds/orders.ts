/**
 * 订单明细 import. Each line: 订单日期, 订单号, 客户 (编码 or 许可证号), 卷烟 (编码 or
 * 名称), 需求量, 订购量 (条, or 箱 from the header / the user's choice), 单价, 金额.
 * Dates that already hold order lines are refused unless the import replaces
 * exactly those dates; replaced lines are kept aside so a rollback restores them.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../api/errors';
import { nextLineId, notifyOrdersChanged, openOrderSinks, setBatchLines } from '../hooks';
import type { ImportKind, KindSession } from './types';
import { codeText, dayToIso, isBlank, parseFen, parseTiao } from '../values';
import { rowDay } from './dated';

/** [day, orderNo, retailerId, productId, demandTiao, qtyTiao, priceFen, amountFen] */
export type OrderRecord = [number, string, number, number, number, number, number, number];

const fields = [
  {
    key: 'date',
    label: '订单日期',
    synonyms: ['订单日期', '订货日期', '销售日期', '日期'],
    required: true,
    date: true,
  },
  { key: 'orderNo', label: '订单号', synonyms: ['订单号', '订单编号'] },
  { key: 'retailerCode', label: '客户编码', synonyms: ['客户编码', '客户代码', '零售户编码', '客户编号'] },
  { key: 'licence', label: '许可证号', synonyms: ['许可证号', '专卖许可证号', '许可证编号'] },
  { key: 'productCode', label: '卷烟编码', synonyms: ['卷烟编码', '卷烟代码', '商品编码', '规格编码', '条码'] },
  { key: 'productName', label: '卷烟名称', synonyms: ['卷烟名称', '商品名称', '规格名称', '规格'] },
  { key: 'demand', label: '需求量', synonyms: ['需求量', '要货量'], measure: 'qty' as const },
  {
    key: 'qty',
    label: '订购量',
    synonyms: ['订购量', '实际订购量', '订货量', '销量', '数量'],
    measure: 'qty' as const,
    required: true,
  },
  { key: 'price', label: '单价', synonyms: ['单价', '批发价'], measure: 'price' as const },
  { key: 'amount', label: '金额', synonyms: ['金额', '订购金额', '销售额'], measure: 'money' as const },
];

const yuan = (fen: number) => (fen / 100).toFixed(2);

export const ordersKind: ImportKind<OrderRecord> = {
  kind: 'orders',
  label: '订单明细',
  fields,
  requiredAny: [
    ['retailerCode', 'licence'],
    ['productCode', 'productName'],
  ],
  dated: true,
  open(ctx): KindSession<OrderRecord> {
    const { db, batchId, options, preview } = ctx;
    const retailerByCode = new Map<string, number>();
    const retailerByLicence = new Map<string, number>();
    for (const r of db.prepare('SELECT id, code, licence_no AS licence FROM retailers').all() as {
      id: number;
      code: string;
      licence: string | null;
    }[]) {
      retailerByCode.set(r.code, r.id);
      if (r.licence) retailerByLicence.set(r.licence, retailerByLicence.has(r.licence) ? -1 : r.id);
    }
    const productByCode = new Map<string, { id: number; price: number | null }>();
    const productByName = new Map<string, { id: number; price: number | null } | null>();
    for (const p of db.prepare('SELECT id, code, name, wholesale_price_fen AS price FROM products').all() as {
      id: number;
      code: string;
      name: string;
      price: number | null;
    }[]) {
      const v = { id: p.id, price: p.price };
      productByCode.set(p.code, v);
      productByName.set(p.name, productByName.has(p.name) ? null : v);
    }
    const period = options.period;
    const insert = db.prepare(
      'INSERT INTO order_lines(id, batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // The batch's lines get ids of their own range (rollback deletes the range).
    const firstId = preview ? 0 : nextLineId(db);
    let nextId = firstId;
    const dayHasLines = db.prepare('SELECT batch_id FROM order_lines WHERE day = ? LIMIT 1').pluck();
    const archive = db.prepare(
      `INSERT INTO order_lines_replaced(replaced_by, id, batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
       SELECT ?, id, batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen FROM order_lines WHERE day = ?`,
    );
    const removeDay = db.prepare('DELETE FROM order_lines WHERE day = ?');
    const findLine = db.prepare(
      'SELECT batch_id AS batchId, day FROM order_lines WHERE order_no = ? AND product_id = ?',
    );
    const seenDays = new Set<number>();
    const conflicts: number[] = [];
    const previewKeys = preview ? new Map<string, number>() : null;
    // Other modules (the reports' summaries) follow the added lines as they are written.
    const sink = preview ? null : openOrderSinks(db);
    let replaced = 0;
    let replacedFrom = Infinity;
    let replacedTo = -Infinity;
    let dayFrom = Infinity;
    let dayTo = -Infinity;
    let written = 0;

    return {
      check(row) {
        const d = rowDay(row, '订单日期', period);
        if (!d.ok) return d;
        const day = d.value;
        let retailerId: number | undefined;
        let retailerKey: string;
        const rc = row.get('retailerCode');
        if (!isBlank(rc)) {
          retailerKey = codeText(rc);
          retailerId = retailerByCode.get(retailerKey);
          if (retailerId === undefined) return { ok: false, reason: `未知的客户编码 ${retailerKey}` };
        } else {
          const lc = row.get('licence');
          if (isBlank(lc)) return { ok: false, reason: '缺少客户编码' };
          retailerKey = codeText(lc);
          retailerId = retailerByLicence.get(retailerKey);
          if (retailerId === undefined) return { ok: false, reason: `未知的许可证号 ${retailerKey}` };
          if (retailerId === -1) return { ok: false, reason: `许可证号 ${retailerKey} 对应多个客户，请改用客户编码` };
        }
        let product: { id: number; price: number | null } | null | undefined;
        const pc = row.get('productCode');
        if (!isBlank(pc)) {
          const code = codeText(pc);
          product = productByCode.get(code);
          if (!product) return { ok: false, reason: `未知的卷烟编码 ${code}` };
        } else {
          const pn = row.get('productName');
          if (isBlank(pn)) return { ok: false, reason: '缺少卷烟编码' };
          const name = String(pn).trim();
          product = productByName.get(name);
          if (product === undefined) return { ok: false, reason: `未知的卷烟名称 ${name}` };
          if (product === null) return { ok: false, reason: `卷烟名称 ${name} 对应多个规格，请改用卷烟编码` };
        }
        const q = parseTiao(row.get('qty'), '订购量', row.factor('qty'));
        if (!q.ok) return q;
        if (q.value === null) return { ok: false, reason: '缺少订购量' };
        const qty = q.value;
        let demand = qty;
        if (row.has('demand')) {
          const dm = parseTiao(row.get('demand'), '需求量', row.factor('demand'));
          if (!dm.ok) return dm;
          if (dm.value !== null) demand = dm.value;
        }
        let price: number | null = null;
        if (row.has('price')) {
          const p = parseFen(row.get('price'), '单价', row.factor('price'));
          if (!p.ok) return p;
          price = p.value;
        }
        if (price === null) price = product.price;
        if (price === null) return { ok: false, reason: '缺少单价，且该规格没有批发价' };
        const expected = price * qty;
        let amount = expected;
        if (row.has('amount')) {
          const a = parseFen(row.get('amount'), '金额', row.factor('amount'));
          if (!a.ok) return a;
          if (a.value !== null) {
            // Tolerance: 0.01 元 per line.
            if (Math.abs(a.value - expected) > 1) {
              return {
                ok: false,
                reason: `金额 ${yuan(a.value)} 元与单价×订购量（${yuan(price)}×${qty} = ${yuan(expected)} 元）不符`,
              };
            }
            amount = a.value;
          }
        }
        const on = row.get('orderNo');
        const orderNo = isBlank(on) ? `${day}-${retailerKey}` : codeText(on);
        if (previewKeys) {
          const key = orderNo + '\u0001' + product.id;
          const first = previewKeys.get(key);
          if (first !== undefined)
            return { ok: false, reason: `订单号 ${orderNo} 的同一卷烟重复（与第 ${first} 行相同）` };
          previewKeys.set(key, row.row);
          seenDays.add(day);
        }
        return { ok: true, record: [day, orderNo, retailerId, product.id, demand, qty, price, amount] };
      },
      write(rec) {
        const day = rec[0];
        if (!seenDays.has(day)) {
          seenDays.add(day);
          if (dayHasLines.get(day) !== undefined) {
            if (!options.replace) conflicts.push(day);
            else {
              archive.run(batchId, day);
              replaced += removeDay.run(day).changes;
              if (day < replacedFrom) replacedFrom = day;
              if (day > replacedTo) replacedTo = day;
            }
          }
        }
        if (conflicts.length) return null; // the import is refused in finish()
        try {
          insert.run(nextId, batchId, day, rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7]);
          nextId++;
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            const other = findLine.get(rec[1], rec[3]) as { batchId: number; day: number } | undefined;
            if (other && other.batchId === batchId) return `订单号 ${rec[1]} 的同一卷烟在文件中重复`;
            return `订单号 ${rec[1]} 的同一卷烟已在批次 #${other?.batchId ?? '?'}（${other ? dayToIso(other.day) : ''}）导入过`;
          }
          throw err;
        }
        sink?.add(day, rec[2], rec[3], rec[4], rec[5], rec[7]);
        written++;
        if (day < dayFrom) dayFrom = day;
        if (day > dayTo) dayTo = day;
        return null;
      },
      finish() {
        if (conflicts.length) {
          conflicts.sort((a, b) => a - b);
          const shown = conflicts.slice(0, 10).map(dayToIso).join('、');
          throw new AppError(
            'period_exists',
            `以下日期已有订单数据：${shown}${conflicts.length > 10 ? ` 等 ${conflicts.length} 天` : ''}。未导入任何数据；如需用本文件替换这些日期的订单，请选择“替换这些日期”`,
            { days: conflicts.map(dayToIso) },
          );
        }
        if (preview) return {};
        setBatchLines(db, batchId, firstId, nextId - 1);
        // Replaced days lost lines: their months are recomputed. Otherwise lines were only added.
        if (replaced > 0) notifyOrdersChanged(db, Math.min(dayFrom, replacedFrom), Math.max(dayTo, replacedTo));
        else if (written > 0) sink?.commit({ first: firstId, last: nextId - 1 });
        return {
          dayFrom: written ? dayFrom : null,
          dayTo: written ? dayTo : null,
          replacedLines: replaced,
          note: replaced ? `替换了 ${seenDays.size} 天中原有的 ${replaced} 行订单` : undefined,
        };
      },
    };
  },
  rollback(db, batchId) {
    return rollbackOrders(db, batchId);
  },
};

/** Removes a batch's lines and puts back the lines it replaced. */
export function rollbackOrders(db: Database, batchId: number): { dayFrom: number | null; dayTo: number | null } {
  const later = db
    .prepare(
      `SELECT MIN(r.replaced_by) AS id FROM order_lines_replaced r JOIN import_batches b ON b.id = r.replaced_by AND b.status = 'committed'
       WHERE r.batch_id = ?`,
    )
    .get(batchId) as { id: number | null };
  if (later.id !== null) {
    throw new AppError(
      'rollback_order',
      `批次 #${batchId} 的部分订单已被批次 #${later.id} 替换，请先撤销批次 #${later.id}`,
    );
  }
  const span = db
    .prepare('SELECT first_line_id AS a, last_line_id AS b FROM import_batches WHERE id = ?')
    .get(batchId) as { a: number | null; b: number | null } | undefined;
  // The batch's lines are the range of ids it recorded; a batch from before ranges existed is found by a scan.
  const mine = span?.a != null && span.b != null ? `id BETWEEN ${span.a} AND ${span.b}` : `batch_id = ${batchId}`;
  const range = db
    .prepare(
      `SELECT MIN(d) AS dayFrom, MAX(d) AS dayTo FROM (
         SELECT day AS d FROM order_lines WHERE ${mine}
         UNION ALL SELECT day FROM order_lines_replaced WHERE replaced_by = ?)`,
    )
    .get(batchId) as { dayFrom: number | null; dayTo: number | null };
  db.prepare(`DELETE FROM order_lines WHERE ${mine}`).run();
  db.prepare('DELETE FROM order_lines_replaced WHERE batch_id = ?').run(batchId);
  try {
    // Put back with their own ids, inside their batch's range.
    db.prepare(
      `INSERT INTO order_lines(id, batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
       SELECT id, batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen
       FROM order_lines_replaced WHERE replaced_by = ? ORDER BY id`,
    ).run(batchId);
  } catch (err) {
    if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) {
      throw new AppError(
        'rollback_blocked',
        '无法撤销：被本批次替换的原订单与之后导入的订单冲突（订单号+卷烟编码重复）',
      );
    }
    throw err;
  }
  db.prepare('DELETE FROM order_lines_replaced WHERE replaced_by = ?').run(batchId);
  if (range.dayFrom !== null && range.dayTo !== null) notifyOrdersChanged(db, range.dayFrom, range.dayTo);
  return range;
}
