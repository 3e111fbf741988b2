-- 客户分档 review as a workflow like plans (proposed → submitted → approved | returned → submitted …),
-- single proposals adjusted with a reason, the figures behind each score, and a grade history that
-- also records 档位 from imports and edits (DOMAIN.md "客户分档 (30 grades) review").
-- The three tables are rebuilt (a CHECK cannot be altered): children are dropped before the
-- parent so nothing cascades, and renaming the new parent rewrites the children's references.
CREATE TABLE grading_reviews_new (
  id            INTEGER PRIMARY KEY,
  as_of         INTEGER NOT NULL,                -- review month, yyyymm
  status        TEXT NOT NULL DEFAULT 'proposed'
                CHECK (status IN ('proposed', 'submitted', 'approved', 'returned')),
  proposed_by   TEXT NOT NULL,
  proposed_at   TEXT NOT NULL,
  submitted_at  TEXT,
  decided_by    TEXT,
  decided_at    TEXT,
  return_reason TEXT
);
INSERT INTO grading_reviews_new(id, as_of, status, proposed_by, proposed_at, decided_by, decided_at)
  SELECT id, as_of, status, proposed_by, proposed_at, decided_by, decided_at FROM grading_reviews;

CREATE TABLE grading_review_rows_new (
  review_id      INTEGER NOT NULL REFERENCES grading_reviews_new(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,              -- position in (score, 客户编码) order, from 1
  retailer_id    INTEGER NOT NULL REFERENCES retailers(id) ON DELETE CASCADE,
  score          REAL NOT NULL,
  current_grade  INTEGER,                       -- 档位 when proposed (NULL: none)
  computed_grade INTEGER NOT NULL CHECK (computed_grade BETWEEN 1 AND 30),
  proposed_grade INTEGER NOT NULL CHECK (proposed_grade BETWEEN 1 AND 30),
  window_qty     INTEGER,                       -- 订购量 (条) in the 6-month window
  window_amount  INTEGER,                       -- 金额 (分) in the window
  pr_qty         REAL,                          -- pr(月均订购量)
  pr_amount      REAL,                          -- pr(月均订购金额)
  pr_price       REAL,                          -- pr(条均价)
  adjust_reason  TEXT,                          -- set when the clerk changed proposed_grade by hand
  adjusted_by    TEXT,
  adjusted_at    TEXT,
  PRIMARY KEY (review_id, retailer_id)
);
INSERT INTO grading_review_rows_new(review_id, seq, retailer_id, score, current_grade, computed_grade, proposed_grade)
  SELECT review_id, seq, retailer_id, score, current_grade, computed_grade, proposed_grade FROM grading_review_rows;

CREATE TABLE grade_history_new (
  id            INTEGER PRIMARY KEY,
  retailer_id   INTEGER NOT NULL REFERENCES retailers(id) ON DELETE CASCADE,
  grade         INTEGER CHECK (grade BETWEEN 1 AND 30),  -- NULL: no 档位
  effective_day INTEGER NOT NULL,               -- yyyymmdd from which the grade holds; 0 = since always
  source        TEXT NOT NULL DEFAULT 'review' CHECK (source IN ('before', 'review', 'import', 'edit')),
  review_id     INTEGER REFERENCES grading_reviews_new(id),
  batch_id      INTEGER,                        -- the import batch that brought the grade
  recorded_at   TEXT
);
INSERT INTO grade_history_new(id, retailer_id, grade, effective_day, source, review_id)
  SELECT id, retailer_id, grade, effective_day, 'review', review_id FROM grade_history;

DROP TABLE grade_history;
DROP TABLE grading_review_rows;
DROP TABLE grading_reviews;
ALTER TABLE grading_reviews_new RENAME TO grading_reviews;
ALTER TABLE grading_review_rows_new RENAME TO grading_review_rows;
ALTER TABLE grade_history_new RENAME TO grade_history;
CREATE INDEX grading_reviews_as_of ON grading_reviews(as_of);
CREATE INDEX grade_history_retailer ON grade_history(retailer_id, effective_day);
CREATE INDEX grade_history_batch ON grade_history(batch_id) WHERE batch_id IS NOT NULL;
-- Reviews approved before this migration: the grade each retailer had before its first one.
INSERT INTO grade_history(retailer_id, grade, effective_day, source)
  SELECT g.retailer_id, g.current_grade, 0, 'before'
    FROM grading_review_rows g
   WHERE g.review_id = (SELECT MIN(v.id) FROM grading_reviews v JOIN grading_review_rows x ON x.review_id = v.id
                         WHERE v.status = 'approved' AND x.retailer_id = g.retailer_id);
