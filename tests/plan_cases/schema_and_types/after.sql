CREATE SCHEMA billing;
CREATE DOMAIN billing.money_amount AS numeric(12,2) CHECK (VALUE >= 0);
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE TABLE billing.invoice (id integer PRIMARY KEY, amount billing.money_amount NOT NULL, currency billing.currency NOT NULL);
