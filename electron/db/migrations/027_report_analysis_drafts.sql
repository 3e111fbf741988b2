-- 分析报告 drafts as the clerk edited them: every save is a new row, so the
-- history (who saved which text, when) stays; the newest row of a period and
-- scope is the draft the pages, the print view and the 月报 use.
CREATE TABLE analysis_drafts (
  id        INTEGER PRIMARY KEY,
  period    TEXT NOT NULL,                 -- the report period text, e.g. 2026-03
  scope     TEXT NOT NULL DEFAULT 'county',
  title     TEXT NOT NULL,
  sections  TEXT NOT NULL,                 -- JSON [{title, text}]
  saved_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  saved_by  TEXT NOT NULL                  -- 姓名（登录名）
);
CREATE INDEX analysis_drafts_period ON analysis_drafts(period, scope, id);
