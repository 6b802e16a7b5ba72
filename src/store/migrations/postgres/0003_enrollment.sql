-- The PostgreSQL twin of sqlite/0003_enrollment.sql.
-- Sign-up, waiting list, attendance, the outbox of messages, and the sign-up
-- rate limit (issue 3). Instants are UTC text as in 0001.
-- run.confirmed_count counts seats taken (confirmed + offered); it and
-- run.waitlisted_count are changed only inside the enrollment transaction that
-- holds the run's lock (store/sql/sql_enrollment_store.cpp).

-- How a freed seat is filled: 'automatic' promotes the first in line,
-- 'offer' offers it with a reply deadline of offer_reply_hours.
ALTER TABLE run ADD COLUMN promotion_mode TEXT NOT NULL DEFAULT 'automatic'
  CHECK (promotion_mode IN ('automatic', 'offer'));
ALTER TABLE run ADD COLUMN offer_reply_hours INTEGER NOT NULL DEFAULT 48;
-- Whether the run's participation is registered in the patient record (PAS):
-- then a patient's national ID number is asked for. Defaults to the course's
-- referral requirement when NULL.
ALTER TABLE run ADD COLUMN registers_in_record INTEGER;

-- A person who signed up. The national ID number is encrypted at rest
-- (libsodium secretbox, app/personal_data_cipher) and found by a keyed hash.
CREATE TABLE person (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  mobile TEXT NOT NULL DEFAULT '',
  national_id_sealed TEXT,       -- base64(nonce || secretbox), NULL: not given
  national_id_lookup TEXT,       -- hex keyed hash, NULL: not given
  created_at TEXT NOT NULL
);
CREATE INDEX person_national_id_lookup ON person (national_id_lookup);

CREATE TABLE enrollment (
  id BIGSERIAL PRIMARY KEY,
  run_id BIGINT NOT NULL REFERENCES run (id),
  person_id BIGINT NOT NULL REFERENCES person (id),
  kind TEXT NOT NULL CHECK (kind IN ('patient', 'relative')),
  accompanies_id BIGINT REFERENCES enrollment (id),
  accompanies_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled')),
  waitlist_position INTEGER CHECK (waitlist_position > 0),
  offer_expires_at TEXT,
  identity_hash TEXT NOT NULL,       -- keyed hash of domain identity_key(): double submits
  manage_token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 of the private link's token
  interpreter_language TEXT NOT NULL DEFAULT '',
  needs TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('public', 'staff')),
  registered_by BIGINT,             -- staff account, for staff registrations
  referral_date TEXT,
  referring_doctor TEXT NOT NULL DEFAULT '',
  consent_text TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  cancelled_at TEXT,
  CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL))
);
-- One live enrollment per person and run; a cancelled one may be followed by a new one.
CREATE UNIQUE INDEX enrollment_live_identity ON enrollment (run_id, identity_hash)
  WHERE status <> 'cancelled';
CREATE INDEX enrollment_run_status ON enrollment (run_id, status, waitlist_position);
CREATE INDEX enrollment_person ON enrollment (person_id);

-- Staff moves on the waiting list, with the reason they gave.
CREATE TABLE waiting_list_move (
  id BIGSERIAL PRIMARY KEY,
  enrollment_id BIGINT NOT NULL REFERENCES enrollment (id),
  from_position INTEGER NOT NULL,
  to_position INTEGER NOT NULL,
  reason TEXT NOT NULL,
  account_id BIGINT NOT NULL,
  moved_at TEXT NOT NULL
);
CREATE INDEX waiting_list_move_enrollment ON waiting_list_move (enrollment_id);

CREATE TABLE attendance (
  enrollment_id BIGINT NOT NULL REFERENCES enrollment (id),
  session_id BIGINT NOT NULL REFERENCES run_session (id),
  mark TEXT NOT NULL CHECK (mark IN ('present', 'absent')),
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, session_id)
);

-- Messages to send, written in the transaction of the change that causes
-- them; a worker claims rows with a lease, sends, and marks them sent. The
-- body is cleared once sent (it may hold a private link).
CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  attachment_name TEXT NOT NULL DEFAULT '',
  attachment_type TEXT NOT NULL DEFAULT '',
  attachment TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,                -- confirmation, waitlisted, promoted, offered, reminder, cancelled
  enrollment_id BIGINT REFERENCES enrollment (id),
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  sent_at TEXT,
  failed_at TEXT,                    -- gave up after the last attempt
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (sent_at, failed_at, next_attempt_at);
-- A reminder is sent once per enrollment.
CREATE UNIQUE INDEX outbox_once ON outbox (enrollment_id, kind) WHERE kind = 'reminder';

-- Anonymous sign-ups per client address and fixed window, counted by every
-- server in the shared database.
CREATE TABLE sign_up_rate (
  client_key TEXT NOT NULL,          -- keyed hash of the address
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (client_key, window_start)
);
CREATE INDEX sign_up_rate_window ON sign_up_rate (window_start);
