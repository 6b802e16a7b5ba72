-- Courses edited by their owners (issue 14). `version` is the optimistic
-- lock: a save names the version it was made from and is refused when another
-- save came first (store/course_authoring_store.hpp). course_history keeps
-- who changed which fields when, one row per saved version; imported and
-- demo courses start at version 1 with no history.
ALTER TABLE course ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);

CREATE TABLE course_history (
  course_id INTEGER NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  account_id INTEGER REFERENCES staff_account (id),
  changed_at TEXT NOT NULL,
  -- the names of the changed fields, comma-separated (domain/authoring/course_form.hpp)
  changes TEXT NOT NULL,
  PRIMARY KEY (course_id, version)
);
