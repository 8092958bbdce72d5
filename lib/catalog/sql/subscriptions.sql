-- Subscriptions of this database (pg_subscription is shared by the whole cluster).
-- The connection string is readable only by a superuser (the column is revoked from
-- PUBLIC), and before 14 so are the oid (which only the comment needs; comments are in
-- pg_description) and subsynccommit: "unreadable" names the fields the reading role
-- cannot see. Whether a subscription is enabled, its skip LSN and two-phase progress
-- ('p' becomes 'e' once replication runs) are run-time state and not read.
WITH sub AS (
  SELECT {{v:subscription_oid}} AS oid,
         x.subname AS name, pg_get_userbyid(x.subowner) AS owner,
         {{superuser_only(x.subconninfo, text)}} AS conninfo,
         x.subslotname AS slot_name,
         to_json(x.subpublications) AS publications,
         {{v:subscription_options}} AS options,
         COALESCE({{superuser_only('[]'::json, json)}},
                  {{v:subscription_unreadable_by_others}}) AS unreadable
  FROM pg_subscription x
  WHERE x.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
)
SELECT 'pg_subscription'::regclass::oid AS classid, COALESCE(s.oid, 0) AS oid, s.name,
       s.owner, s.conninfo, s.slot_name, s.publications, s.options, s.unreadable,
       {{comment(pg_subscription, s.oid)}} AS comment
FROM sub s
