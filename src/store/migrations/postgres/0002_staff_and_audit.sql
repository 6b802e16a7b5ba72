-- The PostgreSQL twin of sqlite/0002_staff_and_audit.sql.
-- Staff accounts, role grants, sessions, sign-in failure counters, shared keys,
-- and the append-only audit log (issue 4). Instants are UTC text as in 0001.

CREATE TABLE staff_account (
  id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT,            -- Argon2id (libsodium crypto_pwhash_str); NULL: none
  oidc_subject TEXT UNIQUE,      -- HelseID subject for OpenID Connect sign-in; NULL: none
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE staff_grant (
  account_id BIGINT NOT NULL REFERENCES staff_account (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('system_administrator', 'lms_advisor', 'course_leader',
    'professional', 'user_representative', 'medical_responsible', 'analyst', 'auditor')),
  scope TEXT NOT NULL CHECK (scope IN ('nation', 'region', 'health_trust', 'course')),
  scope_id BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, role, scope, scope_id)
);

-- Only the SHA-256 of a session token is stored.
CREATE TABLE staff_session (
  token_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES staff_account (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX staff_session_account ON staff_session (account_id);

-- One row per failed sign-in, keyed "account:NAME" or "address:IP"; counted
-- over a sliding window by every server.
CREATE TABLE sign_in_failure (
  id BIGSERIAL PRIMARY KEY,
  counter_key TEXT NOT NULL,
  failed_at TEXT NOT NULL
);
CREATE INDEX sign_in_failure_key ON sign_in_failure (counter_key, failed_at);

CREATE TABLE shared_key (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL            -- hex
);

CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  occurred_at TEXT NOT NULL,
  account_id BIGINT NOT NULL,   -- no foreign key: the record outlives accounts
  account_name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT '',
  scope_id BIGINT,
  action TEXT NOT NULL,
  route TEXT NOT NULL DEFAULT '',
  object_type TEXT NOT NULL DEFAULT '',
  object_id TEXT NOT NULL DEFAULT '',
  person_id BIGINT,
  health_trust_id BIGINT,
  client_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_person ON audit_log (person_id, occurred_at);
CREATE INDEX audit_log_account ON audit_log (account_id, occurred_at);
CREATE INDEX audit_log_at ON audit_log (occurred_at);

-- Append-only: the record of who looked cannot be edited by the application.
-- Also revoke the rights from the application role (docs/security.md):
--   REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM kursbase_app;
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
