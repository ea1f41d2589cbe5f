-- Titip absen: signals computed nightly with reconciliation, per employee-day and kind, with the evidence (times,
-- places, addresses) and one Indonesian sentence saying what was seen. Signals are not verdicts: an OPD admin reads
-- them (report anomalies) and asks. Each run replaces the signals of its days and scope.
CREATE TABLE anomaly_signal (
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    work_date    date        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('SAME_HAND', 'REPEATED_POSITION', 'CONSTANT_ACCURACY', 'ON_CENTRE',
                                                      'IMPOSSIBLE_TRAVEL', 'MACHINE_APP', 'DEVICE_CHURN')),
    strength     real        NOT NULL CHECK (strength > 0),
    message      text        NOT NULL,
    evidence     jsonb       NOT NULL,
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, work_date, kind)
);
CREATE INDEX anomaly_signal_date_idx ON anomaly_signal (work_date);

ALTER TABLE anomaly_signal ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON anomaly_signal USING (employee_id IN (SELECT id FROM employee))
    WITH CHECK (employee_id IN (SELECT id FROM employee));
GRANT SELECT, INSERT, UPDATE, DELETE ON anomaly_signal TO presensi_bkpsdm, presensi_opd_admin;

-- The phone's address as the service saw it (behind the local TLS proxy: X-Forwarded-For), for "one hand, many phones".
ALTER TABLE checkin ADD COLUMN client_address inet;

-- The thresholds, each a setting with a default in the code (AnomalyThresholds).
ALTER TABLE setting DROP CONSTRAINT setting_key_check;
ALTER TABLE setting ADD CONSTRAINT setting_key_check
    CHECK (key IN ('max_accuracy_m', 'regency_name', 'signature_city', 'wfa_days_per_week', 'anomaly_same_hand_seconds',
                   'anomaly_same_hand_days', 'anomaly_repeated_position_days', 'anomaly_constant_accuracy_checkins',
                   'anomaly_on_centre_times', 'anomaly_speed_kmh', 'anomaly_machine_app_km', 'anomaly_activations_30_days'));
