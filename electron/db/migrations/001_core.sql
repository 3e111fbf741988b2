-- Core tables: settings (key → JSON value) and the append-only audit log.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  user_id    INTEGER NOT NULL,
  user_login TEXT NOT NULL,
  user_name  TEXT NOT NULL,
  via        TEXT NOT NULL,          -- ipc | http | cli
  module     TEXT NOT NULL,
  method     TEXT NOT NULL,
  action     TEXT NOT NULL,
  record     TEXT,
  before     TEXT,                   -- JSON
  after      TEXT                    -- JSON
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(user_login, at);
CREATE INDEX audit_log_module ON audit_log(module, at);
CREATE INDEX audit_log_record ON audit_log(record);

-- The log is append-only: no statement may change or remove a row.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志不可删除'); END;
