-- Overtime (lembur) and annual-leave balances (issue 30).
--
-- 1. The regency's unit prices for overtime, per golongan, valid from a date: uang lembur per hour and uang makan
--    lembur per day of at least meal_after_min minutes (the Standar Biaya: PMK 49/2023 for 2024 gives the central
--    figures, Perpres 33/2020 the regional ones; a regency sets its own within them, docs/lembur/).
CREATE TABLE overtime_tariff (
    valid_from      date     NOT NULL,
    golongan        text     NOT NULL CHECK (golongan IN ('I', 'II', 'III', 'IV')),
    hourly_rupiah   integer  NOT NULL CHECK (hourly_rupiah BETWEEN 0 AND 10000000),
    meal_rupiah     integer  NOT NULL CHECK (meal_rupiah BETWEEN 0 AND 10000000),
    meal_after_min  smallint NOT NULL DEFAULT 120 CHECK (meal_after_min BETWEEN 0 AND 1440),
    source          text     NOT NULL CHECK (btrim(source) <> '' AND length(source) <= 300),
    PRIMARY KEY (valid_from, golongan)
);

-- 2. An overtime order (surat perintah lembur): one row per employee and date, with the hours ordered, the SPL's
--    number and the employee's golongan as the SPL states it (the staff register has no grade). A second order for
--    the same employee and date replaces the first: a head who corrects an SPL issues it again.
CREATE TABLE overtime_order (
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    work_date    date        NOT NULL CHECK (work_date BETWEEN '2000-01-01' AND '2100-12-31'),
    minutes      smallint    NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    reference    text        NOT NULL CHECK (btrim(reference) <> '' AND length(reference) <= 100),
    golongan     text        NOT NULL CHECK (golongan IN ('I', 'II', 'III', 'IV')),
    ordered_by   text        NOT NULL,
    ordered_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, work_date)
);
CREATE INDEX overtime_order_date_idx ON overtime_order (work_date);

-- 3. Opening balances of cuti tahunan: the days an employee had at the start of a year (that year's entitlement and
--    what was carried over) as the regency counted them before Presensi kept the ledger. A year with an opening
--    balance starts from it; later years carry over from it by PP 11/2017 Pasal 313.
CREATE TABLE leave_opening_balance (
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    year         smallint    NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    days         smallint    NOT NULL CHECK (days BETWEEN 0 AND 24),
    reference    text        CHECK (reference IS NULL OR (btrim(reference) <> '' AND length(reference) <= 100)),
    recorded_by  text        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, year)
);

-- Tariffs are reference data: everyone reads them, BKPSDM and the owner replace them (audited by the store).
ALTER TABLE overtime_tariff ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON overtime_tariff FOR SELECT USING (true);
CREATE POLICY bkpsdm_writes ON overtime_tariff FOR ALL USING ((SELECT public.operator_sees_all()))
    WITH CHECK ((SELECT public.operator_sees_all()));
GRANT SELECT ON overtime_tariff TO presensi_bkpsdm, presensi_opd_admin;
GRANT INSERT, UPDATE, DELETE ON overtime_tariff TO presensi_bkpsdm;

-- Orders and balances are read in the employee's scope, as leave is; nobody writes them directly, BKPSDM included:
-- every change goes through the functions below, which check the scope and write the audit row.
ALTER TABLE overtime_order ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON overtime_order FOR SELECT USING (employee_id IN (SELECT e.id FROM public.employee e));
ALTER TABLE leave_opening_balance ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON leave_opening_balance FOR SELECT USING (employee_id IN (SELECT e.id FROM public.employee e));
GRANT SELECT ON overtime_order, leave_opening_balance TO presensi_bkpsdm, presensi_opd_admin;
-- the phone's Riwayat shows the balance: the check-in service reads the ledger's inputs
GRANT SELECT ON leave_opening_balance TO presensi_checkin;

-- Orders an employee's overtime for a date (replacing an earlier order of that date). In the operator's units only,
-- never for oneself (an SPL is signed by one's head), never in a closed month.
CREATE FUNCTION overtime_order_put(employee bigint, work_date date, minutes integer, reference text, golongan text,
                                   who text, command text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    earlier public.overtime_order;
    written public.overtime_order;
BEGIN
    IF overtime_order_put.employee IS NULL OR NOT public.operator_may_change(overtime_order_put.employee) THEN
        RAISE EXCEPTION 'no employee #% in your units', overtime_order_put.employee;
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.employee_id = overtime_order_put.employee) THEN
        RAISE EXCEPTION 'nobody orders their own overtime; their head signs the order and another admin records it';
    END IF;
    IF public.day_is_closed(overtime_order_put.employee, overtime_order_put.work_date) THEN
        RAISE EXCEPTION 'the month of % is closed for this employee''s unit; BKPSDM can reopen it (presensi month reopen)', overtime_order_put.work_date;
    END IF;
    SELECT o.* INTO earlier FROM public.overtime_order o
     WHERE o.employee_id = overtime_order_put.employee AND o.work_date = overtime_order_put.work_date FOR UPDATE;
    INSERT INTO public.overtime_order AS o (employee_id, work_date, minutes, reference, golongan, ordered_by)
    VALUES (overtime_order_put.employee, overtime_order_put.work_date, overtime_order_put.minutes, btrim(overtime_order_put.reference),
            overtime_order_put.golongan, CASE WHEN public.session_is_owner() THEN who ELSE session_user END)
    ON CONFLICT ON CONSTRAINT overtime_order_pkey DO UPDATE
        SET minutes = excluded.minutes, reference = excluded.reference, golongan = excluded.golongan,
            ordered_by = excluded.ordered_by, ordered_at = now()
    RETURNING o.* INTO written;
    PERFORM public.audit_employee_change(who, command, 'overtime_order',
        (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = overtime_order_put.employee) || '/' || overtime_order_put.work_date,
        CASE WHEN earlier.employee_id IS NULL THEN NULL
             ELSE jsonb_build_object('minutes', earlier.minutes, 'reference', earlier.reference, 'golongan', earlier.golongan) END,
        jsonb_build_object('minutes', written.minutes, 'reference', written.reference, 'golongan', written.golongan),
        overtime_order_put.employee);
    RETURN earlier.employee_id IS NULL;
END $$;

-- Records an opening balance (replacing one of the same year). In the operator's units only, never one's own.
CREATE FUNCTION leave_opening_put(employee bigint, year integer, days integer, reference text, who text, command text)
    RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    earlier public.leave_opening_balance;
    written public.leave_opening_balance;
BEGIN
    IF leave_opening_put.employee IS NULL OR NOT public.operator_may_change(leave_opening_put.employee) THEN
        RAISE EXCEPTION 'no employee #% in your units', leave_opening_put.employee;
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.employee_id = leave_opening_put.employee) THEN
        RAISE EXCEPTION 'nobody sets their own leave balance; another admin of the unit or BKPSDM does';
    END IF;
    SELECT b.* INTO earlier FROM public.leave_opening_balance b
     WHERE b.employee_id = leave_opening_put.employee AND b.year = leave_opening_put.year FOR UPDATE;
    INSERT INTO public.leave_opening_balance AS b (employee_id, year, days, reference, recorded_by)
    VALUES (leave_opening_put.employee, leave_opening_put.year, leave_opening_put.days, nullif(btrim(leave_opening_put.reference), ''),
            CASE WHEN public.session_is_owner() THEN who ELSE session_user END)
    ON CONFLICT ON CONSTRAINT leave_opening_balance_pkey DO UPDATE
        SET days = excluded.days, reference = excluded.reference, recorded_by = excluded.recorded_by, recorded_at = now()
    RETURNING b.* INTO written;
    PERFORM public.audit_employee_change(who, command, 'leave_opening_balance',
        (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = leave_opening_put.employee) || '/' || leave_opening_put.year,
        CASE WHEN earlier.employee_id IS NULL THEN NULL ELSE jsonb_build_object('days', earlier.days, 'reference', earlier.reference) END,
        jsonb_build_object('days', written.days, 'reference', written.reference), leave_opening_put.employee);
    RETURN earlier.employee_id IS NULL;
END $$;

REVOKE EXECUTE ON FUNCTION overtime_order_put(bigint, date, integer, text, text, text, text),
    leave_opening_put(bigint, integer, integer, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION overtime_order_put(bigint, date, integer, text, text, text, text),
    leave_opening_put(bigint, integer, integer, text, text, text) TO presensi_bkpsdm, presensi_opd_admin;

-- 4. Cuti tahunan asked for from the phone (CT). The service refuses a request beyond the balance, naming the balance;
--    an approval records the leave as for the other absences (V20's decide_request, with CT among the kinds that
--    grant leave; otherwise unchanged).
ALTER TABLE request DROP CONSTRAINT request_kind_check;
ALTER TABLE request ADD CONSTRAINT request_kind_check
    CHECK (kind IN ('I', 'S', 'DL', 'CT', 'LUPA_MASUK', 'LUPA_PULANG', 'DI_LUAR_LOKASI'));

CREATE OR REPLACE FUNCTION decide_request(request bigint, status text, note text, who text, command text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r public.request;
    other public.leave;
    granted public.leave;
    punch public.checkin;
    nip text;
BEGIN
    SELECT q.* INTO r FROM public.request q WHERE q.id = decide_request.request FOR UPDATE;
    IF NOT FOUND OR NOT public.operator_may_change(r.employee_id) THEN
        RAISE EXCEPTION 'no request #% in your units', decide_request.request;
    END IF;
    IF decide_request.status NOT IN ('APPROVED', 'REJECTED') THEN
        RAISE EXCEPTION 'a request is approved or rejected, not %', decide_request.status USING ERRCODE = 'check_violation';
    END IF;
    IF r.status <> 'PENDING' THEN
        RAISE EXCEPTION 'request #% was already % by %', r.id, lower(r.status), r.decided_by USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.employee_id = r.employee_id) THEN
        RAISE EXCEPTION 'nobody decides their own request; another admin of the unit or BKPSDM does';
    END IF;
    UPDATE public.request q SET status = decide_request.status, note = decide_request.note, decided_at = now(),
           decided_by = CASE WHEN public.session_is_owner() THEN who ELSE session_user END
     WHERE q.id = r.id;
    nip := (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = r.employee_id);
    IF decide_request.status = 'APPROVED' AND r.kind IN ('I', 'S', 'DL', 'CT') THEN
        SELECT l.* INTO other FROM public.leave l
         WHERE l.employee_id = r.employee_id AND l.date_from <= r.date_to AND l.date_to >= r.date_from ORDER BY l.date_from LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION '% .. % overlaps % % .. % already recorded; remove or shorten that leave first, or reject the request',
                r.date_from, r.date_to, other.type, other.date_from, other.date_to USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO public.leave (employee_id, date_from, date_to, type, reference, granted_by_request)
        VALUES (r.employee_id, r.date_from, r.date_to, r.kind, 'permohonan #' || r.id, r.id) RETURNING * INTO granted;
        PERFORM public.audit_employee_change(who, command, 'leave', nip || '/' || r.date_from, NULL, public.leave_json(granted), r.employee_id);
    ELSIF decide_request.status = 'APPROVED' THEN
        INSERT INTO public.checkin (request_id, employee_id, type, at, received_at, work_date, accepted, message, source, correction_of)
        VALUES (md5('koreksi|' || r.id)::uuid, r.employee_id, r.punch_type, r.at, now(), r.date_from, true,
                'Koreksi disetujui (permohonan #' || r.id || ')', 'KOREKSI', r.id) RETURNING * INTO punch;
        PERFORM public.audit_employee_change(who, command, 'checkin', nip || '/' || r.date_from, NULL,
            jsonb_build_object('type', punch.type, 'at', punch.at, 'workDate', punch.work_date, 'source', 'KOREKSI', 'request', r.id),
            r.employee_id);
    END IF;
    PERFORM public.audit_employee_change(who, command, 'request', r.id::text, jsonb_build_object('status', r.status),
        jsonb_build_object('status', decide_request.status, 'note', coalesce(decide_request.note, '')), r.employee_id);
END $$;
