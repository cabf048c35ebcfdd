-- Deactivating a person (an Auth ban, or a soft delete) ends what they already hold, with the
-- database as the gate: every request role's call is refused while they are banned, and the
-- ban itself revokes their sessions, OAuth grants and unused pairing codes.

-- Whether the caller is a person Auth still lets in. True for every role but `authenticated`
-- (devices, the service role, anon), and for a `sub` with no auth.users row (a deleted person
-- has no role left either: user_roles cascades). SECURITY DEFINER: request roles cannot read
-- auth.users.
CREATE FUNCTION busymate_private.caller_active() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT coalesce(auth.role(), '') <> 'authenticated' OR NOT EXISTS (
    SELECT 1 FROM auth.users u
    WHERE u.id = auth.uid() AND (u.banned_until > now() OR u.deleted_at IS NOT NULL)
  )
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_private.caller_active() FROM PUBLIC;
--> statement-breakpoint
-- PostgREST's db-pre-request (and withClaims, and the stand-in's Realtime): one call per request,
-- after the claims are set. PT401 is PostgREST's way of answering 401 from SQL.
CREATE FUNCTION public.busymate_pre_request() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT busymate_private.caller_active() THEN
    RAISE SQLSTATE 'PT401' USING
      MESSAGE = 'This account has been deactivated.',
      HINT = 'Ask an admin of this Busymate to reactivate it.';
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.busymate_pre_request() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.busymate_pre_request() TO anon, authenticated, device, service_role;
--> statement-breakpoint
-- Supabase's documented way to name the pre-request function (the stand-in reads it too).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN
    ALTER ROLE authenticator SET pgrst.db_pre_request TO 'public.busymate_pre_request';
  END IF;
END
$$;
--> statement-breakpoint
NOTIFY pgrst, 'reload config';
--> statement-breakpoint
-- Policies and Realtime's per-change checks go through these two, so a deactivated person's
-- capabilities are all false even where no pre-request runs (hosted Realtime's postgres_changes,
-- private-channel joins).
CREATE OR REPLACE FUNCTION public.has_capability(section text, action text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT (has_capability.action = 'view' OR busymate_private.token_may_write())
    AND busymate_private.caller_active()
    AND EXISTS (
      SELECT 1
      FROM public.user_roles ur
      JOIN public.role_capabilities rc ON rc.role_id = ur.role_id
      WHERE ur.user_id = auth.uid()
        AND rc.section = has_capability.section
        -- edit implies view
        AND (rc.action = has_capability.action OR (has_capability.action = 'view' AND rc.action = 'edit'))
    )
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.has_fleet_scope() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT busymate_private.caller_active() AND EXISTS (
    SELECT 1 FROM public.user_roles ur JOIN public.roles r ON r.id = ur.role_id
    WHERE ur.user_id = auth.uid() AND r.scope = 'fleet'
  )
$$;
--> statement-breakpoint
-- What a deactivation ends at once, whoever bans (the users page, the Auth admin API, SQL):
-- dashboard sessions (and their refresh tokens), every OAuth grant with its codes and refresh
-- tokens, oidc-provider's login sessions, pending consents and unused pairing codes. Devices
-- keep their credentials: they are the team's, and an admin revokes them on /devices.
-- Realtime is told on `realtime_revoke_user` to close the person's open channels.
CREATE FUNCTION busymate_private.revoke_person(target uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  grant_ids text[];
BEGIN
  DELETE FROM auth.refresh_tokens WHERE user_id = target::text;
  DELETE FROM auth.sessions WHERE user_id = target;
  WITH gone AS (DELETE FROM busymate_identity.oauth_authorizations WHERE user_id = target RETURNING grant_id)
  SELECT coalesce(array_agg(grant_id), '{}') INTO grant_ids FROM gone;
  -- Grants without a consent record too (the Grant payload names its account).
  SELECT grant_ids || coalesce(array_agg(id), '{}') INTO grant_ids
  FROM busymate_identity.oauth_payloads WHERE model = 'Grant' AND payload ->> 'accountId' = target::text;
  DELETE FROM busymate_identity.oauth_payloads
  WHERE (model = 'Grant' AND id = ANY (grant_ids))
     OR grant_id = ANY (grant_ids)
     OR (model = 'Session' AND payload ->> 'accountId' = target::text);
  DELETE FROM busymate_identity.oauth_consent_requests WHERE user_id = target;
  DELETE FROM busymate_identity.device_pairing_codes WHERE created_by = target AND used_at IS NULL;
  PERFORM pg_notify('realtime_revoke_user', target::text);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_private.revoke_person(uuid) FROM PUBLIC;
--> statement-breakpoint
CREATE FUNCTION busymate_private.revoke_on_deactivation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  PERFORM busymate_private.revoke_person(NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER on_auth_user_deactivated AFTER UPDATE OF banned_until, deleted_at ON auth.users
FOR EACH ROW
WHEN ((NEW.banned_until > now() AND NOT coalesce(OLD.banned_until > now(), false))
   OR (NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL))
EXECUTE FUNCTION busymate_private.revoke_on_deactivation();
--> statement-breakpoint

-- Audit retention: the periodic worker deletes rows older than the setting, a bounded batch per
-- call (oldest first, on audit_log_at_idx), so no tick holds a long transaction. The audit
-- trigger is on the audited tables, not on audit_log, so pruning writes no audit rows.
CREATE FUNCTION busymate_private.prune_audit_log(keep interval, batch integer) RETURNS integer
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  deleted integer;
BEGIN
  IF keep < interval '1 day' THEN
    RAISE EXCEPTION 'audit retention must be at least one day, not %', keep USING ERRCODE = '22023';
  END IF;
  DELETE FROM public.audit_log WHERE id IN (
    SELECT id FROM public.audit_log WHERE at < now() - keep ORDER BY at LIMIT greatest(batch, 1)
  );
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_private.prune_audit_log(interval, integer) FROM PUBLIC;
