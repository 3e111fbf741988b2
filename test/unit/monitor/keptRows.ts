/**
 * The kept order dates of the 内管 scan (monitor_order_days) as text rows
 * "retailer_id product_id day qty base" in pair and day order, and the same rows computed by plain
 * loops from every order line: per pair, each day's lines summed, days with a sum > 0 kept, the
 * previous n such days' sums added up (none with fewer than n).
 */
import type { Database } from 'better-sqlite3';

export function keptRows(db: Database): string[] {
  return (
    db
      .prepare(
        'SELECT retailer_id, product_id, day, qty, base FROM monitor_order_days ORDER BY retailer_id, product_id, day',
      )
      .all() as { retailer_id: number; product_id: number; day: number; qty: number; base: number | null }[]
  ).map((r) => `${r.retailer_id} ${r.product_id} ${r.day} ${r.qty} ${r.base ?? '-'}`);
}

export function rowsFromLines(db: Database, n: number): string[] {
  const days = new Map<string, Map<number, number>>();
  for (const l of db.prepare('SELECT retailer_id, product_id, day, qty_tiao FROM order_lines').iterate() as Iterable<{
    retailer_id: number;
    product_id: number;
    day: number;
    qty_tiao: number;
  }>) {
    const key = `${l.retailer_id} ${l.product_id}`;
    const m = days.get(key) ?? new Map<number, number>();
    m.set(l.day, (m.get(l.day) ?? 0) + l.qty_tiao);
    days.set(key, m);
  }
  const out: { r: number; p: number; day: number; text: string }[] = [];
  for (const [key, m] of days) {
    const [r, p] = key.split(' ').map(Number);
    const dated = [...m].filter(([, q]) => q > 0).sort((a, b) => a[0] - b[0]);
    dated.forEach(([day, qty], i) => {
      let base: number | null = null;
      if (i >= n) {
        base = 0;
        for (let j = i - n; j < i; j++) base += dated[j][1];
      }
      out.push({ r, p, day, text: `${r} ${p} ${day} ${qty} ${base ?? '-'}` });
    });
  }
  return out.sort((a, b) => a.r - b.r || a.p - b.p || a.day - b.day).map((x) => x.text);
}
