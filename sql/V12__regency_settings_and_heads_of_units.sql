-- The regency's own name and the city written above signatures, for every report (no more "Kabupaten Paser"
-- unless that is the regency); and the head of each unit, whose name, NIP and title sign the unit's recap.
ALTER TABLE setting DROP CONSTRAINT setting_key_check;
ALTER TABLE setting ADD CONSTRAINT setting_key_check CHECK (key IN ('max_accuracy_m', 'regency_name', 'signature_city'));

ALTER TABLE unit
    ADD COLUMN head_employee_id bigint REFERENCES employee (id),
    ADD COLUMN head_title text CHECK (head_title IS NULL OR btrim(head_title) <> '');
