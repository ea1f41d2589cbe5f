-- Reminders, second pass (issue 31): a webhook that keeps answering 404/410 stops being called, and a head's phone
-- rings at most once per window for the approvals that wait, however many requests staff file meanwhile.

-- 1. A webhook that answers 404 or 410 three times in a row is gone (a gateway taken down, a URL mistyped): it is
--    disabled with the reason, shown by `policy reminder`, and set again (unit_webhook_put) to be re-enabled. Any 2xx
--    answer resets the count, so a single hiccup never disables it.
ALTER TABLE unit_webhook
    ADD COLUMN refusals        smallint    NOT NULL DEFAULT 0 CHECK (refusals >= 0),
    ADD COLUMN disabled_at     timestamptz,
    ADD COLUMN disabled_reason text        CHECK (length(disabled_reason) <= 200),
    ADD CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL));

-- The check-in service reports each webhook answer here (it may only read unit_webhook). Returns true when this answer
-- disabled the webhook. The disabling is audited as the service's doing.
CREATE FUNCTION unit_webhook_answered(unit bigint, http_status integer) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    hook public.unit_webhook;
BEGIN
    IF http_status BETWEEN 200 AND 299 THEN
        UPDATE public.unit_webhook w SET refusals = 0 WHERE w.unit_id = unit_webhook_answered.unit AND w.refusals > 0;
        RETURN false;
    END IF;
    IF http_status NOT IN (404, 410) THEN
        RETURN false; -- a 5xx or 429 is retried; another 4xx fails that row only
    END IF;
    UPDATE public.unit_webhook w SET refusals = least(w.refusals + 1, 1000)
     WHERE w.unit_id = unit_webhook_answered.unit AND w.disabled_at IS NULL RETURNING w.* INTO hook;
    IF hook.unit_id IS NULL OR hook.refusals < 3 THEN
        RETURN false;
    END IF;
    UPDATE public.unit_webhook w SET disabled_at = now(),
           disabled_reason = 'answered HTTP ' || http_status || ' ' || hook.refusals || ' times in a row'
     WHERE w.unit_id = hook.unit_id;
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES ('presensi-server', 'webhook disabled', 'unit_webhook', hook.unit_id::text, jsonb_build_object('url', hook.url),
            jsonb_build_object('url', hook.url, 'disabled', 'answered HTTP ' || http_status || ' ' || hook.refusals || ' times in a row'),
            hook.unit_id);
    RETURN true;
END $$;

-- A disabled webhook gets no new rows (reminder_enqueue inserts them; the row is skipped, the push rows are not).
CREATE FUNCTION reminder_outbox_skip_disabled_webhook() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.unit_webhook w WHERE w.unit_id = NEW.webhook_unit_id AND w.disabled_at IS NOT NULL) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reminder_outbox_skip_disabled_webhook BEFORE INSERT ON reminder_outbox
    FOR EACH ROW WHEN (NEW.webhook_unit_id IS NOT NULL) EXECUTE FUNCTION reminder_outbox_skip_disabled_webhook();

-- Setting a webhook again (same or new URL) is the operator's "it works again": enabled, count reset.
CREATE OR REPLACE FUNCTION unit_webhook_put(unit bigint, url text, secret bytea, who text, command text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    earlier public.unit_webhook;
BEGIN
    IF NOT public.operator_sees_all() THEN
        RAISE EXCEPTION 'only BKPSDM sets a unit''s webhook';
    END IF;
    SELECT w.* INTO earlier FROM public.unit_webhook w WHERE w.unit_id = unit_webhook_put.unit FOR UPDATE;
    INSERT INTO public.unit_webhook AS w (unit_id, url, secret, changed_by)
    VALUES (unit_webhook_put.unit, unit_webhook_put.url, unit_webhook_put.secret,
            CASE WHEN public.session_is_owner() THEN who ELSE session_user END)
    ON CONFLICT (unit_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, changed_by = excluded.changed_by, changed_at = now(),
                                        refusals = 0, disabled_at = NULL, disabled_reason = NULL;
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES (who, command, 'unit_webhook', unit_webhook_put.unit::text,
            CASE WHEN earlier.unit_id IS NULL THEN NULL
                 ELSE jsonb_build_object('url', earlier.url) || CASE WHEN earlier.disabled_at IS NULL THEN '{}'::jsonb
                                                                     ELSE jsonb_build_object('disabled', earlier.disabled_reason) END END,
            jsonb_build_object('url', unit_webhook_put.url, 'secret', 'new'), unit_webhook_put.unit);
END $$;

REVOKE ALL ON FUNCTION unit_webhook_answered(bigint, integer), reminder_outbox_skip_disabled_webhook() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unit_webhook_answered(bigint, integer) TO presensi_checkin;

-- 2. A head's approval reminders, bounded: one ring per window (the APPROVAL_WAITING policy's minutes, 15 when 0).
--    The first request in a quiet window rings at once; those filed within the window after it are folded into one
--    reminder due when the window ends, "N permohonan menunggu", updated as more arrive. Each ring is at least a window
--    after the one before, whatever the requesters do. One row per head, written by the trigger only.
CREATE TABLE approval_reminder_gate (
    head_id    bigint      PRIMARY KEY REFERENCES employee (id) ON DELETE CASCADE,
    last_ring  timestamptz NOT NULL, -- the latest ring, sent or due (a folded one is due in the future)
    folded     integer     NOT NULL DEFAULT 0 CHECK (folded >= 0) -- requests folded into the ring at last_ring
);
ALTER TABLE approval_reminder_gate ENABLE ROW LEVEL SECURITY; -- the owner's (the trigger's) only: no role has a right

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
    signer := public.request_signer(r);
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

-- 3. The webhooks as `policy reminder` lists them, with the reason one is disabled: for BKPSDM (who sets them; no
--    operator role reads unit_webhook, whose secret signs for the unit), nothing for anyone else. No secrets.
CREATE FUNCTION unit_webhook_list()
    RETURNS TABLE (unit_code text, url text, refusals smallint, disabled_at timestamptz, disabled_reason text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT u.code, w.url, w.refusals, w.disabled_at, w.disabled_reason
      FROM public.unit_webhook w JOIN public.unit u ON u.id = w.unit_id
     WHERE public.operator_sees_all()
     ORDER BY u.code;
END;
REVOKE ALL ON FUNCTION unit_webhook_list() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unit_webhook_list() TO presensi_bkpsdm, presensi_opd_admin;
