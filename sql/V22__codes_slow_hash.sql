-- Activation codes hashed slowly (Argon2id, see CodeHash): a stolen backup must not yield a pending code, and a
-- salted SHA-256 of an 8-character code is searched in hours. Each row names the scheme its hash was made with;
-- rows hashed the old way keep verifying until they expire (at most 30 days), and no new row may use it.

ALTER TABLE activation_code ADD COLUMN code_hash_scheme text;
UPDATE activation_code SET code_hash_scheme = 'sha256';
-- no default: a writer that forgets the scheme fails rather than storing a hash nobody can check
ALTER TABLE activation_code ALTER COLUMN code_hash_scheme SET NOT NULL,
    ADD CONSTRAINT activation_code_hash_scheme CHECK (
        code_hash_scheme = 'sha256' OR code_hash_scheme ~ '^argon2id\$v=19\$m=[0-9]{4,7},t=[0-9]{1,2},p=[0-9]{1,2}$');

CREATE FUNCTION activation_code_new_hash() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.code_hash_scheme = 'sha256' THEN
        RAISE EXCEPTION 'activation codes are no longer hashed with SHA-256; issue them with presensi device enroll'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER activation_code_new_hash BEFORE INSERT OR UPDATE OF code_hash_scheme, code_hash, salt ON activation_code
    FOR EACH ROW EXECUTE FUNCTION activation_code_new_hash();
