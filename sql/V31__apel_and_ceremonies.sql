-- Apel and ceremonies (issue 30): the Monday apel pagi, the ceremony on the 17th (Hari Kesadaran Nasional), national
-- days. Each is held on one date, weekly on a day or monthly on a day of the month, in its own short window, at its
-- own places (work locations, the geofence model) or, with none, at each employee's own unit's locations; it calls
-- the staff of a unit and the units under it (or the whole regency) and some employee types (or all).
--
-- Attendance goes to its own table, not a punch type APEL in checkin: checkin's IN/OUT rows make the working day
-- (reconcile, signals, Riwayat, closed months, the machines' filing all read them), and every one of those would
-- have to learn to skip an APEL row; here an apel check-in names its apel (foreign key) and one is accepted per
-- apel, employee and day, which checkin's constraints cannot say.
--
-- Writes follow V20: an operator changes apel only through the SECURITY DEFINER functions below, which check the
-- scope (an OPD admin: their units; a regency-wide apel: BKPSDM) and write the audit row. Nobody writes an apel
-- check-in but the check-in service.

CREATE TABLE apel (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                text     NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
    unit_id             bigint   REFERENCES unit (id),            -- NULL: the whole regency
    on_date             date,
    weekday             smallint CHECK (weekday BETWEEN 1 AND 7), -- 1 Monday (SENIN) .. 7 Sunday
    month_day           smallint CHECK (month_day BETWEEN 1 AND 31),
    opens               time     NOT NULL,
    closes              time     NOT NULL,
    employee_types      text[]   NOT NULL DEFAULT '{}' CHECK (employee_types <@ ARRAY['PNS', 'PPPK', 'PTT']), -- empty: all
    fingerprint_counts  boolean  NOT NULL DEFAULT false,
    scope               bigint   GENERATED ALWAYS AS (coalesce(unit_id, 0)) STORED,
    CHECK (num_nonnulls(on_date, weekday, month_day) = 1),
    CHECK (opens < closes),
    UNIQUE (scope, name)
);

CREATE TABLE apel_location (
    apel_id      bigint NOT NULL REFERENCES apel (id) ON DELETE CASCADE,
    location_id  bigint NOT NULL REFERENCES work_location (id),
    PRIMARY KEY (apel_id, location_id)
);

-- "Apel ditiadakan" for a date: rain, a visit. Holidays and cuti bersama cancel an apel by themselves, with no row.
CREATE TABLE apel_cancellation (
    apel_id       bigint      NOT NULL REFERENCES apel (id) ON DELETE CASCADE,
    day           date        NOT NULL,
    reason        text        NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 200),
    cancelled_by  text        NOT NULL DEFAULT session_user,
    cancelled_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (apel_id, day)
);

-- Every attempt from a phone, accepted or refused (with its reason), as checkin keeps them.
CREATE TABLE apel_checkin (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id     uuid          NOT NULL UNIQUE,
    apel_id        bigint        NOT NULL REFERENCES apel (id),
    employee_id    bigint        NOT NULL REFERENCES employee (id),
    device_id      bigint        NOT NULL REFERENCES device (id),
    at             timestamptz   NOT NULL,
    received_at    timestamptz   NOT NULL,
    work_date      date          NOT NULL,
    latitude       numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
    longitude      numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
    accuracy_m     real          CHECK (accuracy_m >= 0),
    distance_m     integer,
    location_name  text,
    accepted       boolean       NOT NULL,
    reason         text          CHECK (reason IN ('OUTSIDE_GEOFENCE', 'OUTSIDE_WINDOW', 'LOW_ACCURACY', 'MOCK_LOCATION',
                                                  'NOT_SCHEDULED', 'NO_LOCATION')),
    message        text          NOT NULL,
    CHECK (accepted = (reason IS NULL))
);
CREATE UNIQUE INDEX apel_checkin_once_idx ON apel_checkin (apel_id, employee_id, work_date) WHERE accepted;
CREATE INDEX apel_checkin_date_idx ON apel_checkin (work_date);

-- A day's codes may carry TA (tidak apel) beside its own: TL and PSW and TA at most.
ALTER TABLE attendance DROP CONSTRAINT attendance_codes_check;
ALTER TABLE attendance ADD CONSTRAINT attendance_codes_check CHECK (cardinality(codes) BETWEEN 1 AND 3 AND codes <@ ARRAY['H', 'TL1', 'TL2',
    'TL3', 'TL4', 'PSW1', 'PSW2', 'PSW3', 'PSW4', 'TK', 'CT', 'CS', 'CB', 'CM', 'CAP', 'CLTN', 'S', 'I', 'DL', 'TB', 'LIBUR', 'TA', 'BELUM']);

-- The check-in service learns of a new apel or a cancellation as it learns of other rule changes (V9).
CREATE TRIGGER bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON apel FOR EACH STATEMENT EXECUTE FUNCTION bump_rules_version();
CREATE TRIGGER bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON apel_location FOR EACH STATEMENT EXECUTE FUNCTION bump_rules_version();
CREATE TRIGGER bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON apel_cancellation FOR EACH STATEMENT EXECUTE FUNCTION bump_rules_version();

-- Row security. An OPD admin reads the regency-wide apel (their staff attend them) and those of their units; the
-- places and cancellations follow their apel; apel check-ins follow the employee, as checkin does.
ALTER TABLE apel ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON apel USING (operator_sees_all() OR unit_id IS NULL OR unit_id IN (SELECT operator_units()))
    WITH CHECK (operator_sees_all());
ALTER TABLE apel_location ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON apel_location USING (apel_id IN (SELECT id FROM apel)) WITH CHECK (operator_sees_all());
ALTER TABLE apel_cancellation ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON apel_cancellation USING (apel_id IN (SELECT id FROM apel)) WITH CHECK (operator_sees_all());
ALTER TABLE apel_checkin ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON apel_checkin USING (employee_id IN (SELECT id FROM employee)) WITH CHECK (employee_id IN (SELECT id FROM employee));

-- Whether the session's operator may change an apel of this unit (NULL: regency-wide, BKPSDM and the owner only).
CREATE FUNCTION apel_may_change(of_unit bigint) RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT public.operator_sees_all() OR (of_unit IS NOT NULL AND of_unit IN (SELECT public.operator_units()));
END;

CREATE FUNCTION apel_json(a public.apel, locations bigint[]) RETURNS jsonb LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT CASE WHEN a.id IS NULL THEN NULL
                ELSE jsonb_build_object('name', a.name, 'unit_id', a.unit_id, 'date', a.on_date, 'weekday', a.weekday,
                                        'month_day', a.month_day, 'window', a.opens || '-' || a.closes, 'types', a.employee_types,
                                        'locations', locations, 'fingerprint_counts', a.fingerprint_counts) END;
END;

REVOKE EXECUTE ON FUNCTION apel_may_change(bigint), apel_json(public.apel, bigint[]) FROM PUBLIC;

-- An apel added, or changed when one of the same name and scope exists. Its places must be locations the operator
-- may change too (an OPD admin: of their units), so nobody calls another OPD's staff to another OPD's yard.
CREATE FUNCTION apel_put(name text, unit bigint, on_date date, weekday smallint, month_day smallint, opens time, closes time,
                         types text[], locations bigint[], fingerprint_counts boolean, who text, command text)
    RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    old_apel public.apel;
    new_apel public.apel;
    old_locations bigint[];
BEGIN
    IF NOT public.apel_may_change(apel_put.unit) THEN
        RAISE EXCEPTION 'an apel for the whole regency or another unit is BKPSDM''s to set; yours are for your units';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(coalesce(apel_put.locations, '{}')) x(id)
                WHERE NOT EXISTS (SELECT 1 FROM public.work_location l WHERE l.id = x.id AND public.apel_may_change(l.unit_id))) THEN
        RAISE EXCEPTION 'an apel is held at locations of your units only';
    END IF;
    SELECT a.* INTO old_apel FROM public.apel a WHERE a.scope = coalesce(apel_put.unit, 0) AND a.name = btrim(apel_put.name) FOR UPDATE;
    IF FOUND THEN
        SELECT coalesce(array_agg(l.location_id ORDER BY l.location_id), '{}') INTO old_locations FROM public.apel_location l WHERE l.apel_id = old_apel.id;
        UPDATE public.apel a SET on_date = apel_put.on_date, weekday = apel_put.weekday, month_day = apel_put.month_day,
               opens = apel_put.opens, closes = apel_put.closes, employee_types = coalesce(apel_put.types, '{}'),
               fingerprint_counts = apel_put.fingerprint_counts
         WHERE a.id = old_apel.id RETURNING a.* INTO new_apel;
        DELETE FROM public.apel_location l WHERE l.apel_id = old_apel.id;
    ELSE
        INSERT INTO public.apel (name, unit_id, on_date, weekday, month_day, opens, closes, employee_types, fingerprint_counts)
        VALUES (btrim(apel_put.name), apel_put.unit, apel_put.on_date, apel_put.weekday, apel_put.month_day, apel_put.opens,
                apel_put.closes, coalesce(apel_put.types, '{}'), apel_put.fingerprint_counts) RETURNING * INTO new_apel;
    END IF;
    INSERT INTO public.apel_location (apel_id, location_id) SELECT DISTINCT new_apel.id, x.id FROM unnest(coalesce(apel_put.locations, '{}')) x(id);
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES (who, command, 'apel', new_apel.name, public.apel_json(old_apel, old_locations),
            public.apel_json(new_apel, (SELECT array_agg(DISTINCT x.id ORDER BY x.id) FROM unnest(coalesce(apel_put.locations, '{}')) x(id))),
            new_apel.unit_id);
    RETURN new_apel.id;
END $$;

-- "Apel ditiadakan" on a date, with its reason; cancelling again changes the reason.
CREATE FUNCTION apel_cancel(apel bigint, day date, reason text, who text, command text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    a public.apel;
    old_reason text;
BEGIN
    SELECT x.* INTO a FROM public.apel x WHERE x.id = apel_cancel.apel;
    IF NOT FOUND OR NOT public.apel_may_change(a.unit_id) THEN
        RAISE EXCEPTION 'no apel #% that you may cancel; a regency-wide apel is cancelled by BKPSDM', apel_cancel.apel;
    END IF;
    SELECT c.reason INTO old_reason FROM public.apel_cancellation c WHERE c.apel_id = a.id AND c.day = apel_cancel.day;
    INSERT INTO public.apel_cancellation (apel_id, day, reason, cancelled_by)
    VALUES (a.id, apel_cancel.day, btrim(apel_cancel.reason), CASE WHEN public.session_is_owner() THEN who ELSE session_user END)
    ON CONFLICT ON CONSTRAINT apel_cancellation_pkey DO UPDATE SET reason = excluded.reason, cancelled_by = excluded.cancelled_by, cancelled_at = now();
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES (who, command, 'apel_cancellation', a.name || '/' || apel_cancel.day,
            CASE WHEN old_reason IS NULL THEN NULL ELSE jsonb_build_object('reason', old_reason) END,
            jsonb_build_object('reason', btrim(apel_cancel.reason)), a.unit_id);
END $$;

REVOKE EXECUTE ON FUNCTION apel_put(text, bigint, date, smallint, smallint, time, time, text[], bigint[], boolean, text, text),
    apel_cancel(bigint, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION apel_put(text, bigint, date, smallint, smallint, time, time, text[], bigint[], boolean, text, text),
    apel_cancel(bigint, date, text, text, text) TO presensi_bkpsdm, presensi_opd_admin;

-- Rights: operators read (in scope) and change through the functions only; the check-in service reads the apel and
-- writes the attempts.
GRANT SELECT ON apel, apel_location, apel_cancellation, apel_checkin TO presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
GRANT INSERT ON apel_checkin TO presensi_checkin;
