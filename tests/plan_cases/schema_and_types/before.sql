CREATE SCHEMA old_stuff;
CREATE TABLE old_stuff.junk (id integer);
