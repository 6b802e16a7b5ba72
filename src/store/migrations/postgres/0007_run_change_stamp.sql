-- A run's change stamp (issue 10): moves by one whenever a figure the public
-- catalogue shows of the run changes (state, capacity, deadline, minimum,
-- seats taken), in the transaction that changes it. Servers poll
-- sum(change_stamp) with the catalogue version (store/catalogue_store.hpp:
-- catalogue_stamp) to learn that their read model is stale, without a hot
-- shared row: the stamp lives on the run row that the seat rule has locked
-- already (SELECT ... FOR UPDATE), so sign-ups for different runs do not
-- queue on each other.
--
-- Kept by a trigger so that no writer (sign-up, cancel, promotion, capacity,
-- a staff change of state or a hand-made UPDATE) can forget it. Stamps only
-- grow, so the sum changes with every committed change. No index on the
-- column: it would make every sign-up's UPDATE of the run a non-HOT update.
ALTER TABLE run ADD COLUMN change_stamp BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION run_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_stamp := OLD.change_stamp + 1;
  RETURN NEW;
END
$$;

CREATE TRIGGER run_change_stamp
BEFORE UPDATE OF state, capacity, registration_deadline, min_participants, confirmed_count ON run
FOR EACH ROW
WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.capacity IS DISTINCT FROM NEW.capacity
  OR OLD.registration_deadline IS DISTINCT FROM NEW.registration_deadline
  OR OLD.min_participants IS DISTINCT FROM NEW.min_participants
  OR OLD.confirmed_count IS DISTINCT FROM NEW.confirmed_count)
EXECUTE FUNCTION run_change_stamp();
