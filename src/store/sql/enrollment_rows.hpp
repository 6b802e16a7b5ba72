#pragma once
// Internal to the store: reading enrollment rows (with their person) from a
// SOCI statement, shared by the enrollment store and the person data store so
// both read the same columns the same way.
#include <soci/soci.h>

#include <string>

#include "store/enrollment_store.hpp"

namespace kursbase::store {

// The columns EnrollmentRow reads, in its order, from `enrollment e` joined
// with `person p`. A query selects these first and may add its own columns
// after them (bound after EnrollmentRow::bind).
inline constexpr const char* kEnrollmentRowColumns =
    "e.id, e.run_id, p.id, p.name, p.email, p.mobile, p.national_id_sealed, "
    "p.national_id_lookup, e.kind, e.status, e.waitlist_position, e.offer_expires_at, "
    "e.accompanies_id, e.accompanies_name, e.interpreter_language, e.needs, e.source, "
    "e.referral_date, e.referring_doctor, e.referring_doctor_hpr, e.created_at, "
    "e.manage_token_sealed, e.language, "
    "e.calendar_sequence + (SELECT r.calendar_sequence FROM run r WHERE r.id = e.run_id)";
// The tables under those aliases; a query may join more after it.
inline constexpr const char* kEnrollmentRowFrom =
    " FROM enrollment e JOIN person p ON p.id = e.person_id ";

// The output buffers of one row. bind() registers them on a statement (before
// prepare); after each fetch, record() turns the current row into a record.
// Binds by reference: the row must outlive the statement's fetches.
class EnrollmentRow {
 public:
  void bind(soci::statement& st);
  EnrollmentRecord record() const;

 private:
  long long id_ = 0, run_id_ = 0, person_id_ = 0, accompanies_ = 0, calendar_sequence_ = 0;
  int position_ = 0;
  std::string name_, email_, mobile_, sealed_, lookup_, kind_, status_, offer_, acc_name_,
      interpreter_, needs_, source_, referral_, doctor_, doctor_hpr_, created_, token_sealed_,
      language_;
  soci::indicator i_sealed_ = soci::i_null, i_lookup_ = soci::i_null, i_pos_ = soci::i_null,
                  i_offer_ = soci::i_null, i_acc_ = soci::i_null, i_ref_ = soci::i_null,
                  i_token_sealed_ = soci::i_null;
};

}  // namespace kursbase::store
