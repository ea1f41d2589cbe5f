-- Approval chains (issue 31): a request goes through the steps its unit's rule names, as the office signs it: the
-- OPD admin (ADMIN), the unit's head or the plt recorded for the period (HEAD), BKPSDM. A rule is set per unit and
-- request kind, optionally only from a length in days or only for a day in a month about to close; the nearest unit
-- (the employee's, then up the tree) with a matching rule wins. Without a rule a request is decided once by the OPD
-- admin, as before (decide_request). The chain is copied onto the request when it is made (request_step), so a rule
-- changed later does not move requests already on their way.
--
-- Enforced here, whoever connects: a step is decided only when it is the current one, only by its actor, never by
-- the requester (a head who asks goes to the plt, else to the head of the unit above), and nothing changes once
-- the head has signed or the request is decided. Every step decision, escalation and lapse writes an audit row.

CREATE TABLE request_chain (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id        bigint      NOT NULL REFERENCES unit (id),
    kind           text        NOT NULL CHECK (kind IN ('I', 'S', 'DL', 'CT', 'LUPA_MASUK', 'LUPA_PULANG', 'DI_LUAR_LOKASI')),
    min_days       integer     NOT NULL DEFAULT 1 CHECK (min_days BETWEEN 1 AND 32),  -- only for requests of at least this many days
    closing_month  boolean     NOT NULL DEFAULT false,  -- only for a day in a month before the current one (about to close)
    UNIQUE (unit_id, kind, min_days, closing_month)
);

CREATE TABLE request_chain_step (
    chain_id        bigint   NOT NULL REFERENCES request_chain (id) ON DELETE CASCADE,
    position        smallint NOT NULL CHECK (position BETWEEN 1 AND 3),
    actor           text     NOT NULL CHECK (actor IN ('ADMIN', 'HEAD', 'BKPSDM')),
    deadline        integer  NOT NULL CHECK (deadline BETWEEN 1 AND 720),
    deadline_unit   text     NOT NULL CHECK (deadline_unit IN ('HOURS', 'WORKDAYS')),
    overdue         text     NOT NULL CHECK (overdue IN ('ESCALATE', 'LAPSE')),
    PRIMARY KEY (chain_id, position),
    UNIQUE (chain_id, actor)
);

-- The plt (pelaksana tugas) who signs for a unit's head over a period, e.g. during the head's leave.
CREATE TABLE unit_head_deputy (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id      bigint      NOT NULL REFERENCES unit (id),
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    date_from    date        NOT NULL,
    date_to      date        NOT NULL CHECK (date_to >= date_from AND date_to - date_from <= 366),
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unit_head_deputy_unit_idx ON unit_head_deputy (unit_id, date_from);

CREATE TABLE request_step (
    request_id    bigint      NOT NULL REFERENCES request (id) ON DELETE CASCADE,
    position      smallint    NOT NULL,
    actor         text        NOT NULL CHECK (actor IN ('ADMIN', 'HEAD', 'BKPSDM')),
    deadline      integer     NOT NULL,
    deadline_unit text        NOT NULL CHECK (deadline_unit IN ('HOURS', 'WORKDAYS')),
    overdue       text        NOT NULL CHECK (overdue IN ('ESCALATE', 'LAPSE')),
    status        text        NOT NULL DEFAULT 'WAITING'
                              CHECK (status IN ('WAITING', 'CURRENT', 'APPROVED', 'REJECTED', 'ESCALATED', 'LAPSED', 'CLOSED')),
    due_at        timestamptz,
    decided_at    timestamptz,
    decided_by    text,        -- the operator, or 'NIP (name)' of a head who signed from the phone
    signer_id     bigint      REFERENCES employee (id),  -- the head or plt who signed
    note          text        CHECK (length(note) <= 500),
    PRIMARY KEY (request_id, position),
    CHECK (status <> 'CURRENT' OR due_at IS NOT NULL)
);
CREATE INDEX request_step_due_idx ON request_step (due_at) WHERE status = 'CURRENT';

ALTER TABLE request_chain ENABLE ROW LEVEL SECURITY;
ALTER TABLE request_chain_step ENABLE ROW LEVEL SECURITY;
ALTER TABLE unit_head_deputy ENABLE ROW LEVEL SECURITY;
ALTER TABLE request_step ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON request_chain FOR SELECT USING (true);
CREATE POLICY everyone_reads ON request_chain_step FOR SELECT USING (true);
CREATE POLICY everyone_reads ON unit_head_deputy FOR SELECT USING (true);
CREATE POLICY bkpsdm_writes ON request_chain FOR ALL TO presensi_bkpsdm USING ((SELECT operator_sees_all())) WITH CHECK ((SELECT operator_sees_all()));
CREATE POLICY bkpsdm_writes ON request_chain_step FOR ALL TO presensi_bkpsdm USING ((SELECT operator_sees_all())) WITH CHECK ((SELECT operator_sees_all()));
CREATE POLICY bkpsdm_writes ON unit_head_deputy FOR ALL TO presensi_bkpsdm USING ((SELECT operator_sees_all())) WITH CHECK ((SELECT operator_sees_all()));
CREATE POLICY operator_scope ON request_step FOR SELECT USING (request_id IN (SELECT id FROM request));
-- the chains and deputies are BKPSDM's; the steps are written by the functions below only, for everyone
GRANT SELECT, INSERT, UPDATE, DELETE ON request_chain, request_chain_step, unit_head_deputy TO presensi_bkpsdm;
GRANT SELECT ON request_chain, request_chain_step, unit_head_deputy, request_step TO presensi_opd_admin, presensi_checkin;
GRANT SELECT ON request_step TO presensi_bkpsdm;

-- The instant a step falls due: hours after it became current, or the end of the Nth working day (no weekend, no
-- holiday) after that day in the employee's unit's zone.
CREATE FUNCTION request_step_due(since timestamptz, deadline integer, deadline_unit text, zone text) RETURNS timestamptz
    LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT CASE WHEN deadline_unit = 'HOURS' THEN since + make_interval(hours => deadline)
                ELSE ((SELECT d.day FROM (SELECT (since AT TIME ZONE zone)::date + g AS day FROM generate_series(1, deadline * 3 + 30) g) d
                        WHERE extract(isodow FROM d.day) < 6 AND NOT EXISTS (SELECT 1 FROM public.holiday h WHERE h.day = d.day)
                        ORDER BY d.day OFFSET deadline - 1 LIMIT 1) + 1)::timestamp AT TIME ZONE zone END;
END;

-- The chain that applies to a request: the nearest unit up from the employee's with a rule of its kind that matches
-- its length and month, the most specific first (a longer min_days, then the closing-month rule).
CREATE FUNCTION request_chain_for(request public.request) RETURNS bigint LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT u.id, u.parent_id, 0 FROM public.unit u JOIN public.employee e ON e.unit_id = u.id WHERE e.id = request.employee_id
        UNION ALL
        SELECT p.id, p.parent_id, up.depth + 1 FROM public.unit p JOIN up ON p.id = up.parent_id WHERE up.depth < 20)
    SELECT c.id FROM public.request_chain c JOIN up ON up.id = c.unit_id
     WHERE c.kind = request.kind AND request.date_to - request.date_from + 1 >= c.min_days
       AND (NOT c.closing_month OR request.date_from < date_trunc('month', (now() AT TIME ZONE
            (SELECT u.time_zone FROM public.unit u JOIN public.employee e ON e.unit_id = u.id WHERE e.id = request.employee_id)))::date)
     ORDER BY up.depth, c.min_days DESC, c.closing_month DESC LIMIT 1;
END;

CREATE FUNCTION employee_zone(employee bigint) RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT coalesce((SELECT u.time_zone FROM public.unit u JOIN public.employee e ON e.unit_id = u.id WHERE e.id = employee), 'Asia/Makassar');
END;

-- A new request takes its chain's steps; the first is current from now.
CREATE FUNCTION request_takes_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    chain bigint := public.request_chain_for(NEW);
BEGIN
    IF chain IS NOT NULL THEN
        INSERT INTO public.request_step (request_id, position, actor, deadline, deadline_unit, overdue, status, due_at)
        SELECT NEW.id, row_number() OVER (ORDER BY s.position), s.actor, s.deadline, s.deadline_unit, s.overdue,
               CASE WHEN row_number() OVER (ORDER BY s.position) = 1 THEN 'CURRENT' ELSE 'WAITING' END,
               CASE WHEN row_number() OVER (ORDER BY s.position) = 1
                    THEN public.request_step_due(now(), s.deadline, s.deadline_unit, public.employee_zone(NEW.employee_id)) END
          FROM public.request_chain_step s WHERE s.chain_id = chain;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER request_takes_chain AFTER INSERT ON request FOR EACH ROW EXECUTE FUNCTION request_takes_chain();

-- Who signs a request's HEAD step today: the plt recorded for the unit over today, else the head; a unit without
-- either, or whose signer is the requester, hands it to the unit above (the next level).
CREATE FUNCTION request_signer(request public.request) RETURNS bigint LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT u.id, u.parent_id, 0 FROM public.unit u JOIN public.employee e ON e.unit_id = u.id WHERE e.id = request.employee_id
        UNION ALL
        SELECT p.id, p.parent_id, up.depth + 1 FROM public.unit p JOIN up ON p.id = up.parent_id WHERE up.depth < 20)
    SELECT s.signer FROM (
        SELECT up.depth, coalesce(
                   (SELECT d.employee_id FROM public.unit_head_deputy d
                     WHERE d.unit_id = up.id AND (now() AT TIME ZONE public.employee_zone(request.employee_id))::date BETWEEN d.date_from AND d.date_to
                     ORDER BY d.recorded_at DESC LIMIT 1),
                   u.head_employee_id) AS signer
          FROM up JOIN public.unit u ON u.id = up.id) s
     WHERE s.signer IS NOT NULL AND s.signer <> request.employee_id
     ORDER BY s.depth LIMIT 1;
END;

-- The effect of an approval (leave, or the correction punch) and the request's final status, as V32's decide_request
-- wrote them; shared by the single decision and the chain's last step. For the owner's functions only.
CREATE FUNCTION request_conclude(r public.request, status text, note text, decider text, who text, command text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    other public.leave;
    granted public.leave;
    punch public.checkin;
    nip text;
BEGIN
    UPDATE public.request q SET status = request_conclude.status, note = request_conclude.note, decided_at = now(),
           decided_by = decider
     WHERE q.id = r.id;
    nip := (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = r.employee_id);
    IF request_conclude.status = 'APPROVED' AND r.kind IN ('I', 'S', 'DL', 'CT') THEN
        SELECT l.* INTO other FROM public.leave l
         WHERE l.employee_id = r.employee_id AND l.date_from <= r.date_to AND l.date_to >= r.date_from ORDER BY l.date_from LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION '% .. % overlaps % % .. % already recorded; remove or shorten that leave first, or reject the request',
                r.date_from, r.date_to, other.type, other.date_from, other.date_to USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO public.leave (employee_id, date_from, date_to, type, reference, granted_by_request)
        VALUES (r.employee_id, r.date_from, r.date_to, r.kind, 'permohonan #' || r.id, r.id) RETURNING * INTO granted;
        PERFORM public.audit_employee_change(who, command, 'leave', nip || '/' || r.date_from, NULL, public.leave_json(granted), r.employee_id);
    ELSIF request_conclude.status = 'APPROVED' THEN
        INSERT INTO public.checkin (request_id, employee_id, type, at, received_at, work_date, accepted, message, source, correction_of)
        VALUES (md5('koreksi|' || r.id)::uuid, r.employee_id, r.punch_type, r.at, now(), r.date_from, true,
                'Koreksi disetujui (permohonan #' || r.id || ')', 'KOREKSI', r.id) RETURNING * INTO punch;
        PERFORM public.audit_employee_change(who, command, 'checkin', nip || '/' || r.date_from, NULL,
            jsonb_build_object('type', punch.type, 'at', punch.at, 'workDate', punch.work_date, 'source', 'KOREKSI', 'request', r.id),
            r.employee_id);
    END IF;
    PERFORM public.audit_employee_change(who, command, 'request', r.id::text, jsonb_build_object('status', r.status),
        jsonb_build_object('status', request_conclude.status, 'note', coalesce(request_conclude.note, '')), r.employee_id);
END $$;

-- V32's single decision, for a request without a chain; one with a chain is decided step by step.
CREATE OR REPLACE FUNCTION decide_request(request bigint, status text, note text, who text, command text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r public.request;
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
    IF EXISTS (SELECT 1 FROM public.request_step s WHERE s.request_id = r.id) THEN
        RAISE EXCEPTION 'request #% goes through an approval chain; decide its current step (presensi request approve)', r.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.employee_id = r.employee_id) THEN
        RAISE EXCEPTION 'nobody decides their own request; another admin of the unit or BKPSDM does';
    END IF;
    PERFORM public.request_conclude(r, decide_request.status, decide_request.note,
        CASE WHEN public.session_is_owner() THEN who ELSE session_user END, who, command);
END $$;

-- One step's decision, by whoever the step names. signer: the employee deciding as head (derived by the caller
-- from the phone's token, or the operator's own employee), NULL for an operator's ADMIN or BKPSDM step.
CREATE FUNCTION request_step_apply(request bigint, step integer, status text, note text, signer bigint, who text, command text)
    RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r public.request;
    s public.request_step;
    signed public.request_step;
    me public.operator;
BEGIN
    SELECT q.* INTO r FROM public.request q WHERE q.id = request_step_apply.request FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no request #% in your units', request_step_apply.request;
    END IF;
    IF request_step_apply.status NOT IN ('APPROVED', 'REJECTED') THEN
        RAISE EXCEPTION 'a request is approved or rejected, not %', request_step_apply.status USING ERRCODE = 'check_violation';
    END IF;
    SELECT x.* INTO signed FROM public.request_step x WHERE x.request_id = r.id AND x.actor = 'HEAD' AND x.status = 'APPROVED';
    IF FOUND AND signed.position >= request_step_apply.step THEN
        RAISE EXCEPTION 'request #% is locked: the head signed it (%)', r.id, signed.decided_by USING ERRCODE = 'check_violation';
    END IF;
    IF r.status <> 'PENDING' THEN
        RAISE EXCEPTION 'request #% was already % by %', r.id, lower(r.status), r.decided_by USING ERRCODE = 'check_violation';
    END IF;
    SELECT x.* INTO s FROM public.request_step x WHERE x.request_id = r.id AND x.status = 'CURRENT';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'request #% has no approval chain; decide it once (presensi request approve)', r.id USING ERRCODE = 'check_violation';
    END IF;
    IF s.position <> request_step_apply.step THEN
        RAISE EXCEPTION 'request #% is at step % (%); step % cannot be decided now', r.id, s.position, s.actor, request_step_apply.step
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT o.* INTO me FROM public.operator o WHERE o.name = session_user AND NOT o.disabled;
    IF signer = r.employee_id OR (me.employee_id IS NOT NULL AND me.employee_id = r.employee_id) THEN
        RAISE EXCEPTION 'nobody decides their own request; another admin of the unit or BKPSDM does';
    END IF;
    IF s.actor = 'HEAD' THEN
        IF signer IS NULL OR signer IS DISTINCT FROM public.request_signer(r) THEN
            RAISE EXCEPTION 'step % of request #% is the head''s (or the plt''s) to sign', s.position, r.id;
        END IF;
    ELSIF s.actor = 'ADMIN' THEN
        IF signer IS NOT NULL OR NOT (public.session_is_owner()
                OR (me.role = 'OPD_ADMIN' AND EXISTS (SELECT 1 FROM public.employee e WHERE e.id = r.employee_id
                                                        AND e.unit_id IN (SELECT public.operator_units())))) THEN
            RAISE EXCEPTION 'step % of request #% is the OPD admin''s to decide', s.position, r.id;
        END IF;
    ELSIF signer IS NOT NULL OR NOT (public.session_is_owner() OR me.role = 'BKPSDM') THEN
        RAISE EXCEPTION 'step % of request #% is BKPSDM''s to decide', s.position, r.id;
    END IF;
    UPDATE public.request_step x SET status = request_step_apply.status, decided_at = now(), note = request_step_apply.note,
           signer_id = request_step_apply.signer,
           decided_by = CASE WHEN public.session_is_owner() OR me.name IS NULL THEN who ELSE session_user END
     WHERE x.request_id = r.id AND x.position = s.position RETURNING * INTO signed;
    PERFORM public.audit_employee_change(who, command, 'request_step', r.id || '/' || s.position,
        jsonb_build_object('status', 'CURRENT', 'actor', s.actor),
        jsonb_build_object('status', request_step_apply.status, 'actor', s.actor, 'by', signed.decided_by, 'note', coalesce(request_step_apply.note, '')),
        r.employee_id);
    IF request_step_apply.status = 'REJECTED' THEN
        UPDATE public.request_step x SET status = 'CLOSED' WHERE x.request_id = r.id AND x.status = 'WAITING';
        PERFORM public.request_conclude(r, 'REJECTED', request_step_apply.note, signed.decided_by, who, command);
    ELSIF NOT public.request_next_step(r, s.position) THEN
        PERFORM public.request_conclude(r, 'APPROVED', request_step_apply.note, signed.decided_by, who, command);
    END IF;
END $$;

-- Makes the step after this one current, its deadline counted from now; false when there is none.
CREATE FUNCTION request_next_step(r public.request, after integer) RETURNS boolean LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE public.request_step x SET status = 'CURRENT',
           due_at = public.request_step_due(now(), x.deadline, x.deadline_unit, public.employee_zone(r.employee_id))
     WHERE x.request_id = r.id AND x.position = (SELECT min(y.position) FROM public.request_step y
                                                  WHERE y.request_id = r.id AND y.position > after AND y.status = 'WAITING');
    RETURN FOUND;
END $$;

-- An operator decides a step (ADMIN, BKPSDM, or HEAD when the operator is the head or plt as an employee).
CREATE FUNCTION decide_request_step(request bigint, step integer, status text, note text, who text, command text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    me public.operator;
    r public.request;
BEGIN
    SELECT q.* INTO r FROM public.request q WHERE q.id = decide_request_step.request;
    IF NOT FOUND OR NOT public.operator_may_change(r.employee_id) THEN
        RAISE EXCEPTION 'no request #% in your units', decide_request_step.request;
    END IF;
    SELECT o.* INTO me FROM public.operator o WHERE o.name = session_user AND NOT o.disabled;
    PERFORM public.request_step_apply(decide_request_step.request, decide_request_step.step, decide_request_step.status,
        decide_request_step.note,
        CASE WHEN (SELECT x.actor FROM public.request_step x WHERE x.request_id = r.id AND x.position = decide_request_step.step) = 'HEAD'
             THEN me.employee_id END,
        who, command);
END $$;

-- A head (or plt) signs from the phone. The check-in service passes the phone's bearer token as it came; the
-- employee is the token's own (stored hashed, so a service connection cannot act for someone without their phone).
CREATE FUNCTION phone_decide_request(token text, request bigint, status text, note text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    signer bigint;
    label text;
    step integer;
BEGIN
    SELECT d.employee_id, coalesce(e.nip, e.nik) || ' (' || e.name || ')' INTO signer, label
      FROM public.device d JOIN public.employee e ON e.id = d.employee_id
     WHERE d.token_hash = sha256(convert_to(phone_decide_request.token, 'UTF8')) AND d.retired_at IS NULL;
    IF signer IS NULL THEN
        RAISE EXCEPTION 'no such phone';
    END IF;
    -- the phone signs the HEAD step only; the turn and the lock are checked as for everyone
    step := (SELECT min(x.position) FROM public.request_step x WHERE x.request_id = phone_decide_request.request AND x.actor = 'HEAD');
    IF step IS NULL THEN
        RAISE EXCEPTION 'no request #% in your units', phone_decide_request.request;
    END IF;
    PERFORM public.request_step_apply(phone_decide_request.request, step, phone_decide_request.status, phone_decide_request.note,
        signer, label, 'halaman presensi: persetujuan');
END $$;

-- What waits for the phone's employee to sign now (as head or plt).
CREATE FUNCTION phone_requests_to_sign(token text) RETURNS TABLE (request_id bigint, step integer, due_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT s.request_id, s.position::integer, s.due_at
      FROM public.request_step s JOIN public.request r ON r.id = s.request_id
     WHERE s.status = 'CURRENT' AND s.actor = 'HEAD' AND r.status = 'PENDING'
       AND public.request_signer(r) = (SELECT d.employee_id FROM public.device d
                                        WHERE d.token_hash = sha256(convert_to(phone_requests_to_sign.token, 'UTF8')) AND d.retired_at IS NULL)
     ORDER BY s.due_at;
END;

-- Steps past their deadline: ESCALATE hands the request to the next step (the last step's escalation lapses it),
-- LAPSE rejects it as expired. Each audited; run again, it finds nothing more to do.
CREATE FUNCTION request_escalate(who text, command text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    s public.request_step;
    r public.request;
    due bigint;
    done integer := 0;
    moved boolean;
    decider text := CASE WHEN public.session_is_owner() THEN who ELSE session_user END;
BEGIN
    IF NOT (public.session_is_owner() OR EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.role = 'BKPSDM' AND NOT o.disabled)) THEN
        RAISE EXCEPTION 'only BKPSDM runs the escalation of overdue steps';
    END IF;
    -- the request is locked first, as a decision does, and the step read again under that lock
    FOR due IN SELECT x.request_id FROM public.request_step x WHERE x.status = 'CURRENT' AND x.due_at <= now() ORDER BY x.due_at LOOP
        SELECT q.* INTO r FROM public.request q WHERE q.id = due FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND OR r.status <> 'PENDING';
        SELECT x.* INTO s FROM public.request_step x WHERE x.request_id = due AND x.status = 'CURRENT' AND x.due_at <= now();
        CONTINUE WHEN NOT FOUND;
        moved := s.overdue = 'ESCALATE' AND EXISTS (SELECT 1 FROM public.request_step y WHERE y.request_id = r.id AND y.position > s.position AND y.status = 'WAITING');
        UPDATE public.request_step x SET status = CASE WHEN moved THEN 'ESCALATED' ELSE 'LAPSED' END, decided_at = now(), decided_by = decider,
               note = 'batas waktu ' || to_char(s.due_at AT TIME ZONE public.employee_zone(r.employee_id), 'YYYY-MM-DD HH24:MI') || ' lewat'
         WHERE x.request_id = s.request_id AND x.position = s.position;
        PERFORM public.audit_employee_change(who, command, 'request_step', r.id || '/' || s.position,
            jsonb_build_object('status', 'CURRENT', 'actor', s.actor, 'due', s.due_at),
            jsonb_build_object('status', CASE WHEN moved THEN 'ESCALATED' ELSE 'LAPSED' END, 'actor', s.actor), r.employee_id);
        IF moved THEN
            PERFORM public.request_next_step(r, s.position);
        ELSE
            UPDATE public.request_step x SET status = 'CLOSED' WHERE x.request_id = r.id AND x.status = 'WAITING';
            PERFORM public.request_conclude(r, 'REJECTED', 'Kedaluwarsa: langkah ' || s.position || ' tidak diputuskan sebelum batas waktunya',
                decider, who, command);
        END IF;
        done := done + 1;
    END LOOP;
    RETURN done;
END $$;

-- V15's stamp names the session user; a chain's last step names its signer (a head from the phone is not a login).
CREATE OR REPLACE FUNCTION request_decision() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.status <> 'PENDING' THEN
        RAISE EXCEPTION 'request % was already %', OLD.id, lower(OLD.status) USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.employee_id = OLD.employee_id) THEN
        RAISE EXCEPTION 'nobody decides their own request; another admin of the unit or BKPSDM does';
    END IF;
    IF NOT public.session_is_owner() AND NOT EXISTS (SELECT 1 FROM public.request_step s WHERE s.request_id = OLD.id) THEN
        NEW.decided_by := session_user;
    END IF;
    IF NOT public.session_is_owner() THEN
        NEW.decided_at := now();
    END IF;
    NEW.employee_id := OLD.employee_id; NEW.kind := OLD.kind; NEW.date_from := OLD.date_from; NEW.date_to := OLD.date_to;
    NEW.at := OLD.at; NEW.reason := OLD.reason; NEW.request_id := OLD.request_id; NEW.submitted_at := OLD.submitted_at;
    RETURN NEW;
END $$;

-- A request with a chain is concluded only through its steps, also for BKPSDM's direct rights on request (V15).
CREATE FUNCTION request_follows_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND EXISTS (SELECT 1 FROM public.request_step s WHERE s.request_id = OLD.id) AND (
           (NEW.status = 'APPROVED' AND EXISTS (SELECT 1 FROM public.request_step s WHERE s.request_id = OLD.id
                                                   AND s.status NOT IN ('APPROVED', 'ESCALATED')))
        OR (NEW.status = 'REJECTED' AND NOT EXISTS (SELECT 1 FROM public.request_step s WHERE s.request_id = OLD.id
                                                      AND s.status IN ('REJECTED', 'LAPSED')))) THEN
        RAISE EXCEPTION 'request #% goes through an approval chain; decide its current step (presensi request approve)', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER request_follows_chain BEFORE UPDATE ON request FOR EACH ROW EXECUTE FUNCTION request_follows_chain();

REVOKE EXECUTE ON FUNCTION request_step_due(timestamptz, integer, text, text), request_chain_for(public.request), employee_zone(bigint),
    request_signer(public.request), request_conclude(public.request, text, text, text, text, text),
    request_step_apply(bigint, integer, text, text, bigint, text, text), request_next_step(public.request, integer),
    decide_request_step(bigint, integer, text, text, text, text), phone_decide_request(text, bigint, text, text),
    phone_requests_to_sign(text), request_escalate(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION decide_request_step(bigint, integer, text, text, text, text) TO presensi_bkpsdm, presensi_opd_admin;
GRANT EXECUTE ON FUNCTION request_escalate(text, text) TO presensi_bkpsdm;
GRANT EXECUTE ON FUNCTION phone_decide_request(text, bigint, text, text), phone_requests_to_sign(text) TO presensi_checkin;
-- who is to sign a HEAD step, for the listings (both read as the caller, within their scope)
GRANT EXECUTE ON FUNCTION request_signer(public.request), employee_zone(bigint) TO presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
