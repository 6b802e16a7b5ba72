#include "http/public_pages/privacy_facts.hpp"

#include <chrono>

#include "http/enrollment/private_link_cookie.hpp"

namespace kursbase::http {

void add_privacy_facts(nlohmann::json& page, const PrivacyFacts& facts) {
  page["retention_on"] = facts.retention_months > 0;
  page["retention_months"] = facts.retention_months;
  page["reminder_on"] = facts.reminder_days > 0;
  page["reminder_days"] = facts.reminder_days;
  page["link_cookie_hours"] =
      std::chrono::duration_cast<std::chrono::hours>(kPrivateLinkCookieLifetime).count();
}

}  // namespace kursbase::http
