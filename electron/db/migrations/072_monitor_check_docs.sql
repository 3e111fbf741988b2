-- Documents of the archive (文档档案) attached to a 内管 warning's check as its evidence
-- (核查 记录, 约谈记录, 处理决定 …), chosen from the register; the link goes with either side.
CREATE TABLE monitor_warning_docs (
  warning_id INTEGER NOT NULL REFERENCES monitor_warnings(id) ON DELETE CASCADE,
  doc_id     INTEGER NOT NULL REFERENCES archive_docs(id) ON DELETE CASCADE,
  PRIMARY KEY (warning_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX monitor_warning_docs_doc ON monitor_warning_docs(doc_id);
