-- Event triggers are database-wide; the schema filter does not apply to them.
SELECT e.tableoid::oid AS classid, e.oid, e.evtname AS name, e.evtevent AS event,
       COALESCE(array_to_json(e.evttags), '[]'::json) AS tags,
       e.evtfoid::regproc::text AS function,
       e.evtenabled::text AS enabled,
       pg_get_userbyid(e.evtowner) AS owner,
       {{comment(pg_event_trigger, e.oid)}} AS comment
FROM pg_event_trigger e
WHERE {{not_extension_member(pg_event_trigger, e.oid)}}
