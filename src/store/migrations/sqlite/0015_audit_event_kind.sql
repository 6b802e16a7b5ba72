-- What kind of event an audit row records (issue 12): 'view', 'change',
-- 'export' or 'form_opened' (domain/staff/audit_event.hpp). The action names
-- the permission used, which alone cannot tell looking at a waiting list from
-- changing it. Rows written before this migration keep NULL: the log is
-- append-only, so they are not rewritten; readers derive their kind from the
-- route and object (legacy_event_kind). Adding a column fires no UPDATE
-- trigger and rewrites no row.
ALTER TABLE audit_log ADD COLUMN event TEXT
  CHECK (event IS NULL OR event IN ('view', 'change', 'export', 'form_opened'));
