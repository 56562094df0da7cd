-- Only for the module's own tests: a script whose checksum is easy to get wrong.
CREATE TABLE edges (
    id   INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
INSERT INTO edges (id, name) VALUES (1, 'café € 🚂');