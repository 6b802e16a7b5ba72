#include "http/core/responder.hpp"

#include <spdlog/spdlog.h>

#include "app/staff/access_guard.hpp"
#include "http/core/errors.hpp"
#include "http/core/page_language.hpp"
#include "http/core/route_table.hpp"
#include "http/middleware/staff_session.hpp"

namespace kursbase::http {

const web::Messages& Responder::messages(const Request& request) const {
  if (!request.language.empty()) return web::Messages::get(request.language);
  // An answer the router did not choose a language for (a request it could
  // not parse): choose here.
  Request chosen = request;
  choose_page_language(chosen);
  return web::Messages::get(chosen.language);
}

namespace {

// This page's URL in `language`: its path and query with lang= replaced. A
// POST's answer (a form shown again) links to the page itself, not the post.
std::string url_in(const Request& request, const std::string& language) {
  QueryParams params;
  if (request.method == "GET" || request.method == "HEAD")
    for (const auto& p : request.query)
      if (p.first != "lang") params.push_back(p);
  if (!language.empty()) params.emplace_back("lang", language);
  return params.empty() ? request.path : request.path + "?" + encode_query(params);
}

// The language switch (links, no script) and, on public pages, the hreflang
// alternates of the same page in each language with x-default (the page
// without lang=, which negotiates).
void add_languages(const Request& request, const std::string& current,
                   const std::string& public_url, nlohmann::json& data) {
  nlohmann::json links = nlohmann::json::array();
  nlohmann::json alternates = nlohmann::json::array();
  const bool shareable =
      !is_staff_path(request.path) &&
      !(request.route_access && request.route_access->audience == RouteAccess::Audience::Token);
  for (const auto& language : languages_offered(request.path)) {
    links.push_back({{"code", language},
                     {"name", std::string(language_name(language))},
                     {"href", url_in(request, language)},
                     {"current", language == current}});
    if (shareable)
      alternates.push_back({{"code", language}, {"href", public_url + url_in(request, language)}});
  }
  if (shareable && !alternates.empty())
    alternates.push_back({{"code", "x-default"}, {"href", public_url + url_in(request, "")}});
  data["language_switch"] = std::move(links);
  data["alternates"] = std::move(alternates);
  // A course text carries its own lang attribute on a page in another
  // language (WCAG 3.1.2). Pages that show a course in the reader's language
  // (issue 13) set content_lang_attr from the text they show; on the others
  // (the staff pages) a course's own text is shown, and courses are written in
  // bokmål until their owners can choose another (course authoring, issue 14).
  if (current != "nb" && !data.contains("content_lang_attr"))
    data["content_lang_attr"] = " lang=\"nb\"";
}

// What a 429 asks a client to wait when the caller does not know better (the
// sign-up limit counts per hour; a minute keeps scripts from hammering). RFC
// 6585 §4 lets a 429 say when to come back; ours always do.
constexpr const char* kDefaultRetryAfterSeconds = "60";

void log_failure(const Error& error) {
  if (error.code == ErrorCode::Unavailable) spdlog::warn("unavailable: {}", error.detail);
}

Response with_retry_after(Response response, const Error& error) {
  if (error.code == ErrorCode::RateLimited)
    response.headers.emplace_back("Retry-After", error.retry_after
                                                     ? std::to_string(error.retry_after->count())
                                                     : std::string(kDefaultRetryAfterSeconds));
  return response;
}

}  // namespace

Response Responder::render(const Request& request, int status, const std::string& name,
                           nlohmann::json data) const {
  const auto& m = messages(request);
  data["lang"] = m.language();
  add_languages(request, m.language(), public_url_, data);
  data["page_" + name] = true;
  // Every staff page carries the staff bar (home, who is signed in, sign-out),
  // so no staff template can forget it.
  if (request.staff && request.path.rfind("/ansatt", 0) == 0)
    data["staff_header"] = {
        {"name", request.staff->actor.display_name},
        {"csrf", request.csrf_token},
        {"courses", app::AccessGuard::permits_anywhere(request.staff->actor, Action::EditCourse)}};
  Response out = Response::html(status, templates_.render_page(m.language(), name, data));
  out.language = m.language();
  return out;
}

Response Responder::page(const Request& request, const std::string& name,
                         nlohmann::json data) const {
  return render(request, 200, name, std::move(data));
}

Response Responder::page(const Request& request, const Error& error, const std::string& name,
                         nlohmann::json data) const {
  log_failure(error);
  return with_retry_after(render(request, status_for(error.code), name, std::move(data)), error);
}

Response Responder::error_html(const Request& request, const Error& error) const {
  const auto& m = messages(request);
  nlohmann::json data{{"title", m.text(error.message_key)}, {"message", m.text(error.message_key)}};
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : error.fields)
    fields.push_back({{"field", f.field}, {"message", m.text(f.message_key)}});
  data["fields"] = std::move(fields);
  return page(request, error, "error", std::move(data));
}

Response Responder::error_api(const Request& request, const Error& error,
                              nlohmann::json beside) const {
  log_failure(error);
  nlohmann::json body = error_json(error, messages(request));
  if (beside.is_object())
    for (auto& [key, value] : beside.items()) body[key] = std::move(value);
  return with_retry_after(Response::json(status_for(error.code), body), error);
}

Response Responder::error(const Request& request, const Error& error) const {
  return request.path.rfind("/api/", 0) == 0 ? error_api(request, error)
                                             : error_html(request, error);
}

}  // namespace kursbase::http
