-- Each order import's lines are one contiguous range of ids: an import numbers its
-- lines itself, above every id used before (kinds/orders.ts nextLineId), so a batch
-- is removed by range and order_lines needs no index on batch_id. Lines a later
-- import replaced (order_lines_replaced) keep their ids, inside their batch's range.
ALTER TABLE import_batches ADD COLUMN first_line_id INTEGER;
ALTER TABLE import_batches ADD COLUMN last_line_id INTEGER;

-- Batches from before: their range, where no other batch's line lies inside it.
-- (A batch whose lines are not contiguous keeps NULL and is rolled back by a scan.)
CREATE TEMP TABLE batch_span AS
  SELECT batch_id, MIN(id) AS a, MAX(id) AS b FROM (
    SELECT batch_id, id FROM order_lines
    UNION ALL SELECT batch_id, id FROM order_lines_replaced)
  GROUP BY batch_id;
UPDATE import_batches SET first_line_id = s.a, last_line_id = s.b
  FROM batch_span s
  WHERE s.batch_id = import_batches.id
    AND NOT EXISTS (SELECT 1 FROM order_lines o WHERE o.id BETWEEN s.a AND s.b AND o.batch_id <> s.batch_id)
    AND NOT EXISTS (SELECT 1 FROM order_lines_replaced r WHERE r.id BETWEEN s.a AND s.b AND r.batch_id <> s.batch_id);
DROP TABLE batch_span;

-- No query looks order lines up by batch any more (docs/imports.md lists the plan that uses each index).
DROP INDEX order_lines_batch;
