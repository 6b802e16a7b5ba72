#pragma once
// The run form as a page form (issue 14): read from a post and shown again
// as typed (template staff_run_form) with each error next to its field.
//
// Names: the RunForm members ("capacity", "municipality", ...) and the
// sessions' rows as "sessions.N.date", "sessions.N.start", "sessions.N.end"
// (N from 1, as the errors of validate_run_form name them).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "domain/authoring/run_form.hpp"
#include "domain/catalogue/organisation.hpp"
#include "http/core/form_view.hpp"
#include "http/core/request.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// Session rows a page form may post: beyond kMaxRunSessions the domain says
// "too many"; this far beyond it the post is not from our page.
inline constexpr std::size_t kMaxPostedSessionRows = 100;

// False when a session row's number is not 1..kMaxPostedSessionRows.
bool run_form_from_post(const QueryParams& posted, RunForm& form);

// The form's view model: every field with its label, kept value, choices and
// error, and `rows` session rows (at least the form's own).
nlohmann::json run_form_view(const RunForm& form, const std::vector<Municipality>& municipalities,
                             const FormErrors& errors, const web::Messages& m, std::size_t rows);

// The label of a field name of changed_run_fields() ("capacity" → "Plasser").
std::string run_field_label(const std::string& name, const web::Messages& m);

}  // namespace kursbase::http
