/**
 * The 内管 scan against a naive reimplementation (plain loops over every order line,
 * floating-point comparisons, weeks from JS Dates) on the demo county for a month.
 * Thresholds are lowered and a few ordering retailers set to 歇业/注销 so every rule fires.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
const FROM = 20260601;
const TO = 20260630;

beforeAll(() => {
  t = testBackend();
  const end = t.job('masterdata.demo', { size: 'tiny', years: 1, seed: 11, endDate: '2026-06-30' });
  expect(end.type).toBe('done');
  const db = t.backend.db;
  const specs = db
    .prepare(
      'SELECT p.code FROM order_lines ol JOIN products p ON p.id = ol.product_id GROUP BY p.id ORDER BY p.code LIMIT 8',
    )
    .all()
    .map((r: any) => r.code);
  // this test's own 重点监管 set and warnings (the demo's taken away)
  db.exec(
    "DELETE FROM monitor_ledger; DELETE FROM monitor_warning_docs; DELETE FROM monitor_warnings; DELETE FROM code_sets WHERE name = '重点监管'",
  );
  t.call('masterdata.createSet', { name: '重点监管', kind: 'products', codes: specs });
  const orderers = db
    .prepare('SELECT DISTINCT retailer_id FROM order_lines WHERE day BETWEEN ? AND ? ORDER BY retailer_id LIMIT 5')
    .all(FROM, TO)
    .map((r: any) => r.retailer_id);
  db.prepare("UPDATE retailers SET status = '歇业' WHERE id IN (?, ?)").run(orderers[0], orderers[1]);
  db.prepare("UPDATE retailers SET status = '注销' WHERE id IN (?, ?)").run(orderers[2], orderers[3]);
  db.prepare("UPDATE retailers SET status = '歇业' WHERE id = ?").run(orderers[4]);
  db.prepare("UPDATE retailers SET status = '正常' WHERE id = ?").run(orderers[4]);
  // The changes are recorded with today's date; date them inside and before the month scanned:
  // two closed mid-month, two 注销 from the first, one 歇业 from January until 06-20.
  const date = db.prepare('UPDATE retailer_status_changes SET day = ? WHERE retailer_id = ? AND new_status = ?');
  date.run(20260615, orderers[0], '歇业');
  date.run(20260615, orderers[1], '歇业');
  date.run(20260601, orderers[2], '注销');
  date.run(20260601, orderers[3], '注销');
  date.run(20260101, orderers[4], '歇业');
  date.run(20260620, orderers[4], '正常');
  t.call('settings.update', {
    monitorSurgeFactor: 1.6,
    monitorSurgeMinTiao: 3,
    monitorScarcePercent: 4,
    monitorOverGradeFactor: 1.8,
  });
});

afterAll(() => t.close());

const iso = (day: number) =>
  `${Math.floor(day / 10000)}-${String(Math.floor(day / 100) % 100).padStart(2, '0')}-${String(day % 100).padStart(2, '0')}`;
const asDate = (day: number) =>
  new Date(Date.UTC(Math.floor(day / 10000), (Math.floor(day / 100) % 100) - 1, day % 100));
const fromDate = (d: Date) => d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();

function naive(): string[] {
  const db = t.backend.db;
  const lines = db.prepare('SELECT retailer_id r, product_id p, day, qty_tiao q FROM order_lines').all() as {
    r: number;
    p: number;
    day: number;
    q: number;
  }[];
  const retailers = db.prepare('SELECT id, code, grade, status FROM retailers').all() as any[];
  const byId = new Map(retailers.map((r) => [r.id, r]));
  const code = (id: number) => byId.get(id).code;
  const pcode = new Map((db.prepare('SELECT id, code FROM products').all() as any[]).map((p) => [p.id, p.code]));
  const setIds = new Set(
    (
      db
        .prepare(
          "SELECT p.id FROM code_set_members m JOIN code_sets s ON s.id = m.set_id JOIN products p ON p.code = m.code WHERE s.name = '重点监管'",
        )
        .all() as any[]
    ).map((x) => x.id),
  );
  const out: string[] = [];
  // 订量突增
  const daySums = new Map<string, Map<number, number>>();
  for (const l of lines) {
    if (l.day > TO) continue;
    const k = `${l.r}|${l.p}`;
    if (!daySums.has(k)) daySums.set(k, new Map());
    const m = daySums.get(k)!;
    m.set(l.day, (m.get(l.day) ?? 0) + l.q);
  }
  for (const [k, m] of daySums) {
    const days = [...m.entries()].filter(([, q]) => q > 0).sort((a, b) => a[0] - b[0]);
    for (let i = 3; i < days.length; i++) {
      const [day, q] = days[i];
      if (day < FROM) continue;
      const mean = (days[i - 1][1] + days[i - 2][1] + days[i - 3][1]) / 3;
      if (q >= 1.6 * mean - 1e-9 && q - mean >= 3 - 1e-9) {
        const [r, p] = k.split('|').map(Number);
        out.push(`surge ${code(r)} ${pcode.get(p)} ${iso(day)} ${q}`);
      }
    }
  }
  // 紧俏集中: weeks Monday–Sunday touching June
  const monday = (day: number) => {
    const d = asDate(day);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return fromDate(d);
  };
  const firstMonday = monday(FROM);
  const lastSunday = fromDate(new Date(asDate(monday(TO)).getTime() + 6 * 86400000));
  const week = new Map<string, number>();
  const county = new Map<string, number>();
  for (const l of lines) {
    if (!setIds.has(l.p) || l.day < firstMonday || l.day > lastSunday) continue;
    const w = monday(l.day);
    week.set(`${l.r}|${l.p}|${w}`, (week.get(`${l.r}|${l.p}|${w}`) ?? 0) + l.q);
    county.set(`${l.p}|${w}`, (county.get(`${l.p}|${w}`) ?? 0) + l.q);
  }
  for (const [k, q] of week) {
    const [r, p, w] = k.split('|').map(Number);
    const total = county.get(`${p}|${w}`)!;
    if (q > 0 && total > 0 && q / total >= 0.04 - 1e-12) out.push(`scarce ${code(r)} ${pcode.get(p)} ${iso(w)} ${q}`);
  }
  // 超档位: June
  const month = new Map<number, number>();
  for (const l of lines) if (l.day >= FROM && l.day <= TO) month.set(l.r, (month.get(l.r) ?? 0) + l.q);
  for (const r of retailers) {
    if (r.grade === null) continue;
    const q = month.get(r.id) ?? 0;
    const peers = retailers
      .filter((x) => x.grade === r.grade && x.status === '正常')
      .map((x) => month.get(x.id) ?? 0)
      .sort((a, b) => a - b);
    if (!peers.length) continue;
    const mid = peers.length / 2;
    const median = peers.length % 2 ? peers[Math.floor(mid)] : (peers[mid - 1] + peers[mid]) / 2;
    if (q > 0 && median > 0 && q >= 1.8 * median - 1e-9) out.push(`over-grade ${r.code} - ${iso(FROM)} ${q}`);
  }
  // 非正常经营订货: the status on the order date, from the dated changes
  const changes = db
    .prepare('SELECT retailer_id r, day, old_status o, new_status n FROM retailer_status_changes ORDER BY id')
    .all() as { r: number; day: number; o: string; n: string }[];
  const statusOn = (r: number, day: number): string => {
    const mine = changes.filter((c) => c.r === r);
    const before = mine.filter((c) => c.day <= day);
    if (before.length) return before.reduce((a, c) => (c.day >= a.day ? c : a)).n;
    const after = mine.filter((c) => c.day > day);
    if (after.length) return after.reduce((a, c) => (c.day < a.day ? c : a)).o;
    return byId.get(r).status;
  };
  const inactive = new Map<string, number>();
  for (const l of lines) {
    if (l.day < FROM || l.day > TO) continue;
    const st = statusOn(l.r, l.day);
    if (l.day < FROM || l.day > TO || (st !== '歇业' && st !== '注销')) continue;
    inactive.set(`${l.r}|${l.p}|${l.day}`, (inactive.get(`${l.r}|${l.p}|${l.day}`) ?? 0) + l.q);
  }
  for (const [k, q] of inactive) {
    const [r, p, day] = k.split('|').map(Number);
    out.push(`inactive ${code(r)} ${pcode.get(p)} ${iso(day)} ${q}`);
  }
  return out.sort();
}

it('finds exactly what plain loops over every line find, for a month of demo orders', () => {
  const r = t.call('monitor.scan', { from: iso(FROM), to: iso(TO) });
  const got = (r.warnings as any[])
    .map((w) => `${w.rule} ${w.retailer} ${w.spec ?? '-'} ${w.day} ${w.valueTiao}`)
    .sort();
  const want = naive();
  const count = (list: string[], rule: string) => list.filter((x) => x.startsWith(rule + ' ')).length;
  for (const rule of ['surge', 'scarce', 'over-grade', 'inactive']) expect(count(want, rule)).toBeGreaterThan(0);
  expect(got).toEqual(want);
});
