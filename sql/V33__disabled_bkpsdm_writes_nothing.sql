-- A disabled BKPSDM operator keeps the presensi_bkpsdm role (disabling takes their login away, not their membership),
-- and a connection they opened before stays open. V15's and V18's write policies for that role said USING (true), so
-- such a connection could still close or reopen months, change the request rules and the selfie rule. The write
-- policies now ask what every other table's policy asks: does this session see everything, i.e. the owner, the service,
-- or an enabled BKPSDM operator (operator_sees_all, once per statement as V30 does). Reading stays open to everyone.
ALTER POLICY bkpsdm_writes ON closed_month USING ((SELECT operator_sees_all())) WITH CHECK ((SELECT operator_sees_all()));
ALTER POLICY bkpsdm_writes ON request_rule USING ((SELECT operator_sees_all())) WITH CHECK ((SELECT operator_sees_all()));
ALTER POLICY bkpsdm_writes ON selfie_policy USING ((SELECT operator_sees_all())) WITH CHECK ((SELECT operator_sees_all()));
