-- The participant's preferred language (issue 13): one of the languages the
-- public pages are offered in (nb, nn, en, se), chosen on the sign-up form;
-- every later mail, SMS, calendar file and the private-link page use it.
-- Enrollments made before it was asked are bokmål, as their messages were.
ALTER TABLE enrollment ADD COLUMN language TEXT NOT NULL DEFAULT 'nb'
  CHECK (language IN ('nb', 'nn', 'en', 'se'));
