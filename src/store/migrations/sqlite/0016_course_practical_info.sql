-- What a course costs and what to bring (issue 12): the patient fee in whole
-- kroner (0: free; NULL: not said), the fee for a no-show without notice
-- (NULL: none) and a short text of what to bring. Shown on the run page, the
-- private link page and in mails about a seat (domain/catalogue/practical_info.hpp).
ALTER TABLE course ADD COLUMN fee_nok INTEGER CHECK (fee_nok IS NULL OR fee_nok >= 0);
ALTER TABLE course ADD COLUMN no_show_fee_nok INTEGER
  CHECK (no_show_fee_nok IS NULL OR no_show_fee_nok >= 0);
ALTER TABLE course ADD COLUMN what_to_bring TEXT NOT NULL DEFAULT '';
