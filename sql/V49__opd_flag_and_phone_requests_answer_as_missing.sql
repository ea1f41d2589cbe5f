-- Two fixes to the approval chains (issue 31), enforced for psql as much as for the commands:
--
-- 1. The Kepala OPD is the head of the unit BKPSDM marks as an OPD, not of whatever unit sits just below a top-level
--    one. V43 counted the OPD from the tree's shape, which holds where a regency root sits on top (PEMKAB > DINKES >
--    PKM-TG), but where a regency imports its OPDs as top-level units with their bidang under them (DINKES > BIDANG-P2P),
--    a bidang's head was taken as the Kepala OPD. unit.opd is shown by `unit list` and set by BKPSDM (`unit set CODE
--    --opd yes|no`, or an OPD column in `unit import`); only BKPSDM may write unit, as before. Existing units keep
--    today's answer (a top-level unit, or one just below it, is an OPD), and so does a new unit stored without saying.
-- 2. A phone that is neither the request's requester, nor its head's or Kepala OPD's signer today, nor a signer of one
--    of its steps, is answered as for a request id that does not exist, whatever the request's steps: V40/V43 told it
--    apart a request with a head's step ("not yours to sign") from one without or a missing id ("no request"). The
--    same checks run for a missing id (on a stand-in request of the phone's own employee), so the time taken says no
--    more than the words.

ALTER TABLE unit ADD COLUMN opd boolean;
UPDATE unit u SET opd = u.parent_id IS NULL OR EXISTS (SELECT 1 FROM unit p WHERE p.id = u.parent_id AND p.parent_id IS NULL);
ALTER TABLE unit ALTER COLUMN opd SET NOT NULL;
COMMENT ON COLUMN unit.opd IS 'a perangkat daerah (OPD): its head is the Kepala OPD of the units under it (nearest marked unit up the tree)';

-- A unit stored without saying whether it is an OPD gets V43's answer from its place in the tree at that moment.
CREATE FUNCTION unit_opd_default() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.opd IS NULL THEN
        NEW.opd := NEW.parent_id IS NULL
                   OR EXISTS (SELECT 1 FROM public.unit p WHERE p.id = NEW.parent_id AND p.parent_id IS NULL);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER unit_opd_default BEFORE INSERT ON unit FOR EACH ROW EXECUTE FUNCTION unit_opd_default();
REVOKE ALL ON FUNCTION unit_opd_default() FROM PUBLIC;

-- Who signs a request's OPD_HEAD step today: as request_signer, from the employee's OPD up: the nearest unit marked as
-- an OPD at or above the employee's unit (the top of the tree when none is marked). The plt of the day signs for the
-- head; a unit without either, or whose signer is the requester, hands it to the unit above.
CREATE OR REPLACE FUNCTION request_opd_signer(request public.request) RETURNS bigint LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    WITH RECURSIVE up(id, parent_id, opd, depth) AS (
        SELECT u.id, u.parent_id, u.opd, 0 FROM public.unit u JOIN public.employee e ON e.unit_id = u.id WHERE e.id = request.employee_id
        UNION ALL
        SELECT p.id, p.parent_id, p.opd, up.depth + 1 FROM public.unit p JOIN up ON p.id = up.parent_id WHERE up.depth < 20)
    SELECT s.signer FROM (
        SELECT up.depth, coalesce(
                   (SELECT d.employee_id FROM public.unit_head_deputy d
                     WHERE d.unit_id = up.id AND (now() AT TIME ZONE public.employee_zone(request.employee_id))::date BETWEEN d.date_from AND d.date_to
                     ORDER BY d.recorded_at DESC LIMIT 1),
                   u.head_employee_id) AS signer
          FROM up JOIN public.unit u ON u.id = up.id
         WHERE up.depth >= coalesce((SELECT min(o.depth) FROM up o WHERE o.opd), (SELECT max(o.depth) FROM up o))) s
     WHERE s.signer IS NOT NULL AND s.signer <> request.employee_id
     ORDER BY s.depth LIMIT 1;
END;

-- V43's phone decision, a stranger answered as for a missing id (2. above). The checks are evaluated whole, each into
-- its own variable, so that neither a missing row nor the first true one cuts the work short.
CREATE OR REPLACE FUNCTION phone_decide_request(token text, request bigint, status text, note text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    signer bigint;
    label text;
    step integer;
    r public.request;
    probe public.request;
    found_it boolean;
    head bigint;
    kepala bigint;
    signed_one boolean;
BEGIN
    SELECT d.employee_id, coalesce(e.nip, e.nik) || ' (' || e.name || ')' INTO signer, label
      FROM public.device d JOIN public.employee e ON e.id = d.employee_id
     WHERE d.token_hash = sha256(convert_to(phone_decide_request.token, 'UTF8')) AND d.retired_at IS NULL;
    IF signer IS NULL THEN
        RAISE EXCEPTION 'no such phone';
    END IF;
    SELECT q.* INTO r FROM public.request q WHERE q.id = phone_decide_request.request;
    found_it := FOUND;
    probe := r;
    IF NOT found_it THEN -- a stand-in with the phone's own employee, checked as a stranger's request would be
        probe.id := phone_decide_request.request;
        probe.employee_id := signer;
    END IF;
    head := public.request_signer(probe);
    kepala := public.request_opd_signer(probe);
    signed_one := EXISTS (SELECT 1 FROM public.request_step x WHERE x.request_id = probe.id AND x.signer_id = signer);
    IF NOT found_it OR NOT (r.employee_id = signer OR head IS NOT DISTINCT FROM signer OR kepala IS NOT DISTINCT FROM signer
                            OR signed_one) THEN
        RAISE EXCEPTION 'no request #% in your units', phone_decide_request.request;
    END IF;
    -- the phone signs the current step when it is a head's (HEAD or OPD_HEAD), else it is told about the first head's step
    step := coalesce(
        (SELECT x.position FROM public.request_step x WHERE x.request_id = r.id AND x.status = 'CURRENT' AND x.actor IN ('HEAD', 'OPD_HEAD')),
        (SELECT min(x.position) FROM public.request_step x WHERE x.request_id = r.id AND x.actor IN ('HEAD', 'OPD_HEAD')));
    IF step IS NULL THEN
        RAISE EXCEPTION 'no request #% in your units', phone_decide_request.request;
    END IF;
    PERFORM public.request_step_apply(phone_decide_request.request, step, phone_decide_request.status, phone_decide_request.note,
        signer, label, 'halaman presensi: persetujuan');
END $$;
