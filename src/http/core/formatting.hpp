#pragma once
// Dates, times and labels as Norwegians read them, from the message catalogue:
// "tirsdag 10. mars 2027", "kl. 09.00–12.00" in Europe/Oslo.
#include <string>

#include "domain/core/time.hpp"
#include "web/messages.hpp"

namespace kursbase::http {

std::string format_date(Instant t, const web::Messages& m);        // "tirsdag 10. mars 2027"
std::string format_short_date(Instant t, const web::Messages& m);  // "10. mars 2027"
std::string format_clock(Instant t);                               // "09.00"
std::string format_date_time(Instant t, const web::Messages& m);   // "10. mars 2027 kl. 09.00"

}  // namespace kursbase::http
