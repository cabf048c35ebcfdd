-- Settings (global defaults, per-device overrides), breakpoints, and the stats/status snapshots.

-- Settings documents: { breakpoints?: [{pattern, phase, methods?, enabled?}], env?: {NAME: value},
-- service_group_ids?: [uuid], ...other keys kept as given }.
CREATE FUNCTION busymate_private.valid_settings(data jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT jsonb_typeof(data) = 'object'
    AND (data -> 'breakpoints' IS NULL OR (
      jsonb_typeof(data -> 'breakpoints') = 'array'
      AND NOT EXISTS (
        SELECT 1 FROM jsonb_array_elements(data -> 'breakpoints') b
        WHERE jsonb_typeof(b) <> 'object'
          OR jsonb_typeof(b -> 'pattern') IS DISTINCT FROM 'string'
          OR coalesce(b ->> 'phase', 'request') NOT IN ('request', 'response', 'both'))))
    AND (data -> 'env' IS NULL OR (
      jsonb_typeof(data -> 'env') = 'object'
      AND NOT EXISTS (
        SELECT 1 FROM jsonb_each(data -> 'env') e
        WHERE e.key !~ '^[A-Za-z_][A-Za-z0-9_]{0,127}$' OR jsonb_typeof(e.value) <> 'string')))
    AND (data -> 'service_group_ids' IS NULL OR (
      jsonb_typeof(data -> 'service_group_ids') = 'array'
      AND NOT EXISTS (
        SELECT 1 FROM jsonb_array_elements_text(data -> 'service_group_ids') g
        WHERE g !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')))
$$;
--> statement-breakpoint
CREATE TABLE public.settings_global (
  id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT settings_global_single_row CHECK (id = 1),
  data jsonb NOT NULL DEFAULT '{}' CONSTRAINT settings_global_data_valid CHECK (busymate_private.valid_settings(data)),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid DEFAULT auth.uid()
);
--> statement-breakpoint
INSERT INTO public.settings_global (id, data) VALUES (1, '{"breakpoints": [], "env": {}}');
--> statement-breakpoint
CREATE TABLE public.settings_device (
  device_uuid uuid PRIMARY KEY REFERENCES public.devices (uuid) ON DELETE CASCADE,
  data jsonb NOT NULL DEFAULT '{}' CONSTRAINT settings_device_data_valid CHECK (busymate_private.valid_settings(data)),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid DEFAULT auth.uid()
);
--> statement-breakpoint
ALTER TABLE public.settings_global ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.settings_device ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, UPDATE ON public.settings_global TO authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.settings_device TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.settings_global, public.settings_device TO service_role;
--> statement-breakpoint
CREATE POLICY settings_global_select ON public.settings_global FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('settings', 'view')));
--> statement-breakpoint
-- Global settings reach every device, so changing them needs fleet scope too.
CREATE POLICY settings_global_update ON public.settings_global FOR UPDATE TO authenticated
  USING ((SELECT public.has_capability('settings', 'edit')) AND (SELECT public.has_fleet_scope()))
  WITH CHECK ((SELECT public.has_capability('settings', 'edit')) AND (SELECT public.has_fleet_scope()));
--> statement-breakpoint
CREATE POLICY settings_device_select ON public.settings_device FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('settings', 'view')) AND public.device_in_scope(device_uuid));
--> statement-breakpoint
CREATE POLICY settings_device_write ON public.settings_device FOR ALL TO authenticated
  USING ((SELECT public.has_capability('settings', 'edit')) AND public.device_in_scope(device_uuid))
  WITH CHECK ((SELECT public.has_capability('settings', 'edit')) AND public.device_in_scope(device_uuid));
--> statement-breakpoint

-- Breakpoints: a device holds a request and records it here; a person resumes it once. ----
CREATE TABLE public.breakpoint_events (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  device_uuid uuid NOT NULL REFERENCES public.devices (uuid) ON DELETE CASCADE,
  pattern text NOT NULL,
  phase text NOT NULL DEFAULT 'request' CONSTRAINT breakpoint_events_phase_valid CHECK (phase IN ('request', 'response')),
  -- What is held: the request (and response, in the response phase) as a TrafficLogEntry subset.
  held jsonb NOT NULL CONSTRAINT breakpoint_events_held_object CHECK (jsonb_typeof(held) = 'object'),
  held_at timestamptz NOT NULL DEFAULT now(),
  resumed_at timestamptz,
  resumed_by uuid,
  -- How it was resumed: { action: 'continue' | 'abort' | 'modify', request?, response? }.
  resolution jsonb CONSTRAINT breakpoint_events_resolution_valid CHECK (
    resolution IS NULL OR (jsonb_typeof(resolution) = 'object' AND resolution ->> 'action' IN ('continue', 'abort', 'modify'))),
  CONSTRAINT breakpoint_events_resumed_with_resolution CHECK ((resumed_at IS NULL) = (resolution IS NULL))
);
--> statement-breakpoint
CREATE INDEX breakpoint_events_held_idx ON public.breakpoint_events (device_uuid, held_at DESC) WHERE resumed_at IS NULL;
--> statement-breakpoint
CREATE FUNCTION busymate_private.guard_breakpoint_resume() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF OLD.resumed_at IS NOT NULL THEN
    RAISE EXCEPTION 'Breakpoint % was already resumed at %.', OLD.id, OLD.resumed_at
      USING ERRCODE = '55000', HINT = 'A held request is resumed once.';
  END IF;
  IF (NEW.device_uuid, NEW.pattern, NEW.phase, NEW.held, NEW.held_at) IS DISTINCT FROM (OLD.device_uuid, OLD.pattern, OLD.phase, OLD.held, OLD.held_at) THEN
    RAISE EXCEPTION 'Only resumed_at, resumed_by and resolution of a breakpoint event can change.' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER breakpoint_events_resume_once BEFORE UPDATE ON public.breakpoint_events
FOR EACH ROW EXECUTE FUNCTION busymate_private.guard_breakpoint_resume();
--> statement-breakpoint
ALTER TABLE public.breakpoint_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON public.breakpoint_events TO authenticated;
--> statement-breakpoint
GRANT UPDATE (resumed_at, resumed_by, resolution) ON public.breakpoint_events TO authenticated;
--> statement-breakpoint
GRANT SELECT ON public.breakpoint_events TO device;
--> statement-breakpoint
GRANT INSERT (device_uuid, pattern, phase, held) ON public.breakpoint_events TO device;
--> statement-breakpoint
GRANT ALL ON public.breakpoint_events TO service_role;
--> statement-breakpoint
CREATE POLICY breakpoint_events_select ON public.breakpoint_events FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('breakpoints', 'view')) AND public.device_in_scope(device_uuid));
--> statement-breakpoint
CREATE POLICY breakpoint_events_resume ON public.breakpoint_events FOR UPDATE TO authenticated
  USING ((SELECT public.has_capability('breakpoints', 'edit')) AND public.device_in_scope(device_uuid))
  WITH CHECK ((SELECT public.has_capability('breakpoints', 'edit')) AND public.device_in_scope(device_uuid));
--> statement-breakpoint
CREATE POLICY breakpoint_events_select_self ON public.breakpoint_events FOR SELECT TO device
  USING (device_uuid = (SELECT public.current_device_uuid()));
--> statement-breakpoint
CREATE POLICY breakpoint_events_insert_self ON public.breakpoint_events FOR INSERT TO device
  WITH CHECK (device_uuid = (SELECT public.current_device_uuid()));
--> statement-breakpoint
-- Resume a held request, once. Returns the resumed event; a second resume is an error.
CREATE FUNCTION public.resume_breakpoint(event_id uuid, resolution jsonb DEFAULT '{"action": "continue"}')
RETURNS public.breakpoint_events LANGUAGE plpgsql SECURITY INVOKER SET search_path = '' AS $$
DECLARE
  resumed public.breakpoint_events;
BEGIN
  UPDATE public.breakpoint_events
  SET resumed_at = now(), resumed_by = auth.uid(), resolution = resume_breakpoint.resolution
  WHERE id = event_id
  RETURNING * INTO resumed;
  IF resumed.id IS NULL THEN
    RAISE EXCEPTION 'No breakpoint event % that you may resume.', event_id USING ERRCODE = 'P0002';
  END IF;
  RETURN resumed;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.resume_breakpoint(uuid, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.resume_breakpoint(uuid, jsonb) TO authenticated, service_role;
--> statement-breakpoint

-- Stats and status: single-row snapshots (id = 1). ------------------------------------------
CREATE TABLE public.service_stats (
  id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT service_stats_single_row CHECK (id = 1),
  snapshot jsonb NOT NULL DEFAULT '{}' CONSTRAINT service_stats_snapshot_object CHECK (jsonb_typeof(snapshot) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE public.service_status (
  id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT service_status_single_row CHECK (id = 1),
  snapshot jsonb NOT NULL DEFAULT '{}' CONSTRAINT service_status_snapshot_object CHECK (jsonb_typeof(snapshot) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
INSERT INTO public.service_stats (id) VALUES (1);
--> statement-breakpoint
INSERT INTO public.service_status (id, snapshot) VALUES (1, '{"overall": "ok", "components": []}');
--> statement-breakpoint
ALTER TABLE public.service_stats ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.service_status ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON public.service_stats, public.service_status TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.service_stats, public.service_status TO service_role;
--> statement-breakpoint
CREATE POLICY service_stats_select ON public.service_stats FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('stats', 'view')));
--> statement-breakpoint
CREATE POLICY service_status_select ON public.service_status FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('status', 'view')));
--> statement-breakpoint
-- The fleet-wide snapshot in the shape of 002_efeba1667f4df5a6.txt.
CREATE FUNCTION busymate_private.compute_stats() RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
  WITH recent AS (
    SELECT e.device_uuid, e.host, e.status, e.source, e.ts
    FROM public.entries e WHERE e.ts > now() - interval '24 hours'
  )
  SELECT jsonb_build_object(
    'total_devices', (SELECT count(*) FROM public.devices),
    'online_devices', (SELECT count(*) FROM public.device_status s WHERE s.last_heartbeat_at > now() - interval '90 seconds'),
    'total_entries', (SELECT count(*) FROM public.entries),
    'entries_1h', (SELECT count(*) FROM recent WHERE ts > now() - interval '1 hour'),
    'entries_24h', (SELECT count(*) FROM recent),
    'requests_per_sec', round((SELECT count(*) FROM recent WHERE ts > now() - interval '1 hour') / 3600.0, 2),
    'status_class_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT (status / 100)::text AS k, count(*) AS n FROM recent WHERE status IS NOT NULL GROUP BY 1) m), '{}'),
    'source_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT source AS k, count(*) AS n FROM recent WHERE source IS NOT NULL GROUP BY 1) m), '{}'),
    'connection_type_mix', coalesce((SELECT jsonb_object_agg(k, n) FROM (
      SELECT s.source AS k, count(*) AS n FROM public.device_status s WHERE s.source IS NOT NULL GROUP BY 1) m), '{}'),
    'top_domains', coalesce((SELECT jsonb_agg(jsonb_build_object('host', host, 'count', n) ORDER BY n DESC, host) FROM (
      SELECT host, count(*) AS n FROM recent WHERE host IS NOT NULL GROUP BY host ORDER BY n DESC, host LIMIT 10) t), '[]'),
    'top_devices', coalesce((SELECT jsonb_agg(jsonb_build_object('device_uuid', t.device_uuid, 'name', d.name, 'count', t.n) ORDER BY t.n DESC, d.name) FROM (
      SELECT device_uuid, count(*) AS n FROM recent GROUP BY device_uuid ORDER BY n DESC LIMIT 10) t
      JOIN public.devices d ON d.uuid = t.device_uuid), '[]'),
    'generated_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )
$$;
--> statement-breakpoint
-- For the 60 s worker (or pg_cron): recompute and store the snapshot.
CREATE FUNCTION public.refresh_service_stats() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$
  UPDATE public.service_stats SET snapshot = busymate_private.compute_stats(), updated_at = now() WHERE id = 1
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.refresh_service_stats() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.refresh_service_stats() TO service_role;
--> statement-breakpoint
CREATE FUNCTION public.get_stats() RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF auth.role() IS DISTINCT FROM 'service_role' AND NOT public.has_capability('stats', 'view') THEN
    RAISE EXCEPTION 'Your role lacks the stats:view capability.' USING ERRCODE = '42501';
  END IF;
  RETURN busymate_private.compute_stats();
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.get_stats() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.get_stats() TO authenticated, service_role;
