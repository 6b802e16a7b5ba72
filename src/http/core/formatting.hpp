#pragma once
// Dates, times and labels as Norwegians read them, from the message catalogue:
// "tirsdag 10. mars 2027", "kl. 09.00–12.00", on the wall clock of `zone`
// (Europe/Oslo, from Responder::zone()).
#include <string>

#include "app/core/time_zone.hpp"
#include "domain/core/time.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

// "tirsdag 10. mars 2027"
std::string format_date(Instant t, const app::TimeZone& zone, const web::Messages& m);
// "10. mars 2027"
std::string format_short_date(Instant t, const app::TimeZone& zone, const web::Messages& m);
// "09.00"
std::string format_clock(Instant t, const app::TimeZone& zone);
// "10. mars 2027 kl. 09.00"
std::string format_date_time(Instant t, const app::TimeZone& zone, const web::Messages& m);
// A date without a time ("10. mars 2027"): a calendar day, read as it is.
std::string format_day(Day day, const web::Messages& m);

}  // namespace kursbase::http
