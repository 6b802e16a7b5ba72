-- The national course catalogue: organisations, places, courses, programmes, runs.
-- Portable SQL except the FTS5 table at the end (PostgreSQL uses tsvector).
-- Instants are UTC text 'YYYY-MM-DDTHH:MM:SSZ' on both engines (sortable, exact).

CREATE TABLE organisation (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('regional_health_authority', 'health_trust',
    'learning_centre', 'department', 'municipal_service', 'user_organisation')),
  name TEXT NOT NULL,
  org_number TEXT NOT NULL DEFAULT '',
  parent_id INTEGER REFERENCES organisation (id),
  municipality_number TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  web TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organisation_parent ON organisation (parent_id);

CREATE TABLE municipality (
  number TEXT PRIMARY KEY CHECK (length(number) = 4),
  name TEXT NOT NULL,
  health_trust_id INTEGER REFERENCES organisation (id)
);

CREATE TABLE diagnosis_area (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  icd10 TEXT NOT NULL DEFAULT ''
);

CREATE TABLE course (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  field TEXT NOT NULL,
  format TEXT NOT NULL,
  referral_required INTEGER NOT NULL DEFAULT 0,
  interpreter_available INTEGER NOT NULL DEFAULT 0,
  pathway TEXT NOT NULL DEFAULT 'none',
  owner_id INTEGER NOT NULL REFERENCES organisation (id),
  contact_email TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived'))
);
CREATE INDEX course_owner ON course (owner_id);

CREATE TABLE course_target_group (
  course_id INTEGER NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  target_group TEXT NOT NULL,
  PRIMARY KEY (course_id, target_group)
);
CREATE TABLE course_language (
  course_id INTEGER NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  language TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (course_id, language)
);
CREATE TABLE course_diagnosis_area (
  course_id INTEGER NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  diagnosis_key TEXT NOT NULL REFERENCES diagnosis_area (key),
  PRIMARY KEY (course_id, diagnosis_key)
);
CREATE TABLE programme_item (
  course_id INTEGER NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  topic TEXT NOT NULL,
  teaching_minutes INTEGER NOT NULL CHECK (teaching_minutes > 0),
  teacher TEXT NOT NULL,
  PRIMARY KEY (course_id, position)
);

CREATE TABLE run (
  id INTEGER PRIMARY KEY,
  course_id INTEGER NOT NULL REFERENCES course (id),
  state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'cancelled')),
  min_participants INTEGER NOT NULL DEFAULT 0,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  registration_deadline TEXT NOT NULL,
  digital INTEGER NOT NULL DEFAULT 0,
  language TEXT NOT NULL DEFAULT 'nb',
  waiting_list_enabled INTEGER NOT NULL DEFAULT 1,
  location_name TEXT,
  location_address TEXT,
  location_postal_code TEXT,
  location_postal_place TEXT,
  location_municipality TEXT REFERENCES municipality (number),
  -- confirmed participants, kept by the enrollment transaction that changes it
  confirmed_count INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0),
  waitlisted_count INTEGER NOT NULL DEFAULT 0 CHECK (waitlisted_count >= 0)
);
CREATE INDEX run_course ON run (course_id);

CREATE TABLE run_session (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX run_session_run ON run_session (run_id, starts_at);

-- Bumped by every change the public catalogue shows, so that servers know
-- when to rebuild their in-memory catalogue index.
CREATE TABLE catalogue_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO catalogue_state (id, version) VALUES (1, 1);

-- Full text over folded text (domain/catalogue/search_text.hpp does the folding, so both
-- engines see the same words). rowid = course.id.
CREATE VIRTUAL TABLE course_text USING fts5 (
  title, subjects, body, places,
  tokenize = 'unicode61 remove_diacritics 0'
);
