-- Idempotent capture upload: a device names each capture with a UUID (TrafficLogEntry `id`,
-- chosen once when the exchange is captured) and may send it again after a lost answer, a
-- server restart or its own restart. `entries.id` is an identity the device cannot choose,
-- so the device's UUID becomes a generated column with a unique index the upload names as
-- its conflict target: `POST /rest/v1/entries?on_conflict=capture_id,ts` with
-- `Prefer: resolution=ignore-duplicates` stores each capture once and ignores its repeats.
-- The index must hold the partition key (ts); a retry sends the same ts (the capture's
-- start time), so it always meets its first copy. Captures without an id stay as they were:
-- NULLs never conflict.
ALTER TABLE public.entries
  ADD COLUMN capture_id uuid GENERATED ALWAYS AS (
    CASE WHEN payload ->> 'id' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
      THEN (payload ->> 'id')::uuid END) STORED;
--> statement-breakpoint
CREATE UNIQUE INDEX entries_capture_id_key ON public.entries (capture_id, ts);
--> statement-breakpoint
-- ON CONFLICT with a target needs SELECT on the arbiter's columns, and then PostgreSQL holds
-- the new row to the SELECT policies too. The device may therefore see the keys of its own
-- captures, and only those two columns: their payloads stay unreadable to it.
GRANT SELECT (capture_id, ts) ON public.entries TO device;
--> statement-breakpoint
CREATE POLICY entries_select_self_keys ON public.entries FOR SELECT TO device
  USING (device_uuid = (SELECT public.current_device_uuid()));
--> statement-breakpoint
-- A device applies its effective settings live. Its own changes arrive on device:<uuid>;
-- global ones are announced once on `settings` ({"scope":"global"}, no data), which the
-- device may now join too, and it re-reads effective_settings_for_device itself.
CREATE POLICY busymate_topics_settings_device ON realtime.messages FOR SELECT TO device
  USING (realtime.topic() = 'settings');
--> statement-breakpoint
-- A hold nobody resumes ends by the device's timeout (setting breakpoint_timeout_s), and
-- the record says so: the device marks its own held event resumed with
-- {"action": "continue" | "abort", "timed_out": true}. A person's resume that came first wins
-- (the row is no longer held, so this raises P0002 and the device applies theirs).
CREATE FUNCTION public.expire_breakpoint(event_id uuid, action text DEFAULT 'continue')
RETURNS public.breakpoint_events LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  expired public.breakpoint_events;
BEGIN
  IF auth.role() IS DISTINCT FROM 'device' THEN
    RAISE EXCEPTION 'Only the device holding a breakpoint may time it out.' USING ERRCODE = '42501';
  END IF;
  IF action IS NULL OR action NOT IN ('continue', 'abort') THEN
    RAISE EXCEPTION 'A timed-out breakpoint continues or aborts, not %.', action USING ERRCODE = '22023';
  END IF;
  UPDATE public.breakpoint_events
  SET resumed_at = now(), resolution = jsonb_build_object('action', action, 'timed_out', true)
  WHERE id = event_id AND device_uuid = public.current_device_uuid() AND resumed_at IS NULL
  RETURNING * INTO expired;
  IF expired.id IS NULL THEN
    RAISE EXCEPTION 'No held breakpoint event % of this device.', event_id USING ERRCODE = 'P0002';
  END IF;
  RETURN expired;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.expire_breakpoint(uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.expire_breakpoint(uuid, text) TO device, service_role;
