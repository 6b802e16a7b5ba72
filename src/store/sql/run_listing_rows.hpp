#pragma once
// Internal to the store: runs with their place, seats and sessions as the
// catalogue shows them, read by a where-clause. Shared by the catalogue store
// and the authoring store (which reads runs in every state).
#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue/catalogue_index.hpp"

namespace kursbase::store {

struct LoadedRun {
  RunListing listing;
  std::int64_t waitlisted = 0;
};

// Loads runs (and their sessions) selected by `where` (a constant written
// after "FROM run r"; no user input), with an optional id bound as ":id" (a
// where-clause is always used with or always without it). Ordered by first
// session. Prepared once per connection: a sign-up reads its run here
// (store/engine/statement_cache.hpp).
std::vector<LoadedRun> load_runs(soci::session& sql, const std::string& where,
                                 std::optional<long long> param);

}  // namespace kursbase::store
