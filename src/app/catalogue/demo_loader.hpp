#pragma once
// `kursbase demo`: generate the demo catalogue and write it through the store.
#include <cstdint>

#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "store/catalogue_store.hpp"

namespace kursbase::app {

struct DemoOptions {
  int scale = 1;
  std::uint64_t seed = 1;
  Day today;
  bool only_if_empty = false;  // `make run`: load once, on the first start
};

struct DemoOutcome {
  bool loaded = false;  // false when skipped because data existed
  std::size_t courses = 0, runs = 0, organisations = 0;
};

Result<DemoOutcome> load_demo(store::CatalogueStore& store, const DemoOptions& options);

}  // namespace kursbase::app
