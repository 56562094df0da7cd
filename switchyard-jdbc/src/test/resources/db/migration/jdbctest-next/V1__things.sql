-- Only for the module's own tests: a table to write to, and one row that shows the migration ran.
CREATE TABLE things (
    id   INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
INSERT INTO things (id, name) VALUES (0, 'seed');
