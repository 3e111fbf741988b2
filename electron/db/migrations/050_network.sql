-- 网建达标 and 月度考核: visit and inspection records, the indicator catalogue,
-- targets, hand-entered values, month-end snapshots of retailer status, and the
-- monthly assessment of customer managers. Days are integer yyyymmdd; periods
-- are text: 'YYYY-MM' (month), 'YYYY-Qn' (quarter) or 'YYYY' (year).

-- 拜访记录
CREATE TABLE visit_records (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER REFERENCES import_batches(id),
  day         INTEGER NOT NULL,
  retailer_id INTEGER NOT NULL REFERENCES retailers(id),
  manager_id  INTEGER REFERENCES managers(id),   -- who visited (as recorded)
  way         TEXT,                               -- 实地 / 电话 / 网络
  content     TEXT
);
CREATE INDEX visit_records_day ON visit_records(day, retailer_id);
CREATE INDEX visit_records_retailer ON visit_records(retailer_id, day);
CREATE INDEX visit_records_batch ON visit_records(batch_id);

-- 检查记录: one inspection of one retailer. Each item is 1 passed, 0 failed,
-- NULL not checked. info_collected = 1 marks an information-collection record.
CREATE TABLE inspection_records (
  id             INTEGER PRIMARY KEY,
  batch_id       INTEGER REFERENCES import_batches(id),
  day            INTEGER NOT NULL,
  retailer_id    INTEGER NOT NULL REFERENCES retailers(id),
  manager_id     INTEGER REFERENCES managers(id),
  price_tag      INTEGER CHECK (price_tag IS NULL OR price_tag IN (0, 1)),   -- 明码标价
  display        INTEGER CHECK (display IS NULL OR display IN (0, 1)),       -- 卷烟陈列
  image          INTEGER CHECK (image IS NULL OR image IN (0, 1)),           -- 终端形象
  info_collected INTEGER NOT NULL DEFAULT 0 CHECK (info_collected IN (0, 1)), -- 信息采集
  note           TEXT
);
CREATE INDEX inspection_records_day ON inspection_records(day, retailer_id);
CREATE INDEX inspection_records_retailer ON inspection_records(retailer_id, day);
CREATE INDEX inspection_records_batch ON inspection_records(batch_id);

-- Specs seen on the shelf at an inspection (for 上柜率).
CREATE TABLE inspection_shelf (
  inspection_id INTEGER NOT NULL REFERENCES inspection_records(id) ON DELETE CASCADE,
  product_id    INTEGER NOT NULL REFERENCES products(id),
  PRIMARY KEY (inspection_id, product_id)
) WITHOUT ROWID;
CREATE INDEX inspection_shelf_product ON inspection_shelf(product_id);

-- The indicator catalogue. Built-in rows carry a formula key; user-defined rows
-- are entered by hand per period. margin NULL = the default for the unit
-- (rates: 0.02 absolute, i.e. 2 percentage points; counts: 5% of the target;
-- scores: 2 points).
CREATE TABLE network_indicators (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  unit        TEXT NOT NULL CHECK (unit IN ('rate', 'count', 'score')),
  direction   TEXT NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher', 'lower')),
  source      TEXT NOT NULL CHECK (source IN ('formula', 'manual')),
  formula     TEXT,
  base        TEXT NOT NULL DEFAULT 'operating' CHECK (base IN ('operating', 'licensed')),
  margin      REAL CHECK (margin IS NULL OR margin >= 0),
  margin_kind TEXT CHECK (margin_kind IS NULL OR margin_kind IN ('absolute', 'relative')),
  note        TEXT,
  builtin     INTEGER NOT NULL DEFAULT 0,
  active      INTEGER NOT NULL DEFAULT 1,
  sort_order  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO network_indicators(code, name, unit, direction, source, formula, builtin, sort_order) VALUES
  ('e_settlement',     '电子结算率',     'rate',  'higher', 'formula', 'e_settlement',     1, 10),
  ('online_order',     '网上订货率',     'rate',  'higher', 'formula', 'online_order',     1, 20),
  ('modern_count',     '现代终端户数',   'count', 'higher', 'formula', 'modern_count',     1, 30),
  ('modern_share',     '现代终端占比',   'rate',  'higher', 'formula', 'modern_share',     1, 40),
  ('visit_coverage',   '客户拜访覆盖率', 'rate',  'higher', 'formula', 'visit_coverage',   1, 50),
  ('price_tag',        '明码标价合格率', 'rate',  'higher', 'formula', 'price_tag',        1, 60),
  ('display',          '卷烟陈列规范率', 'rate',  'higher', 'formula', 'display',          1, 70),
  ('info_collection',  '信息采集完成率', 'rate',  'higher', 'formula', 'info_collection',  1, 80),
  ('satisfaction',     '客户满意度',     'score', 'higher', 'manual',  NULL,               1, 90);

-- Targets per indicator × period × scope. scope_code '' for the county.
CREATE TABLE network_targets (
  indicator_code TEXT NOT NULL REFERENCES network_indicators(code) ON DELETE CASCADE,
  period         TEXT NOT NULL,
  scope_kind     TEXT NOT NULL CHECK (scope_kind IN ('county', 'manager', 'route')),
  scope_code     TEXT NOT NULL DEFAULT '',
  value          REAL NOT NULL,
  batch_id       INTEGER REFERENCES import_batches(id),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (indicator_code, period, scope_kind, scope_code)
);
CREATE INDEX network_targets_batch ON network_targets(batch_id);

-- Values entered by hand (客户满意度 from the third-party survey, user-defined indicators).
CREATE TABLE network_manual_values (
  indicator_code TEXT NOT NULL REFERENCES network_indicators(code) ON DELETE CASCADE,
  period         TEXT NOT NULL,   -- 'YYYY-MM'
  scope_kind     TEXT NOT NULL CHECK (scope_kind IN ('county', 'manager', 'route')),
  scope_code     TEXT NOT NULL DEFAULT '',
  value          REAL NOT NULL,
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (indicator_code, period, scope_kind, scope_code)
);

-- Retailers planned for information collection in a month (信息采集完成率's
-- denominator); when a month has no list, every 正常经营 retailer is planned.
CREATE TABLE network_collection_plan (
  period      TEXT NOT NULL,
  retailer_id INTEGER NOT NULL REFERENCES retailers(id) ON DELETE CASCADE,
  PRIMARY KEY (period, retailer_id)
) WITHOUT ROWID;

-- Month-end snapshot of the retailer fields the indicators read. The master
-- data keeps no history; a month with a snapshot is computed from it, a month
-- without one from the current master data (and the report says which).
CREATE TABLE network_retailer_snapshots (
  period          TEXT NOT NULL,
  retailer_id     INTEGER NOT NULL REFERENCES retailers(id) ON DELETE CASCADE,
  status          TEXT NOT NULL,
  settlement      TEXT,
  order_method    TEXT,
  modern_terminal INTEGER NOT NULL DEFAULT 0,
  route_id        INTEGER REFERENCES routes(id),
  manager_id      INTEGER REFERENCES managers(id),
  PRIMARY KEY (period, retailer_id)
) WITHOUT ROWID;
CREATE TABLE network_snapshot_periods (
  period   TEXT PRIMARY KEY,
  taken_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  taken_by TEXT NOT NULL,
  retailers INTEGER NOT NULL
);

-- 月度考核: schemes (items as JSON), hand-entered item values, and saved results.
CREATE TABLE assessment_schemes (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  items      TEXT NOT NULL,       -- JSON array of items (see domain/network/assessment.ts)
  active     INTEGER NOT NULL DEFAULT 0,
  note       TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE assessment_manual_values (
  period       TEXT NOT NULL,
  item_code    TEXT NOT NULL,
  manager_code TEXT NOT NULL,
  value        REAL NOT NULL,
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (period, item_code, manager_code)
);

-- A month's assessment once saved: the scheme as it was, and one row per manager.
CREATE TABLE assessment_runs (
  period      TEXT PRIMARY KEY,
  scheme_name TEXT NOT NULL,
  items       TEXT NOT NULL,      -- JSON: the scheme items used
  saved_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  saved_by    TEXT NOT NULL
);
CREATE TABLE assessment_results (
  period       TEXT NOT NULL REFERENCES assessment_runs(period) ON DELETE CASCADE,
  manager_code TEXT NOT NULL,
  manager_name TEXT NOT NULL,
  total        REAL NOT NULL,
  rank         INTEGER NOT NULL,
  detail       TEXT NOT NULL,     -- JSON: per item value, factor, score
  PRIMARY KEY (period, manager_code)
);
