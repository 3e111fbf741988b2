-- Order dates of each retailer and spec for the 内管 scan (DOMAIN.md "内管 warnings"), kept in
-- step with order_lines by the 内管 module's hooks on every import, replace and rollback (same
-- transaction): one row per retailer, spec and day whose 订购量 (the day's lines summed) is > 0.
--   month  yyyymm of day
--   qty    the day's 订购量 (条)
--   base   Σ 订购量 of the pair's previous `history` order dates; NULL when it has fewer
-- history is monitor_order_days_state.history (the 订量突增 setting the rows were built for; a
-- scan with another setting rebuilds them). 订量突增 and 紧俏集中 read a month's rows in day
-- order instead of the lines and their whole history.
-- Laid out month by month: the rows of a month are one range of the key, in retailer, spec, day
-- order, and there is no second index. An import of a month writes its rows in key order at the
-- end of the table instead of into an index over every pair (which cost more than the rows
-- themselves); a pair's previous order dates are found month by month backwards; 超档位 sums a
-- month's rows per retailer in key order.
-- No foreign keys: rows are derived data, rebuilt from order_lines at will (CLI `monitor rebuild`).
-- (An earlier form of this migration keyed the rows by day with an index per pair; 074 converts
-- a file that has it.)
CREATE TABLE monitor_order_days (
  month       INTEGER NOT NULL,
  retailer_id INTEGER NOT NULL,
  product_id  INTEGER NOT NULL,
  day         INTEGER NOT NULL,
  qty         INTEGER NOT NULL,
  base        INTEGER,
  PRIMARY KEY (month, retailer_id, product_id, day)
) WITHOUT ROWID;

CREATE TABLE monitor_order_days_state (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  history INTEGER NOT NULL
);
INSERT INTO monitor_order_days_state(id, history) VALUES (1, 3);

-- A database that already holds order lines gets its rows now (history 3, the default), in key order.
INSERT INTO monitor_order_days(month, retailer_id, product_id, day, qty, base)
SELECT day / 100, retailer_id, product_id, day, q, CASE WHEN COUNT(*) OVER w = 3 THEN SUM(q) OVER w END
FROM (SELECT day, retailer_id, product_id, SUM(qty_tiao) AS q FROM order_lines
      GROUP BY retailer_id, product_id, day HAVING SUM(qty_tiao) > 0)
WINDOW w AS (PARTITION BY retailer_id, product_id ORDER BY day ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING)
ORDER BY day / 100, retailer_id, product_id, day;
