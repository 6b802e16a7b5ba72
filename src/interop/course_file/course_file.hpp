#pragma once
// Courses as files (issue 14): the JSON of the staff API's CourseInput
// (docs/openapi.yaml) and a CSV with one course per record, for moving a
// centre's catalogue in (`kursbase import courses`) and out. The columns are
// documented in docs/import.md; this file is their one definition.
//
// CSV columns (a header record names them; order free, unknown columns
// refused, missing ones empty): title, summary, description, owner_id, field,
// target_groups, languages, interpreter_available, format,
// referral_required, pathway, diagnosis_keys, contact_email, contact_phone,
// fee_nok, no_show_fee_nok, what_to_bring, completion_scheme, the didactic plan's
// six parts (plan_target_group ... plan_evaluation), programme. Lists are
// comma-separated keys ("adults,relatives"); ticks "ja"/"nei" (or 1/0,
// true/false); the programme one session per line, "topic|hours|teacher".
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "domain/authoring/course_form.hpp"
#include "domain/core/result.hpp"

namespace kursbase::interop {

inline constexpr std::string_view kCourseCsvColumns[] = {
    "title",         "summary",           "description",       "owner_id",
    "field",         "target_groups",     "languages",         "interpreter_available",
    "format",        "referral_required", "pathway",           "diagnosis_keys",
    "contact_email", "contact_phone",     "fee_nok",           "no_show_fee_nok",
    "what_to_bring", "completion_scheme", "plan_target_group", "plan_goals",
    "plan_frame",    "plan_content",      "plan_methods",      "plan_evaluation",
    "programme"};

// A course of a file as typed, with where it is: the CSV line its record
// starts on, or the JSON array's position (from 1).
struct CourseFileRecord {
  std::size_t position = 0;
  CourseForm form;
  std::vector<FieldError> errors;  // of the file's own form (a wrong JSON type, a bad tick)
};

// False when `body` is not a JSON object; a member of the wrong kind of value
// is an error of that field ("course_form.error.type"), the rest is read.
// Field names as validate_course_form() names them ("owner" for owner_id).
bool course_form_from_json(const nlohmann::json& body, CourseForm& form,
                           std::vector<FieldError>& errors);

// Malformed "course_file.error.*" when the file cannot be read as courses at
// all (not CSV, no header, an unknown column; not a JSON array of objects).
Result<std::vector<CourseFileRecord>> read_course_csv(std::string_view text);
Result<std::vector<CourseFileRecord>> read_course_json(std::string_view text);

// The CSV of `courses` (the header first), as read_course_csv() reads it.
std::string write_course_csv(const std::vector<CourseForm>& courses);

}  // namespace kursbase::interop
