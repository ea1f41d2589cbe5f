-- Titip absen reviewed: an operator who has looked into a signal (asked the employee, compared the evidence) marks it
-- "sudah diperiksa" with a note saying what was found. A signal is not a verdict, and neither is a review: it records
-- who looked and what they wrote, so the next reader of the report does not ask the same question again.
--
-- Reviews live beside the signals, not in them: each reconciliation replaces the signals of its days (the nightly run
-- redoes the last week), and a review must outlive that. A review names its signal by the signal's own key (employee,
-- day, kind), so a signal found again is still reviewed. No foreign key to anomaly_signal for the same reason.
CREATE TABLE anomaly_review (
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    work_date    date        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('SAME_HAND', 'REPEATED_POSITION', 'CONSTANT_ACCURACY', 'ON_CENTRE',
                                                      'IMPOSSIBLE_TRAVEL', 'MACHINE_APP', 'DEVICE_CHURN', 'REUSED_PHOTO',
                                                      'SHARED_MODEL')),
    note         text        NOT NULL CHECK (btrim(note) <> '' AND length(note) <= 500),
    reviewed_by  text        NOT NULL,
    reviewed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, work_date, kind)
);

-- Read as the signals are (V23): by the unit the employee was in that day. Nobody writes it directly, BKPSDM
-- included: every review goes through signal_review(), which checks the scope and writes the audit row.
ALTER TABLE anomaly_review ENABLE ROW LEVEL SECURITY;
CREATE POLICY day_scope ON anomaly_review FOR SELECT
    USING ((SELECT public.operator_sees_all())
           OR CASE WHEN employee_id IN (SELECT public.moved_employees()) THEN public.operator_sees_day(employee_id, work_date)
                   ELSE employee_id IN (SELECT e.id FROM public.employee e) END);
GRANT SELECT ON anomaly_review TO presensi_bkpsdm, presensi_opd_admin;

-- Marks a signal reviewed (again: the note and reviewer are replaced, the audit row keeps the earlier ones). The
-- signal must exist and belong to a day of the operator's units; nobody reviews a signal about themselves. The audit
-- row is filed under the unit of the signal's day, so the admin who reviewed it reads it after a transfer too.
CREATE FUNCTION signal_review(employee bigint, work_date date, kind text, note text, who text, command text) RETURNS timestamptz
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    seen public.anomaly_signal;
    earlier public.anomaly_review;
    written public.anomaly_review;
    clean text := btrim(signal_review.note);
BEGIN
    SELECT s.* INTO seen FROM public.anomaly_signal s
     WHERE s.employee_id = signal_review.employee AND s.work_date = signal_review.work_date AND s.kind = signal_review.kind;
    IF NOT FOUND OR NOT public.operator_sees_day(signal_review.employee, signal_review.work_date) THEN
        RAISE EXCEPTION 'no % signal of employee #% on % in your units', signal_review.kind, signal_review.employee, signal_review.work_date;
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.employee_id = signal_review.employee) THEN
        RAISE EXCEPTION 'nobody reviews a signal about themselves; another admin of the unit or BKPSDM does';
    END IF;
    IF clean IS NULL OR clean = '' OR length(clean) > 500 THEN
        RAISE EXCEPTION 'a review needs a note saying what was checked (at most 500 characters)' USING ERRCODE = 'check_violation';
    END IF;
    SELECT r.* INTO earlier FROM public.anomaly_review r
     WHERE r.employee_id = seen.employee_id AND r.work_date = seen.work_date AND r.kind = seen.kind FOR UPDATE;
    INSERT INTO public.anomaly_review AS r (employee_id, work_date, kind, note, reviewed_by, reviewed_at)
    VALUES (seen.employee_id, seen.work_date, seen.kind, clean, CASE WHEN public.session_is_owner() THEN who ELSE session_user END, now())
    ON CONFLICT ON CONSTRAINT anomaly_review_pkey DO UPDATE SET note = excluded.note, reviewed_by = excluded.reviewed_by,
                                                             reviewed_at = excluded.reviewed_at
    RETURNING r.* INTO written;
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after, unit_id)
    SELECT who, command, 'anomaly_signal', coalesce(e.nip, e.nik) || '/' || seen.work_date || '/' || seen.kind,
           CASE WHEN earlier.employee_id IS NULL THEN jsonb_build_object('reviewed', false)
                ELSE jsonb_build_object('reviewed', true, 'note', earlier.note, 'by', earlier.reviewed_by) END,
           jsonb_build_object('reviewed', true, 'note', written.note, 'by', written.reviewed_by, 'message', seen.message),
           coalesce(public.unit_on(e.id, seen.work_date), e.unit_id)
      FROM public.employee e WHERE e.id = seen.employee_id;
    RETURN written.reviewed_at;
END $$;

REVOKE EXECUTE ON FUNCTION signal_review(bigint, date, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION signal_review(bigint, date, text, text, text, text) TO presensi_bkpsdm, presensi_opd_admin;
