#include "store/testing/server_admin.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <stdexcept>

#include "store/engine/database.hpp"

namespace kursbase::store::testing {

struct ServerAdmin::Session {
  soci::session sql;
};

ServerAdmin::ServerAdmin(const std::string& url) : session_(std::make_unique<Session>()) {
  session_->sql.open(soci::postgresql, postgres_conninfo(url));
}

ServerAdmin::~ServerAdmin() = default;

void ServerAdmin::exec(const std::string& sql) { session_->sql << sql; }

long long ServerAdmin::query_int(const std::string& sql, const std::string& text) {
  long long v = 0;
  session_->sql << sql, soci::use(text, "p"), soci::into(v);
  if (!session_->sql.got_data()) throw std::runtime_error("no row: " + sql);
  return v;
}

}  // namespace kursbase::store::testing
