-- State of the local Supabase stand-in's Auth service (lib/local-supabase/auth) that GoTrue's
-- own tables do not hold: the sign-in rate-limit buckets. They live in Postgres so that the
-- limits hold across processes and restarts.
--
-- Only the embedded database needs this. Where a real GoTrue manages the `auth` schema (its
-- migrations table exists) or we may not create objects in it (Supabase revokes CREATE on
-- `auth` from `postgres`), nothing is created: there the real Auth service limits sign-ins.
DO $$
BEGIN
  IF to_regclass('auth.stand_in_rate_limits') IS NULL
     AND to_regclass('auth.schema_migrations') IS NULL
     AND has_schema_privilege('auth', 'CREATE') THEN
    -- A token bucket per key (`sign_in_ip:<ip>`, `sign_in_email:<email>`, `refresh_ip:<ip>`):
    -- `tokens` is what was left at `refilled_at`.
    CREATE TABLE auth.stand_in_rate_limits (
      bucket text PRIMARY KEY,
      tokens double precision NOT NULL,
      refilled_at timestamptz NOT NULL
    );
    COMMENT ON TABLE auth.stand_in_rate_limits IS 'Sign-in and refresh rate limits of the local Supabase stand-in (embedded mode only).';

    -- Takes one request from a bucket holding up to `max_requests`, refilled at
    -- `max_requests / window_seconds` per second. A refused request takes nothing, so waiting
    -- `retry_after_seconds` always helps. The row lock serialises concurrent requests per key.
    CREATE FUNCTION auth.stand_in_take_rate_limit(
      key text, max_requests double precision, window_seconds double precision,
      OUT allowed boolean, OUT retry_after_seconds double precision
    ) LANGUAGE plpgsql SET search_path = '' AS $f$
    DECLARE
      available double precision;
    BEGIN
      INSERT INTO auth.stand_in_rate_limits (bucket, tokens, refilled_at) VALUES (key, max_requests, clock_timestamp())
      ON CONFLICT (bucket) DO NOTHING;
      SELECT least(max_requests, b.tokens + greatest(0, extract(epoch FROM clock_timestamp() - b.refilled_at)) * max_requests / window_seconds)
        INTO available FROM auth.stand_in_rate_limits b WHERE b.bucket = key FOR UPDATE;
      allowed := available >= 1;
      UPDATE auth.stand_in_rate_limits
         SET tokens = available - CASE WHEN allowed THEN 1 ELSE 0 END, refilled_at = clock_timestamp()
       WHERE bucket = key;
      retry_after_seconds := CASE WHEN allowed THEN 0 ELSE (1 - available) * window_seconds / max_requests END;
    END
    $f$;

    -- Only the stand-in (the database owner) uses them; request roles never see them.
    REVOKE ALL ON auth.stand_in_rate_limits FROM PUBLIC, anon, authenticated, service_role, device;
    REVOKE ALL ON FUNCTION auth.stand_in_take_rate_limit(text, double precision, double precision) FROM PUBLIC, anon, authenticated, service_role, device;
  END IF;
END
$$;
