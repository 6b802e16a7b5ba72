#pragma once
// Test support: Europe/Oslo from the system's tz database (adapters/tz), the zone
// the server runs with, made once for the test process.
#include "app/core/time_zone.hpp"

namespace kursbase::app::testing {

// Aborts the test process with a message when tzdata lacks the zone.
const TimeZone& oslo_time_zone();

}  // namespace kursbase::app::testing
