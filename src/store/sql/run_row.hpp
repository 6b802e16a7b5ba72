#pragma once
// Internal to the store: the columns every reading of a run starts with, in
// this order — r.id, r.course_id, r.state, r.min_participants, r.capacity,
// r.registration_deadline — bound once on a statement and turned into a Run,
// shared by the catalogue and the enrollment store. A query binds its own
// columns after these.
#include <soci/soci.h>

#include <string>

#include "domain/catalogue/run.hpp"
#include "store/sql/row_values.hpp"

namespace kursbase::store {

struct RunCoreRow {
  long long id = 0, course_id = 0;
  std::string state, deadline;
  int min_participants = 0, capacity = 0;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(course_id));
    st.exchange(soci::into(state));
    st.exchange(soci::into(min_participants));
    st.exchange(soci::into(capacity));
    st.exchange(soci::into(deadline));
  }

  void fill(Run& r) const {
    r.id = id;
    r.course_id = course_id;
    r.state = key_or(state, RunState::Draft);
    r.min_participants = min_participants;
    r.capacity = capacity;
    r.registration_deadline = instant_or_epoch(deadline);
  }
};

}  // namespace kursbase::store
