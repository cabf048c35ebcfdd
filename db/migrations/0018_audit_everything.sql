-- Issue 16: every person-made write is audited by the database; stats and status keep history.

-- Audit ----------------------------------------------------------------------------------------
-- Redaction before anything is stored: values under keys that look secret become "[redacted]",
-- capture-sized documents (held requests, bodies, BusyBro text) become {"omitted": <length>}.
-- Strings that look like credentials are redacted whatever their key.
CREATE FUNCTION busymate_private.audit_redact(doc jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE SET search_path = '' AS $$
DECLARE
  result jsonb;
BEGIN
  IF doc IS NULL THEN
    RETURN NULL;
  END IF;
  CASE jsonb_typeof(doc)
    WHEN 'object' THEN
      SELECT coalesce(jsonb_object_agg(key, CASE
          WHEN key ~* '(secret|token|passw|api[-_]?key|authoriz|cookie|credential|private[-_]?key|signature|session)'
            THEN to_jsonb('[redacted]'::text)
          WHEN key IN ('held', 'payload', 'body', 'request', 'response', 'text', 'artifacts', 'instructions')
            THEN jsonb_build_object('omitted', length(value::text))
          ELSE busymate_private.audit_redact(value) END), '{}'::jsonb)
        INTO result FROM jsonb_each(doc);
      RETURN result;
    WHEN 'array' THEN
      SELECT coalesce(jsonb_agg(busymate_private.audit_redact(value) ORDER BY n), '[]'::jsonb)
        INTO result FROM jsonb_array_elements(doc) WITH ORDINALITY AS a(value, n);
      RETURN result;
    WHEN 'string' THEN
      IF (doc #>> '{}') ~ '^(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.|sb_secret_|sk-[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-|AKIA[0-9A-Z]{16})' THEN
        RETURN to_jsonb('[redacted]'::text);
      END IF;
      RETURN doc;
    ELSE
      RETURN doc;
  END CASE;
END
$$;
--> statement-breakpoint
ALTER TABLE public.audit_log ADD COLUMN IF NOT EXISTS actor_role text;
--> statement-breakpoint
-- The trigger's arguments name the key columns of a table without an `id` (joined with ':').
CREATE OR REPLACE FUNCTION busymate_private.audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  before_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE busymate_private.audit_redact(to_jsonb(OLD)) END;
  after_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE busymate_private.audit_redact(to_jsonb(NEW)) END;
  row_data jsonb := coalesce(after_row, before_row);
  key_text text;
BEGIN
  IF TG_NARGS > 0 THEN
    SELECT string_agg(row_data ->> col, ':' ORDER BY n) INTO key_text FROM unnest(TG_ARGV) WITH ORDINALITY AS k(col, n);
  END IF;
  INSERT INTO public.audit_log (actor_user_id, action, target_table, target_id, before, after, client_id, actor_role)
  VALUES (
    auth.uid(), lower(TG_OP), TG_TABLE_NAME,
    coalesce(key_text, row_data ->> 'id', row_data ->> 'uuid', row_data ->> 'user_id', row_data ->> 'device_uuid',
             (row_data ->> 'role_id') || ':' || (row_data ->> 'section') || ':' || (row_data ->> 'action'), '?'),
    before_row, after_row, nullif(auth.jwt() ->> 'client_id', ''), coalesce(auth.role(), current_user));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Every table a person (or a tool acting for one) writes. Not audited, to keep ingest fast:
-- captures (`entries`), heartbeats (`device_status`) and breakpoints being held (a device's
-- INSERT into breakpoint_events); their resolution (UPDATE) is audited.
DROP TRIGGER IF EXISTS devices_audit_delete ON public.devices;
--> statement-breakpoint
CREATE TRIGGER devices_audit AFTER INSERT OR UPDATE OR DELETE ON public.devices
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER settings_device_audit AFTER INSERT OR UPDATE OR DELETE ON public.settings_device
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change('device_uuid');
--> statement-breakpoint
CREATE TRIGGER workspaces_audit AFTER INSERT OR UPDATE OR DELETE ON public.workspaces
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER workspace_devices_audit AFTER INSERT OR UPDATE OR DELETE ON public.workspace_devices
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change('workspace_id', 'device_uuid');
--> statement-breakpoint
CREATE TRIGGER workspace_tabs_audit AFTER INSERT OR UPDATE OR DELETE ON public.workspace_tabs
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER workspace_entries_audit AFTER INSERT OR UPDATE OR DELETE ON public.workspace_entries
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change('workspace_id', 'entry_id');
--> statement-breakpoint
CREATE TRIGGER service_groups_audit AFTER INSERT OR UPDATE OR DELETE ON public.service_groups
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER service_group_agents_audit AFTER INSERT OR UPDATE OR DELETE ON public.service_group_agents
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change('group_id', 'agent_id');
--> statement-breakpoint
CREATE TRIGGER busybro_agents_audit AFTER INSERT OR UPDATE OR DELETE ON public.busybro_agents
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER tags_audit AFTER INSERT OR UPDATE OR DELETE ON public.tags
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER entry_tags_audit AFTER INSERT OR UPDATE OR DELETE ON public.entry_tags
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change('entry_id', 'tag_id');
--> statement-breakpoint
CREATE TRIGGER breakpoint_events_audit AFTER UPDATE ON public.breakpoint_events
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER busybro_conversations_audit AFTER INSERT OR UPDATE OR DELETE ON public.busybro_conversations
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER busybro_turns_audit AFTER INSERT OR UPDATE OR DELETE ON public.busybro_turns
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
-- The audit page filters by actor and table and pages newest first by id.
CREATE INDEX IF NOT EXISTS audit_log_table_id_idx ON public.audit_log (target_table, id DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS audit_log_actor_id_idx ON public.audit_log (actor_user_id, id DESC);
--> statement-breakpoint

-- People: devices owned and whether the person is deactivated (banned) ------------------------
DROP FUNCTION public.list_people(text, text, uuid, integer);
--> statement-breakpoint
CREATE FUNCTION public.list_people(search_q text DEFAULT NULL, after_email text DEFAULT NULL, after_id uuid DEFAULT NULL, lim integer DEFAULT 50)
RETURNS TABLE (id uuid, email text, role_slug text, role_name text, created_at timestamptz, last_sign_in_at timestamptz,
               banned_until timestamptz, devices_owned bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF auth.role() IS DISTINCT FROM 'service_role' AND NOT public.has_capability('users', 'view') THEN
    RAISE EXCEPTION 'Your role lacks the users:view capability.' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY
    SELECT u.id, u.email::text, r.slug, r.name, u.created_at, u.last_sign_in_at, u.banned_until,
           (SELECT count(*) FROM public.devices d WHERE d.owner_user_id = u.id)
    FROM auth.users u
    LEFT JOIN public.user_roles ur ON ur.user_id = u.id
    LEFT JOIN public.roles r ON r.id = ur.role_id
    WHERE u.deleted_at IS NULL
      AND (nullif(btrim(search_q), '') IS NULL
           OR u.email ILIKE '%' || replace(replace(replace(btrim(search_q), '\', '\\'), '%', '\%'), '_', '\_') || '%')
      AND (after_email IS NULL OR (coalesce(u.email, ''), u.id) > (after_email, coalesce(after_id, '00000000-0000-0000-0000-000000000000'::uuid)))
    ORDER BY coalesce(u.email, ''), u.id
    LIMIT least(greatest(coalesce(lim, 50), 1), 200);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.list_people(text, text, uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.list_people(text, text, uuid, integer) TO authenticated, service_role;
--> statement-breakpoint

-- Stats history: a rollup the 60 s job maintains ------------------------------------------------
-- Captures per bucket per device, status class (0 = no response) and source, in two grains:
-- minute buckets kept 25 h and hour buckets kept 7 days (both written by every rollup), so no
-- reader ever sums more than a day of minutes per device and class.
CREATE TABLE public.stats_history (
  grain text NOT NULL CONSTRAINT stats_history_grain_valid CHECK (grain IN ('minute', 'hour')),
  bucket timestamptz NOT NULL,
  device_uuid uuid NOT NULL,
  status_class smallint NOT NULL,
  source text NOT NULL,
  captures bigint NOT NULL,
  PRIMARY KEY (grain, bucket, device_uuid, status_class, source)
);
--> statement-breakpoint
-- Hosts by hour for the top domains (kept a little over a day).
CREATE TABLE busymate_private.stats_host_hours (
  bucket timestamptz NOT NULL,
  host text NOT NULL,
  captures bigint NOT NULL,
  PRIMARY KEY (bucket, host)
);
--> statement-breakpoint
-- How far the rollup has read `entries` (by id) and the all-time total it has counted.
CREATE TABLE busymate_private.stats_rollup_state (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  last_entry_id bigint NOT NULL DEFAULT 0,
  total_entries bigint NOT NULL DEFAULT 0
);
--> statement-breakpoint
INSERT INTO busymate_private.stats_rollup_state (id) VALUES (1);
--> statement-breakpoint
ALTER TABLE public.stats_history ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON public.stats_history TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.stats_history TO service_role;
--> statement-breakpoint
CREATE POLICY stats_history_select ON public.stats_history FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('stats', 'view')));
--> statement-breakpoint
-- Deleted captures that were already counted leave the rollup too (deletes are rare: a person
-- deleting captures or a device). One statement-level pass per DELETE, never per ingest.
CREATE FUNCTION busymate_private.stats_forget_entries() RETURNS trigger
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
CREATE TRIGGER entries_stats_forget AFTER DELETE ON public.entries
REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION busymate_private.stats_forget_entries();
--> statement-breakpoint
-- Reads captures past the watermark into the rollup, without ever blocking ingest. Ids come
-- from one sequence and every INSERT holds ROW EXCLUSIVE on entries until it commits, so:
-- read the sequence first, then wait for the transactions writing to entries at that moment
-- to end (their virtualxid locks go away); after that every id up to the value read is final,
-- and a capture whose transaction commits late never falls behind the watermark. A writer that
-- stays open for more than 5 s only postpones the rollup to the next tick.
CREATE FUNCTION busymate_private.stats_rollup() RETURNS bigint
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
  DELETE FROM busymate_private.stats_host_hours WHERE bucket < now() - interval '25 hours';
  RETURN added;
END
$$;
--> statement-breakpoint
-- The seed's snapshot from the rollup: its cost follows devices and rollup rows, not captures.
-- Windows are whole minutes (the last 60 and 1,440 minute buckets, the current one included),
-- read as at most 60 minutes plus 24 hours per device, class and source; top domains count the
-- hour buckets that started within the last 24 h.
CREATE FUNCTION busymate_private.compute_stats_from_rollup() RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
  -- The last 1,440 minutes: whole hours from their hour buckets, the oldest partial hour from minutes.
  WITH edge AS (
    SELECT date_trunc('hour', date_trunc('minute', now()) - interval '24 hours') + interval '1 hour' AS at
  ), recent AS (
    SELECT h.device_uuid, h.status_class, h.source, h.captures FROM public.stats_history h, edge
    WHERE h.grain = 'hour' AND h.bucket >= edge.at
    UNION ALL
    SELECT h.device_uuid, h.status_class, h.source, h.captures FROM public.stats_history h, edge
    WHERE h.grain = 'minute' AND h.bucket > date_trunc('minute', now()) - interval '24 hours' AND h.bucket < edge.at
  ), last_hour AS (
    SELECT coalesce(sum(captures), 0) AS n FROM public.stats_history
    WHERE grain = 'minute' AND bucket > date_trunc('minute', now()) - interval '1 hour'
  )
  SELECT jsonb_build_object(
    'total_devices', (SELECT count(*) FROM public.devices),
    'online_devices', (SELECT count(*) FROM public.device_status s WHERE s.last_heartbeat_at > now() - interval '90 seconds'),
    'total_entries', (SELECT total_entries FROM busymate_private.stats_rollup_state WHERE id = 1),
    'entries_1h', (SELECT n FROM last_hour),
    'entries_24h', (SELECT coalesce(sum(captures), 0) FROM recent),
    'requests_per_sec', round((SELECT n FROM last_hour) / 3600.0, 2),
    'status_class_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT status_class::text AS k, sum(captures) AS n FROM recent WHERE status_class > 0 GROUP BY 1 HAVING sum(captures) > 0) m), '{}'),
    'source_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT source AS k, sum(captures) AS n FROM recent WHERE source <> '' GROUP BY 1 HAVING sum(captures) > 0) m), '{}'),
    'connection_type_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT s.source AS k, count(*) AS n FROM public.device_status s WHERE s.source IS NOT NULL GROUP BY 1) m), '{}'),
    'top_domains', coalesce((SELECT jsonb_agg(jsonb_build_object('host', host, 'count', n) ORDER BY n DESC, host) FROM (
      SELECT host, sum(captures) AS n FROM busymate_private.stats_host_hours WHERE bucket > now() - interval '24 hours'
      GROUP BY host HAVING sum(captures) > 0 ORDER BY n DESC, host LIMIT 10) t), '[]'),
    'top_devices', coalesce((SELECT jsonb_agg(jsonb_build_object('device_uuid', t.device_uuid, 'name', d.name, 'count', t.n) ORDER BY t.n DESC, d.name) FROM (
      SELECT device_uuid, sum(captures) AS n FROM recent GROUP BY device_uuid HAVING sum(captures) > 0 ORDER BY n DESC LIMIT 10) t
      JOIN public.devices d ON d.uuid = t.device_uuid), '[]'),
    'generated_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )
$$;
--> statement-breakpoint
-- The 60 s job: roll up, then store the snapshot (the UPDATE is the Realtime push). The RPC
-- get_stats() still computes from `entries` on the spot, as the seed says.
CREATE OR REPLACE FUNCTION public.refresh_service_stats() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  PERFORM busymate_private.stats_rollup();
  UPDATE public.service_stats SET snapshot = busymate_private.compute_stats_from_rollup(), updated_at = now() WHERE id = 1;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.refresh_service_stats() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.refresh_service_stats() TO service_role;
--> statement-breakpoint

-- Status history and incidents, kept by a trigger on the snapshot row -------------------------
-- Whoever writes service_status (the worker here, a VPS status service elsewhere) feeds both.
CREATE TABLE public.status_history (
  at timestamptz PRIMARY KEY,
  overall text NOT NULL,
  cpu real,
  load1 real,
  mem_used_mb real,
  mem_total_mb real,
  uptime_s bigint,
  -- [{key, up, latencyMs, httpStatus}] per component, without error texts.
  components jsonb NOT NULL DEFAULT '[]'
);
--> statement-breakpoint
CREATE TABLE public.status_incidents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  component text NOT NULL,
  label text NOT NULL,
  down_at timestamptz NOT NULL,
  up_at timestamptz,
  error text
);
--> statement-breakpoint
CREATE UNIQUE INDEX status_incidents_one_open ON public.status_incidents (component) WHERE up_at IS NULL;
--> statement-breakpoint
CREATE INDEX status_incidents_down_at_idx ON public.status_incidents (down_at DESC);
--> statement-breakpoint
ALTER TABLE public.status_history ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.status_incidents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON public.status_history, public.status_incidents TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.status_history, public.status_incidents TO service_role;
--> statement-breakpoint
CREATE POLICY status_history_select ON public.status_history FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('status', 'view')));
--> statement-breakpoint
CREATE POLICY status_incidents_select ON public.status_incidents FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('status', 'view')));
--> statement-breakpoint
CREATE FUNCTION busymate_private.status_keep_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  snap jsonb := NEW.snapshot;
  probe jsonb;
BEGIN
  INSERT INTO public.status_history (at, overall, cpu, load1, mem_used_mb, mem_total_mb, uptime_s, components)
  VALUES (
    now(), coalesce(snap ->> 'overall', 'down'),
    (snap #>> '{host,cpu}')::real, (snap #>> '{host,load,0}')::real,
    (snap #>> '{host,mem,usedMb}')::real, (snap #>> '{host,mem,totalMb}')::real, (snap #>> '{host,uptime}')::numeric::bigint,
    coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
        'key', c ->> 'key', 'up', coalesce((c #>> '{probe,up}')::boolean, false),
        'latencyMs', c #> '{probe,latencyMs}', 'httpStatus', c #> '{probe,httpStatus}'))) FROM jsonb_array_elements(snap -> 'components') c), '[]'))
  ON CONFLICT (at) DO NOTHING;
  FOR probe IN SELECT * FROM jsonb_array_elements(coalesce(snap -> 'components', '[]')) LOOP
    IF coalesce((probe #>> '{probe,up}')::boolean, false) AND coalesce(probe ->> 'unitState', 'active') = 'active' THEN
      UPDATE public.status_incidents SET up_at = now() WHERE status_incidents.component = probe ->> 'key' AND up_at IS NULL;
    ELSE
      INSERT INTO public.status_incidents (component, label, down_at, error)
      VALUES (probe ->> 'key', coalesce(probe ->> 'label', probe ->> 'key'), now(),
              left(coalesce(probe #>> '{probe,error}', 'HTTP ' || (probe #>> '{probe,httpStatus}'), probe ->> 'unitState'), 300))
      ON CONFLICT (component) WHERE up_at IS NULL DO NOTHING;
    END IF;
  END LOOP;
  DELETE FROM public.status_history WHERE at < now() - interval '2 hours';
  DELETE FROM public.status_incidents WHERE up_at < now() - interval '7 days';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER service_status_keep_history AFTER UPDATE OF snapshot ON public.service_status
FOR EACH ROW EXECUTE FUNCTION busymate_private.status_keep_history();
--> statement-breakpoint
-- Role changes reach open pages at once: the dashboard watches these (everyone may read the
-- role catalogue; user_roles rows by the usual policy: your own, or all with users:view).
ALTER PUBLICATION supabase_realtime ADD TABLE public.roles, public.role_capabilities, public.user_roles;
