-- Machines prove who they are. A machine's serial is printed on its label and sent in clear, so it proves nothing;
-- what a machine on an office network does have is the office's public address. Each machine gets an allowlist of
-- source addresses (the office's, as operators know it), or, without one, the first address it pushed from, kept
-- until an operator confirms another. Punches from any other address are held aside, not filed, until an operator
-- confirms that address or the allowlist covers it. Punches a machine sends for staff whose employment ended, or
-- under a regency-wide PIN of an employee of an unrelated unit, are set aside in the same table, never filed.
ALTER TABLE machine
    ADD COLUMN allowed_from     cidr[] NOT NULL DEFAULT '{}',
    ADD COLUMN trusted_address  inet,
    ADD COLUMN last_address     inet;

CREATE TABLE machine_held_punch (
    machine_id   bigint      NOT NULL REFERENCES machine (id) ON DELETE CASCADE,
    pin          text        NOT NULL CHECK (pin ~ '^[0-9A-Za-z]{1,24}$'),
    local_time   timestamp   NOT NULL,
    status       smallint,
    verify_mode  smallint,
    work_code    text        CHECK (length(work_code) <= 24),
    address      inet,
    -- ADDRESS: pushed from an address not (yet) trusted; ENDED: the employee's employment had ended by then;
    -- OTHER_UNIT: a regency-wide PIN of someone whose unit this machine does not serve
    reason       text        NOT NULL CHECK (reason IN ('ADDRESS', 'ENDED', 'OTHER_UNIT')),
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (machine_id, pin, local_time)
);
CREATE INDEX machine_held_punch_reason_idx ON machine_held_punch (machine_id, reason);

ALTER TABLE machine_held_punch ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON machine_held_punch
    USING (machine_id IN (SELECT id FROM machine)) WITH CHECK (machine_id IN (SELECT id FROM machine));

-- Operators change a machine's trust, and file what machines sent, only through the functions below (which check
-- the scope and write the audit row); directly they may register, rename and move machines, nothing more.
REVOKE INSERT, UPDATE, DELETE ON machine_unmatched_punch FROM presensi_bkpsdm, presensi_opd_admin;
REVOKE INSERT, UPDATE ON machine FROM presensi_bkpsdm, presensi_opd_admin;
GRANT INSERT (serial, unit_id, name), UPDATE (unit_id, name) ON machine TO presensi_bkpsdm, presensi_opd_admin;
GRANT SELECT ON machine_held_punch TO presensi_bkpsdm, presensi_opd_admin;
-- the service: the addresses it sees, what it holds or sets aside, and how many unmatched punches a machine has
GRANT UPDATE (last_address, trusted_address) ON machine TO presensi_checkin;
GRANT SELECT, INSERT ON machine_held_punch TO presensi_checkin;
GRANT SELECT ON machine_unmatched_punch TO presensi_checkin;

-- The id a machine punch is stored under, as MachinePunch.id computes it (a name-based UUID, version 3, of
-- "machine|SERIAL|PIN|TIME" with the time as Java prints it: seconds only when not zero), so a punch filed from
-- here and the same punch pushed again are one check-in.
CREATE FUNCTION machine_punch_id(of_serial text, of_pin text, at_local timestamp) RETURNS uuid LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT pg_catalog.encode(pg_catalog.set_byte(pg_catalog.set_byte(d.d, 6, (pg_catalog.get_byte(d.d, 6) & 15) | 48),
                                                 8, (pg_catalog.get_byte(d.d, 8) & 63) | 128), 'hex')::uuid
      FROM (SELECT pg_catalog.decode(pg_catalog.md5(pg_catalog.convert_to('machine|' || of_serial || '|' || of_pin || '|'
                       || pg_catalog.to_char(at_local, 'YYYY-MM-DD"T"HH24:MI')
                       || CASE WHEN pg_catalog.date_part('second', at_local) <> 0 THEN pg_catalog.to_char(at_local, ':SS') ELSE '' END,
                       'UTF8')), 'hex') AS d) d;
END;

-- The unmatched punches on the caller's machines that may now be filed, each with the employee it is filed under:
-- the machine's own PIN first, else a regency-wide PIN, and that one only for staff of the machine's unit and its
-- sub-units or of a unit allowed at the machine's unit ('location allow'); never for a day on or after the end of
-- the employee's employment; and, without with_backlog, only for days on or after the PIN was enrolled.
CREATE FUNCTION machine_fileable_punches(with_backlog boolean)
    RETURNS TABLE (machine_id bigint, serial text, time_zone text, pin text, local_time timestamp, status smallint,
                   verify_mode smallint, work_code text, employee_id bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT k.machine_id, m.serial, mu.time_zone, k.pin, k.local_time, k.status, k.verify_mode, k.work_code, h.employee_id
      FROM public.machine_unmatched_punch k
      JOIN public.machine m ON m.id = k.machine_id
      JOIN public.unit mu ON mu.id = m.unit_id
      CROSS JOIN LATERAL (SELECT p.employee_id, p.machine_id AS on_machine, p.created_at FROM public.machine_pin p
                           WHERE p.pin = k.pin AND (p.machine_id = k.machine_id OR p.machine_id IS NULL)
                           ORDER BY p.machine_id NULLS LAST LIMIT 1) h
      JOIN public.employee e ON e.id = h.employee_id
     WHERE (public.operator_sees_all() OR m.unit_id IN (SELECT public.operator_units()))
       AND (e.ended_from IS NULL OR k.local_time::date < e.ended_from)
       AND (with_backlog OR k.local_time::date >= (h.created_at AT TIME ZONE mu.time_zone)::date)
       AND (h.on_machine IS NOT NULL
            OR e.unit_id IN (SELECT public.unit_scope(mu.code))
            OR EXISTS (SELECT 1 FROM public.location_access a WHERE a.unit_id = e.unit_id AND a.also_unit_id = m.unit_id));
END;

-- Files the named unmatched punches that machine_fileable_punches allows, as check-ins under the employee it
-- names (never one the caller chose), on the work date asked for when it is the punch's day or the day before
-- (a night shift's morning), else on its day; one audit row per machine says how many, and whether the backlog
-- from before enrolment was asked for.
CREATE FUNCTION machine_file_unmatched(machines bigint[], pins text[], times timestamp[], work_dates date[],
                                       with_backlog boolean, operator_name text, command_line text)
    RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    filed integer;
BEGIN
    WITH asked AS (
        SELECT * FROM unnest(machines, pins, times, work_dates) AS a(machine_id, pin, local_time, work_date)),
    fileable AS (
        SELECT f.*, a.work_date FROM public.machine_fileable_punches(with_backlog) f
          JOIN asked a ON a.machine_id = f.machine_id AND a.pin = f.pin AND a.local_time = f.local_time),
    taken AS (
        DELETE FROM public.machine_unmatched_punch k USING fileable f
         WHERE k.machine_id = f.machine_id AND k.pin = f.pin AND k.local_time = f.local_time
        RETURNING k.machine_id, k.pin, k.local_time),
    stored AS (
        INSERT INTO public.checkin (request_id, employee_id, machine_id, at, received_at, work_date, accepted, message, source,
                                    machine_pin, machine_status, verify_mode, work_code)
        SELECT public.machine_punch_id(f.serial, f.pin, f.local_time), f.employee_id, f.serial, f.local_time AT TIME ZONE f.time_zone,
               now(), CASE WHEN f.work_date BETWEEN f.local_time::date - 1 AND f.local_time::date THEN f.work_date ELSE f.local_time::date END,
               true, 'Sidik jari, mesin ' || f.serial, 'FINGERPRINT', f.pin, f.status, f.verify_mode, f.work_code
          FROM fileable f JOIN taken t ON t.machine_id = f.machine_id AND t.pin = f.pin AND t.local_time = f.local_time
        ON CONFLICT (request_id) DO NOTHING
        RETURNING checkin.machine_id),
    per_machine AS (
        SELECT m.serial, m.unit_id, count(*) AS n FROM stored s JOIN public.machine m ON m.serial = s.machine_id GROUP BY m.serial, m.unit_id),
    audited AS (
        INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
        SELECT operator_name, command_line, 'machine_punch', p.serial, NULL, jsonb_build_object('filed', p.n, 'backlog', with_backlog), p.unit_id
          FROM per_machine p
        RETURNING 1)
    SELECT coalesce(sum(p.n), 0) INTO filed FROM per_machine p;
    RETURN filed;
END $$;

-- Held punches whose address is now trusted become unmatched punches, to be filed as any other.
CREATE FUNCTION machine_release_held(of_machine bigint) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    released integer;
BEGIN
    WITH m AS (SELECT * FROM public.machine WHERE id = of_machine),
    moved AS (
        DELETE FROM public.machine_held_punch h USING m
         WHERE h.machine_id = m.id AND h.reason = 'ADDRESS'
           AND CASE WHEN pg_catalog.cardinality(m.allowed_from) > 0 THEN h.address <<= ANY (m.allowed_from)
                    ELSE h.address = m.trusted_address END
        RETURNING h.*),
    kept AS (
        INSERT INTO public.machine_unmatched_punch (machine_id, pin, local_time, status, verify_mode, work_code, received_at)
        SELECT machine_id, pin, local_time, status, verify_mode, work_code, received_at FROM moved
        ON CONFLICT DO NOTHING RETURNING 1)
    SELECT count(*) INTO released FROM moved;
    RETURN released;
END $$;

-- A machine of the caller's units, locked for the change, or an error naming it.
CREATE FUNCTION machine_in_scope(of_serial text) RETURNS public.machine LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    chosen public.machine;
BEGIN
    SELECT * INTO chosen FROM public.machine m
     WHERE m.serial = of_serial AND (public.operator_sees_all() OR m.unit_id IN (SELECT public.operator_units()))
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no machine % is registered in your units', of_serial USING ERRCODE = 'P0002';
    END IF;
    RETURN chosen;
END $$;

-- The allowlist of a machine replaced (an empty one: back to the first, or confirmed, address); held punches it
-- now covers are released. Answers how many.
CREATE FUNCTION machine_allow(of_serial text, addresses cidr[], operator_name text, command_line text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    was public.machine := public.machine_in_scope(of_serial);
    released integer;
BEGIN
    UPDATE public.machine SET allowed_from = coalesce(addresses, '{}') WHERE id = was.id;
    released := public.machine_release_held(was.id);
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES (operator_name, command_line, 'machine_address', of_serial,
            jsonb_build_object('allowedFrom', was.allowed_from::text[]),
            jsonb_build_object('allowedFrom', coalesce(addresses, '{}')::text[], 'released', released), was.unit_id);
    RETURN released;
END $$;

-- An address confirmed as the machine's: with an allowlist it is added to it, without one it becomes the trusted
-- address. Held punches from it are released. Answers how many.
CREATE FUNCTION machine_confirm(of_serial text, confirmed inet, operator_name text, command_line text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    was public.machine := public.machine_in_scope(of_serial);
    released integer;
BEGIN
    IF confirmed IS NULL THEN
        RAISE EXCEPTION 'an address to confirm is required' USING ERRCODE = '22004';
    END IF;
    IF pg_catalog.cardinality(was.allowed_from) > 0 THEN
        UPDATE public.machine SET allowed_from = allowed_from || confirmed::cidr
         WHERE id = was.id AND NOT confirmed <<= ANY (allowed_from);
    ELSE
        UPDATE public.machine SET trusted_address = confirmed WHERE id = was.id;
    END IF;
    released := public.machine_release_held(was.id);
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES (operator_name, command_line, 'machine_address', of_serial,
            jsonb_build_object('trustedAddress', pg_catalog.host(was.trusted_address), 'allowedFrom', was.allowed_from::text[]),
            jsonb_build_object('confirmed', pg_catalog.host(confirmed), 'released', released), was.unit_id);
    RETURN released;
END $$;

REVOKE EXECUTE ON FUNCTION machine_fileable_punches(boolean), machine_file_unmatched(bigint[], text[], timestamp[], date[], boolean, text, text),
    machine_release_held(bigint), machine_in_scope(text), machine_allow(text, cidr[], text, text), machine_confirm(text, inet, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION machine_fileable_punches(boolean), machine_file_unmatched(bigint[], text[], timestamp[], date[], boolean, text, text),
    machine_allow(text, cidr[], text, text), machine_confirm(text, inet, text, text)
    TO presensi_bkpsdm, presensi_opd_admin;
