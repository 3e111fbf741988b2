/**
 * 网建达标 speed: a large county (6,000 retailers, 25 managers, 50 routes) and a city
 * (26,400 retailers, 105 managers) with 13 months of visits and inspections. Each call is
 * timed against a bare SQL count of the same month's visit coverage per manager in the
 * same run (one GROUP BY, no targets, no statuses): the ratio is what the full report —
 * every indicator, targets, status, snapshots — costs on top.
 */
import { seededRandom as rng } from '../../electron/domain/masterdata/demo';
import { testBackend } from '../helpers/backend';

function time<T>(fn: () => T, repeat = 3): { ms: number; value: T } {
  let value!: T;
  fn();
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) value = fn();
  return { ms: (performance.now() - t0) / repeat, value };
}

function county(retailers: number, managers: number, seed: number): string[] {
  const tb = testBackend();
  const db = tb.backend.db;
  const random = rng(seed);
  const months = Array.from({ length: 13 }, (_, i) => {
    const m = 10 + i;
    return (2025 + Math.floor((m - 1) / 12)) * 100 + ((m - 1) % 12) + 1;
  });
  db.transaction(() => {
    const mi = db.prepare('INSERT INTO managers(code, name) VALUES (?, ?)');
    const ri = db.prepare('INSERT INTO routes(code, name, manager_id) VALUES (?, ?, ?)');
    for (let m = 1; m <= managers; m++) {
      const id = Number(mi.run(`KM${String(m).padStart(3, '0')}`, `经理${m}`).lastInsertRowid);
      ri.run(`XL${m}a`, `线路${m}a`, id);
      ri.run(`XL${m}b`, `线路${m}b`, id);
    }
    const rt = db.prepare(
      'INSERT INTO retailers(code, name, route_id, manager_id, status, settlement, order_method, modern_terminal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const vi = db.prepare('INSERT INTO visit_records(day, retailer_id, way) VALUES (?, ?, ?)');
    const ii = db.prepare(
      'INSERT INTO inspection_records(day, retailer_id, price_tag, display, info_collected) VALUES (?, ?, ?, ?, ?)',
    );
    for (let r = 0; r < retailers; r++) {
      const m = 1 + (r % managers);
      const route = 2 * (m - 1) + 1 + (r % 2);
      const st = random() < 0.92 ? '正常' : random() < 0.5 ? '暂停' : '注销';
      const id = Number(
        rt.run(
          `R${r}`,
          `店${r}`,
          route,
          m,
          st,
          random() < 0.8 ? '电子结算-在线划拨' : '现金',
          random() < 0.7 ? '网上' : '电话',
          random() < 0.1 ? 1 : 0,
        ).lastInsertRowid,
      );
      for (const ym of months) {
        if (random() < 0.9) vi.run(ym * 100 + 1 + Math.floor(random() * 28), id, '实地');
        if (random() < 0.35)
          ii.run(
            ym * 100 + 1 + Math.floor(random() * 28),
            id,
            random() < 0.93 ? 1 : 0,
            random() < 0.88 ? 1 : 0,
            random() < 0.8 ? 1 : 0,
          );
      }
    }
    const ti = db.prepare(
      "INSERT INTO network_targets(indicator_code, period, scope_kind, scope_code, value) VALUES (?, '2026', 'manager', ?, ?)",
    );
    for (let m = 1; m <= managers; m++)
      for (const c of ['e_settlement', 'online_order', 'visit_coverage'])
        ti.run(c, `KM${String(m).padStart(3, '0')}`, 0.9);
  })();
  const bare = time(() =>
    db
      .prepare(
        `SELECT r.manager_id, COUNT(DISTINCT v.retailer_id) AS n FROM retailers r LEFT JOIN visit_records v ON v.retailer_id = r.id AND v.day BETWEEN 20261001 AND 20261031
         WHERE r.status = '正常' GROUP BY r.manager_id`,
      )
      .all(),
  );
  const lines: string[] = [
    `${retailers} 户、${managers} 名客户经理、13 个月拜访与检查记录；基线（一条 SQL 统计本月各客户经理拜访覆盖户数）${bare.ms.toFixed(1)} ms`,
  ];
  const row = (label: string, ms: number) =>
    lines.push(`  ${label}: ${ms.toFixed(0)} ms（基线的 ${(ms / bare.ms).toFixed(1)} 倍）`);
  row(
    'report network --by manager（全部指标、目标、状态）',
    time(() => tb.call('network.report', { period: '2026-10', by: 'manager' })).ms,
  );
  row('report network --by route', time(() => tb.call('network.report', { period: '2026-10', by: 'route' })).ms);
  row(
    '12 个月走势（全县）',
    time(() => tb.call('network.trend', { indicatorCode: 'visit_coverage', period: '2026-10', months: 12 }), 1).ms,
  );
  row(
    '行动清单（全县未拜访）',
    time(() =>
      tb.call('network.actionList', { period: '2026-10', indicatorCode: 'visit_coverage', scopeKind: 'county' }),
    ).ms,
  );
  row('月度考核（默认方案）', time(() => tb.call('network.assessment', { period: '2026-10' })).ms);
  tb.close();
  return lines;
}

export function run(): string[] {
  return [...county(6000, 25, 7), ...county(26400, 105, 11)];
}
