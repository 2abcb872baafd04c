-- Sala comments companion, schema 1.
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    page         TEXT    NOT NULL,
    parent       INTEGER,
    name         TEXT    NOT NULL,
    email        TEXT,
    body         TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'rejected')),
    created      TEXT    NOT NULL,  -- RFC 3339, UTC
    created_unix INTEGER NOT NULL,
    ip_hash      TEXT,              -- HMAC-SHA256 of the address; NULL after purge
    delete_token TEXT    NOT NULL,  -- SHA-256 of the reader's delete token
    lang         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX comments_page_status ON comments (page, status, id);
CREATE INDEX comments_status ON comments (status, id);
CREATE INDEX comments_email ON comments (email) WHERE email IS NOT NULL;

CREATE TABLE admins (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,    -- argon2id PHC string
    created       TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,  -- SHA-256 of the cookie's token
    username     TEXT NOT NULL REFERENCES admins (username) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    expires_unix INTEGER NOT NULL
);
