-- Two additions to the approval chains (issue 31, V35), enforced for psql as much as for the commands:
--
-- 1. A cuti tahunan (CT) is approved only within the employee's balance, checked here at the final approval (the single
--    decision or the chain's last step, both through request_conclude) under a lock per employee. Until now the recheck
--    was in Java only, so an operator deciding through psql could approve a CT past the balance. The balance is the
--    ledger of LeaveBalances/AnnualLeaveLedger worked out again in SQL (leave_balance_remaining); LeaveBalancesSqlTest
--    keeps the two equal.
-- 2. OPD_HEAD, a step for the Kepala OPD: the head of the employee's OPD, the unit just below a top-level unit (the
--    regency, e.g. PEMKAB > DINKES > PKM-TG gives DINKES), or the top-level unit itself for its own staff. The plt
--    recorded for the OPD over today signs instead, as for HEAD; a Kepala OPD's own request goes to the plt, else to
--    the head above. A chain may now have four steps (ADMIN, HEAD, OPD_HEAD, BKPSDM).

-- The working days (Monday to Friday, not a holiday or cuti bersama day) of a period that fall in a year, as
-- RequestStore.workingDaysByYear and LeaveBalanceStore count them.
CREATE FUNCTION leave_working_days(date_from date, date_to date, of_year integer) RETURNS integer LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT count(*)::integer
      FROM generate_series(greatest(date_from, make_date(of_year, 1, 1)), least(date_to, make_date(of_year, 12, 31)), interval '1 day') AS d(day)
     WHERE extract(isodow FROM d.day) < 6 AND NOT EXISTS (SELECT 1 FROM public.holiday x WHERE x.day = d.day::date);
END;

-- What remains of an employee's cuti tahunan in a year (below zero when more was taken), as LeaveBalances computes it:
-- the ledger starts in the latest year with an opening balance, else the year Presensi first knew the employee, at
-- most ten years back; a year brings its entitlement (PNS 12, PPPK the rule file's cuti_tahunan_pppk_hari, PTT none)
-- plus what the year before left within PP 11/2017 Pasal 313's cap (18 days, 24 after two years without cuti
-- tahunan), or its opening balance instead; less cuti bersama where the rule file charges it (ASN only) and CT leave.
-- The rule file's two keys are top-level YAML scalars, read by pattern here (the file is parsed and checked by Java
-- when it is stored); without a file, or with a CSV table, the defaults apply as in DeductionRules.
CREATE FUNCTION leave_balance_remaining(person bigint, of_year integer) RETURNS integer LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    kind text;
    since integer;
    first_year integer;
    y integer;
    doc text;
    entitlement integer;
    charged integer;
    taken integer;
    opening integer;
    carried integer;
    remaining integer;
    last_taken integer;
    before_last_taken integer;
    years integer := 0;
BEGIN
    SELECT e.type, extract(year FROM e.created_at)::integer INTO kind, since FROM public.employee e WHERE e.id = person;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no employee #%', person;
    END IF;
    first_year := coalesce((SELECT max(o.year) FROM public.leave_opening_balance o
                             WHERE o.employee_id = person AND o.year BETWEEN of_year - 10 AND of_year),
                           greatest(since, of_year - 10));
    first_year := least(greatest(first_year, of_year - 10), of_year);
    FOR y IN first_year .. of_year LOOP
        doc := (SELECT t.document FROM public.deduction_table t WHERE t.valid_from <= make_date(y, 12, 31) ORDER BY t.valid_from DESC LIMIT 1);
        entitlement := CASE kind WHEN 'PNS' THEN 12
                                 WHEN 'PPPK' THEN coalesce(substring(doc FROM '(?n)^cuti_tahunan_pppk_hari:[ \t]*([0-9]+)')::integer, 12)
                                 ELSE 0 END;
        charged := CASE WHEN kind <> 'PTT' AND coalesce(lower(substring(doc FROM '(?n)^cuti_bersama_potong_cuti_tahunan:[ \t]*["'']?([A-Za-z]+)'))
                                                         NOT IN ('false', 'no', 'off'), true)
                        THEN (SELECT count(*)::integer FROM public.holiday h
                               WHERE h.kind = 'CUTI_BERSAMA' AND extract(isodow FROM h.day) < 6 AND h.day BETWEEN make_date(y, 1, 1) AND make_date(y, 12, 31))
                        ELSE 0 END;
        taken := (SELECT coalesce(sum(public.leave_working_days(l.date_from, l.date_to, y)), 0)::integer FROM public.leave l
                   WHERE l.type = 'CT' AND l.employee_id = person AND l.date_from <= make_date(y, 12, 31) AND l.date_to >= make_date(y, 1, 1));
        opening := (SELECT o.days FROM public.leave_opening_balance o WHERE o.employee_id = person AND o.year = y);
        carried := CASE WHEN years = 0 OR entitlement = 0 THEN 0
                        ELSE greatest(0, least(remaining, CASE WHEN years >= 2 AND last_taken = 0 AND before_last_taken = 0 THEN 24 ELSE 18 END
                                                          - entitlement)) END;
        remaining := coalesce(opening, entitlement + carried) - charged - taken;
        before_last_taken := last_taken;
        last_taken := taken;
        years := years + 1;
    END LOOP;
    RETURN remaining;
END $$;

-- V35's conclusion, with the balance checked before a CT's leave is written: each year's part of the request (a CT
-- over the new year counts against both years) must fit that year's balance. The lock per employee (the key
-- RequestDecisions used) is held to the end of the transaction, so a second approval waits and then counts the first
-- one's leave: the balance is read by a statement that starts after the lock is granted.
CREATE OR REPLACE FUNCTION request_conclude(r public.request, status text, note text, decider text, who text, command text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    other public.leave;
    granted public.leave;
    punch public.checkin;
    nip text;
    y integer;
    asked integer;
    remaining integer;
BEGIN
    IF request_conclude.status = 'APPROVED' AND r.kind = 'CT' THEN
        PERFORM pg_advisory_xact_lock(hashtext('leave-balance'), r.employee_id::integer);
        FOR y IN extract(year FROM r.date_from)::integer .. extract(year FROM r.date_to)::integer LOOP
            asked := public.leave_working_days(r.date_from, r.date_to, y);
            remaining := public.leave_balance_remaining(r.employee_id, y);
            IF asked > 0 AND asked > remaining THEN
                RAISE EXCEPTION 'request #% asks % working day(s) of cuti tahunan in % but only % remain in that year''s balance; reject it or correct the balance first',
                    r.id, asked, y, greatest(0, remaining) USING ERRCODE = 'check_violation';
            END IF;
        END LOOP;
    END IF;
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

-- 2. The Kepala OPD's step.
ALTER TABLE request_chain_step DROP CONSTRAINT request_chain_step_actor_check,
    ADD CONSTRAINT request_chain_step_actor_check CHECK (actor IN ('ADMIN', 'HEAD', 'OPD_HEAD', 'BKPSDM')),
    DROP CONSTRAINT request_chain_step_position_check,
    ADD CONSTRAINT request_chain_step_position_check CHECK (position BETWEEN 1 AND 4);
ALTER TABLE request_step DROP CONSTRAINT request_step_actor_check,
    ADD CONSTRAINT request_step_actor_check CHECK (actor IN ('ADMIN', 'HEAD', 'OPD_HEAD', 'BKPSDM'));

-- Who signs a request's OPD_HEAD step today: as request_signer, but from the employee's OPD up (the unit whose parent
-- is a top-level unit, or a top-level unit itself), so a puskesmas' staff reach the kepala dinas, not the puskesmas' head.
CREATE FUNCTION request_opd_signer(request public.request) RETURNS bigint LANGUAGE sql STABLE
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
          FROM up JOIN public.unit u ON u.id = up.id
         WHERE up.depth >= (SELECT min(o.depth) FROM up o
                             WHERE o.parent_id IS NULL OR EXISTS (SELECT 1 FROM public.unit p WHERE p.id = o.parent_id AND p.parent_id IS NULL))) s
     WHERE s.signer IS NOT NULL AND s.signer <> request.employee_id
     ORDER BY s.depth LIMIT 1;
END;

-- Who signs a step of this actor today (NULL for the operators' ADMIN and BKPSDM steps).
CREATE FUNCTION request_step_signer(request public.request, actor text) RETURNS bigint LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT CASE actor WHEN 'HEAD' THEN public.request_signer(request) WHEN 'OPD_HEAD' THEN public.request_opd_signer(request) END;
END;

-- V35's step decision with OPD_HEAD signed as HEAD is (by its signer, the lock after either head's signature).
CREATE OR REPLACE FUNCTION request_step_apply(request bigint, step integer, status text, note text, signer bigint, who text, command text)
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
    SELECT x.* INTO signed FROM public.request_step x WHERE x.request_id = r.id AND x.actor IN ('HEAD', 'OPD_HEAD') AND x.status = 'APPROVED'
     ORDER BY x.position DESC LIMIT 1;
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
    ELSIF s.actor = 'OPD_HEAD' THEN
        IF signer IS NULL OR signer IS DISTINCT FROM public.request_opd_signer(r) THEN
            RAISE EXCEPTION 'step % of request #% is the Kepala OPD''s (or the plt''s) to sign', s.position, r.id;
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

-- An operator who is the head, the Kepala OPD or their plt as an employee signs those steps as that employee.
CREATE OR REPLACE FUNCTION decide_request_step(request bigint, step integer, status text, note text, who text, command text) RETURNS void
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
        CASE WHEN (SELECT x.actor FROM public.request_step x WHERE x.request_id = r.id AND x.position = decide_request_step.step)
                  IN ('HEAD', 'OPD_HEAD')
             THEN me.employee_id END,
        who, command);
END $$;

-- V40's phone decision: the phone signs the current step when it is a head's (HEAD or OPD_HEAD), else it is told
-- about the first head's step (out of turn, or locked). A stranger's phone learns nothing, as in V40.
CREATE OR REPLACE FUNCTION phone_decide_request(token text, request bigint, status text, note text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    signer bigint;
    label text;
    step integer;
    r public.request;
BEGIN
    SELECT d.employee_id, coalesce(e.nip, e.nik) || ' (' || e.name || ')' INTO signer, label
      FROM public.device d JOIN public.employee e ON e.id = d.employee_id
     WHERE d.token_hash = sha256(convert_to(phone_decide_request.token, 'UTF8')) AND d.retired_at IS NULL;
    IF signer IS NULL THEN
        RAISE EXCEPTION 'no such phone';
    END IF;
    step := coalesce(
        (SELECT x.position FROM public.request_step x WHERE x.request_id = phone_decide_request.request AND x.status = 'CURRENT'
                                                       AND x.actor IN ('HEAD', 'OPD_HEAD')),
        (SELECT min(x.position) FROM public.request_step x WHERE x.request_id = phone_decide_request.request AND x.actor IN ('HEAD', 'OPD_HEAD')));
    IF step IS NULL THEN
        RAISE EXCEPTION 'no request #% in your units', phone_decide_request.request;
    END IF;
    SELECT q.* INTO r FROM public.request q WHERE q.id = phone_decide_request.request;
    IF NOT (r.employee_id = signer OR public.request_signer(r) IS NOT DISTINCT FROM signer
            OR public.request_opd_signer(r) IS NOT DISTINCT FROM signer
            OR EXISTS (SELECT 1 FROM public.request_step x WHERE x.request_id = r.id AND x.signer_id = signer)) THEN
        RAISE EXCEPTION 'step % of request #% is the head''s (or the plt''s) to sign', step, r.id;
    END IF;
    PERFORM public.request_step_apply(phone_decide_request.request, step, phone_decide_request.status, phone_decide_request.note,
        signer, label, 'halaman presensi: persetujuan');
END $$;

CREATE OR REPLACE FUNCTION phone_requests_to_sign(token text) RETURNS TABLE (request_id bigint, step integer, due_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT s.request_id, s.position::integer, s.due_at
      FROM public.request_step s JOIN public.request r ON r.id = s.request_id
     WHERE s.status = 'CURRENT' AND s.actor IN ('HEAD', 'OPD_HEAD') AND r.status = 'PENDING'
       AND public.request_step_signer(r, s.actor) = (SELECT d.employee_id FROM public.device d
                                        WHERE d.token_hash = sha256(convert_to(phone_requests_to_sign.token, 'UTF8')) AND d.retired_at IS NULL)
     ORDER BY s.due_at;
END;

-- V42's reminder to whoever signs next (one ring per window, the rest folded), for the Kepala OPD's step too.
CREATE OR REPLACE FUNCTION request_step_waiting_reminder() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r public.request;
    signer bigint;
    gate public.approval_reminder_gate;
    window_length interval;
    key text;
BEGIN
    SELECT q.* INTO r FROM public.request q WHERE q.id = NEW.request_id;
    signer := public.request_step_signer(r, NEW.actor);
    IF signer IS NULL OR public.reminder_minutes(signer, 'APPROVAL_WAITING') IS NULL THEN
        RETURN NULL;
    END IF;
    window_length := make_interval(mins => coalesce(nullif(public.reminder_minutes(signer, 'APPROVAL_WAITING'), 0), 15));
    INSERT INTO public.approval_reminder_gate AS g (head_id, last_ring) VALUES (signer, '-infinity')
    ON CONFLICT (head_id) DO NOTHING;
    SELECT g.* INTO gate FROM public.approval_reminder_gate g WHERE g.head_id = signer FOR UPDATE;
    IF gate.last_ring <= now() - window_length THEN -- quiet: ring now
        UPDATE public.approval_reminder_gate g SET last_ring = now(), folded = 0 WHERE g.head_id = signer;
        PERFORM public.reminder_enqueue(signer, 'APPROVAL_WAITING', 'APPROVAL|' || NEW.request_id || '|' || NEW.position, now(),
                                        interval '1 day');
        RETURN NULL;
    END IF;
    IF gate.last_ring <= now() THEN -- rang within the window: a folded ring when it ends
        gate.last_ring := gate.last_ring + window_length;
        gate.folded := 0;
    END IF;
    gate.folded := gate.folded + 1;
    UPDATE public.approval_reminder_gate g SET last_ring = gate.last_ring, folded = gate.folded WHERE g.head_id = signer;
    key := 'APPROVALS|' || signer || '|' || floor(extract(epoch FROM gate.last_ring))::bigint;
    PERFORM public.reminder_enqueue(signer, 'APPROVAL_WAITING', key, gate.last_ring, interval '1 day');
    -- the text reminder_enqueue wrote, with the count; due when the window ends (rows already taken keep their count)
    UPDATE public.reminder_outbox o
       SET next_attempt_at = gate.last_ring,
           payload = o.payload || jsonb_build_object('waiting', gate.folded, 'title', 'Persetujuan menunggu',
               'body', (o.payload ->> 'firstName') || ', ' || gate.folded || ' permohonan menunggu persetujuan Anda (pukul '
                       || (o.payload ->> 'time') || ').')
     WHERE o.dedupe_key IN (SELECT key || '|P' || s.id FROM public.push_subscription s WHERE s.employee_id = signer
                            UNION ALL SELECT key || '|W' || w.unit_id FROM public.unit_webhook w)
       AND o.status = 'PENDING' AND o.leased_by IS NULL;
    RETURN NULL;
END $$;
DROP TRIGGER request_step_waiting_reminder ON request_step;
CREATE TRIGGER request_step_waiting_reminder AFTER INSERT OR UPDATE OF status ON request_step
    FOR EACH ROW WHEN (NEW.actor IN ('HEAD', 'OPD_HEAD') AND NEW.status = 'CURRENT') EXECUTE FUNCTION request_step_waiting_reminder();

REVOKE EXECUTE ON FUNCTION leave_working_days(date, date, integer), leave_balance_remaining(bigint, integer),
    request_opd_signer(public.request), request_step_signer(public.request, text) FROM PUBLIC;
-- who is to sign a head's step, for the listings (read as the caller, within their scope)
GRANT EXECUTE ON FUNCTION request_opd_signer(public.request), request_step_signer(public.request, text)
    TO presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
