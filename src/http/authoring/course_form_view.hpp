#pragma once
// The course form as it travels (issue 14): read from a posted page form or
// from the API's JSON, and shown again as typed (template staff_course_form)
// with each error next to its field.
//
// Page form names: the CourseForm members ("title", "target_groups" repeated
// per ticked box, ...) and the programme's rows as "programme.N.topic",
// "programme.N.hours", "programme.N.teacher" (N from 1, as the errors of
// validate_course_form name them).
//
// API JSON (POST/PUT /api/v1/staff/courses): the same names, with
// booleans for the two ticks, "owner_id" a number, "fee_nok" and
// "no_show_fee_nok" numbers or null, and "programme" an array of
// {"topic", "hours" (a number, or text as "1,5"), "teacher"}.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/authoring/course_authoring_service.hpp"
#include "app/core/time_zone.hpp"
#include "domain/authoring/course_form.hpp"
#include "http/core/form_view.hpp"
#include "http/core/request.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// Programme rows a page form may post: beyond kMaxProgrammeItems the domain
// says "too long"; this far beyond it the post is not from our page.
inline constexpr std::size_t kMaxPostedProgrammeRows = 100;

// A completion scheme as the form offers it: "ISF – minst 80 % av undervisningstimene".
std::string completion_scheme_text(const CompletionScheme& scheme, const web::Messages& m);

// False when a programme row's number is not 1..kMaxPostedProgrammeRows.
bool course_form_from_post(const QueryParams& posted, CourseForm& form);

// The API's JSON is read by interop::course_form_from_json
// (interop/course_file/course_file.hpp), as the import reads it.

// The API's representation of a saved course; times on `zone`'s clock.
nlohmann::json course_json(const app::CourseEditing& course, const app::TimeZone& zone);

// `error` with its fields named as the API's JSON names them ("owner" is
// "owner_id", "fee" is "fee_nok", ...), not as the page form does.
Error with_api_field_names(Error error);

// The form's view model: every field with its label, kept value, choices and
// error, and `rows` programme rows (at least the form's own).
nlohmann::json course_form_view(const CourseForm& form, const app::CourseFormOptions& options,
                                const FormErrors& errors, const web::Messages& m, std::size_t rows);

// The label of a field name of changed_fields() ("title" → "Tittel").
std::string course_field_label(const std::string& name, const web::Messages& m);

// A saved field's value in words, for the conflict panel: what the other
// person saved.
std::string course_field_text(const std::string& name, const CourseForm& saved,
                              const app::CourseFormOptions& options, const web::Messages& m);

}  // namespace kursbase::http
