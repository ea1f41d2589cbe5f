-- V43 checked a cuti tahunan (CT) at its final approval year by year against each year's balance as it stood before
-- the request. A CT over the new year spends December's days twice: once in December, once again in what December
-- carries over into January (PP 11/2017 Pasal 313), which V43 still counted whole. A request of December's last ten
-- days and January's first fourteen passed with 12 days in the new year. The same holds for a CT approved after a
-- later year's leave was taken: what it no longer carries over is missing there.
-- Now the leave is written first and the balance of every year it touches is read after it (the request's years, and
-- the later years with cuti tahunan recorded): a year driven below zero, or further below, refuses the approval, and
-- the whole decision rolls back. For the request's own years the refusal is V43's sentence, with what remained for the
-- request once its earlier part is counted.
CREATE OR REPLACE FUNCTION request_conclude(r public.request, status text, note text, decider text, who text, command text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    other public.leave;
    granted public.leave;
    punch public.checkin;
    nip text;
    y integer;
    first_year integer := extract(year FROM r.date_from)::integer;
    last_year integer;
    asked integer;
    remaining integer;
    before integer[];
BEGIN
    IF request_conclude.status = 'APPROVED' AND r.kind = 'CT' THEN
        PERFORM pg_advisory_xact_lock(hashtext('leave-balance'), r.employee_id::integer);
        -- the ledger reads at most ten years back, so no later year than that feels this request
        last_year := least(greatest(extract(year FROM r.date_to)::integer,
                                    (SELECT max(extract(year FROM l.date_to))::integer FROM public.leave l
                                      WHERE l.employee_id = r.employee_id AND l.type = 'CT')),
                           extract(year FROM r.date_to)::integer + 10);
        FOR y IN first_year .. last_year LOOP
            before := before || public.leave_balance_remaining(r.employee_id, y);
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
        IF r.kind = 'CT' THEN
            FOR y IN first_year .. last_year LOOP
                asked := public.leave_working_days(r.date_from, r.date_to, y);
                remaining := public.leave_balance_remaining(r.employee_id, y);
                IF remaining < 0 AND remaining < before[y - first_year + 1] THEN
                    IF asked > 0 THEN
                        RAISE EXCEPTION 'request #% asks % working day(s) of cuti tahunan in % but only % remain in that year''s balance; reject it or correct the balance first',
                            r.id, asked, y, greatest(0, remaining + asked) USING ERRCODE = 'check_violation';
                    END IF;
                    RAISE EXCEPTION 'request #% leaves % day(s) of cuti tahunan in % below zero by what it no longer carries over into that year; reject it or correct the balance first',
                        r.id, -remaining, y USING ERRCODE = 'check_violation';
                END IF;
            END LOOP;
        END IF;
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

-- The two keys of a rule file the balance reads (V43 read them by pattern inline), in one place: leave_balance_remaining
-- reads them here, and RecapStore refuses to store a rule file whose YAML says otherwise than this reading (a quoted
-- "10", a space before the colon, a key given twice: YAML read 10 days for PPPK where the pattern read the default 12,
-- so a PPPK's cuti tahunan was approved past what staff were shown). Without a file, or with a CSV table, the defaults.
CREATE FUNCTION rule_file_leave_terms(document text, OUT pppk_days integer, OUT charges_cuti_bersama boolean)
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT coalesce(substring(document FROM '(?n)^cuti_tahunan_pppk_hari:[ \t]*([0-9]+)')::integer, 12),
           coalesce(lower(substring(document FROM '(?n)^cuti_bersama_potong_cuti_tahunan:[ \t]*["'']?([A-Za-z]+)')) NOT IN ('false', 'no', 'off'), true);
END;
REVOKE EXECUTE ON FUNCTION rule_file_leave_terms(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rule_file_leave_terms(text) TO presensi_bkpsdm; -- who stores rule files

CREATE OR REPLACE FUNCTION leave_balance_remaining(person bigint, of_year integer) RETURNS integer LANGUAGE plpgsql STABLE
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
                                 WHEN 'PPPK' THEN (SELECT t.pppk_days FROM public.rule_file_leave_terms(doc) t)
                                 ELSE 0 END;
        charged := CASE WHEN kind <> 'PTT' AND (SELECT t.charges_cuti_bersama FROM public.rule_file_leave_terms(doc) t)
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
