-- A script whose second statement fails: the first must be rolled back with it.
CREATE TABLE trial_two (id INTEGER NOT NULL PRIMARY KEY);
INSERT INTO no_such_table (id) VALUES (1);
