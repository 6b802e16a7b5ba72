// The run form's rules (issue 14): sessions as typed on the local clock, in
// order and not overlapping; a place in a known municipality or video; a
// capacity no smaller than the seats already taken; the deadline no later
// than the first day.
#include "domain/authoring/run_form.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

RunForm two_evenings() {
  RunForm f;
  f.sessions = {{"2027-03-23", "18:00", "20:30"}, {"2027-03-30", "18.00", "20.30"}, {"", "", ""}};
  f.location_name = "Lærings- og mestringssenteret, Haukeland";
  f.location_address = "Jonas Lies vei 65";
  f.postal_code = "5021";
  f.postal_place = "Bergen";
  f.municipality = "4601";
  f.language = "nb";
  f.min_participants = "4";
  f.capacity = "12";
  f.registration_deadline = "2027-03-16";
  f.waiting_list_enabled = "1";
  return f;
}

const RunFormChoices kBergen{{"4601", "4621"}, 0};

std::vector<std::string> fields_of(const Result<RunPlan>& r) {
  std::vector<std::string> out;
  if (r.ok()) return out;
  for (const auto& f : r.error().fields) out.push_back(f.field + " " + f.message_key);
  return out;
}

TEST(RunForm, AGoodFormIsAPlanOnTheLocalClock) {
  auto plan = validate_run_form(two_evenings(), kBergen);
  ASSERT_TRUE(plan.ok()) << ::testing::PrintToString(fields_of(plan));
  ASSERT_EQ(plan->sessions.size(), 2u);  // the blank row is no session
  EXPECT_EQ(plan->sessions[0].day, *parse_day("2027-03-23"));
  EXPECT_EQ(plan->sessions[0].start_minute, 18 * 60);
  EXPECT_EQ(plan->sessions[1].end_minute, 20 * 60 + 30);
  EXPECT_EQ(plan->deadline, *parse_day("2027-03-16"));
  EXPECT_EQ(plan->run.capacity, 12);
  EXPECT_EQ(plan->run.min_participants, 4);
  EXPECT_EQ(plan->run.state, RunState::Draft);
  ASSERT_TRUE(plan->run.location);
  EXPECT_EQ(plan->run.location->municipality_number, "4601");
  EXPECT_TRUE(plan->run.waiting_list_enabled);
  EXPECT_FALSE(plan->run.digital);
}

TEST(RunForm, TimesThatAreNotTimesOrEndBeforeTheyStartAreRefusedByRow) {
  RunForm f = two_evenings();
  f.sessions[0] = {"2027-02-30", "25:00", "18:00"};
  f.sessions[1] = {"2027-03-30", "20:30", "18:00"};
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            (std::vector<std::string>{"sessions.1.date run_form.error.date",
                                      "sessions.1.start run_form.error.time",
                                      "sessions.2.end run_form.error.end_before_start"}));
}

TEST(RunForm, SessionsComeInOrderWithoutOverlap) {
  RunForm f = two_evenings();
  f.sessions[1] = {"2027-03-23", "20:00", "21:00"};  // starts before the first ends
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            std::vector<std::string>{"sessions.2.date run_form.error.session_order"});
  f.sessions[1] = {"2027-03-16", "18:00", "20:00"};  // a week before the first
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            std::vector<std::string>{"sessions.2.date run_form.error.session_order"});
  f.sessions = {{"", "", ""}};
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            std::vector<std::string>{"sessions run_form.error.sessions_required"});
}

TEST(RunForm, APlaceIsInAKnownMunicipalityOrTheRunIsByVideo) {
  RunForm f = two_evenings();
  f.municipality = "9999";
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            std::vector<std::string>{"municipality run_form.error.municipality"});
  f = two_evenings();
  f.location_name = f.location_address = f.municipality = f.postal_code = f.postal_place = "";
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            std::vector<std::string>{"location_name run_form.error.place_or_video"});
  f.digital = "1";
  auto video = validate_run_form(f, kBergen);
  ASSERT_TRUE(video.ok());
  EXPECT_FALSE(video->run.location);
  EXPECT_TRUE(video->run.digital);
  f = two_evenings();
  f.location_name = "<script>x</script>";
  f.postal_code = "50210";
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            (std::vector<std::string>{"location_name run_form.error.markup",
                                      "postal_code run_form.error.postal_code"}));
}

TEST(RunForm, TheCapacityHoldsTheSeatsTakenAndTheDeadlineComesFirst) {
  RunForm f = two_evenings();
  EXPECT_EQ(fields_of(validate_run_form(f, {{"4601"}, 13})),
            std::vector<std::string>{"capacity run_form.error.capacity_below_taken"});
  EXPECT_TRUE(validate_run_form(f, {{"4601"}, 12}).ok());
  f.capacity = "0";
  f.min_participants = "-1";
  f.registration_deadline = "2027-03-24";
  f.language = "klingon";
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            (std::vector<std::string>{
                "language run_form.error.choice", "capacity run_form.error.capacity",
                "min_participants run_form.error.min_participants",
                "registration_deadline run_form.error.deadline_after_start"}));
  f = two_evenings();
  f.min_participants = "13";
  EXPECT_EQ(fields_of(validate_run_form(f, kBergen)),
            std::vector<std::string>{"min_participants run_form.error.min_above_capacity"});
  f.min_participants = "";
  f.registration_deadline = "2027-03-23";  // the first day itself is fine
  EXPECT_TRUE(validate_run_form(f, kBergen).ok());
}

TEST(RunForm, ChangedFieldsNameWhatAChangeOfARunDid) {
  kursbase::Run a;
  a.capacity = 12;
  a.sessions = {
      {1, *parse_instant("2027-03-23T17:00:00Z"), *parse_instant("2027-03-23T19:30:00Z")}};
  kursbase::Run b = a;
  EXPECT_TRUE(changed_run_fields(a, b).empty());
  b.sessions[0].id = 99;  // the same times under another id is no change
  EXPECT_TRUE(changed_run_fields(a, b).empty());
  b.sessions[0].ends_at += std::chrono::minutes(30);
  b.capacity = 14;
  b.digital = true;
  b.state = RunState::Open;
  EXPECT_EQ(changed_run_fields(a, b),
            (std::vector<std::string>{"sessions", "place", "capacity", "state"}));
}

TEST(RunForm, ClockTimes) {
  EXPECT_EQ(minutes_of_day("9:30"), 570);
  EXPECT_EQ(minutes_of_day(" 18.00 "), 1080);
  EXPECT_EQ(minutes_of_day("23:59"), 1439);
  EXPECT_FALSE(minutes_of_day("24:00"));
  EXPECT_FALSE(minutes_of_day("18"));
  EXPECT_FALSE(minutes_of_day("18:5"));
  EXPECT_FALSE(minutes_of_day("-1:00"));
  EXPECT_EQ(clock_text(570), "09:30");
}

}  // namespace
}  // namespace kursbase
