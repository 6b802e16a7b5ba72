-- Attendance statuses (issue 12): besides present and absent, "excused"
-- (absent with notice: absent for completion, shown apart) and "partial"
-- (late or left early) with the minutes attended, which completion counts
-- as hours. Existing marks keep their meaning: 'present' and 'absent' stay
-- as they are, with no minutes.
--
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt
-- (nothing references attendance, so foreign keys are not disturbed).
CREATE TABLE attendance_0014 (
  enrollment_id INTEGER NOT NULL REFERENCES enrollment (id),
  session_id INTEGER NOT NULL REFERENCES run_session (id),
  mark TEXT NOT NULL CHECK (mark IN ('present', 'absent', 'excused', 'partial')),
  minutes_attended INTEGER CHECK (minutes_attended IS NULL OR minutes_attended >= 0),
  note TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, session_id),
  CHECK ((mark = 'partial') = (minutes_attended IS NOT NULL))
);
INSERT INTO attendance_0014 (enrollment_id, session_id, mark, minutes_attended, note,
                             recorded_by, recorded_at)
  SELECT enrollment_id, session_id, mark, NULL, note, recorded_by, recorded_at FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_0014 RENAME TO attendance;

-- The staff start page asks, per run, for sessions without any attendance.
CREATE INDEX attendance_by_session ON attendance (session_id);
