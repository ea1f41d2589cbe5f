-- An optional selfie at check-in, per unit: the nearest unit up the chain with a setting decides, so the RSUD can
-- ask for one and one of its wings not. Where one is asked for, a check-in without it is refused (SELFIE_REQUIRED).
CREATE TABLE selfie_policy (
    unit_id     bigint      PRIMARY KEY REFERENCES unit (id),
    required    boolean     NOT NULL,
    changed_by  text        NOT NULL DEFAULT session_user,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON selfie_policy
    FOR EACH STATEMENT EXECUTE FUNCTION bump_rules_version();

-- The photo of a check-in attempt (accepted or refused), resized on the phone, with its hash (the same photo sent
-- for two check-ins is a titip absen signal). Personal data: kept selfie_retention_days (default 90) after it was
-- received, then deleted by the nightly reconcile, each deletion written to the audit trail. No face recognition.
CREATE TABLE checkin_photo (
    request_id    uuid        PRIMARY KEY REFERENCES checkin (request_id) ON DELETE CASCADE,
    employee_id   bigint      NOT NULL REFERENCES employee (id),
    work_date     date,
    received_at   timestamptz NOT NULL,
    content_type  text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    bytes         bytea       NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 65536),
    sha256        bytea       NOT NULL CHECK (octet_length(sha256) = 32)
);
-- a JPEG does not compress: no time spent trying at the morning rush
ALTER TABLE checkin_photo ALTER COLUMN bytes SET STORAGE EXTERNAL;
CREATE INDEX checkin_photo_received_idx ON checkin_photo (received_at);
CREATE INDEX checkin_photo_date_idx ON checkin_photo (work_date, employee_id);
CREATE INDEX checkin_photo_sha256_idx ON checkin_photo (sha256);

ALTER TABLE checkin DROP CONSTRAINT checkin_reason_check;
ALTER TABLE checkin ADD CONSTRAINT checkin_reason_check
    CHECK (reason IN ('OUTSIDE_GEOFENCE', 'OUTSIDE_WINDOW', 'LOW_ACCURACY', 'MOCK_LOCATION', 'NOT_SCHEDULED', 'NO_LOCATION',
                      'SELFIE_REQUIRED'));

-- Two more signals: one photo behind several check-ins, and a group of a unit's staff moving to one phone model
-- (the device name the page sends is the browser's user agent) within a week.
ALTER TABLE anomaly_signal DROP CONSTRAINT anomaly_signal_kind_check;
ALTER TABLE anomaly_signal ADD CONSTRAINT anomaly_signal_kind_check
    CHECK (kind IN ('SAME_HAND', 'REPEATED_POSITION', 'CONSTANT_ACCURACY', 'ON_CENTRE', 'IMPOSSIBLE_TRAVEL', 'MACHINE_APP',
                    'DEVICE_CHURN', 'REUSED_PHOTO', 'SHARED_MODEL'));

ALTER TABLE setting DROP CONSTRAINT setting_key_check;
ALTER TABLE setting ADD CONSTRAINT setting_key_check
    CHECK (key IN ('max_accuracy_m', 'regency_name', 'signature_city', 'wfa_days_per_week', 'anomaly_same_hand_seconds',
                   'anomaly_same_hand_days', 'anomaly_repeated_position_days', 'anomaly_constant_accuracy_checkins',
                   'anomaly_on_centre_times', 'anomaly_speed_kmh', 'anomaly_machine_app_km', 'anomaly_activations_30_days',
                   'anomaly_shared_model_staff', 'selfie_retention_days'));

ALTER TABLE selfie_policy ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON selfie_policy FOR SELECT USING (true);
CREATE POLICY bkpsdm_writes ON selfie_policy FOR ALL TO presensi_bkpsdm USING (true) WITH CHECK (true);
ALTER TABLE checkin_photo ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON checkin_photo USING (employee_id IN (SELECT id FROM employee))
    WITH CHECK (employee_id IN (SELECT id FROM employee));

-- BKPSDM sets the policy and purges; an OPD admin reads their units' photos; the service only adds them.
GRANT SELECT, INSERT, UPDATE, DELETE ON selfie_policy TO presensi_bkpsdm;
GRANT SELECT, DELETE ON checkin_photo TO presensi_bkpsdm;
GRANT SELECT ON selfie_policy, checkin_photo TO presensi_opd_admin;
GRANT SELECT ON selfie_policy TO presensi_checkin;
GRANT INSERT ON checkin_photo TO presensi_checkin;
