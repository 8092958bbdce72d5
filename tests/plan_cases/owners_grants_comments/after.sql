CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO plan_owner;
CREATE TABLE app.setting (key text PRIMARY KEY, value text);
ALTER TABLE app.setting OWNER TO plan_owner;
CREATE VIEW app.visible AS SELECT key FROM app.setting;
GRANT SELECT ON app.visible TO plan_reader;
GRANT SELECT (key), UPDATE (value) ON app.setting TO plan_reader;
COMMENT ON SCHEMA app IS 'application';
COMMENT ON COLUMN app.setting.value IS 'free text';
