-- The second script of jdbctest-edge: a version with a dot.
INSERT INTO edges (id, name) VALUES (2, 'dotted');
