#pragma once
// The pieces message templates are filled with, shared by the e-mail texts
// (app/enrollment/enrollment_service.cpp) and the SMS texts (app/messaging/message_channel.cpp).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/core/time_zone.hpp"
#include "domain/catalogue/practical_info.hpp"
#include "domain/core/time.hpp"

namespace kursbase::app {

// Every `key` (a placeholder such as "{course}") in `text` replaced by `value`.
std::string replace_all(std::string text, std::string_view key, std::string_view value);

// "03.03.2027 09:00" with separator " ", "03.03.2027 kl. 09:00" with " kl. ";
// on the zone's wall clock.
std::string local_date_time(const TimeZone& zone, Instant t, std::string_view separator);

// A course's practical information as lines of label and text ("Pris",
// "Egenandel 350 kr"), only those the course has said something about; for
// the seat mails and the pages alike. `text` looks up a message key.
struct PracticalLine {
  std::string_view what;  // "price", "no_show" (a whole sentence), "remember"
  std::string label;
  std::string text;
};
std::vector<PracticalLine> practical_lines(
    const PracticalInfo& info, const std::function<std::string(std::string_view)>& text);

}  // namespace kursbase::app
