-- 基础资料 and 订单明细. Quantities in 条 (integer), money in 分 (integer),
-- dates as ISO text 'YYYY-MM-DD' for masters and integer yyyymmdd for order lines.

CREATE TABLE import_batches (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,          -- retailers | managers | routes | products | orders | visits | inspections | targets
  file_name     TEXT NOT NULL,
  file_hash     TEXT NOT NULL,          -- sha256 of the file
  source        TEXT,                   -- remembered column mapping key
  user_login    TEXT NOT NULL,
  user_name     TEXT NOT NULL,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  rows_read     INTEGER NOT NULL DEFAULT 0,
  rows_imported INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  day_from      INTEGER,                -- orders: first and last yyyymmdd in the batch
  day_to        INTEGER,
  status        TEXT NOT NULL DEFAULT 'committed',  -- committed | rolled_back
  rejected_file TEXT,
  note          TEXT
);

-- 客户经理
CREATE TABLE managers (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,  -- 工号
  name           TEXT NOT NULL,
  gender         TEXT,                  -- 男 / 女
  birth_date     TEXT,                  -- YYYY-MM-DD
  education      TEXT,                  -- 本科及以上 / 大中专 / 高中及以下
  skill_grade    TEXT,                  -- 高级 / 中级 / 初级 / 无
  manager_since  TEXT,                  -- 任客户经理起始日期
  on_duty        INTEGER NOT NULL DEFAULT 1,  -- 在岗状态: 1 在岗, 0 离岗
  phone          TEXT,
  batch_id       INTEGER REFERENCES import_batches(id),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- 线路
CREATE TABLE routes (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  manager_id   INTEGER REFERENCES managers(id),
  mileage_km   REAL,
  visit_cycle  TEXT,                    -- 拜访周期, e.g. 每周
  batch_id     INTEGER REFERENCES import_batches(id),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX routes_manager ON routes(manager_id);

-- 零售客户
CREATE TABLE retailers (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,  -- 客户编码
  licence_no      TEXT,                  -- 许可证号
  name            TEXT NOT NULL,         -- 店名
  owner           TEXT,                  -- 负责人
  phone           TEXT,
  address         TEXT,
  format          TEXT,                  -- 经营业态: 食杂店 便利店 超市 商场 烟酒店 娱乐服务类 其他
  area            TEXT,                  -- 城乡: 城镇 / 乡村
  route_id        INTEGER REFERENCES routes(id),
  manager_id      INTEGER REFERENCES managers(id),
  grade           INTEGER CHECK (grade IS NULL OR grade BETWEEN 1 AND 30),  -- 档位
  order_method    TEXT,                  -- 电话 / 网上 / 手机 / 其他
  settlement      TEXT,                  -- 电子结算-在线划拨 / 电子结算-POS / 现金
  status          TEXT NOT NULL DEFAULT '正常',  -- 正常 / 暂停 / 歇业 / 注销
  modern_terminal INTEGER NOT NULL DEFAULT 0,    -- 现代终端
  joined_date     TEXT,
  batch_id        INTEGER REFERENCES import_batches(id),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX retailers_licence ON retailers(licence_no);
CREATE INDEX retailers_route ON retailers(route_id);
CREATE INDEX retailers_manager ON retailers(manager_id);

-- 卷烟规格. Prices in 分 per 条.
CREATE TABLE products (
  id                  INTEGER PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,  -- 卷烟编码
  name                TEXT NOT NULL,         -- e.g. 黄鹤楼(软蓝)
  brand               TEXT,
  maker               TEXT,                  -- 生产企业
  price_class         TEXT,                  -- 一类 … 五类
  transfer_price_fen  INTEGER,               -- 调拨价
  wholesale_price_fen INTEGER,               -- 批发价
  retail_price_fen    INTEGER,               -- 建议零售价
  low_tar             INTEGER NOT NULL DEFAULT 0,
  on_sale             INTEGER NOT NULL DEFAULT 1,
  batch_id            INTEGER REFERENCES import_batches(id),
  updated_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX products_name ON products(name);
CREATE INDEX products_brand ON products(brand);

-- 品牌集 / 客户集: a static list of codes, or a rule ({"field":"price_class","value":"一类"}).
CREATE TABLE code_sets (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('products', 'retailers')),
  rule       TEXT,                       -- JSON, null for a static list
  note       TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE code_set_members (
  set_id INTEGER NOT NULL REFERENCES code_sets(id) ON DELETE CASCADE,
  code   TEXT NOT NULL,
  PRIMARY KEY (set_id, code)
) WITHOUT ROWID;

-- 订单明细: one row per order line. day = yyyymmdd.
CREATE TABLE order_lines (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES import_batches(id),
  day         INTEGER NOT NULL,
  order_no    TEXT NOT NULL,
  retailer_id INTEGER NOT NULL REFERENCES retailers(id),
  product_id  INTEGER NOT NULL REFERENCES products(id),
  demand_tiao INTEGER NOT NULL,          -- 需求量 (条)
  qty_tiao    INTEGER NOT NULL,          -- 订购量 (条), what was supplied
  price_fen   INTEGER NOT NULL,          -- 单价 (分/条)
  amount_fen  INTEGER NOT NULL           -- 金额 (分)
);
CREATE UNIQUE INDEX order_lines_line ON order_lines(order_no, product_id);
CREATE INDEX order_lines_day ON order_lines(day);
CREATE INDEX order_lines_batch ON order_lines(batch_id);
CREATE INDEX order_lines_retailer_day ON order_lines(retailer_id, day);
CREATE INDEX order_lines_product_day ON order_lines(product_id, day);

-- Column mappings remembered per source (a hash of the header row and the kind).
CREATE TABLE import_mappings (
  source     TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  mapping    TEXT NOT NULL,              -- JSON {field: columnIndex}
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
