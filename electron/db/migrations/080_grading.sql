-- 客户分档 (30 grades) review: a proposal per as-of month, its rows, and the grade history
-- an approved review writes (DOMAIN.md "客户分档 (30 grades) review").
CREATE TABLE grading_reviews (
  id          INTEGER PRIMARY KEY,
  as_of       INTEGER NOT NULL,                  -- review month, yyyymm
  status      TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'returned')),
  proposed_by TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  decided_by  TEXT,
  decided_at  TEXT
);
CREATE INDEX grading_reviews_as_of ON grading_reviews(as_of);

CREATE TABLE grading_review_rows (
  review_id      INTEGER NOT NULL REFERENCES grading_reviews(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,              -- position in (score, 客户编码) order, from 1
  retailer_id    INTEGER NOT NULL REFERENCES retailers(id) ON DELETE CASCADE,
  score          REAL NOT NULL,
  current_grade  INTEGER,                       -- 档位 when proposed (NULL: none)
  computed_grade INTEGER NOT NULL CHECK (computed_grade BETWEEN 1 AND 30),
  proposed_grade INTEGER NOT NULL CHECK (proposed_grade BETWEEN 1 AND 30),
  PRIMARY KEY (review_id, retailer_id)
);

CREATE TABLE grade_history (
  id            INTEGER PRIMARY KEY,
  retailer_id   INTEGER NOT NULL REFERENCES retailers(id) ON DELETE CASCADE,
  grade         INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 30),
  effective_day INTEGER NOT NULL,               -- yyyymmdd: first day of the month after the review month
  review_id     INTEGER REFERENCES grading_reviews(id)
);
CREATE INDEX grade_history_retailer ON grade_history(retailer_id, effective_day);
