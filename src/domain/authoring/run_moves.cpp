#include "domain/authoring/run_moves.hpp"

#include "domain/authoring/form_checker.hpp"

namespace kursbase {

bool may_move_run(RunState from, RunState to, RunStatus status, int signed_up) {
  if (from == RunState::Draft && to == RunState::Open) return true;
  if (from == RunState::Open && to == RunState::Draft) return signed_up == 0;
  if (to == RunState::Cancelled)
    return from != RunState::Cancelled && status != RunStatus::Completed;
  return false;
}

bool may_close_sign_up(RunStatus status) {
  return status == RunStatus::Open || status == RunStatus::Full;
}

Result<std::string> validate_cancel_note(std::string_view note) {
  FormChecker check{"run_form.error.", {}};
  std::string text = check.text("note", note, kCancelNoteChars, false, true);
  if (!check.errors.empty())
    return invalid_input("run_form.error.invalid", "cancel note", std::move(check.errors));
  return text;
}

}  // namespace kursbase
