-- Buyer bitmaps by number of order dates: `layers` holds, one after another,
-- the bitmaps of the retailers who ordered the spec on at least 2, 3, …
-- distinct days of the month (each as long as `retailers`, which is the
-- layer "at least 1 day"). Then 订货户数, 重购 and 订货次数 of one spec and
-- month over any set of retailers are popcounts. The bitmaps are derived
-- data: they are cleared here and rebuilt month by month (reports/buyers.ts).
DELETE FROM rpt_month_pb;
ALTER TABLE rpt_month_pb ADD COLUMN layers BLOB;
