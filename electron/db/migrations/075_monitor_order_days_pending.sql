-- Order lines changed since the 内管 order dates (monitor_order_days, 073) were last brought in
-- step: an import, replace, rollback or demo generation records one row here inside its own
-- transaction instead of rewriting those rows; the 内管 module applies the rows (and deletes them,
-- in one transaction) in the scan that follows an import and before anything reads the order
-- dates (monitor/orderDays.ts applyPendingOrderDays).
--   day_from, day_to          the yyyymmdd range whose lines changed
--   first_line_id, last_line_id  an import that only added lines: its batch's range of line ids
--                             (order_lines.id), read back to append the new rows; NULL for a
--                             change of any other kind (the range is refreshed from the lines)
CREATE TABLE monitor_order_days_pending (
  id            INTEGER PRIMARY KEY,
  day_from      INTEGER NOT NULL,
  day_to        INTEGER NOT NULL,
  first_line_id INTEGER,
  last_line_id  INTEGER,
  CHECK (day_from <= day_to),
  CHECK ((first_line_id IS NULL) = (last_line_id IS NULL))
);
