-- Order lines supplied in full (需求量 > 0 and 订购量 ≥ 需求量) per summary row,
-- for 订足率 counted by order lines (Settings → fulfilmentBasis 'lines'):
-- 订足的订单行 ÷ 需求量 > 0 的订单行. Kept in step like the other columns; the
-- rows already there are filled here from the order lines, once.
ALTER TABLE rpt_month_rp ADD COLUMN lines_full INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rpt_month_r ADD COLUMN lines_full INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rpt_month_p ADD COLUMN lines_full INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rpt_month_rc ADD COLUMN lines_full INTEGER NOT NULL DEFAULT 0;

-- Typed columns, so the lookups below can use the keys (a column made by
-- CREATE TABLE AS from an expression has no affinity and no usable index).
CREATE TEMP TABLE lines_full_fill (
  month       INTEGER NOT NULL,
  product_id  INTEGER NOT NULL,
  retailer_id INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (month, product_id, retailer_id)
) WITHOUT ROWID;
INSERT INTO lines_full_fill
  SELECT day / 100, product_id, retailer_id, COUNT(*)
  FROM order_lines WHERE demand_tiao > 0 AND qty_tiao >= demand_tiao
  GROUP BY day / 100, product_id, retailer_id;
-- Per retailer and per retailer × 价类, keyed, so each row below is one key lookup.
CREATE TEMP TABLE lines_full_r (
  month       INTEGER NOT NULL,
  retailer_id INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (month, retailer_id)
) WITHOUT ROWID;
INSERT INTO lines_full_r SELECT month, retailer_id, SUM(n) FROM lines_full_fill GROUP BY month, retailer_id;
CREATE TEMP TABLE lines_full_rc (
  month       INTEGER NOT NULL,
  price_class TEXT NOT NULL,
  retailer_id INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (month, price_class, retailer_id)
) WITHOUT ROWID;
INSERT INTO lines_full_rc
  SELECT f.month, c.price_class, f.retailer_id, SUM(f.n) FROM lines_full_fill f JOIN rpt_class_map c ON c.product_id = f.product_id
  GROUP BY f.month, c.price_class, f.retailer_id;

UPDATE rpt_month_rp SET lines_full = COALESCE((SELECT n FROM lines_full_fill f
  WHERE f.month = rpt_month_rp.month AND f.product_id = rpt_month_rp.product_id AND f.retailer_id = rpt_month_rp.retailer_id), 0);
UPDATE rpt_month_r SET lines_full = COALESCE((SELECT n FROM lines_full_r f
  WHERE f.month = rpt_month_r.month AND f.retailer_id = rpt_month_r.retailer_id), 0);
UPDATE rpt_month_p SET lines_full = COALESCE((SELECT SUM(n) FROM lines_full_fill f
  WHERE f.month = rpt_month_p.month AND f.product_id = rpt_month_p.product_id), 0);
UPDATE rpt_month_rc SET lines_full = COALESCE((SELECT n FROM lines_full_rc f
  WHERE f.month = rpt_month_rc.month AND f.price_class = rpt_month_rc.price_class AND f.retailer_id = rpt_month_rc.retailer_id), 0);

DROP TABLE lines_full_fill;
DROP TABLE lines_full_r;
DROP TABLE lines_full_rc;
