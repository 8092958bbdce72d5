-- Installs the change recorder of a read of changes (change_recorder.h): event triggers
-- that write the object of every DDL command, and every object dropped, into a table of
-- their own schema, for as long as migrations are replayed. SECURITY DEFINER: the
-- migration role needs no privilege on it. ENABLE ALWAYS: a migration that sets
-- session_replication_role is recorded too.
CREATE SCHEMA pgdrift_recorder;
CREATE UNLOGGED TABLE pgdrift_recorder.changes (
  classid oid NOT NULL, objid oid NOT NULL, reaching boolean NOT NULL);
-- What the triggers record when they fail: read everything (classid 0). The migration
-- goes on whatever happens here.
CREATE FUNCTION pgdrift_recorder.lost() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $recorder$
BEGIN
  INSERT INTO pgdrift_recorder.changes VALUES (0, 0, true);
EXCEPTION WHEN OTHERS THEN
  NULL;
END
$recorder$;
CREATE FUNCTION pgdrift_recorder.command_ended() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $recorder$
BEGIN
  -- Comments and security labels are printed by their object alone; ALTER EXTENSION
  -- adds or drops members it does not report (classid 0: read everything again).
  INSERT INTO pgdrift_recorder.changes
  SELECT c.classid, c.objid, c.command_tag NOT IN ('COMMENT', 'SECURITY LABEL')
  FROM pg_event_trigger_ddl_commands() c
  WHERE c.classid IS NOT NULL;
  INSERT INTO pgdrift_recorder.changes
  SELECT 0, 0, true FROM pg_event_trigger_ddl_commands() c
  WHERE c.command_tag = 'ALTER EXTENSION' LIMIT 1;
EXCEPTION WHEN OTHERS THEN
  PERFORM pgdrift_recorder.lost();
END
$recorder$;
CREATE FUNCTION pgdrift_recorder.objects_dropped() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $recorder$
BEGIN
  INSERT INTO pgdrift_recorder.changes
  SELECT d.classid, d.objid, true FROM pg_event_trigger_dropped_objects() d;
EXCEPTION WHEN OTHERS THEN
  PERFORM pgdrift_recorder.lost();
END
$recorder$;
CREATE EVENT TRIGGER pgdrift_recorder_commands ON ddl_command_end
  EXECUTE FUNCTION pgdrift_recorder.command_ended();
CREATE EVENT TRIGGER pgdrift_recorder_drops ON sql_drop
  EXECUTE FUNCTION pgdrift_recorder.objects_dropped();
ALTER EVENT TRIGGER pgdrift_recorder_commands ENABLE ALWAYS;
ALTER EVENT TRIGGER pgdrift_recorder_drops ENABLE ALWAYS;
