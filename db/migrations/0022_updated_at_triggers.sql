-- `updated_at` says when a row last changed, whoever changed it (REST PATCH, an operation, a
-- function): one trigger function keeps it, on every table of Busymate's schemas that has the
-- column. An UPDATE that sets updated_at itself (a restore, a snapshot refresh) keeps its value.
-- New tables with the column get the trigger in their own migration; db/updated-at.test.ts
-- fails for any that does not. Supabase's own schemas (auth, storage, realtime) are theirs.
CREATE FUNCTION busymate_private.touch_updated_at()
RETURNS trigger LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT n.nspname AS schema_name, c.relname AS table_name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'updated_at' AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND (n.nspname = 'public' OR n.nspname LIKE 'busymate\_%')
  LOOP
    EXECUTE format(
      'CREATE TRIGGER touch_updated_at BEFORE UPDATE ON %I.%I FOR EACH ROW EXECUTE FUNCTION busymate_private.touch_updated_at()',
      t.schema_name, t.table_name);
  END LOOP;
END
$$;
--> statement-breakpoint
-- A device reads back the keys of its own captures (0016: capture_id, ts) and now also the row
-- id, the rest of the primary key that a returned representation always carries: with it,
-- supabase-js's `.insert(…).select("capture_id, ts")` works for a device. The payload and the
-- columns derived from it stay unreadable to the device (a stolen credential reads no history).
GRANT SELECT (id) ON public.entries TO device;
