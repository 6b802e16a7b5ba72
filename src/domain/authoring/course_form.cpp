#include "domain/authoring/course_form.hpp"

#include <algorithm>
#include <charconv>

#include "domain/authoring/form_checker.hpp"
#include "domain/catalogue/search_text.hpp"
#include "domain/core/contact_check.hpp"
#include "domain/core/form_text.hpp"
#include "domain/core/language.hpp"

namespace kursbase {
namespace {

// "1,5", "1.5", "2" or "0,75" hours as minutes, in whole quarter hours; none
// otherwise. No floating point: the digits are read as they are.
std::optional<int> quarter_hours_as_minutes(std::string_view s) {
  const auto sep = s.find_first_of(",.");
  const std::string_view whole = s.substr(0, sep);
  const std::string_view fraction = sep == std::string_view::npos ? "" : s.substr(sep + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (whole.size() > 2 || fraction.size() > 2) return std::nullopt;
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(fraction)) return std::nullopt;
  const int hours = whole.empty() ? 0 : *whole_number(whole);
  int scale = 1, parts = 0;
  for (char c : fraction) {
    parts = parts * 10 + (c - '0');
    scale *= 10;
  }
  if ((parts * 60) % scale != 0) return std::nullopt;
  const int minutes = hours * 60 + parts * 60 / scale;
  if (minutes % 15 != 0) return std::nullopt;
  return minutes;
}

// The course form's checks, with its message keys and the fee rule.
struct Checker : FormChecker {
  Checker() : FormChecker{"course_form.error.", {}} {}
  std::optional<int> kroner(const std::string& field, std::string_view value) {
    return number(field, value, 0, kMaxFeeNok, "fee", false);
  }
};

}  // namespace

Result<Course> validate_course_form(const CourseForm& form, const CourseFormChoices& choices) {
  Checker check;
  Course c;
  c.status = CourseStatus::Draft;
  c.title = check.text("title", form.title, kMaxCourseTitle, true, false);
  c.summary = check.text("summary", form.summary, kMaxCourseSummary, true, true);
  c.description = check.text("description", form.description, kMaxCourseDescription, false, true);
  if (auto f = check.choice<Field>("field", form.field)) c.field = *f;

  for (const auto& g : form.target_groups) {
    auto t = parse_key<TargetGroup>(trim(g));
    if (!t) {
      check.add("target_groups", "choice");
      break;
    }
    if (std::find(c.target_groups.begin(), c.target_groups.end(), *t) == c.target_groups.end())
      c.target_groups.push_back(*t);
  }
  if (form.target_groups.empty()) check.add("target_groups", "required");

  for (const auto& l : form.languages) {
    const std::string key = trim(l);
    if (!is_course_language(key)) {
      check.add("languages", "choice");
      break;
    }
    if (std::find(c.languages.begin(), c.languages.end(), key) == c.languages.end())
      c.languages.push_back(key);
  }
  if (form.languages.empty()) check.add("languages", "required");
  c.interpreter_available = ticked(form.interpreter_available);

  if (auto f = check.choice<CourseFormat>("format", form.format)) c.format = *f;
  c.referral_required = ticked(form.referral_required);
  if (trim(form.pathway).empty()) {
    c.pathway = PathwayPlacement::None;
  } else if (auto p = check.choice<PathwayPlacement>("pathway", form.pathway)) {
    c.pathway = *p;
  }

  const auto owner = whole_number(trim(form.owner));
  if (!owner || !choices.owners.count(*owner))
    check.add("owner", "owner");
  else
    c.owner_id = *owner;

  for (const auto& d : form.diagnosis_keys) {
    const std::string key = trim(d);
    if (key.empty()) continue;
    if (!choices.diagnosis_keys.count(key)) {
      check.add("diagnosis_keys", "choice");
      break;
    }
    if (std::find(c.diagnosis_keys.begin(), c.diagnosis_keys.end(), key) == c.diagnosis_keys.end())
      c.diagnosis_keys.push_back(key);
  }

  const std::string email = trim(form.contact_email);
  if (!email.empty() && !plausible_email(email)) check.add("contact_email", "email");
  c.contact_email = email;
  const std::string phone = trim(form.contact_phone);
  if (!phone.empty()) {
    c.contact_phone = normalise_phone(phone);
    if (c.contact_phone.empty()) check.add("contact_phone", "phone");
  }

  c.practical.fee_nok = check.kroner("fee", form.fee);
  c.practical.no_show_fee_nok = check.kroner("no_show_fee", form.no_show_fee);
  c.practical.what_to_bring =
      check.text("what_to_bring", form.what_to_bring, kMaxWhatToBring, false, true);

  // A form, a file or an API call that says nothing means the default scheme.
  const std::string scheme_key = trim(form.completion_scheme).empty()
                                     ? std::string(kDefaultCompletionScheme)
                                     : trim(form.completion_scheme);
  const auto scheme =
      std::find_if(choices.completion_schemes.begin(), choices.completion_schemes.end(),
                   [&](const CompletionScheme& s) { return s.key == scheme_key; });
  if (scheme == choices.completion_schemes.end())
    check.add("completion_scheme", "choice");
  else
    c.completion = *scheme;

  // Blank rows of the form are not sessions; the others are numbered as shown.
  std::size_t row = 0;
  for (const auto& item : form.programme) {
    ++row;
    if (trim(item.topic).empty() && trim(item.hours).empty()) continue;
    const std::string at = "programme." + std::to_string(row) + ".";
    ProgrammeItem p;
    p.topic = check.text(at + "topic", item.topic, kMaxTopic, true, false);
    const auto minutes = quarter_hours_as_minutes(trim(item.hours));
    if (!minutes || *minutes <= 0 || *minutes > kMaxSessionMinutes)
      check.add(at + "hours", "hours");
    else
      p.teaching_minutes = *minutes;
    if (auto t = check.choice<Teacher>(at + "teacher", item.teacher)) p.teacher = *t;
    c.programme.items.push_back(std::move(p));
  }
  if (c.programme.items.empty()) check.add("programme", "programme_required");
  if (c.programme.items.size() > kMaxProgrammeItems) check.add("programme", "programme_too_long");

  // The plan is written over time by the working group: every part may be empty.
  for (const auto& [part, key] : EnumKeys<DidacticPart>::kAll)
    c.plan[part] =
        check.text("plan." + std::string(key), form.plan[part], kMaxDidacticPart, false, true);

  if (!check.errors.empty())
    return invalid_input("course_form.error.invalid", "course form refused",
                         std::move(check.errors));
  return c;
}

CourseForm form_of(const Course& c) {
  CourseForm f;
  f.title = c.title;
  f.summary = c.summary;
  f.description = c.description;
  f.field = std::string(key_of(c.field));
  for (auto t : c.target_groups) f.target_groups.emplace_back(key_of(t));
  f.languages = c.languages;
  f.interpreter_available = c.interpreter_available ? "1" : "";
  f.format = std::string(key_of(c.format));
  f.referral_required = c.referral_required ? "1" : "";
  f.pathway = std::string(key_of(c.pathway));
  f.owner = std::to_string(c.owner_id);
  f.diagnosis_keys = c.diagnosis_keys;
  f.contact_email = c.contact_email;
  f.contact_phone = c.contact_phone;
  if (c.practical.fee_nok) f.fee = std::to_string(*c.practical.fee_nok);
  if (c.practical.no_show_fee_nok) f.no_show_fee = std::to_string(*c.practical.no_show_fee_nok);
  f.what_to_bring = c.practical.what_to_bring;
  f.completion_scheme = c.completion.key;
  f.plan = c.plan;
  for (const auto& p : c.programme.items)
    f.programme.push_back(
        {p.topic, format_hours(p.teaching_minutes), std::string(key_of(p.teacher))});
  return f;
}

std::vector<std::string> changed_fields(const Course& a, const Course& b) {
  std::vector<std::string> out;
  auto note = [&](bool differs, const char* name) {
    if (differs) out.emplace_back(name);
  };
  note(a.title != b.title, "title");
  note(a.summary != b.summary, "summary");
  note(a.description != b.description, "description");
  note(a.field != b.field, "field");
  note(a.target_groups != b.target_groups, "target_groups");
  note(a.languages != b.languages || a.interpreter_available != b.interpreter_available,
       "languages");
  note(a.format != b.format, "format");
  note(a.referral_required != b.referral_required, "referral_required");
  note(a.pathway != b.pathway, "pathway");
  note(a.owner_id != b.owner_id, "owner");
  note(a.diagnosis_keys != b.diagnosis_keys, "diagnosis_keys");
  note(a.contact_email != b.contact_email || a.contact_phone != b.contact_phone, "contact");
  note(a.practical.fee_nok != b.practical.fee_nok ||
           a.practical.no_show_fee_nok != b.practical.no_show_fee_nok ||
           a.practical.what_to_bring != b.practical.what_to_bring,
       "practical");
  auto same_items = [](const Programme& x, const Programme& y) {
    return std::equal(x.items.begin(), x.items.end(), y.items.begin(), y.items.end(),
                      [](const ProgrammeItem& p, const ProgrammeItem& q) {
                        return p.topic == q.topic && p.teaching_minutes == q.teaching_minutes &&
                               p.teacher == q.teacher;
                      });
  };
  note(!same_items(a.programme, b.programme), "programme");
  note(a.completion.key != b.completion.key, "completion_scheme");
  note(a.plan != b.plan, "didactic_plan");
  auto same_texts = [](const Course& x, const Course& y) {
    return x.text_language == y.text_language &&
           std::equal(x.translations.begin(), x.translations.end(), y.translations.begin(),
                      y.translations.end(),
                      [](const CourseTranslation& p, const CourseTranslation& q) {
                        return p.language == q.language && p.title == q.title &&
                               p.summary == q.summary && p.description == q.description;
                      });
  };
  note(!same_texts(a, b), "translations");
  note(a.status != b.status, "status");
  return out;
}

}  // namespace kursbase
