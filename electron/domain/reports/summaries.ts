/**
 * Monthly summary tables (migration 020) kept in step with order_lines.
 * Any change to order lines on some days recomputes the whole months those
 * days fall in, inside the caller's transaction, so the summaries never
 * disagree with the lines. `rebuildSummaries` recomputes everything.
 */
import type { Database, Statement } from 'better-sqlite3';
import { onOrdersAdded, onOrdersChanged, type OrderLineSink } from '../imports';
import { popcount } from './formulas';
import { MonthBuyers, clearBuyers, loadBuyers, recomputeBuyerMonth, writeBuyers } from './buyers';

const registered = new WeakSet<Database>();
/** rpt_or (bitwise-OR aggregate) and rpt_popcount for day masks */
export function ensureFunctions(db: Database): void {
  if (registered.has(db)) return;
  db.aggregate('rpt_or', {
    start: 0,
    step: (acc: number, v: number | bigint | null) => (v === null ? acc : acc | Number(v)),
    deterministic: true,
  });
  db.function('rpt_popcount', { deterministic: true }, (v: number | bigint | null) =>
    v === null ? 0 : popcount(Number(v)),
  );
  registered.add(db);
}

const dayLevel = (keys: string) => `
  SELECT day, ${keys}, SUM(qty_tiao) q, SUM(demand_tiao) d, SUM(amount_fen) a,
         SUM(CASE WHEN demand_tiao > 0 THEN qty_tiao ELSE 0 END) qdp, COUNT(*) n,
         SUM(demand_tiao > 0) ndp, SUM(demand_tiao > 0 AND qty_tiao = 0) nout, SUM(demand_tiao > 0 AND qty_tiao >= demand_tiao) nfull
  FROM order_lines WHERE day BETWEEN ? AND ? GROUP BY day, ${keys}`;

const MASK = 'SUM(CASE WHEN q > 0 THEN 1 << (day % 100 - 1) ELSE 0 END)';

/** rpt_month_rc from the order lines of a day range, 价类 taken from rpt_class_map. */
const RC_INSERT = `INSERT INTO rpt_month_rc
  SELECT day / 100, pc, retailer_id, SUM(q), SUM(d), SUM(a), SUM(qdp), SUM(n), SUM(ndp), SUM(nout), ${MASK}, SUM(q > 0), SUM(nfull)
  FROM (SELECT o.day, c.price_class pc, o.retailer_id, SUM(o.qty_tiao) q, SUM(o.demand_tiao) d, SUM(o.amount_fen) a,
          SUM(CASE WHEN o.demand_tiao > 0 THEN o.qty_tiao ELSE 0 END) qdp, COUNT(*) n,
          SUM(o.demand_tiao > 0) ndp, SUM(o.demand_tiao > 0 AND o.qty_tiao = 0) nout, SUM(o.demand_tiao > 0 AND o.qty_tiao >= o.demand_tiao) nfull
        FROM order_lines o JOIN rpt_class_map c ON c.product_id = o.product_id
        WHERE o.day BETWEEN ? AND ? GROUP BY o.day, c.price_class, o.retailer_id)
  GROUP BY day / 100, pc, retailer_id`;

/** True when some spec's 价类 differs from the one rpt_month_rc was built with (or a spec is unmapped). */
export function classSummaryStale(db: Database): boolean {
  return !!db
    .prepare(
      `SELECT 1 FROM products p LEFT JOIN rpt_class_map c ON c.product_id = p.id
      WHERE c.product_id IS NULL OR c.price_class <> COALESCE(p.price_class, '') LIMIT 1`,
    )
    .get();
}

/**
 * Before rpt_month_rc takes new lines: false when it must be rebuilt instead
 * (never built while lines existed, or some spec's 价类 changed); otherwise
 * maps new specs (they have no earlier lines) and returns true.
 */
function mapClassSummary(db: Database, noEarlierLines = false): boolean {
  const mapped = (db.prepare('SELECT COUNT(*) n FROM rpt_class_map').get() as { n: number }).n;
  const changed =
    mapped > 0 &&
    !!db
      .prepare(
        `SELECT 1 FROM products p JOIN rpt_class_map c ON c.product_id = p.id WHERE c.price_class <> COALESCE(p.price_class, '') LIMIT 1`,
      )
      .get();
  if ((mapped === 0 && !noEarlierLines) || changed) return false;
  db.prepare("INSERT OR IGNORE INTO rpt_class_map SELECT id, COALESCE(price_class, '') FROM products").run();
  return true;
}

/** Rebuilds rpt_month_rc and its 价类 map from scratch, month by month. */
export function rebuildClassSummary(db: Database): void {
  db.prepare('DELETE FROM rpt_month_rc').run();
  db.prepare('DELETE FROM rpt_class_map').run();
  db.prepare("INSERT INTO rpt_class_map SELECT id, COALESCE(price_class, '') FROM products").run();
  const a = (db.prepare('SELECT MIN(day) a FROM order_lines').get() as { a: number | null }).a;
  const b = (db.prepare('SELECT MAX(day) b FROM order_lines').get() as { b: number | null }).b;
  if (a === null || b === null) return;
  const ins = db.prepare(RC_INSERT);
  for (let k = Math.floor(a / 100); k <= Math.floor(b / 100); k = k % 100 === 12 ? k + 89 : k + 1)
    ins.run(k * 100, k * 100 + 99);
}

/**
 * Keeps rpt_month_rc in step for the months of a change. A spec whose 价类
 * changed (or a table never built) means a full rebuild; new specs are added
 * to the map (they have no earlier lines).
 */
function refreshClassSummary(db: Database, m1: number, m2: number): void {
  if (!mapClassSummary(db)) {
    rebuildClassSummary(db);
    return;
  }
  db.prepare('DELETE FROM rpt_month_rc WHERE month BETWEEN ? AND ?').run(m1, m2);
  db.prepare(RC_INSERT).run(m1 * 100, m2 * 100 + 99);
}

interface Stmts {
  delRp: import('better-sqlite3').Statement;
  delR: import('better-sqlite3').Statement;
  delP: import('better-sqlite3').Statement;
  insRp: import('better-sqlite3').Statement;
  insR: import('better-sqlite3').Statement;
  insP: import('better-sqlite3').Statement;
}
const cache = new WeakMap<Database, Stmts>();

function stmts(db: Database): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = {
      delRp: db.prepare('DELETE FROM rpt_month_rp WHERE month BETWEEN ? AND ?'),
      delR: db.prepare('DELETE FROM rpt_month_r WHERE month BETWEEN ? AND ?'),
      delP: db.prepare('DELETE FROM rpt_month_p WHERE month BETWEEN ? AND ?'),
      insRp: db.prepare(`INSERT INTO rpt_month_rp
        SELECT day / 100, product_id, retailer_id, SUM(q), SUM(d), SUM(a), SUM(qdp), SUM(n), SUM(ndp), SUM(nout), ${MASK}, SUM(q > 0), SUM(nfull)
        FROM (${dayLevel('product_id, retailer_id')}) GROUP BY day / 100, product_id, retailer_id`),
      insR: db.prepare(`INSERT INTO rpt_month_r
        SELECT day / 100, retailer_id, SUM(q), SUM(d), SUM(a), SUM(qdp), SUM(n), SUM(ndp), SUM(nout), ${MASK}, SUM(q > 0), SUM(nfull)
        FROM (${dayLevel('retailer_id')}) GROUP BY day / 100, retailer_id`),
      insP: db.prepare(`INSERT INTO rpt_month_p
        SELECT month, product_id, SUM(qty), SUM(demand), SUM(amount), SUM(qty_dp), SUM(lines), SUM(lines_dp), SUM(lines_out), SUM(qty > 0), SUM(lines_full)
        FROM rpt_month_rp WHERE month BETWEEN ? AND ? GROUP BY month, product_id`),
    };
    cache.set(db, s);
  }
  return s;
}

const current = new WeakMap<Database, boolean>();
/** Migrations 021/022 applied? (A database upgraded past 030 before they existed skips them.) */
function schemaCurrent(db: Database): boolean {
  let ok = current.get(db);
  if (ok === undefined) {
    ok =
      (
        db.prepare("SELECT COUNT(*) n FROM pragma_table_info('rpt_month_rp') WHERE name = 'order_days'").get() as {
          n: number;
        }
      ).n > 0 && !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rpt_month_rc'").get();
    current.set(db, ok);
  }
  return ok;
}

/**
 * Recomputes the summaries of every month that [dayFrom, dayTo] touches (yyyymmdd).
 * On a database without the summaries' current structure it does nothing: the
 * reports refuse such a database with their own message, and an import must not fail.
 */
export function refreshSummaries(db: Database, dayFrom: number, dayTo: number): { months: number } {
  if (!schemaCurrent(db)) return { months: 0 };
  const m1 = Math.floor(Math.min(dayFrom, dayTo) / 100);
  const m2 = Math.floor(Math.max(dayFrom, dayTo) / 100);
  const d1 = m1 * 100,
    d2 = m2 * 100 + 99;
  const s = stmts(db);
  const work = () => {
    s.delRp.run(m1, m2);
    s.delR.run(m1, m2);
    s.delP.run(m1, m2);
    s.insRp.run(d1, d2);
    s.insR.run(d1, d2);
    s.insP.run(m1, m2);
    refreshClassSummary(db, m1, m2);
    for (let k = m1; k <= m2; k = k % 100 === 12 ? k + 89 : k + 1) recomputeBuyerMonth(db, k);
  };
  if (db.inTransaction) work();
  else db.transaction(work)();
  const months = (Math.floor(m2 / 100) - Math.floor(m1 / 100)) * 12 + (m2 % 100) - (m1 % 100) + 1;
  return { months };
}

/** Recomputes every summary from the order lines, month by month (progress via onMonth). */
export function rebuildSummaries(
  db: Database,
  onMonth?: (done: number, total: number) => void,
): { months: number; lines: number } {
  const range = {
    a: (db.prepare('SELECT MIN(day) a FROM order_lines').get() as { a: number | null }).a,
    b: (db.prepare('SELECT MAX(day) b FROM order_lines').get() as { b: number | null }).b,
    n: (db.prepare('SELECT COUNT(*) n FROM order_lines').get() as { n: number }).n,
  };
  const work = () => {
    db.prepare('DELETE FROM rpt_month_rp').run();
    db.prepare('DELETE FROM rpt_month_r').run();
    db.prepare('DELETE FROM rpt_month_p').run();
    db.prepare('DELETE FROM rpt_month_rc').run();
    db.prepare('DELETE FROM rpt_class_map').run();
    clearBuyers(db);
    db.prepare("INSERT INTO rpt_class_map SELECT id, COALESCE(price_class, '') FROM products").run();
    if (range.a === null || range.b === null) return 0;
    const months: number[] = [];
    for (let k = Math.floor(range.a / 100); k <= Math.floor(range.b / 100); k = k % 100 === 12 ? k + 89 : k + 1)
      months.push(k);
    months.forEach((k, i) => {
      refreshSummaries(db, k * 100 + 1, k * 100 + 31);
      onMonth?.(i + 1, months.length);
    });
    return months.length;
  };
  const months = db.inTransaction ? work() : db.transaction(work)();
  return { months, lines: range.n };
}

/** Keeps the summaries in step with every replace, rollback and generation of order lines. */
onOrdersChanged((db, dayFrom, dayTo) => {
  refreshSummaries(db, dayFrom, dayTo);
});

/** Imports that only add lines: the summaries take the new lines as they are written. */
onOrdersAdded((db) => summarySink(db));

/** A typed column copied into a longer one of the same type (the rest zero). */
function widened<T extends Float64Array | Int32Array>(x: T, length: number): T {
  const y = new (x.constructor as new (n: number) => T)(length);
  y.set(x);
  return y;
}

/**
 * Sums of one summary grain, column-wise: one slot per key. The columns are
 * those of the summary tables: 订购量, 需求量, 金额, 订购量 on lines with 需求量,
 * lines, lines with 需求量, lines out of stock, and the day mask.
 */
class Acc {
  /** key → slot: an array when the keys are known to lie below `dense` (no hashing per line), else a map */
  private readonly slotOf: Int32Array | null;
  private readonly slot = new Map<number, number>();
  /** slots in use; the columns below hold `size` values (typed arrays, grown by doubling) */
  size = 0;
  keys: Float64Array;
  q: Float64Array;
  d: Float64Array;
  a: Float64Array;
  qdp: Float64Array;
  n: Float64Array;
  ndp: Float64Array;
  nout: Float64Array;
  full: Float64Array;
  mask: Int32Array;

  /** false once a slot was added out of key order */
  private ascending = true;

  /** `capacity`: the slots expected (more are made room for); `dense`: see slotOf */
  constructor(capacity = 1024, dense = 0) {
    this.slotOf = dense > 0 ? new Int32Array(dense).fill(-1) : null;
    const c = Math.max(16, capacity);
    this.keys = new Float64Array(c);
    this.q = new Float64Array(c);
    this.d = new Float64Array(c);
    this.a = new Float64Array(c);
    this.qdp = new Float64Array(c);
    this.n = new Float64Array(c);
    this.ndp = new Float64Array(c);
    this.nout = new Float64Array(c);
    this.full = new Float64Array(c);
    this.mask = new Int32Array(c);
  }

  private grow(): void {
    const c = this.keys.length * 2;
    const more = <T extends Float64Array | Int32Array>(x: T): T => widened(x, c);
    this.keys = more(this.keys);
    this.q = more(this.q);
    this.d = more(this.d);
    this.a = more(this.a);
    this.qdp = more(this.qdp);
    this.n = more(this.n);
    this.ndp = more(this.ndp);
    this.nout = more(this.nout);
    this.full = more(this.full);
    this.mask = more(this.mask);
  }

  /**
   * A new slot (all sums 0) for a key; slots appended in key order need no sort later. The
   * key → slot index is not kept, so `at` must not be used on an accumulator filled this way.
   */
  append(key: number): number {
    const i = this.size;
    if (i === this.keys.length) this.grow();
    if (i > 0 && this.keys[i - 1] >= key) this.ascending = false;
    this.keys[i] = key;
    this.size = i + 1;
    return i;
  }

  at(key: number): number {
    const dense = this.slotOf;
    let i = dense ? dense[key] : (this.slot.get(key) ?? -1);
    if (i < 0) {
      i = this.append(key);
      if (dense) dense[key] = i;
      else this.slot.set(key, i);
    }
    return i;
  }

  /** Adds slot j of another accumulator into slot i of this one. */
  merge(i: number, o: Acc, j: number): void {
    this.q[i] += o.q[j];
    this.d[i] += o.d[j];
    this.a[i] += o.a[j];
    this.qdp[i] += o.qdp[j];
    this.n[i] += o.n[j];
    this.ndp[i] += o.ndp[j];
    this.nout[i] += o.nout[j];
    this.full[i] += o.full[j];
    this.mask[i] |= o.mask[j];
  }

  /** The slots in ascending key order (the summary tables' key order: sequential B-tree inserts). */
  sorted(): Int32Array {
    // Keys are below 2^31 and slots below 2^21: key × 2^21 + slot is exact, and a typed sort is fast.
    const n = this.size;
    if (this.ascending) {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = i;
      return out;
    }
    if (n >= 2097152)
      return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((x, y) => this.keys[x] - this.keys[y]));
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = this.keys[i] * 2097152 + i;
    packed.sort();
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = packed[i] % 2097152;
    return out;
  }

  /**
   * Puts slot i's row into `args` from `at`: the month, the key columns (one or two), the sums, the
   * day mask and its order dates — the columns of the summary tables' inserts (SUM_COLS).
   */
  fill(args: unknown[], at: number, month: number, k1: number | string, k2: number | null, i: number): void {
    const m = this.mask[i];
    args[at++] = month;
    args[at++] = k1;
    if (k2 !== null) args[at++] = k2;
    args[at++] = this.q[i];
    args[at++] = this.d[i];
    args[at++] = this.a[i];
    args[at++] = this.qdp[i];
    args[at++] = this.n[i];
    args[at++] = this.ndp[i];
    args[at++] = this.nout[i];
    args[at++] = m;
    args[at++] = popcount(m);
    args[at] = this.full[i];
  }
}

/** Rows per multi-row INSERT (32 × 13 values, far below SQLite's 32,766 parameters). */
const ROWS_PER_INSERT = 32;

/**
 * One summary table's insert for one row and for ROWS_PER_INSERT rows: a month's ~130,000 rows
 * go in 32 at a time (about 40 % less CPU than a statement per row: fewer steps and bindings).
 */
class BulkInsert {
  private readonly args: unknown[];
  private n = 0;
  constructor(
    private readonly one: Statement,
    private readonly many: Statement,
    private readonly width: number,
    /** with RETURNING: each returned row, in no set order */
    private readonly returned?: (row: unknown) => void,
  ) {
    this.args = new Array(width * ROWS_PER_INSERT);
  }

  /** Where the next row's values go in `args` (fill them, then nothing else is needed). */
  next(): { args: unknown[]; at: number } {
    if (this.n === ROWS_PER_INSERT) this.flush();
    return { args: this.args, at: this.n++ * this.width };
  }

  flush(): void {
    const { n, width, args, returned } = this;
    if (n === ROWS_PER_INSERT) {
      if (returned) for (const r of this.many.all(args)) returned(r);
      else this.many.run(args);
    } else {
      for (let r = 0; r < n; r++) {
        const one = args.slice(r * width, (r + 1) * width);
        if (returned) returned(this.one.get(one));
        else this.one.run(one);
      }
    }
    this.n = 0;
  }
}

const SUM_COLS = 'qty, demand, amount, qty_dp, lines, lines_dp, lines_out, day_mask, order_days, lines_full';
const ADD_SET = `qty = qty + excluded.qty, demand = demand + excluded.demand, amount = amount + excluded.amount,
  qty_dp = qty_dp + excluded.qty_dp, lines = lines + excluded.lines, lines_dp = lines_dp + excluded.lines_dp,
  lines_out = lines_out + excluded.lines_out, lines_full = lines_full + excluded.lines_full, day_mask = day_mask | excluded.day_mask,
  order_days = rpt_popcount(day_mask | excluded.day_mask)`;

interface SinkStmts {
  monthHas: Statement;
  /** [one row, ROWS_PER_INSERT rows] */
  rp: [Statement, Statement];
  r: [Statement, Statement];
  rc: [Statement, Statement];
  p: Statement;
  upRp: [Statement, Statement];
  upR: [Statement, Statement];
  upRc: [Statement, Statement];
  delP: Statement;
  insP: Statement;
}
const sinkCache = new WeakMap<Database, SinkStmts>();

function sinkStmts(db: Database): SinkStmts {
  let s = sinkCache.get(db);
  if (!s) {
    ensureFunctions(db);
    const ins = (table: string, keys: string, upsert: boolean, returning = ''): [Statement, Statement] => {
      const row = `(?, ${keys
        .split(',')
        .map(() => '?')
        .join(', ')}, ${SUM_COLS.split(',')
        .map(() => '?')
        .join(', ')})`;
      const sql = (rows: number) =>
        `INSERT INTO ${table}(month, ${keys}, ${SUM_COLS}) VALUES ${Array(rows).fill(row).join(', ')}` +
        (upsert ? ` ON CONFLICT(month, ${keys}) DO UPDATE SET ${ADD_SET}` : '') +
        returning;
      return [db.prepare(sql(1)), db.prepare(sql(ROWS_PER_INSERT))];
    };
    s = {
      monthHas: db.prepare('SELECT 1 FROM rpt_month_r WHERE month = ? LIMIT 1').pluck(),
      rp: ins('rpt_month_rp', 'product_id, retailer_id', false),
      r: ins('rpt_month_r', 'retailer_id', false),
      rc: ins('rpt_month_rc', 'price_class, retailer_id', false),
      p: db.prepare(
        'INSERT INTO rpt_month_p(month, product_id, qty, demand, amount, qty_dp, lines, lines_dp, lines_out, buyers, lines_full) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      upRp: ins('rpt_month_rp', 'product_id, retailer_id', true, ' RETURNING product_id, retailer_id, day_mask'),
      upR: ins('rpt_month_r', 'retailer_id', true),
      upRc: ins('rpt_month_rc', 'price_class, retailer_id', true),
      delP: db.prepare('DELETE FROM rpt_month_p WHERE month = ?'),
      insP: stmts(db).insP,
    };
    sinkCache.set(db, s);
  }
  return s;
}

/** Positions within one month's lines in the sort key (key × POS + position). */
const POS = 4194304;

/**
 * Adds an import's new lines to the summaries without reading any line back:
 * the lines are summed per month × spec × retailer as they are written; the
 * other grains are sums of those. A month that held no lines before gets plain
 * inserts; otherwise rows are added to (day masks OR-ed) and the month's
 * per-spec rows are recomputed (their 订货户数 needs the retailers already there).
 * The result equals `refreshSummaries` over the same months (tested).
 */
function summarySink(db: Database): OrderLineSink {
  // Keys are small integers (fast map keys): product index (in id order) × span + retailer id.
  const productIds = db.prepare('SELECT id FROM products ORDER BY id').pluck().all() as number[];
  const productIndex = new Map(productIds.map((id, i) => [id, i]));
  const span = ((db.prepare('SELECT MAX(id) FROM retailers').pluck().get() as number | null) ?? 0) + 1;
  const months = new Map<number, Acc>();
  let from = Infinity;
  let to = -Infinity;
  // Keys must stay below 2^31 (see Acc.sorted); otherwise the months are recomputed from the lines.
  let known = productIds.length * span < 2 ** 31;
  // Whether order_lines was empty before this import (then an empty 价类 map is simply built).
  const emptyBefore = db.prepare('SELECT 1 FROM order_lines LIMIT 1').get() === undefined;

  // Lines are kept in typed columns as they come and summed at commit: summing them in between
  // the inserts of order lines (a map lookup per line) would compete with SQLite for the CPU caches.
  let n = 0;
  let cols = {
    day: new Int32Array(1 << 16),
    rid: new Int32Array(1 << 16),
    pi: new Int32Array(1 << 16),
    demand: new Float64Array(1 << 16),
    qty: new Float64Array(1 << 16),
    amount: new Float64Array(1 << 16),
  };
  function grow(): void {
    const w = cols.day.length * 2;
    const copy = <T extends Int32Array | Float64Array>(a: T): T => widened(a, w);
    cols = {
      day: copy(cols.day),
      rid: copy(cols.rid),
      pi: copy(cols.pi),
      demand: copy(cols.demand),
      qty: copy(cols.qty),
      amount: copy(cols.amount),
    };
  }

  function add(day: number, retailerId: number, productId: number, demand: number, qty: number, amount: number): void {
    if (day < from) from = day;
    if (day > to) to = day;
    const pi = productIndex.get(productId);
    if (pi === undefined || retailerId >= span) known = false; // not possible for lines of known masters; recompute then
    if (!known || pi === undefined) return;
    if (n === cols.day.length) grow();
    cols.day[n] = day;
    cols.rid[n] = retailerId;
    cols.pi[n] = pi;
    cols.demand[n] = demand;
    cols.qty[n] = qty;
    cols.amount[n] = amount;
    n++;
  }

  /** Adds line j to slot i of `a`. */
  function addLine(a: Acc, i: number, j: number): void {
    const qty = cols.qty[j],
      demand = cols.demand[j],
      day = cols.day[j];
    a.q[i] += qty;
    a.d[i] += demand;
    a.a[i] += cols.amount[j];
    a.n[i] += 1;
    if (demand > 0) {
      a.qdp[i] += qty;
      a.ndp[i] += 1;
      if (qty === 0) a.nout[i] += 1;
      else if (qty >= demand) a.full[i] += 1;
    }
    if (qty > 0) a.mask[i] |= 1 << ((day % 100) - 1);
  }

  /**
   * Sums the kept lines per month × spec × retailer. Each month's lines are
   * sorted by key (one typed sort of key × 2^22 + position, exact below 2^53),
   * then summed in one pass: the slots come out in key order, without a map
   * lookup per line. A month of 2^22 lines or more is summed through the map.
   */
  function sum(): void {
    const { day: days, rid, pi } = cols;
    const perMonth = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      const m = Math.floor(days[j] / 100);
      perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
    }
    for (const [m, count] of perMonth) {
      const a = new Acc(Math.min(count, 1 << 16));
      months.set(m, a);
      if (count >= POS) {
        for (let j = 0; j < n; j++) if (Math.floor(days[j] / 100) === m) addLine(a, a.at(pi[j] * span + rid[j]), j);
        continue;
      }
      const at = new Int32Array(count);
      const packed = new Float64Array(count);
      for (let j = 0, t = 0; j < n; j++) {
        if (Math.floor(days[j] / 100) !== m) continue;
        at[t] = j;
        packed[t] = (pi[j] * span + rid[j]) * POS + t;
        t++;
      }
      packed.sort();
      let key = -1;
      let i = -1;
      for (let t = 0; t < count; t++) {
        const v = packed[t];
        const k = Math.floor(v / POS);
        if (k !== key) {
          key = k;
          i = a.append(k);
        }
        addLine(a, i, at[v - k * POS]);
      }
    }
  }

  function commit(): void {
    if (from > to || !schemaCurrent(db)) return;
    if (!known) {
      refreshSummaries(db, from, to);
      return;
    }
    sum();
    const s = sinkStmts(db);
    // 价类 of each spec as rpt_month_rc knows it; a changed 价类 means a full rebuild of that table.
    const rebuildRc = !mapClassSummary(db, emptyBefore);
    const classes = rebuildRc
      ? []
      : (db.prepare('SELECT DISTINCT price_class FROM rpt_class_map ORDER BY price_class').pluck().all() as string[]);
    const classOf = new Map<number, number>(); // product index → class index
    if (!rebuildRc) {
      for (const row of db.prepare('SELECT product_id, price_class FROM rpt_class_map').all() as {
        product_id: number;
        price_class: string;
      }[]) {
        const pi = productIndex.get(row.product_id);
        if (pi !== undefined) classOf.set(pi, classes.indexOf(row.price_class));
      }
    }
    for (const [month, rp] of [...months].sort((x, y) => x[0] - y[0])) {
      const fresh = s.monthHas.get(month) === undefined;
      // Keys of the coarser grains are small integers: their slots are found by array, not by hashing.
      const r = new Acc(1024, span);
      const rc = new Acc(1024, rebuildRc ? 0 : Math.max(classes.length, 1) * span);
      const p = new Acc(productIds.length, productIds.length);
      const buyers = new Map<number, number>();
      // A month with bitmaps already: they are added to (order dates only grow when lines are added).
      const bitmaps = fresh ? new MonthBuyers(span) : loadBuyers(db, month, span);
      // Adding to a month's rows: each row's day mask after the change comes back (its order dates
      // for the buyer bitmaps), keyed by spec and retailer.
      const insRp = fresh
        ? new BulkInsert(s.rp[0], s.rp[1], 13)
        : new BulkInsert(s.upRp[0], s.upRp[1], 13, (row) => {
            const {
              product_id: pid,
              retailer_id: rid,
              day_mask: mask,
            } = row as {
              product_id: number;
              retailer_id: number;
              day_mask: number;
            };
            if (bitmaps && mask) bitmaps.add(pid, rid, popcount(mask));
          });
      for (const i of rp.sorted()) {
        const key = rp.keys[i];
        const pi = Math.floor(key / span);
        const retailerId = key - pi * span;
        const { args, at } = insRp.next();
        rp.fill(args, at, month, productIds[pi], retailerId, i);
        r.merge(r.at(retailerId), rp, i);
        if (!rebuildRc) rc.merge(rc.at(classOf.get(pi)! * span + retailerId), rp, i);
        if (fresh) {
          if (rp.q[i] > 0) bitmaps!.add(productIds[pi], retailerId, popcount(rp.mask[i]));
          p.merge(p.at(pi), rp, i);
          if (rp.q[i] > 0) buyers.set(pi, (buyers.get(pi) ?? 0) + 1);
        }
      }
      insRp.flush();
      writeBuyers(db, month, bitmaps);
      const insR = fresh ? new BulkInsert(s.r[0], s.r[1], 12) : new BulkInsert(s.upR[0], s.upR[1], 12);
      for (const i of r.sorted()) {
        const { args, at } = insR.next();
        r.fill(args, at, month, r.keys[i], null, i);
      }
      insR.flush();
      const insRc = fresh ? new BulkInsert(s.rc[0], s.rc[1], 13) : new BulkInsert(s.upRc[0], s.upRc[1], 13);
      for (const i of rc.sorted()) {
        const ci = Math.floor(rc.keys[i] / span);
        const { args, at } = insRc.next();
        rc.fill(args, at, month, classes[ci], rc.keys[i] - ci * span, i);
      }
      insRc.flush();
      if (fresh) {
        for (const i of p.sorted())
          s.p.run(
            month,
            productIds[p.keys[i]],
            p.q[i],
            p.d[i],
            p.a[i],
            p.qdp[i],
            p.n[i],
            p.ndp[i],
            p.nout[i],
            buyers.get(p.keys[i]) ?? 0,
            p.full[i],
          );
      } else {
        s.delP.run(month);
        s.insP.run(month, month);
      }
    }
    if (rebuildRc) rebuildClassSummary(db);
  }

  return { add, commit };
}
