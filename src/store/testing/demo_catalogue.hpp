#pragma once
// Test support: the scale-1 demo catalogue (demo/, seed 1) in a test's store,
// for app and http tests that need the whole country's catalogue. `kursbase
// demo` loads the same data through cli/demo_command.hpp.
#include <chrono>

#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "store/catalogue_store.hpp"

namespace kursbase::store::testing {

// The instant Oslo's wall clock shows `time` on `day` (tzdata, adapters/tz), for
// demo::generate_demo_catalogue; aborts when tzdata lacks Europe/Oslo.
Instant oslo_instant(Day day, std::chrono::minutes time);

// Imports the demo catalogue with runs spread around `today` into an empty
// `store` (the import keeps the demo's ids); store errors come back unchanged.
Status import_demo_catalogue(CatalogueStore& store, Day today);

}  // namespace kursbase::store::testing
