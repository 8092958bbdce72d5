-- Which of the rarer kinds have any object at all, in one row whose column names are the
-- names of those kinds' queries: read_catalog sends only the queries of kinds present
-- (most databases have no operator, cast, text search object, foreign server, ...).
-- Each test is a superset of what the kind's query returns: OID >= 16384
-- (FirstNormalObjectId) holds for every object initdb did not make, and those queries
-- leave initdb's objects out (they are in pg_catalog, or the query asks for OID >= 16384
-- itself). Only catalogs any role may read, so the census never fails where the queries
-- would not. Event triggers are always read: the tests that stop a read half-way lock
-- pg_event_trigger, whose query comes after the deparsing ones.
SELECT
  EXISTS (SELECT 1 FROM pg_proc WHERE oid >= 16384 AND prokind = 'a') AS aggregates,
  EXISTS (SELECT 1 FROM pg_policy) AS policies,
  EXISTS (SELECT 1 FROM pg_rewrite WHERE oid >= 16384 AND rulename <> '_RETURN') AS rules,
  EXISTS (SELECT 1 FROM pg_statistic_ext) AS statistics,
  EXISTS (SELECT 1 FROM pg_publication) AS publications,
  EXISTS (SELECT 1 FROM pg_default_acl) AS default_privileges,
  EXISTS (SELECT 1 FROM pg_operator WHERE oid >= 16384) AS operators,
  EXISTS (SELECT 1 FROM pg_opfamily WHERE oid >= 16384) AS operator_families,
  EXISTS (SELECT 1 FROM pg_opclass WHERE oid >= 16384) AS operator_classes,
  EXISTS (SELECT 1 FROM pg_ts_parser WHERE oid >= 16384) AS text_search_parsers,
  EXISTS (SELECT 1 FROM pg_ts_template WHERE oid >= 16384) AS text_search_templates,
  EXISTS (SELECT 1 FROM pg_ts_dict WHERE oid >= 16384) AS text_search_dictionaries,
  EXISTS (SELECT 1 FROM pg_ts_config WHERE oid >= 16384) AS text_search_configurations,
  EXISTS (SELECT 1 FROM pg_cast WHERE oid >= 16384) AS casts,
  EXISTS (SELECT 1 FROM pg_conversion WHERE oid >= 16384) AS conversions,
  EXISTS (SELECT 1 FROM pg_language WHERE oid >= 16384) AS languages,
  EXISTS (SELECT 1 FROM pg_am WHERE oid >= 16384) AS access_methods,
  EXISTS (SELECT 1 FROM pg_transform) AS transforms,
  EXISTS (SELECT 1 FROM pg_foreign_data_wrapper) AS foreign_data_wrappers,
  EXISTS (SELECT 1 FROM pg_foreign_server) AS foreign_servers,
  EXISTS (SELECT 1 FROM pg_user_mappings) AS user_mappings,
  -- Shared by every database of the cluster; before 14 PUBLIC may read only some of
  -- its columns, which is enough for this.
  EXISTS (SELECT 1 FROM pg_subscription) AS subscriptions,
  -- unsupported.sql looks only for security labels today.
  EXISTS (SELECT 1 FROM pg_seclabel) AS unsupported
