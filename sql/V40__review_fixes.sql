-- Review fixes of the session's new work.

-- A phone signing from Persetujuan (V35): a phone that is neither the request's signer today, nor a signer of one of
-- its steps, nor the requester is told only that the request is not theirs to sign, whatever its state. It had been
-- told which step a stranger's request was at, that it was decided or that the head had signed it, so a phone
-- trying ids followed everyone's requests.
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
    -- the phone signs the HEAD step only; the turn and the lock are checked as for everyone
    step := (SELECT min(x.position) FROM public.request_step x WHERE x.request_id = phone_decide_request.request AND x.actor = 'HEAD');
    IF step IS NULL THEN
        RAISE EXCEPTION 'no request #% in your units', phone_decide_request.request;
    END IF;
    SELECT q.* INTO r FROM public.request q WHERE q.id = phone_decide_request.request;
    IF NOT (r.employee_id = signer OR public.request_signer(r) IS NOT DISTINCT FROM signer
            OR EXISTS (SELECT 1 FROM public.request_step x WHERE x.request_id = r.id AND x.signer_id = signer)) THEN
        RAISE EXCEPTION 'step % of request #% is the head''s (or the plt''s) to sign', step, r.id;
    END IF;
    PERFORM public.request_step_apply(phone_decide_request.request, step, phone_decide_request.status, phone_decide_request.note,
        signer, label, 'halaman presensi: persetujuan');
END $$;

-- Large objects are outside every table: no row security, no V38 trigger, no audit, and PostgreSQL lets every role
-- create them, so an operator (or a disabled operator's open connection) could fill the disk with lo_from_bytea. Nothing
-- here uses them; the owner (a superuser on the embedded server) keeps them for pg_dump and restores. The functions
-- are the system's, so only a superuser can take them from PUBLIC; an owner that is not one is told to do it.
DO $$
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        REVOKE EXECUTE ON FUNCTION pg_catalog.lo_create(oid), pg_catalog.lo_creat(integer),
            pg_catalog.lo_from_bytea(oid, bytea), pg_catalog.lo_import(text), pg_catalog.lo_import(text, oid) FROM PUBLIC;
    ELSE
        RAISE WARNING 'large objects stay open to every role: as a superuser, REVOKE EXECUTE ON FUNCTION lo_create(oid), lo_creat(integer), lo_from_bytea(oid, bytea) FROM PUBLIC';
    END IF;
END $$;
