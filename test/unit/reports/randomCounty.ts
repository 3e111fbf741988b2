/** A seeded random county for cross-checking the optimised queries against the naive ones. */
import type { Database } from 'better-sqlite3';
import { rebuildSummaries } from '../../../electron/domain/reports/summaries';
import { addDays, toSerial, fromSerial } from '../../../electron/domain/reports/periods';
import { seededRandom as mulberry32 } from '../../../electron/domain/masterdata/demo';

export { mulberry32 };

const FORMATS = ['食杂店', '便利店', '超市', '商场', '烟酒店', '娱乐服务类', '其他'];
const CLASSES = ['一类', '二类', '三类', '四类', '五类'];
const STATUSES = ['正常', '正常', '正常', '正常', '暂停', '歇业', '注销'];

export function randomCounty(
  db: Database,
  seed = 7,
  opts: { retailers?: number; products?: number; from?: number; to?: number; lines?: number } = {},
) {
  const rnd = mulberry32(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const nR = opts.retailers ?? 60,
    nP = opts.products ?? 18,
    nLines = opts.lines ?? 4000;
  const from = opts.from ?? 20241201,
    to = opts.to ?? 20260615;
  db.transaction(() => {
    db.prepare(
      "INSERT INTO import_batches(id, kind, file_name, file_hash, user_login, user_name) VALUES (1, 'orders', 'r.csv', 'x', 't', 't')",
    ).run();
    for (let i = 1; i <= 3; i++)
      db.prepare('INSERT INTO managers(id, code, name) VALUES (?, ?, ?)').run(i, `10${i}`, `经理${i}`);
    for (let i = 1; i <= 6; i++)
      db.prepare('INSERT INTO routes(id, code, name, manager_id) VALUES (?, ?, ?, ?)').run(
        i,
        `R${i}`,
        `线路${i}`,
        ((i - 1) % 3) + 1,
      );
    for (let i = 1; i <= nR; i++) {
      const route = rnd() < 0.05 ? null : 1 + Math.floor(rnd() * 6);
      const manager = rnd() < 0.2 ? null : 1 + Math.floor(rnd() * 3);
      db.prepare(
        'INSERT INTO retailers(id, code, name, format, area, route_id, manager_id, grade, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        i,
        `42${String(i).padStart(4, '0')}`,
        `店${i}`,
        rnd() < 0.05 ? null : pick(FORMATS),
        pick(['城镇', '乡村']),
        route,
        manager,
        1 + Math.floor(rnd() * 30),
        pick(STATUSES),
      );
    }
    for (let i = 1; i <= nP; i++) {
      db.prepare('INSERT INTO products(id, code, name, brand, price_class, on_sale) VALUES (?, ?, ?, ?, ?, ?)').run(
        i,
        `69${String(i).padStart(3, '0')}`,
        `烟${i}`,
        `品牌${1 + (i % 5)}`,
        rnd() < 0.05 ? null : pick(CLASSES),
        rnd() < 0.9 ? 1 : 0,
      );
    }
    db.exec(`INSERT INTO code_sets(id, name, kind, rule) VALUES (1, '乡村客户', 'retailers', '{"field":"area","value":"乡村"}'),
      (2, '名单客户', 'retailers', NULL), (3, '一类烟', 'products', '{"field":"price_class","value":"一类"}'), (4, '通系列', 'products', NULL)`);
    for (let i = 1; i <= nR; i += 3)
      db.prepare('INSERT INTO code_set_members VALUES (2, ?)').run(`42${String(i).padStart(4, '0')}`);
    for (let i = 2; i <= nP; i += 4)
      db.prepare('INSERT INTO code_set_members VALUES (4, ?)').run(`69${String(i).padStart(3, '0')}`);
    const ins = db.prepare(
      'INSERT OR IGNORE INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const span = toSerial(to) - toSerial(from);
    for (let k = 0; k < nLines; k++) {
      const day = fromSerial(toSerial(from) + Math.floor(rnd() * (span + 1)));
      const r = 1 + Math.floor(rnd() * nR);
      const p = 1 + Math.floor(rnd() * nP);
      const demand = rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 20);
      const qty =
        demand === 0
          ? rnd() < 0.5
            ? 1 + Math.floor(rnd() * 5)
            : 0
          : rnd() < 0.12
            ? 0
            : Math.max(0, demand - Math.floor(rnd() * 3));
      const price = 4000 + p * 700;
      // two orders a day for some retailers: order_no per retailer, day and a coin
      ins.run(day, `${day}-${r}-${rnd() < 0.2 ? 'b' : 'a'}`, r, p, demand, qty, price, qty * price);
    }
    rebuildSummaries(db);
  })();
  void addDays;
}
