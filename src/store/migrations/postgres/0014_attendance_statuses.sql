-- Attendance statuses (issue 12): besides present and absent, "excused"
-- (absent with notice: absent for completion, shown apart) and "partial"
-- (late or left early) with the minutes attended, which completion counts
-- as hours. Existing marks keep their meaning: 'present' and 'absent' stay
-- as they are, with no minutes.
ALTER TABLE attendance DROP CONSTRAINT IF EXISTS attendance_mark_check;
ALTER TABLE attendance ADD COLUMN minutes_attended INTEGER
  CHECK (minutes_attended IS NULL OR minutes_attended >= 0);
ALTER TABLE attendance ADD CONSTRAINT attendance_mark_check
  CHECK (mark IN ('present', 'absent', 'excused', 'partial'));
ALTER TABLE attendance ADD CONSTRAINT attendance_partial_minutes
  CHECK ((mark = 'partial') = (minutes_attended IS NOT NULL));

-- The staff start page asks, per run, for sessions without any attendance.
CREATE INDEX attendance_by_session ON attendance (session_id);
