#include "store/testing/demo_catalogue.hpp"

#include "demo/demo_catalogue.hpp"

namespace kursbase::store::testing {

Status import_demo_catalogue(CatalogueStore& store, Day today) {
  constexpr int kScale = 1;
  constexpr std::uint64_t kSeed = 1;
  auto demo = demo::generate_demo_catalogue(kScale, kSeed, today);
  CatalogueImport data{std::move(demo.organisations), std::move(demo.municipalities),
                       std::move(demo.diagnosis_areas), std::move(demo.courses),
                       std::move(demo.runs)};
  return store.import_catalogue(data);
}

}  // namespace kursbase::store::testing
