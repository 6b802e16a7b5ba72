-- A course's didactic plan (issue 14): the six parts of the didactic relation
-- model the working group plans by (domain/catalogue/didactic_plan.hpp), one
-- row per written part; a part not written has no row.
CREATE TABLE course_didactic_part (
  course_id BIGINT NOT NULL REFERENCES course (id) ON DELETE CASCADE,
  part TEXT NOT NULL CHECK (part IN ('target_group', 'goals', 'frame', 'content', 'methods',
                                     'evaluation')),
  text TEXT NOT NULL CHECK (text <> ''),
  PRIMARY KEY (course_id, part)
);
