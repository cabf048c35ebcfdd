-- Retention: how long captures are kept (days) and/or how much space they may take (bytes).
-- Columns beside the global settings document rather than keys in it: the document is what
-- every device receives, retention is the server's own business. The row's RLS (settings:edit
-- and fleet scope) and its audit trigger already cover an UPDATE of these columns.
ALTER TABLE public.settings_global
  ADD COLUMN retention_days integer
    CONSTRAINT settings_global_retention_days_range CHECK (retention_days BETWEEN 1 AND 36500),
  ADD COLUMN retention_max_bytes bigint
    CONSTRAINT settings_global_retention_max_bytes_range CHECK (retention_max_bytes >= 16777216),
  -- Its own version, so saving retention never makes an open editor of the document stale.
  ADD COLUMN retention_updated_at timestamptz,
  ADD COLUMN retention_updated_by uuid;
--> statement-breakpoint
-- The document's updated_at is its version for editors (expected_updated_at): only a change of
-- the document moves it, never a retention save beside it.
DROP TRIGGER touch_updated_at ON public.settings_global;
--> statement-breakpoint
CREATE TRIGGER touch_updated_at BEFORE UPDATE OF data ON public.settings_global
FOR EACH ROW EXECUTE FUNCTION busymate_private.touch_updated_at();
--> statement-breakpoint
-- Devices are told about changes to the document only: retention is nothing they act on.
DROP TRIGGER settings_global_broadcast ON public.settings_global;
--> statement-breakpoint
CREATE TRIGGER settings_global_broadcast AFTER UPDATE OF data ON public.settings_global
FOR EACH STATEMENT EXECUTE FUNCTION busymate_private.broadcast_global_settings_changed();
--> statement-breakpoint

-- Every partition of `entries` with its range (NULL bounds for the default) and its size.
-- The range is read back from the partition bound itself, never from the name.
CREATE FUNCTION busymate_private.entry_partitions()
RETURNS TABLE (name text, range_start timestamptz, range_end timestamptz, bytes bigint, is_default boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT c.relname::text,
         substring(pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM $r$FROM \('([^']+)'\)$r$)::timestamptz,
         substring(pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM $r$TO \('([^']+)'\)$r$)::timestamptz,
         pg_catalog.pg_total_relation_size(c.oid),
         pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
  FROM pg_catalog.pg_inherits i
  JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = 'public.entries'::regclass
$$;
--> statement-breakpoint

-- What a retention setting would remove at `at`: the weekly partitions that go (oldest first)
-- and the cutoff below which rows of the default partition are trimmed.
-- * days: a week's partition goes once its whole range is older than `at - days`; the week
--   straddling the cutoff stays whole (captures live up to a week longer than asked).
-- * max_bytes: past weeks go oldest first while all partitions together stay above the cap.
-- The current week and later ones are never dropped, whatever the cap.
CREATE FUNCTION busymate_private.retention_plan(days integer, max_bytes bigint, at timestamptz DEFAULT now())
RETURNS TABLE (name text, range_start timestamptz, range_end timestamptz, bytes bigint, reason text, cutoff timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  WITH parts AS (SELECT * FROM busymate_private.entry_partitions()),
  total AS (SELECT coalesce(sum(p.bytes), 0)::bigint AS bytes FROM parts p),
  past AS (
    SELECT p.name, p.range_start, p.range_end, p.bytes,
           sum(p.bytes) OVER (ORDER BY p.range_start ROWS UNBOUNDED PRECEDING)::bigint AS upto
    FROM parts p
    WHERE NOT p.is_default
      AND p.range_end <= date_trunc('week', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
  ),
  marked AS (
    SELECT past.*,
           CASE
             WHEN days IS NOT NULL AND past.range_end <= at - make_interval(days => days) THEN 'days'
             WHEN max_bytes IS NOT NULL AND total.bytes - (past.upto - past.bytes) > max_bytes THEN 'size'
           END AS reason
    FROM past, total
  ),
  going AS (SELECT * FROM marked WHERE marked.reason IS NOT NULL),
  cut AS (
    SELECT greatest(CASE WHEN days IS NOT NULL THEN at - make_interval(days => days) END,
                    (SELECT max(going.range_end) FROM going)) AS at
  )
  SELECT going.name, going.range_start, going.range_end, going.bytes, going.reason, cut.at
  FROM going, cut
  UNION ALL
  -- No partition goes: one row that carries only the cutoff (name NULL).
  SELECT NULL, NULL, NULL, 0, NULL, cut.at FROM cut WHERE NOT EXISTS (SELECT 1 FROM going)
  ORDER BY 2 NULLS LAST
$$;
--> statement-breakpoint

-- The dry run the settings page shows: for the saved setting, or for one being typed.
CREATE FUNCTION public.retention_estimate(days integer, max_bytes bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  result jsonb;
  cut timestamptz;
  default_rows bigint;
BEGIN
  IF auth.role() IS DISTINCT FROM 'service_role' AND NOT public.has_capability('settings', 'view') THEN
    RAISE EXCEPTION 'Your role lacks the settings:view capability.' USING ERRCODE = '42501';
  END IF;
  SELECT max(p.cutoff) INTO cut FROM busymate_private.retention_plan(days, max_bytes) p;
  -- Counted up to a bound: the default partition has no index on ts, and this is a page load.
  SELECT count(*) INTO default_rows FROM (
    SELECT 1 FROM busymate_partitions.entries_default d WHERE cut IS NOT NULL AND d.ts < cut LIMIT 100001) x;
  SELECT jsonb_build_object(
    'partitions', coalesce(jsonb_agg(jsonb_build_object(
        'name', p.name, 'range_start', p.range_start, 'range_end', p.range_end, 'bytes', p.bytes, 'reason', p.reason)
      ORDER BY p.range_start) FILTER (WHERE p.name IS NOT NULL), '[]'::jsonb),
    'freed_bytes', coalesce(sum(p.bytes), 0),
    'cutoff', cut,
    'default_rows', default_rows,
    'total_bytes', (SELECT coalesce(sum(e.bytes), 0) FROM busymate_private.entry_partitions() e))
  INTO result
  FROM busymate_private.retention_plan(days, max_bytes) p;
  RETURN result;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.retention_estimate(integer, bigint) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.retention_estimate(integer, bigint) TO authenticated, service_role;
--> statement-breakpoint

-- Applies the saved setting (the worker calls it as the owner, one transaction per tick).
-- Whole weeks are detached and dropped: no row-by-row delete, no bloat, no delete triggers,
-- so the stats rollup is told here (its buckets for a dropped week are exactly that week's
-- rows). The default partition, which holds captures older than any partition (imports of
-- old traffic), is trimmed through the parent in batches, so the delete trigger keeps the
-- stats right and a big backlog is worked off over several ticks. Tags and pins of captures
-- that are gone are removed the same way.
CREATE FUNCTION busymate_private.enforce_retention(batch_rows integer DEFAULT 5000, max_batches integer DEFAULT 10, at timestamptz DEFAULT now())
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  setting record;
  part record;
  cut timestamptz;
  counted bigint;
  gone_rows bigint;
  dropped jsonb := '[]';
  freed bigint := 0;
  trimmed bigint := 0;
  orphans bigint := 0;
  n bigint;
BEGIN
  SELECT retention_days, retention_max_bytes INTO setting FROM public.settings_global WHERE id = 1;
  IF setting.retention_days IS NULL AND setting.retention_max_bytes IS NULL THEN
    RETURN jsonb_build_object('dropped', dropped, 'freed_bytes', 0, 'trimmed_rows', 0, 'orphans', 0, 'cutoff', NULL);
  END IF;
  -- A short lock wait: a DETACH waiting behind a long query would hold every insert behind it.
  -- Timing out fails this tick only; the next one tries again.
  PERFORM set_config('lock_timeout', '2s', true);
  FOR part IN SELECT * FROM busymate_private.retention_plan(setting.retention_days, setting.retention_max_bytes, at) LOOP
    cut := part.cutoff;
    CONTINUE WHEN part.name IS NULL;
    EXECUTE format('ALTER TABLE public.entries DETACH PARTITION busymate_partitions.%I', part.name);
    -- After entries' lock, as a person's DELETE (whose trigger takes this row) does: same order, no deadlock.
    SELECT last_entry_id INTO counted FROM busymate_private.stats_rollup_state WHERE id = 1 FOR UPDATE;
    EXECUTE format('SELECT count(*) FROM busymate_partitions.%I WHERE id <= $1', part.name) INTO gone_rows USING counted;
    EXECUTE format('DROP TABLE busymate_partitions.%I', part.name);
    DELETE FROM public.stats_history h WHERE h.bucket >= part.range_start AND h.bucket < part.range_end;
    DELETE FROM busymate_private.stats_host_hours s WHERE s.bucket >= part.range_start AND s.bucket < part.range_end;
    UPDATE busymate_private.stats_rollup_state SET total_entries = greatest(total_entries - gone_rows, 0) WHERE id = 1;
    dropped := dropped || jsonb_build_object('name', part.name, 'bytes', part.bytes, 'reason', part.reason, 'rows', gone_rows);
    freed := freed + part.bytes;
  END LOOP;
  IF cut IS NOT NULL THEN
    FOR i IN 1 .. max_batches LOOP
      DELETE FROM public.entries e WHERE (e.id, e.ts) IN (
        SELECT d.id, d.ts FROM busymate_partitions.entries_default d WHERE d.ts < cut LIMIT batch_rows);
      GET DIAGNOSTICS n = ROW_COUNT;
      trimmed := trimmed + n;
      EXIT WHEN n < batch_rows;
    END LOOP;
  END IF;
  IF jsonb_array_length(dropped) > 0 OR trimmed > 0 THEN
    DELETE FROM public.entry_tags t WHERE t.entry_id IN (
      SELECT o.entry_id FROM public.entry_tags o
      WHERE NOT EXISTS (SELECT 1 FROM public.entries e WHERE e.id = o.entry_id) LIMIT batch_rows);
    GET DIAGNOSTICS n = ROW_COUNT;
    orphans := orphans + n;
    DELETE FROM public.workspace_entries w WHERE w.entry_id IN (
      SELECT o.entry_id FROM public.workspace_entries o
      WHERE NOT EXISTS (SELECT 1 FROM public.entries e WHERE e.id = o.entry_id) LIMIT batch_rows);
    GET DIAGNOSTICS n = ROW_COUNT;
    orphans := orphans + n;
  END IF;
  IF jsonb_array_length(dropped) > 0 OR trimmed > 0 THEN
    -- One audit row per run that removed anything: who removed captures is the retention setting.
    INSERT INTO public.audit_log (actor_user_id, action, target_table, target_id, before, after)
    VALUES (NULL, 'retention', 'entries', coalesce(cut::text, ''), NULL,
            jsonb_build_object('dropped', dropped, 'freed_bytes', freed, 'trimmed_rows', trimmed,
                               'retention_days', setting.retention_days, 'retention_max_bytes', setting.retention_max_bytes));
  END IF;
  RETURN jsonb_build_object('dropped', dropped, 'freed_bytes', freed, 'trimmed_rows', trimmed, 'orphans', orphans, 'cutoff', cut);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_private.enforce_retention(integer, integer, timestamptz) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_private.retention_plan(integer, bigint, timestamptz) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_private.entry_partitions() FROM PUBLIC;
