#include "store/sql/history_rows.hpp"

namespace kursbase::store {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

void add_history(soci::session& sql, const HistoryTable& h, std::int64_t id, std::int64_t version,
                 std::int64_t account_id, Instant at, const std::vector<std::string>& changed) {
  long long key = id, v = version, account = account_id;
  soci::indicator account_ind = account_id > 0 ? soci::i_ok : soci::i_null;
  const std::string when = format_instant(at), changes = joined(changed);
  sql << "INSERT INTO " + std::string(h.table) + " (" + h.id_column +
             ", version, account_id, changed_at, changes) VALUES (:id, :version, :account, :at, "
             ":changes)",
      soci::use(key), soci::use(v), soci::use(account, account_ind), soci::use(when),
      soci::use(changes);
}

std::vector<CourseHistoryEntry> read_history(soci::session& sql, const HistoryTable& h,
                                             std::int64_t id) {
  long long key = id, version = 0, account = 0;
  std::string at, changes, name;
  soci::indicator account_ind = soci::i_null, name_ind = soci::i_null;
  soci::statement st =
      (sql.prepare << "SELECT h.version, h.changed_at, h.account_id, a.display_name, h.changes "
                      "FROM " +
                          std::string(h.table) +
                          " h LEFT JOIN staff_account a ON a.id = h.account_id WHERE h." +
                          h.id_column + " = :id ORDER BY h.version DESC",
       soci::use(key), soci::into(version), soci::into(at), soci::into(account, account_ind),
       soci::into(name, name_ind), soci::into(changes));
  st.execute();
  std::vector<CourseHistoryEntry> out;
  while (st.fetch()) {
    CourseHistoryEntry e;
    e.version = version;
    e.at = parse_instant(at).value_or(Instant{});
    if (account_ind == soci::i_ok) e.account_id = account;
    if (name_ind == soci::i_ok) e.account_name = name;
    e.changed = split(changes);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace kursbase::store
