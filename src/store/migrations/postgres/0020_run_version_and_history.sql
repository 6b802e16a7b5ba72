-- Runs planned and changed by their owners (issue 14), as courses are (0019):
-- `version` is the optimistic lock of a save (store/run_authoring_store.hpp),
-- run_history keeps who changed which fields of a run when, one row per saved
-- version. Imported and demo runs start at version 1 with no history.
ALTER TABLE run ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);

CREATE TABLE run_history (
  run_id BIGINT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  account_id BIGINT REFERENCES staff_account (id),
  changed_at TEXT NOT NULL,
  -- the names of the changed fields, comma-separated (domain/authoring/run_form.hpp)
  changes TEXT NOT NULL,
  PRIMARY KEY (run_id, version)
);
