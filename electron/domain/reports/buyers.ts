/**
 * Buyer bitmaps (migrations 023, 024): per month and spec, the retailers who
 * ordered it, one bit per retailer id, and the layers of those who ordered it
 * on at least 2, 3, … distinct days. They answer "how many distinct retailers
 * ordered each spec over these months" (动销率's base) with an OR of a few
 * hundred small blobs, and a month's 订货户数 / 重购 / 订货次数 per spec over any
 * set of retailers with popcounts, instead of grouping every retailer × spec
 * row. Written wherever rpt_month_rp is written, in the same transaction; a
 * month counts only when its marker row (product_id 0) is there.
 */
import type { Database, Statement } from 'better-sqlite3';

const MARKER = 0;

/** Bits set per byte value. */
const BITS = new Uint8Array(256);
for (let i = 1; i < 256; i++) BITS[i] = (i & 1) + BITS[i >> 1];

interface Stmts {
  has: Statement;
  del: Statement;
  put: Statement;
  month: Statement;
  fromRp: Statement;
  span: Statement;
  covered: Statement;
  range: Statement;
}
const cache = new WeakMap<Database, Stmts | null>();

/** The statements, or null on a database without the tables' current shape (nothing is kept there). */
function stmts(db: Database): Stmts | null {
  let s = cache.get(db);
  if (s === undefined) {
    const exists =
      (db
        .prepare("SELECT COUNT(*) FROM pragma_table_info('rpt_month_pb') WHERE name = 'layers'")
        .pluck()
        .get() as number) > 0;
    s = exists
      ? {
          has: db.prepare('SELECT 1 FROM rpt_month_pb WHERE month = ? AND product_id = 0').pluck(),
          del: db.prepare('DELETE FROM rpt_month_pb WHERE month = ?'),
          put: db.prepare(
            'INSERT OR REPLACE INTO rpt_month_pb(month, product_id, retailers, layers) VALUES (?, ?, ?, ?)',
          ),
          month: db.prepare(
            'SELECT product_id, retailers, layers FROM rpt_month_pb WHERE month = ? AND product_id <> 0',
          ),
          fromRp: db
            .prepare('SELECT product_id, retailer_id, order_days FROM rpt_month_rp WHERE month = ? AND qty > 0')
            .raw(),
          span: db.prepare('SELECT COALESCE(MAX(id), 0) + 1 FROM retailers').pluck(),
          covered: db
            .prepare('SELECT COUNT(*) FROM rpt_month_pb WHERE month BETWEEN ? AND ? AND product_id = 0')
            .pluck(),
          range: db.prepare(
            'SELECT product_id, retailers FROM rpt_month_pb WHERE month BETWEEN ? AND ? AND product_id <> 0',
          ),
        }
      : null;
    cache.set(db, s);
  }
  return s;
}

/** One month's buyers per spec: who ordered (days ≥ 1), and the layers days ≥ 2, 3, … */
export class MonthBuyers {
  readonly specs = new Map<number, Uint8Array[]>();
  constructor(readonly span: number) {}

  /** A retailer ordered the spec (订购量 > 0) on `days` distinct days of the month. */
  add(productId: number, retailerId: number, days: number): void {
    let layers = this.specs.get(productId);
    if (!layers) this.specs.set(productId, (layers = []));
    const bytes = (this.span + 7) >> 3;
    const byte = retailerId >> 3,
      bit = 1 << (retailerId & 7);
    for (let k = 0; k < Math.max(1, days); k++) {
      if (!layers[k]) layers[k] = new Uint8Array(bytes);
      layers[k][byte] |= bit;
    }
  }
}

/** Replaces a month's bitmaps and marks the month complete. */
function writeMonth(s: Stmts, month: number, b: MonthBuyers): void {
  s.del.run(month);
  s.put.run(month, MARKER, Buffer.alloc(0), null);
  for (const [pid, layers] of [...b.specs].sort((x, y) => x[0] - y[0])) {
    const rest = layers.length > 1 ? Buffer.concat(layers.slice(1)) : null;
    s.put.run(month, pid, Buffer.from(layers[0].buffer, layers[0].byteOffset, layers[0].byteLength), rest);
  }
}

/** Recomputes a month's bitmaps from rpt_month_rp (call after the month's rp rows are final). */
export function recomputeBuyerMonth(db: Database, month: number): void {
  const s = stmts(db);
  if (!s) return;
  const b = new MonthBuyers(s.span.get() as number);
  for (const [pid, rid, days] of s.fromRp.iterate(month) as Iterable<[number, number, number]>) b.add(pid, rid, days);
  writeMonth(s, month, b);
}

/**
 * A month's bitmaps to add an import's buyers to; null when the month has
 * none yet (it is then recomputed from rpt_month_rp by writeBuyers).
 */
export function loadBuyers(db: Database, month: number, span: number): MonthBuyers | null {
  const s = stmts(db);
  if (!s || s.has.get(month) === undefined) return null;
  const b = new MonthBuyers(span);
  const bytes = (span + 7) >> 3;
  for (const { product_id, retailers, layers } of s.month.all(month) as {
    product_id: number;
    retailers: Buffer;
    layers: Buffer | null;
  }[]) {
    const len = retailers.length;
    const list: Uint8Array[] = [];
    for (let from = -len; from + len <= (layers?.length ?? 0); from += len) {
      const layer = new Uint8Array(Math.max(bytes, len));
      layer.set(from < 0 ? retailers : layers!.subarray(from, from + len));
      list.push(layer);
    }
    b.specs.set(product_id, list);
  }
  return b;
}

/**
 * Writes a month's bitmaps after an import: `buyers` holds every buyer of the
 * month with its order dates (a fresh month, or the month's bitmaps loaded and
 * added to); null means the month had lines but no bitmaps, and it is
 * recomputed from rpt_month_rp (call after its rp rows are written).
 */
export function writeBuyers(db: Database, month: number, buyers: MonthBuyers | null): void {
  const s = stmts(db);
  if (!s) return;
  if (buyers) writeMonth(s, month, buyers);
  else recomputeBuyerMonth(db, month);
}

/** Removes every bitmap (before a full rebuild). */
export function clearBuyers(db: Database): void {
  if (stmts(db)) db.prepare('DELETE FROM rpt_month_pb').run();
}

/**
 * Distinct retailers who ordered each spec in months m1..m2 (yyyymm), counted
 * among `retailers` (null = every retailer), for the specs in `products`; or
 * null when some month of the range has no complete bitmaps.
 */
export function distinctBuyers(
  db: Database,
  m1: number,
  m2: number,
  retailers: number[] | null,
  products: Set<number>,
): Map<number, number> | null {
  const s = stmts(db);
  if (!s) return null;
  let months = 0;
  for (let k = m1; k <= m2; k = k % 100 === 12 ? k + 89 : k + 1) months++;
  if ((s.covered.get(m1, m2) as number) !== months) return null;
  const union = new Map<number, Uint8Array>();
  for (const { product_id, retailers: blob } of s.range.all(m1, m2) as { product_id: number; retailers: Buffer }[]) {
    if (!products.has(product_id)) continue;
    const u = union.get(product_id);
    if (!u || u.length < blob.length) {
      const w = new Uint8Array(blob);
      if (u) for (let i = 0; i < u.length; i++) w[i] |= u[i];
      union.set(product_id, w);
    } else for (let i = 0; i < blob.length; i++) u[i] |= blob[i];
  }
  const mask = retailers ? maskOf(retailers, s.span.get() as number) : null;
  const out = new Map<number, number>();
  for (const [pid, u] of union) {
    const n = countAnd(u, 0, u.length, mask);
    if (n > 0) out.set(pid, n);
  }
  return out;
}

/** A bitmap of these retailer ids (bit = id). */
function maskOf(ids: Iterable<number>, span: number): Uint8Array {
  const m = new Uint8Array((span + 7) >> 3);
  for (const id of ids) if (id >> 3 < m.length) m[id >> 3] |= 1 << (id & 7);
  return m;
}

function countAnd(a: Uint8Array, from: number, len: number, mask: Uint8Array | null): number {
  let n = 0;
  if (mask) for (let i = 0; i < len && i < mask.length; i++) n += BITS[a[from + i] & mask[i]];
  else for (let i = 0; i < len; i++) n += BITS[a[from + i]];
  return n;
}

export interface SpecReach {
  ordering: number;
  orderingOperating: number;
  repeat: number;
  repeatOperating: number;
  orderDays: number;
}

/**
 * One month's reach per spec from the bitmaps: among `retailers` (null =
 * all), those who ordered, of them the `operating` ones (正常经营), those with
 * two or more order dates, and Σ order dates; null when the month has no
 * complete bitmaps. Only specs with an ordering retailer are returned.
 */
export function monthReach(
  db: Database,
  month: number,
  retailers: number[] | null,
  operating: number[],
  products: Set<number>,
): Map<number, SpecReach> | null {
  const s = stmts(db);
  if (!s || s.has.get(month) === undefined) return null;
  const span = s.span.get() as number;
  const scope = retailers ? maskOf(retailers, span) : null;
  const op = maskOf(operating, span);
  if (scope) for (let i = 0; i < op.length; i++) op[i] &= scope[i];
  const out = new Map<number, SpecReach>();
  for (const { product_id, retailers: l1, layers } of s.month.all(month) as {
    product_id: number;
    retailers: Buffer;
    layers: Buffer | null;
  }[]) {
    if (!products.has(product_id)) continue;
    const len = l1.length;
    const ordering = countAnd(l1, 0, len, scope);
    if (ordering === 0) continue;
    let orderDays = ordering;
    let repeat = 0,
      repeatOperating = 0;
    if (layers) {
      for (let from = 0; from + len <= layers.length; from += len) {
        const n = countAnd(layers, from, len, scope);
        if (from === 0) {
          repeat = n;
          repeatOperating = countAnd(layers, 0, len, op);
        }
        orderDays += n;
      }
    }
    out.set(product_id, { ordering, orderingOperating: countAnd(l1, 0, len, op), repeat, repeatOperating, orderDays });
  }
  return out;
}

/** Builds the bitmaps of every month that has summaries but no bitmaps yet (a database from before them). */
export function fillBuyerMonths(db: Database): number {
  if (!stmts(db)) return 0;
  const months = db
    .prepare('SELECT DISTINCT month FROM rpt_month_r EXCEPT SELECT month FROM rpt_month_pb WHERE product_id = 0')
    .pluck()
    .all() as number[];
  for (const m of months) recomputeBuyerMonth(db, m);
  return months.length;
}
