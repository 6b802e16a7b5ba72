#pragma once
// The SQL migrations carried in the binary: store/migrations/{sqlite,postgres}/
// NNNN_name.sql, applied in order and recorded in schema_migrations.
#include <soci/soci.h>

#include <string>
#include <string_view>
#include <vector>

#include "store/engine/database.hpp"

namespace kursbase::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// The engine's migrations, ordered by version.
const std::vector<Migration>& migrations(Engine engine);

// Runs a script of several statements through the engine's own multi-statement
// call (sqlite3_exec / PQexec), so triggers and functions need no splitting.
void run_script(soci::session& sql, std::string_view script);

// Now as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now_text();

}  // namespace kursbase::store
