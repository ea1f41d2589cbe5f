-- What the check-in servers poll to keep their memory current, without reading the audit trail and without
-- an activation ever reloading anyone's rules:
--  * change_version 'rules' goes up with every statement that changes anything a check-in is decided by,
--    whoever makes it (a command, a job, or psql), so every server rebuilds its rules snapshot;
--  * device.changed_at says which devices to re-read (activations, replacements, revocations), one by one.

CREATE TABLE change_version (
    kind     text   PRIMARY KEY CHECK (kind IN ('rules')),
    version  bigint NOT NULL DEFAULT 0
);
INSERT INTO change_version (kind) VALUES ('rules');

-- Security definer: an operator changing a rule they may change bumps the version without a right to write it.
-- Once per transaction: a row-by-row import runs thousands of statements, and updating one row thousands of
-- times in one transaction makes each update slower than the last. (A rolled-back savepoint also undoes the
-- marker, so the next statement bumps again.)
CREATE FUNCTION bump_rules_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF current_setting('presensi.rules_bumped_in', true) IS DISTINCT FROM txid_current()::text THEN
        INSERT INTO public.change_version AS v (kind, version) VALUES ('rules', 1)
            ON CONFLICT (kind) DO UPDATE SET version = v.version + 1;
        PERFORM set_config('presensi.rules_bumped_in', txid_current()::text, true);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['unit', 'employee', 'work_location', 'location_access', 'wfh_period', 'wfh_period_unit', 'setting',
                             'work_schedule', 'schedule_day', 'holiday', 'shift_type', 'roster', 'leave'] LOOP
        EXECUTE format('CREATE TRIGGER bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_rules_version()', t);
    END LOOP;
END $$;

ALTER TABLE device ADD COLUMN changed_at timestamptz NOT NULL DEFAULT clock_timestamp();
CREATE INDEX device_changed_at_idx ON device (changed_at);
CREATE FUNCTION device_touch() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.changed_at := clock_timestamp();
    RETURN NEW;
END $$;
CREATE TRIGGER device_touch BEFORE UPDATE ON device FOR EACH ROW EXECUTE FUNCTION device_touch();

GRANT SELECT ON change_version TO presensi_checkin;

-- The servers no longer read the audit trail's newest id.
DROP FUNCTION rules_version();
