-- Staff side of the waiting list and registration from a referral (issue 3).
-- Moves on the waiting list and their reasons are kept in waiting_list_move
-- (0003); the referral date, referring doctor and registering account are
-- columns of enrollment (0003).

-- The referring doctor's HPR number (Helsepersonellregisteret), digits only;
-- '' when not given.
ALTER TABLE enrollment ADD COLUMN referring_doctor_hpr TEXT NOT NULL DEFAULT '';

-- Enrollments cancelled by staff, with the reason they gave (never sent to
-- the person). At most one per enrollment: a cancellation is final.
CREATE TABLE enrollment_cancellation (
  enrollment_id INTEGER PRIMARY KEY REFERENCES enrollment (id),
  reason TEXT NOT NULL CHECK (reason <> ''),
  account_id INTEGER NOT NULL,
  cancelled_at TEXT NOT NULL
);
