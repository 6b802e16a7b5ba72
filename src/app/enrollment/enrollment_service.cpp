#include "app/enrollment/enrollment_service.hpp"

#include <map>

#include "app/core/time_zone.hpp"
#include "app/messaging/message_channel.hpp"
#include "app/messaging/message_text.hpp"
#include "app/messaging/sealed_message.hpp"
#include "domain/enrollment/sign_up_offer.hpp"
#include "domain/person/national_id.hpp"
#include "interop/ical/ical.hpp"

namespace kursbase::app {
namespace {

constexpr const char* kCalendarType = "text/calendar; charset=utf-8; method=PUBLISH";
constexpr const char* kCalendarName = "kurs.ics";

// The message that answers a sign-up, or a request confirmed by staff.
std::string answer_kind(const store::EnrollmentRecord& e) {
  switch (e.status) {
    case EnrollmentStatus::Waitlisted:
      return "waitlisted";
    case EnrollmentStatus::AwaitingReferral:
      return "referral_requested";
    default:
      return "confirmation";
  }
}

interop::LocalDateTime local_for_ical(const TimeZone& zone, Instant t) {
  const auto o = to_local(zone, t);
  return {o.year, o.month, o.day, o.hour, o.minute, o.second};
}

Error link_invalid() { return not_found("enrollment.error.link_invalid", "unknown token"); }

}  // namespace

EnrollmentService::EnrollmentService(store::EnrollmentStore& enrollments,
                                     store::CatalogueStore& catalogue,
                                     const PersonalDataCipher& cipher, Clock clock,
                                     const TimeZone& zone, LanguageTexts texts,
                                     EnrollmentSettings settings, const AuditLog* audit)
    : enrollments_(enrollments),
      catalogue_(catalogue),
      cipher_(cipher),
      clock_(std::move(clock)),
      zone_(zone),
      texts_(std::move(texts)),
      settings_(std::move(settings)),
      audit_(audit) {}

EnrollmentService::EnrollmentService(store::EnrollmentStore& enrollments,
                                     store::CatalogueStore& catalogue,
                                     const PersonalDataCipher& cipher, Clock clock,
                                     const TimeZone& zone, TextLookup text,
                                     EnrollmentSettings settings, const AuditLog* audit)
    : EnrollmentService(
          enrollments, catalogue, cipher, std::move(clock), zone,
          [one = std::move(text)](std::string_view, std::string_view key) { return one(key); },
          std::move(settings), audit) {}

TextLookup EnrollmentService::texts_in(std::string_view language) const {
  return [this, language = std::string(language)](std::string_view key) {
    return texts_(language, key);
  };
}

std::string EnrollmentService::link(std::string_view token) const {
  return settings_.public_url + "/pamelding/" + std::string(token);
}

Result<SignUpFormInfo> EnrollmentService::form_info(RunId run_id) {
  auto run = catalogue_.find_run(run_id);
  if (!run) return run.error();
  if (!*run) return not_found("enrollment.error.run_not_found", "no such run");
  auto seats = enrollments_.run_seats(run_id);
  if (!seats) return seats.error();
  SignUpFormInfo info;
  info.run = std::move(**run);
  info.status = run_status(seats->run, seats->seats_taken, clock_());
  info.national_id_required = seats->registers_in_record.value_or(false);
  // As the run page says it (sign_up_offer): a staff-only run takes no public sign-up.
  const auto offer = sign_up_offer(seats->run, info.status, seats->waitlisted);
  if (offer.option == SignUpOption::None) info.refusal_key = std::string(offer.refusal_key);
  info.referral_request = seats->referral_required;
  return info;
}

Result<SignUpAnswer> EnrollmentService::sign_up(RunId run_id, const SignUpForm& form,
                                                const std::string& client_address) {
  const Instant now = clock_();
  auto info = form_info(run_id);
  if (!info) return info.error();
  if (!info->refusal_key.empty()) return conflict(info->refusal_key, "run refuses sign-ups");
  SignUpRules rules;
  rules.national_id_required = info->national_id_required;
  rules.today = std::chrono::floor<std::chrono::days>(now);
  auto valid = validate_sign_up(form, rules);
  if (!valid) return valid.error();
  // Only accepted sign-ups count (issue 12): per address, and per address and
  // person, so that one desk signing many people up is not stopped by one who
  // sends the form again and again. Staff registrations count nowhere.
  const auto window = std::chrono::duration_cast<std::chrono::seconds>(settings_.sign_up_window);
  const Instant window_start{(now.time_since_epoch() / window) * window};
  const std::string address = "address:" + client_address;
  std::vector<store::SignUpAttempt> attempts{
      {cipher_.lookup_hash(address), window_start, settings_.sign_up_limit},
      {cipher_.lookup_hash(address + "|person:" + identity_key(valid->person, valid->national_id)),
       window_start, settings_.sign_up_limit_per_person}};
  return enroll(*info, *valid, nullptr, 0, std::move(attempts));
}

Result<SignUpAnswer> EnrollmentService::register_referral(RunId run_id, const Referral& referral,
                                                          std::int64_t account_id) {
  auto info = form_info(run_id);
  if (!info) return info.error();
  return enroll(*info, referral.sign_up, &referral, account_id);
}

Result<SignUpAnswer> EnrollmentService::enroll(const SignUpFormInfo& info, const SignUp& valid_in,
                                               const Referral* referral, std::int64_t account_id,
                                               std::vector<store::SignUpAttempt> attempts) {
  const Instant now = clock_();
  const RunId run_id = info.run.run.run.id;
  const auto* valid = &valid_in;
  auto to_new = [&](const Contact& c, ParticipantKind kind, const std::string& national_id,
                    std::string& token) {
    store::NewEnrollment n;
    n.person.name = c.name;
    n.person.email = c.email;
    n.person.mobile = c.mobile;
    if (!national_id.empty()) {
      n.person.national_id_sealed = cipher_.seal(national_id);
      n.person.national_id_lookup = cipher_.lookup_hash("national_id:" + national_id);
    }
    n.kind = kind;
    n.identity_hash = cipher_.lookup_hash("identity:" + identity_key(c, national_id));
    token = cipher_.new_token();
    n.manage_token_hash = cipher_.token_hash(token);
    n.manage_token_sealed = cipher_.seal(token);
    if (referral) {
      n.source = EnrollmentSource::Staff;
      n.registered_by = account_id;
      n.referral_date = referral->referral_date;
      n.referring_doctor = valid->referring_doctor;
      n.referring_doctor_hpr = referral->doctor_hpr;
    } else {
      n.consent_text = settings_.consent_version;
    }
    return n;
  };
  std::string main_token, relative_token;
  store::SignUpRequest req;
  req.run_id = run_id;
  req.now = now;
  req.ignore_deadline = referral != nullptr;
  req.attempts = std::move(attempts);
  req.main = to_new(valid->person, valid->kind, valid->national_id, main_token);
  req.main.accompanies_name = valid->accompanies;
  req.main.interpreter_language = valid->interpreter_language;
  req.main.needs = valid->needs;
  req.main.language = valid->language;
  if (valid->relative) {
    req.relative = to_new(*valid->relative, ParticipantKind::Relative, "", relative_token);
    req.relative->referral_date.reset();
    req.relative->referring_doctor.clear();
    req.relative->referring_doctor_hpr.clear();
    req.relative->accompanies_name = valid->person.name;
    req.relative->interpreter_language = valid->interpreter_language;
    req.relative->language = valid->language;
  }
  const CourseTitles course = store::course_titles(info.run);
  bool resent = false;
  auto compose = [&](const store::SignUpOutcome& o) {
    std::vector<store::OutboxMessage> out;
    if (o.existing) {
      // Only anonymous sign-ups: staff registering a referral see the answer.
      if (referral) return out;
      if (o.link_resent_at && now - *o.link_resent_at < settings_.link_resend_interval) return out;
      out.push_back(message(o.main, course, "link_resent", "", o.seats.run.first_start()));
      resent = true;
      return out;
    }
    // The run as locked by the sign-up: its sessions, place and state now.
    const Run& run = o.seats.run;
    const auto first = run.first_start();
    out.push_back(message(o.main, course, answer_kind(o.main), main_token, first, &run, &o.seats));
    if (o.relative)
      out.push_back(message(*o.relative, course, answer_kind(*o.relative), relative_token, first,
                            &run, &o.seats));
    return out;
  };
  auto outcome = enrollments_.sign_up(req, compose);
  if (!outcome) return outcome.error();

  SignUpAnswer a;
  a.id = outcome->main.id;
  a.status = outcome->main.status;
  a.waitlist_position = outcome->main.waitlist_position;
  a.existing = outcome->existing;
  a.link_resent = resent;
  if (!outcome->existing) a.manage_token = main_token;
  if (resent && audit_) {
    // On the person's own access log ("who looked at my data"): someone asked
    // for their link. After the commit: the message is queued either way.
    const AccessContext system{Actor{0, "Kursbase (automatisk)", {}}, "POST sign-up", ""};
    AuditEvent what;
    what.action = "link_resent";
    what.object_type = "enrollment";
    what.object_id = std::to_string(outcome->main.id);
    what.person_id = outcome->main.person.id;
    if (auto st = audit_->record(system, what); !st) return st.error();
  }
  if (outcome->relative)
    a.relative = SignUpAnswer::Companion{outcome->relative->id, outcome->relative->status,
                                         outcome->relative->waitlist_position, relative_token};
  return a;
}

std::string EnrollmentService::token_of(const store::EnrollmentRecord& e) const {
  if (e.manage_token_sealed.empty()) return {};
  auto token = cipher_.open(e.manage_token_sealed);
  return token ? std::move(*token) : std::string();
}

store::OutboxMessage EnrollmentService::message(
    const store::EnrollmentRecord& e, const CourseTitles& titles, const std::string& kind,
    std::string_view token, std::optional<Instant> first_session, const Run* calendar_run,
    const store::RunSeats* seats, std::string_view note) const {
  const std::string own_token = token.empty() ? token_of(e) : std::string(token);
  const std::string link_url = own_token.empty() ? std::string() : link(own_token);
  // Everything in the participant's language (issue 13), the course's title too.
  const TextLookup text = texts_in(e.language);
  const std::string course(titles.for_reader(e.language));
  // A kind may word its link ("mail.offered.link"); else the common "mail.link".
  const std::string link_key = "mail." + kind + ".link";
  std::string link_pattern = text(link_key);
  if (link_pattern.empty() || link_pattern == link_key) link_pattern = text("mail.link");
  const std::string link_text = link_url.empty() ? text("mail.link_in_first_mail")
                                                 : replace_all(link_pattern, "{url}", link_url);
  store::OutboxMessage m;
  m.channel = choose_channel(e.person).value_or(store::Channel::Email);
  m.recipient = m.channel == store::Channel::Sms ? e.person.mobile : e.person.email;
  m.kind = kind;
  m.enrollment_id = e.id;
  // Stable per enrollment and event: a re-send after a crash carries the same
  // id. The calendar's sequence tells two changes of one run apart (two
  // "run_changed" in the same instant are two messages, not one).
  m.message_id = "<enrollment-" + std::to_string(e.id) + "." + kind + "." +
                 cipher_
                     .lookup_hash("message:" + std::to_string(e.id) + kind +
                                  std::to_string(clock_().time_since_epoch().count()) + ":" +
                                  std::to_string(e.calendar_sequence))
                     .substr(0, 16) +
                 "@kursbase>";
  auto fill = [&](std::string t) {
    t = replace_all(std::move(t), "{name}", e.person.name);
    t = replace_all(std::move(t), "{course}", course);
    t = replace_all(std::move(t), "{position}",
                    e.waitlist_position ? std::to_string(*e.waitlist_position) : "");
    t = replace_all(
        std::move(t), "{deadline}",
        e.offer_expires_at ? message_date_time(zone_, *e.offer_expires_at, text, false) : "");
    // The first session's date and time ("10.03.2027 kl. 09:00"), where a kind names it.
    t = replace_all(std::move(t), "{date}",
                    first_session ? message_date_time(zone_, *first_session, text) : "");
    t = replace_all(std::move(t), "{organiser}", seats ? seats->organiser : std::string());
    t = replace_all(std::move(t), "{details}", details_text(text, calendar_run, seats));
    if (t.find("{contact}") != std::string::npos) {
      const auto contact = contact_text(text, seats);
      t = replace_all(std::move(t), "{contact}",
                      contact.empty() ? text("mail.details.contact_fallback") : contact);
    }
    t = replace_all(std::move(t), "{link}", link_text);
    // Last: the staff's words are not a template ("{name}" in them stays as typed).
    t = replace_all(std::move(t), "{note}",
                    note.empty() ? std::string() : replace_all(text("mail.note"), "{note}", note));
    return t;
  };
  m.subject = fill(text("mail." + kind + ".subject"));
  m.body = fill(text("mail." + kind + ".body")) + "\n\n" + fill(text("mail.footer"));
  if (m.channel == store::Channel::Sms) {
    m.subject.clear();
    m.body =
        sms_text(text, zone_,
                 {kind, course, first_session, link_url, e.waitlist_position, e.offer_expires_at});
  }
  if (calendar_run && m.channel == store::Channel::Email) {
    m.attachment_name = kCalendarName;
    m.attachment_type = kCalendarType;
    m.attachment = calendar_for(e, *calendar_run, titles, own_token);
  }
  seal_message(cipher_, m);
  return m;
}

std::string EnrollmentService::details_text(const TextLookup& text, const Run* run,
                                            const store::RunSeats* seats) const {
  if (!run) return {};
  // Every session, the place (or that it is by video), whom to ask, how to cancel.
  std::string out = text("mail.details.sessions");
  for (const auto& session : run->sessions) {
    out += "\n- " + message_date_time(zone_, session.starts_at, text) + "–" +
           message_clock(zone_, session.ends_at, text);
  }
  if (run->sessions.empty()) out += "\n- " + text("mail.details.no_sessions");
  if (run->location) {
    const auto& l = *run->location;
    out += "\n\n" +
           replace_all(text("mail.details.place"), "{place}",
                       l.name + ", " + l.address + ", " + l.postal_code + " " + l.postal_place);
    if (run->digital) out += " " + text("mail.details.also_video");
  } else {
    out += "\n\n" + text("mail.details.video");
  }
  if (seats) {
    // What it costs and what to bring, where the course has said so: "Pris:
    // gratis." and the no-show fee as a sentence of its own.
    std::string practical;
    for (const auto& l : practical_lines(seats->practical, text)) {
      const bool sentence = l.what == "no_show";
      practical +=
          (practical.empty() ? "" : "\n") +
          (sentence ? l.text : l.label + ": " + l.text + (l.text.ends_with('.') ? "" : "."));
    }
    if (!practical.empty()) out += "\n\n" + practical;
  }
  if (const auto contact = contact_text(text, seats); !contact.empty()) out += "\n\n" + contact;
  return out + "\n\n" + text("mail.details.cancel");
}

std::string EnrollmentService::contact_text(const TextLookup& text,
                                            const store::RunSeats* seats) const {
  if (!seats || (seats->contact_email.empty() && seats->contact_phone.empty())) return {};
  std::string how;
  if (!seats->contact_email.empty())
    how = replace_all(text("mail.details.contact_email"), "{email}", seats->contact_email);
  if (!seats->contact_phone.empty())
    how += (how.empty() ? "" : ", ") +
           replace_all(text("mail.details.contact_phone"), "{phone}", seats->contact_phone);
  return replace_all(replace_all(text("mail.details.contact"), "{organiser}", seats->organiser),
                     "{how}", how);
}

CourseTitles EnrollmentService::course_of(RunId run_id) const {
  auto run = catalogue_.find_run(run_id);
  return run && *run ? store::course_titles(**run) : CourseTitles{};
}

Result<store::EnrollmentChange> EnrollmentService::cancel_by_staff(EnrollmentId id,
                                                                   const std::string& reason,
                                                                   std::int64_t account_id) {
  auto e = enrollments_.find(id);
  if (!e) return e.error();
  if (!*e) return not_found("enrollment.error.not_found", "no such enrollment");
  const CourseTitles course = course_of((*e)->run_id);
  return enrollments_.cancel_by_staff(
      id, reason, account_id, clock_(), [&](const store::EnrollmentChange& c) {
        auto out = change_messages(c, course);
        if (c.changed)
          out.push_back(message(*c.changed, course, "cancelled_by_staff", "",
                                c.seats.run.first_start(), &c.seats.run, &c.seats));
        return out;
      });
}

Result<store::EnrollmentChange> EnrollmentService::confirm_referral(EnrollmentId id,
                                                                    const ReferralReceived& r) {
  auto e = enrollments_.find(id);
  if (!e) return e.error();
  if (!*e) return not_found("enrollment.error.not_found", "no such enrollment");
  const CourseTitles course = course_of((*e)->run_id);
  return enrollments_.confirm_referral(id, r, clock_(), [&](const store::EnrollmentChange& c) {
    std::vector<store::OutboxMessage> out;
    if (c.changed)
      out.push_back(message(*c.changed, course, answer_kind(*c.changed), "",
                            c.seats.run.first_start(), &c.seats.run, &c.seats));
    return out;
  });
}

Result<store::EnrollmentChange> EnrollmentService::set_capacity(RunId run_id, int capacity) {
  const CourseTitles course = course_of(run_id);
  return enrollments_.set_capacity(
      run_id, capacity, clock_(),
      [&](const store::EnrollmentChange& c) { return change_messages(c, course); });
}

std::vector<store::OutboxMessage> EnrollmentService::change_messages(
    const store::EnrollmentChange& ch, const CourseTitles& course) const {
  std::vector<store::OutboxMessage> out;
  // With the calendar: what was tentative is now confirmed, or offered until a deadline.
  for (const auto& p : ch.promoted)
    out.push_back(message(p, course, p.status == EnrollmentStatus::Offered ? "offered" : "promoted",
                          "", ch.seats.run.first_start(), &ch.seats.run, &ch.seats));
  return out;
}

std::vector<store::OutboxMessage> EnrollmentService::run_messages(const store::RunRoster& roster,
                                                                  const std::string& kind,
                                                                  std::string_view note) const {
  std::vector<store::OutboxMessage> out;
  const CourseTitles titles = store::course_titles(roster.seats);
  const Run& run = roster.seats.run;
  for (const auto* list : {&roster.enrollments, &roster.awaiting_referral})
    for (const auto& e : *list)
      out.push_back(message(e, titles, kind, "", run.first_start(), &run, &roster.seats, note));
  return out;
}

std::string EnrollmentService::calendar_for(const store::EnrollmentRecord& e, const Run& run,
                                            const CourseTitles& titles,
                                            std::string_view token) const {
  // What the person's calendar shows of each session. A place on the waiting
  // list or an open offer is TENTATIVE rather than left out: the person may
  // well get the seat (an offer holds it until its deadline), a tentative
  // event keeps the time free, and the file of the promotion or the accepted
  // offer replaces it (same UID, higher SEQUENCE) with a confirmed one.
  const TextLookup text = texts_in(e.language);
  const std::string course(titles.for_reader(e.language));
  interop::EventStatus status = interop::EventStatus::Confirmed;
  std::string state = "confirmed";
  if (run.state == RunState::Cancelled) {
    status = interop::EventStatus::Cancelled;
    state = "run_cancelled";
  } else if (e.status == EnrollmentStatus::Cancelled) {
    status = interop::EventStatus::Cancelled;
    state = "cancelled";
  } else if (e.status == EnrollmentStatus::Waitlisted || e.status == EnrollmentStatus::Offered ||
             e.status == EnrollmentStatus::AwaitingReferral) {
    status = interop::EventStatus::Tentative;
    state = std::string(key_of(e.status));
  }

  std::string place;
  if (run.location)
    place = run.location->name + ", " + run.location->address + ", " + run.location->postal_code +
            " " + run.location->postal_place;
  std::string description = replace_all(
      text("calendar.status." + state), "{deadline}",
      e.offer_expires_at ? message_date_time(zone_, *e.offer_expires_at, text, false) : "");
  if (place.empty())
    description += "\n" + text("calendar.video");
  else
    description +=
        "\n" + replace_all(text(run.digital ? "calendar.place_and_video" : "calendar.place"),
                           "{place}", place);
  // The private link as the messages give it; none kept: where to find it.
  const std::string own_token = token.empty() ? token_of(e) : std::string(token);
  description +=
      "\n" + (own_token.empty() ? text("mail.link_in_first_mail")
                                : replace_all(text("calendar.link"), "{url}", link(own_token)));

  const std::string summary_key =
      state == "confirmed" ? std::string("calendar.summary") : "calendar.summary." + state;
  const std::string total = std::to_string(run.sessions.size());
  std::vector<interop::CalendarEvent> events;
  int i = 1;
  for (const auto& s : run.sessions) {
    interop::CalendarEvent ev;
    // Stable across every change of the enrollment and the run (issue 12):
    // only the SEQUENCE and what it numbers change.
    ev.uid = "run-" + std::to_string(run.id) + "-session-" + std::to_string(s.id) + "-enrollment-" +
             std::to_string(e.id) + "@kursbase";
    ev.start = s.starts_at;
    ev.end = s.ends_at;
    std::string summary = replace_all(text(summary_key), "{course}", course);
    summary = replace_all(std::move(summary), "{n}", std::to_string(i++));
    ev.summary = replace_all(std::move(summary), "{total}", total);
    ev.location = place.empty() ? text("format.digital") : place;
    ev.description = description;
    ev.status = status;
    ev.sequence = e.calendar_sequence;
    events.push_back(std::move(ev));
  }
  return interop::calendar_ics(events, clock_(),
                               [this](Instant t) { return local_for_ical(zone_, t); });
}

Result<store::EnrollmentRecord> EnrollmentService::by_token(const std::string& token) {
  if (token.size() < 20) return link_invalid();
  auto e = enrollments_.find_by_token(cipher_.token_hash(token));
  if (!e) return e.error();
  if (!*e) return link_invalid();
  return std::move(**e);
}

Result<EnrollmentView> EnrollmentService::make_view(store::EnrollmentRecord e) {
  auto run = catalogue_.find_run(e.run_id);
  if (!run) return run.error();
  if (!*run) return not_found("enrollment.error.run_not_found", "run gone");
  EnrollmentView v;
  if (!e.person.national_id_sealed.empty()) {
    auto id = cipher_.open(e.person.national_id_sealed);
    if (id) v.national_id_masked = mask_national_id(*id);
  }
  if (audit_) {
    // The person's own private link shows who looked at their data (issue 4).
    auto lines = audit_->about_person(e.person.id);
    if (!lines) return lines.error();
    v.access_log = std::move(*lines);
  }
  auto seats = enrollments_.run_seats(e.run_id);
  if (!seats) return seats.error();
  v.organiser = seats->organiser;
  v.contact_email = seats->contact_email;
  v.contact_phone = seats->contact_phone;
  v.practical = seats->practical;
  v.enrollment = std::move(e);
  v.run = std::move(**run);
  v.now = clock_();
  return v;
}

Result<EnrollmentView> EnrollmentService::view(const std::string& token) {
  auto e = by_token(token);
  if (!e) return e.error();
  return make_view(std::move(*e));
}

Result<EnrollmentView> EnrollmentService::cancel(const std::string& token) {
  auto e = by_token(token);
  if (!e) return e.error();
  auto run = catalogue_.find_run(e->run_id);
  const CourseTitles course = run && *run ? store::course_titles(**run) : CourseTitles{};
  auto ch = enrollments_.cancel(e->id, clock_(), [&](const store::EnrollmentChange& c) {
    auto out = change_messages(c, course);
    if (c.changed)
      out.push_back(message(*c.changed, course, "cancelled", "", c.seats.run.first_start(),
                            &c.seats.run, &c.seats));
    return out;
  });
  if (!ch) return ch.error();
  return make_view(*ch->changed);
}

Result<EnrollmentView> EnrollmentService::accept_offer(const std::string& token) {
  auto e = by_token(token);
  if (!e) return e.error();
  // The seat is the person's now: the confirmation, with the calendar whose
  // events replace the tentative ones of the offer (issue 12). Composed only
  // when the offer was accepted now; accepting again sends nothing.
  auto ch = enrollments_.accept_offer(e->id, clock_(), [&](const store::EnrollmentChange& c) {
    std::vector<store::OutboxMessage> out;
    if (c.changed)
      out.push_back(message(*c.changed, store::course_titles(c.seats), "confirmation", "",
                            c.seats.run.first_start(), &c.seats.run, &c.seats));
    return out;
  });
  if (!ch) return ch.error();
  return make_view(*ch->changed);
}

Result<std::string> EnrollmentService::calendar(const std::string& token) {
  auto v = view(token);
  if (!v) return v.error();
  return calendar_for(v->enrollment, v->run.run.run, store::course_titles(v->run), token);
}

Result<int> EnrollmentService::queue_reminders(int days) {
  // First a pass that writes nothing, to learn which runs are due; their course
  // titles and places are read outside the store's transaction, then the
  // reminders are written. A run due only by the second pass waits a round.
  const Instant now = clock_();
  std::map<RunId, store::RunRecord> runs;
  auto due = enrollments_.queue_reminders(
      now, days,
      [&](const store::EnrollmentRecord& e,
          const store::RunSeats&) -> std::optional<store::OutboxMessage> {
        runs.emplace(e.run_id, store::RunRecord{});
        return std::nullopt;
      });
  if (!due) return due.error();
  if (runs.empty()) return 0;
  for (auto& [id, record] : runs) {
    auto run = catalogue_.find_run(id);
    if (!run) return run.error();
    if (*run) record = std::move(**run);
  }
  return enrollments_.queue_reminders(
      now, days,
      [&](const store::EnrollmentRecord& e,
          const store::RunSeats& seats) -> std::optional<store::OutboxMessage> {
        auto it = runs.find(e.run_id);
        if (it == runs.end() || it->second.run.run.id != e.run_id) return std::nullopt;
        return message(e, store::course_titles(it->second), "reminder", "", seats.run.first_start(),
                       &it->second.run.run, &seats);
      });
}

Result<int> EnrollmentService::expire_offers() {
  auto changes = enrollments_.expire_offers(clock_(), [&](const store::EnrollmentChange& c) {
    return change_messages(c, store::course_titles(c.seats));
  });
  if (!changes) return changes.error();
  return static_cast<int>(changes->size());
}

}  // namespace kursbase::app
