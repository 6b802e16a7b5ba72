-- The messages of one enrollment by kind: how a repeated sign-up finds when its
-- private link was last re-sent (issue 11), without reading the whole outbox.
CREATE INDEX outbox_enrollment ON outbox (enrollment_id, kind, created_at);
