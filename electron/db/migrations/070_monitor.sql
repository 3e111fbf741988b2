-- 内管 warnings (DOMAIN.md "内管 warnings") and the 重点监管客户台账.
-- rule: surge 订量突增 | scarce 紧俏集中 | over-grade 超档位 | inactive 非正常经营订货.
-- day (yyyymmdd): the order date (surge, inactive), the Monday of the week (scarce),
-- the first of the month (over-grade). product_id is NULL for a rule over all specs.
CREATE TABLE monitor_warnings (
  id          INTEGER PRIMARY KEY,
  rule        TEXT NOT NULL CHECK (rule IN ('surge', 'scarce', 'over-grade', 'inactive')),
  retailer_id INTEGER NOT NULL REFERENCES retailers(id),
  product_id  INTEGER REFERENCES products(id),
  day         INTEGER NOT NULL,
  value_tiao  INTEGER NOT NULL,          -- this order / week / month, 条
  baseline    REAL,                      -- the figure it is compared with (mean, county total, median)
  ratio       REAL,                      -- value ÷ baseline
  status      TEXT NOT NULL DEFAULT '待核查' CHECK (status IN ('待核查', '正常', '违规', '其他')),
  note        TEXT,
  checked_by  TEXT,
  checked_at  TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
-- One warning per rule, retailer, spec (0 when none) and day: a rescan updates, never duplicates.
CREATE UNIQUE INDEX monitor_warnings_key ON monitor_warnings(rule, retailer_id, COALESCE(product_id, 0), day);
CREATE INDEX monitor_warnings_day ON monitor_warnings(day);

-- 重点监管客户台账: retailers found 违规 by a check.
CREATE TABLE monitor_ledger (
  id          INTEGER PRIMARY KEY,
  retailer_id INTEGER NOT NULL REFERENCES retailers(id),
  day         INTEGER NOT NULL,          -- the date of the finding (yyyymmdd)
  reason      TEXT NOT NULL,
  warning_id  INTEGER UNIQUE REFERENCES monitor_warnings(id),
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX monitor_ledger_retailer ON monitor_ledger(retailer_id, day);
