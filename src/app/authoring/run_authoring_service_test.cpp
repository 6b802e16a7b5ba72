// Runs planned by LMS advisors (issue 14): sessions typed on the Oslo clock
// land on the right instants on both sides of the summer-time change, a time
// the clock skips is refused, a copy keeps the wall-clock times, states move
// as allowed, and only the course's own advisors edit. Real engines (SQLite;
// "postgres.*" in ctest) and the real Europe/Oslo rules.
#include "app/authoring/run_authoring_service.hpp"

#include <gtest/gtest.h>

#include <map>

#include "app/testing/enrollment_world.hpp"
#include "app/testing/oslo_time_zone.hpp"
#include "store/testing/enrollment_catalogue.hpp"
#include "store/testing/raw_sql.hpp"
#include "web/messages.hpp"

namespace kursbase::app {
namespace {

using store::testing::kOpenRun;
using store::testing::kOtherHf;

constexpr CourseId kCourse = 10;  // "Lær å leve med KOLS", of the LMS of Helse Bergen

Instant at(const char* s) { return *parse_instant(s); }

// Two Tuesday evenings, the last Sunday of March (summer time) between them.
RunForm across_summer_time() {
  RunForm f;
  f.sessions = {{"2027-03-23", "18:00", "20:30"}, {"2027-03-30", "18:00", "20:30"}};
  f.location_name = "Lærings- og mestringssenteret, Haukeland";
  f.municipality = "4601";
  f.language = "nb";
  f.capacity = "12";
  f.min_participants = "4";
  f.registration_deadline = "2027-03-16";
  f.waiting_list_enabled = "1";
  return f;
}

class RunAuthoringServiceTest : public testing::EnrollmentWorld {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(open_world("run_authoring_", true));
    runs_ = store::make_run_authoring_store(*db_);
    courses_ = store::make_course_authoring_store(*db_);
    guard_ = std::make_unique<AccessGuard>(*staff_);
    EnrollmentSettings settings;
    settings.public_url = "https://kurs.example.no";
    messages_ = std::make_unique<EnrollmentService>(
        *enrollments_, *catalogue_, cipher_, clock(), testing::oslo_time_zone(),
        LanguageTexts([](std::string_view language, std::string_view key) {
          return web::Messages::get(language).text(key);
        }),
        settings);
    service_ = std::make_unique<RunAuthoringService>(*runs_, *courses_, *catalogue_, *enrollments_,
                                                     *messages_, *guard_, *audit_,
                                                     testing::oslo_time_zone(), clock());
    advisor_ = as("kari", {Role::LmsAdvisor, ScopeKind::HealthTrust, 2});
  }

  AccessContext as(const std::string& name, RoleGrant grant) {
    AccessContext who;
    who.actor = session_for(name, grant).actor;
    who.route = "POST /ansatt/kurs/{id}/gjennomforing";
    who.client_address = "10.0.0.1";
    return who;
  }

  SignUpAnswer sign_up(RunId run, const std::string& name, const std::string& email,
                       const std::string& mobile = "", const std::string& language = "") {
    SignUpForm f;
    f.name = name;
    f.email = email;
    f.mobile = mobile;
    f.kind = "patient";
    f.consent = "1";
    f.language = language;
    auto a = messages_->sign_up(run, f, "203.0.113.9");
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().detail);
    return a.ok() ? *a : SignUpAnswer{};
  }

  std::int64_t version_of(RunId id) {
    auto e = service_->for_editing(advisor_, id);
    EXPECT_TRUE(e.ok());
    return e.ok() ? e->stored.version : 0;
  }

  std::unique_ptr<store::RunAuthoringStore> runs_;
  std::unique_ptr<store::CourseAuthoringStore> courses_;
  std::unique_ptr<AccessGuard> guard_;
  std::unique_ptr<EnrollmentService> messages_;
  std::unique_ptr<RunAuthoringService> service_;
  AccessContext advisor_;
};

TEST_F(RunAuthoringServiceTest, EveningSessionsKeepTheirClockTimeAcrossTheSummerTimeChange) {
  auto created = service_->create(advisor_, kCourse, across_summer_time());
  ASSERT_TRUE(created.ok()) << created.error().detail;
  const kursbase::Run& run = created->run;
  EXPECT_EQ(run.state, RunState::Draft);
  ASSERT_EQ(run.sessions.size(), 2u);
  EXPECT_EQ(run.sessions[0].starts_at, at("2027-03-23T17:00:00Z"));  // CET, UTC+1
  EXPECT_EQ(run.sessions[1].starts_at, at("2027-03-30T16:00:00Z"));  // CEST, UTC+2
  EXPECT_EQ(run.sessions[1].ends_at, at("2027-03-30T18:30:00Z"));
  // Open to the end of the deadline's day in Oslo.
  EXPECT_EQ(run.registration_deadline, at("2027-03-16T23:00:00Z"));

  auto editing = service_->for_editing(advisor_, run.id);
  ASSERT_TRUE(editing.ok()) << editing.error().detail;
  EXPECT_EQ(editing->form.sessions[1].start, "18:00");
  EXPECT_EQ(editing->form.registration_deadline, "2027-03-16");
  EXPECT_EQ(editing->course_title, "Lær å leve med KOLS");
  ASSERT_EQ(editing->history.size(), 1u);
  EXPECT_EQ(editing->history[0].account_name, "kari");

  // Saving the form as shown changes nothing: no new version, no history row.
  auto same = service_->save(advisor_, run.id, 1, editing->form);
  ASSERT_TRUE(same.ok()) << same.error().detail;
  EXPECT_EQ(same->version, 1);
  EXPECT_EQ(same->run.sessions[1].starts_at, at("2027-03-30T16:00:00Z"));
  EXPECT_EQ(service_->for_editing(advisor_, run.id)->history.size(), 1u);
}

TEST_F(RunAuthoringServiceTest,
       ATimeTheClockSkipsIsRefusedAndADeadlineOnTheFirstDayEndsAtItsStart) {
  RunForm f = across_summer_time();
  f.sessions = {{"2027-03-28", "02:30", "04:00"}};  // 02:00-03:00 does not happen that night
  f.registration_deadline = "2027-03-20";
  auto skipped = service_->create(advisor_, kCourse, f);
  ASSERT_FALSE(skipped.ok());
  ASSERT_EQ(skipped.error().fields.size(), 1u);
  EXPECT_EQ(skipped.error().fields[0].field, "sessions.1.start");
  EXPECT_EQ(skipped.error().fields[0].message_key, "run_form.error.no_such_time");

  f = across_summer_time();
  f.registration_deadline = "2027-03-23";
  auto same_day = service_->create(advisor_, kCourse, f);
  ASSERT_TRUE(same_day.ok());
  EXPECT_EQ(same_day->run.registration_deadline, at("2027-03-23T17:00:00Z"));
  auto editing = service_->for_editing(advisor_, same_day->run.id);
  EXPECT_EQ(editing->form.registration_deadline, "2027-03-23");
}

TEST_F(RunAuthoringServiceTest, ACopyStartsOnTheNewDayAtTheSameClockTimes) {
  auto created = service_->create(advisor_, kCourse, across_summer_time());
  ASSERT_TRUE(created.ok());
  // To the autumn: 2027-10-26 and 2027-11-02, across the end of summer time.
  auto copy = service_->copy(advisor_, created->run.id, *parse_day("2027-10-26"));
  ASSERT_TRUE(copy.ok()) << copy.error().detail;
  EXPECT_NE(copy->run.id, created->run.id);
  EXPECT_EQ(copy->run.state, RunState::Draft);
  ASSERT_EQ(copy->run.sessions.size(), 2u);
  EXPECT_EQ(copy->run.sessions[0].starts_at, at("2027-10-26T16:00:00Z"));  // CEST
  EXPECT_EQ(copy->run.sessions[1].starts_at, at("2027-11-02T17:00:00Z"));  // CET
  EXPECT_EQ(copy->run.registration_deadline, at("2027-10-19T22:00:00Z"));  // a week before
  EXPECT_EQ(copy->run.capacity, 12);
  ASSERT_TRUE(copy->run.location);
  EXPECT_EQ(copy->run.location->name, "Lærings- og mestringssenteret, Haukeland");
  auto listed = service_->runs_of(advisor_, kCourse);
  ASSERT_TRUE(listed.ok());
  int ours = 0;
  for (const auto& r : *listed) ours += r.run.id == created->run.id || r.run.id == copy->run.id;
  EXPECT_EQ(ours, 2);
}

TEST_F(RunAuthoringServiceTest, ADraftOpensAndGoesBackOnlyWhileNobodyIsSignedUp) {
  auto created = service_->create(advisor_, kCourse, across_summer_time());
  ASSERT_TRUE(created.ok());
  const RunId id = created->run.id;
  auto opened = service_->move(advisor_, id, 1, RunState::Open);
  ASSERT_TRUE(opened.ok()) << opened.error().detail;
  EXPECT_EQ(opened->run.state, RunState::Open);
  EXPECT_EQ(service_->move(advisor_, id, 1, RunState::Draft).error().message_key,
            "run_form.error.conflict");  // a stale version
  ASSERT_TRUE(store::testing::exec_sql(
                  *db_, "UPDATE run SET confirmed_count = 3 WHERE id = " + std::to_string(id))
                  .ok());
  auto back = service_->move(advisor_, id, 2, RunState::Draft);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().message_key, "run_form.error.state");
  EXPECT_EQ(service_->move(advisor_, id, 2, RunState::Cancelled).error().message_key,
            "run_form.error.state");  // that is cancel(), which tells those signed up
  // Three are confirmed: two seats would not hold them, and the state stays.
  RunForm smaller = across_summer_time();
  smaller.capacity = "2";
  smaller.min_participants = "";
  auto refused = service_->save(advisor_, id, 2, smaller);
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].message_key, "run_form.error.capacity_below_taken");
  smaller.capacity = "3";
  auto kept_open = service_->save(advisor_, id, 2, smaller);
  ASSERT_TRUE(kept_open.ok()) << kept_open.error().detail;
  EXPECT_EQ(kept_open->run.state, RunState::Open);
}

TEST_F(RunAuthoringServiceTest, OnlyTheCoursesOwnAdvisorsPlanItsRunsAndEveryChangeIsAudited) {
  const auto other_hf = as("ola", {Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf});
  const auto leader = as("per", {Role::CourseLeader, ScopeKind::Course, kCourse});
  for (const auto* who : {&other_hf, &leader}) {
    EXPECT_EQ(service_->create(*who, kCourse, across_summer_time()).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(service_->save(*who, kOpenRun, 1, across_summer_time()).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(service_->copy(*who, kOpenRun, *parse_day("2027-09-01")).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(service_->for_editing(*who, kOpenRun).error().code, ErrorCode::Forbidden);
  }
  auto created = service_->create(advisor_, kCourse, across_summer_time());
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(service_->move(advisor_, created->run.id, 1, RunState::Open).ok());
  store::AuditQuery q;
  q.account_id = advisor_.actor.account_id;
  q.limit = 100;
  auto rows = audit_store_->search(q);
  ASSERT_TRUE(rows.ok());
  int edits = 0;
  for (const auto& row : *rows)
    if (row.action == "edit_course") {
      ++edits;
      EXPECT_EQ(row.object_type, "run");
      EXPECT_EQ(row.object_id, std::to_string(created->run.id));
    }
  EXPECT_EQ(edits, 2);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(RunAuthoringServiceTest, CancellingARunTellsEveryoneSignedUpAndNoSeatIsGivenOnIt) {
  ASSERT_TRUE(store::testing::exec_sql(*db_, "UPDATE run SET capacity = 2 WHERE id = 200").ok());
  const auto anne = sign_up(kOpenRun, "Anne Olsen", "anne@example.no");
  const auto bjorn = sign_up(kOpenRun, "Bjørn Berg", "", "+4791234567");            // by SMS
  const auto carl = sign_up(kOpenRun, "Carl Hansen", "carl@example.no", "", "en");  // waiting
  const auto dina = sign_up(kOpenRun, "Dina Dahl", "dina@example.no");              // waiting
  ASSERT_EQ(carl.status, EnrollmentStatus::Waitlisted);
  ASSERT_TRUE(messages_->cancel(dina.manage_token).ok());  // gone before: not told
  take_messages();

  const std::string note = "Kurslederen er syk. Vi setter opp et nytt kurs i mars.";
  auto cancelled = service_->cancel(advisor_, kOpenRun, version_of(kOpenRun), note);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().detail;
  EXPECT_EQ(cancelled->run.run.state, RunState::Cancelled);
  EXPECT_EQ(cancelled->told, 3);

  auto sent = take_messages();
  ASSERT_EQ(sent.size(), 3u);
  std::map<std::string, store::OutboxMessage> to;
  for (const auto& m : sent) {
    EXPECT_EQ(m.kind, "run_cancelled");
    to[m.recipient] = m;
  }
  ASSERT_EQ(to.count("anne@example.no"), 1u);
  ASSERT_EQ(to.count("+4791234567"), 1u);
  ASSERT_EQ(to.count("carl@example.no"), 1u);
  const auto& mail = to["anne@example.no"];
  EXPECT_EQ(mail.channel, store::Channel::Email);
  EXPECT_TRUE(contains(mail.subject, "Lær å leve med KOLS")) << mail.subject;
  EXPECT_TRUE(contains(mail.body, "avlyst")) << mail.body;
  EXPECT_TRUE(contains(mail.body, note)) << mail.body;
  EXPECT_TRUE(contains(mail.body, "https://kurs.example.no/pamelding/" + anne.manage_token))
      << mail.body;
  EXPECT_EQ(mail.attachment_name, "kurs.ics");
  EXPECT_TRUE(contains(mail.attachment, "STATUS:CANCELLED")) << mail.attachment;
  EXPECT_FALSE(contains(mail.attachment, "STATUS:CONFIRMED")) << mail.attachment;
  // In the language the person chose, with their own link.
  const auto& english = to["carl@example.no"];
  EXPECT_TRUE(contains(english.body, "cancelled")) << english.body;
  EXPECT_TRUE(contains(english.body, carl.manage_token)) << english.body;
  const auto& sms = to["+4791234567"];
  EXPECT_EQ(sms.channel, store::Channel::Sms);
  EXPECT_TRUE(contains(sms.body, bjorn.manage_token)) << sms.body;
  EXPECT_FALSE(contains(sms.body, note)) << sms.body;  // an SMS is short

  // Nobody signs up for it now, and a seat freed on it is given to nobody.
  SignUpForm late;
  late.name = "Eva Lie";
  late.email = "eva@example.no";
  late.kind = "patient";
  late.consent = "1";
  auto refused = messages_->sign_up(kOpenRun, late, "203.0.113.9");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message_key, "enrollment.refused.cancelled");
  ASSERT_TRUE(messages_->cancel(anne.manage_token).ok());
  for (const auto& m : take_messages()) EXPECT_NE(m.kind, "promoted") << m.recipient;
  auto carl_now = messages_->view(carl.manage_token);
  ASSERT_TRUE(carl_now.ok());
  EXPECT_EQ(carl_now->enrollment.status, EnrollmentStatus::Waitlisted);
  // An offer made before the cancellation is not taken up after it.
  ASSERT_TRUE(store::testing::exec_sql(*db_,
                                       "UPDATE enrollment SET status = 'offered', "
                                       "waitlist_position = NULL, offer_expires_at = "
                                       "'2027-02-01T10:00:00Z' WHERE id = " +
                                           std::to_string(carl.id))
                  .ok());
  auto accepted = messages_->accept_offer(carl.manage_token);
  ASSERT_FALSE(accepted.ok());
  EXPECT_EQ(accepted.error().message_key, "enrollment.refused.cancelled");

  // A cancelled run stays so, and the change is in its history and the audit log.
  EXPECT_EQ(service_->cancel(advisor_, kOpenRun, version_of(kOpenRun), "").error().message_key,
            "run_form.error.state");
  EXPECT_EQ(
      service_->move(advisor_, kOpenRun, version_of(kOpenRun), RunState::Open).error().message_key,
      "run_form.error.state");
  auto editing = service_->for_editing(advisor_, kOpenRun);
  ASSERT_TRUE(editing.ok());
  ASSERT_FALSE(editing->history.empty());
  EXPECT_EQ(editing->history.front().changed, std::vector<std::string>{"state"});
  store::AuditQuery q;
  q.account_id = advisor_.actor.account_id;
  q.limit = 100;
  auto rows = audit_store_->search(q);
  ASSERT_TRUE(rows.ok());
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ(rows->front().action, "edit_course");
  EXPECT_EQ(rows->front().object_id, std::to_string(kOpenRun));
}

TEST_F(RunAuthoringServiceTest, ARefusedCancellationChangesNothingAndTellsNobody) {
  sign_up(kOpenRun, "Anne Olsen", "anne@example.no");
  take_messages();
  const auto version = version_of(kOpenRun);
  EXPECT_EQ(service_->cancel(advisor_, kOpenRun, version - 1, "").error().message_key,
            "run_form.error.conflict");
  auto markup = service_->cancel(advisor_, kOpenRun, version, "<b>Avlyst</b>");
  ASSERT_FALSE(markup.ok());
  ASSERT_EQ(markup.error().fields.size(), 1u);
  EXPECT_EQ(markup.error().fields[0].field, "note");
  const auto other_hf = as("ola", {Role::LmsAdvisor, ScopeKind::HealthTrust, kOtherHf});
  EXPECT_EQ(service_->cancel(other_hf, kOpenRun, version, "").error().code, ErrorCode::Forbidden);
  // A run whose last session has ended is completed, not cancelled.
  ASSERT_TRUE(store::testing::exec_sql(*db_,
                                       "UPDATE run_session SET starts_at = '2026-12-01T10:00:00Z', "
                                       "ends_at = '2026-12-01T12:00:00Z' WHERE run_id = 200")
                  .ok());
  EXPECT_EQ(service_->cancel(advisor_, kOpenRun, version, "").error().message_key,
            "run_form.error.state");
  EXPECT_EQ(version_of(kOpenRun), version);
  EXPECT_EQ(service_->for_editing(advisor_, kOpenRun)->stored.run.state, RunState::Open);
  EXPECT_TRUE(take_messages().empty());
}

TEST_F(RunAuthoringServiceTest, NewTimesOrANewPlaceAreToldToThoseSignedUpOtherChangesAreNot) {
  const auto anne = sign_up(kOpenRun, "Anne Olsen", "anne@example.no");
  take_messages();
  auto editing = service_->for_editing(advisor_, kOpenRun);
  ASSERT_TRUE(editing.ok());
  RunForm form = editing->form;
  form.capacity = "14";  // seats only: nobody needs a word
  auto bigger = service_->save(advisor_, kOpenRun, editing->stored.version, form);
  ASSERT_TRUE(bigger.ok()) << bigger.error().detail;
  EXPECT_TRUE(take_messages().empty());

  form.sessions[1].start = "10:30";  // 2027-03-10, was 09:00 Oslo time
  form.sessions[1].end = "13:30";
  auto moved = service_->save(advisor_, kOpenRun, bigger->version, form);
  ASSERT_TRUE(moved.ok()) << moved.error().detail;
  auto sent = take_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].kind, "run_changed");
  EXPECT_EQ(sent[0].recipient, "anne@example.no");
  EXPECT_TRUE(contains(sent[0].body, "10:30")) << sent[0].body;
  EXPECT_TRUE(contains(sent[0].body, anne.manage_token)) << sent[0].body;
  EXPECT_TRUE(contains(sent[0].attachment, "DTSTART;TZID=Europe/Oslo:20270310T103000"))
      << sent[0].attachment;

  form.location_name = "Lærings- og mestringssenteret, Kronstad";
  auto elsewhere = service_->save(advisor_, kOpenRun, moved->version, form);
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.error().detail;
  sent = take_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(contains(sent[0].body, "Kronstad")) << sent[0].body;
}

TEST_F(RunAuthoringServiceTest, SignUpClosedEarlyStaysClosedThroughASaveUntilTheDeadlineMoves) {
  auto closed = service_->close_sign_up(advisor_, kOpenRun, version_of(kOpenRun));
  ASSERT_TRUE(closed.ok()) << closed.error().detail;
  EXPECT_LT(closed->run.registration_deadline, now_);
  auto editing = service_->for_editing(advisor_, kOpenRun);
  ASSERT_TRUE(editing.ok());
  EXPECT_EQ(editing->status, RunStatus::Closed);
  EXPECT_EQ(editing->history.front().changed, std::vector<std::string>{"registration_deadline"});
  SignUpForm f;
  f.name = "Anne Olsen";
  f.email = "anne@example.no";
  f.kind = "patient";
  f.consent = "1";
  auto refused = messages_->sign_up(kOpenRun, f, "203.0.113.9");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message_key, "enrollment.refused.closed");
  EXPECT_EQ(
      service_->close_sign_up(advisor_, kOpenRun, editing->stored.version).error().message_key,
      "run_form.error.state");

  // The form shows today as the deadline; saved with another change, sign-up stays closed.
  RunForm form = editing->form;
  EXPECT_EQ(form.registration_deadline, "2027-01-10");
  form.capacity = "14";
  auto saved = service_->save(advisor_, kOpenRun, editing->stored.version, form);
  ASSERT_TRUE(saved.ok()) << saved.error().detail;
  EXPECT_EQ(saved->run.registration_deadline, closed->run.registration_deadline);
  EXPECT_EQ(service_->for_editing(advisor_, kOpenRun)->status, RunStatus::Closed);
  // A later day typed in opens it again, to the end of that day.
  form.registration_deadline = "2027-02-01";
  auto reopened = service_->save(advisor_, kOpenRun, saved->version, form);
  ASSERT_TRUE(reopened.ok()) << reopened.error().detail;
  EXPECT_EQ(reopened->run.registration_deadline, at("2027-02-01T23:00:00Z"));
  EXPECT_EQ(service_->for_editing(advisor_, kOpenRun)->status, RunStatus::Open);
}

}  // namespace
}  // namespace kursbase::app
