-- The TOTP secret a session was offered to set up, kept on the server so
-- that the browser never chooses the secret it confirms.
ALTER TABLE sessions ADD COLUMN totp_setup TEXT;
