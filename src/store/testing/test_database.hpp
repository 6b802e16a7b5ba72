#pragma once
// Test support: a fresh, empty database for one test, on the engine the test
// run asks for. With KURSBASE_TEST_POSTGRES_URL_FILE set (ctest's PostgreSQL
// fixture writes the server's URL there) each call creates a new PostgreSQL
// database; otherwise a new SQLite file under the temp folder.
#include <string>

namespace kursbase::store::testing {

// `name` only needs to be unique within the process.
std::string fresh_database_url(const std::string& name);

bool on_postgres();

}  // namespace kursbase::store::testing
