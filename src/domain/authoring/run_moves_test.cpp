// What staff may do with a run's state and sign-up (run_moves.hpp).
#include "domain/authoring/run_moves.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

TEST(RunMoves, ADraftOpensAndAnOpenRunGoesBackToDraftOnlyWhileNobodyIsSignedUp) {
  EXPECT_TRUE(may_move_run(RunState::Draft, RunState::Open, RunStatus::Draft, 0));
  EXPECT_TRUE(may_move_run(RunState::Open, RunState::Draft, RunStatus::Open, 0));
  // Someone confirmed, waiting or waiting for a referral: the draft would hide their course.
  EXPECT_FALSE(may_move_run(RunState::Open, RunState::Draft, RunStatus::Open, 1));
  EXPECT_FALSE(may_move_run(RunState::Open, RunState::Open, RunStatus::Open, 0));
  EXPECT_FALSE(may_move_run(RunState::Draft, RunState::Draft, RunStatus::Draft, 0));
}

TEST(RunMoves, ARunIsCancelledInEveryStateButCompletedAndStaysCancelled) {
  for (RunStatus s : {RunStatus::Open, RunStatus::Full, RunStatus::Closed, RunStatus::InProgress})
    EXPECT_TRUE(may_move_run(RunState::Open, RunState::Cancelled, s, 5)) << key_of(s);
  EXPECT_TRUE(may_move_run(RunState::Draft, RunState::Cancelled, RunStatus::Draft, 0));
  EXPECT_FALSE(may_move_run(RunState::Open, RunState::Cancelled, RunStatus::Completed, 5));
  for (RunState to : {RunState::Draft, RunState::Open, RunState::Cancelled})
    EXPECT_FALSE(may_move_run(RunState::Cancelled, to, RunStatus::Cancelled, 0)) << key_of(to);
}

TEST(RunMoves, SignUpClosesEarlyOnlyWhileItIsOpen) {
  EXPECT_TRUE(may_close_sign_up(RunStatus::Open));
  EXPECT_TRUE(may_close_sign_up(RunStatus::Full));  // the waiting list closes too
  for (RunStatus s : {RunStatus::Draft, RunStatus::Closed, RunStatus::InProgress,
                      RunStatus::Cancelled, RunStatus::Completed})
    EXPECT_FALSE(may_close_sign_up(s)) << key_of(s);
}

TEST(RunMoves, TheCancelNoteIsOptionalPlainTextOfAtMostAThousandCharacters) {
  EXPECT_EQ(*validate_cancel_note(""), "");
  EXPECT_EQ(*validate_cancel_note("  Kursleder er syk.\nNytt kurs i mars.  "),
            "Kursleder er syk.\nNytt kurs i mars.");
  EXPECT_EQ(validate_cancel_note(std::string(1000, 'a'))->size(), 1000u);
  auto expect_refused = [](std::string note, const char* key) {
    auto r = validate_cancel_note(note);
    ASSERT_FALSE(r.ok()) << note;
    EXPECT_EQ(r.error().message_key, "run_form.error.invalid");
    ASSERT_EQ(r.error().fields.size(), 1u);
    EXPECT_EQ(r.error().fields[0].field, "note");
    EXPECT_EQ(r.error().fields[0].message_key, std::string("run_form.error.") + key);
  };
  expect_refused(std::string(1001, 'a'), "too_long");
  expect_refused("Se <a href=\"x\">her</a>", "markup");
  expect_refused("bell\x07", "characters");
}

}  // namespace
}  // namespace kursbase
