-- Monthly summaries of order lines for the reports module, kept in step with
-- order_lines by the reports hook on every import, replace and rollback (same
-- transaction). month = yyyymm. Quantities in 条, money in 分.
--   qty_dp    订购量 on lines with 需求量 > 0 (numerator of 订足率)
--   lines_dp  lines with 需求量 > 0;  lines_out  of those, lines with 订购量 = 0 (断货率)
--   day_mask  bit d−1 set when the retailer ordered (订购量 > 0) on day d of the month
-- No foreign keys: rows are derived data, rebuilt from order_lines at will.

CREATE TABLE rpt_month_rp (
  month       INTEGER NOT NULL,
  product_id  INTEGER NOT NULL,
  retailer_id INTEGER NOT NULL,
  qty         INTEGER NOT NULL,
  demand      INTEGER NOT NULL,
  amount      INTEGER NOT NULL,
  qty_dp      INTEGER NOT NULL,
  lines       INTEGER NOT NULL,
  lines_dp    INTEGER NOT NULL,
  lines_out   INTEGER NOT NULL,
  day_mask    INTEGER NOT NULL,
  PRIMARY KEY (month, product_id, retailer_id)
) WITHOUT ROWID;
CREATE INDEX rpt_month_rp_retailer ON rpt_month_rp(retailer_id, month);

-- Per retailer and month, all specs together (day_mask over every spec).
CREATE TABLE rpt_month_r (
  month       INTEGER NOT NULL,
  retailer_id INTEGER NOT NULL,
  qty         INTEGER NOT NULL,
  demand      INTEGER NOT NULL,
  amount      INTEGER NOT NULL,
  qty_dp      INTEGER NOT NULL,
  lines       INTEGER NOT NULL,
  lines_dp    INTEGER NOT NULL,
  lines_out   INTEGER NOT NULL,
  day_mask    INTEGER NOT NULL,
  PRIMARY KEY (month, retailer_id)
) WITHOUT ROWID;

-- Per spec and month, all retailers together; buyers = retailers with 订购量 > 0.
CREATE TABLE rpt_month_p (
  month       INTEGER NOT NULL,
  product_id  INTEGER NOT NULL,
  qty         INTEGER NOT NULL,
  demand      INTEGER NOT NULL,
  amount      INTEGER NOT NULL,
  qty_dp      INTEGER NOT NULL,
  lines       INTEGER NOT NULL,
  lines_dp    INTEGER NOT NULL,
  lines_out   INTEGER NOT NULL,
  buyers      INTEGER NOT NULL,
  PRIMARY KEY (month, product_id)
) WITHOUT ROWID;

-- A database that already holds order lines gets its summaries now.
INSERT INTO rpt_month_rp
SELECT day / 100, product_id, retailer_id, SUM(q), SUM(d), SUM(a), SUM(qdp), SUM(n), SUM(ndp), SUM(nout),
       SUM(CASE WHEN q > 0 THEN 1 << (day % 100 - 1) ELSE 0 END)
FROM (SELECT day, product_id, retailer_id, SUM(qty_tiao) q, SUM(demand_tiao) d, SUM(amount_fen) a,
             SUM(CASE WHEN demand_tiao > 0 THEN qty_tiao ELSE 0 END) qdp, COUNT(*) n,
             SUM(demand_tiao > 0) ndp, SUM(demand_tiao > 0 AND qty_tiao = 0) nout
      FROM order_lines GROUP BY day, product_id, retailer_id)
GROUP BY day / 100, product_id, retailer_id;

INSERT INTO rpt_month_r
SELECT day / 100, retailer_id, SUM(q), SUM(d), SUM(a), SUM(qdp), SUM(n), SUM(ndp), SUM(nout),
       SUM(CASE WHEN q > 0 THEN 1 << (day % 100 - 1) ELSE 0 END)
FROM (SELECT day, retailer_id, SUM(qty_tiao) q, SUM(demand_tiao) d, SUM(amount_fen) a,
             SUM(CASE WHEN demand_tiao > 0 THEN qty_tiao ELSE 0 END) qdp, COUNT(*) n,
             SUM(demand_tiao > 0) ndp, SUM(demand_tiao > 0 AND qty_tiao = 0) nout
      FROM order_lines GROUP BY day, retailer_id)
GROUP BY day / 100, retailer_id;

INSERT INTO rpt_month_p
SELECT month, product_id, SUM(qty), SUM(demand), SUM(amount), SUM(qty_dp), SUM(lines), SUM(lines_dp), SUM(lines_out),
       SUM(qty > 0)
FROM rpt_month_rp GROUP BY month, product_id;
