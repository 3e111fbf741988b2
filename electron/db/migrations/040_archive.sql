-- 文档档案: the 收文 / 发文 / 报表报送 registers, attachments stored by content
-- hash, 传阅 records, filing per DA/T 22-2015 (件号 / 档号), 借阅 of paper originals,
-- and two full-text indexes for Chinese search (see electron/domain/archive/search.ts).
-- Dates are text 'YYYY-MM-DD'.

-- Number sequences per kind and year (收〔2026〕15号). `last` only ever grows, so a
-- number is never handed out twice, even after its document was deleted.
CREATE TABLE archive_sequences (
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (kind, year)
) WITHOUT ROWID;

CREATE TABLE archive_docs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('收文', '发文', '报送')),
  year         INTEGER NOT NULL,               -- year of the number (of doc_date)
  seq          INTEGER NOT NULL,               -- 15 in 收〔2026〕15号
  number       TEXT NOT NULL,                  -- 收文号 / 发文字号 / 报送编号
  doc_date     TEXT NOT NULL,                  -- 收文日期 / 发文日期 / 报送日期
  title        TEXT NOT NULL,                  -- 标题 (报送: the report's name)
  from_org     TEXT NOT NULL DEFAULT '',       -- 来文机关 (收文)
  doc_no       TEXT NOT NULL DEFAULT '',       -- 来文字号 (收文) / 原文号
  to_org       TEXT NOT NULL DEFAULT '',       -- 主送/发往机关 (发文), 报送对象 (报送)
  cc           TEXT NOT NULL DEFAULT '',       -- 抄送
  secrecy      TEXT NOT NULL DEFAULT '公开',   -- 密级
  urgency      TEXT NOT NULL DEFAULT '普通',   -- 紧急程度
  copies       INTEGER NOT NULL DEFAULT 1,     -- 份数
  pages        INTEGER,                        -- 页数 (归档章, 目录)
  handler      TEXT NOT NULL DEFAULT '',       -- 承办单位/人
  signer       TEXT NOT NULL DEFAULT '',       -- 签收人 (收文) / 签发人 (发文)
  drafter      TEXT NOT NULL DEFAULT '',       -- 拟稿人 (发文) / 报送人 (报送)
  channel      TEXT NOT NULL DEFAULT '',       -- 报送渠道 (报送)
  due_date     TEXT,                           -- 办理期限
  status       TEXT NOT NULL,                  -- 待处理/已阅/转交/办结/归档 (收文), 已登记/归档 (发文, 报送)
  instruction  TEXT NOT NULL DEFAULT '',       -- 领导批示
  reply_no     TEXT NOT NULL DEFAULT '',       -- 复文号
  remark       TEXT NOT NULL DEFAULT '',       -- 备注
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_by   TEXT NOT NULL DEFAULT '',
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- 归档 (DA/T 22-2015); all NULL until filed
  filed_on     TEXT,                           -- 归档日期
  fonds_no     TEXT,                           -- 全宗号
  archive_year INTEGER,                        -- 年度
  retention    TEXT CHECK (retention IS NULL OR retention IN ('Y', 'D30', 'D10')),
  org_code     TEXT,                           -- 机构(问题)代码
  item_no      INTEGER,                        -- 件号
  archive_no   TEXT UNIQUE,                    -- 档号
  -- 到期鉴定: an expired item appraised out keeps its 件号 (the catalogue has no gaps)
  appraised_on TEXT,
  appraisal    TEXT,                           -- 销毁 / 续存
  appraisal_reason TEXT,
  UNIQUE (kind, year, seq)
);
CREATE INDEX archive_docs_date ON archive_docs(doc_date DESC, id DESC);
CREATE INDEX archive_docs_kind ON archive_docs(kind, year, seq);
CREATE INDEX archive_docs_due ON archive_docs(status, due_date);
CREATE UNIQUE INDEX archive_docs_item ON archive_docs(fonds_no, archive_year, retention, org_code, item_no)
  WHERE item_no IS NOT NULL;

-- One stored file per content: <dataDir>/attachments/<aa>/<sha256>, never under its own name.
CREATE TABLE archive_blobs (
  sha256      TEXT PRIMARY KEY,
  size        INTEGER NOT NULL,
  type        TEXT NOT NULL,                   -- pdf / docx / xlsx / png / … sniffed from the bytes
  text        TEXT NOT NULL DEFAULT '',        -- extracted text for search
  text_status TEXT NOT NULL,                   -- 已提取 / 无文本 / 不支持 / 提取失败
  stored_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;

CREATE TABLE archive_attachments (
  id       INTEGER PRIMARY KEY,
  doc_id   INTEGER NOT NULL REFERENCES archive_docs(id) ON DELETE CASCADE,
  sha256   TEXT NOT NULL REFERENCES archive_blobs(sha256),
  name     TEXT NOT NULL,                      -- original file name: metadata only
  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  added_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX archive_attachments_doc ON archive_attachments(doc_id);
CREATE INDEX archive_attachments_sha ON archive_attachments(sha256);

-- 传阅记录: who read it, when, and what they wrote.
CREATE TABLE archive_reads (
  id      INTEGER PRIMARY KEY,
  doc_id  INTEGER NOT NULL REFERENCES archive_docs(id) ON DELETE CASCADE,
  reader  TEXT NOT NULL,
  read_on TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX archive_reads_doc ON archive_reads(doc_id);

-- 借阅: lending of a paper original.
CREATE TABLE archive_loans (
  id          INTEGER PRIMARY KEY,
  doc_id      INTEGER NOT NULL REFERENCES archive_docs(id),
  borrower    TEXT NOT NULL,
  purpose     TEXT NOT NULL DEFAULT '',
  lent_on     TEXT NOT NULL,
  due_on      TEXT NOT NULL,
  returned_on TEXT
);
CREATE INDEX archive_loans_doc ON archive_loans(doc_id);
CREATE INDEX archive_loans_open ON archive_loans(returned_on, due_on);

-- Search indexes, both contentless (the text lives in archive_docs / archive_blobs):
-- trigram for queries of 3+ characters, and a bigram index for 1–2 character ones.
CREATE VIRTUAL TABLE archive_fts_tri USING fts5(body, tokenize = 'trigram', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE archive_fts_bi USING fts5(body, tokenize = 'unicode61 remove_diacritics 0', content = '', contentless_delete = 1, prefix = '1');
