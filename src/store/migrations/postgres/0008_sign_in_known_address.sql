-- Addresses an account has signed in from (issue "Holds under attack", item 6):
-- the account-wide and address-wide sign-in limits spare an address the account
-- used before, so a hospital behind one NAT address, or its owner at their usual
-- desk, is not locked out by someone guessing elsewhere. The address is kept as
-- its SHA-256 (hex), never in clear; rows older than the known-address period
-- are pruned on sign-in.
CREATE TABLE staff_known_address (
  account_id BIGINT NOT NULL REFERENCES staff_account (id) ON DELETE CASCADE,
  address_hash TEXT NOT NULL,
  last_signed_in_at TEXT NOT NULL,
  PRIMARY KEY (account_id, address_hash)
);
