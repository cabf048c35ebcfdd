-- Supabase compatibility layer.
--
-- On a Supabase project every object below already exists and is owned by Supabase's own
-- roles; this migration must leave them alone. So each object is created only where it is
-- missing, and nothing here replaces an existing function. On the embedded PostgreSQL it
-- builds the subset of Supabase that Busymate's schema, policies and the local stand-in use.
-- docs/architecture.md ("Supabase compatibility layer") lists exactly what it creates.

-- Roles ---------------------------------------------------------------------------------
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN
    CREATE ROLE authenticator NOLOGIN NOINHERIT;
  END IF;
  -- Busymate's own: what a paired device's token may do (its captures, heartbeats, settings).
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'device') THEN
    CREATE ROLE device NOLOGIN NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
GRANT anon, authenticated, service_role, device TO authenticator;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role, device;
--> statement-breakpoint

-- Extensions live in their own schema, as on Supabase. --------------------------------------
CREATE SCHEMA IF NOT EXISTS extensions;
--> statement-breakpoint
GRANT USAGE ON SCHEMA extensions TO anon, authenticated, service_role, device;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
--> statement-breakpoint

-- auth: the GoTrue tables sign-in needs, and the claim helpers policies call. -------------
CREATE SCHEMA IF NOT EXISTS auth;
--> statement-breakpoint
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role, device;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS auth.users (
  instance_id uuid,
  id uuid PRIMARY KEY,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255),
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  phone text UNIQUE,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  is_sso_user boolean NOT NULL DEFAULT false,
  deleted_at timestamptz,
  is_anonymous boolean NOT NULL DEFAULT false
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS users_email_partial_key ON auth.users (email) WHERE is_sso_user = false;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS auth.sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  aal text,
  not_after timestamptz,
  refreshed_at timestamp,
  user_agent text,
  ip inet
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS sessions_user_id_idx ON auth.sessions (user_id);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS auth.refresh_tokens (
  instance_id uuid,
  id bigserial PRIMARY KEY,
  token varchar(255) UNIQUE,
  user_id varchar(255),
  revoked boolean,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  parent varchar(255),
  session_id uuid REFERENCES auth.sessions (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS refresh_tokens_session_id_revoked_idx ON auth.refresh_tokens (session_id, revoked);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS refresh_tokens_parent_idx ON auth.refresh_tokens (parent);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS auth.identities (
  provider_id text NOT NULL,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  identity_data jsonb NOT NULL,
  provider text NOT NULL,
  last_sign_in_at timestamptz,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  email text GENERATED ALWAYS AS (lower(identity_data ->> 'email')) STORED,
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  UNIQUE (provider_id, provider)
);
--> statement-breakpoint
DO $$
BEGIN
  -- Supabase defines these reading request.jwt.claim.* and request.jwt.claims; PostgREST and
  -- our own server helper set both, so reading the JSON claims is enough.
  IF to_regprocedure('auth.jwt()') IS NULL THEN
    CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS
      $f$ SELECT coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $f$;
  END IF;
  IF to_regprocedure('auth.uid()') IS NULL THEN
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
      $f$ SELECT nullif(coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''), auth.jwt() ->> 'sub'), '')::uuid $f$;
  END IF;
  IF to_regprocedure('auth.role()') IS NULL THEN
    CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS
      $f$ SELECT coalesce(nullif(current_setting('request.jwt.claim.role', true), ''), auth.jwt() ->> 'role') $f$;
  END IF;
  IF to_regprocedure('auth.email()') IS NULL THEN
    CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS
      $f$ SELECT coalesce(nullif(current_setting('request.jwt.claim.email', true), ''), auth.jwt() ->> 'email') $f$;
  END IF;
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth.jwt(), auth.uid(), auth.role(), auth.email() TO anon, authenticated, service_role, device;
--> statement-breakpoint

-- realtime: the broadcast inbox the Realtime server streams from. ------------------------
CREATE SCHEMA IF NOT EXISTS realtime;
--> statement-breakpoint
GRANT USAGE ON SCHEMA realtime TO anon, authenticated, service_role, device;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS realtime.messages (
  topic text NOT NULL,
  extension text NOT NULL,
  payload jsonb,
  event text,
  private boolean DEFAULT false,
  updated_at timestamp NOT NULL DEFAULT now(),
  inserted_at timestamp NOT NULL DEFAULT now(),
  id uuid NOT NULL DEFAULT extensions.gen_random_uuid(),
  binary_payload bytea,
  PRIMARY KEY (id, inserted_at)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS messages_inserted_at_topic_index ON realtime.messages (inserted_at DESC, topic) WHERE extension = 'broadcast' AND private IS TRUE;
--> statement-breakpoint
ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON realtime.messages TO anon, authenticated, service_role, device;
--> statement-breakpoint
DO $$
BEGIN
  IF to_regprocedure('realtime.topic()') IS NULL THEN
    CREATE FUNCTION realtime.topic() RETURNS text LANGUAGE sql STABLE AS
      $f$ SELECT nullif(current_setting('realtime.topic', true), '') $f$;
  END IF;
  IF to_regprocedure('realtime.send(jsonb, text, text, boolean)') IS NULL THEN
    CREATE FUNCTION realtime.send(payload jsonb, event text, topic text, private boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql AS $f$
    BEGIN
      BEGIN
        PERFORM set_config('realtime.topic', topic, true);
        INSERT INTO realtime.messages (payload, event, topic, private, extension)
        VALUES (payload || jsonb_build_object('id', extensions.gen_random_uuid()), event, topic, private, 'broadcast');
      EXCEPTION WHEN OTHERS THEN
        -- As on Supabase: a failed broadcast must never fail the caller's transaction.
        RAISE WARNING 'ErrorSendingBroadcastMessage: %', SQLERRM;
      END;
    END
    $f$;
  END IF;
  IF to_regprocedure('realtime.broadcast_changes(text, text, text, text, text, record, record, text)') IS NULL THEN
    CREATE FUNCTION realtime.broadcast_changes(
      topic_name text, event_name text, operation text, table_name text, table_schema text,
      new record, old record, level text DEFAULT 'ROW'
    ) RETURNS void LANGUAGE plpgsql AS $f$
    BEGIN
      IF level = 'STATEMENT' THEN
        RAISE EXCEPTION 'function can only be triggered for each row, not for each statement';
      END IF;
      IF operation NOT IN ('INSERT', 'UPDATE', 'DELETE') THEN
        RAISE EXCEPTION 'Unexpected operation type: %', operation;
      END IF;
      PERFORM realtime.send(
        jsonb_build_object('old_record', to_jsonb(old), 'record', to_jsonb(new), 'operation', operation, 'table', table_name, 'schema', table_schema),
        event_name, topic_name);
    END
    $f$;
  END IF;
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION realtime.topic() TO anon, authenticated, service_role, device;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
    CREATE PUBLICATION supabase_realtime;
  END IF;
END
$$;
