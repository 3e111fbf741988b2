-- Per month and spec, the retailers who ordered it (订购量 > 0) as a bitmap:
-- bit (id % 8) of byte (id / 8) for retailer id. The distinct retailers who
-- ordered a spec over several months (the previous three periods of 动销率)
-- is then the popcount of an OR of a few small blobs. A row with product_id 0
-- marks a month whose bitmaps are complete; other months are answered from
-- rpt_month_rp. Kept in step with the other summaries (reports/buyers.ts);
-- a database that already holds lines gets them at the next rebuild or change
-- of those months.
CREATE TABLE rpt_month_pb (
  month      INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  retailers  BLOB NOT NULL,
  PRIMARY KEY (month, product_id)
) WITHOUT ROWID;
