-- The kept order dates of the 内管 scan (073) laid out month by month: the rows of a month are
-- one range of the key, in retailer, spec, day order, and there is no second index. An import of
-- a month writes its rows in key order at the end of the table instead of into an index over every
-- pair (which cost more than the rows themselves); a pair's previous order dates are found month by
-- month backwards; 超档位 sums a month's rows per retailer in key order.
--   month  yyyymm of day
CREATE TABLE monitor_order_days_m (
  month       INTEGER NOT NULL,
  retailer_id INTEGER NOT NULL,
  product_id  INTEGER NOT NULL,
  day         INTEGER NOT NULL,
  qty         INTEGER NOT NULL,
  base        INTEGER,
  PRIMARY KEY (month, retailer_id, product_id, day)
) WITHOUT ROWID;
INSERT INTO monitor_order_days_m(month, retailer_id, product_id, day, qty, base)
SELECT day / 100, retailer_id, product_id, day, qty, base FROM monitor_order_days
ORDER BY day / 100, retailer_id, product_id, day;
DROP TABLE monitor_order_days;
ALTER TABLE monitor_order_days_m RENAME TO monitor_order_days;
