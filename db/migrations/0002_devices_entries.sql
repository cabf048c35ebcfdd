-- Devices, their heartbeat, and the capture firehose.

-- A device token carries its device's uuid in the `device_uuid` claim (role `device`).
CREATE FUNCTION public.current_device_uuid() RETURNS uuid
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT CASE WHEN auth.role() = 'device' THEN nullif(auth.jwt() ->> 'device_uuid', '')::uuid END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.current_device_uuid() TO authenticated, device, service_role;
--> statement-breakpoint
CREATE TABLE public.devices (
  uuid uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  name text NOT NULL CONSTRAINT devices_name_length CHECK (length(name) BETWEEN 1 AND 100),
  os text CONSTRAINT devices_os_length CHECK (length(os) <= 100),
  kind text NOT NULL DEFAULT 'ios' CONSTRAINT devices_kind_valid CHECK (kind IN ('ios', 'android', 'macos', 'proxy', 'cli', 'browser', 'other')),
  owner_user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  setup jsonb NOT NULL DEFAULT '{}' CONSTRAINT devices_setup_object CHECK (jsonb_typeof(setup) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX devices_owner_idx ON public.devices (owner_user_id);
--> statement-breakpoint
-- Whether the caller may see a device: its owner, a fleet-scoped person, or the device
-- itself. SECURITY DEFINER so policies on other tables can ask without tripping devices' RLS.
CREATE FUNCTION public.device_in_scope(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT coalesce(target = public.current_device_uuid(), false)
    OR EXISTS (SELECT 1 FROM public.devices d WHERE d.uuid = target AND d.owner_user_id = auth.uid())
    OR (public.has_fleet_scope() AND EXISTS (SELECT 1 FROM public.devices d WHERE d.uuid = target))
$$;
--> statement-breakpoint
-- The devices in the caller's scope, for set-based filters (search, stats).
CREATE FUNCTION public.devices_in_scope() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT d.uuid FROM public.devices d
  WHERE d.owner_user_id = auth.uid() OR d.uuid = public.current_device_uuid() OR public.has_fleet_scope()
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.device_in_scope(uuid), public.devices_in_scope() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.device_in_scope(uuid), public.devices_in_scope() TO authenticated, device, service_role;
--> statement-breakpoint
ALTER TABLE public.devices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.devices TO authenticated;
--> statement-breakpoint
GRANT SELECT ON public.devices TO device;
--> statement-breakpoint
GRANT ALL ON public.devices TO service_role;
--> statement-breakpoint
CREATE POLICY devices_select ON public.devices FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('devices', 'view')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY devices_insert ON public.devices FOR INSERT TO authenticated
  WITH CHECK ((SELECT public.has_capability('devices', 'edit')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY devices_update ON public.devices FOR UPDATE TO authenticated
  USING ((SELECT public.has_capability('devices', 'edit')) AND public.owns_or_fleet(owner_user_id))
  WITH CHECK ((SELECT public.has_capability('devices', 'edit')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY devices_delete ON public.devices FOR DELETE TO authenticated
  USING ((SELECT public.has_capability('devices', 'edit')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY devices_select_self ON public.devices FOR SELECT TO device
  USING (uuid = (SELECT public.current_device_uuid()));
--> statement-breakpoint

-- Heartbeats -----------------------------------------------------------------------------------
CREATE TABLE public.device_status (
  device_uuid uuid PRIMARY KEY REFERENCES public.devices (uuid) ON DELETE CASCADE,
  last_heartbeat_at timestamptz NOT NULL DEFAULT now(),
  ip inet,
  vpn_state text CONSTRAINT device_status_vpn_state_valid CHECK (vpn_state IN ('connected', 'connecting', 'disconnected', 'disconnecting', 'invalid', 'reasserting')),
  source text CONSTRAINT device_status_source_valid CHECK (source IN ('vpn', 'pac', 'cdp', 'proxy', 'cli')),
  country text CONSTRAINT device_status_country_code CHECK (country ~ '^[A-Z]{2}$'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- PostgREST computed field: `select=*,online` on device_status.
CREATE FUNCTION public.online(public.device_status) RETURNS boolean
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT $1.last_heartbeat_at > now() - interval '90 seconds'
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.online(public.device_status) TO authenticated, device, service_role;
--> statement-breakpoint
ALTER TABLE public.device_status ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON public.device_status TO authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON public.device_status TO device;
--> statement-breakpoint
GRANT ALL ON public.device_status TO service_role;
--> statement-breakpoint
CREATE POLICY device_status_select ON public.device_status FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('devices', 'view')) AND public.device_in_scope(device_uuid));
--> statement-breakpoint
CREATE POLICY device_status_select_self ON public.device_status FOR SELECT TO device
  USING (device_uuid = (SELECT public.current_device_uuid()));
--> statement-breakpoint
CREATE POLICY device_status_insert_self ON public.device_status FOR INSERT TO device
  WITH CHECK (device_uuid = (SELECT public.current_device_uuid()));
--> statement-breakpoint
CREATE POLICY device_status_update_self ON public.device_status FOR UPDATE TO device
  USING (device_uuid = (SELECT public.current_device_uuid()))
  WITH CHECK (device_uuid = (SELECT public.current_device_uuid()));
--> statement-breakpoint

-- Entries: one row per captured request/response pair, partitioned by week. -------------
-- Partitions live in a schema that is not exposed and has no grants: partitions do not
-- inherit the parent's RLS, so a reachable partition would leak every tenant's captures.
CREATE SCHEMA IF NOT EXISTS busymate_partitions;
--> statement-breakpoint
REVOKE ALL ON SCHEMA busymate_partitions FROM PUBLIC;
--> statement-breakpoint
CREATE TABLE public.entries (
  id bigint GENERATED ALWAYS AS IDENTITY,
  ts timestamptz NOT NULL,
  device_uuid uuid NOT NULL REFERENCES public.devices (uuid) ON DELETE CASCADE,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- (Every payload CHECK coalesces to false: a NULL check result would let a missing field pass.)
  -- Derived once at write time for the feed, filters and search.
  url text GENERATED ALWAYS AS (payload #>> '{request,url}') STORED,
  host text GENERATED ALWAYS AS (lower(substring(payload #>> '{request,url}' FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^]]*\]|[^/?#:]+)'))) STORED,
  path text GENERATED ALWAYS AS (coalesce(substring(payload #>> '{request,url}' FROM '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)'), '')) STORED,
  method text GENERATED ALWAYS AS (payload #>> '{request,method}') STORED,
  status smallint GENERATED ALWAYS AS ((payload #>> '{response,status}')::smallint) STORED,
  source text GENERATED ALWAYS AS (payload ->> 'source') STORED,
  duration_ms real GENERATED ALWAYS AS ((payload ->> 'durationMs')::real) STORED,
  CONSTRAINT entries_payload_is_object CHECK (jsonb_typeof(payload) = 'object'),
  CONSTRAINT entries_payload_request_required CHECK (coalesce(jsonb_typeof(payload -> 'request') = 'object', false)),
  CONSTRAINT entries_payload_request_url_http CHECK (coalesce((payload #>> '{request,url}') ~ '^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]+', false)),
  CONSTRAINT entries_payload_request_method_token CHECK (coalesce((payload #>> '{request,method}') ~ '^[A-Z][A-Z0-9_-]{0,31}$', false)),
  CONSTRAINT entries_payload_response_or_error CHECK (coalesce(jsonb_typeof(payload -> 'response') = 'object' OR jsonb_typeof(payload -> 'error') = 'object', false)),
  CONSTRAINT entries_payload_status_valid CHECK (payload #> '{response,status}' IS NULL OR (jsonb_typeof(payload #> '{response,status}') = 'number' AND (payload #>> '{response,status}')::numeric BETWEEN 100 AND 599)),
  CONSTRAINT entries_payload_source_valid CHECK (coalesce(payload ->> 'source' IN ('vpn', 'pac', 'cdp', 'proxy', 'cli'), false)),
  CONSTRAINT entries_payload_duration_number CHECK (payload -> 'durationMs' IS NULL OR jsonb_typeof(payload -> 'durationMs') = 'number'),
  PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);
--> statement-breakpoint
-- Newest-first feed and keyset pagination by id use the primary key (id, ts) scanned
-- backwards; then the device and host filters, and trigram search on the URL (which
-- contains host and path, so one index serves all three). Every index costs ingest.
CREATE INDEX entries_device_id_idx ON public.entries (device_uuid, id DESC);
--> statement-breakpoint
CREATE INDEX entries_host_id_idx ON public.entries (host, id DESC);
--> statement-breakpoint
CREATE INDEX entries_url_trgm_idx ON public.entries USING gin (url extensions.gin_trgm_ops);
--> statement-breakpoint
CREATE TABLE busymate_partitions.entries_default PARTITION OF public.entries DEFAULT;
--> statement-breakpoint

-- Creates the weekly partitions covering [from_week, from_week + weeks). Rows that already
-- landed in the default partition for such a week are moved into the new partition, so a
-- late partition never fails and never loses a row.
CREATE FUNCTION busymate_private.ensure_entry_partitions(from_ts timestamptz DEFAULT now(), weeks integer DEFAULT 4)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  week_start timestamptz;
  week_end timestamptz;
  part_name text;
  created integer := 0;
BEGIN
  FOR i IN 0 .. weeks - 1 LOOP
    week_start := date_trunc('week', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + make_interval(weeks => i);
    week_end := week_start + interval '1 week';
    part_name := 'entries_' || to_char(week_start AT TIME ZONE 'UTC', 'IYYY"w"IW');
    CONTINUE WHEN to_regclass('busymate_partitions.' || part_name) IS NOT NULL;
    -- Take the week's rows out of the default partition, create the partition, put them back.
    CREATE TEMP TABLE busymate_moved_entries (id bigint, ts timestamptz, device_uuid uuid, payload jsonb, received_at timestamptz);
    WITH moved AS (
      DELETE FROM busymate_partitions.entries_default WHERE ts >= week_start AND ts < week_end
      RETURNING id, ts, device_uuid, payload, received_at
    )
    INSERT INTO busymate_moved_entries SELECT * FROM moved;
    EXECUTE format('CREATE TABLE busymate_partitions.%I PARTITION OF public.entries FOR VALUES FROM (%L) TO (%L)', part_name, week_start, week_end);
    INSERT INTO public.entries (id, ts, device_uuid, payload, received_at) OVERRIDING SYSTEM VALUE
    SELECT id, ts, device_uuid, payload, received_at FROM busymate_moved_entries;
    DROP TABLE busymate_moved_entries;
    EXECUTE format('ALTER TABLE busymate_partitions.%I ENABLE ROW LEVEL SECURITY', part_name);
    EXECUTE format('REVOKE ALL ON busymate_partitions.%I FROM PUBLIC, anon, authenticated, device', part_name);
    created := created + 1;
  END LOOP;
  RETURN created;
END
$$;
--> statement-breakpoint
ALTER TABLE busymate_partitions.entries_default ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
SELECT busymate_private.ensure_entry_partitions(now() - interval '2 weeks', 8);
--> statement-breakpoint
ALTER TABLE public.entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, DELETE ON public.entries TO authenticated;
--> statement-breakpoint
GRANT INSERT (ts, device_uuid, payload) ON public.entries TO device;
--> statement-breakpoint
GRANT ALL ON public.entries TO service_role;
--> statement-breakpoint
CREATE POLICY entries_select ON public.entries FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('entries', 'view')) AND device_uuid IN (SELECT public.devices_in_scope()));
--> statement-breakpoint
CREATE POLICY entries_delete ON public.entries FOR DELETE TO authenticated
  USING ((SELECT public.has_capability('entries', 'edit')) AND device_uuid IN (SELECT public.devices_in_scope()));
--> statement-breakpoint
CREATE POLICY entries_insert_self ON public.entries FOR INSERT TO device
  WITH CHECK (device_uuid = (SELECT public.current_device_uuid()));
