-- Default privileges: one entry changed (a grantee added, one removed), one removed (its
-- row goes away), one global entry that replaces the built-in defaults changed, and a
-- schema dropped with its own entry.
CREATE SCHEMA app;
CREATE SCHEMA old_app;
ALTER DEFAULT PRIVILEGES FOR ROLE plan_owner IN SCHEMA app GRANT SELECT ON TABLES TO plan_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE plan_owner IN SCHEMA app GRANT USAGE ON SEQUENCES TO plan_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE plan_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE plan_owner IN SCHEMA old_app GRANT SELECT ON TABLES TO plan_reader;
