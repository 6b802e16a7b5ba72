#include "domain/enrollment/enrollment.hpp"

#include <algorithm>
#include <cctype>

#include "domain/core/contact_check.hpp"
#include "domain/core/form_text.hpp"
#include "domain/person/national_id.hpp"

namespace kursbase {
namespace {

constexpr std::size_t kMaxShortText = 200;

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool truthy(std::string_view v) { return v == "1" || v == "true" || v == "on" || v == "yes"; }

struct Checker {
  std::vector<FieldError> errors;
  void add(std::string field, std::string key) {
    errors.push_back({std::move(field), "enrollment.error." + std::move(key)});
  }
  // Trims and checks a free text's length and characters.
  std::string text(const std::string& field, const std::string& raw, std::size_t max,
                   bool multiline = false) {
    std::string v = trim(raw);
    if (length_chars(v) > max)
      add(field, "too_long");
    else if (has_control(v, multiline))
      add(field, "invalid_characters");
    return v;
  }
  // Validates one person's contact fields (prefix "" or "relative_").
  Contact contact(const std::string& prefix, const std::string& name, const std::string& email,
                  const std::string& mobile) {
    Contact c;
    c.name = trim(name);
    if (c.name.empty())
      add(prefix + "name", "name_missing");
    else if (length_chars(c.name) > kMaxNameLength)
      add(prefix + "name", "too_long");
    else if (has_control(c.name, false))
      add(prefix + "name", "invalid_characters");
    const std::string e = trim(email);
    const std::string m = trim(mobile);
    if (e.empty() && m.empty()) add(prefix + "email", "contact_missing");
    if (!e.empty()) {
      if (plausible_email(e))
        c.email = lower_ascii(e);
      else
        add(prefix + "email", "email_invalid");
    }
    if (!m.empty()) {
      c.mobile = normalise_phone(m);
      if (c.mobile.empty()) add(prefix + "mobile", "mobile_invalid");
    }
    return c;
  }
};

}  // namespace

bool is_participant_language(std::string_view code) {
  for (auto l : kParticipantLanguages)
    if (l == code) return true;
  return false;
}

Result<SignUp> validate_sign_up(const SignUpForm& form, const SignUpRules& rules) {
  Checker check;
  SignUp out;
  out.person = check.contact("", form.name, form.email, form.mobile);

  const auto kind = parse_key<ParticipantKind>(trim(form.kind));
  if (form.kind.empty())
    check.add("kind", "kind_missing");
  else if (!kind)
    check.add("kind", "kind_invalid");
  else
    out.kind = *kind;

  // Only asked for where the run registers participation in the patient record,
  // and only of the patient: a relative's participation goes in the patient's record.
  const bool id_wanted = rules.national_id_required && out.kind == ParticipantKind::Patient;
  if (id_wanted) {
    std::string digits;
    for (char c : form.national_id)
      if (c != ' ') digits += c;
    if (digits.empty()) {
      check.add("national_id", "national_id_missing");
    } else if (auto id = parse_national_id(digits); !id) {
      check.errors.push_back({"national_id", id.error().message_key});
    } else {
      out.national_id = digits;
    }
  }

  if (out.kind == ParticipantKind::Relative)
    out.accompanies = check.text("accompanies", form.accompanies, kMaxNameLength);
  out.interpreter_language =
      check.text("interpreter_language", form.interpreter_language, kMaxShortText);
  out.needs = check.text("needs", form.needs, kMaxNeedsLength, true);
  if (const auto language = trim(form.language); !language.empty()) {
    if (is_participant_language(language))
      out.language = std::string(language);
    else
      check.add("language", "language_invalid");
  }

  if (!trim(form.relative_name).empty() || !trim(form.relative_email).empty() ||
      !trim(form.relative_mobile).empty()) {
    if (kind && *kind == ParticipantKind::Relative)
      check.add("relative_name", "relative_needs_patient");
    else
      out.relative =
          check.contact("relative_", form.relative_name, form.relative_email, form.relative_mobile);
  }

  if (rules.staff) {
    if (const auto d = trim(form.referral_date); !d.empty()) {
      const auto day = parse_day(d);
      if (!day || *day > rules.today)
        check.add("referral_date", "referral_date_invalid");
      else
        out.referral_date = *day;
    }
    out.referring_doctor = check.text("referring_doctor", form.referring_doctor, kMaxShortText);
  } else if (!truthy(trim(form.consent))) {
    check.add("consent", "consent_missing");
  }

  if (!check.errors.empty())
    return invalid_input("enrollment.error.form", "sign-up form invalid", std::move(check.errors));
  return out;
}

std::string identity_key(const Contact& contact, std::string_view national_id) {
  if (!national_id.empty()) return "nid:" + std::string(national_id);
  // Family members often share an address or a phone: the name tells them apart.
  std::string name;
  for (char c : lower_ascii(contact.name))
    if (!std::isspace(static_cast<unsigned char>(c))) name += c;
  if (!contact.email.empty()) return "email:" + contact.email + "|" + name;
  return "mobile:" + contact.mobile + "|" + name;
}

std::string_view refusal_key(RunStatus status, bool waiting_list_enabled) {
  switch (status) {
    case RunStatus::Open:
      return {};
    case RunStatus::Full:
      return waiting_list_enabled ? "" : "enrollment.refused.full";
    case RunStatus::Closed:
      return "enrollment.refused.closed";
    case RunStatus::InProgress:
      return "enrollment.refused.in_progress";
    case RunStatus::Cancelled:
      return "enrollment.refused.cancelled";
    case RunStatus::Completed:
      return "enrollment.refused.completed";
    case RunStatus::Draft:
      return "enrollment.refused.not_open";
  }
  return "enrollment.refused.not_open";
}

}  // namespace kursbase
