-- Dated 经营状态 history of retailers, recorded from this version on: every change of
-- retailers.status (an import, an edit, a rollback) is written here with the local date
-- it was made (yyyymmdd). A retailer's status on a day is the new status of its last
-- change on or before that day, else the old status of its first change after it, else
-- its current status (DOMAIN.md 内管 warnings, 非正常经营订货). Changes made before this
-- version are unknown: for those days the current status stands.
CREATE TABLE retailer_status_changes (
  id          INTEGER PRIMARY KEY,
  retailer_id INTEGER NOT NULL REFERENCES retailers(id) ON DELETE CASCADE,
  day         INTEGER NOT NULL,
  old_status  TEXT NOT NULL,
  new_status  TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX retailer_status_changes_retailer ON retailer_status_changes(retailer_id, day);

CREATE TRIGGER retailers_status_history AFTER UPDATE OF status ON retailers
WHEN OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO retailer_status_changes(retailer_id, day, old_status, new_status)
  VALUES (NEW.id, CAST(strftime('%Y%m%d', 'now', 'localtime') AS INTEGER), OLD.status, NEW.status);
END;
