/**
 * 网建目标 import: 指标 (name of DOMAIN.md or code), 期间 (2026 / 2026-Q1 /
 * 2026-03), 客户经理 or 线路 (both blank = 全县), 目标值. Rates may be written
 * 85%, 0.85 or 85. A target that already exists is overwritten and kept aside,
 * so rolling the batch back restores it.
 */
import type { ImportKind, KindSession } from './types';
import { cellText, codeText, isBlank, parseDecimal } from '../values';
import { parseTargetPeriod } from '../../network';

export interface TargetRecord {
  indicatorCode: string;
  period: string;
  scopeKind: 'county' | 'manager' | 'route';
  scopeCode: string;
  value: number;
}

const fields = [
  {
    key: 'indicator',
    label: '指标',
    synonyms: ['指标名称', '指标', '指标代码', '考核指标', '网建指标'],
    required: true,
  },
  { key: 'period', label: '期间', synonyms: ['期间', '目标期间', '考核期间', '年度', '月份', '年月'], required: true },
  { key: 'manager', label: '客户经理工号', synonyms: ['客户经理工号', '客户经理编码', '客户经理', '工号'] },
  { key: 'route', label: '线路编码', synonyms: ['线路编码', '线路代码', '线路'] },
  { key: 'value', label: '目标值', synonyms: ['目标值', '目标', '指标值', '计划值'], required: true },
];

export const targetsKind: ImportKind<TargetRecord> = {
  kind: 'targets',
  label: '网建目标',
  fields,
  open(ctx): KindSession<TargetRecord> {
    const { db, batchId } = ctx;
    const indicators = db.prepare('SELECT code, name, unit FROM network_indicators').all() as {
      code: string;
      name: string;
      unit: string;
    }[];
    const byKey = new Map<string, { code: string; name: string; unit: string }>();
    for (const i of indicators) {
      byKey.set(i.code, i);
      byKey.set(i.name, i);
    }
    const managers = new Map(
      (db.prepare('SELECT code, name FROM managers').all() as { code: string; name: string }[]).flatMap((m) => [
        [m.code, m.code],
        [m.name, m.code],
      ]),
    );
    const routes = new Map(
      (db.prepare('SELECT code, name FROM routes').all() as { code: string; name: string }[]).flatMap((r) => [
        [r.code, r.code],
        [r.name, r.code],
      ]),
    );
    const get = db.prepare(
      'SELECT value, batch_id AS batchId FROM network_targets WHERE indicator_code = ? AND period = ? AND scope_kind = ? AND scope_code = ?',
    );
    const keep = db.prepare(
      `INSERT OR IGNORE INTO network_targets_replaced(batch_id, indicator_code, period, scope_kind, scope_code, value, prev_batch_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsert = db.prepare(
      `INSERT INTO network_targets(indicator_code, period, scope_kind, scope_code, value, batch_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(indicator_code, period, scope_kind, scope_code) DO UPDATE SET value = excluded.value, batch_id = excluded.batch_id,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    );
    const seen = new Map<string, number>();
    let replaced = 0;
    return {
      check(row) {
        const name = cellText(row.get('indicator')).normalize('NFKC').replace(/\s+/g, '');
        if (!name) return { ok: false, reason: '缺少指标名称' };
        const ind = byKey.get(name);
        if (!ind)
          return { ok: false, reason: `未知的指标“${name}”（可用：${indicators.map((i) => i.name).join('、')}）` };
        const p = parseTargetPeriod(row.get('period'));
        if (!p.ok) return p;
        let scopeKind: TargetRecord['scopeKind'] = 'county';
        let scopeCode = '';
        if (!isBlank(row.get('manager'))) {
          const k = codeText(row.get('manager'));
          const code = managers.get(k);
          if (!code) return { ok: false, reason: `未知的客户经理 ${k}` };
          scopeKind = 'manager';
          scopeCode = code;
        }
        if (!isBlank(row.get('route'))) {
          if (scopeKind === 'manager')
            return { ok: false, reason: '一行目标只能针对一个客户经理或一条线路，不能同时填写' };
          const k = codeText(row.get('route'));
          const code = routes.get(k);
          if (!code) return { ok: false, reason: `未知的线路 ${k}` };
          scopeKind = 'route';
          scopeCode = code;
        }
        const raw = row.get('value');
        const text = cellText(raw).normalize('NFKC');
        const percent = /%$/.test(text);
        const v = parseDecimal(percent ? text.replace(/%$/, '') : raw);
        if (v === null) return { ok: false, reason: '缺少目标值' };
        if (v === 'bad') return { ok: false, reason: `目标值“${text}”不是数字` };
        let value = v;
        if (ind.unit === 'rate') {
          if (percent || value > 1) value = value / 100;
          if (value < 0 || value > 1) return { ok: false, reason: `${ind.name}的目标值“${text}”应在 0%–100% 之间` };
        } else {
          if (percent) return { ok: false, reason: `${ind.name}不是比率，目标值不能写成百分数` };
          if (value < 0) return { ok: false, reason: `${ind.name}的目标值“${text}”为负数` };
          if (ind.unit === 'count' && !Number.isInteger(value))
            return { ok: false, reason: `${ind.name}的目标值“${text}”应为整数户数` };
        }
        return { ok: true, record: { indicatorCode: ind.code, period: p.value, scopeKind, scopeCode, value } };
      },
      write(rec, rowNo) {
        const key = `${rec.indicatorCode}|${rec.period}|${rec.scopeKind}|${rec.scopeCode}`;
        const first = seen.get(key);
        if (first !== undefined) return `与第 ${first} 行是同一指标、期间和范围的目标`;
        seen.set(key, rowNo);
        const old = get.get(rec.indicatorCode, rec.period, rec.scopeKind, rec.scopeCode) as
          { value: number; batchId: number | null } | undefined;
        if (old) {
          keep.run(batchId, rec.indicatorCode, rec.period, rec.scopeKind, rec.scopeCode, old.value, old.batchId);
          replaced++;
        }
        upsert.run(rec.indicatorCode, rec.period, rec.scopeKind, rec.scopeCode, rec.value, batchId);
        return null;
      },
      finish() {
        return replaced ? { note: `覆盖了 ${replaced} 个原有目标` } : {};
      },
    };
  },
  rollback(db, batchId) {
    db.prepare('DELETE FROM network_targets WHERE batch_id = ?').run(batchId);
    db.prepare(
      `INSERT OR IGNORE INTO network_targets(indicator_code, period, scope_kind, scope_code, value, batch_id)
       SELECT indicator_code, period, scope_kind, scope_code, value, prev_batch_id FROM network_targets_replaced WHERE batch_id = ?`,
    ).run(batchId);
    db.prepare('DELETE FROM network_targets_replaced WHERE batch_id = ?').run(batchId);
    return {};
  },
};
