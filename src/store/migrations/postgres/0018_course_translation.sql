-- Course texts in more than one language (issue 13). `course.title`, `summary`
-- and `description` are written in `course.text_language`; course_translation
-- holds the same texts in other languages (domain/catalogue/course_translation.hpp).
-- The full-text index holds every language's words, so a search finds a course
-- by words in any of its languages.
ALTER TABLE course ADD COLUMN text_language TEXT NOT NULL DEFAULT 'nb';

CREATE TABLE course_translation (
  course_id BIGINT NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  language TEXT NOT NULL,
  title TEXT NOT NULL CHECK (title <> ''),
  summary TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (course_id, language)
);

-- A participant's calendar event is titled in their language: a translated
-- title that appears, changes or goes moves the counter of the course's runs
-- (as course_title_calendar_sequence does for the course's own title).
CREATE FUNCTION course_translation_calendar_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE run SET calendar_sequence = calendar_sequence + 1 WHERE course_id = OLD.course_id;
  ELSIF TG_OP = 'INSERT' OR OLD.title IS DISTINCT FROM NEW.title THEN
    UPDATE run SET calendar_sequence = calendar_sequence + 1 WHERE course_id = NEW.course_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER course_translation_calendar_sequence
AFTER INSERT OR UPDATE OF title OR DELETE ON course_translation
FOR EACH ROW
EXECUTE FUNCTION course_translation_calendar_sequence();
