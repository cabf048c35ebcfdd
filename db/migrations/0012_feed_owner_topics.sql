-- Live captures per owner: every new entry's summary also goes to `owner:<device owner's user
-- id>`. Until now summaries went only to `ws:<workspace_id>` of the workspaces holding the
-- device, so the feed's "All" view (which listened to the person's first 20 workspaces) never
-- showed a device in no workspace, such as one just added from the dashboard, nor workspaces
-- past the 20th. A device has exactly one owner, so this costs one extra row per entry.

-- Same payload (no bodies) and event name as 0011; still one INSERT per statement. The summary
-- is built once per entry (the payload is read once, however many topics it goes to); each
-- message gets its own `id`, as realtime.send gives one. Ordered by entry id so each topic
-- hears a batch in the order it was captured.
CREATE OR REPLACE FUNCTION busymate_private.broadcast_new_entries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  WITH summaries AS (
    SELECT n.id, n.device_uuid,
      jsonb_build_object(
        'entry_id', n.id, 'ts', n.ts, 'device_uuid', n.device_uuid,
        'method', n.method, 'host', n.host, 'path', n.path, 'status', n.status, 'source', n.source,
        'duration_ms', n.duration_ms, 'response_size', busymate_private.response_size(n.payload)) AS summary
    FROM new_entries n
  ), targets AS (
    SELECT s.id, 'owner:' || d.owner_user_id AS topic, s.summary
    FROM summaries s JOIN public.devices d ON d.uuid = s.device_uuid
    UNION ALL
    SELECT s.id, 'ws:' || wd.workspace_id, s.summary
    FROM summaries s JOIN public.workspace_devices wd ON wd.device_uuid = s.device_uuid
  )
  INSERT INTO realtime.messages (topic, extension, event, private, payload)
  SELECT t.topic, 'broadcast', 'entry', true, t.summary || jsonb_build_object('id', extensions.gen_random_uuid())
  FROM targets t
  ORDER BY t.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Who may join `owner:<uid>`: whoever may read that person's captures, as entries_select
-- decides it (entries:view, and the devices are theirs or their role has fleet scope). No
-- devices:view, as the ws: topics need none: the messages are entry summaries. A separate
-- permissive policy beside 0005's busymate_topics_read; the CASE keeps the uuid cast away
-- from other topics. No nullif here: owns_or_fleet(NULL) is true for the fleet, so an empty or
-- malformed owner id must fail the cast, which refuses the join.
CREATE POLICY busymate_topics_owner_read ON realtime.messages FOR SELECT TO authenticated
  USING (
    CASE
      WHEN realtime.topic() LIKE 'owner:%' THEN
        public.has_capability('entries', 'view')
        AND public.owns_or_fleet(substr(realtime.topic(), 7)::uuid)
      ELSE false
    END);
