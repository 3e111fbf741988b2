-- 品牌培育 projects (PRODUCT.md §8): a product scope (a 品牌集, a brand or specs), a period,
-- optionally a 客户集 of target retailers, and per 客户经理 targets for 铺货率, 重购率 and 上柜率
-- (fractions, NULL where no target is set). The rates themselves are computed by the reports module.
CREATE TABLE cultivation_projects (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  products    TEXT NOT NULL,            -- product scope text: set:<品牌集> | brand:<品牌> | codes:<c1,c2,…>
  target_set  TEXT,                     -- name of the 客户集 of target retailers, NULL for every retailer
  from_day    INTEGER NOT NULL,         -- yyyymmdd, first day of the drive
  to_day      INTEGER NOT NULL,         -- yyyymmdd, last day
  note        TEXT,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (to_day >= from_day)
);

CREATE TABLE cultivation_targets (
  project_id         INTEGER NOT NULL REFERENCES cultivation_projects(id) ON DELETE CASCADE,
  manager_id         INTEGER NOT NULL REFERENCES managers(id),
  distribution_rate  REAL CHECK (distribution_rate IS NULL OR distribution_rate BETWEEN 0 AND 1),  -- 铺货率
  repeat_rate        REAL CHECK (repeat_rate IS NULL OR repeat_rate BETWEEN 0 AND 1),              -- 重购率
  shelf_rate         REAL CHECK (shelf_rate IS NULL OR shelf_rate BETWEEN 0 AND 1),                -- 上柜率
  PRIMARY KEY (project_id, manager_id)
);
