-- Targets an import overwrote, kept so that rolling the batch back restores them.
CREATE TABLE network_targets_replaced (
  batch_id       INTEGER NOT NULL REFERENCES import_batches(id),
  indicator_code TEXT NOT NULL,
  period         TEXT NOT NULL,
  scope_kind     TEXT NOT NULL,
  scope_code     TEXT NOT NULL,
  value          REAL NOT NULL,
  prev_batch_id  INTEGER,
  PRIMARY KEY (batch_id, indicator_code, period, scope_kind, scope_code)
);
