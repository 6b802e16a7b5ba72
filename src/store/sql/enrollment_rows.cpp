#include "store/sql/enrollment_rows.hpp"

#include "store/sql/row_values.hpp"

namespace kursbase::store {

void EnrollmentRow::bind(soci::statement& st) {
  st.exchange(soci::into(id_));
  st.exchange(soci::into(run_id_));
  st.exchange(soci::into(person_id_));
  st.exchange(soci::into(name_));
  st.exchange(soci::into(email_));
  st.exchange(soci::into(mobile_));
  st.exchange(soci::into(sealed_, i_sealed_));
  st.exchange(soci::into(lookup_, i_lookup_));
  st.exchange(soci::into(kind_));
  st.exchange(soci::into(status_));
  st.exchange(soci::into(position_, i_pos_));
  st.exchange(soci::into(offer_, i_offer_));
  st.exchange(soci::into(accompanies_, i_acc_));
  st.exchange(soci::into(acc_name_));
  st.exchange(soci::into(interpreter_));
  st.exchange(soci::into(needs_));
  st.exchange(soci::into(source_));
  st.exchange(soci::into(referral_, i_ref_));
  st.exchange(soci::into(doctor_));
  st.exchange(soci::into(doctor_hpr_));
  st.exchange(soci::into(created_));
  st.exchange(soci::into(token_sealed_, i_token_sealed_));
  st.exchange(soci::into(language_));
  st.exchange(soci::into(calendar_sequence_));
}

EnrollmentRecord EnrollmentRow::record() const {
  EnrollmentRecord e;
  e.id = id_;
  e.run_id = run_id_;
  e.person = {person_id_,
              name_,
              email_,
              mobile_,
              i_sealed_ == soci::i_ok ? sealed_ : "",
              i_lookup_ == soci::i_ok ? lookup_ : ""};
  e.kind = key_or(kind_, ParticipantKind::Patient);
  e.status = key_or(status_, EnrollmentStatus::Cancelled);
  if (i_pos_ == soci::i_ok) e.waitlist_position = position_;
  if (i_offer_ == soci::i_ok) e.offer_expires_at = parse_instant(offer_);
  if (i_acc_ == soci::i_ok) e.accompanies_id = accompanies_;
  e.accompanies_name = acc_name_;
  e.interpreter_language = interpreter_;
  e.needs = needs_;
  e.source = key_or(source_, EnrollmentSource::Public);
  if (i_ref_ == soci::i_ok) e.referral_date = parse_day(referral_);
  e.referring_doctor = doctor_;
  e.referring_doctor_hpr = doctor_hpr_;
  e.created_at = instant_or_epoch(created_);
  e.manage_token_sealed = i_token_sealed_ == soci::i_ok ? token_sealed_ : "";
  e.language = language_;
  e.calendar_sequence = calendar_sequence_;
  return e;
}

}  // namespace kursbase::store
