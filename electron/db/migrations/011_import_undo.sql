-- What an import needs to be undone exactly.
-- Masters are upserted by code: the row as it was before the batch touched it
-- (NULL when the batch created it), so a rollback restores it or removes it.
CREATE TABLE import_master_undo (
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  kind     TEXT NOT NULL,              -- retailers | managers | routes | products (or a module's own kind)
  code     TEXT NOT NULL,
  before   TEXT,                       -- JSON of the row's columns, NULL = inserted by the batch
  PRIMARY KEY (batch_id, kind, code)
) WITHOUT ROWID;
CREATE INDEX import_master_undo_code ON import_master_undo(kind, code);

-- Order lines taken out by an import that replaced their dates (--replace). Rolling
-- back the replacing batch puts them back; rolling back their own batch drops them.
CREATE TABLE order_lines_replaced (
  replaced_by  INTEGER NOT NULL REFERENCES import_batches(id),
  id           INTEGER NOT NULL,
  batch_id     INTEGER NOT NULL,
  day          INTEGER NOT NULL,
  order_no     TEXT NOT NULL,
  retailer_id  INTEGER NOT NULL,
  product_id   INTEGER NOT NULL,
  demand_tiao  INTEGER NOT NULL,
  qty_tiao     INTEGER NOT NULL,
  price_fen    INTEGER NOT NULL,
  amount_fen   INTEGER NOT NULL
);
CREATE INDEX order_lines_replaced_by ON order_lines_replaced(replaced_by);
CREATE INDEX order_lines_replaced_batch ON order_lines_replaced(batch_id);

ALTER TABLE import_batches ADD COLUMN sheet TEXT;
ALTER TABLE import_batches ADD COLUMN rolled_back_at TEXT;
ALTER TABLE import_batches ADD COLUMN rolled_back_by TEXT;
ALTER TABLE import_batches ADD COLUMN replaced_lines INTEGER NOT NULL DEFAULT 0;
