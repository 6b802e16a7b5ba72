#pragma once
// The configured numbers that the privacy notice (/personvern) and the sign-up
// form tell people: how long their data is kept and when they are reminded.
// They come from the settings (cli/wiring.cpp), never from the message texts,
// so what a person is told is what the retention job does.
#include <nlohmann/json.hpp>

namespace kursbase::http {

struct PrivacyFacts {
  int retention_months = 60;  // privacy.retention_months; 0: nothing is anonymised on a timer
  int reminder_days = 3;      // enrollment.reminder_days; 0: no reminder
};

// Sets the view fields the texts privacy.retention, privacy.reminder and
// privacy.cookies fill in: retention_months and retention_on, reminder_days
// and reminder_on, link_cookie_hours.
void add_privacy_facts(nlohmann::json& page, const PrivacyFacts& facts);

}  // namespace kursbase::http
