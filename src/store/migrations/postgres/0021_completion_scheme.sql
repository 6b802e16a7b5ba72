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

ALTER TABLE course ADD COLUMN completion_scheme TEXT NOT NULL DEFAULT 'isf'
  REFERENCES completion_scheme (key);
