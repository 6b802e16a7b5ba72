#pragma once
// Dates, times and labels as the page's language writes them, from its message
// catalogue (date.pattern.day, date.pattern.time, names of days and months):
// "tirsdag 10. mars 2027", "kl. 09.00–12.00"; "Tuesday 10 March 2027",
// "09:00"; on the wall clock of `zone` (Europe/Oslo, from Responder::zone()).
#include <string>
#include <string_view>

#include "app/core/time_zone.hpp"
#include "domain/core/time.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// "tirsdag 10. mars 2027"
std::string format_date(Instant t, const app::TimeZone& zone, const web::Messages& m);
// "10. mars 2027"
std::string format_short_date(Instant t, const app::TimeZone& zone, const web::Messages& m);
// "09.00"
std::string format_clock(Instant t, const app::TimeZone& zone, const web::Messages& m);
// "10. mars 2027 kl. 09.00"
std::string format_date_time(Instant t, const app::TimeZone& zone, const web::Messages& m);
// A phone number as written ("22 11 80 80", "+47 915 00 000") as a tel: URI
// ("tel:+4722118080"); an eight-digit number is Norwegian. Empty when the text
// holds no digits.
std::string tel_uri(std::string_view phone);
// A date without a time ("10. mars 2027"): a calendar day, read as it is.
std::string format_day(Day day, const web::Messages& m);

}  // namespace kursbase::http
