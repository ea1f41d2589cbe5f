-- An overtime order (surat perintah lembur) keeps the day's check-out window open past the ordered hours (RuleResolver),
-- so the orders are rules the check-in service decides by: it reads them, and learns of a new or changed order as it
-- learns of other rule changes (V9), else a phone would be refused OUTSIDE_WINDOW until the service restarts.
GRANT SELECT ON overtime_order TO presensi_checkin;
CREATE TRIGGER bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON overtime_order
    FOR EACH STATEMENT EXECUTE FUNCTION bump_rules_version();
