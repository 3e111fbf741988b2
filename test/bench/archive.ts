/**
 * Archive search at 50,000 register entries (10% with an attachment text of
 * ~600 characters). Each query runs through the real search path (FTS5
 * trigram or bigram index, count + newest 20) and, as the baseline measured in
 * the same run, through a plain LIKE '%…%' scan over the same normalised text.
 * Prints median times and the ratio; no thresholds are asserted.
 *
 *   npx tsx test/bench/archive.ts            (or through npm run bench)
 *   ARCHIVE_BENCH_ITEMS=200000 npx tsx test/bench/archive.ts
 */
import { seededRandom as rng } from '../../electron/domain/masterdata/demo';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/db/connection';
import { addDoc } from '../../electron/domain/archive/register';
import { documentBody, normalizeText, reindexDocument, searchDocuments } from '../../electron/domain/archive/search';

const ORGS = [
  '市局营销中心',
  '市局专卖科',
  '省局',
  '县政府办',
  '市局办公室',
  '市局财务科',
  '县局综合办',
  '市局物流中心',
];
const TOPICS = [
  '网建达标',
  '考核',
  '卷烟价格',
  '零售户',
  '客户经理',
  '品牌培育',
  '市场检查',
  '安全生产',
  '信息采集',
  '一户一码',
  '电子结算',
  '货源投放',
  '节日保供',
  '满意度调查',
  '专卖管理',
  '现代终端',
];
const ACTS = ['关于开展', '关于做好', '关于印发', '关于调整', '关于加强', '关于报送', '关于通报'];
const TAILS = ['工作的通知', '的实施方案', '有关事项的函', '情况的报告', '的意见', '工作总结', '的紧急通知'];
const PEOPLE = ['张伟', '李娜', '王芳', '刘洋', '陈晨', '杨帆', '赵敏', '黄磊'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs: number): number {
  fn(); // warm the page cache and the statement cache
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export function run(): string[] {
  const items = Number(process.env.ARCHIVE_BENCH_ITEMS ?? 50_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-archive-'));
  const lines: string[] = [];
  try {
    const db = openDatabase(path.join(dir, 'bench.db'));
    const r = rng(20260315);
    const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
    const t0 = performance.now();
    db.transaction(() => {
      const blob = db.prepare(
        "INSERT OR IGNORE INTO archive_blobs(sha256, size, type, text, text_status) VALUES (?, ?, 'text', ?, '已提取')",
      );
      const link = db.prepare('INSERT INTO archive_attachments(doc_id, sha256, name) VALUES (?, ?, ?)');
      for (let i = 0; i < items; i++) {
        const year = 2016 + (i % 11);
        const kind = (['收文', '收文', '收文', '发文', '报送'] as const)[i % 5];
        const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
        const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
        const d = addDoc(
          db,
          {
            kind,
            title: `${pick(ACTS)}${year}年${pick(TOPICS)}${pick(TAILS)}`,
            date: `${year}-${month}-${day}`,
            fromOrg: kind === '收文' ? pick(ORGS) : '',
            docNo: kind === '收文' ? `营〔${year}〕${1 + Math.floor(r() * 300)}号` : '',
            handler: pick(PEOPLE),
          },
          'bench',
        );
        if (i % 10 === 0) {
          const text = Array.from(
            { length: 12 },
            () => `请各单位${pick(TOPICS)}，落实${pick(TOPICS)}要求，${pick(PEOPLE)}负责。`,
          ).join('');
          const sha = i.toString(16).padStart(64, '0');
          blob.run(sha, text.length, text);
          link.run(d.id, sha, `附件${i}.txt`);
          reindexDocument(db, d.id);
        }
      }
    })();
    const buildMs = performance.now() - t0;

    // Baseline: the same normalised text in a plain table, searched with LIKE.
    db.exec('CREATE TABLE bench_plain(id INTEGER PRIMARY KEY, doc_date TEXT, body TEXT)');
    const ins = db.prepare('INSERT INTO bench_plain VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const row of db.prepare('SELECT id, doc_date FROM archive_docs').all() as {
        id: number;
        doc_date: string;
      }[]) {
        ins.run(row.id, row.doc_date, normalizeText(documentBody(db, row.id) ?? ''));
      }
    })();
    const likeCount = db.prepare('SELECT count(*) AS n FROM bench_plain WHERE body LIKE ?');
    const likeTop = db.prepare('SELECT id FROM bench_plain WHERE body LIKE ? ORDER BY doc_date DESC, id DESC LIMIT 20');

    let sizes = '';
    try {
      const s = db
        .prepare(
          `SELECT CASE WHEN name LIKE 'archive_fts_tri%' THEN 'tri' WHEN name LIKE 'archive_fts_bi%' THEN 'bi' ELSE 'other' END AS k, sum(pgsize) AS b FROM dbstat GROUP BY k`,
        )
        .all() as { k: string; b: number }[];
      const mb = (k: string) => ((s.find((x) => x.k === k)?.b ?? 0) / 1024 / 1024).toFixed(1);
      sizes = `; index size trigram ${mb('tri')} MB, bigram ${mb('bi')} MB, rest ${mb('other')} MB`;
    } catch {
      /* dbstat not compiled in */
    }
    lines.push(
      `archive search: ${items.toLocaleString('en')} entries built in ${(buildMs / 1000).toFixed(1)} s${sizes}`,
    );

    const queries = [
      '网建',
      '考核',
      '户',
      '黄磊',
      '零售户',
      '一户一码',
      '2019年品牌培育',
      '营〔2021〕15号',
      '网建 考核',
      '市局 2024',
    ];
    for (const q of queries) {
      let total = 0;
      const fts = time(() => {
        total = searchDocuments(db, q, {}, 20, 0).total;
      }, 15);
      const words = normalizeText(q).split(/\s+/).filter(Boolean);
      let likeTotal = 0;
      const like = time(() => {
        if (words.length === 1) {
          likeTotal = (likeCount.get(`%${words[0]}%`) as { n: number }).n;
          likeTop.all(`%${words[0]}%`);
        } else {
          const where = words.map(() => 'body LIKE ?').join(' AND ');
          const params = words.map((w) => `%${w}%`);
          likeTotal = (
            db.prepare(`SELECT count(*) AS n FROM bench_plain WHERE ${where}`).get(...params) as { n: number }
          ).n;
          db.prepare(`SELECT id FROM bench_plain WHERE ${where} ORDER BY doc_date DESC, id DESC LIMIT 20`).all(
            ...params,
          );
        }
      }, 5);
      const agree = total === likeTotal ? '' : `  (!) LIKE found ${likeTotal}`;
      lines.push(
        `  ${q.padEnd(14)} ${String(total).padStart(6)} hits  index ${fts.toFixed(2).padStart(7)} ms   LIKE scan ${like.toFixed(1).padStart(7)} ms   ${(like / fts).toFixed(1).padStart(6)}× faster${agree}`,
      );
    }
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] && /bench[\\/]archive\.ts$/.test(process.argv[1])) {
  for (const l of run()) console.log(l);
}
