#include "store/sql/run_listing_rows.hpp"

#include <algorithm>
#include <unordered_map>

#include "store/engine/statement_cache.hpp"
#include "store/sql/row_values.hpp"
#include "store/sql/run_row.hpp"

namespace kursbase::store {
namespace {

std::string text_or_empty(const std::string& s, soci::indicator ind) {
  return ind == soci::i_ok ? s : std::string();
}

constexpr const char* kRunColumns =
    "SELECT r.id, r.course_id, r.state, r.min_participants, r.capacity, "
    "r.registration_deadline, r.digital, r.language, r.waiting_list_enabled, r.location_name, "
    "r.location_address, r.location_postal_code, r.location_postal_place, "
    "r.location_municipality, r.confirmed_count, r.waitlisted_count, "
    "r.staff_registration_only FROM run r ";
constexpr const char* kSessionColumns =
    "SELECT s.id, s.run_id, s.starts_at, s.ends_at FROM run_session s JOIN run r ON r.id = "
    "s.run_id ";

struct RunVars {
  long long param = 0;
  RunCoreRow core;
  int digital = 0, waiting = 0, confirmed = 0, waitlisted = 0, staff_only = 0;
  std::string language, lname, laddr, lpost, lplace, lmun;
  soci::indicator i1 = soci::i_null, i2 = soci::i_null, i3 = soci::i_null, i4 = soci::i_null,
                  i5 = soci::i_null;
};

struct RunSessionVars {
  long long param = 0, id = 0, run_id = 0;
  std::string starts, ends;
};

}  // namespace

std::vector<LoadedRun> load_runs(soci::session& sql, const std::string& where,
                                 std::optional<long long> param) {
  std::vector<LoadedRun> runs;
  std::unordered_map<long long, std::size_t> index;
  {
    auto& q = statements(sql).get<RunVars>(std::string(kRunColumns) + where,
                                           [&](RunVars& v, soci::statement& st) {
                                             if (param) st.exchange(soci::use(v.param, "id"));
                                             v.core.bind(st);
                                             st.exchange(soci::into(v.digital));
                                             st.exchange(soci::into(v.language));
                                             st.exchange(soci::into(v.waiting));
                                             st.exchange(soci::into(v.lname, v.i1));
                                             st.exchange(soci::into(v.laddr, v.i2));
                                             st.exchange(soci::into(v.lpost, v.i3));
                                             st.exchange(soci::into(v.lplace, v.i4));
                                             st.exchange(soci::into(v.lmun, v.i5));
                                             st.exchange(soci::into(v.confirmed));
                                             st.exchange(soci::into(v.waitlisted));
                                             st.exchange(soci::into(v.staff_only));
                                           });
    q.vars.param = param.value_or(0);
    q.each([&](const RunVars& v) {
      LoadedRun lr;
      Run& r = lr.listing.run;
      v.core.fill(r);
      r.digital = v.digital != 0;
      r.language = v.language;
      r.waiting_list_enabled = v.waiting != 0;
      r.staff_registration_only = v.staff_only != 0;
      if (v.i1 == soci::i_ok) {
        r.location = Location{v.lname, text_or_empty(v.laddr, v.i2), text_or_empty(v.lpost, v.i3),
                              text_or_empty(v.lplace, v.i4), text_or_empty(v.lmun, v.i5)};
      }
      lr.listing.confirmed = v.confirmed;
      lr.waitlisted = v.waitlisted;
      index.emplace(v.core.id, runs.size());
      runs.push_back(std::move(lr));
    });
  }
  {
    auto& q = statements(sql).get<RunSessionVars>(
        std::string(kSessionColumns) + where + " ORDER BY s.run_id, s.starts_at",
        [&](RunSessionVars& v, soci::statement& st) {
          if (param) st.exchange(soci::use(v.param, "id"));
          st.exchange(soci::into(v.id));
          st.exchange(soci::into(v.run_id));
          st.exchange(soci::into(v.starts));
          st.exchange(soci::into(v.ends));
        });
    q.vars.param = param.value_or(0);
    q.each([&](const RunSessionVars& v) {
      auto it = index.find(v.run_id);
      if (it == index.end()) return;
      runs[it->second].listing.run.sessions.push_back(
          {v.id, instant_or_epoch(v.starts), instant_or_epoch(v.ends)});
    });
  }
  std::stable_sort(runs.begin(), runs.end(), [](const LoadedRun& a, const LoadedRun& b) {
    return a.listing.run.first_start().value_or(Instant::max()) <
           b.listing.run.first_start().value_or(Instant::max());
  });
  return runs;
}

}  // namespace kursbase::store
