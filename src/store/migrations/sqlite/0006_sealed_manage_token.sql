-- The private link's token, sealed at rest (issue 3), so every later message
-- (promotion, offer, reminder, cancellation) can carry the person's link.
--
-- The link is still found by manage_token_hash only; this column is never
-- searched. It holds base64(nonce || secretbox(token)) with the key that
-- seals national ID numbers (app/personal_data_cipher). NULL: an enrollment
-- made before this migration (its later messages point to the first one), or
-- erased (store/sql/sql_person_data_store.cpp clears it).
ALTER TABLE enrollment ADD COLUMN manage_token_sealed TEXT;
