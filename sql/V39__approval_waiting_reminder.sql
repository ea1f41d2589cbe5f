-- The head's reminder that an approval waits (V36's APPROVAL_WAITING, off unless the head's unit turns it on): when a
-- request's HEAD step becomes the current one (at submission for a chain that starts with the head, or once the step
-- before it is decided or escalated), the head who signs it today (the plt in their period, else the head; V35's
-- request_signer) gets one reminder a step. The text is reminder_enqueue's: a first name and a time, no requester.
CREATE FUNCTION request_step_waiting_reminder() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r public.request;
    signer bigint;
BEGIN
    SELECT q.* INTO r FROM public.request q WHERE q.id = NEW.request_id;
    signer := public.request_signer(r);
    IF signer IS NOT NULL THEN
        PERFORM public.reminder_enqueue(signer, 'APPROVAL_WAITING', 'APPROVAL|' || NEW.request_id || '|' || NEW.position, now(),
                                        interval '1 day');
    END IF;
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION request_step_waiting_reminder() FROM PUBLIC;

CREATE TRIGGER request_step_waiting_reminder AFTER INSERT OR UPDATE OF status ON request_step
    FOR EACH ROW WHEN (NEW.actor = 'HEAD' AND NEW.status = 'CURRENT') EXECUTE FUNCTION request_step_waiting_reminder();
