-- 货源投放 (DOMAIN.md "货源投放"): per ISO week and spec, the quantity available, the 机动量
-- kept back, one or more customer segments (each with its grade table) and the
-- per-retailer limit of each 档位 (whole 条, D30 ≥ … ≥ D1 within a segment).
CREATE TABLE supply_plans (
  id             INTEGER PRIMARY KEY,
  week           INTEGER NOT NULL,              -- the Monday of the ISO week, yyyymmdd
  product_id     INTEGER NOT NULL REFERENCES products(id),
  available_tiao INTEGER NOT NULL CHECK (available_tiao >= 0),
  reserve_tiao   INTEGER NOT NULL DEFAULT 0 CHECK (reserve_tiao >= 0 AND reserve_tiao <= available_tiao),
  cap_tiao       INTEGER CHECK (cap_tiao IS NULL OR cap_tiao >= 0),
  updated_by     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (week, product_id)
);

-- A segment: a customer scope (masterdata/scopes.ts: county, area:城镇, format:便利店, route:…, set:…)
-- and its grade table (weights per 档位; NULL = Settings 档位权重). manual = the clerk typed the limits.
CREATE TABLE supply_segments (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL REFERENCES supply_plans(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  scope        TEXT NOT NULL,
  weights_json TEXT,
  manual       INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  UNIQUE (plan_id, seq)
);

-- The limit per 档位 of a segment, with the 正常经营 retailers of the grade when it was planned.
CREATE TABLE supply_limits (
  segment_id INTEGER NOT NULL REFERENCES supply_segments(id) ON DELETE CASCADE,
  grade      INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 30),
  retailers  INTEGER NOT NULL CHECK (retailers >= 0),
  limit_tiao INTEGER NOT NULL CHECK (limit_tiao >= 0),
  PRIMARY KEY (segment_id, grade)
);
