-- A deduction rule file (docs/rules/*.yaml: bands by minutes, missing check-in/out, daily cap, count and make-up
-- rules, PP 94/2021 sanctions) is kept as the operator wrote it, beside the CSV tables' rates: a table has either
-- rates or a document. The file is read again when the rules are used, so what applies is exactly what was imported.
ALTER TABLE deduction_table ADD COLUMN document text CHECK (document IS NULL OR btrim(document) <> '');

-- Work from anywhere (PermenPANRB 4/2025): days granted to one employee, at most wfa_days_per_week in a week
-- (Monday to Sunday; default 2, Pasal 13), never to someone under disciplinary proceedings (Pasal 25: here, at or
-- past the first PP 94/2021 threshold, 3 TK days in the year of the day). On such a day a check-in is accepted
-- anywhere in Indonesia and flagged. Both limits are checked here, so no operator, client or psql session passes them.
ALTER TABLE setting DROP CONSTRAINT setting_key_check;
ALTER TABLE setting ADD CONSTRAINT setting_key_check
    CHECK (key IN ('max_accuracy_m', 'regency_name', 'signature_city', 'wfa_days_per_week'));

CREATE TABLE wfa_day (
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    work_date    date        NOT NULL,
    granted_by   text        NOT NULL DEFAULT session_user,
    granted_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, work_date)
);

CREATE FUNCTION wfa_day_allowed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    per_week int := coalesce((SELECT value::int FROM public.setting WHERE key = 'wfa_days_per_week'), 2);
    week_start date := date_trunc('week', NEW.work_date)::date;
    tk int;
    who text := (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = NEW.employee_id);
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('wfa_day'), NEW.employee_id::int); -- two grants at once still count each other
    IF (SELECT count(*) FROM public.wfa_day w WHERE w.employee_id = NEW.employee_id AND w.work_date <> NEW.work_date
          AND w.work_date BETWEEN week_start AND week_start + 6) >= per_week THEN
        RAISE EXCEPTION '% on %: WFA is at most % day(s) a week (week of % to %; PermenPANRB 4/2025 Pasal 13)',
            who, NEW.work_date, per_week, week_start, week_start + 6 USING ERRCODE = 'check_violation';
    END IF;
    SELECT count(*) INTO tk FROM public.attendance a WHERE a.employee_id = NEW.employee_id AND 'TK' = ANY(a.codes)
       AND a.work_date BETWEEN date_trunc('year', NEW.work_date)::date AND NEW.work_date;
    IF tk >= 3 THEN
        RAISE EXCEPTION '% on %: no WFA for staff under disciplinary proceedings: % TK day(s) in % (PP 94/2021; PermenPANRB 4/2025 Pasal 25)',
            who, NEW.work_date, tk, extract(year FROM NEW.work_date) USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER wfa_day_allowed BEFORE INSERT OR UPDATE ON wfa_day FOR EACH ROW EXECUTE FUNCTION wfa_day_allowed();
CREATE TRIGGER bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wfa_day
    FOR EACH STATEMENT EXECUTE FUNCTION bump_rules_version();

ALTER TABLE wfa_day ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON wfa_day USING (employee_id IN (SELECT id FROM employee)) WITH CHECK (employee_id IN (SELECT id FROM employee));
GRANT SELECT, INSERT, UPDATE, DELETE ON wfa_day TO presensi_bkpsdm, presensi_opd_admin;
GRANT SELECT ON wfa_day TO presensi_checkin;

ALTER TABLE checkin ADD COLUMN work_from_anywhere boolean NOT NULL DEFAULT false;
ALTER TABLE attendance DROP CONSTRAINT attendance_flags_check;
ALTER TABLE attendance ADD CONSTRAINT attendance_flags_check
    CHECK (flags <@ ARRAY['OFFLINE_SYNCED', 'WORKED_ON_DAY_OFF', 'WORK_FROM_HOME', 'FINGERPRINT', 'CORRECTED', 'WORK_FROM_ANYWHERE']);
