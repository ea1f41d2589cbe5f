-- The day's exceptions. An employee asks from the phone (izin, sakit, dinas luar, a forgotten check-in or check-out,
-- a check-in made off site); their OPD admin approves or rejects; an approval writes its effect in the same
-- transaction: leave, or a correction punch (source KOREKSI) at the approved time. A month closed after the recap
-- went to payroll can no longer change, whoever tries, until BKPSDM reopens it.
CREATE TABLE request (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id    uuid        NOT NULL UNIQUE,  -- the phone's key: a request sent again is stored once
    employee_id   bigint      NOT NULL REFERENCES employee (id),
    device_id     bigint      REFERENCES device (id),
    kind          text        NOT NULL CHECK (kind IN ('I', 'S', 'DL', 'LUPA_MASUK', 'LUPA_PULANG', 'DI_LUAR_LOKASI')),
    date_from     date        NOT NULL,
    date_to       date        NOT NULL,
    at            timestamptz,               -- the time a correction asks for
    punch_type    text        CHECK (punch_type IN ('IN', 'OUT')),
    reason        text        NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
    status        text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    decided_at    timestamptz,
    decided_by    text,
    note          text        CHECK (length(note) <= 500),
    CHECK (date_to >= date_from AND date_to - date_from <= 31),
    CHECK ((kind IN ('LUPA_MASUK', 'LUPA_PULANG', 'DI_LUAR_LOKASI')) = (at IS NOT NULL)),
    CHECK ((at IS NULL) OR date_from = date_to),
    CHECK ((at IS NULL) = (punch_type IS NULL)),
    CHECK (kind <> 'LUPA_MASUK' OR punch_type = 'IN'),
    CHECK (kind <> 'LUPA_PULANG' OR punch_type = 'OUT'),
    CHECK ((status = 'PENDING') = (decided_at IS NULL))
);
CREATE INDEX request_employee_idx ON request (employee_id, date_from);
CREATE INDEX request_pending_idx ON request (status) WHERE status = 'PENDING';

-- A letter or a photo of one, resized on the phone; kept in the database with its hash.
CREATE TABLE request_attachment (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id    bigint      NOT NULL UNIQUE REFERENCES request (id) ON DELETE CASCADE,
    content_type  text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    bytes         bytea       NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 409600),
    sha256        bytea       NOT NULL CHECK (octet_length(sha256) = 32)
);

-- Per unit (else the defaults): how many working days after the date a request may still be made, and how many
-- corrections (forgotten or off-site punches) an employee may ask for in a month.
CREATE TABLE request_rule (
    unit_id              bigint  PRIMARY KEY REFERENCES unit (id),
    deadline_workdays    integer NOT NULL CHECK (deadline_workdays BETWEEN 0 AND 31),
    monthly_corrections  integer NOT NULL CHECK (monthly_corrections BETWEEN 0 AND 31)
);

-- A correction punch names the request that made it; leave granted by a request, too.
ALTER TABLE checkin ADD COLUMN correction_of bigint REFERENCES request (id);
ALTER TABLE checkin DROP CONSTRAINT checkin_source_check;
ALTER TABLE checkin ADD CONSTRAINT checkin_source_check CHECK (source IN ('APP', 'FINGERPRINT', 'KOREKSI'));
ALTER TABLE checkin DROP CONSTRAINT checkin_check;
ALTER TABLE checkin ADD CONSTRAINT checkin_check CHECK (source = 'FINGERPRINT' OR (source = 'KOREKSI' AND type IS NOT NULL)
                                                        OR (device_id IS NOT NULL AND type IS NOT NULL));
ALTER TABLE checkin DROP CONSTRAINT checkin_check1;
ALTER TABLE checkin ADD CONSTRAINT checkin_check1 CHECK (source <> 'FINGERPRINT' OR machine_id IS NOT NULL);
ALTER TABLE checkin ADD CONSTRAINT checkin_correction_check CHECK ((source = 'KOREKSI') = (correction_of IS NOT NULL));
ALTER TABLE leave ADD COLUMN granted_by_request bigint REFERENCES request (id);
ALTER TABLE attendance DROP CONSTRAINT attendance_flags_check;
ALTER TABLE attendance ADD CONSTRAINT attendance_flags_check
    CHECK (flags <@ ARRAY['OFFLINE_SYNCED', 'WORKED_ON_DAY_OFF', 'WORK_FROM_HOME', 'FINGERPRINT', 'CORRECTED']);

-- Closed months: the whole regency (no unit) or a unit and the units under it.
CREATE TABLE closed_month (
    month      date        NOT NULL CHECK (extract(day FROM month) = 1),
    unit_id    bigint      REFERENCES unit (id),
    closed_at  timestamptz NOT NULL DEFAULT now(),
    closed_by  text        NOT NULL DEFAULT session_user,
    reason     text
);
CREATE UNIQUE INDEX closed_month_idx ON closed_month (month, coalesce(unit_id, 0));

-- Whether an employee's day lies in a closed month (their current unit, or the whole regency, closed).
CREATE FUNCTION day_is_closed(of_employee bigint, on_day date) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT EXISTS (SELECT 1 FROM public.closed_month c
                    WHERE c.month = date_trunc('month', on_day)::date
                      AND (c.unit_id IS NULL OR (SELECT e.unit_id FROM public.employee e WHERE e.id = of_employee)
                                                IN (SELECT public.unit_scope(u.code) FROM public.unit u WHERE u.id = c.unit_id)));
END;

-- The guard on every table that shapes a day: a change to a closed month's days is refused, whoever makes it.
-- Leave and rosters row by row (few rows); check-ins and attendance records once per statement over the rows it
-- touched (a group commit or a reconciliation chunk writes thousands), skipped at once while no month is closed.
CREATE FUNCTION refuse_closed_leave() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r public.leave;
BEGIN
    IF EXISTS (SELECT 1 FROM public.closed_month) THEN
        FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW] WHEN 'DELETE' THEN ARRAY[OLD] ELSE ARRAY[OLD, NEW] END LOOP
            IF EXISTS (SELECT 1 FROM generate_series(date_trunc('month', r.date_from), date_trunc('month', r.date_to), interval '1 month') m
                        WHERE public.day_is_closed(r.employee_id, greatest(m::date, r.date_from))) THEN
                RAISE EXCEPTION 'a month of % to % is closed for this employee''s unit; BKPSDM can reopen it (presensi month reopen)',
                    r.date_from, r.date_to USING ERRCODE = 'check_violation';
            END IF;
        END LOOP;
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER refuse_closed_days BEFORE INSERT OR UPDATE OR DELETE ON leave FOR EACH ROW EXECUTE FUNCTION refuse_closed_leave();

CREATE FUNCTION refuse_closed_roster() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.closed_month)
       AND ((TG_OP <> 'INSERT' AND public.day_is_closed(OLD.employee_id, OLD.work_date))
            OR (TG_OP <> 'DELETE' AND public.day_is_closed(NEW.employee_id, NEW.work_date))) THEN
        RAISE EXCEPTION 'the month of % is closed for this employee''s unit; BKPSDM can reopen it (presensi month reopen)',
            to_char(coalesce(NEW.work_date, OLD.work_date), 'YYYY-MM') USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER refuse_closed_days BEFORE INSERT OR UPDATE OR DELETE ON roster FOR EACH ROW EXECUTE FUNCTION refuse_closed_roster();

CREATE FUNCTION refuse_closed_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.closed_month) AND EXISTS (
            SELECT 1 FROM changed c WHERE c.work_date IS NOT NULL AND public.day_is_closed(c.employee_id, c.work_date)) THEN
        RAISE EXCEPTION 'a closed month''s days cannot change; BKPSDM can reopen the month (presensi month reopen)'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER refuse_closed_inserts AFTER INSERT ON checkin REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_closed_rows();
CREATE TRIGGER refuse_closed_deletes AFTER DELETE ON checkin REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_closed_rows();
CREATE TRIGGER refuse_closed_inserts AFTER INSERT ON attendance REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_closed_rows();
CREATE TRIGGER refuse_closed_updates AFTER UPDATE ON attendance REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_closed_rows();
CREATE TRIGGER refuse_closed_deletes AFTER DELETE ON attendance REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_closed_rows();

-- A decision is the decider's: who and when are stamped here, a decided request stays decided, and nobody decides
-- their own request.
CREATE FUNCTION request_decision() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.status <> 'PENDING' THEN
        RAISE EXCEPTION 'request % was already %', OLD.id, lower(OLD.status) USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.employee_id = OLD.employee_id) THEN
        RAISE EXCEPTION 'nobody decides their own request; another admin of the unit or BKPSDM does';
    END IF;
    IF NOT public.session_is_owner() THEN
        NEW.decided_by := session_user;
        NEW.decided_at := now();
    END IF;
    NEW.employee_id := OLD.employee_id; NEW.kind := OLD.kind; NEW.date_from := OLD.date_from; NEW.date_to := OLD.date_to;
    NEW.at := OLD.at; NEW.reason := OLD.reason; NEW.request_id := OLD.request_id; NEW.submitted_at := OLD.submitted_at;
    RETURN NEW;
END $$;
CREATE TRIGGER request_decision BEFORE UPDATE ON request FOR EACH ROW EXECUTE FUNCTION request_decision();

-- An operator may be an employee too (an OPD admin is a civil servant): named here, so their own requests are not theirs to decide.
ALTER TABLE operator ADD COLUMN employee_id bigint REFERENCES employee (id);

ALTER TABLE request ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON request USING (employee_id IN (SELECT id FROM employee)) WITH CHECK (employee_id IN (SELECT id FROM employee));
ALTER TABLE request_attachment ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON request_attachment USING (request_id IN (SELECT id FROM request)) WITH CHECK (request_id IN (SELECT id FROM request));
ALTER TABLE request_rule ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON request_rule FOR SELECT USING (true);
CREATE POLICY bkpsdm_writes ON request_rule FOR ALL TO presensi_bkpsdm USING (true) WITH CHECK (true);
ALTER TABLE closed_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON closed_month FOR SELECT USING (true);
CREATE POLICY bkpsdm_writes ON closed_month FOR ALL TO presensi_bkpsdm USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON request, request_attachment, request_rule, closed_month TO presensi_bkpsdm;
-- an OPD admin decides their units' requests (the status and the note), and reads the rules and the closed months
GRANT SELECT ON request, request_attachment, request_rule, closed_month TO presensi_opd_admin;
GRANT UPDATE (status, decided_at, decided_by, note) ON request TO presensi_opd_admin;
-- an approved correction's punch: the only check-in an OPD admin may write, for their units' approved corrections
GRANT INSERT ON checkin TO presensi_opd_admin;
CREATE POLICY corrections_only ON checkin AS RESTRICTIVE FOR INSERT TO presensi_opd_admin
    WITH CHECK (source = 'KOREKSI' AND correction_of IN (SELECT id FROM request WHERE status = 'APPROVED'
                                                          AND kind IN ('LUPA_MASUK', 'LUPA_PULANG', 'DI_LUAR_LOKASI')));
-- the service takes requests from phones and shows employees their own
GRANT SELECT, INSERT ON request, request_attachment TO presensi_checkin;
GRANT SELECT ON request_rule, closed_month TO presensi_checkin;
