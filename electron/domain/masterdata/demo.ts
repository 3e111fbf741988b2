/**
 * The demo county (示例数据): managers, routes, retailers and products in
 * believable proportions, and weekly orders with seasonality and the Spring
 * Festival peak (its date from the lunar calendar). Deterministic for a seed
 * and an end date. Runs inside the job's transaction.
 */
import type { Database } from 'better-sqlite3';
import { dayOfDate, dayText, toSerial } from '../../../common/days';
import { springFestivalDay } from '../plans';
import type { Context, JobControl } from '../../api/define';
import { AppError } from '../../api/errors';
import { readSettings, writeSettings } from '../settings';
import { nextLineId, notifyOrdersChanged, setBatchLines } from '../imports';
import { runDemoExtensions, seededRandom } from './demoHooks';
import { priceClassOf } from './categories';
import {
  BASE_SPECS,
  GIVEN,
  SHOP_SUFFIX,
  SHOP_WORDS,
  SURNAMES,
  TOWNS,
  VARIANTS,
  type CatalogueSpec,
} from './demoCatalogue';

export type DemoSize = 'tiny' | 'small' | 'large' | 'city';

/** Bumped whenever the same seed gives different data (benchmarks key their kept databases on it). */
export const DEMO_VERSION = 2;

export const DEMO_SIZES: Record<
  DemoSize,
  { managers: number; routes: number; retailers: number; products: number; label: string }
> = {
  tiny: { managers: 3, routes: 4, retailers: 120, products: 40, label: '微型（测试用）' },
  small: { managers: 8, routes: 10, retailers: 1500, products: 200, label: '小县' },
  large: { managers: 25, routes: 30, retailers: 6000, products: 350, label: '大县' },
  city: { managers: 105, routes: 130, retailers: 26400, products: 450, label: '地市' },
};

export interface DemoInput {
  size: DemoSize;
  years?: number;
  seed?: number;
  /** last day of history, YYYY-MM-DD; default the end of last month */
  endDate?: string;
  /** false: masters only (示例基础资料), e.g. to practise importing order files */
  orders?: boolean;
}

export { seededRandom } from './demoHooks';

function pickWeighted<T>(rand: () => number, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = rand() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
}

const ymd = dayOfDate;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86400000;

/**
 * Volume multiplier of a week starting on `day`: the weeks before 春节 peak
 * (gifts and stocking up), the holiday and the weeks after dip, summer is
 * slack, 中秋/国庆 and December lift.
 */
export function seasonFactor(day: Date): number {
  const y = day.getUTCFullYear();
  let f = 1;
  for (const sf of [springFestivalDay(y), springFestivalDay(y + 1)]) {
    const d = Math.round(day.getTime() / DAY) - toSerial(sf);
    if (d >= -28 && d < -14) f *= 1.45;
    else if (d >= -14 && d < 0) f *= 1.95;
    else if (d >= 0 && d < 10) f *= 0.35;
    else if (d >= 10 && d < 31) f *= 0.8;
  }
  const m = day.getUTCMonth() + 1;
  if (m === 7 || m === 8) f *= 0.9;
  if (m === 9 || (m === 10 && day.getUTCDate() <= 7)) f *= 1.15;
  if (m === 12) f *= 1.08;
  return f;
}

function defaultEnd(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), 0));
}

/** The catalogue extended to n specs with variant names, each with prices in 分. */
function buildProducts(n: number, rand: () => number) {
  const out: (CatalogueSpec & {
    code: string;
    name: string;
    wholesale: number;
    retail: number;
    transferFen: number;
  })[] = [];
  const names = new Set<string>();
  // Interleave the 价类 so that even a small catalogue has every class.
  const byClass = new Map<string, CatalogueSpec[]>();
  for (const b of BASE_SPECS) {
    const c = priceClassOf(Math.round(b.transfer * 100));
    byClass.set(c, [...(byClass.get(c) ?? []), b]);
  }
  const order: CatalogueSpec[] = [];
  for (let k = 0; order.length < BASE_SPECS.length; k++)
    for (const list of byClass.values()) if (k < list.length) order.push(list[k]);
  let i = 0;
  while (out.length < n) {
    const base = order[i % order.length];
    const round = Math.floor(i / order.length);
    i++;
    let spec = base.spec;
    let transfer = base.transfer;
    if (round > 0) {
      spec = VARIANTS[Math.floor(rand() * VARIANTS.length)] + (rand() < 0.5 ? '' : base.spec.replace(/^(硬|软)/, ''));
      if (!spec) spec = VARIANTS[round % VARIANTS.length];
      transfer = Math.max(8, Math.round(base.transfer * (0.85 + rand() * 0.3) * 100) / 100);
    }
    const name = `${base.brand}(${spec})`;
    if (names.has(name)) continue;
    names.add(name);
    const transferFen = Math.round(transfer * 100);
    // 批发价 about 13% over 调拨价, 建议零售价 about 10% over 批发价, rounded the way price lists are.
    const wholesale = Math.round(transferFen * 1.13);
    const retail = Math.round((wholesale * 1.1) / 100) * 100;
    out.push({
      ...base,
      spec,
      transfer,
      name,
      transferFen,
      wholesale,
      retail,
      code: `69010${String(28000000 + out.length * 37 + 11).padStart(8, '0')}`,
    });
  }
  return out;
}

const randomName = (rand: () => number) =>
  SURNAMES[Math.floor(rand() * SURNAMES.length)] + GIVEN[Math.floor(rand() * GIVEN.length)];
const phone = (rand: () => number) =>
  `1${['33', '35', '37', '38', '39', '58', '77', '86', '89'][Math.floor(rand() * 9)]}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;

const FORMATS = ['食杂店', '便利店', '超市', '商场', '烟酒店', '娱乐服务类', '其他'] as const;
const FORMAT_WEIGHTS = [55, 15, 8, 1, 12, 4, 5];
const CLASS_OF = (fen: number) => priceClassOf(fen);

export function generateDemo(ctx: Pick<Context, 'db' | 'actor' | 'audit'>, input: DemoInput, job?: JobControl) {
  const { db } = ctx;
  const size = DEMO_SIZES[input.size];
  const years = input.years ?? 2;
  const seed = input.seed ?? 1;
  const rand = seededRandom(seed);
  const has = db
    .prepare(
      'SELECT (SELECT COUNT(*) FROM retailers) + (SELECT COUNT(*) FROM order_lines) + (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM managers)',
    )
    .pluck()
    .get() as number;
  if (has > 0) throw new AppError('not_empty', '数据库中已有资料，示例数据只能载入空数据库（请新建一个数据库再生成）');
  const end = input.endDate ? new Date(input.endDate + 'T00:00:00Z') : defaultEnd();
  if (Number.isNaN(end.getTime())) throw new AppError('invalid_input', `结束日期“${input.endDate}”无效`);
  const start = new Date(Date.UTC(end.getUTCFullYear() - years, end.getUTCMonth(), end.getUTCDate() + 1));

  const batch = (kind: string, file: string) =>
    Number(
      db
        .prepare(
          `INSERT INTO import_batches(kind, file_name, file_hash, user_login, user_name, note) VALUES (?, ?, ?, ?, ?, '示例数据')`,
        )
        .run(kind, file, `demo-${input.size}-${seed}`, ctx.actor.login, ctx.actor.name).lastInsertRowid,
    );
  const masterBatch = batch('demo', `示例数据（${size.label}基础资料）`);

  // 客户经理
  const insManager = db.prepare(
    `INSERT INTO managers(code, name, gender, birth_date, education, skill_grade, manager_since, on_duty, phone, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const managerIds: number[] = [];
  for (let i = 0; i < size.managers; i++) {
    const by = 1968 + Math.floor(rand() * 32);
    const birth = `${by}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const sinceYear = Math.min(end.getUTCFullYear(), Math.max(by + 22, 2003 + Math.floor(rand() * 23)));
    const since = `${sinceYear}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01`;
    const edu = pickWeighted(rand, ['本科及以上', '大中专', '高中及以下'], [45, 45, 10]);
    const skill = pickWeighted(rand, ['高级', '中级', '初级', '无'], [25, 40, 25, 10]);
    const r = insManager.run(
      `KM${String(i + 1).padStart(3, '0')}`,
      randomName(rand),
      rand() < 0.7 ? '男' : '女',
      birth,
      edu,
      skill,
      since,
      1,
      phone(rand),
      masterBatch,
    );
    managerIds.push(Number(r.lastInsertRowid));
  }

  // 线路: spread over the managers, each route with its weekday
  const insRoute = db.prepare(
    `INSERT INTO routes(code, name, manager_id, mileage_km, visit_cycle, batch_id) VALUES (?, ?, ?, ?, '每周', ?)`,
  );
  const routes: { id: number; manager: number; weekday: number; town: string; rural: boolean }[] = [];
  for (let i = 0; i < size.routes; i++) {
    const town = TOWNS[i % TOWNS.length] + (i >= TOWNS.length ? String(Math.floor(i / TOWNS.length) + 1) : '');
    const rural = i % 5 >= 2;
    const manager = managerIds[i % managerIds.length];
    const r = insRoute.run(
      `XL${String(i + 1).padStart(3, '0')}`,
      `${town}${rural ? '乡村线' : '城区线'}`,
      manager,
      Math.round((rural ? 60 + rand() * 90 : 15 + rand() * 30) * 10) / 10,
      masterBatch,
    );
    routes.push({ id: Number(r.lastInsertRowid), manager, weekday: 1 + (i % 5), town, rural });
  }

  // 零售客户
  const insRetailer = db.prepare(
    `INSERT INTO retailers(code, licence_no, name, owner, phone, address, format, area, route_id, manager_id, grade, order_method, settlement, status, modern_terminal, joined_date, batch_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  interface DemoRetailer {
    id: number;
    code: string;
    route: (typeof routes)[number];
    grade: number;
    status: string;
    favourites: number[];
    orderP: number;
    qtyScale: number;
  }
  const products = buildProducts(size.products, rand);
  const insProduct = db.prepare(
    `INSERT INTO products(code, name, brand, maker, price_class, transfer_price_fen, wholesale_price_fen, retail_price_fen, low_tar, on_sale, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const productRows = products.map((p) => {
    const cls = CLASS_OF(p.transferFen);
    const r = insProduct.run(
      p.code,
      p.name,
      p.brand,
      p.maker,
      cls,
      p.transferFen,
      p.wholesale,
      p.retail,
      p.lowTar || /细支|中支/.test(p.spec) ? 1 : 0,
      masterBatch,
    );
    return { id: Number(r.lastInsertRowid), cls, price: p.wholesale, popularity: 0.3 + rand() * rand() * 3 };
  });
  const byClass = (c: string) => productRows.map((p, i) => (p.cls === c ? i : -1)).filter((i) => i >= 0);
  const classIdx: Record<string, number[]> = {
    一类: byClass('一类'),
    二类: byClass('二类'),
    三类: byClass('三类'),
    四类: byClass('四类'),
    五类: byClass('五类'),
  };
  const retailers: DemoRetailer[] = [];
  for (let i = 0; i < size.retailers; i++) {
    const route = routes[i % routes.length];
    const format = pickWeighted(rand, FORMATS, route.rural ? [68, 8, 5, 0.2, 8, 3, 7.8] : FORMAT_WEIGHTS);
    const base = { 食杂店: 8, 便利店: 14, 超市: 18, 商场: 22, 烟酒店: 20, 娱乐服务类: 10, 其他: 6 }[format];
    const grade = Math.max(
      1,
      Math.min(30, Math.round(base + (rand() + rand() + rand() - 1.5) * 8 + (route.rural ? -2 : 2))),
    );
    const status = pickWeighted(rand, ['正常', '暂停', '歇业', '注销'], [92, 3, 2, 3]);
    const method = pickWeighted(
      rand,
      ['网上', '手机', '电话', '其他'],
      route.rural ? [30, 40, 27, 3] : [55, 32, 11, 2],
    );
    const settlement = pickWeighted(
      rand,
      ['电子结算-在线划拨', '电子结算-POS', '现金'],
      route.rural ? [68, 8, 24] : [80, 12, 8],
    );
    const modern =
      (format === '便利店' || format === '超市' || format === '商场') && rand() < 0.55 ? 1 : rand() < 0.03 ? 1 : 0;
    const town = route.town;
    const code = `4205281${String(i + 1).padStart(5, '0')}`;
    const suffixes = SHOP_SUFFIX[format];
    const name = `${town}${SHOP_WORDS[Math.floor(rand() * SHOP_WORDS.length)]}${suffixes[Math.floor(rand() * suffixes.length)]}`;
    const joined = `${2000 + Math.floor(rand() * 24)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const r = insRetailer.run(
      code,
      `42052820${String(100000 + i * 7).padStart(6, '0')}`,
      name,
      randomName(rand),
      phone(rand),
      `${town}${route.rural ? '镇' : '街道'}${['建设路', '人民路', '解放街', '新街', '中心街', '兴业路'][Math.floor(rand() * 6)]}${1 + Math.floor(rand() * 300)}号`,
      format,
      route.rural ? '乡村' : '城镇',
      route.id,
      route.manager,
      grade,
      method,
      settlement,
      status,
      modern,
      joined,
      masterBatch,
    );
    // Assortment: higher grades and town shops carry more and dearer specs.
    const nFav = Math.min(productRows.length, 12 + Math.round(grade * 0.9 + rand() * 8));
    const classWeights = [
      0.4 + grade / 12 + (route.rural ? 0 : 0.6),
      1 + grade / 20,
      2.2,
      1.3 - grade / 60 + (route.rural ? 0.4 : 0),
      0.25 + (route.rural ? 0.25 : 0),
    ];
    const fav = new Set<number>();
    let guard = 0;
    while (fav.size < nFav && guard++ < nFav * 20) {
      const cls = pickWeighted(rand, ['一类', '二类', '三类', '四类', '五类'], classWeights);
      const list = classIdx[cls];
      if (!list.length) continue;
      const w = list.map((k) => productRows[k].popularity);
      fav.add(pickWeighted(rand, list, w));
    }
    const orderP = status === '正常' ? Math.min(0.97, 0.72 + grade / 100) : status === '暂停' ? 0.15 : 0;
    retailers.push({
      id: Number(r.lastInsertRowid),
      code,
      route,
      grade,
      status,
      favourites: [...fav],
      orderP,
      qtyScale: 0.6 + grade / 12,
    });
  }
  job?.checkpoint(0, undefined, '基础资料已生成，正在生成订单');

  // 订单明细: weekly, on the route's weekday
  const ordersBatch = batch('orders', `示例数据（${size.label}订单 ${iso(start)} 至 ${iso(end)}）`);
  const insLine = db.prepare(
    'INSERT INTO order_lines(id, batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // The batch's lines are one range of ids (rolled back by range).
  const firstLineId = nextLineId(db);
  let lineId = firstLineId;
  // Building indexes once at the end is several times faster than keeping them up to date row by row.
  const ownIndexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'order_lines' AND sql IS NOT NULL`,
    )
    .all() as { name: string; sql: string }[];
  for (const ix of ownIndexes) db.exec(`DROP INDEX ${ix.name}`);
  const weeks = input.orders === false ? 0 : Math.ceil((end.getTime() - start.getTime()) / DAY / 7) + 1;
  // First Monday on or before start.
  const firstMonday = new Date(start.getTime() - ((start.getUTCDay() + 6) % 7) * DAY);
  const estimate = Math.round(size.retailers * 0.8 * weeks * 14);
  let lines = 0;
  let qtyTotal = 0;
  let minDay = Infinity;
  let maxDay = -Infinity;
  const picked = new Int32Array(productRows.length);
  let stamp = 1;
  for (let w = 0; w < weeks; w++) {
    const monday = new Date(firstMonday.getTime() + w * 7 * DAY);
    // The season of each delivery weekday, so a festival mid-week splits the week.
    const seasons = [0, 1, 2, 3, 4, 5, 6].map((k) => seasonFactor(new Date(monday.getTime() + k * DAY)));
    const weekTrend = 1 + 0.03 * ((monday.getTime() - start.getTime()) / (365 * DAY)); // slow growth
    for (const r of retailers) {
      const day = new Date(monday.getTime() + (r.route.weekday - 1) * DAY);
      if (day < start || day > end) continue;
      const season = seasons[r.route.weekday - 1];
      const p = Math.min(0.995, r.orderP * (season > 1 ? 1.05 : season < 0.5 ? 0.55 : 1));
      if (rand() >= p) continue;
      const d = ymd(day);
      const orderNo = `DD${d}${r.code.slice(-5)}`;
      const k = Math.max(
        2,
        Math.min(r.favourites.length, Math.round((8 + r.grade * 0.8) * (0.75 + rand() * 0.5) * Math.sqrt(season))),
      );
      stamp++;
      for (let j = 0, tries = 0; j < k && tries < k * 4; tries++) {
        const idx = r.favourites[Math.floor(rand() * r.favourites.length)];
        if (picked[idx] === stamp) continue;
        picked[idx] = stamp;
        j++;
        const prod = productRows[idx];
        const want = Math.max(
          1,
          Math.round(
            (1 + rand() * 3) *
              r.qtyScale *
              season *
              weekTrend *
              (prod.cls === '一类' ? 0.6 : prod.cls === '五类' ? 1.1 : 1),
          ),
        );
        // Scarce premium specs are not always supplied in full (订足率 below 1).
        const supplied =
          prod.cls === '一类' && rand() < 0.25 ? Math.max(0, Math.floor(want * (0.3 + rand() * 0.6))) : want;
        insLine.run(
          lineId++,
          ordersBatch,
          d,
          orderNo,
          r.id,
          prod.id,
          want,
          supplied,
          prod.price,
          prod.price * supplied,
        );
        lines++;
        qtyTotal += supplied;
        if (d < minDay) minDay = d;
        if (d > maxDay) maxDay = d;
      }
    }
    job?.checkpoint(lines, Math.max(estimate, lines), `正在生成订单：${iso(monday)}`);
  }
  job?.checkpoint(lines, lines, '正在建立索引');
  for (const ix of ownIndexes) db.exec(ix.sql);
  const masters = size.managers + size.routes + size.retailers + size.products;
  db.prepare('UPDATE import_batches SET rows_read = ?, rows_imported = ? WHERE id = ?').run(
    masters,
    masters,
    masterBatch,
  );
  // The batch is named by the days its lines span (as an imported file's period is), not by the
  // span asked for: a county whose routes deliver Monday to Thursday has no lines on a Friday end
  // date, and every report says 「数据截至」 the last day with lines.
  db.prepare(
    'UPDATE import_batches SET rows_read = ?, rows_imported = ?, day_from = ?, day_to = ?, file_name = ? WHERE id = ?',
  ).run(
    lines,
    lines,
    lines ? minDay : null,
    lines ? maxDay : null,
    lines
      ? `示例数据（${size.label}订单 ${dayText(minDay)} 至 ${dayText(maxDay)}）`
      : `示例数据（${size.label}订单 ${iso(start)} 至 ${iso(end)}）`,
    ordersBatch,
  );
  setBatchLines(db, ordersBatch, firstLineId, lineId - 1);
  if (lines) notifyOrdersChanged(db, minDay, maxDay);
  else db.prepare('DELETE FROM import_batches WHERE id = ?').run(ordersBatch);
  const settings = readSettings(db);
  writeSettings(db, { demoData: true, ...(settings.unitName ? {} : { unitName: '示例县烟草专卖局（营销部）' }) });
  runDemoExtensions({
    db,
    random: rand,
    size: input.size === 'tiny' ? 'small' : input.size,
    tiny: input.size === 'tiny',
    dayFrom: ymd(start),
    dayTo: ymd(end),
  });
  ctx.audit({
    module: 'masterdata',
    action: 'demo',
    record: `batch:${ordersBatch}`,
    after: { size: input.size, years, seed, lines },
  });
  return {
    ok: true,
    demo: true,
    size: input.size,
    seed,
    years,
    from: iso(start),
    to: iso(end),
    managers: size.managers,
    routes: size.routes,
    retailers: size.retailers,
    products: products.length,
    orderLines: lines,
    volumeTiao: qtyTotal,
  };
}

export type { Database };
