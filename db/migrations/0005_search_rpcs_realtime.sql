-- The integrator RPCs of 000_9b4db88382c1fff2.txt, and the live-data wiring.

-- Service groups → domains --------------------------------------------------------------------
CREATE FUNCTION public.expand_service_groups(group_ids uuid[]) RETURNS text[]
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$
  -- Runs with the caller's RLS: groups outside their scope contribute nothing.
  SELECT coalesce(array_agg(DISTINCT d ORDER BY d), '{}')
  FROM public.service_groups g, unnest(g.ssl_proxy_domains) AS d
  WHERE g.id = ANY (group_ids)
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.expand_service_groups(uuid[]) TO authenticated, service_role;
--> statement-breakpoint

-- The settings a device receives: global, overridden key by key by the device's own, with
-- its service groups' domains expanded into ssl_proxy_domains.
CREATE FUNCTION busymate_private.merge_settings(target uuid) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
  WITH merged AS (
    SELECT coalesce((SELECT data FROM public.settings_global WHERE id = 1), '{}')
        || coalesce((SELECT data FROM public.settings_device WHERE device_uuid = target), '{}') AS data
  )
  SELECT m.data || jsonb_build_object(
    'device_uuid', target,
    'ssl_proxy_domains', to_jsonb(coalesce((
      SELECT array_agg(DISTINCT d ORDER BY d)
      FROM public.service_groups g, unnest(g.ssl_proxy_domains) AS d
      WHERE g.id IN (SELECT value::uuid FROM jsonb_array_elements_text(coalesce(m.data -> 'service_group_ids', '[]')))
    ), '{}'::text[])))
  FROM merged m
$$;
--> statement-breakpoint
CREATE FUNCTION public.effective_settings_for_device(target_uuid uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF auth.role() = 'device' THEN
    IF target_uuid IS DISTINCT FROM public.current_device_uuid() THEN
      RAISE EXCEPTION 'A device may only read its own settings.' USING ERRCODE = '42501';
    END IF;
  ELSIF auth.role() IS DISTINCT FROM 'service_role' THEN
    IF (public.has_capability('settings', 'view') AND public.device_in_scope(target_uuid)) IS NOT TRUE THEN
      RAISE EXCEPTION 'No device % in your scope, or your role lacks settings:view.', target_uuid USING ERRCODE = '42501';
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.devices WHERE uuid = target_uuid) THEN
    RAISE EXCEPTION 'No device %.', target_uuid USING ERRCODE = 'P0002';
  END IF;
  RETURN busymate_private.merge_settings(target_uuid);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.effective_settings_for_device(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.effective_settings_for_device(uuid) TO authenticated, device, service_role;
--> statement-breakpoint

-- Capture search ------------------------------------------------------------------------------
-- RLS makes ILIKE and the trigram operators unusable as index conditions (they are not
-- leakproof), so search runs here, as the owner, applying the caller's scope itself: the
-- devices in scope, the workspace's devices and pinned entries, then the trigram index.
CREATE TYPE public.entry_summary AS (
  id bigint,
  ts timestamptz,
  device_uuid uuid,
  method text,
  host text,
  path text,
  status smallint,
  source text,
  duration_ms real
);
--> statement-breakpoint
CREATE FUNCTION busymate_private.escape_like(term text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT replace(replace(replace(term, '\', '\\'), '%', '\%'), '_', '\_')
$$;
--> statement-breakpoint
-- Which devices (and pinned entries) a search may cover: the caller's devices, narrowed to
-- the workspace and to the devices asked for. NULL devices means "nothing" (no capability).
CREATE FUNCTION busymate_private.search_scope(target_workspace uuid, device_uuids uuid[], OUT devices uuid[], OUT pinned bigint[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.has_capability('entries', 'view') THEN RETURN; END IF;
  SELECT coalesce(array_agg(u), '{}') INTO devices FROM public.devices_in_scope() AS u;
  IF target_workspace IS NOT NULL THEN
    IF (public.has_capability('workspaces', 'view') AND public.workspace_in_scope(target_workspace)) IS NOT TRUE THEN
      devices := NULL;
      RETURN;
    END IF;
    -- Pinned entries count only when their device is in the caller's scope too.
    SELECT coalesce(array_agg(e.id), '{}') INTO pinned
    FROM public.workspace_entries we JOIN public.entries e ON e.id = we.entry_id
    WHERE we.workspace_id = target_workspace AND e.device_uuid = ANY (devices);
    devices := ARRAY(SELECT wd.device_uuid FROM public.workspace_devices wd
                     WHERE wd.workspace_id = target_workspace AND wd.device_uuid = ANY (devices));
  END IF;
  IF device_uuids IS NOT NULL THEN
    devices := ARRAY(SELECT unnest(devices) INTERSECT SELECT unnest(device_uuids));
    pinned := NULL;
  END IF;
END
$$;
--> statement-breakpoint
-- The filter both search functions share, planned per call (EXECUTE) so the trigram index
-- is chosen from the actual search term rather than a generic plan.
CREATE FUNCTION busymate_private.search_predicate() RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT '(e.device_uuid = ANY ($1) OR e.id = ANY ($2))
      AND ($3 IS NULL OR e.host = ANY ($3))
      AND ($4 IS NULL OR e.url ILIKE $4)'
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.like_pattern(search_q text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT CASE WHEN nullif(btrim(search_q), '') IS NULL THEN NULL
              ELSE '%' || busymate_private.escape_like(btrim(search_q)) || '%' END
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.list_entries(
  target_workspace uuid, device_uuids uuid[], hosts text[], search_q text, before_id bigint, lim integer
) RETURNS SETOF public.entry_summary
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  scope record := busymate_private.search_scope(target_workspace, device_uuids);
BEGIN
  IF scope.devices IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE
    'SELECT e.id, e.ts, e.device_uuid, e.method, e.host, e.path, e.status, e.source, e.duration_ms
     FROM public.entries e
     WHERE ' || busymate_private.search_predicate() || ' AND ($5 IS NULL OR e.id < $5)
     ORDER BY e.id DESC LIMIT $6'
  USING scope.devices, coalesce(scope.pinned, '{}'), hosts, busymate_private.like_pattern(search_q), before_id, lim;
END
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.count_entries(target_workspace uuid, device_uuids uuid[], hosts text[], search_q text)
RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  scope record := busymate_private.search_scope(target_workspace, device_uuids);
  total bigint;
BEGIN
  IF scope.devices IS NULL THEN RETURN 0; END IF;
  EXECUTE 'SELECT count(*) FROM public.entries e WHERE ' || busymate_private.search_predicate()
  INTO total
  USING scope.devices, coalesce(scope.pinned, '{}'), hosts, busymate_private.like_pattern(search_q);
  RETURN total;
END
$$;
--> statement-breakpoint
-- Newest first; pass the last id of a page as before_id for the next. lim is capped at 500.
CREATE FUNCTION public.entries_filtered_list(
  target_workspace uuid DEFAULT NULL, device_uuids uuid[] DEFAULT NULL, hosts text[] DEFAULT NULL,
  search_q text DEFAULT NULL, before_id bigint DEFAULT NULL, lim integer DEFAULT 200
) RETURNS SETOF public.entry_summary
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$
  SELECT * FROM busymate_private.list_entries(
    target_workspace, device_uuids, hosts, search_q, before_id, least(greatest(coalesce(lim, 200), 1), 500))
$$;
--> statement-breakpoint
CREATE FUNCTION public.entries_filtered_count(
  target_workspace uuid DEFAULT NULL, device_uuids uuid[] DEFAULT NULL, hosts text[] DEFAULT NULL, search_q text DEFAULT NULL
) RETURNS bigint
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$
  SELECT busymate_private.count_entries(target_workspace, device_uuids, hosts, search_q)
$$;
--> statement-breakpoint
-- The private schema is reachable only through the thin public functions above, and by the
-- pure validators that CHECK constraints call as the writing role.
GRANT USAGE ON SCHEMA busymate_private TO authenticated, device, service_role;
--> statement-breakpoint
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA busymate_private FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION
  busymate_private.list_entries(uuid, uuid[], text[], text, bigint, integer),
  busymate_private.count_entries(uuid, uuid[], text[], text),
  busymate_private.valid_settings(jsonb),
  busymate_private.valid_domain_patterns(text[])
TO authenticated, device, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.entries_filtered_list(uuid, uuid[], text[], text, bigint, integer), public.entries_filtered_count(uuid, uuid[], text[], text) TO authenticated, service_role;
--> statement-breakpoint

-- Live data -------------------------------------------------------------------------------------
-- New captures: one compact summary per entry (no bodies) to ws:<workspace_id> of each
-- workspace whose devices include the entry's device. A statement trigger sends a whole
-- batch in one INSERT into realtime.messages.
CREATE FUNCTION busymate_private.broadcast_new_entries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  INSERT INTO realtime.messages (topic, extension, event, private, payload)
  SELECT 'ws:' || wd.workspace_id, 'broadcast', 'entry', true,
    jsonb_build_object(
      'id', extensions.gen_random_uuid(), 'entry_id', n.id, 'ts', n.ts, 'device_uuid', n.device_uuid,
      'method', n.method, 'host', n.host, 'path', n.path, 'status', n.status, 'source', n.source,
      'duration_ms', n.duration_ms)
  FROM new_entries n
  JOIN public.workspace_devices wd ON wd.device_uuid = n.device_uuid;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER entries_broadcast AFTER INSERT ON public.entries
REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION busymate_private.broadcast_new_entries();
--> statement-breakpoint
-- Device control: a resume or a settings change reaches device:<uuid>.
CREATE FUNCTION busymate_private.broadcast_breakpoint_resumed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF OLD.resumed_at IS NULL AND NEW.resumed_at IS NOT NULL THEN
    PERFORM realtime.send(
      jsonb_build_object('event_id', NEW.id, 'resolution', NEW.resolution, 'resumed_at', NEW.resumed_at),
      'breakpoint_resumed', 'device:' || NEW.device_uuid, true);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER breakpoint_events_broadcast AFTER UPDATE ON public.breakpoint_events
FOR EACH ROW EXECUTE FUNCTION busymate_private.broadcast_breakpoint_resumed();
--> statement-breakpoint
CREATE FUNCTION busymate_private.broadcast_device_settings_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.device_uuid ELSE NEW.device_uuid END;
BEGIN
  PERFORM realtime.send(jsonb_build_object('device_uuid', target), 'settings_changed', 'device:' || target, true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER settings_device_broadcast AFTER INSERT OR UPDATE OR DELETE ON public.settings_device
FOR EACH ROW EXECUTE FUNCTION busymate_private.broadcast_device_settings_changed();
--> statement-breakpoint
-- Global settings reach every device: one coarse fan-out event instead of one per device.
CREATE FUNCTION busymate_private.broadcast_global_settings_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  PERFORM realtime.send(jsonb_build_object('scope', 'global'), 'settings_changed', 'settings', true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER settings_global_broadcast AFTER UPDATE ON public.settings_global
FOR EACH STATEMENT EXECUTE FUNCTION busymate_private.broadcast_global_settings_changed();
--> statement-breakpoint
-- Who may join which private topic (read = join and receive, insert = send / presence).
CREATE POLICY busymate_topics_read ON realtime.messages FOR SELECT TO authenticated
  USING (
    CASE
      WHEN realtime.topic() LIKE 'ws:%' THEN
        public.has_capability('workspaces', 'view') AND public.has_capability('entries', 'view')
        AND public.workspace_in_scope(nullif(substr(realtime.topic(), 4), '')::uuid)
      WHEN realtime.topic() LIKE 'device:%' THEN
        public.has_capability('devices', 'view') AND public.device_in_scope(nullif(substr(realtime.topic(), 8), '')::uuid)
      WHEN realtime.topic() = 'settings' THEN public.has_capability('settings', 'view')
      WHEN realtime.topic() = 'fleet' THEN public.has_capability('devices', 'view')
      ELSE false
    END);
--> statement-breakpoint
-- Presence on a workspace (who is watching) needs only that the topic is readable.
CREATE POLICY busymate_topics_presence ON realtime.messages FOR INSERT TO authenticated
  WITH CHECK (
    extension = 'presence' AND realtime.topic() LIKE 'ws:%'
    AND public.has_capability('workspaces', 'view')
    AND public.workspace_in_scope(nullif(substr(realtime.topic(), 4), '')::uuid));
--> statement-breakpoint
CREATE POLICY busymate_topics_device_self ON realtime.messages FOR SELECT TO device
  USING (realtime.topic() = 'device:' || public.current_device_uuid()::text);
--> statement-breakpoint
-- Small, slow tables the dashboard watches with postgres_changes.
ALTER PUBLICATION supabase_realtime ADD TABLE
  public.devices, public.device_status, public.service_stats, public.service_status,
  public.breakpoint_events, public.settings_global, public.settings_device;
