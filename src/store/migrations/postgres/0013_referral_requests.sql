-- Referral-required runs (issue "Every state right"): a public sign-up for a
-- course that needs a referral is a request waiting for it
-- ('awaiting_referral': no seat, no place on the waiting list) until staff
-- confirm it under the ordinary seat rule; and a run may take only staff
-- registrations, its public page saying how to get referred.
-- (SQLite rebuilds its table for the same; see sqlite/0013.)
ALTER TABLE enrollment DROP CONSTRAINT enrollment_status_check;
ALTER TABLE enrollment ADD CONSTRAINT enrollment_status_check
  CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled', 'awaiting_referral'));

-- 1: the public page offers no sign-up, only how to get referred; staff register.
-- An integer flag, as run.waiting_list_enabled (0001), read the same on both engines.
ALTER TABLE run ADD COLUMN staff_registration_only INTEGER NOT NULL DEFAULT 0
  CHECK (staff_registration_only IN (0, 1));
