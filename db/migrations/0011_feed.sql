-- What the dashboard's capture feed needs beyond the integrator RPCs of 0005/0010:
--  * method and status-class filters, applied in the same scoped query (filtering the RPC's
--    output through PostgREST would come after its LIMIT and break keyset paging and counts);
--  * the response size on each summary row and in the live broadcast;
--  * host suggestions from the caller's recent captures.
-- Parameters are appended with defaults, so every existing call (positional or named) keeps
-- working and answers as before.

ALTER TYPE public.entry_summary ADD ATTRIBUTE response_size bigint;
--> statement-breakpoint
DROP FUNCTION public.entries_filtered_list(uuid, uuid[], text[], text, bigint, integer);
--> statement-breakpoint
DROP FUNCTION public.entries_filtered_count(uuid, uuid[], text[], text);
--> statement-breakpoint
DROP FUNCTION busymate_private.list_entries(uuid, uuid[], text[], text, bigint, integer);
--> statement-breakpoint
DROP FUNCTION busymate_private.count_entries(uuid, uuid[], text[], text);
--> statement-breakpoint
-- The decoded body size the capture reports, else HAR's transfer size (-1 = unknown).
CREATE FUNCTION busymate_private.response_size(payload jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT coalesce((payload #>> '{response,body,size}')::bigint, nullif((payload #>> '{response,bodySize}')::bigint, -1))
$$;
--> statement-breakpoint
-- 0010's search condition plus methods ($m) and status classes ($c): 1..5 for 1xx..5xx, 0 for
-- a capture without a response (a transport error).
CREATE FUNCTION busymate_private.feed_condition(term_param integer, methods_param integer, classes_param integer) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT busymate_private.search_condition(term_param) || format('
      AND ($%1$s IS NULL OR e.method = ANY ($%1$s))
      AND ($%2$s IS NULL OR coalesce(e.status / 100, 0) = ANY ($%2$s))', methods_param, classes_param)
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.list_entries(
  target_workspace uuid, device_uuids uuid[], hosts text[], search_q text, before_id bigint, lim integer,
  methods text[], status_classes smallint[]
) RETURNS SETOF public.entry_summary
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  scope record := busymate_private.search_scope(target_workspace, device_uuids);
BEGIN
  IF scope.devices IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE
    'SELECT e.id, e.ts, e.device_uuid, e.method, e.host, e.path, e.status, e.source, e.duration_ms,
            busymate_private.response_size(e.payload)
     FROM public.entries e
     WHERE ' || busymate_private.feed_condition(7, 8, 9) || ' AND ($5 IS NULL OR e.id < $5)
     ORDER BY e.id DESC LIMIT $6'
  USING scope.devices, coalesce(scope.pinned, '{}'), hosts, busymate_private.index_pattern(search_q),
        before_id, lim, busymate_private.like_pattern(search_q), methods, status_classes;
END
$$;
--> statement-breakpoint
CREATE FUNCTION busymate_private.count_entries(
  target_workspace uuid, device_uuids uuid[], hosts text[], search_q text, methods text[], status_classes smallint[]
) RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  scope record := busymate_private.search_scope(target_workspace, device_uuids);
  total bigint;
BEGIN
  IF scope.devices IS NULL THEN RETURN 0; END IF;
  EXECUTE 'SELECT count(*) FROM public.entries e WHERE ' || busymate_private.feed_condition(5, 6, 7)
  INTO total
  USING scope.devices, coalesce(scope.pinned, '{}'), hosts, busymate_private.index_pattern(search_q),
        busymate_private.like_pattern(search_q), methods, status_classes;
  RETURN total;
END
$$;
--> statement-breakpoint
CREATE FUNCTION public.entries_filtered_list(
  target_workspace uuid DEFAULT NULL, device_uuids uuid[] DEFAULT NULL, hosts text[] DEFAULT NULL,
  search_q text DEFAULT NULL, before_id bigint DEFAULT NULL, lim integer DEFAULT 200,
  methods text[] DEFAULT NULL, status_classes smallint[] DEFAULT NULL
) RETURNS SETOF public.entry_summary
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$
  SELECT * FROM busymate_private.list_entries(
    target_workspace, device_uuids, hosts, search_q, before_id, least(greatest(coalesce(lim, 200), 1), 500),
    methods, status_classes)
$$;
--> statement-breakpoint
CREATE FUNCTION public.entries_filtered_count(
  target_workspace uuid DEFAULT NULL, device_uuids uuid[] DEFAULT NULL, hosts text[] DEFAULT NULL, search_q text DEFAULT NULL,
  methods text[] DEFAULT NULL, status_classes smallint[] DEFAULT NULL
) RETURNS bigint
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$
  SELECT busymate_private.count_entries(target_workspace, device_uuids, hosts, search_q, methods, status_classes)
$$;
--> statement-breakpoint
-- Host suggestions for the feed's filter: the hosts of the caller's (or the workspace's) most
-- recent 20,000 captures, most frequent first. Bounded work at any table size; a host not seen
-- lately can still be typed in full.
CREATE FUNCTION busymate_private.recent_hosts(target_workspace uuid, lim integer)
RETURNS TABLE (host text, entries bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  scope record := busymate_private.search_scope(target_workspace, NULL);
BEGIN
  IF scope.devices IS NULL THEN RETURN; END IF;
  RETURN QUERY
    SELECT r.host, count(*)
    FROM (SELECT e.host FROM public.entries e
          WHERE e.device_uuid = ANY (scope.devices) OR e.id = ANY (coalesce(scope.pinned, '{}'))
          ORDER BY e.id DESC LIMIT 20000) r
    WHERE r.host IS NOT NULL
    GROUP BY r.host
    ORDER BY count(*) DESC, r.host
    LIMIT lim;
END
$$;
--> statement-breakpoint
CREATE FUNCTION public.entry_hosts(target_workspace uuid DEFAULT NULL, lim integer DEFAULT 50)
RETURNS TABLE (host text, entries bigint)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$
  SELECT * FROM busymate_private.recent_hosts(target_workspace, least(greatest(coalesce(lim, 50), 1), 200))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION
  busymate_private.response_size(jsonb),
  busymate_private.feed_condition(integer, integer, integer),
  busymate_private.list_entries(uuid, uuid[], text[], text, bigint, integer, text[], smallint[]),
  busymate_private.count_entries(uuid, uuid[], text[], text, text[], smallint[]),
  busymate_private.recent_hosts(uuid, integer)
FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION
  busymate_private.list_entries(uuid, uuid[], text[], text, bigint, integer, text[], smallint[]),
  busymate_private.count_entries(uuid, uuid[], text[], text, text[], smallint[]),
  busymate_private.recent_hosts(uuid, integer)
TO authenticated, service_role;
--> statement-breakpoint
REVOKE ALL ON FUNCTION
  public.entries_filtered_list(uuid, uuid[], text[], text, bigint, integer, text[], smallint[]),
  public.entries_filtered_count(uuid, uuid[], text[], text, text[], smallint[]),
  public.entry_hosts(uuid, integer)
FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION
  public.entries_filtered_list(uuid, uuid[], text[], text, bigint, integer, text[], smallint[]),
  public.entries_filtered_count(uuid, uuid[], text[], text, text[], smallint[]),
  public.entry_hosts(uuid, integer)
TO authenticated, service_role;
--> statement-breakpoint
-- The live summary carries the size too, so a row that arrives live looks like a fetched one.
CREATE OR REPLACE FUNCTION busymate_private.broadcast_new_entries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  INSERT INTO realtime.messages (topic, extension, event, private, payload)
  SELECT 'ws:' || wd.workspace_id, 'broadcast', 'entry', true,
    jsonb_build_object(
      'id', extensions.gen_random_uuid(), 'entry_id', n.id, 'ts', n.ts, 'device_uuid', n.device_uuid,
      'method', n.method, 'host', n.host, 'path', n.path, 'status', n.status, 'source', n.source,
      'duration_ms', n.duration_ms, 'response_size', busymate_private.response_size(n.payload))
  FROM new_entries n
  JOIN public.workspace_devices wd ON wd.device_uuid = n.device_uuid;
  RETURN NULL;
END
$$;
