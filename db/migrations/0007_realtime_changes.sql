-- Realtime change capture for the local Supabase stand-in.
--
-- The stand-in streams changes by logical decoding (pgoutput over one replication
-- connection), as Supabase Realtime itself does for broadcasts from the database:
--   * `supabase_realtime` (0000, tables added in 0005) carries postgres_changes;
--   * `supabase_realtime_messages_publication` carries inserts into realtime.messages, which
--     `realtime.send()` and the broadcast triggers write. Supabase Realtime creates this
--     publication itself on a hosted project (same name, same table), so here it is created
--     only where it is missing, and a role that may not publish realtime.messages (it is not
--     the table's owner on Supabase) leaves it to Realtime instead of failing the migration.
-- No triggers are added to application tables: writers pay nothing for Realtime.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime_messages_publication') THEN
    BEGIN
      CREATE PUBLICATION supabase_realtime_messages_publication FOR TABLE realtime.messages WITH (publish = 'insert');
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'supabase_realtime_messages_publication left to Supabase Realtime: %', SQLERRM;
    END;
  END IF;
END
$$;
