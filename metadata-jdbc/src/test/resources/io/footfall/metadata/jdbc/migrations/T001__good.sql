-- A script that works, for the migration runner's tests.
CREATE TABLE trial_one (id INTEGER NOT NULL PRIMARY KEY);
