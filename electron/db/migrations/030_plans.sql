-- 销售计划分解: plans, their versions and the cells of each version.
-- Quantities are integers in the plan's unit: '0.01箱' (hundredths of a 箱), '箱' or '条'.

CREATE TABLE plans (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL,
  year              INTEGER NOT NULL,
  month             INTEGER CHECK (month IS NULL OR month BETWEEN 1 AND 12),  -- null: a plan for the year
  level             TEXT NOT NULL CHECK (level IN ('month', 'manager', 'route', 'retailer', 'class', 'brand', 'spec')),
  unit              TEXT NOT NULL CHECK (unit IN ('0.01箱', '箱', '条')),
  products          TEXT NOT NULL DEFAULT 'all',  -- product scope as in CLI.md (all | class:一类 | brand:… | set:… | codes:…)
  target_units      INTEGER NOT NULL CHECK (target_units >= 0),
  target_amount_fen INTEGER,                      -- optional 万元 target, in 分
  status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  current_version   INTEGER,                      -- plan_versions.no of the latest version
  approved_version  INTEGER,
  note              TEXT,
  created_by        TEXT NOT NULL,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  submitted_at      TEXT,
  decided_by        TEXT,                         -- who approved or returned it
  decided_at        TEXT,
  return_reason     TEXT
);
CREATE INDEX plans_period ON plans(year, month);

CREATE TABLE plan_versions (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  no          INTEGER NOT NULL,                   -- 1, 2, 3 … per plan
  params      TEXT NOT NULL,                      -- JSON: methods, base period, bounds, locks
  note        TEXT,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (plan_id, no)
);

CREATE TABLE plan_cells (
  version_id INTEGER NOT NULL REFERENCES plan_versions(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,                    -- display order
  key        TEXT NOT NULL,                       -- YYYY-MM | 工号 | 线路编码 | 客户编码 | 价类 | 品牌 | 卷烟编码
  label      TEXT NOT NULL,
  units      INTEGER NOT NULL CHECK (units >= 0),
  exact      REAL NOT NULL,
  locked     INTEGER NOT NULL DEFAULT 0,
  explain    TEXT NOT NULL,                       -- JSON: how the cell was computed
  PRIMARY KEY (version_id, key)
) WITHOUT ROWID;
