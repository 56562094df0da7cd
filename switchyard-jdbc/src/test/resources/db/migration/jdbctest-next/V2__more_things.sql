-- Only for the module's own tests: the next version of jdbctest (its V1 is the same file).
INSERT INTO things (id, name) VALUES (2, 'next');
