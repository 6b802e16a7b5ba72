-- Outbox subjects, bodies and attachments sealed with the data key (issue 11):
-- an unsent row no longer holds the private link, the name or the course in
-- clear. Rows written before stay readable (sealed = 0).
ALTER TABLE outbox ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
