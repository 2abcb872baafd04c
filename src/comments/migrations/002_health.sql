-- Sala comments companion, schema 2: one row that start-up and /healthz write, to prove
-- that the database still accepts writes.
CREATE TABLE health (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    checked TEXT NOT NULL              -- RFC 3339, UTC
);
