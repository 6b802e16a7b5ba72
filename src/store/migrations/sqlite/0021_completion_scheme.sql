-- Completion thresholds as data (issue 14): a scheme per course says what
-- share of the programme's teaching minutes a participant must attend to
-- have completed (domain/catalogue/completion_scheme.hpp). ISF asks 80 %
-- (mestringforalle.no, "ISF"), the study associations 75 % (the adult
-- education act's rules). A course says ISF unless it names another.
CREATE TABLE completion_scheme (
  key TEXT PRIMARY KEY,
  required_percent INTEGER NOT NULL CHECK (required_percent BETWEEN 1 AND 100),
  position INTEGER NOT NULL UNIQUE
);
INSERT INTO completion_scheme (key, required_percent, position) VALUES
  ('isf', 80, 1),
  ('study_association', 75, 2);

-- SQLite adds a column with a REFERENCES clause only with a NULL default
-- while foreign keys are on, so two triggers keep the key known instead
-- (PostgreSQL has the foreign key).
ALTER TABLE course ADD COLUMN completion_scheme TEXT NOT NULL DEFAULT 'isf';
CREATE TRIGGER course_completion_scheme_insert BEFORE INSERT ON course
  WHEN NOT EXISTS (SELECT 1 FROM completion_scheme WHERE key = NEW.completion_scheme)
BEGIN
  SELECT RAISE(ABORT, 'unknown completion scheme');
END;
CREATE TRIGGER course_completion_scheme_update BEFORE UPDATE OF completion_scheme ON course
  WHEN NOT EXISTS (SELECT 1 FROM completion_scheme WHERE key = NEW.completion_scheme)
BEGIN
  SELECT RAISE(ABORT, 'unknown completion scheme');
END;
