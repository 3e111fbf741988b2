-- only when: SELECT NOT EXISTS (SELECT 1 FROM pragma_table_info('monitor_order_days') WHERE name = 'month')
-- A file whose 073 ran in its earlier form (rows keyed by day, with the index
-- monitor_order_days_pair) gets the month-keyed form of 073 now: the same rows, moved in key
-- order. A file whose 073 already made the month-keyed form skips this migration (the line
-- above: migrate.ts records it as applied without running it).
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
