/**
 * Buyer bitmaps (migration 023): per month and spec, the retailers who
 * ordered it, one bit per retailer id. They answer "how many distinct
 * retailers ordered each spec over these months" (动销率's base) with an OR
 * of a few hundred small blobs instead of a grouping pass over every retailer
 * × spec row of the months. Written wherever rpt_month_rp is written, in the
 * same transaction; a month counts only when its marker row (product_id 0)
 * is there.
 */
import type { Database, Statement } from 'better-sqlite3';

const MARKER = 0;

/** Bits set per byte value. */
const BITS = new Uint8Array(256);
for (let i = 1; i < 256; i++) BITS[i] = (i & 1) + BITS[i >> 1];

export function setBit(map: Map<number, Uint8Array>, productId: number, retailerId: number, span: number): void {
  let b = map.get(productId);
  if (!b) map.set(productId, (b = new Uint8Array((span + 7) >> 3)));
  if ((retailerId >> 3) >= b.length) {
    const wider = new Uint8Array((retailerId >> 3) + 1);
    wider.set(b);
    map.set(productId, (b = wider));
  }
  b[retailerId >> 3] |= 1 << (retailerId & 7);
}

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

/** The statements, or null on a database without the table (nothing is kept there). */
function stmts(db: Database): Stmts | null {
  let s = cache.get(db);
  if (s === undefined) {
    const exists = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rpt_month_pb'").get();
    s = exists
      ? {
          has: db.prepare('SELECT 1 FROM rpt_month_pb WHERE month = ? AND product_id = 0').pluck(),
          del: db.prepare('DELETE FROM rpt_month_pb WHERE month = ?'),
          put: db.prepare('INSERT OR REPLACE INTO rpt_month_pb(month, product_id, retailers) VALUES (?, ?, ?)'),
          month: db.prepare('SELECT product_id, retailers FROM rpt_month_pb WHERE month = ? AND product_id <> 0'),
          fromRp: db.prepare('SELECT product_id, retailer_id FROM rpt_month_rp WHERE month = ? AND qty > 0').raw(),
          span: db.prepare('SELECT COALESCE(MAX(id), 0) + 1 FROM retailers').pluck(),
          covered: db.prepare('SELECT COUNT(*) FROM rpt_month_pb WHERE month BETWEEN ? AND ? AND product_id = 0').pluck(),
          range: db.prepare('SELECT product_id, retailers FROM rpt_month_pb WHERE month BETWEEN ? AND ? AND product_id <> 0'),
        }
      : null;
    cache.set(db, s);
  }
  return s;
}

/** Replaces a month's bitmaps with these (product id → bitmap) and marks the month complete. */
function writeMonth(s: Stmts, month: number, map: Map<number, Uint8Array>): void {
  s.del.run(month);
  s.put.run(month, MARKER, Buffer.alloc(0));
  for (const [pid, b] of [...map].sort((x, y) => x[0] - y[0])) s.put.run(month, pid, Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Recomputes a month's bitmaps from rpt_month_rp (call after the month's rp rows are final). */
export function recomputeBuyerMonth(db: Database, month: number): void {
  const s = stmts(db);
  if (!s) return;
  const span = s.span.get() as number;
  const map = new Map<number, Uint8Array>();
  for (const [pid, rid] of s.fromRp.iterate(month) as Iterable<[number, number]>) setBit(map, pid, rid, span);
  writeMonth(s, month, map);
}

/**
 * Adds the buyers of an import to a month (buyers only ever join when lines
 * are added). `fresh`: the month had no lines before. A month that is not
 * marked complete is recomputed from rpt_month_rp instead.
 */
export function addBuyers(db: Database, month: number, buyers: Map<number, Uint8Array>, fresh: boolean): void {
  const s = stmts(db);
  if (!s) return;
  if (!fresh && s.has.get(month) === undefined) {
    recomputeBuyerMonth(db, month);
    return;
  }
  if (!fresh) {
    for (const { product_id, retailers } of s.month.all(month) as { product_id: number; retailers: Buffer }[]) {
      const b = buyers.get(product_id);
      if (!b) {
        buyers.set(product_id, new Uint8Array(retailers));
        continue;
      }
      const merged = b.length >= retailers.length ? b : (() => {
        const w = new Uint8Array(retailers.length);
        w.set(b);
        return w;
      })();
      for (let i = 0; i < retailers.length; i++) merged[i] |= retailers[i];
      buyers.set(product_id, merged);
    }
  }
  writeMonth(s, month, buyers);
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
export function distinctBuyers(db: Database, m1: number, m2: number, retailers: number[] | null, products: Set<number>): Map<number, number> | null {
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
  let mask: Uint8Array | null = null;
  if (retailers) {
    mask = new Uint8Array(((s.span.get() as number) + 7) >> 3);
    for (const id of retailers) if ((id >> 3) < mask.length) mask[id >> 3] |= 1 << (id & 7);
  }
  const out = new Map<number, number>();
  for (const [pid, u] of union) {
    let n = 0;
    if (mask) for (let i = 0; i < u.length && i < mask.length; i++) n += BITS[u[i] & mask[i]];
    else for (let i = 0; i < u.length; i++) n += BITS[u[i]];
    if (n > 0) out.set(pid, n);
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
