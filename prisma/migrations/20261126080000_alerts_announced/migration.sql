-- The live console hears when alerts open or change state (lib/live): one notification per
-- statement, however many alerts it touched — an evaluation may open thousands at once.

CREATE FUNCTION announce_alerts_opened() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM opened) THEN
    PERFORM pg_notify('ops_live', json_build_object('alerts', json_build_object('opened', (SELECT count(*) FROM opened)))::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER alerts_opened_announced AFTER INSERT ON alert
  REFERENCING NEW TABLE AS opened FOR EACH STATEMENT EXECUTE FUNCTION announce_alerts_opened();

CREATE FUNCTION announce_alerts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed bigint;
BEGIN
  SELECT count(*) INTO changed FROM before_change b JOIN after_change a ON a.id = b.id WHERE a.state IS DISTINCT FROM b.state;
  IF changed > 0 THEN
    PERFORM pg_notify('ops_live', json_build_object('alerts', json_build_object('changed', changed))::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER alerts_changed_announced AFTER UPDATE ON alert
  REFERENCING OLD TABLE AS before_change NEW TABLE AS after_change FOR EACH STATEMENT EXECUTE FUNCTION announce_alerts_changed();

-- One notification per statement for ended sessions too (a clean-up may delete many at once):
-- every ended session's id, in one message while they fit.
DROP TRIGGER session_end_announced ON "session";
DROP FUNCTION announce_session_end();

CREATE FUNCTION announce_sessions_ended() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  batch text[];
BEGIN
  -- 100 ids of ~32 characters stay well under NOTIFY's 8000-byte payload limit.
  FOR batch IN SELECT array_agg(id) FROM (SELECT id, (row_number() OVER () - 1) / 100 AS chunk FROM ended) numbered GROUP BY chunk LOOP
    PERFORM pg_notify('ops_live', json_build_object('sessionsEnded', batch)::text);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_end_announced AFTER DELETE ON "session"
  REFERENCING OLD TABLE AS ended FOR EACH STATEMENT EXECUTE FUNCTION announce_sessions_ended();
