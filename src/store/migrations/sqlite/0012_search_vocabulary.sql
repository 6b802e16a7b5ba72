-- The words of the full-text index with the number of courses that have each
-- (issue "Every state right": search corrects what people mistype, from the
-- words the index can match). fts5vocab reads FTS5's own index: nothing to keep
-- in step. PostgreSQL reads the same from its tsvectors with ts_stat().
CREATE VIRTUAL TABLE course_text_vocabulary USING fts5vocab(course_text, 'row');
