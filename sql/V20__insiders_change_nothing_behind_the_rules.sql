-- Insiders change nothing behind the rules. An OPD admin with psql could write attendance records, check-ins,
-- leave, WFA days, devices and titip-absen signals of their units directly, with no audit row and none of the
-- commands' checks. Here they lose those writes: every change an OPD admin may make goes through one of the
-- SECURITY DEFINER functions below, which apply the commands' checks (the employee in the admin's units, the
-- request's own employee, days and time, nobody deciding or granting for themselves, the late-data window for
-- attendance) and write the audit row themselves. The triggers keep doing the rest for everyone (closed months,
-- the WFA limits). BKPSDM and the owner keep their direct rights; the stores call the same functions for them.
--
-- Every function has a pinned search_path (pg_temp last) and names our objects schema-qualified; it runs as the
-- owner, so row-level security does not apply inside it and each one checks the scope itself.

-- 1. The direct writes go. An OPD admin still reads these tables (V7, V14-V17 grants) within their scope.
REVOKE INSERT, UPDATE, DELETE ON attendance, device, leave, wfa_day, anomaly_signal, checkin FROM presensi_opd_admin;
REVOKE UPDATE ON request FROM presensi_opd_admin;
REVOKE UPDATE (status, decided_at, decided_by, note) ON request FROM presensi_opd_admin;
-- V15's restrictive policy bound an admin's check-in to an approved request, not to that request's employee and
-- time; the check-in of an approval is now written by decide_request() from the request itself.
DROP POLICY corrections_only ON checkin;

-- 2. Closed months, on the old AND the new rows of an update: moving a record into a closed month is refused too.
CREATE FUNCTION refuse_closed_updates() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.closed_month) AND EXISTS (
            SELECT 1 FROM (SELECT o.employee_id, o.work_date FROM old_rows o UNION SELECT n.employee_id, n.work_date FROM new_rows n) c
             WHERE c.work_date IS NOT NULL AND public.day_is_closed(c.employee_id, c.work_date)) THEN
        RAISE EXCEPTION 'a closed month''s days cannot change, nor can a day be moved into one; BKPSDM can reopen the month (presensi month reopen)'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER refuse_closed_updates ON attendance;
CREATE TRIGGER refuse_closed_updates AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_closed_updates();
CREATE TRIGGER refuse_closed_updates AFTER UPDATE ON checkin REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_closed_updates();

-- 3. Nobody grants themselves leave or WFA days, whoever they are and however they write (as request approval
--    already refuses deciding one's own request).
CREATE FUNCTION refuse_own_grant() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    touched bigint[] := ARRAY[]::bigint[];
BEGIN
    IF TG_OP <> 'INSERT' THEN
        touched := touched || OLD.employee_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        touched := touched || NEW.employee_id;
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.employee_id = ANY(touched)) THEN
        RAISE EXCEPTION 'nobody grants themselves leave or WFA days; another admin of the unit or BKPSDM does'
           ;
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER refuse_own_grant BEFORE INSERT OR UPDATE OR DELETE ON leave FOR EACH ROW EXECUTE FUNCTION refuse_own_grant();
CREATE TRIGGER refuse_own_grant BEFORE INSERT OR UPDATE OR DELETE ON wfa_day FOR EACH ROW EXECUTE FUNCTION refuse_own_grant();

-- 4. Helpers of the functions below, for the owner only (the functions run as the owner).
-- Whether the session's operator may change this employee's data: everyone for BKPSDM and the owner, the staff of
-- the admin's units for an OPD admin.
CREATE FUNCTION operator_may_change(of_employee bigint) RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT public.operator_sees_all()
        OR EXISTS (SELECT 1 FROM public.employee e WHERE e.id = of_employee AND e.unit_id IN (SELECT public.operator_units()));
END;

-- An audit row about one employee, filed under their unit; the stamp trigger (V8) writes the real session user.
CREATE FUNCTION audit_employee_change(who text, command text, entity text, entity_key text, before jsonb, after jsonb,
                                      of_employee bigint) RETURNS void LANGUAGE sql
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    SELECT audit_employee_change.who, audit_employee_change.command, audit_employee_change.entity, audit_employee_change.entity_key,
           audit_employee_change.before, audit_employee_change.after, e.unit_id
      FROM public.employee e
     WHERE e.id = audit_employee_change.of_employee AND audit_employee_change.before IS DISTINCT FROM audit_employee_change.after;
END;

CREATE FUNCTION leave_json(l public.leave) RETURNS jsonb LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT CASE WHEN l.id IS NULL THEN NULL
                ELSE jsonb_build_object('from', l.date_from, 'to', l.date_to, 'type', l.type, 'reference', l.reference) END;
END;

REVOKE EXECUTE ON FUNCTION operator_may_change(bigint), audit_employee_change(text, text, text, text, jsonb, jsonb, bigint),
    leave_json(public.leave) FROM PUBLIC;

-- 5. Requests. A decision and its effect are one call: the effect (leave over the request's days, or the
--    correction punch at the request's time, for the request's employee and day) is taken from the request
--    itself, so no check-in or leave can cite a request of someone else or another day. request_decision (V15)
--    refuses deciding one's own request and stamps who decided.
CREATE FUNCTION decide_request(request bigint, status text, note text, who text, command text) RETURNS void
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
    IF decide_request.status = 'APPROVED' AND r.kind IN ('I', 'S', 'DL') THEN
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

-- 6. Leave recorded by an operator (leave add, leave import, leave remove): the employee in the operator's units;
--    overlaps are refused by the table's exclusion constraint, closed months and one's own leave by triggers.
CREATE FUNCTION leave_put(employee bigint, date_from date, date_to date, type text, reference text, who text, command text)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    old_leave public.leave;
    new_leave public.leave;
BEGIN
    IF NOT public.operator_may_change(leave_put.employee) THEN
        RAISE EXCEPTION 'no employee #% in your units', leave_put.employee;
    END IF;
    DELETE FROM public.leave l WHERE l.employee_id = leave_put.employee AND l.date_from = leave_put.date_from RETURNING l.* INTO old_leave;
    INSERT INTO public.leave (employee_id, date_from, date_to, type, reference)
    VALUES (leave_put.employee, leave_put.date_from, leave_put.date_to, leave_put.type, leave_put.reference) RETURNING * INTO new_leave;
    PERFORM public.audit_employee_change(who, command, 'leave',
        (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = leave_put.employee) || '/' || leave_put.date_from,
        public.leave_json(old_leave), public.leave_json(new_leave), leave_put.employee);
END $$;

CREATE FUNCTION leave_remove(employee bigint, date_from date, who text, command text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    old_leave public.leave;
BEGIN
    IF NOT public.operator_may_change(leave_remove.employee) THEN
        RAISE EXCEPTION 'no employee #% in your units', leave_remove.employee;
    END IF;
    DELETE FROM public.leave l WHERE l.employee_id = leave_remove.employee AND l.date_from = leave_remove.date_from RETURNING l.* INTO old_leave;
    PERFORM public.audit_employee_change(who, command, 'leave',
        (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = leave_remove.employee) || '/' || leave_remove.date_from,
        public.leave_json(old_leave), NULL, leave_remove.employee);
    RETURN old_leave.id IS NOT NULL;
END $$;

-- 7. WFA days: the employees in the operator's units; the weekly limit and the discipline rule (3 TK days in the
--    year, PP 94/2021) stay wfa_day_allowed's (V16), which reads attendance records an admin can no longer rewrite.
--    One audit row per employee whose days changed, filed under their unit.
CREATE FUNCTION wfa_grant(employees bigint[], dates date[], who text, command text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    added integer;
BEGIN
    IF EXISTS (SELECT 1 FROM unnest(employees) x(id) WHERE x.id IS NULL OR NOT public.operator_may_change(x.id)) THEN
        RAISE EXCEPTION 'WFA days only for staff of your units';
    END IF;
    WITH granted AS (
            INSERT INTO public.wfa_day (employee_id, work_date, granted_by)
            SELECT x.id, d.day, CASE WHEN public.session_is_owner() THEN who ELSE session_user END FROM unnest(employees) x(id), unnest(dates) d(day)
            ON CONFLICT (employee_id, work_date) DO NOTHING RETURNING employee_id, work_date),
         audited AS (
            SELECT public.audit_employee_change(who, command, 'wfa_day', coalesce(e.nip, e.nik), NULL,
                       jsonb_build_object('granted', jsonb_agg(g.work_date ORDER BY g.work_date)), e.id)
              FROM granted g JOIN public.employee e ON e.id = g.employee_id GROUP BY e.id)
    SELECT (SELECT count(*) FROM granted) INTO added FROM (SELECT count(*) FROM audited) a;
    RETURN added;
END $$;

CREATE FUNCTION wfa_revoke(employees bigint[], dates date[], who text, command text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    removed integer;
BEGIN
    IF EXISTS (SELECT 1 FROM unnest(employees) x(id) WHERE x.id IS NULL OR NOT public.operator_may_change(x.id)) THEN
        RAISE EXCEPTION 'WFA days only for staff of your units';
    END IF;
    WITH withdrawn AS (
            DELETE FROM public.wfa_day w WHERE w.employee_id = ANY(employees) AND w.work_date = ANY(dates)
            RETURNING w.employee_id, w.work_date),
         audited AS (
            SELECT public.audit_employee_change(who, command, 'wfa_day', coalesce(e.nip, e.nik),
                       jsonb_build_object('granted', jsonb_agg(g.work_date ORDER BY g.work_date)), NULL, e.id)
              FROM withdrawn g JOIN public.employee e ON e.id = g.employee_id GROUP BY e.id)
    SELECT (SELECT count(*) FROM withdrawn) INTO removed FROM (SELECT count(*) FROM audited) a;
    RETURN removed;
END $$;

-- 8. Devices: an operator revokes the active device of an employee of their units. Devices are created only by
--    the check-in service from an activation code (which an operator issues), never by an operator.
CREATE FUNCTION device_revoke(employee bigint, who text, command text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    revoked integer;
BEGIN
    IF NOT public.operator_may_change(device_revoke.employee) THEN
        RAISE EXCEPTION 'no employee #% in your units', device_revoke.employee;
    END IF;
    UPDATE public.device d SET retired_at = now(), retired_reason = 'REVOKED' WHERE d.employee_id = device_revoke.employee AND d.retired_at IS NULL;
    GET DIAGNOSTICS revoked = ROW_COUNT;
    IF revoked > 0 THEN
        PERFORM public.audit_employee_change(who, command, 'device',
            (SELECT coalesce(e.nip, e.nik) FROM public.employee e WHERE e.id = device_revoke.employee),
            jsonb_build_object('active', true), jsonb_build_object('active', false), device_revoke.employee);
    END IF;
    RETURN revoked > 0;
END $$;

-- 9. Attendance. Reconciling their units stays an OPD admin's right, but what they write is confined to the
--    days the nightly run reconciles again (today and the 7 days before it, in their unit's zone: the run at
--    01:00 redoes yesterday and the 7 days before), so a record forged through psql stands one night at most,
--    and each call leaves an audit row. BKPSDM and the owner write directly (the nightly run, older days).
CREATE FUNCTION attendance_late_data_window() RETURNS daterange LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT daterange((now() AT TIME ZONE u.time_zone)::date - 7, (now() AT TIME ZONE u.time_zone)::date, '[]')
      FROM public.operator o JOIN public.unit u ON u.id = o.unit_id
     WHERE o.name = session_user AND o.role = 'OPD_ADMIN' AND NOT o.disabled AND NOT public.operator_sees_all();
END;

CREATE FUNCTION attendance_write(employees bigint[], date_from date, date_to date, employee bigint[], day integer[], unit bigint[],
                                 expected_start bigint[], expected_end bigint[], shift text[], day_off text[], first_in bigint[],
                                 last_out bigint[], late integer[], early integer[], codes text[], flags text[], explanation text[])
    RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    sees_all boolean := public.operator_sees_all();
    late_data daterange := public.attendance_late_data_window();
    written integer;
BEGIN
    IF NOT sees_all THEN
        IF late_data IS NULL OR NOT (late_data @> attendance_write.date_from AND late_data @> attendance_write.date_to) THEN
            RAISE EXCEPTION 'an OPD admin reconciles only the days the nightly run reconciles again (%); BKPSDM reconciles older days',
                coalesce(lower(late_data) || ' to ' || (upper(late_data) - 1), 'none');
        END IF;
        IF EXISTS (SELECT 1 FROM unnest(employees || employee) x(id) WHERE x.id IS NULL OR NOT public.operator_may_change(x.id))
           OR EXISTS (SELECT 1 FROM unnest(unit) u(id) WHERE u.id IS NULL OR u.id NOT IN (SELECT public.operator_units()))
           OR EXISTS (SELECT 1 FROM unnest(day) d(n) WHERE d.n IS NULL
                         OR DATE '1970-01-01' + d.n NOT BETWEEN attendance_write.date_from AND attendance_write.date_to) THEN
            RAISE EXCEPTION 'attendance records only for staff and units of your scope, on the days being reconciled'
               ;
        END IF;
    END IF;
    DELETE FROM public.attendance a WHERE a.employee_id = ANY(employees) AND a.work_date BETWEEN attendance_write.date_from AND attendance_write.date_to
       AND (sees_all OR a.unit_id IN (SELECT public.operator_units()));
    INSERT INTO public.attendance AS a (employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off,
                                        first_in, last_out, late_min, early_min, codes, flags, explanation)
    SELECT r.e, DATE '1970-01-01' + r.d, r.u, timestamptz 'epoch' + interval '1 microsecond' * r.s, timestamptz 'epoch' + interval '1 microsecond' * r.x,
           r.sh, r.dof, timestamptz 'epoch' + interval '1 microsecond' * r.i, timestamptz 'epoch' + interval '1 microsecond' * r.o,
           r.l, r.ea, string_to_array(r.c, ','), coalesce(string_to_array(nullif(r.f, ''), ','), '{}'), r.ex
      FROM unnest(employee, day, unit, expected_start, expected_end, shift, day_off, first_in, last_out, late, early, codes, flags, explanation)
           AS r(e, d, u, s, x, sh, dof, i, o, l, ea, c, f, ex)
    ON CONFLICT (employee_id, work_date) DO UPDATE SET
        unit_id = excluded.unit_id, expected_start = excluded.expected_start, expected_end = excluded.expected_end,
        shift_code = excluded.shift_code, day_off = excluded.day_off, first_in = excluded.first_in, last_out = excluded.last_out,
        late_min = excluded.late_min, early_min = excluded.early_min, codes = excluded.codes, flags = excluded.flags,
        explanation = excluded.explanation, computed_at = excluded.computed_at
     WHERE sees_all OR a.unit_id IN (SELECT public.operator_units());
    GET DIAGNOSTICS written = ROW_COUNT;
    IF NOT sees_all THEN
        INSERT INTO public.audit_log (operator, command, entity, entity_key, after, unit_id)
        SELECT session_user, 'reconcile', 'attendance', attendance_write.date_from || '..' || attendance_write.date_to,
               jsonb_build_object('employees', cardinality(employees), 'records', written), o.unit_id
          FROM public.operator o WHERE o.name = session_user;
    END IF;
    RETURN written;
END $$;

-- Records of days on or after an employee's employment ended are dropped before a reconciliation (they should
-- not exist at all); an OPD admin drops those of their units only, audited.
CREATE FUNCTION attendance_drop_after_employment_ended(date_from date, date_to date, unit_code text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    sees_all boolean := public.operator_sees_all();
    dropped integer;
BEGIN
    DELETE FROM public.attendance a USING public.employee e
     WHERE a.employee_id = e.id AND a.work_date >= e.ended_from
       AND a.work_date BETWEEN attendance_drop_after_employment_ended.date_from AND attendance_drop_after_employment_ended.date_to
       AND e.unit_id IN (SELECT public.unit_scope(unit_code))
       AND (sees_all OR (e.unit_id IN (SELECT public.operator_units()) AND a.unit_id IN (SELECT public.operator_units())));
    GET DIAGNOSTICS dropped = ROW_COUNT;
    IF dropped > 0 AND NOT sees_all THEN
        INSERT INTO public.audit_log (operator, command, entity, entity_key, after, unit_id)
        SELECT session_user, 'reconcile', 'attendance',
               attendance_drop_after_employment_ended.date_from || '..' || attendance_drop_after_employment_ended.date_to,
               jsonb_build_object('droppedAfterEmploymentEnded', dropped), o.unit_id
          FROM public.operator o WHERE o.name = session_user;
    END IF;
    RETURN dropped;
END $$;

-- 10. Titip-absen signals are written only by BKPSDM's or the owner's reconciliation (the nightly run); an OPD
--     admin reads them (report anomalies) and their own runs leave them to the nightly one. There is no review
--     of a signal to write: a signal is not a verdict, and the admin asks the employee.

-- Only operators call these; the check-in service (which sees all rows) and PUBLIC do not.
REVOKE EXECUTE ON FUNCTION decide_request(bigint, text, text, text, text), leave_put(bigint, date, date, text, text, text, text),
    leave_remove(bigint, date, text, text), wfa_grant(bigint[], date[], text, text), wfa_revoke(bigint[], date[], text, text),
    device_revoke(bigint, text, text), attendance_late_data_window(),
    attendance_write(bigint[], date, date, bigint[], integer[], bigint[], bigint[], bigint[], text[], text[], bigint[], bigint[],
                     integer[], integer[], text[], text[], text[]),
    attendance_drop_after_employment_ended(date, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION decide_request(bigint, text, text, text, text), leave_put(bigint, date, date, text, text, text, text),
    leave_remove(bigint, date, text, text), wfa_grant(bigint[], date[], text, text), wfa_revoke(bigint[], date[], text, text),
    device_revoke(bigint, text, text), attendance_late_data_window(),
    attendance_write(bigint[], date, date, bigint[], integer[], bigint[], bigint[], bigint[], text[], text[], bigint[], bigint[],
                     integer[], integer[], text[], text[], text[]),
    attendance_drop_after_employment_ended(date, date, text) TO presensi_bkpsdm, presensi_opd_admin;
