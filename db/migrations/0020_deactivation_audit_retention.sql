-- Deactivating a person (an Auth ban, or a soft delete) ends what they already hold, with the
-- database as the gate: every request role's call is refused while they are banned, and the
-- ban itself revokes their sessions, OAuth grants and unused pairing codes.

-- Whether the caller is a person Auth still lets in. True for every role but `authenticated`
-- (devices, the service role, anon), and for a `sub` with no auth.users row (a deleted person
-- has no role left either: user_roles cascades). SECURITY DEFINER: request roles cannot read
-- auth.users.
CREATE FUNCTION busymate_private.caller_active() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  -- Only a signed-in person can be deactivated. Checked first, in its own statement: auth.uid()
  -- casts `sub` to a uuid, which fails for an anonymous token whose `sub` is not one, and SQL
  -- gives no order of evaluation within one query (not even under CASE, once planned).
  IF coalesce(auth.role(), '') <> 'authenticated' THEN
    RETURN true;
  END IF;
  RETURN NOT EXISTS (
    SELECT 1 FROM auth.users u
    WHERE u.id = auth.uid() AND (u.banned_until > now() OR u.deleted_at IS NOT NULL)
  );
END
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
--> statement-breakpoint

-- Stats readers read per-series rows. stats_history keeps one row per minute × device × status
-- class × source, so the rows a window holds grow with how busy the fleet is until every
-- combination is present (at 1 M captures over 14 days the last hour held ~1,900 of its ~4,800
-- combinations, at 5 M all of them, scattered over as many heap pages): the snapshot's last-hour
-- sum and the page's charts read them all. stats_series keeps each dimension apart (status class,
-- device, source), so a minute holds at most 6 + devices + sources rows, all present in any
-- fleet that captures at all: what readers touch follows buckets × series, not traffic.
-- stats_history stays (REST, the seed's shape); both are written by the same rollup.
CREATE TABLE public.stats_series (
  grain text NOT NULL CONSTRAINT stats_series_grain_valid CHECK (grain IN ('minute', 'hour')),
  bucket timestamptz NOT NULL,
  dim text NOT NULL CONSTRAINT stats_series_dim_valid CHECK (dim IN ('class', 'device', 'source')),
  key text NOT NULL,
  captures bigint NOT NULL,
  PRIMARY KEY (grain, bucket, dim, key)
);
--> statement-breakpoint
ALTER TABLE public.stats_series ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON public.stats_series TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.stats_series TO service_role;
--> statement-breakpoint
CREATE POLICY stats_series_select ON public.stats_series FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('stats', 'view')));
--> statement-breakpoint
INSERT INTO public.stats_series (grain, bucket, dim, key, captures)
SELECT h.grain, h.bucket, k.dim, k.key, sum(h.captures)
FROM public.stats_history h
CROSS JOIN LATERAL (VALUES ('class', h.status_class::text), ('device', h.device_uuid::text), ('source', h.source)) k(dim, key)
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION busymate_private.stats_forget_entries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  counted bigint;
  removed bigint;
BEGIN
  SELECT last_entry_id INTO counted FROM busymate_private.stats_rollup_state WHERE id = 1 FOR UPDATE;
  WITH gone AS (
    SELECT date_trunc('minute', o.ts) AS minute, date_trunc('hour', o.ts) AS hour, o.device_uuid,
           coalesce(o.status / 100, 0)::smallint AS status_class, coalesce(o.source, '') AS source, o.host
    FROM old_entries o WHERE o.id <= counted
  ), minutes AS (
    UPDATE public.stats_history h SET captures = greatest(h.captures - g.n, 0)
    FROM (SELECT minute, device_uuid, status_class, source, count(*) AS n FROM gone GROUP BY 1, 2, 3, 4) g
    WHERE h.grain = 'minute' AND h.bucket = g.minute AND h.device_uuid = g.device_uuid
      AND h.status_class = g.status_class AND h.source = g.source
    RETURNING 1
  ), hours AS (
    UPDATE public.stats_history h SET captures = greatest(h.captures - g.n, 0)
    FROM (SELECT hour, device_uuid, status_class, source, count(*) AS n FROM gone GROUP BY 1, 2, 3, 4) g
    WHERE h.grain = 'hour' AND h.bucket = g.hour AND h.device_uuid = g.device_uuid
      AND h.status_class = g.status_class AND h.source = g.source
    RETURNING 1
  ), series AS (
    UPDATE public.stats_series s SET captures = greatest(s.captures - g.n, 0)
    FROM (SELECT gr.grain, CASE gr.grain WHEN 'minute' THEN x.minute ELSE x.hour END AS bucket, k.dim, k.key, count(*) AS n
          FROM gone x CROSS JOIN (VALUES ('minute'), ('hour')) gr(grain)
          CROSS JOIN LATERAL (VALUES ('class', x.status_class::text), ('device', x.device_uuid::text), ('source', x.source)) k(dim, key)
          GROUP BY 1, 2, 3, 4) g
    WHERE s.grain = g.grain AND s.bucket = g.bucket AND s.dim = g.dim AND s.key = g.key
    RETURNING 1
  ), hosts AS (
    UPDATE busymate_private.stats_host_hours s SET captures = greatest(s.captures - g.n, 0)
    FROM (SELECT hour, host, count(*) AS n FROM gone WHERE host IS NOT NULL GROUP BY 1, 2) g
    WHERE s.bucket = g.hour AND s.host = g.host
    RETURNING 1
  )
  -- (Data-modifying CTEs run whether or not they are read.)
  SELECT count(*) INTO removed FROM gone;
  UPDATE busymate_private.stats_rollup_state SET total_entries = greatest(total_entries - removed, 0) WHERE id = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION busymate_private.stats_rollup() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  counted bigint;
  upto bigint;
  writers text[];
  deadline timestamptz := clock_timestamp() + interval '5 seconds';
  added bigint := 0;
BEGIN
  upto := pg_sequence_last_value(pg_get_serial_sequence('public.entries', 'id')::regclass);
  SELECT array_agg(DISTINCT l.virtualtransaction) INTO writers FROM pg_catalog.pg_locks l
  WHERE l.locktype = 'relation' AND l.relation = 'public.entries'::regclass AND l.mode = 'RowExclusiveLock'
    AND l.pid <> pg_backend_pid();
  WHILE writers IS NOT NULL AND EXISTS (
    SELECT 1 FROM pg_catalog.pg_locks v WHERE v.locktype = 'virtualxid' AND v.virtualxid = ANY (writers)
  ) LOOP
    IF clock_timestamp() > deadline THEN
      upto := NULL;
      EXIT;
    END IF;
    PERFORM pg_sleep(0.005);
  END LOOP;
  -- Locked after the wait: a DELETE's trigger takes this row too, and must not wait on us while we wait on it.
  SELECT last_entry_id INTO counted FROM busymate_private.stats_rollup_state WHERE id = 1 FOR UPDATE;
  IF upto IS NOT NULL AND upto > counted THEN
    CREATE TEMP TABLE stats_new ON COMMIT DROP AS
      SELECT e.ts, e.device_uuid, coalesce(e.status / 100, 0)::smallint AS status_class,
             coalesce(e.source, '') AS source, e.host
      FROM public.entries e WHERE e.id > counted AND e.id <= upto;
    INSERT INTO public.stats_history AS h (grain, bucket, device_uuid, status_class, source, captures)
      SELECT 'minute', date_trunc('minute', ts), device_uuid, status_class, source, count(*)
      FROM pg_temp.stats_new WHERE ts > now() - interval '25 hours' GROUP BY 2, 3, 4, 5
    ON CONFLICT (grain, bucket, device_uuid, status_class, source) DO UPDATE SET captures = h.captures + excluded.captures;
    INSERT INTO public.stats_history AS h (grain, bucket, device_uuid, status_class, source, captures)
      SELECT 'hour', date_trunc('hour', ts), device_uuid, status_class, source, count(*)
      FROM pg_temp.stats_new WHERE ts > now() - interval '7 days 1 hour' GROUP BY 2, 3, 4, 5
    ON CONFLICT (grain, bucket, device_uuid, status_class, source) DO UPDATE SET captures = h.captures + excluded.captures;
    INSERT INTO public.stats_series AS s (grain, bucket, dim, key, captures)
      SELECT g.grain, date_trunc(g.grain, n.ts), k.dim, k.key, count(*)
      FROM pg_temp.stats_new n
      CROSS JOIN (VALUES ('minute', interval '25 hours'), ('hour', interval '7 days 1 hour')) g(grain, keep)
      CROSS JOIN LATERAL (VALUES ('class', n.status_class::text), ('device', n.device_uuid::text), ('source', n.source)) k(dim, key)
      WHERE n.ts > now() - g.keep
      GROUP BY 1, 2, 3, 4
    ON CONFLICT (grain, bucket, dim, key) DO UPDATE SET captures = s.captures + excluded.captures;
    INSERT INTO busymate_private.stats_host_hours AS s (bucket, host, captures)
      SELECT date_trunc('hour', ts), host, count(*) FROM pg_temp.stats_new
      WHERE host IS NOT NULL AND ts > now() - interval '25 hours' GROUP BY 1, 2
    ON CONFLICT (bucket, host) DO UPDATE SET captures = s.captures + excluded.captures;
    SELECT count(*) INTO added FROM pg_temp.stats_new;
    DROP TABLE pg_temp.stats_new;
    UPDATE busymate_private.stats_rollup_state SET last_entry_id = upto, total_entries = total_entries + added WHERE id = 1;
  END IF;
  DELETE FROM public.stats_history WHERE grain = 'minute' AND bucket < now() - interval '25 hours';
  DELETE FROM public.stats_history WHERE grain = 'hour' AND bucket < now() - interval '7 days 1 hour';
  DELETE FROM public.stats_series WHERE grain = 'minute' AND bucket < now() - interval '25 hours';
  DELETE FROM public.stats_series WHERE grain = 'hour' AND bucket < now() - interval '7 days 1 hour';
  DELETE FROM busymate_private.stats_host_hours WHERE bucket < now() - interval '25 hours';
  RETURN added;
END
$$;
--> statement-breakpoint
-- The snapshot from the per-series rows (same windows and meaning as 0018's).
CREATE OR REPLACE FUNCTION busymate_private.compute_stats_from_rollup() RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
  WITH edge AS (
    SELECT date_trunc('hour', date_trunc('minute', now()) - interval '24 hours') + interval '1 hour' AS at
  ), recent AS (
    SELECT s.dim, s.key, s.captures FROM public.stats_series s, edge
    WHERE s.grain = 'hour' AND s.bucket >= edge.at
    UNION ALL
    SELECT s.dim, s.key, s.captures FROM public.stats_series s, edge
    WHERE s.grain = 'minute' AND s.bucket > date_trunc('minute', now()) - interval '24 hours' AND s.bucket < edge.at
  ), last_hour AS (
    SELECT coalesce(sum(captures), 0) AS n FROM public.stats_series
    WHERE grain = 'minute' AND bucket > date_trunc('minute', now()) - interval '1 hour' AND dim = 'class'
  )
  SELECT jsonb_build_object(
    'total_devices', (SELECT count(*) FROM public.devices),
    'online_devices', (SELECT count(*) FROM public.device_status s WHERE s.last_heartbeat_at > now() - interval '90 seconds'),
    'total_entries', (SELECT total_entries FROM busymate_private.stats_rollup_state WHERE id = 1),
    'entries_1h', (SELECT n FROM last_hour),
    'entries_24h', (SELECT coalesce(sum(captures), 0) FROM recent WHERE dim = 'class'),
    'requests_per_sec', round((SELECT n FROM last_hour) / 3600.0, 2),
    'status_class_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT key AS k, sum(captures) AS n FROM recent WHERE dim = 'class' AND key <> '0' GROUP BY 1 HAVING sum(captures) > 0) m), '{}'),
    'source_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT key AS k, sum(captures) AS n FROM recent WHERE dim = 'source' AND key <> '' GROUP BY 1 HAVING sum(captures) > 0) m), '{}'),
    'connection_type_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT s.source AS k, count(*) AS n FROM public.device_status s WHERE s.source IS NOT NULL GROUP BY 1) m), '{}'),
    'top_domains', coalesce((SELECT jsonb_agg(jsonb_build_object('host', host, 'count', n) ORDER BY n DESC, host) FROM (
      SELECT host, sum(captures) AS n FROM busymate_private.stats_host_hours WHERE bucket > now() - interval '24 hours'
      GROUP BY host HAVING sum(captures) > 0 ORDER BY n DESC, host LIMIT 10) t), '[]'),
    'top_devices', coalesce((SELECT jsonb_agg(jsonb_build_object('device_uuid', d.uuid, 'name', d.name, 'count', t.n) ORDER BY t.n DESC, d.name) FROM (
      SELECT key, sum(captures) AS n FROM recent WHERE dim = 'device' GROUP BY key HAVING sum(captures) > 0 ORDER BY n DESC LIMIT 10) t
      JOIN public.devices d ON d.uuid::text = t.key), '[]'),
    'generated_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )
$$;
