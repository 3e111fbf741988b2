-- Distinct order dates (订货次数) per summary row, so 重购率 and 订货次数 of one
-- spec, or of all specs together, are plain sums: the number of set bits of
-- day_mask. Kept in step by the reports hook like the other columns.
ALTER TABLE rpt_month_rp ADD COLUMN order_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rpt_month_r ADD COLUMN order_days INTEGER NOT NULL DEFAULT 0;

UPDATE rpt_month_rp SET order_days =
  (day_mask & 1) + ((day_mask >> 1) & 1) + ((day_mask >> 2) & 1) + ((day_mask >> 3) & 1) + ((day_mask >> 4) & 1) +
  ((day_mask >> 5) & 1) + ((day_mask >> 6) & 1) + ((day_mask >> 7) & 1) + ((day_mask >> 8) & 1) + ((day_mask >> 9) & 1) +
  ((day_mask >> 10) & 1) + ((day_mask >> 11) & 1) + ((day_mask >> 12) & 1) + ((day_mask >> 13) & 1) + ((day_mask >> 14) & 1) +
  ((day_mask >> 15) & 1) + ((day_mask >> 16) & 1) + ((day_mask >> 17) & 1) + ((day_mask >> 18) & 1) + ((day_mask >> 19) & 1) +
  ((day_mask >> 20) & 1) + ((day_mask >> 21) & 1) + ((day_mask >> 22) & 1) + ((day_mask >> 23) & 1) + ((day_mask >> 24) & 1) +
  ((day_mask >> 25) & 1) + ((day_mask >> 26) & 1) + ((day_mask >> 27) & 1) + ((day_mask >> 28) & 1) + ((day_mask >> 29) & 1) +
  ((day_mask >> 30) & 1)
WHERE day_mask <> 0;

UPDATE rpt_month_r SET order_days =
  (day_mask & 1) + ((day_mask >> 1) & 1) + ((day_mask >> 2) & 1) + ((day_mask >> 3) & 1) + ((day_mask >> 4) & 1) +
  ((day_mask >> 5) & 1) + ((day_mask >> 6) & 1) + ((day_mask >> 7) & 1) + ((day_mask >> 8) & 1) + ((day_mask >> 9) & 1) +
  ((day_mask >> 10) & 1) + ((day_mask >> 11) & 1) + ((day_mask >> 12) & 1) + ((day_mask >> 13) & 1) + ((day_mask >> 14) & 1) +
  ((day_mask >> 15) & 1) + ((day_mask >> 16) & 1) + ((day_mask >> 17) & 1) + ((day_mask >> 18) & 1) + ((day_mask >> 19) & 1) +
  ((day_mask >> 20) & 1) + ((day_mask >> 21) & 1) + ((day_mask >> 22) & 1) + ((day_mask >> 23) & 1) + ((day_mask >> 24) & 1) +
  ((day_mask >> 25) & 1) + ((day_mask >> 26) & 1) + ((day_mask >> 27) & 1) + ((day_mask >> 28) & 1) + ((day_mask >> 29) & 1) +
  ((day_mask >> 30) & 1)
WHERE day_mask <> 0;
