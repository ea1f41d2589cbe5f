-- Staff who leave (retire, move out of the regency, die, resign, are dismissed): their employment ends from a
-- date. Before it, their days are reconciled and recapped as usual; from it, no work is expected of them, they
-- can no longer check in, and they leave the following recaps.
ALTER TABLE employee
    ADD COLUMN ended_from date,
    ADD COLUMN end_reason text CHECK (end_reason IN ('PENSIUN', 'MUTASI', 'MENINGGAL', 'BERHENTI', 'DIBERHENTIKAN', 'LAINNYA')),
    ADD CONSTRAINT employee_end_has_reason CHECK ((ended_from IS NULL) = (end_reason IS NULL));
