/**
 * Finding the header row (it may sit under title rows), matching columns to a
 * kind's fields by the synonyms of DOMAIN.md, and reading units from headers.
 */
import { createHash } from 'node:crypto';
import type { FieldSpec, ImportKind, Measure } from './kinds/types';
import type { Cell } from './values';
import { cellText } from './values';

/** The header's words: full/half width folded, spaces and bracketed units removed. */
export function headerKey(h: Cell | undefined): { key: string; unit: string } {
  const t = cellText(h).normalize('NFKC').replace(/\s+/g, '');
  let unit = '';
  const key = t
    .replace(/[([【]([^)\]】]*)[)\]】]/g, (_m, u: string) => {
      unit += u;
      return '';
    })
    .replace(/[:：*＊]+$/, '');
  // "订购量/箱" and "金额/万元" name their unit after a slash.
  const slash = /^(.+?)\/(箱|条|万支|元|万元|元\/条|元\/箱)$/.exec(key);
  if (slash) return { key: slash[1], unit: unit + slash[2] };
  return { key, unit };
}

/** Multiplier from a header unit: 条 per unit for quantities, 分 per unit for money and prices. */
export function unitFactor(measure: Measure, unit: string, defaultQtyUnit: '条' | '箱' = '条'): number | null {
  if (measure === 'qty') {
    if (!unit) return defaultQtyUnit === '箱' ? 250 : 1;
    if (unit.includes('万支')) return 50;
    if (unit.includes('箱')) return 250;
    if (unit.includes('条')) return 1;
    return null;
  }
  if (measure === 'money') {
    if (!unit) return 100;
    if (unit.includes('万元')) return 1_000_000;
    if (unit.includes('元')) return 100;
    return null;
  }
  // price per 条
  if (!unit) return 100;
  if (unit.includes('万元')) return null;
  if (unit.includes('箱')) return 100 / 250;
  if (unit.includes('元')) return 100;
  return null;
}

export interface HeaderMatch {
  /** 0-based index into the rows scanned */
  index: number;
  /** field → column index */
  mapping: Record<string, number>;
  score: number;
}

/** Field whose synonyms include the header, with the synonym's rank (lower = more specific). */
function matchField(fields: FieldSpec[], key: string): { field: string; rank: number } | null {
  if (!key) return null;
  for (const f of fields) {
    const i = f.synonyms.indexOf(key);
    if (i >= 0) return { field: f.key, rank: i };
  }
  return null;
}

/** Maps the columns of one header row; when two columns fit one field the more specific synonym wins, then the leftmost. */
export function mapHeader(fields: FieldSpec[], header: Cell[]): Record<string, number> {
  const best: Record<string, { col: number; rank: number }> = {};
  header.forEach((h, col) => {
    const m = matchField(fields, headerKey(h).key);
    if (!m) return;
    const cur = best[m.field];
    if (!cur || m.rank < cur.rank) best[m.field] = { col, rank: m.rank };
  });
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(best)) out[k] = v.col;
  return out;
}

/** The row among the first ones with the most matched fields (at least two). */
export function findHeaderRow(fields: FieldSpec[], rows: Cell[][], scan = 30): HeaderMatch | null {
  let found: HeaderMatch | null = null;
  for (let i = 0; i < Math.min(rows.length, scan); i++) {
    const mapping = mapHeader(fields, rows[i]);
    const score = Object.keys(mapping).length;
    if (score >= 2 && (!found || score > found.score)) found = { index: i, mapping, score };
  }
  return found;
}

/** The group of fields a field belongs to when at least one of the group must be mapped (requiredAny), else null. */
export function oneOfGroup(kind: ImportKind, key: string): string[] | null {
  return (kind.requiredAny ?? []).find((g) => g.includes(key)) ?? null;
}

/** The kind's fields as the wizard shows them: label, whether required, the 至少一项 group, the accepted headers. */
export function describeFields(
  kind: ImportKind,
): { key: string; label: string; required: boolean; oneOf: string[] | null; synonyms: string[] }[] {
  return kind.fields.map((f) => ({
    key: f.key,
    label: f.label,
    required: Boolean(f.required),
    oneOf: oneOfGroup(kind, f.key),
    synonyms: f.synonyms,
  }));
}

/** What is missing for the kind to run, as a Chinese list, or null. */
export function missingFields(kind: ImportKind, mapping: Record<string, number | null | undefined>): string | null {
  const has = (k: string) => mapping[k] !== undefined && mapping[k] !== null;
  const missing: string[] = [];
  for (const f of kind.fields) if (f.required && !has(f.key)) missing.push(f.label);
  for (const group of kind.requiredAny ?? []) {
    if (!group.some(has)) missing.push(group.map((k) => kind.fields.find((f) => f.key === k)?.label ?? k).join('或'));
  }
  return missing.length ? missing.join('、') : null;
}

/** Remembered-mapping key: the kind and the header row's words. */
export function sourceKey(kind: string, header: Cell[]): string {
  return createHash('sha1')
    .update(kind + '\u0001' + header.map((h) => cellText(h).normalize('NFKC').replace(/\s+/g, '')).join('\u0001'))
    .digest('hex')
    .slice(0, 20);
}

/** The period a title row states: "2026年3月", "2026-03-01至2026-03-31", "2026年3月1日—3月31日". */
export function statedPeriod(titleRows: Cell[][]): { from: number; to: number } | null {
  const text = titleRows
    .map((r) => r.map((c) => cellText(c)).join(' '))
    .join(' ')
    .normalize('NFKC');
  const d = String.raw`(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?`;
  const range = new RegExp(
    d + String.raw`\s*(?:至|到|~|—|–|-|－)\s*(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?`,
  ).exec(text);
  if (range) {
    const y1 = Number(range[1]);
    const from = y1 * 10000 + Number(range[2]) * 100 + Number(range[3]);
    const y2 = range[4] ? Number(range[4]) : y1;
    const to = y2 * 10000 + Number(range[5]) * 100 + Number(range[6]);
    if (to >= from) return { from, to };
  }
  const month = /(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)/.exec(text);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    if (m >= 1 && m <= 12) {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return { from: y * 10000 + m * 100 + 1, to: y * 10000 + m * 100 + last };
    }
  }
  return null;
}
