-- Order lines supplied in full (需求量 > 0 and 订购量 ≥ 需求量) per summary row,
-- for 订足率 counted by order lines (Settings → fulfilmentBasis 'lines'):
-- 订足的订单行 ÷ 需求量 > 0 的订单行. Kept in step like the other columns; the
-- rows already there are filled here from the order lines, once.
ALTER TABLE rpt_month_rp ADD COLUMN lines_full INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rpt_month_r ADD COLUMN lines_full INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rpt_month_p ADD COLUMN lines_full INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rpt_month_rc ADD COLUMN lines_full INTEGER NOT NULL DEFAULT 0;

CREATE TEMP TABLE lines_full_fill AS
  SELECT day / 100 AS month, product_id, retailer_id, COUNT(*) AS n
  FROM order_lines WHERE demand_tiao > 0 AND qty_tiao >= demand_tiao
  GROUP BY day / 100, product_id, retailer_id;
CREATE INDEX temp.lines_full_fill_pr ON lines_full_fill(month, product_id, retailer_id);
CREATE INDEX temp.lines_full_fill_r ON lines_full_fill(month, retailer_id);

UPDATE rpt_month_rp SET lines_full = COALESCE((SELECT n FROM lines_full_fill f
  WHERE f.month = rpt_month_rp.month AND f.product_id = rpt_month_rp.product_id AND f.retailer_id = rpt_month_rp.retailer_id), 0);
UPDATE rpt_month_r SET lines_full = COALESCE((SELECT SUM(n) FROM lines_full_fill f
  WHERE f.month = rpt_month_r.month AND f.retailer_id = rpt_month_r.retailer_id), 0);
UPDATE rpt_month_p SET lines_full = COALESCE((SELECT SUM(n) FROM lines_full_fill f
  WHERE f.month = rpt_month_p.month AND f.product_id = rpt_month_p.product_id), 0);
UPDATE rpt_month_rc SET lines_full = COALESCE((SELECT SUM(f.n) FROM lines_full_fill f JOIN rpt_class_map c ON c.product_id = f.product_id
  WHERE f.month = rpt_month_rc.month AND f.retailer_id = rpt_month_rc.retailer_id AND c.price_class = rpt_month_rc.price_class), 0);

DROP TABLE lines_full_fill;
