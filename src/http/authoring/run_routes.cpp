#include "http/authoring/run_routes.hpp"

#include <algorithm>

#include "domain/authoring/run_moves.hpp"
#include "http/authoring/run_form_view.hpp"
#include "http/catalogue/run_status_view.hpp"
#include "http/core/form_view.hpp"
#include "http/core/formatting.hpp"
#include "http/core/page_language.hpp"
#include "http/middleware/csrf.hpp"
#include "http/middleware/staff_session.hpp"

namespace kursbase::http {
namespace {

using json = nlohmann::json;
using Audience = RouteAccess::Audience;

// Two sessions to start with, or one blank row after the saved; "more rows" adds three.
constexpr std::size_t kFirstRows = 2;
constexpr std::size_t kBlankRows = 1;
constexpr std::size_t kMoreRows = 3;

std::string run_edit_path(RunId id) {
  return "/ansatt/gjennomforing/" + std::to_string(id) + "/endre";
}

std::string when_text(const store::RunHistoryEntry& h, const web::Messages& m,
                      const app::TimeZone& zone) {
  return format_date_time(h.at, zone, m);
}

std::string changed_text(const store::RunHistoryEntry& h, const web::Messages& m) {
  std::string what;
  for (const auto& c : h.changed) what += (what.empty() ? "" : ", ") + run_field_label(c, m);
  return what;
}

std::string who_text(const store::RunHistoryEntry& h, const web::Messages& m) {
  return h.account_name.empty() ? m.text("course_form.someone") : h.account_name;
}

std::string run_path(RunId id, const char* what) {
  return "/ansatt/gjennomforing/" + std::to_string(id) + "/" + what;
}

// The state buttons the run allows (domain/authoring/run_moves.hpp). Each
// posts at once, but cancelling: it tells everyone signed up and cannot be
// undone, so it is a link to a page that asks first.
json moves_of(const app::RunEditing& e, const web::Messages& m) {
  json out = json::array();
  const RunId id = e.stored.run.id;
  for (const auto& [to, key] : EnumKeys<RunState>::kAll) {
    if (!may_move_run(e.stored.run.state, to, e.status, e.stored.signed_up())) continue;
    json move = {{"label", m.text("run_form.move." + std::string(key))},
                 {"primary", to == RunState::Open}};
    // Both keys always: a section whose key is missing falls back to the page's own
    // `action` (the edit form) in Mustache's context stack.
    if (to == RunState::Cancelled)
      move.update({{"link", run_path(id, "avlys")}, {"action", false}});
    else
      move.update(
          {{"link", false}, {"action", run_path(id, "tilstand")}, {"state_key", std::string(key)}});
    out.push_back(std::move(move));
  }
  if (may_close_sign_up(e.status))
    out.push_back({{"label", m.text("run_form.move.close")},
                   {"primary", false},
                   {"link", false},
                   {"action", run_path(id, "steng")},
                   {"state_key", false}});
  return out;
}

// The form page of a new run (`e.stored.run.id` 0) or of a saved one.
json form_page(const Request& req, const web::Messages& m, const app::TimeZone& zone,
               const app::RunEditing& e, const RunForm& form, const Error* error, std::size_t rows,
               std::int64_t version, json conflict = nullptr) {
  const FormErrors errors = error ? form_errors(*error, m) : FormErrors{};
  json data = run_form_view(form, e.municipalities, errors, m, rows);
  const RunId id = e.stored.run.id;
  const bool editing = id != 0;
  data["title"] =
      m.text(editing ? "run_form.edit_heading" : "run_form.new_heading") + " – " + e.course_title;
  data["editing"] = editing;
  data["run_id"] = id;
  data["course_id"] = e.stored.run.course_id;
  data["course_title"] = e.course_title;
  data["content_lang_attr"] = lang_attr(e.course_text_language, m.language());
  data["version"] = version;
  data["csrf"] = csrf_token(req);
  data["action"] =
      editing ? run_edit_path(id)
              : "/ansatt/kurs/" + std::to_string(e.stored.run.course_id) + "/gjennomforing/ny";
  if (editing) {
    // The run's first day tells it from its copies in the tab and the heading.
    if (auto first = e.stored.run.first_start()) {
      data["run_when"] = format_date(*first, zone, m);
      data["title"] = data["title"].get<std::string>() + ", " + format_date(*first, zone, m);
    }
    // As the public page words it: an open run that only staff register for
    // is "sign-up through a referral" there, and so here.
    const bool staff_only = e.stored.run.staff_registration_only && e.status == RunStatus::Open;
    data["state"] =
        m.text(staff_only ? "run.status.staff_only"
                          : status_label_key(e.status, e.stored.run.waiting_list_enabled));
    data["state_color"] = std::string(status_color(e.status));
    data["public"] = e.stored.run.state != RunState::Draft;
    data["confirmed"] = e.stored.confirmed;
    data["waitlisted"] = e.stored.waitlisted;
    data["moves"] = moves_of(e, m);
    json history = json::array();
    for (const auto& h : e.history)
      history.push_back({{"version", h.version},
                         {"when", when_text(h, m, zone)},
                         {"who", who_text(h, m)},
                         {"what", changed_text(h, m)}});
    data["history"] = history;
  }
  if (auto saved = req.param("lagret")) {
    data["saved"] = m.text(*saved == "kopi"     ? "run_form.copied"
                           : *saved == "status" ? "course_form.status_saved"
                           : *saved == "stengt" ? "run_form.closed"
                           : *saved == "avlyst" ? "run_form.cancelled"
                                                : "run_form.saved");
    if (*saved == "avlyst")
      if (auto told = positive_id(req.param("varslet").value_or("")))
        data["saved"] =
            data["saved"].get<std::string>() + " " + m.count_text("run_form.cancelled_told", *told);
  }
  if (error) {
    data["title"] = m.text(error->message_key) + " – " + data["title"].get<std::string>();
    data["has_errors"] = !errors.list.empty();
    data["errors"] = errors.list;
    data["error_message"] = m.text(error->message_key);
    if (auto f = errors.by_field.find("first_day"); f != errors.by_field.end())
      data["first_day_error"] = f->second;
  }
  if (!conflict.is_null()) data["conflict"] = std::move(conflict);
  return data;
}

json conflict_view(const app::RunEditing& now, std::int64_t seen, const web::Messages& m,
                   const app::TimeZone& zone) {
  json changes = json::array();
  for (const auto& h : now.history)
    if (h.version > seen)
      changes.push_back(
          {{"who", who_text(h, m)}, {"when", when_text(h, m, zone)}, {"what", changed_text(h, m)}});
  return {{"changes", changes}};
}

std::int64_t version_field(const QueryParams& posted) {
  return positive_id(form_value(posted, "version")).value_or(0);
}

// The run's form page with the error of a state change the run refused
// (Conflict): another's save came first, or the run's state does not allow it.
Response refused_move_page(const Request& req, const Responder& r,
                           app::RunAuthoringService& service, RunId id, const Error& e) {
  if (e.code != ErrorCode::Conflict) return r.error_html(req, e);
  auto now = service.for_editing(access_context(req), id);
  if (!now) return r.error_html(req, now.error());
  const std::size_t rows = std::max(kFirstRows, now->form.sessions.size() + kBlankRows);
  return r.page(
      req, e, "staff_run_form",
      form_page(req, r.messages(req), r.zone(), *now, now->form, &e, rows, now->stored.version));
}

// "Cancel this run?": whom it tells, and the staff's note to them.
json cancel_page(const Request& req, const web::Messages& m, const app::TimeZone& zone,
                 const app::RunEditing& e, const std::string& note, const Error* error) {
  const FormErrors errors = error ? form_errors(*error, m) : FormErrors{};
  json data = {{"run_id", e.stored.run.id},
               {"course_id", e.stored.run.course_id},
               {"course_title", e.course_title},
               {"content_lang_attr", lang_attr(e.course_text_language, m.language())},
               {"version", e.stored.version},
               {"csrf", csrf_token(req)},
               {"note", note},
               {"told", e.stored.signed_up() == 0
                            ? m.text("run_form.cancel.nobody")
                            : m.count_text("run_form.cancel.told", e.stored.signed_up())}};
  std::string title = m.text("run_form.cancel.heading") + " – " + e.course_title;
  if (auto first = e.stored.run.first_start()) {
    data["run_when"] = format_date(*first, zone, m);
    title += ", " + format_date(*first, zone, m);
  }
  if (error) {
    title = m.text(error->message_key) + " – " + title;
    data["error_message"] = m.text(error->message_key);
    data["errors"] = errors.list;
    data["has_errors"] = !errors.list.empty();
    if (auto f = errors.by_field.find("note"); f != errors.by_field.end())
      data["note_error"] = f->second;
  }
  data["title"] = title;
  return data;
}

}  // namespace

void add_run_authoring_routes(RouteTable& routes, const Responder& r,
                              app::RunAuthoringService& service) {
  const RouteAccess course_access{Audience::Staff, Action::EditCourse, "course"};
  const RouteAccess run_access{Audience::Staff, Action::EditCourse, "run"};

  routes.add(
      "GET", "/ansatt/kurs/{id}/gjennomforing/ny",
      [&r, &service](const Request& req, const RouteMatch& match) {
        auto blank = service.new_run(access_context(req), match.id());
        if (!blank) return r.error_html(req, blank.error());
        return r.page(
            req, "staff_run_form",
            form_page(req, r.messages(req), r.zone(), *blank, blank->form, nullptr, kFirstRows, 0));
      },
      course_access);

  routes.add(
      "POST", "/ansatt/kurs/{id}/gjennomforing/ny",
      [&r, &service](const Request& req, const RouteMatch& match) {
        QueryParams posted;
        RunForm form;
        if (!parse_form(req.body, posted) || !run_form_from_post(posted, form))
          return r.error_html(req, malformed("error.bad_request", "run form"));
        const auto who = access_context(req);
        const auto& m = r.messages(req);
        auto blank = service.new_run(who, match.id());
        if (!blank) return r.error_html(req, blank.error());
        if (form_value(posted, "more_rows") == "1")
          return r.page(req, "staff_run_form",
                        form_page(req, m, r.zone(), *blank, form, nullptr,
                                  form.sessions.size() + kMoreRows, 0));
        auto created = service.create(who, match.id(), form);
        if (created) return see_other(run_edit_path(created->run.id) + "?lagret=1");
        const auto& e = created.error();
        if (e.code != ErrorCode::InvalidInput) return r.error_html(req, e);
        return r.page(req, e, "staff_run_form",
                      form_page(req, m, r.zone(), *blank, form, &e, form.sessions.size(), 0));
      },
      course_access);

  routes.add(
      "GET", "/ansatt/gjennomforing/{id}/endre",
      [&r, &service](const Request& req, const RouteMatch& match) {
        auto run = service.for_editing(access_context(req), match.id());
        if (!run) return r.error_html(req, run.error());
        const std::size_t rows = std::max(kFirstRows, run->form.sessions.size() + kBlankRows);
        return r.page(req, "staff_run_form",
                      form_page(req, r.messages(req), r.zone(), *run, run->form, nullptr, rows,
                                run->stored.version));
      },
      run_access);

  routes.add(
      "POST", "/ansatt/gjennomforing/{id}/endre",
      [&r, &service](const Request& req, const RouteMatch& match) {
        QueryParams posted;
        RunForm form;
        if (!parse_form(req.body, posted) || !run_form_from_post(posted, form))
          return r.error_html(req, malformed("error.bad_request", "run form"));
        const auto who = access_context(req);
        const auto& m = r.messages(req);
        const RunId id = match.id();
        const auto version = version_field(posted);
        auto current = service.for_editing(who, id);
        if (!current) return r.error_html(req, current.error());
        if (form_value(posted, "more_rows") == "1")
          return r.page(req, "staff_run_form",
                        form_page(req, m, r.zone(), *current, form, nullptr,
                                  form.sessions.size() + kMoreRows, version));
        auto saved = service.save(who, id, version, form);
        if (saved) return see_other(run_edit_path(id) + "?lagret=1");
        const auto& e = saved.error();
        if (e.code == ErrorCode::InvalidInput)
          return r.page(
              req, e, "staff_run_form",
              form_page(req, m, r.zone(), *current, form, &e, form.sessions.size(), version));
        if (e.code != ErrorCode::Conflict) return r.error_html(req, e);
        auto now = service.for_editing(who, id);
        if (!now) return r.error_html(req, now.error());
        return r.page(req, e, "staff_run_form",
                      form_page(req, m, r.zone(), *now, form, &e, form.sessions.size(),
                                now->stored.version, conflict_view(*now, version, m, r.zone())));
      },
      run_access);

  routes.add(
      "POST", "/ansatt/gjennomforing/{id}/tilstand",
      [&r, &service](const Request& req, const RouteMatch& match) {
        QueryParams posted;
        if (!parse_form(req.body, posted))
          return r.error_html(req, malformed("error.bad_request", "state form"));
        const auto who = access_context(req);
        const RunId id = match.id();
        const auto to = parse_key<RunState>(form_value(posted, "state"));
        if (!to) {
          // Whether they may see the run first: a stranger learns nothing.
          auto run = service.for_editing(who, id);
          if (!run) return r.error_html(req, run.error());
          return r.error_html(req, malformed("error.bad_request", "state form"));
        }
        auto moved = service.move(who, id, version_field(posted), *to);
        if (moved) return see_other(run_edit_path(id) + "?lagret=status");
        return refused_move_page(req, r, service, id, moved.error());
      },
      run_access);

  routes.add(
      "POST", "/ansatt/gjennomforing/{id}/steng",
      [&r, &service](const Request& req, const RouteMatch& match) {
        QueryParams posted;
        if (!parse_form(req.body, posted))
          return r.error_html(req, malformed("error.bad_request", "close form"));
        const RunId id = match.id();
        auto closed = service.close_sign_up(access_context(req), id, version_field(posted));
        if (closed) return see_other(run_edit_path(id) + "?lagret=stengt");
        return refused_move_page(req, r, service, id, closed.error());
      },
      run_access);

  // Cancelling asks first, on a page of its own: it tells everyone signed up.
  routes.add(
      "GET", "/ansatt/gjennomforing/{id}/avlys",
      [&r, &service](const Request& req, const RouteMatch& match) {
        const RunId id = match.id();
        auto run = service.for_editing(access_context(req), id);
        if (!run) return r.error_html(req, run.error());
        if (!may_move_run(run->stored.run.state, RunState::Cancelled, run->status,
                          run->stored.signed_up()))
          return refused_move_page(req, r, service, id,
                                   conflict("run_form.error.state", "cannot be cancelled"));
        return r.page(req, "staff_run_cancel",
                      cancel_page(req, r.messages(req), r.zone(), *run, "", nullptr));
      },
      run_access);

  routes.add(
      "POST", "/ansatt/gjennomforing/{id}/avlys",
      [&r, &service](const Request& req, const RouteMatch& match) {
        QueryParams posted;
        if (!parse_form(req.body, posted))
          return r.error_html(req, malformed("error.bad_request", "cancel form"));
        const auto who = access_context(req);
        const RunId id = match.id();
        const std::string note = form_value(posted, "note");
        auto cancelled = service.cancel(who, id, version_field(posted), note);
        if (cancelled)
          return see_other(run_edit_path(id) +
                           "?lagret=avlyst&varslet=" + std::to_string(cancelled->told));
        const auto& e = cancelled.error();
        if (e.code != ErrorCode::InvalidInput) return refused_move_page(req, r, service, id, e);
        auto current = service.for_editing(who, id);
        if (!current) return r.error_html(req, current.error());
        return r.page(req, e, "staff_run_cancel",
                      cancel_page(req, r.messages(req), r.zone(), *current, note, &e));
      },
      run_access);

  routes.add(
      "POST", "/ansatt/gjennomforing/{id}/kopi",
      [&r, &service](const Request& req, const RouteMatch& match) {
        QueryParams posted;
        if (!parse_form(req.body, posted))
          return r.error_html(req, malformed("error.bad_request", "copy form"));
        const auto who = access_context(req);
        const RunId id = match.id();
        auto current = service.for_editing(who, id);
        if (!current) return r.error_html(req, current.error());
        const auto first_day = parse_day(form_value(posted, "first_day"));
        Result<store::EditableRun> copied =
            first_day
                ? service.copy(who, id, *first_day)
                : Result<store::EditableRun>(invalid_input("run_form.error.invalid", "copy form",
                                                           {{"first_day", "run_form.error.date"}}));
        if (copied) return see_other(run_edit_path(copied->run.id) + "?lagret=kopi");
        const auto& e = copied.error();
        if (e.code != ErrorCode::InvalidInput) return r.error_html(req, e);
        // The copy's own rules (a deadline no longer before the start, ...) name
        // fields of the run; on this page they are the copy's day's.
        Error shown = e;
        for (auto& f : shown.fields) f.field = "first_day";
        const std::size_t rows = std::max(kFirstRows, current->form.sessions.size() + kBlankRows);
        json page = form_page(req, r.messages(req), r.zone(), *current, current->form, &shown, rows,
                              current->stored.version);
        page["first_day"] = form_value(posted, "first_day");
        return r.page(req, shown, "staff_run_form", std::move(page));
      },
      run_access);
}

}  // namespace kursbase::http
