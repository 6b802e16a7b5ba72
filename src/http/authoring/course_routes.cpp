#include "http/authoring/course_routes.hpp"

#include <algorithm>

#include "domain/core/time.hpp"
#include "http/authoring/course_form_view.hpp"
#include "http/core/form_view.hpp"
#include "http/core/formatting.hpp"
#include "http/core/page_language.hpp"
#include "http/middleware/csrf.hpp"
#include "http/middleware/staff_session.hpp"
#include "interop/course_file/course_file.hpp"

namespace kursbase::http {
namespace {

using json = nlohmann::json;
using Audience = RouteAccess::Audience;

// A new form shows four programme rows, or two blank ones after the saved;
// "more rows" adds three (a page without JavaScript cannot add one).
constexpr std::size_t kFirstRows = 4;
constexpr std::size_t kBlankRows = 2;
constexpr std::size_t kMoreRows = 3;

std::string course_path(CourseId id) { return "/ansatt/kurs/" + std::to_string(id); }

std::optional<std::int64_t> version_of(const std::string& text) {
  if (text == "0") return 0;  // the API's "I have none": a conflict, not a typing error
  return positive_id(text);
}

// What the form page is for: a new course, or course `id` as of `version`.
struct FormTarget {
  CourseId id = 0;
  std::int64_t version = 0;
  std::string course_title;  // the saved title, for the heading and breadcrumbs
  std::string text_language;
};

// The other person's change that a conflicting save ran into: every version
// after the one the form was opened at, and what the course now says.
json conflict_view(const app::CourseEditing& now, std::int64_t seen_version, const web::Messages& m,
                   const app::TimeZone& zone) {
  json changes = json::array();
  std::vector<std::string> fields;
  for (const auto& h : now.history) {
    if (h.version <= seen_version) continue;
    std::string what;
    for (const auto& c : h.changed) {
      what += (what.empty() ? "" : ", ") + course_field_label(c, m);
      if (std::find(fields.begin(), fields.end(), c) == fields.end()) fields.push_back(c);
    }
    changes.push_back(
        {{"who", h.account_name.empty() ? m.text("course_form.someone") : h.account_name},
         {"when", format_date_time(h.at, zone, m)},
         {"what", what}});
  }
  json values = json::array();
  for (const auto& f : fields) {
    const std::string text = course_field_text(f, now.form, now.options, m);
    if (!text.empty()) values.push_back({{"label", course_field_label(f, m)}, {"text", text}});
  }
  return {{"changes", changes}, {"values", values}, {"has_values", !values.empty()}};
}

json form_page(const Request& req, const web::Messages& m, const CourseForm& form,
               const app::CourseFormOptions& options, const Error* error, std::size_t rows,
               const FormTarget& target, json conflict = nullptr) {
  const FormErrors errors = error ? form_errors(*error, m) : FormErrors{};
  json data = course_form_view(form, options, errors, m, rows);
  const bool editing = target.id != 0;
  data["title"] = editing ? m.text("course_form.edit_title") + " – " + target.course_title
                          : m.text("course_form.new_title");
  data["editing"] = editing;
  data["course_id"] = target.id;
  data["course_title"] = target.course_title;
  data["version"] = target.version;
  data["action"] = editing ? course_path(target.id) + "/endre" : std::string("/ansatt/kurs/nytt");
  data["csrf"] = csrf_token(req);
  if (editing) data["content_lang_attr"] = lang_attr(target.text_language, m.language());
  if (error) {
    // The tab and the screen reader's first words say the form came back.
    data["title"] = m.text(error->message_key) + " – " + data["title"].get<std::string>();
    data["has_errors"] = !errors.list.empty();
    data["errors"] = errors.list;
    data["error_message"] = m.text(error->message_key);
  }
  if (!conflict.is_null()) data["conflict"] = std::move(conflict);
  return data;
}

json history_view(const std::vector<store::CourseHistoryEntry>& history, const web::Messages& m,
                  const app::TimeZone& zone) {
  json out = json::array();
  for (const auto& h : history) {
    std::string what;
    for (const auto& c : h.changed) what += (what.empty() ? "" : ", ") + course_field_label(c, m);
    out.push_back({{"version", h.version},
                   {"when", format_date_time(h.at, zone, m)},
                   {"who", h.account_name.empty() ? m.text("course_form.someone") : h.account_name},
                   {"what", what}});
  }
  return out;
}

// The moves the course's status allows, as buttons.
// The six parts of the didactic plan in order, each written or not.
json plan_view(const DidacticPlan& plan, const web::Messages& m) {
  json out = json::array();
  for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll)
    out.push_back({{"label", course_field_label("plan." + std::string(key), m)},
                   {"text", plan[part]},
                   {"written", !plan[part].empty()}});
  return out;
}

json status_moves(CourseStatus from, const web::Messages& m) {
  json out = json::array();
  for (const auto& [to, key] : EnumKeys<CourseStatus>::kAll)
    if (app::may_move(from, to))
      out.push_back({{"status", std::string(key)},
                     {"label", m.text("course_form.move." + std::string(key_of(from)) + "." +
                                      std::string(key))},
                     {"primary", to == CourseStatus::Published}});
  return out;
}

json run_lines(const std::vector<store::EditableRun>& runs, const web::Messages& m,
               const app::TimeZone& zone) {
  json out = json::array();
  for (const auto& e : runs) {
    const auto first = e.run.first_start();
    out.push_back({{"id", e.run.id},
                   {"when", first ? format_date(*first, zone, m) : m.text("staff.run_no_sessions")},
                   {"state", m.text("staff.run_state." + std::string(key_of(e.run.state)))},
                   {"confirmed", e.confirmed},
                   {"capacity", e.run.capacity},
                   {"waitlisted", e.waitlisted}});
  }
  return out;
}

json course_page(const Request& req, const app::CourseEditing& c,
                 const std::vector<store::EditableRun>& runs, const web::Messages& m,
                 const app::TimeZone& zone, const Error* error) {
  json programme = json::array();
  std::size_t n = 0;
  for (const auto& p : c.form.programme)
    programme.push_back({{"number", ++n},
                         {"topic", p.topic},
                         {"hours", p.hours},
                         {"teacher", m.text("teacher." + p.teacher)}});
  const std::string status_key(key_of(c.status));
  json data{{"title", c.form.title},
            {"course_id", c.id},
            {"course_title", c.form.title},
            {"content_lang_attr", lang_attr(c.text_language, m.language())},
            {"status", m.text("staff.course_status." + status_key)},
            {"status_color", c.status == CourseStatus::Published ? "success"
                             : c.status == CourseStatus::Draft   ? "warning"
                                                                 : "neutral"},
            {"published", c.status == CourseStatus::Published},
            {"version", c.version},
            {"owner", c.owner_name},
            {"completion", course_field_text("completion_scheme", c.form, c.options, m)},
            {"plan", plan_view(c.form.plan, m)},
            {"plan_written", m.count_text("course_form.plan_written", c.form.plan.written())},
            {"summary", c.form.summary},
            {"programme", programme},
            {"moves", status_moves(c.status, m)},
            {"history", history_view(c.history, m, zone)},
            {"runs", run_lines(runs, m, zone)},
            {"no_runs", runs.empty()},
            {"csrf", csrf_token(req)}};
  if (auto saved = req.param("lagret"))
    data["saved"] = m.text(*saved == "status" ? "course_form.status_saved" : "course_form.saved");
  if (error) data["error"] = m.text(error->message_key);
  return data;
}

// The list page: its filters kept in each link.
json list_page(const app::CourseList& list, const app::CourseListQuery& q, const web::Messages& m) {
  json courses = json::array();
  for (const auto& c : list.courses) {
    const std::string status_key(key_of(c.line.status));
    courses.push_back({{"id", c.line.id},
                       {"title", c.line.title},
                       {"lang_attr", lang_attr(c.line.text_language, m.language())},
                       {"status", m.text("staff.course_status." + status_key)},
                       {"owner", c.owner_name},
                       {"runs", c.line.runs}});
  }
  json filters = json::array();
  auto link = [&](std::optional<CourseStatus> status) {
    QueryParams params;
    if (status) params.emplace_back("status", std::string(key_of(*status)));
    if (!q.text.empty()) params.emplace_back("q", q.text);
    if (q.health_trust_id) params.emplace_back("hf", std::to_string(*q.health_trust_id));
    return params.empty() ? std::string("/ansatt/kurs") : "/ansatt/kurs?" + encode_query(params);
  };
  filters.push_back(
      {{"href", link(std::nullopt)},
       {"label", m.text("course_form.list.all") + " (" +
                     std::to_string(list.drafts + list.published + list.archived) + ")"},
       {"current", !q.status}});
  const std::pair<CourseStatus, int> counts[] = {{CourseStatus::Draft, list.drafts},
                                                 {CourseStatus::Published, list.published},
                                                 {CourseStatus::Archived, list.archived}};
  for (const auto& [status, count] : counts)
    filters.push_back({{"href", link(status)},
                       {"label", m.text("staff.course_status." + std::string(key_of(status))) +
                                     " (" + std::to_string(count) + ")"},
                       {"current", q.status == status}});
  json data{{"title", m.text("course_form.list_title")},
            {"courses", courses},
            {"no_courses", courses.empty()},
            {"filters", filters},
            {"q", q.text},
            {"may_create", list.may_create}};
  if (q.status) data["status_param"] = std::string(key_of(*q.status));
  if (q.health_trust_id) data["hf_param"] = *q.health_trust_id;
  return data;
}

// ?status=draft|published|archived&q=words&hf=N; an unknown status or HF id is
// a bad request naming the parameter, not silently every course.
Result<app::CourseListQuery> list_query(const Request& req) {
  app::CourseListQuery q;
  auto bad = [](const char* name) {
    return malformed("error.bad_request", "course list query",
                     {{name, "catalogue.error.unknown_value"}});
  };
  if (auto s = req.param("status"); s && !s->empty()) {
    auto status = parse_key<CourseStatus>(*s);
    if (!status) return bad("status");
    q.status.emplace(*status);
  }
  q.text = req.param("q").value_or("");
  if (auto hf = req.param("hf"); hf && !hf->empty()) {
    q.health_trust_id = positive_id(*hf);
    if (!q.health_trust_id) return bad("hf");
  }
  return q;
}

json list_json(const app::CourseList& list) {
  json courses = json::array();
  for (const auto& c : list.courses)
    courses.push_back({{"id", c.line.id},
                       {"title", c.line.title},
                       {"text_language", c.line.text_language},
                       {"status", std::string(key_of(c.line.status))},
                       {"owner_id", c.line.owner_id},
                       {"owner_name", c.owner_name},
                       {"version", c.line.version},
                       {"runs", c.line.runs}});
  return {{"courses", courses},
          {"counts",
           {{"draft", list.drafts}, {"published", list.published}, {"archived", list.archived}}},
          {"may_create", list.may_create}};
}

// The API's JSON body: the form and, for saves and moves, the version it
// was read at (missing: 0, which no course has, so the save is a conflict).
struct ApiBody {
  CourseForm form;
  std::int64_t version = 0;
  std::string to;  // the status of a move
  std::vector<FieldError> errors;
};

std::optional<ApiBody> api_body(const Request& req) {
  const auto body = json::parse(req.body, nullptr, false);
  ApiBody out;
  if (!interop::course_form_from_json(body, out.form, out.errors)) return std::nullopt;
  if (auto v = body.find("version"); v != body.end()) {
    if (v->is_number_integer())
      out.version = v->get<std::int64_t>();
    else
      out.errors.push_back({"version", "course_form.error.type"});
  }
  if (auto s = body.find("status"); s != body.end()) {
    if (s->is_string())
      out.to = s->get<std::string>();
    else
      out.errors.push_back({"status", "course_form.error.type"});
  }
  return out;
}

// The 409 of the API: the error, and the course as the other person left it.
Response api_conflict(const Responder& r, const Request& req, const Error& e,
                      app::CourseAuthoringService& service, CourseId id) {
  auto now = service.for_editing(access_context(req), id);
  if (!now) return r.error_api(req, now.error());
  return r.error_api(req, e, {{"current", course_json(*now, r.zone())}});
}

}  // namespace

void add_course_authoring_routes(RouteTable& routes, const Responder& r,
                                 app::CourseAuthoringService& service,
                                 app::RunAuthoringService& runs) {
  const RouteAccess list_access{Audience::Staff, Action::EditCourse, "course_list"};
  const RouteAccess new_access{Audience::Staff, Action::EditCourse, "new_course"};
  const RouteAccess new_api_access{Audience::Staff, Action::EditCourse, "new_course_json"};
  const RouteAccess course_access{Audience::Staff, Action::EditCourse, "course"};
  const RouteAccess course_api_access{Audience::Staff, Action::EditCourse, "course_json"};

  routes.add(
      "GET", "/ansatt/kurs",
      [&r, &service](const Request& req, const RouteMatch&) {
        auto q = list_query(req);
        if (!q) return r.error_html(req, q.error());
        auto list = service.list(req.staff->actor, *q);
        if (!list) return r.error_html(req, list.error());
        return r.page(req, "staff_courses", list_page(*list, *q, r.messages(req)));
      },
      list_access);

  routes.add(
      "GET", "/ansatt/kurs/nytt",
      [&r, &service](const Request& req, const RouteMatch&) {
        const auto owner = positive_id(req.param("owner").value_or(""));
        auto options = service.form_for_new(req.staff->actor, owner);
        if (!options) return r.error_html(req, options.error());
        CourseForm form;
        if (owner)
          form.owner = std::to_string(*owner);
        else if (options->owners.size() == 1)
          form.owner = std::to_string(options->owners[0].id);
        return r.page(req, "staff_course_form",
                      form_page(req, r.messages(req), form, *options, nullptr, kFirstRows, {}));
      },
      new_access);

  routes.add(
      "POST", "/ansatt/kurs/nytt",
      [&r, &service](const Request& req, const RouteMatch&) {
        QueryParams posted;
        CourseForm form;
        if (!parse_form(req.body, posted) || !course_form_from_post(posted, form))
          return r.error_html(req, malformed("error.bad_request", "course form"));
        const auto& m = r.messages(req);
        const bool more = form_value(posted, "more_rows") == "1";
        auto options = service.form_for_new(req.staff->actor);
        if (!options) return r.error_html(req, options.error());
        if (more)
          return r.page(
              req, "staff_course_form",
              form_page(req, m, form, *options, nullptr, form.programme.size() + kMoreRows, {}));
        auto created = service.create(access_context(req), form);
        if (created) return see_other(course_path(created->course.id) + "?lagret=1");
        const auto& e = created.error();
        if (e.code != ErrorCode::InvalidInput) return r.error_html(req, e);
        return r.page(req, e, "staff_course_form",
                      form_page(req, m, form, *options, &e, form.programme.size(), {}));
      },
      new_access);

  routes.add(
      "GET", "/ansatt/kurs/{id}",
      [&r, &service, &runs](const Request& req, const RouteMatch& match) {
        const auto who = access_context(req);
        auto course = service.for_editing(who, match.id());
        if (!course) return r.error_html(req, course.error());
        auto its_runs = runs.runs_of(who, match.id());
        if (!its_runs) return r.error_html(req, its_runs.error());
        return r.page(req, "staff_course",
                      course_page(req, *course, *its_runs, r.messages(req), r.zone(), nullptr));
      },
      course_access);

  routes.add(
      "GET", "/ansatt/kurs/{id}/endre",
      [&r, &service](const Request& req, const RouteMatch& match) {
        auto course = service.for_editing(access_context(req), match.id());
        if (!course) return r.error_html(req, course.error());
        const FormTarget target{course->id, course->version, course->form.title,
                                course->text_language};
        const std::size_t rows = std::max(kFirstRows, course->form.programme.size() + kBlankRows);
        return r.page(
            req, "staff_course_form",
            form_page(req, r.messages(req), course->form, course->options, nullptr, rows, target));
      },
      course_access);

  routes.add(
      "POST", "/ansatt/kurs/{id}/endre",
      [&r, &service](const Request& req, const RouteMatch& match) {
        QueryParams posted;
        CourseForm form;
        if (!parse_form(req.body, posted) || !course_form_from_post(posted, form))
          return r.error_html(req, malformed("error.bad_request", "course form"));
        const auto& m = r.messages(req);
        const CourseId id = match.id();
        const auto who = access_context(req);
        const auto version = version_of(form_value(posted, "version")).value_or(0);
        // The current course: the access check, the form's choices and, on a
        // conflict, what the other person saved.
        auto current = service.for_editing(who, id);
        if (!current) return r.error_html(req, current.error());
        FormTarget target{id, version, current->form.title, current->text_language};
        if (form_value(posted, "more_rows") == "1")
          return r.page(req, "staff_course_form",
                        form_page(req, m, form, current->options, nullptr,
                                  form.programme.size() + kMoreRows, target));
        auto saved = service.save(who, id, version, form);
        if (saved) return see_other(course_path(id) + "?lagret=1");
        const auto& e = saved.error();
        if (e.code == ErrorCode::InvalidInput)
          return r.page(
              req, e, "staff_course_form",
              form_page(req, m, form, current->options, &e, form.programme.size(), target));
        if (e.code != ErrorCode::Conflict) return r.error_html(req, e);
        // Read again: the other save may have landed after `current` was read.
        auto now = service.for_editing(who, id);
        if (!now) return r.error_html(req, now.error());
        target.version = now->version;
        target.course_title = now->form.title;
        return r.page(req, e, "staff_course_form",
                      form_page(req, m, form, now->options, &e, form.programme.size(), target,
                                conflict_view(*now, version, m, r.zone())));
      },
      course_access);

  routes.add(
      "POST", "/ansatt/kurs/{id}/status",
      [&r, &service, &runs](const Request& req, const RouteMatch& match) {
        QueryParams posted;
        if (!parse_form(req.body, posted))
          return r.error_html(req, malformed("error.bad_request", "status form"));
        const auto who = access_context(req);
        const CourseId id = match.id();
        const auto to = parse_key<CourseStatus>(form_value(posted, "status"));
        const auto version = version_of(form_value(posted, "version"));
        if (!to || !version) {
          // Whether they may see the course first: a stranger learns nothing.
          auto course = service.for_editing(who, id);
          if (!course) return r.error_html(req, course.error());
          return r.error_html(req, malformed("error.bad_request", "status form"));
        }
        auto moved = service.move(who, id, *version, *to);
        if (moved) return see_other(course_path(id) + "?lagret=status");
        const auto& e = moved.error();
        if (e.code != ErrorCode::Conflict) return r.error_html(req, e);
        auto now = service.for_editing(who, id);
        if (!now) return r.error_html(req, now.error());
        auto its_runs = runs.runs_of(who, id);
        if (!its_runs) return r.error_html(req, its_runs.error());
        return r.page(req, e, "staff_course",
                      course_page(req, *now, *its_runs, r.messages(req), r.zone(), &e));
      },
      course_access);

  routes.add(
      "GET", "/api/v1/staff/courses",
      [&r, &service](const Request& req, const RouteMatch&) {
        auto q = list_query(req);
        if (!q) return r.error_api(req, q.error());
        auto list = service.list(req.staff->actor, *q);
        if (!list) return r.error_api(req, list.error());
        return Response::json(200, list_json(*list));
      },
      list_access);

  routes.add(
      "POST", "/api/v1/staff/courses",
      [&r, &service](const Request& req, const RouteMatch&) {
        auto body = api_body(req);
        const auto who = access_context(req);
        if (!body || !body->errors.empty()) {
          // A stranger to every owner hears that first, not what was wrong.
          if (auto options = service.form_for_new(who.actor); !options)
            return r.error_api(req, options.error());
          if (!body) return r.error_api(req, malformed("error.bad_request", "course JSON"));
          return r.error_api(req, with_api_field_names(invalid_input("course_form.error.invalid",
                                                                     "course JSON", body->errors)));
        }
        auto created = service.create(who, body->form);
        if (!created) return r.error_api(req, with_api_field_names(created.error()));
        auto course = service.for_editing(who, created->course.id);
        if (!course) return r.error_api(req, course.error());
        Response out = Response::json(201, course_json(*course, r.zone()));
        out.headers.emplace_back("Location", "/api/v1/staff/courses/" + std::to_string(course->id));
        return out;
      },
      new_api_access);

  routes.add(
      "GET", "/api/v1/staff/courses/{id}",
      [&r, &service](const Request& req, const RouteMatch& match) {
        auto course = service.for_editing(access_context(req), match.id());
        if (!course) return r.error_api(req, course.error());
        return Response::json(200, course_json(*course, r.zone()));
      },
      course_access);

  routes.add(
      "PUT", "/api/v1/staff/courses/{id}",
      [&r, &service](const Request& req, const RouteMatch& match) {
        const auto who = access_context(req);
        const CourseId id = match.id();
        auto body = api_body(req);
        if (!body || !body->errors.empty()) {
          if (auto course = service.for_editing(who, id); !course)
            return r.error_api(req, course.error());
          if (!body) return r.error_api(req, malformed("error.bad_request", "course JSON"));
          return r.error_api(req, with_api_field_names(invalid_input("course_form.error.invalid",
                                                                     "course JSON", body->errors)));
        }
        auto saved = service.save(who, id, body->version, body->form);
        if (!saved && saved.error().code == ErrorCode::Conflict)
          return api_conflict(r, req, saved.error(), service, id);
        if (!saved) return r.error_api(req, with_api_field_names(saved.error()));
        auto course = service.for_editing(who, id);
        if (!course) return r.error_api(req, course.error());
        return Response::json(200, course_json(*course, r.zone()));
      },
      course_api_access);

  routes.add(
      "POST", "/api/v1/staff/courses/{id}/status",
      [&r, &service](const Request& req, const RouteMatch& match) {
        const auto who = access_context(req);
        const CourseId id = match.id();
        auto body = api_body(req);
        const auto to = body ? parse_key<CourseStatus>(body->to) : std::nullopt;
        if (!body || !body->errors.empty() || !to) {
          if (auto course = service.for_editing(who, id); !course)
            return r.error_api(req, course.error());
          if (!body) return r.error_api(req, malformed("error.bad_request", "course JSON"));
          auto fields = body->errors;
          if (!to && std::none_of(fields.begin(), fields.end(),
                                  [](const FieldError& f) { return f.field == "status"; }))
            fields.push_back({"status", "course_form.error.choice"});
          return r.error_api(req,
                             invalid_input("course_form.error.invalid", "status JSON", fields));
        }
        auto moved = service.move(who, id, body->version, *to);
        if (!moved && moved.error().code == ErrorCode::Conflict &&
            moved.error().message_key == "course_form.error.conflict")
          return api_conflict(r, req, moved.error(), service, id);
        if (!moved) return r.error_api(req, moved.error());
        auto course = service.for_editing(who, id);
        if (!course) return r.error_api(req, course.error());
        return Response::json(200, course_json(*course, r.zone()));
      },
      course_api_access);
}

}  // namespace kursbase::http
