-- Nothing to create: the search vocabulary is read with ts_stat() over
-- course_text (store/postgres/tsvector_text_index.cpp); SQLite needs an
-- fts5vocab table for the same (sqlite/0012). Kept so that both engines have
-- the same migration numbers.
SELECT 1;
