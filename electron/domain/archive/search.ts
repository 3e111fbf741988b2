/**
 * Chinese search over the archive: numbers, titles, units, people, 批示, 传阅
 * comments, attachment names and extracted attachment text.
 *
 * Tokenisation — why two FTS5 indexes and no word segmenter:
 * - A clerk searches by a fragment of what she remembers (`网建`, `考核`,
 *   `15号`, `KFB-00`), not by dictionary words. A segmenter (jieba) decides
 *   word boundaries up front and then misses fragments that cross them, needs a
 *   native module built for both Node and Electron, and a dictionary that
 *   knows nothing of 零售户/网建/一户一码. Substring matching has none of these
 *   problems.
 * - FTS5's `trigram` tokenizer indexes every 3-character window, so any query
 *   of 3 or more characters (Chinese, letters, digits, punctuation mixed) is an
 *   exact substring match through the index. It cannot answer 1–2 characters.
 * - For those, a second contentless FTS5 table indexes the same text rewritten
 *   as overlapping bigrams of every run of letters/digits, plus the run's last
 *   character alone (`网建考核` → `网建 建考 考核 核`), under the plain
 *   `unicode61` tokenizer. A 2-character query is then one token lookup
 *   (`"网建"`), and a 1-character query a prefix lookup (`"网"*`, served by a
 *   1-character prefix index): every occurrence of a character is either the
 *   first half of a bigram or the last character of its run. Compared with a
 *   bigram table of (gram, doc) rows this keeps FTS5's compressed doclists,
 *   and compared with LIKE over a candidate set it stays an index lookup
 *   however common the characters are. The cost is a second index about the
 *   size of the text (see test/bench/archive.ts for the figures).
 * - Both sides are normalised the same way: NFKC (full-width letters and
 *   digits, Kangxi radicals from PDFs), lower case, and every kind of bracket
 *   folded to 〔 〕, so `收[2026]15号` finds `收〔2026〕15号`.
 * Several words separated by spaces must all match (AND).
 */
import type { Database, Statement } from 'better-sqlite3';

const OPEN_BRACKETS = /[[(（【〔［〖{｛]/g;
const CLOSE_BRACKETS = /[\])）】〕］〗}｝]/g;
/**
 * Characters that Kangxi radicals (⾨ U+2FA8, often in PDFs' text) become under NFKC in their
 * traditional form, with the simplified one a clerk types. The one table, for indexed text, queries
 * and the text read out of attachments (textExtract.ts).
 */
const RADICAL_SIMPLIFIED: Record<string, string> = {
  戶: '户',
  見: '见',
  長: '长',
  門: '门',
  車: '车',
  貝: '贝',
  風: '风',
  飛: '飞',
  馬: '马',
  魚: '鱼',
  鳥: '鸟',
  麥: '麦',
  頁: '页',
  龍: '龙',
  韋: '韦',
  齊: '齐',
  齒: '齿',
  黃: '黄',
  龜: '龟',
};
const RADICAL_TRADITIONAL = new RegExp(`[${Object.keys(RADICAL_SIMPLIFIED).join('')}]`, 'g');

/** The simplified form of the traditional characters Kangxi radicals fold to (text already NFKC). */
export function simplifyRadicals(s: string): string {
  return s.replace(RADICAL_TRADITIONAL, (c) => RADICAL_SIMPLIFIED[c] ?? c);
}

/** The one normalisation applied to indexed text and to queries alike. */
export function normalizeText(s: string): string {
  return simplifyRadicals(s.normalize('NFKC')).toLowerCase().replace(OPEN_BRACKETS, '〔').replace(CLOSE_BRACKETS, '〕');
}

/**
 * normalizeText applied character by character, keeping a character whose
 * normalised form has another length (… → ...), so positions stay aligned
 * with the original text (for snippets and highlighting).
 */
export function foldSameLength(s: string): string {
  const out: string[] = [];
  for (const c of s) {
    const code = c.codePointAt(0)!;
    // Fast paths: plain ASCII letters/digits and common CJK ideographs fold to themselves (or lower case).
    if (
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x4e00 && code <= 0x9fff && !(c in RADICAL_SIMPLIFIED))
    ) {
      out.push(c);
    } else if (code >= 0x41 && code <= 0x5a) out.push(c.toLowerCase());
    else {
      const n = normalizeText(c);
      out.push(n.length === c.length ? n : c);
    }
  }
  return out.join('');
}

const RUN = /[\p{L}\p{N}]+/gu;

/** `网建考核 2026` → `网建 建考 考核 核 20 02 26 6` (text already normalised). */
export function bigramText(normalized: string): string {
  const out: string[] = [];
  for (const m of normalized.matchAll(RUN)) {
    const chars = [...m[0]];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    out.push(chars[chars.length - 1]);
  }
  return out.join(' ');
}

export interface ParsedQuery {
  /** FTS5 expression for the trigram index, or null */
  tri: string | null;
  /** FTS5 expression for the bigram index, or null */
  bi: string | null;
  /** the normalised words, for highlighting */
  terms: string[];
}

const quote = (s: string) => '"' + s.replaceAll('"', '""') + '"';

/** Splits a query into words and routes each to the index that can answer it. */
export function parseQuery(query: string): ParsedQuery {
  const tri: string[] = [];
  const bi: string[] = [];
  const terms: string[] = [];
  for (const word of normalizeText(query).split(/\s+/)) {
    if (!word) continue;
    if ([...word].length >= 3) {
      tri.push(quote(word));
      terms.push(word);
      continue;
    }
    const chars = [...word].filter((c) => /[\p{L}\p{N}]/u.test(c));
    if (chars.length === 2) bi.push(quote(chars.join('')));
    else if (chars.length === 1) bi.push(quote(chars[0]) + '*');
    else continue;
    terms.push(chars.join(''));
  }
  return { tri: tri.length ? tri.join(' AND ') : null, bi: bi.length ? bi.join(' AND ') : null, terms };
}

/** Everything a document can be found by, in one text. */
export function documentBody(db: Database, id: number): string | null {
  const d = stmt(
    db,
    `SELECT number, title, from_org, doc_no, to_org, cc, handler, signer, drafter, channel, instruction, reply_no, remark,
            coalesce(archive_no, '') AS archive_no
       FROM archive_docs WHERE id = ?`,
  ).get(id) as Record<string, string> | undefined;
  if (!d) return null;
  const parts = Object.values(d).filter(Boolean);
  for (const r of stmt(db, 'SELECT reader, comment FROM archive_reads WHERE doc_id = ? ORDER BY id').all(id) as {
    reader: string;
    comment: string;
  }[]) {
    parts.push(r.reader, r.comment);
  }
  for (const a of stmt(
    db,
    'SELECT a.name, b.text FROM archive_attachments a JOIN archive_blobs b ON b.sha256 = a.sha256 WHERE a.doc_id = ? ORDER BY a.id',
  ).all(id) as { name: string; text: string }[]) {
    parts.push(a.name, a.text);
  }
  return parts.filter(Boolean).join('\n');
}

/** Brings both indexes up to date for one document (after any change to it). */
export function reindexDocument(db: Database, id: number): void {
  stmt(db, 'DELETE FROM archive_fts_tri WHERE rowid = ?').run(id);
  stmt(db, 'DELETE FROM archive_fts_bi WHERE rowid = ?').run(id);
  const body = documentBody(db, id);
  if (body === null) return;
  const norm = normalizeText(body);
  stmt(db, 'INSERT INTO archive_fts_tri(rowid, body) VALUES (?, ?)').run(id, norm);
  stmt(db, 'INSERT INTO archive_fts_bi(rowid, body) VALUES (?, ?)').run(id, bigramText(norm));
}

export interface SearchFilters {
  kind?: string;
  year?: number;
  status?: string;
  secrecy?: string;
  retention?: string;
  /** true: only filed items; false: only items not yet filed */
  filed?: boolean;
  /** only 收文 still open past their 办理期限 on this day */
  overdueAsOf?: string;
}

export interface SearchHit {
  id: number;
  kind: string;
  number: string;
  title: string;
  date: string;
  fromOrg: string;
  toOrg: string;
  docNo: string;
  handler: string;
  status: string;
  secrecy: string;
  dueDate: string | null;
  archiveNo: string | null;
  retention: string | null;
  attachments: number;
  /** attachments whose text is still being read (正在提取): words inside them are not found yet */
  extracting: number;
  /** a piece of text around the first match that is not in the title */
  snippet: string;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  terms: string[];
}

/** The two indexes, and which expression of a parsed query each answers. */
const INDEXES = [
  ['archive_fts_tri', 'tri'],
  ['archive_fts_bi', 'bi'],
] as const;

/** Filters that compare one column with the value chosen. */
const EQUAL_FILTERS = [
  ['kind', 'd.kind'],
  ['year', 'd.year'],
  ['status', 'd.status'],
  ['secrecy', 'd.secrecy'],
  ['retention', 'd.retention'],
] as const;

/** Where-clause of a search: index matches (AND) plus the filters. */
export function searchWhere(q: ParsedQuery, f: SearchFilters): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [table, key] of INDEXES) {
    if (!q[key]) continue;
    where.push(`d.id IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ?)`);
    params.push(q[key]);
  }
  for (const [key, column] of EQUAL_FILTERS) {
    if (!f[key]) continue;
    where.push(`${column} = ?`);
    params.push(f[key]);
  }
  if (f.filed === true) where.push('d.archive_no IS NOT NULL');
  if (f.filed === false) where.push('d.archive_no IS NULL');
  if (f.overdueAsOf) {
    where.push(`d.status IN ('待处理', '已阅', '转交') AND d.due_date < ?`);
    params.push(f.overdueAsOf);
  }
  return { sql: where.length ? 'WHERE ' + where.join(' AND ') : '', params };
}

const LABELS: [keyof Omit<SearchHit, 'snippet'>, string][] = [
  ['number', '编号'],
  ['docNo', '文号'],
  ['fromOrg', '来文机关'],
  ['toOrg', '主送/报送'],
  ['handler', '承办人'],
  ['archiveNo', '档号'],
];

/** Where the words that are not in the title were found: a field, or a piece of attachment text. */
function snippetFor(db: Database, hit: Omit<SearchHit, 'snippet'>, terms: string[]): string {
  const t = normalizeText(hit.title);
  const missing = terms.filter((w) => !t.includes(w));
  if (!missing.length) return '';
  const parts: string[] = [];
  let rest = missing;
  for (const [key, label] of LABELS) {
    const v = hit[key];
    if (typeof v !== 'string' || !v) continue;
    const n = normalizeText(v);
    if (rest.some((w) => n.includes(w))) {
      parts.push(`${label}：${v}`);
      rest = rest.filter((w) => !n.includes(w));
    }
    if (!rest.length) return parts.join('；');
  }
  // The piece is cut from the original text; a same-length folding finds where.
  const body = (documentBody(db, hit.id) ?? '').replace(/\s+/g, ' ');
  let folded: string | null = null;
  for (const w of rest) {
    // Most words appear as typed; fold the text (slower on long attachments) only when not.
    let at = body.indexOf(w);
    if (at < 0) at = (folded ??= foldSameLength(body)).indexOf(w);
    if (at < 0) continue;
    const start = Math.max(0, at - 30);
    const end = Math.min(body.length, at + w.length + 50);
    parts.push((start > 0 ? '…' : '') + body.slice(start, end) + (end < body.length ? '…' : ''));
    break;
  }
  return parts.join('；');
}

/** Above this many index matches, walking the date index beats sorting every match. */
const WALK_DATE_INDEX_ABOVE = 1500;

export function searchDocuments(
  db: Database,
  query: string,
  f: SearchFilters,
  limit: number,
  offset: number,
): SearchResult {
  const q = parseQuery(query);
  // Something was typed but nothing in it can be searched for (only punctuation): no hits, not everything.
  if (query.trim() !== '' && q.terms.length === 0) return { total: 0, hits: [], terms: [] };
  const w = searchWhere(q, f);
  const hasFilters = Object.values(f).some((v) => v !== undefined);
  // Matches per index, cheap: FTS5 counts a doclist without touching the documents.
  const counts = INDEXES.map(([table, key]) =>
    q[key]
      ? (stmt(db, `SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`).get(q[key]) as { n: number }).n
      : Infinity,
  );
  const estimate = Math.min(...counts);
  const total =
    estimate !== Infinity && !hasFilters && (q.tri === null || q.bi === null)
      ? estimate
      : estimate === 0
        ? 0
        : (stmt(db, `SELECT count(*) AS n FROM archive_docs d ${w.sql}`).get(...w.params) as { n: number }).n;
  // Many matches: read the newest entries in date order and keep those in the match set,
  // stopping at the limit. Few matches: fetch them by id and sort them.
  const from = estimate > WALK_DATE_INDEX_ABOVE ? 'archive_docs d INDEXED BY archive_docs_date' : 'archive_docs d';
  const rows =
    total === 0
      ? []
      : (stmt(
          db,
          `SELECT d.id, d.kind, d.number, d.title, d.doc_date AS date, d.from_org AS fromOrg, d.to_org AS toOrg, d.doc_no AS docNo,
                  d.handler, d.status, d.secrecy, d.due_date AS dueDate, d.archive_no AS archiveNo, d.retention,
                  (SELECT count(*) FROM archive_attachments a WHERE a.doc_id = d.id) AS attachments,
                  (SELECT count(*) FROM archive_attachments a JOIN archive_blobs b ON b.sha256 = a.sha256
                    WHERE a.doc_id = d.id AND b.text_status = '正在提取') AS extracting
             FROM ${from} ${w.sql}
            ORDER BY d.doc_date DESC, d.id DESC
            LIMIT ? OFFSET ?`,
        ).all(...w.params, limit, offset) as Omit<SearchHit, 'snippet'>[]);
  const hits = rows.map((r) => ({ ...r, snippet: q.terms.length ? snippetFor(db, r, q.terms) : '' }));
  return { total, hits, terms: q.terms };
}

const cache = new WeakMap<Database, Map<string, Statement<unknown[]>>>();
/** Prepared statements kept per connection: searching compiles nothing after the first call. */
function stmt(db: Database, sql: string): Statement<unknown[]> {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare<unknown[]>(sql)));
  return s;
}
