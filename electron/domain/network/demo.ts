/**
 * Demo data for 网建达标: visits, inspections (with shelf checks and
 * information collection), month-end snapshots showing electronic settlement
 * and online ordering growing over the year, targets, 客户满意度 and the
 * hand-entered assessment items — for the last 13 months of the demo county.
 */
import type { Database } from 'better-sqlite3';
import { ownerManagerId } from '../masterdata';
import { registerDemoExtension, type DemoContext } from '../masterdata';
import { monthOfDay, monthsEnding, parseMonth } from './period';
import { DEFAULT_ITEMS } from './assessmentRules';
import { listSchemes, saveScheme } from './assessmentSchemes';
import { saveAssessment } from './assessmentHistory';

interface R {
  id: number;
  status: string;
  settlement: string | null;
  orderMethod: string | null;
  modern: number;
  routeId: number | null;
  managerId: number | null;
}

export function generateNetworkDemo(ctx: DemoContext): void {
  const { db, random } = ctx;
  const retailers = db
    .prepare(
      `SELECT r.id, r.status, r.settlement, r.order_method AS orderMethod, r.modern_terminal AS modern, r.route_id AS routeId,
              ${ownerManagerId('r')} AS managerId
       FROM retailers r ORDER BY r.id`,
    )
    .all() as R[];
  if (!retailers.length) return;
  const managers = db.prepare('SELECT id, code FROM managers ORDER BY code').all() as { id: number; code: string }[];
  const routes = db.prepare('SELECT code FROM routes ORDER BY code').all() as { code: string }[];
  const products = (db.prepare('SELECT id FROM products WHERE on_sale = 1 ORDER BY id').all() as { id: number }[]).map(
    (p) => p.id,
  );
  const lastMonth = monthOfDay(ctx.dayTo);
  const firstMonth = monthOfDay(ctx.dayFrom);
  const months = monthsEnding(lastMonth, 13).filter((m) => m >= firstMonth);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  // Two specs of a mid-sized brand are the ones being cultivated: their 上柜率 and 动销率 go into the demo scheme.
  const brands = db
    .prepare(
      "SELECT brand, COUNT(*) AS n FROM products WHERE on_sale = 1 AND brand IS NOT NULL AND brand <> '' GROUP BY brand ORDER BY n DESC, brand",
    )
    .all() as { brand: string; n: number }[];
  const keyBrand = brands[Math.min(2, brands.length - 1)]?.brand ?? null;
  const keySpecs = keyBrand
    ? (db
        .prepare('SELECT id, code FROM products WHERE brand = ? AND on_sale = 1 ORDER BY code LIMIT 2')
        .all(keyBrand) as { id: number; code: string }[])
    : [];
  // Each manager has a diligence of their own, so the ranking is not a lottery.
  const diligence = new Map(managers.map((m) => [m.id, (random() - 0.5) * 0.1]));

  const insVisit = db.prepare(
    'INSERT INTO visit_records(day, retailer_id, manager_id, way, content) VALUES (?, ?, ?, ?, ?)',
  );
  const insInsp = db.prepare(
    'INSERT INTO inspection_records(day, retailer_id, manager_id, price_tag, display, image, info_collected) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insShelf = db.prepare('INSERT OR IGNORE INTO inspection_shelf(inspection_id, product_id) VALUES (?, ?)');
  const insPlan = db.prepare('INSERT OR IGNORE INTO network_collection_plan(period, retailer_id) VALUES (?, ?)');
  const contents = ['了解经营情况', '宣传新品', '指导陈列', '品牌培育', '收集需求', '核实信息', '回访服务'];

  months.forEach((period, idx) => {
    const m = parseMonth(period);
    const lastDay = Math.min(m.dayTo, ctx.dayTo) % 100;
    const day = () => m.dayFrom + Math.floor(random() * lastDay);
    const age = months.length - 1 - idx; // months before the last one
    for (const r of retailers) {
      if (r.status === '注销') continue;
      const d = diligence.get(r.managerId ?? -1) ?? 0;
      const pVisit = r.status === '正常' ? 0.9 + d - age * 0.004 : 0.3;
      if (random() < pVisit) {
        const n = random() < 0.25 ? 2 : 1;
        for (let k = 0; k < n; k++) {
          const w = random();
          insVisit.run(day(), r.id, r.managerId, w < 0.8 ? '实地' : w < 0.95 ? '电话' : '网络', pick(contents));
        }
      }
      const planned = r.status === '正常' && (r.id + idx) % 3 === 0;
      if (planned) insPlan.run(period, r.id);
      const inspect = planned ? random() < 0.9 + d : random() < 0.1;
      if (!inspect) continue;
      const info = r.status === '正常' && planned ? 1 : 0;
      const id = Number(
        insInsp.run(
          day(),
          r.id,
          r.managerId,
          random() < 0.93 + d / 2 ? 1 : 0,
          random() < 0.88 + d / 2 ? 1 : 0,
          random() < 0.9 ? 1 : 0,
          info,
        ).lastInsertRowid,
      );
      if (products.length) {
        const k = 2 + Math.floor(random() * 4);
        for (let j = 0; j < k; j++) insShelf.run(id, pick(products));
      }
      keySpecs.forEach((p, j) => {
        if (random() < (j === 0 ? 0.55 : 0.35) + d * 2) insShelf.run(id, p.id);
      });
    }
    // Month-end snapshots: electronic settlement, online ordering and modern terminals grew over the year.
    if (period !== lastMonth) snapshot(db, period, retailers, age, random);
  });

  seedTargets(db, months, managers, routes, retailers);
  seedManualValues(db, months, managers, random, diligence);
  if (keyBrand && keySpecs.length && !listSchemes(db).length) {
    const items = DEFAULT_ITEMS.map((i) =>
      i.code === 'shelf'
        ? { ...i, name: '上柜率', products: { codes: keySpecs.map((p) => p.code) } }
        : i.code === 'brand_moving'
          ? { ...i, products: { brand: keyBrand } }
          : i,
    );
    saveScheme(db, { name: `示例考核方案（重点品牌：${keyBrand}）`, items, note: '示例数据', active: true });
  }
  // The months before the last were assessed and saved (history by month); the last is left to the clerk.
  for (const p of months.slice(0, -1))
    if (!db.prepare('SELECT 1 FROM assessment_runs WHERE period = ?').get(p)) saveAssessment(db, p, '示例数据');
}

function snapshot(db: Database, period: string, retailers: R[], age: number, random: () => number): void {
  const ins = db.prepare(
    `INSERT OR REPLACE INTO network_retailer_snapshots(period, retailer_id, status, settlement, order_method, modern_terminal, route_id, manager_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of retailers) {
    const settlement = r.settlement?.startsWith('电子结算') && random() < age * 0.015 ? '现金' : r.settlement;
    const orderMethod =
      (r.orderMethod === '网上' || r.orderMethod === '手机') && random() < age * 0.012 ? '电话' : r.orderMethod;
    const modern = r.modern === 1 && random() < age * 0.01 ? 0 : r.modern;
    ins.run(period, r.id, r.status, settlement, orderMethod, modern, r.routeId, r.managerId);
  }
  db.prepare(
    `INSERT OR REPLACE INTO network_snapshot_periods(period, taken_by, retailers) VALUES (?, '示例数据', ?)`,
  ).run(period, retailers.length);
}

function seedTargets(
  db: Database,
  months: string[],
  managers: { id: number; code: string }[],
  routes: { code: string }[],
  retailers: R[],
): void {
  const years = [...new Set(months.map((m) => m.slice(0, 4)))];
  const ins = db.prepare(
    'INSERT OR REPLACE INTO network_targets(indicator_code, period, scope_kind, scope_code, value) VALUES (?, ?, ?, ?, ?)',
  );
  const operating = retailers.filter((r) => r.status === '正常');
  const modernNow = operating.filter((r) => r.modern === 1).length;
  const county: [string, number][] = [
    ['e_settlement', 0.9],
    ['online_order', 0.85],
    ['modern_share', 0.1],
    ['visit_coverage', 0.9],
    ['price_tag', 0.92],
    ['display', 0.88],
    ['info_collection', 0.85],
    ['satisfaction', 90],
  ];
  for (const y of years) {
    for (const [code, v] of county) ins.run(code, y, 'county', '', v);
    ins.run('modern_count', y, 'county', '', Math.max(1, Math.round(modernNow * 1.02)));
    // The last manager has no targets set yet (a newly appointed one, say).
    managers.slice(0, Math.max(1, managers.length - 1)).forEach((m) => {
      ins.run('e_settlement', y, 'manager', m.code, 0.9);
      ins.run('online_order', y, 'manager', m.code, 0.85);
      ins.run('visit_coverage', y, 'manager', m.code, 0.9);
      ins.run('info_collection', y, 'manager', m.code, 0.85);
      ins.run('satisfaction', y, 'manager', m.code, 90);
    });
    for (const r of routes) {
      ins.run('visit_coverage', y, 'route', r.code, 0.9);
      ins.run('e_settlement', y, 'route', r.code, 0.9);
    }
  }
}

function seedManualValues(
  db: Database,
  months: string[],
  managers: { id: number; code: string }[],
  random: () => number,
  diligence: Map<number, number>,
): void {
  const sat = db.prepare(
    'INSERT OR REPLACE INTO network_manual_values(indicator_code, period, scope_kind, scope_code, value) VALUES (?, ?, ?, ?, ?)',
  );
  const ass = db.prepare(
    'INSERT OR REPLACE INTO assessment_manual_values(period, item_code, manager_code, value) VALUES (?, ?, ?, ?)',
  );
  const round1 = (x: number) => Math.round(x * 10) / 10;
  for (const p of months) {
    sat.run('satisfaction', p, 'county', '', round1(88 + random() * 5));
    for (const m of managers) {
      const d = diligence.get(m.id) ?? 0;
      sat.run('satisfaction', p, 'manager', m.code, round1(87 + d * 40 + random() * 6));
      ass.run(p, 'plan_completion', m.code, Math.round((0.93 + d + random() * 0.1) * 10000) / 10000);
      ass.run(p, 'visit', m.code, Math.round(85 + d * 50 + random() * 12));
      ass.run(p, 'combined', m.code, Math.round(80 + d * 50 + random() * 15));
    }
  }
}

registerDemoExtension(generateNetworkDemo);
