-- TRUNCATE skips row triggers: without this one, it would empty the append-only audit log at once.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
