#include "store/testing/demo_catalogue.hpp"

#include <cstdio>
#include <cstdlib>

#include "adapters/tz/tzdb_time_zone.hpp"
#include "demo/demo_catalogue.hpp"

namespace kursbase::store::testing {
Instant oslo_instant(Day day, std::chrono::minutes time) {
  static const auto zone = [] {
    auto z = adapters::TzdbTimeZone::locate("Europe/Oslo");
    if (!z) {
      std::fprintf(stderr, "import_demo_catalogue: %s\n", z.error().detail.c_str());
      std::abort();
    }
    return std::move(*z);
  }();
  return zone->instant_of(day, time);
}

Status import_demo_catalogue(CatalogueStore& store, Day today) {
  constexpr int kScale = 1;
  constexpr std::uint64_t kSeed = 1;
  auto demo = demo::generate_demo_catalogue(kScale, kSeed, today, oslo_instant);
  CatalogueImport data{std::move(demo.organisations), std::move(demo.municipalities),
                       std::move(demo.diagnosis_areas), std::move(demo.courses),
                       std::move(demo.runs)};
  return store.import_catalogue(data);
}

}  // namespace kursbase::store::testing
