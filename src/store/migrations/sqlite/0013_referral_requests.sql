-- Referral-required runs (issue "Every state right"): a public sign-up for a
-- course that needs a referral is a request waiting for it
-- ('awaiting_referral': no seat, no place on the waiting list) until staff
-- confirm it under the ordinary seat rule; and a run may take only staff
-- registrations, its public page saying how to get referred.
--
-- SQLite cannot change a CHECK constraint in place, so the enrollment table is
-- rebuilt with the same columns in the same order (those of 0003 and the ones
-- 0004-0006 and 0011 added), its indexes and its trigger (0011). Migrations
-- run in one transaction with foreign keys on, where `PRAGMA foreign_keys`
-- cannot be changed; deferring them lets the rows that refer to enrollments
-- (waiting-list moves, attendance, outbox, cancellations, a relative's link)
-- wait for the copy: they are checked when the transaction commits.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE enrollment_0013 AS SELECT * FROM enrollment;
DROP TABLE enrollment;

CREATE TABLE enrollment (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES run (id),
  person_id INTEGER NOT NULL REFERENCES person (id),
  kind TEXT NOT NULL CHECK (kind IN ('patient', 'relative')),
  accompanies_id INTEGER REFERENCES enrollment (id),
  accompanies_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL
    CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled', 'awaiting_referral')),
  waitlist_position INTEGER CHECK (waitlist_position > 0),
  offer_expires_at TEXT,
  identity_hash TEXT NOT NULL,       -- keyed hash of domain identity_key(): double submits
  manage_token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 of the private link's token
  interpreter_language TEXT NOT NULL DEFAULT '',
  needs TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('public', 'staff')),
  registered_by INTEGER,             -- staff account, for staff registrations
  referral_date TEXT,
  referring_doctor TEXT NOT NULL DEFAULT '',
  consent_text TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  cancelled_at TEXT,
  referring_doctor_hpr TEXT NOT NULL DEFAULT '',
  erased_at TEXT,
  erased_by INTEGER,
  erasure_id INTEGER REFERENCES erasure_request (id),
  manage_token_sealed TEXT,
  calendar_sequence INTEGER NOT NULL DEFAULT 0,
  CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL))
);
INSERT INTO enrollment SELECT * FROM enrollment_0013;
DROP TABLE enrollment_0013;

CREATE UNIQUE INDEX enrollment_live_identity ON enrollment (run_id, identity_hash)
  WHERE status <> 'cancelled';
CREATE INDEX enrollment_run_status ON enrollment (run_id, status, waitlist_position);
CREATE INDEX enrollment_person ON enrollment (person_id);

CREATE TRIGGER enrollment_calendar_sequence
AFTER UPDATE OF status, offer_expires_at ON enrollment
FOR EACH ROW
WHEN OLD.status IS NOT NEW.status OR OLD.offer_expires_at IS NOT NEW.offer_expires_at
BEGIN
  UPDATE enrollment SET calendar_sequence = calendar_sequence + 1 WHERE id = NEW.id;
END;

-- 1: the public page offers no sign-up, only how to get referred; staff register.
ALTER TABLE run ADD COLUMN staff_registration_only INTEGER NOT NULL DEFAULT 0
  CHECK (staff_registration_only IN (0, 1));
