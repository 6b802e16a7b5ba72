#include "store/testing/raw_sql.hpp"

#include <soci/soci.h>

#include "store/engine/connection.hpp"

namespace kursbase::store::testing {

Status exec_sql(Database& db, const std::string& sql) {
  return db.transact(TxKind::Write, [&](Tx& tx) -> Status {
    session_of(tx) << sql;
    return ok_status();
  });
}

Result<std::vector<long long>> query_ints(Database& db, const std::string& sql) {
  return db.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<long long>> {
    std::vector<long long> out;
    soci::rowset<long long> rows = (session_of(tx).prepare << sql);
    for (auto v : rows) out.push_back(v);
    return out;
  });
}

Result<long long> query_int(Database& db, const std::string& sql) {
  return db.transact(TxKind::Read, [&](Tx& tx) -> Result<long long> {
    soci::session& session = session_of(tx);
    long long v = 0;
    soci::indicator ind = soci::i_null;
    session << sql, soci::into(v, ind);
    if (!session.got_data() || ind != soci::i_ok)
      return not_found("test.no_value", "the query returned no value");
    return v;
  });
}

Result<std::optional<std::string>> query_text(Database& db, const std::string& sql) {
  return db.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<std::string>> {
    soci::session& session = session_of(tx);
    std::string v;
    soci::indicator ind = soci::i_null;
    session << sql, soci::into(v, ind);
    if (!session.got_data() || ind != soci::i_ok) return std::optional<std::string>();
    return std::optional<std::string>(v);
  });
}

}  // namespace kursbase::store::testing
