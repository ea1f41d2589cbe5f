-- A recurring apel starts on a date. Without one, an apel set today for every Monday counted as held on every Monday
-- before it too, so re-running reconcile over the open month gave TA (tidak apel) to staff for apel nobody had called.
-- NULL: no start (apel set before this migration keep what they meant). A one-off apel (on_date) needs none.
ALTER TABLE apel ADD COLUMN starts_on date CHECK (starts_on BETWEEN '2000-01-01' AND '2100-12-31');
ALTER TABLE apel ADD CONSTRAINT apel_starts_on_recurring CHECK (starts_on IS NULL OR on_date IS NULL);

CREATE OR REPLACE FUNCTION apel_json(a public.apel, locations bigint[]) RETURNS jsonb LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT CASE WHEN a.id IS NULL THEN NULL
                ELSE jsonb_build_object('name', a.name, 'unit_id', a.unit_id, 'date', a.on_date, 'weekday', a.weekday,
                                        'month_day', a.month_day, 'window', a.opens || '-' || a.closes, 'types', a.employee_types,
                                        'locations', locations, 'fingerprint_counts', a.fingerprint_counts, 'starts_on', a.starts_on) END;
END;

-- apel_put with its start. A change that names no start keeps the one the apel has, so re-running "apel add" to move
-- the window never makes a recurring apel reach back to dates before it began. V31's apel_put is kept, for callers
-- that know no start: it is this one with none.
CREATE FUNCTION apel_put(name text, unit bigint, on_date date, weekday smallint, month_day smallint, opens time, closes time,
                         types text[], locations bigint[], fingerprint_counts boolean, starts_on date, who text, command text)
    RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    old_apel public.apel;
    new_apel public.apel;
    old_locations bigint[];
BEGIN
    IF NOT public.apel_may_change(apel_put.unit) THEN
        RAISE EXCEPTION 'an apel for the whole regency or another unit is BKPSDM''s to set; yours are for your units';
    END IF;
    IF apel_put.starts_on IS NOT NULL AND apel_put.on_date IS NOT NULL THEN
        RAISE EXCEPTION 'an apel held once, on a date, has no start date';
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
               fingerprint_counts = apel_put.fingerprint_counts,
               starts_on = CASE WHEN apel_put.on_date IS NOT NULL THEN NULL ELSE coalesce(apel_put.starts_on, a.starts_on) END
         WHERE a.id = old_apel.id RETURNING a.* INTO new_apel;
        DELETE FROM public.apel_location l WHERE l.apel_id = old_apel.id;
    ELSE
        INSERT INTO public.apel (name, unit_id, on_date, weekday, month_day, opens, closes, employee_types, fingerprint_counts, starts_on)
        VALUES (btrim(apel_put.name), apel_put.unit, apel_put.on_date, apel_put.weekday, apel_put.month_day, apel_put.opens,
                apel_put.closes, coalesce(apel_put.types, '{}'), apel_put.fingerprint_counts, apel_put.starts_on) RETURNING * INTO new_apel;
    END IF;
    INSERT INTO public.apel_location (apel_id, location_id) SELECT DISTINCT new_apel.id, x.id FROM unnest(coalesce(apel_put.locations, '{}')) x(id);
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES (who, command, 'apel', new_apel.name, public.apel_json(old_apel, old_locations),
            public.apel_json(new_apel, (SELECT array_agg(DISTINCT x.id ORDER BY x.id) FROM unnest(coalesce(apel_put.locations, '{}')) x(id))),
            new_apel.unit_id);
    RETURN new_apel.id;
END $$;

CREATE OR REPLACE FUNCTION apel_put(name text, unit bigint, on_date date, weekday smallint, month_day smallint, opens time, closes time,
                                    types text[], locations bigint[], fingerprint_counts boolean, who text, command text)
    RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT public.apel_put(name, unit, on_date, weekday, month_day, opens, closes, types, locations, fingerprint_counts,
                           CAST(NULL AS date), who, command);
END;

REVOKE EXECUTE ON FUNCTION apel_put(text, bigint, date, smallint, smallint, time, time, text[], bigint[], boolean, date, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION apel_put(text, bigint, date, smallint, smallint, time, time, text[], bigint[], boolean, date, text, text)
    TO presensi_bkpsdm, presensi_opd_admin;
