-- A shift's tolerance for leaving early (PSW), separate from its late tolerance, as schedules have had since V3:
-- the late grace was used for both, so a P shift with 15 minutes for arriving let its staff leave 15 minutes early.
-- Existing shifts get 0, which is what their operators were told ("late after start plus this").
ALTER TABLE shift_type ADD COLUMN early_grace_min smallint NOT NULL DEFAULT 0 CHECK (early_grace_min BETWEEN 0 AND 240);
