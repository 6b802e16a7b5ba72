#pragma once
// What staff may do with a run's state and its sign-up (issue 14), whichever
// page or API asks:
// - open a draft for sign-up;
// - take an open run back to draft while nobody is signed up (confirmed,
//   offered, waiting or waiting for a referral): a draft is invisible, and
//   those people would lose sight of their course without a word;
// - cancel a draft or an open run until its last session has ended; everyone
//   signed up is told (app/authoring/RunAuthoringService::cancel). A
//   cancelled run stays cancelled: people were told; new dates are a copy;
// - close sign-up early, while sign-up is still open (open or full) and the
//   first session has not begun: the registration deadline becomes now, so
//   the run is "closed" exactly as one whose deadline passed.
#include <string>
#include <string_view>

#include "domain/catalogue/run.hpp"
#include "domain/core/result.hpp"

namespace kursbase {

// `status` is run_status() now; `signed_up` counts everyone holding a seat,
// waiting for one or waiting for a referral.
bool may_move_run(RunState from, RunState to, RunStatus status, int signed_up);
bool may_close_sign_up(RunStatus status);

// The staff's note to those told of a cancellation ("Kurset avlyses fordi …"):
// optional, plain text, at most kCancelNoteChars; InvalidInput
// "run_form.error.invalid" with field "note" else.
inline constexpr std::size_t kCancelNoteChars = 1000;
Result<std::string> validate_cancel_note(std::string_view note);

}  // namespace kursbase
