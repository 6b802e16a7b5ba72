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

// A date and time in a message, in the language `text` looks up (issue 13):
// its pattern "date.pattern.message" ("03.03.2027 kl. 09:00", English "3 March
// 2027 at 09:00") or, `with_at` false, "date.pattern.message_plain" (a deadline:
// "03.03.2027 09:00"), filled with {day}, {day_number}, {month} (the month's
// name), {month_number}, {year}, {hour} and {minute}; "date.pattern.message_time" is a
// session's end ("09:00"). Without the keys, the bokmål patterns.
std::string message_date_time(const TimeZone& zone, Instant t,
                              const std::function<std::string(std::string_view)>& text,
                              bool with_at = true);
std::string message_clock(const TimeZone& zone, Instant t,
                          const std::function<std::string(std::string_view)>& text);
// An amount of kroner by the language's "number.kroner" and "number.group".
std::string message_kroner(int amount, const std::function<std::string(std::string_view)>& text);

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
