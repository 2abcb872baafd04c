-- Sala comments companion, schema 3: who did what to the comments, and when. No personal
-- data beyond a moderator's user name: comment ids and counts, never a reader's name,
-- e-mail, text or address.
CREATE TABLE audit (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,              -- RFC 3339, UTC
    actor  TEXT NOT NULL,              -- a moderator, `cli (OS user)`, or `?` (an unknown user name)
    action TEXT NOT NULL,              -- login, login_failed, logout, approve, reject, delete,
                                       -- edit, add_admin, export, purge, export_personal
    detail TEXT NOT NULL DEFAULT ''    -- `#id`, counts
);
