-- Per retailer, 价类 and month (all specs of a 价类 together), for reports
-- restricted to a 价类 and grouped by retailer attributes. price_class '' =
-- no 价类. rpt_class_map records the 价类 each spec had when the table was
-- built: when a spec's 价类 changes the table is not used until the next
-- change of order lines rebuilds it (see reports/summaries.ts).
CREATE TABLE rpt_month_rc (
  month       INTEGER NOT NULL,
  price_class TEXT NOT NULL,
  retailer_id INTEGER NOT NULL,
  qty         INTEGER NOT NULL,
  demand      INTEGER NOT NULL,
  amount      INTEGER NOT NULL,
  qty_dp      INTEGER NOT NULL,
  lines       INTEGER NOT NULL,
  lines_dp    INTEGER NOT NULL,
  lines_out   INTEGER NOT NULL,
  day_mask    INTEGER NOT NULL,
  order_days  INTEGER NOT NULL,
  PRIMARY KEY (month, price_class, retailer_id)
) WITHOUT ROWID;

CREATE TABLE rpt_class_map (
  product_id  INTEGER PRIMARY KEY,
  price_class TEXT NOT NULL
);
