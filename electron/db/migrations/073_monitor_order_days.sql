-- Order dates of each retailer and spec for the 内管 scan (DOMAIN.md "内管 warnings"), kept in
-- step with order_lines by the 内管 module's hooks on every import, replace and rollback (same
-- transaction): one row per retailer, spec and day whose 订购量 (the day's lines summed) is > 0.
--   qty   the day's 订购量 (条)
--   base  Σ 订购量 of the pair's previous `history` order dates; NULL when it has fewer
-- history is monitor_order_days_state.history (the 订量突增 setting the rows were built for; a
-- scan with another setting rebuilds them). 订量突增 and 紧俏集中 read a month's rows in day
-- order instead of the lines and their whole history.
-- No foreign keys: rows are derived data, rebuilt from order_lines at will.
CREATE TABLE monitor_order_days (
  day         INTEGER NOT NULL,
  retailer_id INTEGER NOT NULL,
  product_id  INTEGER NOT NULL,
  qty         INTEGER NOT NULL,
  base        INTEGER,
  PRIMARY KEY (day, retailer_id, product_id)
) WITHOUT ROWID;
-- a pair's order dates in order, with their 订购量 (the previous dates of a pair at import)
CREATE INDEX monitor_order_days_pair ON monitor_order_days(retailer_id, product_id, day, qty);

CREATE TABLE monitor_order_days_state (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  history INTEGER NOT NULL
);
INSERT INTO monitor_order_days_state(id, history) VALUES (1, 3);

-- A database that already holds order lines gets its rows now (history 3, the default).
INSERT INTO monitor_order_days(day, retailer_id, product_id, qty, base)
SELECT day, retailer_id, product_id, q, CASE WHEN COUNT(*) OVER w = 3 THEN SUM(q) OVER w END
FROM (SELECT day, retailer_id, product_id, SUM(qty_tiao) AS q FROM order_lines
      GROUP BY retailer_id, product_id, day HAVING SUM(qty_tiao) > 0)
WINDOW w AS (PARTITION BY retailer_id, product_id ORDER BY day ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING)
ORDER BY day, retailer_id, product_id;
