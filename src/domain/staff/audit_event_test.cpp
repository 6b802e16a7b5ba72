#include "domain/staff/audit_event.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

Instant at(int minutes) { return Instant(std::chrono::minutes(minutes)); }

AuditLine line(int minutes, std::int64_t account, std::string action,
               AuditEventKind kind = AuditEventKind::View) {
  return {at(minutes),     account,           "Kari " + std::to_string(account),
          "course_leader", std::move(action), kind};
}

TEST(AuditEventKind, TheUsualKindOfAnActionIsWhatItsNameSays) {
  EXPECT_EQ(usual_event_kind(Action::ViewParticipants), AuditEventKind::View);
  EXPECT_EQ(usual_event_kind(Action::SearchAudit), AuditEventKind::View);
  EXPECT_EQ(usual_event_kind(Action::ExportPersonalData), AuditEventKind::Export);
  EXPECT_EQ(usual_event_kind(Action::ManageWaitingList), AuditEventKind::Change);
  EXPECT_EQ(usual_event_kind(Action::RegisterParticipant), AuditEventKind::Change);
  EXPECT_EQ(key_of(AuditEventKind::FormOpened), "form_opened");
  EXPECT_EQ(parse_key<AuditEventKind>("export"), AuditEventKind::Export);
}

// Rows from before migration 0015: a GET of the waiting list looked at it,
// a GET of the registration form registered nobody, an export is an export.
TEST(AuditEventKind, OldRowsWithoutAKindAreReadFromTheirRouteAndObject) {
  EXPECT_EQ(legacy_event_kind("manage_waiting_list", "GET /ansatt/gjennomforing/{id}/venteliste",
                              "enrollment"),
            AuditEventKind::View);
  EXPECT_EQ(legacy_event_kind("manage_waiting_list",
                              "POST /ansatt/gjennomforing/{id}/venteliste/flytt", "enrollment"),
            AuditEventKind::Change);
  EXPECT_EQ(
      legacy_event_kind("register_participant", "GET /ansatt/gjennomforing/{id}/pamelding", "run"),
      AuditEventKind::FormOpened);
  EXPECT_EQ(legacy_event_kind("register_participant", "POST /ansatt/gjennomforing/{id}/pamelding",
                              "enrollment"),
            AuditEventKind::Change);
  EXPECT_EQ(legacy_event_kind("view_participants", "GET /ansatt/gjennomforing/{id}/eksport.csv",
                              "run_export"),
            AuditEventKind::Export);
  EXPECT_EQ(legacy_event_kind("erase_personal_data", "", "person"), AuditEventKind::Change);
  EXPECT_EQ(legacy_event_kind("link_resent", "", "enrollment"), AuditEventKind::Change);
}

TEST(AuditEventKind, AnEventIsNamedByWhatWasDoneNotOnlyByThePermission) {
  EXPECT_EQ(event_label_key("manage_waiting_list", AuditEventKind::View),
            "action.manage_waiting_list.view");
  EXPECT_EQ(event_label_key("manage_waiting_list", AuditEventKind::Change),
            "action.manage_waiting_list");
  EXPECT_EQ(event_label_key("register_participant", AuditEventKind::FormOpened),
            "action.register_participant.form_opened");
  EXPECT_EQ(event_label_key("view_participants", AuditEventKind::Export),
            "action.view_participants.export");
  EXPECT_EQ(event_label_key("view_participants", AuditEventKind::View), "action.view_participants");
  EXPECT_EQ(event_label_key("sign_in", AuditEventKind::Change), "action.sign_in");
}

TEST(AuditVisits, RowsOfOneStaffMemberDoingOneThingWithinAQuarterOfAnHourAreOneVisit) {
  // Newest first: Kari reloads the waiting list three times, looks at the
  // attendance page in between, and comes back two hours later.
  const std::vector<AuditLine> lines{
      line(130, 1, "manage_waiting_list"), line(14, 1, "manage_waiting_list"),
      line(12, 1, "view_participants"),    line(10, 1, "manage_waiting_list"),
      line(0, 1, "manage_waiting_list"),
  };
  const auto visits = group_visits(lines);
  ASSERT_EQ(visits.size(), 3u);
  EXPECT_EQ(visits[0].first, at(130));
  EXPECT_EQ(visits[0].rows, 1);
  EXPECT_EQ(visits[1].action, "manage_waiting_list");
  EXPECT_EQ(visits[1].first, at(0));
  EXPECT_EQ(visits[1].last, at(14));
  EXPECT_EQ(visits[1].rows, 3);
  EXPECT_EQ(visits[2].action, "view_participants");
}

TEST(AuditVisits, AnotherStaffMemberOrAnotherKindIsAnotherLine) {
  const std::vector<AuditLine> lines{
      line(3, 2, "manage_waiting_list"),
      line(2, 1, "manage_waiting_list", AuditEventKind::Change),
      line(1, 1, "manage_waiting_list"),
  };
  const auto visits = group_visits(lines);
  ASSERT_EQ(visits.size(), 3u);
  EXPECT_EQ(visits[0].account_id, 2);
  EXPECT_EQ(visits[1].kind, AuditEventKind::Change);
  EXPECT_EQ(visits[2].kind, AuditEventKind::View);
}

TEST(AuditVisits, AGapLongerThanTheWindowStartsANewVisit) {
  const auto visits =
      group_visits({line(40, 1, "view_participants"), line(24, 1, "view_participants"),
                    line(8, 1, "view_participants")});
  // 40 → 24 → 8: each step is 16 minutes, more than the quarter of an hour.
  EXPECT_EQ(visits.size(), 3u);
  EXPECT_EQ(group_visits({line(20, 1, "view_participants"), line(6, 1, "view_participants")},
                         std::chrono::minutes(15))
                .size(),
            1u);
  EXPECT_TRUE(group_visits({}).empty());
}

}  // namespace
}  // namespace kursbase
