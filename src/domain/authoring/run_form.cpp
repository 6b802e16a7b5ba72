#include "domain/authoring/run_form.hpp"

#include <algorithm>

#include "domain/authoring/form_checker.hpp"
#include "domain/core/language.hpp"

namespace kursbase {

std::optional<int> minutes_of_day(std::string_view text) {
  const std::string t = trim(text);
  const auto sep = t.find_first_of(":.");
  if (sep == std::string::npos || sep == 0 || sep > 2 || t.size() - sep - 1 != 2)
    return std::nullopt;
  auto hours = whole_number(std::string_view(t).substr(0, sep));
  auto minutes = whole_number(std::string_view(t).substr(sep + 1));
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  return *hours * 60 + *minutes;
}

std::string clock_text(int minutes) {
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
  return out;
}

Result<RunPlan> validate_run_form(const RunForm& form, const RunFormChoices& choices) {
  FormChecker check{"run_form.error.", {}};
  RunPlan plan;
  Run& run = plan.run;
  run.state = RunState::Draft;

  // Blank rows of the form are not sessions; the others are numbered as shown.
  std::size_t row = 0;
  for (const auto& s : form.sessions) {
    ++row;
    if (trim(s.date).empty() && trim(s.start).empty() && trim(s.end).empty()) continue;
    const std::string at = "sessions." + std::to_string(row) + ".";
    const auto day = parse_day(trim(s.date));
    const auto start = minutes_of_day(s.start);
    const auto end = minutes_of_day(s.end);
    if (!day) check.add(at + "date", "date");
    if (!start) check.add(at + "start", "time");
    if (!end) check.add(at + "end", "time");
    if (start && end && *end <= *start) check.add(at + "end", "end_before_start");
    if (!day || !start || !end || *end <= *start) continue;
    if (!plan.sessions.empty()) {
      const auto& before = plan.sessions.back();
      if (*day < before.day || (*day == before.day && *start < before.end_minute))
        check.add(at + "date", "session_order");
    }
    plan.sessions.push_back({*day, *start, *end});
  }
  if (plan.sessions.empty() && check.errors.empty()) check.add("sessions", "sessions_required");
  if (plan.sessions.size() > kMaxRunSessions) check.add("sessions", "too_many_sessions");

  run.digital = ticked(form.digital);
  Location place;
  place.name = check.text("location_name", form.location_name, kMaxPlaceName, false, false);
  place.address = check.text("location_address", form.location_address, kMaxAddress, false, false);
  place.postal_place = check.text("postal_place", form.postal_place, kMaxPostalPlace, false, false);
  place.postal_code = trim(form.postal_code);
  if (!place.postal_code.empty() &&
      (place.postal_code.size() != 4 || !whole_number(place.postal_code)))
    check.add("postal_code", "postal_code");
  place.municipality_number = trim(form.municipality);
  const bool has_place =
      !place.name.empty() || !place.address.empty() || !place.municipality_number.empty();
  if (has_place) {
    if (place.name.empty()) check.add("location_name", "required");
    if (!choices.municipalities.count(place.municipality_number))
      check.add("municipality", "municipality");
    run.location = place;
  } else if (!run.digital) {
    check.add("location_name", "place_or_video");
  }

  const std::string language = trim(form.language);
  if (!is_course_language(language))
    check.add("language", "choice");
  else
    run.language = language;

  if (auto capacity =
          check.number("capacity", form.capacity, 1, kMaxRunCapacity, "capacity", true)) {
    run.capacity = *capacity;
    if (*capacity < choices.seats_taken) check.add("capacity", "capacity_below_taken");
  }
  if (auto min = check.number("min_participants", form.min_participants, 0, kMaxRunCapacity,
                              "min_participants", false)) {
    run.min_participants = *min;
    if (run.capacity > 0 && *min > run.capacity)
      check.add("min_participants", "min_above_capacity");
  }
  run.waiting_list_enabled = ticked(form.waiting_list_enabled);
  run.staff_registration_only = ticked(form.staff_registration_only);

  const auto deadline = parse_day(trim(form.registration_deadline));
  if (!deadline)
    check.add("registration_deadline", "date");
  else if (!plan.sessions.empty() && *deadline > plan.sessions.front().day)
    check.add("registration_deadline", "deadline_after_start");
  else
    plan.deadline = *deadline;

  if (!check.errors.empty())
    return invalid_input("run_form.error.invalid", "run form refused", std::move(check.errors));
  return plan;
}

std::vector<std::string> changed_run_fields(const Run& a, const Run& b) {
  std::vector<std::string> out;
  auto note = [&](bool differs, const char* name) {
    if (differs) out.emplace_back(name);
  };
  auto same_sessions = std::equal(a.sessions.begin(), a.sessions.end(), b.sessions.begin(),
                                  b.sessions.end(), [](const Session& x, const Session& y) {
                                    return x.starts_at == y.starts_at && x.ends_at == y.ends_at;
                                  });
  auto same_place = [](const std::optional<Location>& x, const std::optional<Location>& y) {
    if (!x || !y) return !x && !y;
    return x->name == y->name && x->address == y->address && x->postal_code == y->postal_code &&
           x->postal_place == y->postal_place && x->municipality_number == y->municipality_number;
  };
  note(!same_sessions, "sessions");
  note(!same_place(a.location, b.location) || a.digital != b.digital, "place");
  note(a.language != b.language, "language");
  note(a.capacity != b.capacity || a.min_participants != b.min_participants, "capacity");
  note(a.registration_deadline != b.registration_deadline, "registration_deadline");
  note(a.waiting_list_enabled != b.waiting_list_enabled ||
           a.staff_registration_only != b.staff_registration_only,
       "sign_up");
  note(a.state != b.state, "state");
  return out;
}

}  // namespace kursbase
