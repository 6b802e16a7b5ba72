#include "app/testing/oslo_time_zone.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "adapters/tz/tzdb_time_zone.hpp"

namespace kursbase::app::testing {

const TimeZone& oslo_time_zone() {
  static const std::unique_ptr<adapters::TzdbTimeZone> zone = [] {
    auto z = adapters::TzdbTimeZone::locate("Europe/Oslo");
    if (!z) {
      std::fprintf(stderr, "oslo_time_zone: %s\n", z.error().detail.c_str());
      std::abort();
    }
    return std::move(*z);
  }();
  return *zone;
}

}  // namespace kursbase::app::testing
