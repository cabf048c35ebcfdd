-- Two pieces of Supabase's own database the stand-in lacked. Like 0000, each is created only
-- where it is missing: a Supabase project ships both already, owned by its own roles.
--
-- 1. The event triggers that tell PostgREST to reload its schema cache after DDL
--    (`pgrst_ddl_watch` on ddl_command_end, `pgrst_drop_watch` on sql_drop), so a table,
--    view or function created at run time is served without a restart or a manual
--    `NOTIFY pgrst`. Their functions live in `extensions`, as on Supabase. Creating an event
--    trigger needs a superuser; without one the triggers are left out with a notice.
-- 2. `realtime.send_binary`: a broadcast from SQL whose payload is bytes, stored in
--    `realtime.messages.binary_payload` and delivered (and replayed) as a binary broadcast.

DO $$
BEGIN
  IF to_regprocedure('extensions.pgrst_ddl_watch()') IS NULL THEN
    CREATE FUNCTION extensions.pgrst_ddl_watch() RETURNS event_trigger LANGUAGE plpgsql AS $f$
    DECLARE
      command record;
    BEGIN
      FOR command IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
        -- Temporary objects are never part of an API.
        IF command.command_tag IN (
             'CREATE SCHEMA', 'ALTER SCHEMA', 'CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE',
             'CREATE FOREIGN TABLE', 'ALTER FOREIGN TABLE', 'CREATE VIEW', 'ALTER VIEW',
             'CREATE MATERIALIZED VIEW', 'ALTER MATERIALIZED VIEW', 'CREATE FUNCTION', 'ALTER FUNCTION',
             'CREATE TRIGGER', 'CREATE TYPE', 'ALTER TYPE', 'CREATE RULE', 'COMMENT')
           AND command.schema_name IS DISTINCT FROM 'pg_temp' THEN
          NOTIFY pgrst, 'reload schema';
        END IF;
      END LOOP;
    END
    $f$;
  END IF;
  IF to_regprocedure('extensions.pgrst_drop_watch()') IS NULL THEN
    CREATE FUNCTION extensions.pgrst_drop_watch() RETURNS event_trigger LANGUAGE plpgsql AS $f$
    DECLARE
      dropped record;
    BEGIN
      FOR dropped IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
        IF dropped.object_type IN (
             'schema', 'table', 'foreign table', 'view', 'materialized view', 'function', 'trigger', 'type', 'rule')
           AND NOT dropped.is_temporary THEN
          NOTIFY pgrst, 'reload schema';
        END IF;
      END LOOP;
    END
    $f$;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  superuser boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'pgrst_ddl_watch') THEN
    IF superuser THEN
      CREATE EVENT TRIGGER pgrst_ddl_watch ON ddl_command_end EXECUTE FUNCTION extensions.pgrst_ddl_watch();
    ELSE
      RAISE NOTICE 'pgrst_ddl_watch needs a superuser; REST reloads its schema only on NOTIFY pgrst';
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'pgrst_drop_watch') THEN
    IF superuser THEN
      CREATE EVENT TRIGGER pgrst_drop_watch ON sql_drop EXECUTE FUNCTION extensions.pgrst_drop_watch();
    ELSE
      RAISE NOTICE 'pgrst_drop_watch needs a superuser; REST reloads its schema only on NOTIFY pgrst';
    END IF;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF to_regprocedure('realtime.send_binary(bytea, text, text, boolean)') IS NULL THEN
    CREATE FUNCTION realtime.send_binary(payload bytea, event text, topic text, private boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql AS $f$
    BEGIN
      BEGIN
        PERFORM set_config('realtime.topic', topic, true);
        INSERT INTO realtime.messages (binary_payload, event, topic, private, extension)
        VALUES (payload, event, topic, private, 'broadcast');
      EXCEPTION WHEN OTHERS THEN
        -- As realtime.send: a failed broadcast must never fail the caller's transaction.
        RAISE WARNING 'ErrorSendingBroadcastMessage: %', SQLERRM;
      END;
    END
    $f$;
  END IF;
END
$$;
