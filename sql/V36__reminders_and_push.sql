-- Reminders (issue 31): Web Push subscriptions of the phones, the home's VAPID key, per-unit reminder policies and
-- webhooks, and the durable outbox every reminder leaves through.

-- 1. The home's VAPID key pair (RFC 8292), made once by the first server that needs it and kept: the push services
--    bind every subscription to the public key, so a new pair would orphan them all. The private key (PKCS#8) is
--    read by the owner and the check-in service only; no operator role has any right on this table.
CREATE TABLE push_vapid_key (
    id           smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    public_key   bytea       NOT NULL CHECK (octet_length(public_key) = 65),
    private_key  bytea       NOT NULL CHECK (octet_length(private_key) BETWEEN 32 AND 200),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- 2. A phone's subscription: the push service's endpoint and the browser's keys (RFC 8291), bound to the device
--    that sent it. The endpoint is a capability (whoever holds it and the keys can write to that phone): no operator
--    reads these rows. A device retired (revoked or replaced) loses its subscriptions (trigger below).
CREATE TABLE push_subscription (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id    bigint      NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    endpoint     text        NOT NULL UNIQUE CHECK (endpoint LIKE 'https://%' AND length(endpoint) <= 1024),
    p256dh       bytea       NOT NULL CHECK (octet_length(p256dh) = 65 AND get_byte(p256dh, 0) = 4),
    auth         bytea       NOT NULL CHECK (octet_length(auth) = 16),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscription_employee_idx ON push_subscription (employee_id);
CREATE INDEX push_subscription_device_idx ON push_subscription (device_id);

CREATE FUNCTION push_subscription_retire() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    DELETE FROM public.push_subscription s WHERE s.device_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER push_subscription_retire AFTER UPDATE OF retired_at ON device
    FOR EACH ROW WHEN (NEW.retired_at IS NOT NULL) EXECUTE FUNCTION push_subscription_retire();

-- 3. Which reminders a unit's staff get, each OFF unless a unit up the chain turns it on: the nearest unit with a row
--    for the kind decides (as selfie_policy). minutes: for CHECK_OUT, after the check-out window opens; for CHECK_IN,
--    before the check-in window closes; unused for events.
CREATE TABLE reminder_policy (
    unit_id     bigint      NOT NULL REFERENCES unit (id),
    kind        text        NOT NULL CHECK (kind IN ('CHECK_OUT', 'CHECK_IN', 'DECISION', 'APPROVAL_WAITING')),
    enabled     boolean     NOT NULL,
    minutes     smallint    NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 720),
    changed_by  text        NOT NULL DEFAULT session_user,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, kind)
);

-- 4. A unit's webhook: the same events as signed JSON for a gateway (WhatsApp, Telegram) the regency runs. The HMAC
--    key must be readable to sign, so it cannot be kept as a hash: it is shown once when set and kept here, where
--    only the owner and the check-in service read it (no operator role has a right on the table; BKPSDM sets and
--    removes through the functions below). The nearest unit up the chain with a webhook receives its staff's events.
CREATE TABLE unit_webhook (
    unit_id     bigint      PRIMARY KEY REFERENCES unit (id),
    url         text        NOT NULL CHECK (url LIKE 'https://%' AND length(url) <= 1024),
    secret      bytea       NOT NULL CHECK (octet_length(secret) = 32),
    changed_by  text        NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);

-- 5. The outbox. One row per delivery (a reminder to one subscription, or to one webhook), under a unique dedupe key
--    so N servers scanning the same day enqueue it once. A sender takes due rows with FOR UPDATE SKIP LOCKED and
--    leases them (leased_until): a server killed mid-send leaves a lease that runs out, and another retakes the row.
--    Rows stay after they end (SENT; GONE: the subscription is gone; EXPIRED: past its TTL; FAILED: refused for good) so a dedupe key is never
--    reused; finished rows are purged after 14 days.
CREATE TABLE reminder_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key       text        NOT NULL UNIQUE CHECK (length(dedupe_key) BETWEEN 1 AND 200),
    kind             text        NOT NULL CHECK (kind IN ('CHECK_OUT', 'CHECK_IN', 'DECISION', 'APPROVAL_WAITING')),
    subscription_id  bigint      REFERENCES push_subscription (id) ON DELETE SET NULL,
    webhook_unit_id  bigint      REFERENCES unit_webhook (unit_id) ON DELETE SET NULL,
    payload          jsonb       NOT NULL CHECK (octet_length(payload::text) <= 2048),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    attempts         smallint    NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    leased_until     timestamptz,
    leased_by        text        CHECK (length(leased_by) <= 100),
    status           text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'GONE', 'EXPIRED', 'FAILED')),
    finished_at      timestamptz,
    last_status      smallint,
    CHECK (expires_at > created_at),
    CHECK ((status = 'PENDING') = (finished_at IS NULL)),
    CHECK (num_nonnulls(subscription_id, webhook_unit_id) <= 1)
);
CREATE INDEX reminder_outbox_due_idx ON reminder_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX reminder_outbox_finished_idx ON reminder_outbox (finished_at) WHERE status <> 'PENDING';

-- The first name a reminder may carry: the name's first word that is not a title ("dr.", "H.", "Hj.", "Drs.").
CREATE FUNCTION reminder_first_name(full_name text) RETURNS text LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT left(coalesce(nullif(split_part(btrim(regexp_replace(btrim(full_name),
               '^(((dr|drg|drs|dra|ir|h|hj|prof|ns|apt)\.?|[a-z]{1,4}\.)\s+)+', '', 'i')), ' ', 1), ''), 'Bapak/Ibu'), 40);
END;

-- A kind of reminder for an employee: its minutes when on, NULL when off. The nearest unit up the chain with a row for
-- the kind decides.
CREATE FUNCTION reminder_minutes(of_employee bigint, of_kind text) RETURNS smallint LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    WITH RECURSIVE chain AS (
        SELECT u.id, u.parent_id, 0 AS depth FROM public.unit u JOIN public.employee e ON e.unit_id = u.id WHERE e.id = of_employee
        UNION ALL
        SELECT p.id, p.parent_id, c.depth + 1 FROM public.unit p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 50)
    SELECT (SELECT CASE WHEN r.enabled THEN r.minutes END FROM public.reminder_policy r JOIN chain c ON c.id = r.unit_id
             WHERE r.kind = of_kind ORDER BY c.depth LIMIT 1);
END;

-- THE way a reminder or event enters the outbox (the scanner, the decision trigger, and the approval chains at merge
-- call it). It writes the text itself from the kind, the employee's first name and the time in the unit's zone, so
-- nothing else (NIP, unit, reasons) can reach a phone. Does nothing when the kind is off for the employee's unit.
-- event_key names the event once ('OUT|<employee>|<date>', 'DECISION|<request>'): enqueueing it again adds nothing.
-- Returns the rows added (one per subscription of the employee's active device, one for the unit's webhook).
CREATE FUNCTION reminder_enqueue(employee bigint, kind text, event_key text, at timestamptz, ttl interval)
    RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    who public.employee;
    zone text;
    first text;
    hhmm text;
    title text;
    body text;
    doc jsonb;
    hook bigint;
    added integer := 0;
    n integer;
BEGIN
    IF reminder_enqueue.kind NOT IN ('CHECK_OUT', 'CHECK_IN', 'DECISION_APPROVED', 'DECISION_REJECTED', 'APPROVAL_WAITING') THEN
        RAISE EXCEPTION 'unknown reminder kind %', reminder_enqueue.kind USING ERRCODE = 'check_violation';
    END IF;
    IF reminder_enqueue.ttl IS NULL OR reminder_enqueue.ttl <= interval '0' OR reminder_enqueue.ttl > interval '7 days'
       OR reminder_enqueue.event_key IS NULL OR length(reminder_enqueue.event_key) > 150 OR reminder_enqueue.at IS NULL THEN
        RAISE EXCEPTION 'a reminder needs an event key of at most 150 characters, a time and a TTL of up to 7 days'
            USING ERRCODE = 'check_violation';
    END IF;
    IF public.reminder_minutes(reminder_enqueue.employee,
            CASE WHEN reminder_enqueue.kind LIKE 'DECISION%' THEN 'DECISION' ELSE reminder_enqueue.kind END) IS NULL THEN
        RETURN 0;
    END IF;
    SELECT e.* INTO who FROM public.employee e WHERE e.id = reminder_enqueue.employee;
    SELECT u.time_zone INTO zone FROM public.unit u WHERE u.id = who.unit_id;
    first := public.reminder_first_name(who.name);
    hhmm := to_char(reminder_enqueue.at AT TIME ZONE zone, 'HH24.MI');
    CASE reminder_enqueue.kind
        WHEN 'CHECK_OUT' THEN title := 'Presensi pulang'; body := first || ', Anda belum presensi pulang (pukul ' || hhmm || ').';
        WHEN 'CHECK_IN' THEN title := 'Presensi masuk'; body := first || ', Anda belum presensi masuk. Jendela masuk ditutup pukul ' || hhmm || '.';
        WHEN 'DECISION_APPROVED' THEN title := 'Permohonan disetujui'; body := first || ', permohonan Anda disetujui (pukul ' || hhmm || ').';
        WHEN 'DECISION_REJECTED' THEN title := 'Permohonan ditolak'; body := first || ', permohonan Anda ditolak (pukul ' || hhmm || ').';
        ELSE title := 'Persetujuan menunggu'; body := first || ', ada permohonan menunggu persetujuan Anda (pukul ' || hhmm || ').';
    END CASE;
    doc := jsonb_build_object('event', reminder_enqueue.kind, 'firstName', first, 'time', hhmm, 'at', reminder_enqueue.at,
                              'title', title, 'body', body);
    INSERT INTO public.reminder_outbox (dedupe_key, kind, subscription_id, payload, expires_at)
    SELECT reminder_enqueue.event_key || '|P' || s.id, CASE WHEN reminder_enqueue.kind LIKE 'DECISION%' THEN 'DECISION' ELSE reminder_enqueue.kind END,
           s.id, doc, now() + reminder_enqueue.ttl
      FROM public.push_subscription s JOIN public.device d ON d.id = s.device_id AND d.retired_at IS NULL
     WHERE s.employee_id = who.id
    ON CONFLICT (dedupe_key) DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    WITH RECURSIVE chain AS (
        SELECT u.id, u.parent_id, 0 AS depth FROM public.unit u WHERE u.id = who.unit_id
        UNION ALL
        SELECT p.id, p.parent_id, c.depth + 1 FROM public.unit p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 50)
    SELECT w.unit_id INTO hook FROM public.unit_webhook w JOIN chain c ON c.id = w.unit_id ORDER BY c.depth LIMIT 1;
    IF hook IS NOT NULL THEN
        INSERT INTO public.reminder_outbox (dedupe_key, kind, webhook_unit_id, payload, expires_at)
        VALUES (reminder_enqueue.event_key || '|W' || hook, CASE WHEN reminder_enqueue.kind LIKE 'DECISION%' THEN 'DECISION' ELSE reminder_enqueue.kind END,
                hook, doc || jsonb_build_object('id', reminder_enqueue.event_key), now() + reminder_enqueue.ttl)
        ON CONFLICT (dedupe_key) DO NOTHING;
        GET DIAGNOSTICS n = ROW_COUNT;
        added := added + n;
    END IF;
    RETURN added;
END $$;

-- A request's decision reaches the requester, whatever path decided it (decide_request today, the chains later).
CREATE FUNCTION reminder_on_decision() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.reminder_enqueue(NEW.employee_id, 'DECISION_' || NEW.status, 'DECISION|' || NEW.id, now(), interval '1 day');
    RETURN NULL;
END $$;
CREATE TRIGGER reminder_on_decision AFTER UPDATE OF status ON request
    FOR EACH ROW WHEN (OLD.status = 'PENDING' AND NEW.status IN ('APPROVED', 'REJECTED')) EXECUTE FUNCTION reminder_on_decision();

-- BKPSDM (or the owner) sets and removes a unit's webhook; the secret is made by the caller and shown once.
CREATE FUNCTION unit_webhook_put(unit bigint, url text, secret bytea, who text, command text) RETURNS void
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
    ON CONFLICT (unit_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, changed_by = excluded.changed_by, changed_at = now();
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES (who, command, 'unit_webhook', unit_webhook_put.unit::text,
            CASE WHEN earlier.unit_id IS NULL THEN NULL ELSE jsonb_build_object('url', earlier.url) END,
            jsonb_build_object('url', unit_webhook_put.url, 'secret', 'new'), unit_webhook_put.unit);
END $$;

CREATE FUNCTION unit_webhook_remove(unit bigint, who text, command text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    earlier public.unit_webhook;
BEGIN
    IF NOT public.operator_sees_all() THEN
        RAISE EXCEPTION 'only BKPSDM removes a unit''s webhook';
    END IF;
    DELETE FROM public.unit_webhook w WHERE w.unit_id = unit_webhook_remove.unit RETURNING w.* INTO earlier;
    IF earlier.unit_id IS NULL THEN
        RETURN false;
    END IF;
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    VALUES (who, command, 'unit_webhook', unit_webhook_remove.unit::text, jsonb_build_object('url', earlier.url), NULL, unit_webhook_remove.unit);
    RETURN true;
END $$;

-- Rights. Policies are read by everyone (as other policies), written by BKPSDM. Subscriptions, the key, webhooks and
-- the outbox belong to the service: no operator role reads or writes them; the functions that change them check.
ALTER TABLE reminder_policy ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON reminder_policy FOR SELECT USING (true);
CREATE POLICY bkpsdm_writes ON reminder_policy FOR ALL TO presensi_bkpsdm
    USING ((SELECT public.operator_sees_all())) WITH CHECK ((SELECT public.operator_sees_all()));
GRANT SELECT ON reminder_policy TO presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
GRANT INSERT, UPDATE, DELETE ON reminder_policy TO presensi_bkpsdm;

ALTER TABLE push_vapid_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE push_subscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE unit_webhook ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminder_outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY service_only ON push_vapid_key TO presensi_checkin USING (true) WITH CHECK (true);
CREATE POLICY service_only ON push_subscription TO presensi_checkin USING (true) WITH CHECK (true);
CREATE POLICY service_only ON unit_webhook FOR SELECT TO presensi_checkin USING (true);
CREATE POLICY service_only ON reminder_outbox TO presensi_checkin USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON push_vapid_key TO presensi_checkin;
GRANT SELECT, INSERT, DELETE ON push_subscription TO presensi_checkin;
GRANT SELECT ON unit_webhook TO presensi_checkin;
GRANT SELECT, INSERT, UPDATE, DELETE ON reminder_outbox TO presensi_checkin;

REVOKE ALL ON FUNCTION reminder_enqueue(bigint, text, text, timestamptz, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reminder_enqueue(bigint, text, text, timestamptz, interval) TO presensi_checkin;
REVOKE ALL ON FUNCTION reminder_minutes(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reminder_minutes(bigint, text) TO presensi_checkin;
REVOKE ALL ON FUNCTION unit_webhook_put(bigint, text, bytea, text, text), unit_webhook_remove(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unit_webhook_put(bigint, text, bytea, text, text), unit_webhook_remove(bigint, text, text) TO presensi_bkpsdm;
REVOKE ALL ON FUNCTION push_subscription_retire(), reminder_on_decision() FROM PUBLIC;
