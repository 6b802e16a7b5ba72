#pragma once
// Test support: a fresh database, opened and migrated, for the tests of the layers
// above the store, which get their Database here rather than from store/engine/
// (scripts/check-layering.py). Defined in test_database.cpp.
#include <cstddef>
#include <memory>
#include <string>

#include "store/engine/database.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store::testing {

// The database at `fresh_database_url(name)`, opened with `pool_size` connections
// and migrated. Throws std::runtime_error when it cannot be opened or migrated.
std::unique_ptr<Database> open_fresh_database(const std::string& name, std::size_t pool_size);

// The existing database at `url` (one a server under test made), opened with one
// connection and not migrated; nullptr when it cannot be opened.
std::unique_ptr<Database> open_database(const std::string& url);

}  // namespace kursbase::store::testing
