-- The live console's change feed (lib/live). The intake announces what it commits in its own
-- statement; these triggers announce the other changes the console shows, inside the transaction
-- that makes them, so nothing is announced that was not committed.

-- A delivery whose outcome an administrator changed (dismissed, restored, reprocessed).
CREATE FUNCTION announce_delivery_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ops_live', json_build_object(
    'delivery', json_build_object('id', NEW.id::text, 'sender', NEW.sender, 'eventType', left(NEW.event_type, 200),
                                  'outcome', NEW.outcome, 'receivedAt', NEW.received_at),
    'request', NULL, 'exchange', NULL)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER delivery_outcome_announced AFTER UPDATE OF outcome ON delivery
  FOR EACH ROW WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome) EXECUTE FUNCTION announce_delivery_outcome();

-- A session that ended (sign-out, password change, an administrator's action, expiry clean-up):
-- every instance closes the live streams opened with it. The id is not the session's token.
CREATE FUNCTION announce_session_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ops_live', json_build_object('sessionEnded', OLD.id)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER session_end_announced AFTER DELETE ON "session"
  FOR EACH ROW EXECUTE FUNCTION announce_session_end();
