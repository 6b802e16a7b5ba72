-- Access and erasure requests, and the retention job (issue 4,
-- store/person_data_store.hpp). Instants are UTC text as in 0001.
--
-- Erasure anonymises in place: names, contact details, ID numbers, needs and
-- notes are removed, while the rows (run, kind, status, attendance marks)
-- stay, so a run's counts and the statistics still add up. The audit log is
-- not touched: its rows keep the person's row id, which after erasure no
-- longer leads to anyone (docs/security.md).

-- One erasure: a person's request (by a staff member, with the case number
-- or reason they gave) or a round of the retention job (account_id NULL).
CREATE TABLE erasure_request (
  id INTEGER PRIMARY KEY,
  requested_at TEXT NOT NULL,
  account_id INTEGER,                -- staff account; NULL: the retention job
  account_name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('request', 'retention')),
  reason TEXT NOT NULL               -- case number or reason; required for requests
);

ALTER TABLE enrollment ADD COLUMN erased_at TEXT;   -- NULL: not erased
ALTER TABLE enrollment ADD COLUMN erased_by INTEGER;  -- staff account; NULL: the retention job
ALTER TABLE enrollment ADD COLUMN erasure_id INTEGER REFERENCES erasure_request (id);
ALTER TABLE person ADD COLUMN erased_at TEXT;

-- Access requests find a person by e-mail (ID numbers use person_national_id_lookup).
CREATE INDEX person_email ON person (lower(email));
