#pragma once
// Use cases of sign-up: a person signs up for a run (public form or JSON API),
// sees their enrollment through a private link, adds the sessions to a
// calendar, accepts an offered seat, and cancels. Each change and the messages
// it causes (confirmation, waiting-list position, promotion, offer, the
// confirmation of an accepted offer, cancellation) commit in one transaction;
// the outbox worker sends them. Every e-mail about a seat carries the
// person's calendar (.ics) in its new state, so the calendar follows.
//
// The private link's token is 256 random bits. The store finds it by its
// SHA-256 only; the token itself is kept sealed (PersonalDataCipher), so every
// later message (promotion, offer, reminder, cancellation) carries the link.
// National ID numbers are sealed before they reach the store
// (PersonalDataCipher). Anonymous sign-ups are rate limited per client
// address, counted in the database so the limit holds across servers.
//
// Thread safety: all methods may be called from any thread.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/core/time_zone.hpp"
#include "app/privacy/personal_data_cipher.hpp"
#include "app/staff/audit_log.hpp"
#include "domain/enrollment/enrollment.hpp"
#include "domain/enrollment/staff_forms.hpp"
#include "store/catalogue_store.hpp"
#include "store/enrollment_store.hpp"

namespace kursbase::app {

using Clock = std::function<Instant()>;
// The user-facing text for a message key in one language, for messages.
using TextLookup = std::function<std::string(std::string_view key)>;
// The text for a message key in a participant's language (kParticipantLanguages;
// the composition root serves each from its web/i18n catalogue, with the
// catalogue's own fallback to bokmål).
using LanguageTexts = std::function<std::string(std::string_view language, std::string_view key)>;

struct EnrollmentSettings {
  // Accepted anonymous sign-ups per window (docs/configuration.md): per client
  // address, generous, as a hospital desk or guest Wi-Fi shares one; and per
  // address and person, tight, which is what stops one script or one person.
  int sign_up_limit = 60;
  int sign_up_limit_per_person = 5;
  std::chrono::minutes sign_up_window{60};
  std::string public_url = "http://127.0.0.1:8080";  // base of private links in messages
  std::string consent_version = "samtykke-2027-02";  // -02: the box states the retention
  // A repeated sign-up re-sends the private link to the contact on file at
  // most this often per enrollment (issue 11): enough for someone who lost the
  // first message, too seldom to flood them.
  std::chrono::minutes link_resend_interval{15};
};

struct SignUpAnswer {
  EnrollmentId id = 0;
  EnrollmentStatus status = EnrollmentStatus::Confirmed;
  std::optional<int> waitlist_position;
  // Empty when `existing`. Never in an HTTP answer (issue 11: the answer must
  // not tell a new sign-up from a repeat); the link goes by mail or SMS.
  std::string manage_token;
  bool existing = false;
  // With `existing`: the private link went again to the contact on file (not
  // to the contact in this request), as the re-send limit allowed.
  bool link_resent = false;
  struct Companion {
    EnrollmentId id = 0;
    EnrollmentStatus status = EnrollmentStatus::Confirmed;
    std::optional<int> waitlist_position;
    std::string manage_token;
  };
  std::optional<Companion> relative;
};

// What a person sees through their private link.
struct EnrollmentView {
  store::EnrollmentRecord enrollment;
  store::RunRecord run;  // the run with its place and sessions, and the course title
  // Whom to ask (organiser, contact) and the course's fee and what to bring.
  std::string organiser;
  std::string contact_email;
  std::string contact_phone;
  PracticalInfo practical;
  std::string national_id_masked;  // "150385*****" or empty
  Instant now{};
  // Who among the staff has looked at or changed this person's data, newest
  // first (AuditLog::about_person); empty when the service has no audit log.
  std::vector<AuditVisit> access_log;
};

// What the sign-up form needs to know about a run.
struct SignUpFormInfo {
  store::RunRecord run;
  RunStatus status = RunStatus::Open;
  bool national_id_required = false;
  std::string refusal_key;  // non-empty: the run takes no public sign-ups, and why
  // The course needs a referral: a public sign-up is a request that waits for
  // it (domain/enrollment/referral_request.hpp).
  bool referral_request = false;
};

class EnrollmentService {
 public:
  EnrollmentService(store::EnrollmentStore& enrollments, store::CatalogueStore& catalogue,
                    const PersonalDataCipher& cipher, Clock clock, const TimeZone& zone,
                    LanguageTexts texts, EnrollmentSettings settings,
                    const AuditLog* audit = nullptr);
  // Every message in the one language of `text`, whatever the participant's.
  EnrollmentService(store::EnrollmentStore& enrollments, store::CatalogueStore& catalogue,
                    const PersonalDataCipher& cipher, Clock clock, const TimeZone& zone,
                    TextLookup text, EnrollmentSettings settings, const AuditLog* audit = nullptr);

  Result<SignUpFormInfo> form_info(RunId run_id);

  // Errors: RateLimited "enrollment.error.rate_limited"; NotFound
  // "enrollment.error.run_not_found"; Conflict "enrollment.refused.*";
  // InvalidInput "enrollment.error.form" with field errors.
  Result<SignUpAnswer> sign_up(RunId run_id, const SignUpForm& form,
                               const std::string& client_address);

  // Staff use cases; the caller (WaitingListService, ReferralService) has
  // decided access and audits. A person registered from a referral gets the
  // same messages as a public sign-up, without the rate limit, the consent box
  // and the public deadline. Errors as sign_up.
  Result<SignUpAnswer> register_referral(RunId run_id, const Referral& referral,
                                         std::int64_t account_id);
  // Cancels with a reason (kept, not sent); the person gets the
  // "cancelled_by_staff" message and the seat goes to the waiting list.
  Result<store::EnrollmentChange> cancel_by_staff(EnrollmentId id, const std::string& reason,
                                                  std::int64_t account_id);
  // A request's referral has come: a seat or the waiting list by the seat
  // rule (domain/enrollment/referral_request.hpp); the person is told as
  // after a sign-up, with the calendar.
  Result<store::EnrollmentChange> confirm_referral(EnrollmentId id, const ReferralReceived& r);
  // New capacity; new seats go to the waiting list, who are told.
  // Conflict "enrollment.error.capacity_below_taken" below the seats taken.
  Result<store::EnrollmentChange> set_capacity(RunId run_id, int capacity);

  // NotFound "enrollment.error.link_invalid" for an unknown token.
  Result<EnrollmentView> view(const std::string& token);
  Result<EnrollmentView> cancel(const std::string& token);
  Result<EnrollmentView> accept_offer(const std::string& token);
  // The run's sessions as iCalendar, as calendar_for() describes: tentative
  // while waitlisted or offered, cancelled after a cancellation.
  Result<std::string> calendar(const std::string& token);

  // For the outbox worker's timer: reminders `days` before the first session,
  // and offers past their reply deadline.
  Result<int> queue_reminders(int days);
  Result<int> expire_offers();

  // What tells everyone on `roster` of a change to its run (roster.seats.run,
  // as saved): `kind` "run_cancelled" (it will not be held) or "run_changed"
  // (its times or place moved; the mail gives them as they are now). One
  // message per person holding a seat, waiting for one or waiting for a
  // referral, in their language, by their channel, with their private link
  // and, by e-mail, their calendar as it is now (every session CANCELLED on a
  // cancelled run); `note` is the staff's word to them (may be empty; e-mail
  // only, an SMS is short). For RunAuthoringService, which writes them in the
  // change's own transaction.
  std::vector<store::OutboxMessage> run_messages(const store::RunRoster& roster,
                                                 const std::string& kind,
                                                 std::string_view note = {}) const;

  Instant now() const { return clock_(); }

 private:
  // The channel is chosen here (app/messaging/message_channel.hpp); an SMS gets the short
  // text with the date of `first_session`. The private link is built from
  // `token`, or when empty from the enrollment's sealed token; an enrollment
  // without one (made before it was kept) is pointed to its first message.
  // An e-mail carries the run's sessions as an .ics (calendar_for) when
  // `calendar_run` is given; `note`, the staff's own words, fills "{note}"
  // ("mail.note"). The message comes back sealed
  // (app/messaging/sealed_message.hpp).
  store::OutboxMessage message(const store::EnrollmentRecord& e, const CourseTitles& course,
                               const std::string& kind, std::string_view token,
                               std::optional<Instant> first_session = std::nullopt,
                               const Run* calendar_run = nullptr,
                               const store::RunSeats* seats = nullptr,
                               std::string_view note = {}) const;
  // What a mail about a seat tells beside it (issue 12): the sessions, the
  // place or the video, whom to ask and how to cancel; empty without a run.
  std::string details_text(const TextLookup& text, const Run* run,
                           const store::RunSeats* seats) const;
  // "Spørsmål? Kontakt {organiser}: e-post …, telefon …"; empty without a contact.
  std::string contact_text(const TextLookup& text, const store::RunSeats* seats) const;
  // The texts of one language.
  TextLookup texts_in(std::string_view language) const;
  // The enrollment's private-link token, unsealed; empty when none is kept.
  std::string token_of(const store::EnrollmentRecord& e) const;
  // `attempts`: an anonymous sign-up's rate-limit counts, made in the same transaction.
  Result<SignUpAnswer> enroll(const SignUpFormInfo& info, const SignUp& valid,
                              const Referral* referral, std::int64_t account_id,
                              std::vector<store::SignUpAttempt> attempts = {});
  CourseTitles course_of(RunId run_id) const;
  std::vector<store::OutboxMessage> change_messages(const store::EnrollmentChange& ch,
                                                    const CourseTitles& course) const;
  // The person's calendar of the run (issue 12): one VEVENT per session, UID
  // per (run, session, enrollment), SEQUENCE from e.calendar_sequence, STATUS
  // TENTATIVE while waitlisted or offered, CONFIRMED with a seat, CANCELLED
  // when they or the run are cancelled; the DESCRIPTION says which, where
  // (place, or by video) and gives the private link built from `token` (or the
  // sealed one, like message()).
  std::string calendar_for(const store::EnrollmentRecord& e, const Run& run,
                           const CourseTitles& course, std::string_view token) const;
  Result<store::EnrollmentRecord> by_token(const std::string& token);
  Result<EnrollmentView> make_view(store::EnrollmentRecord e);
  std::string link(std::string_view token) const;

  store::EnrollmentStore& enrollments_;
  store::CatalogueStore& catalogue_;
  const PersonalDataCipher& cipher_;
  Clock clock_;
  const TimeZone& zone_;
  LanguageTexts texts_;
  EnrollmentSettings settings_;
  const AuditLog* audit_;  // may be null; not owned
};

}  // namespace kursbase::app
