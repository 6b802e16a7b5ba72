-- The iCalendar SEQUENCE of a person's sessions (issue 12): the .ics of an
-- enrollment gives each session a stable UID (run, session, enrollment) and
-- SEQUENCE = enrollment.calendar_sequence + run.calendar_sequence. Both
-- counters only grow, so their sum grows with every change of what the file
-- shows, and a calendar replaces its copy of the event instead of keeping the
-- old one:
-- - the enrollment's counter moves with its status (waitlisted, offered,
--   confirmed, cancelled) and its offer's reply deadline, which the
--   description states;
-- - the run's counter moves with the run's state (cancelled), its place, its
--   video flag, and with a session's times changing or a session going away.
--   A new session needs no bump: it has a UID of its own. A course's new
--   title (the events' SUMMARY) moves the counter of each of its runs.
--
-- Kept by triggers, as the run's change stamp (0007), so that no writer
-- (sign-up, promotion, offer, expiry, cancellation, an import or a hand-made
-- UPDATE) can forget it; each bump is in the transaction of its change.
ALTER TABLE enrollment ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER enrollment_calendar_sequence
AFTER UPDATE OF status, offer_expires_at ON enrollment
FOR EACH ROW
WHEN OLD.status IS NOT NEW.status OR OLD.offer_expires_at IS NOT NEW.offer_expires_at
BEGIN
  UPDATE enrollment SET calendar_sequence = calendar_sequence + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER run_calendar_sequence
AFTER UPDATE OF state, digital, location_name, location_address, location_postal_code,
  location_postal_place ON run
FOR EACH ROW
WHEN OLD.state IS NOT NEW.state OR OLD.digital IS NOT NEW.digital
  OR OLD.location_name IS NOT NEW.location_name
  OR OLD.location_address IS NOT NEW.location_address
  OR OLD.location_postal_code IS NOT NEW.location_postal_code
  OR OLD.location_postal_place IS NOT NEW.location_postal_place
BEGIN
  UPDATE run SET calendar_sequence = calendar_sequence + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER run_session_times_calendar_sequence
AFTER UPDATE OF starts_at, ends_at ON run_session
FOR EACH ROW
WHEN OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at
BEGIN
  UPDATE run SET calendar_sequence = calendar_sequence + 1 WHERE id = NEW.run_id;
END;

CREATE TRIGGER run_session_gone_calendar_sequence
AFTER DELETE ON run_session
FOR EACH ROW
BEGIN
  UPDATE run SET calendar_sequence = calendar_sequence + 1 WHERE id = OLD.run_id;
END;

CREATE TRIGGER course_title_calendar_sequence
AFTER UPDATE OF title ON course
FOR EACH ROW
WHEN OLD.title IS NOT NEW.title
BEGIN
  UPDATE run SET calendar_sequence = calendar_sequence + 1 WHERE course_id = NEW.id;
END;
