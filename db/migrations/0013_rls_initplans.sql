-- Row-level security evaluated once per statement, not once per row.
--
-- Policies called public.owns_or_fleet(owner_user_id) and public.device_in_scope(device_uuid)
-- for every row they looked at. Both are functions PostgreSQL cannot inline (a SET clause,
-- SECURITY DEFINER) that in turn query user_roles, roles and devices: about half a millisecond
-- a row, so listing the 2 devices of a member among 32 cost ~14 ms, and every read scaled with
-- the rows RLS had to reject. Rewritten, the same conditions become:
--   owns_or_fleet(x)   → (coalesce(x = (SELECT auth.uid()), false) OR (SELECT public.has_fleet_scope()))
--   device_in_scope(x) → (x IN (SELECT public.devices_in_scope()))
-- where each sub-select runs once per statement (an InitPlan, or a hashed SubPlan for the set).
-- The meaning is unchanged: devices_in_scope() is the set form of device_in_scope() (a device
-- itself, its owner, or a fleet-scoped person), as the search RPCs already use it.
-- Policies whose argument is not a plain column (the owner: topic policy on realtime.messages,
-- judged once per join) keep the function call.
DO $$
DECLARE
  policy record;
  qual text;
  check_expr text;
  statement text;
BEGIN
  FOR policy IN
    SELECT schemaname, tablename, policyname, pg_policies.qual, with_check
    FROM pg_policies
    WHERE pg_policies.qual ~ 'owns_or_fleet\(|device_in_scope\(' OR with_check ~ 'owns_or_fleet\(|device_in_scope\('
  LOOP
    qual := policy.qual;
    check_expr := policy.with_check;
    qual := regexp_replace(qual, '(public\.)?owns_or_fleet\(([a-z_.]+)\)', '(COALESCE(\2 = (SELECT auth.uid()), false) OR (SELECT public.has_fleet_scope()))', 'g');
    qual := regexp_replace(qual, '(public\.)?device_in_scope\(([a-z_.]+)\)', '(\2 IN (SELECT public.devices_in_scope()))', 'g');
    check_expr := regexp_replace(check_expr, '(public\.)?owns_or_fleet\(([a-z_.]+)\)', '(COALESCE(\2 = (SELECT auth.uid()), false) OR (SELECT public.has_fleet_scope()))', 'g');
    check_expr := regexp_replace(check_expr, '(public\.)?device_in_scope\(([a-z_.]+)\)', '(\2 IN (SELECT public.devices_in_scope()))', 'g');
    IF qual IS NOT DISTINCT FROM policy.qual AND check_expr IS NOT DISTINCT FROM policy.with_check THEN
      CONTINUE;
    END IF;
    statement := format('ALTER POLICY %I ON %I.%I', policy.policyname, policy.schemaname, policy.tablename);
    IF qual IS NOT NULL THEN
      statement := statement || format(' USING (%s)', qual);
    END IF;
    IF check_expr IS NOT NULL THEN
      statement := statement || format(' WITH CHECK (%s)', check_expr);
    END IF;
    EXECUTE statement;
  END LOOP;
END
$$;
