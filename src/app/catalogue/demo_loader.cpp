#include "app/catalogue/demo_loader.hpp"

#include "demo/demo_catalogue.hpp"

namespace kursbase::app {

Result<DemoOutcome> load_demo(store::CatalogueStore& store, const DemoOptions& options) {
  auto empty = store.is_empty();
  if (!empty) return empty.error();
  if (!*empty) {
    if (options.only_if_empty) return DemoOutcome{};
    return conflict("demo.error.not_empty", "database already holds a catalogue");
  }
  auto demo = demo::generate_demo_catalogue(options.scale, options.seed, options.today);
  DemoOutcome outcome{true, demo.courses.size(), demo.runs.size(), demo.organisations.size()};
  store::CatalogueImport data{std::move(demo.organisations), std::move(demo.municipalities),
                              std::move(demo.diagnosis_areas), std::move(demo.courses),
                              std::move(demo.runs)};
  if (auto written = store.import_catalogue(data); !written) return written.error();
  return outcome;
}

}  // namespace kursbase::app
