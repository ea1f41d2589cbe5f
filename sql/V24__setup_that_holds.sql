-- A shift's tolerance for leaving early (PSW), separate from its late tolerance, as schedules have had since V3:
-- the late grace was used for both, so a P shift with 15 minutes for arriving let its staff leave 15 minutes early.
-- Existing shifts get 0, which is what their operators were told ("late after start plus this").
ALTER TABLE shift_type ADD COLUMN early_grace_min smallint NOT NULL DEFAULT 0 CHECK (early_grace_min BETWEEN 0 AND 240);

-- PP 94/2021 is the discipline of civil servants (PPPK follow it through PP 49/2018); PTT (honorer) are outside it,
-- their contract decides. So a PTT's TK days do not make them "under disciplinary proceedings" for WFA
-- (PermenPANRB 4/2025 Pasal 25). Same function as V16 otherwise.
CREATE OR REPLACE FUNCTION wfa_day_allowed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    per_week int := coalesce((SELECT value::int FROM public.setting WHERE key = 'wfa_days_per_week'), 2);
    week_start date := date_trunc('week', NEW.work_date)::date;
    tk int;
    who text := (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = NEW.employee_id);
    civil_servant boolean := (SELECT e.type <> 'PTT' FROM public.employee e WHERE e.id = NEW.employee_id);
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('wfa_day'), NEW.employee_id::int); -- two grants at once still count each other
    IF (SELECT count(*) FROM public.wfa_day w WHERE w.employee_id = NEW.employee_id AND w.work_date <> NEW.work_date
          AND w.work_date BETWEEN week_start AND week_start + 6) >= per_week THEN
        RAISE EXCEPTION '% on %: WFA is at most % day(s) a week (week of % to %; PermenPANRB 4/2025 Pasal 13)',
            who, NEW.work_date, per_week, week_start, week_start + 6 USING ERRCODE = 'check_violation';
    END IF;
    IF civil_servant THEN
        SELECT count(*) INTO tk FROM public.attendance a WHERE a.employee_id = NEW.employee_id AND 'TK' = ANY(a.codes)
           AND a.work_date BETWEEN date_trunc('year', NEW.work_date)::date AND NEW.work_date;
        IF tk >= 3 THEN
            RAISE EXCEPTION '% on %: no WFA for staff under disciplinary proceedings: % TK day(s) in % (PP 94/2021; PermenPANRB 4/2025 Pasal 25)',
                who, NEW.work_date, tk, extract(year FROM NEW.work_date) USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END $$;

-- Operators' logins travel with a backup. Login roles are server-wide, so pg_dump of the database leaves them out
-- and a restored home had operator rows without logins. 'db backup' copies each operator role's SCRAM verifier
-- (never a password) and group memberships here just before pg_dump and empties the table after it; 'db restore'
-- makes the roles from the rows and empties it again. Only the owner reads it: RLS on, no grant to anyone.
CREATE TABLE operator_login (
    name        text        PRIMARY KEY REFERENCES operator (name),
    verifier    text        CHECK (verifier IS NULL OR verifier LIKE 'SCRAM-SHA-256$%'),
    can_login   boolean     NOT NULL,
    groups      text[]      NOT NULL CHECK (groups <@ ARRAY['presensi_bkpsdm', 'presensi_opd_admin', 'presensi_checkin'])
);
ALTER TABLE operator_login ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON operator_login FROM PUBLIC, presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
