#pragma once
// Test support: plain SQL on a test's database, for what the store's interfaces
// do not offer a test (a column no use case reads, a row set up as an older
// version left it, a count of audit rows). The layers above the store never see
// SOCI (scripts/check-layering.py); their tests come here instead.
//
// Each call runs in a transaction of its own through Database::transact (so
// with its retries) and answers Unavailable when the statement fails, e.g. on a
// typo in the SQL. The SQL is the test's own text; nothing here binds values.
#include <optional>
#include <string>
#include <vector>

#include "domain/core/result.hpp"
#include "store/engine/database.hpp"

namespace kursbase::store::testing {

// Runs a statement that returns no rows (INSERT, UPDATE, DELETE, DDL).
Status exec_sql(Database& db, const std::string& sql);

// The first column of every row of a query, as integers (ids, counts).
Result<std::vector<long long>> query_ints(Database& db, const std::string& sql);

// The first column of the first row as an integer (a count); NotFound when the
// query returns no row or NULL.
Result<long long> query_int(Database& db, const std::string& sql);

// The first column of the first row as text; nullopt when it is NULL or the
// query returns no row.
Result<std::optional<std::string>> query_text(Database& db, const std::string& sql);

}  // namespace kursbase::store::testing
