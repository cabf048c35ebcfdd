-- Identity: the OAuth authorization server's state, consent records, device pairing and
-- credentials, the app's rate limits, and the rule that a read-only token never writes.
--
-- Everything except two RPCs lives in `busymate_identity`, which request roles cannot reach:
-- only the app (connected as the database owner) reads or writes it.
CREATE SCHEMA IF NOT EXISTS busymate_identity;
--> statement-breakpoint
REVOKE ALL ON SCHEMA busymate_identity FROM PUBLIC;
--> statement-breakpoint

-- oidc-provider's models (Grant, AuthorizationCode, RefreshToken, Client, Interaction,
-- Session, …), one row per stored object, as its adapter interface expects.
CREATE TABLE busymate_identity.oauth_payloads (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
--> statement-breakpoint
CREATE INDEX oauth_payloads_grant_idx ON busymate_identity.oauth_payloads (grant_id) WHERE grant_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX oauth_payloads_uid_idx ON busymate_identity.oauth_payloads (model, uid) WHERE uid IS NOT NULL;
--> statement-breakpoint
CREATE INDEX oauth_payloads_user_code_idx ON busymate_identity.oauth_payloads (model, user_code) WHERE user_code IS NOT NULL;
--> statement-breakpoint
CREATE INDEX oauth_payloads_expires_idx ON busymate_identity.oauth_payloads (expires_at) WHERE expires_at IS NOT NULL;
--> statement-breakpoint

-- What the consent page shows for one pending authorization request: written by the
-- authorization server (which can resolve any client, DCR or metadata document) when the
-- request reaches consent, read by the dashboard page. Bound to the person it is for.
CREATE TABLE busymate_identity.oauth_consent_requests (
  uid text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  client_id text NOT NULL,
  client_name text,
  redirect_uri text NOT NULL,
  resource text NOT NULL,
  requested_scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX oauth_consent_requests_expires_idx ON busymate_identity.oauth_consent_requests (expires_at);
--> statement-breakpoint

-- One row per consent given: the grant behind a client's tokens. `/account` lists them and
-- revokes them (which deletes the grant and every token of it).
CREATE TABLE busymate_identity.oauth_authorizations (
  grant_id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  client_id text NOT NULL,
  client_name text,
  redirect_uri text NOT NULL,
  scope text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX oauth_authorizations_user_idx ON busymate_identity.oauth_authorizations (user_id, client_id);
--> statement-breakpoint

-- Rate limits (GCRA): `tat` is the theoretical arrival time of the next request; a key is
-- over its limit while `tat` is more than one period ahead of now. One row per key, so the
-- limits hold across processes. UNLOGGED: counting a request then costs no WAL flush, and
-- losing the counters in a crash only forgives a few requests.
CREATE UNLOGGED TABLE busymate_identity.rate_limits (
  key text PRIMARY KEY,
  tat timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX rate_limits_tat_idx ON busymate_identity.rate_limits (tat);
--> statement-breakpoint
-- Counts one request against `key` (at most `lim` per `period_s` seconds, bursts allowed up
-- to `lim`). Returns whether it is allowed and, if not, the seconds until one would be.
CREATE FUNCTION busymate_identity.rate_limit_hit(key text, lim integer, period_s double precision, OUT allowed boolean, OUT retry_after_s double precision)
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  step interval := make_interval(secs => period_s / lim);
  period interval := make_interval(secs => period_s);
  now_ts timestamptz := clock_timestamp();
  current_tat timestamptz;
  next_tat timestamptz;
BEGIN
  INSERT INTO busymate_identity.rate_limits AS r (key, tat) VALUES (rate_limit_hit.key, now_ts)
  ON CONFLICT ON CONSTRAINT rate_limits_pkey DO NOTHING;
  SELECT r.tat INTO current_tat FROM busymate_identity.rate_limits r WHERE r.key = rate_limit_hit.key FOR UPDATE;
  next_tat := greatest(current_tat, now_ts) + step;
  IF next_tat - now_ts > period THEN
    allowed := false;
    retry_after_s := extract(epoch FROM (next_tat - period - now_ts));
  ELSE
    UPDATE busymate_identity.rate_limits r SET tat = next_tat WHERE r.key = rate_limit_hit.key;
    allowed := true;
    retry_after_s := 0;
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_identity.rate_limit_hit(text, integer, double precision) FROM PUBLIC;
--> statement-breakpoint

-- Device pairing: a one-time code (10 minutes, single use) the owner hands to the device,
-- stored only as its SHA-256.
CREATE TABLE busymate_identity.device_pairing_codes (
  code_hash bytea PRIMARY KEY,
  device_uuid uuid NOT NULL REFERENCES public.devices (uuid) ON DELETE CASCADE,
  created_by uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
--> statement-breakpoint
CREATE INDEX device_pairing_codes_device_idx ON busymate_identity.device_pairing_codes (device_uuid);
--> statement-breakpoint
-- The long-lived device credential the pairing yields (stored as its SHA-256; the secret is
-- 256 random bits, so a fast hash is enough). It only buys short-lived device tokens.
CREATE TABLE busymate_identity.device_credentials (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  device_uuid uuid NOT NULL REFERENCES public.devices (uuid) ON DELETE CASCADE,
  secret_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
--> statement-breakpoint
CREATE INDEX device_credentials_device_idx ON busymate_identity.device_credentials (device_uuid);
--> statement-breakpoint

-- Crockford base32 without the check symbol: no I, L, O or U, so codes read aloud survive.
CREATE FUNCTION busymate_identity.new_pairing_code() RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  bytes bytea := extensions.gen_random_bytes(10);
  code text := '';
BEGIN
  FOR i IN 0..9 LOOP
    code := code || substr(alphabet, (get_byte(bytes, i) & 31) + 1, 1);
  END LOOP;
  RETURN substr(code, 1, 5) || '-' || substr(code, 6, 5);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_identity.new_pairing_code() FROM PUBLIC;
--> statement-breakpoint

-- Whether the caller may manage a device's pairing and credentials: a person (not a device)
-- with devices:edit whose scope covers the device's owner.
CREATE FUNCTION busymate_identity.may_manage_device(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT auth.role() = 'authenticated'
    AND public.has_capability('devices', 'edit')
    AND EXISTS (SELECT 1 FROM public.devices d WHERE d.uuid = target AND public.owns_or_fleet(d.owner_user_id))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_identity.may_manage_device(uuid) FROM PUBLIC;
--> statement-breakpoint

-- REST: a new one-time pairing code for a device the caller may manage. Earlier unused
-- codes of that device stop working, so only the newest code handed out is live.
CREATE FUNCTION public.create_device_pairing_code(target uuid, OUT code text, OUT expires_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT busymate_identity.may_manage_device(target) THEN
    RAISE EXCEPTION 'device % not found or not yours to pair', target USING ERRCODE = '42501',
      HINT = 'Pair a device you own (or any device, with a fleet role) using a token that may write.';
  END IF;
  DELETE FROM busymate_identity.device_pairing_codes p WHERE p.device_uuid = target AND p.used_at IS NULL;
  code := busymate_identity.new_pairing_code();
  expires_at := now() + interval '10 minutes';
  INSERT INTO busymate_identity.device_pairing_codes (code_hash, device_uuid, created_by, expires_at)
  VALUES (extensions.digest(replace(code, '-', ''), 'sha256'), target, auth.uid(), create_device_pairing_code.expires_at);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.create_device_pairing_code(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.create_device_pairing_code(uuid) TO authenticated;
--> statement-breakpoint

-- REST: revokes every credential of a device (and any unused pairing code). The device's
-- next token request fails; tokens it already holds expire within minutes.
CREATE FUNCTION public.revoke_device_credentials(target uuid) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  revoked integer;
BEGIN
  IF NOT busymate_identity.may_manage_device(target) THEN
    RAISE EXCEPTION 'device % not found or not yours to manage', target USING ERRCODE = '42501',
      HINT = 'Revoke credentials of a device you own (or any device, with a fleet role) using a token that may write.';
  END IF;
  DELETE FROM busymate_identity.device_pairing_codes p WHERE p.device_uuid = target AND p.used_at IS NULL;
  UPDATE busymate_identity.device_credentials c SET revoked_at = now()
  WHERE c.device_uuid = target AND c.revoked_at IS NULL;
  GET DIAGNOSTICS revoked = ROW_COUNT;
  RETURN revoked;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.revoke_device_credentials(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.revoke_device_credentials(uuid) TO authenticated;
--> statement-breakpoint

-- A read-only token never writes, whatever the person's role allows. Busymate access tokens
-- carry `scope`; one without `busymate:write` may only use `view` capabilities. A JWT with no
-- `scope` claim at all (a Supabase Auth session, the service role) keeps its role's rights.
CREATE FUNCTION busymate_private.token_may_write() RETURNS boolean
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT CASE
    WHEN auth.jwt() ? 'scope' THEN coalesce('busymate:write' = ANY (string_to_array(auth.jwt() ->> 'scope', ' ')), false)
    ELSE true
  END
$$;
--> statement-breakpoint
-- Only has_capability (SECURITY DEFINER, running as the owner) calls it.
REVOKE ALL ON FUNCTION busymate_private.token_may_write() FROM PUBLIC;
--> statement-breakpoint
-- Same signature and meaning as in 0001, plus the token's scope: every write policy and RPC
-- asks for an `edit` capability, so this one place makes read-only tokens read-only.
CREATE OR REPLACE FUNCTION public.has_capability(section text, action text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT (has_capability.action = 'view' OR busymate_private.token_may_write())
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
