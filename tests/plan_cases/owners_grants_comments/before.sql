CREATE SCHEMA app;
CREATE TABLE app.setting (key text PRIMARY KEY, value text);
CREATE VIEW app.visible AS SELECT key FROM app.setting;
GRANT SELECT ON app.setting TO plan_reader;
