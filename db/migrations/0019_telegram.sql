-- Telegram: a person binds one Telegram account to their Busymate identity with a one-time
-- code, asks BusyBro from the chat, and opts in to notifications. The bot acts for whoever a
-- Telegram user is linked to, so every lookup by Telegram id stays in SECURITY DEFINER
-- functions only the server (owner / service_role) may call: no request role can list links.
CREATE TABLE public.telegram_links (
  user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  telegram_user_id bigint NOT NULL CONSTRAINT telegram_links_one_person_per_account UNIQUE,
  chat_id bigint NOT NULL,
  telegram_username text CONSTRAINT telegram_links_username_length CHECK (length(telegram_username) <= 64),
  -- Chosen when linking: whether BusyBro in the chat (and notification buttons) may write.
  read_write boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
ALTER TABLE public.telegram_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY telegram_links_select ON public.telegram_links FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.has_capability('users', 'view')));
--> statement-breakpoint
CREATE POLICY telegram_links_delete ON public.telegram_links FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));
--> statement-breakpoint
GRANT SELECT, DELETE ON public.telegram_links TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.telegram_links TO service_role;
--> statement-breakpoint

-- One-time link codes, stored only as their SHA-256; the newest per person is the live one.
CREATE TABLE public.telegram_link_codes (
  code_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL CONSTRAINT telegram_link_codes_one_per_person UNIQUE REFERENCES auth.users (id) ON DELETE CASCADE,
  read_write boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL DEFAULT now() + interval '10 minutes'
);
--> statement-breakpoint
-- No policy: nobody reads codes over REST; they are made and redeemed by the functions below.
ALTER TABLE public.telegram_link_codes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT ALL ON public.telegram_link_codes TO service_role;
--> statement-breakpoint

-- What a person wants to be told in Telegram; everything is off until they opt in.
CREATE TABLE public.notification_preferences (
  user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE DEFAULT auth.uid(),
  breakpoint_held boolean NOT NULL DEFAULT false,
  device_offline boolean NOT NULL DEFAULT false,
  component_down boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
ALTER TABLE public.notification_preferences ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_preferences_own ON public.notification_preferences FOR ALL TO authenticated
  USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.notification_preferences TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.notification_preferences TO service_role;
--> statement-breakpoint

-- What was already told, so a worker restart or a second instance never repeats a notice.
-- A device back online or a component back up clears its row, so the next outage is told.
CREATE TABLE busymate_private.telegram_notices (
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  kind text NOT NULL CONSTRAINT telegram_notices_kind_valid CHECK (kind IN ('breakpoint_held', 'device_offline', 'component_down')),
  subject text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, subject)
);
--> statement-breakpoint
CREATE INDEX telegram_notices_subject ON busymate_private.telegram_notices (kind, subject);
--> statement-breakpoint

-- REST / operations: a new one-time code for the caller (10 minutes, single use), replacing any
-- earlier one. Rate limited per person; `code` is null and `retry_after_s` set when refused.
CREATE FUNCTION public.create_telegram_link_code(read_write boolean DEFAULT false,
  OUT code text, OUT expires_at timestamptz, OUT retry_after_s double precision)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  me uuid := auth.uid();
  ok boolean;
BEGIN
  IF me IS NULL OR auth.role() <> 'authenticated' THEN
    RAISE EXCEPTION 'Only a signed-in person can link Telegram.' USING ERRCODE = '42501';
  END IF;
  SELECT r.allowed, r.retry_after_s INTO ok, retry_after_s
  FROM busymate_identity.rate_limit_hit('telegram_link_start:' || me::text, 10, 600) r;
  IF NOT ok THEN
    RETURN;
  END IF;
  retry_after_s := 0;
  -- 96 random bits, URL-safe: it travels in a t.me deep link (start parameters allow [A-Za-z0-9_-]).
  code := translate(encode(extensions.gen_random_bytes(12), 'base64'), '+/', '-_');
  expires_at := now() + interval '10 minutes';
  INSERT INTO public.telegram_link_codes AS c (code_hash, user_id, read_write, expires_at)
  VALUES (extensions.digest(code, 'sha256'), me, create_telegram_link_code.read_write, create_telegram_link_code.expires_at)
  ON CONFLICT ON CONSTRAINT telegram_link_codes_one_per_person DO UPDATE
    SET code_hash = EXCLUDED.code_hash, read_write = EXCLUDED.read_write, created_at = now(), expires_at = EXCLUDED.expires_at;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.create_telegram_link_code(boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.create_telegram_link_code(boolean) TO authenticated;
--> statement-breakpoint

-- The bot: redeems a code once (used or expired codes are gone either way) and binds the
-- Telegram account, replacing the person's earlier link and the account's earlier person.
-- Returns no row for a code that is unknown, used or expired: the bot cannot tell which.
CREATE FUNCTION busymate_private.telegram_redeem_code(code text, tg_user bigint, tg_chat bigint, tg_username text)
RETURNS TABLE (user_id uuid, read_write boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  redeemed public.telegram_link_codes;
BEGIN
  DELETE FROM public.telegram_link_codes c WHERE c.code_hash = extensions.digest(telegram_redeem_code.code, 'sha256')
  RETURNING * INTO redeemed;
  IF redeemed.user_id IS NULL OR redeemed.expires_at <= now() THEN
    RETURN;
  END IF;
  DELETE FROM public.telegram_links l WHERE l.telegram_user_id = tg_user AND l.user_id <> redeemed.user_id;
  INSERT INTO public.telegram_links AS l (user_id, telegram_user_id, chat_id, telegram_username, read_write)
  VALUES (redeemed.user_id, tg_user, tg_chat, left(tg_username, 64), redeemed.read_write)
  ON CONFLICT ON CONSTRAINT telegram_links_pkey DO UPDATE
    SET telegram_user_id = EXCLUDED.telegram_user_id, chat_id = EXCLUDED.chat_id,
        telegram_username = EXCLUDED.telegram_username, read_write = EXCLUDED.read_write, created_at = now();
  RETURN QUERY SELECT redeemed.user_id, redeemed.read_write;
END
$$;
--> statement-breakpoint
-- Who a Telegram account acts as, for one incoming update.
CREATE FUNCTION busymate_private.telegram_link_of(tg_user bigint)
RETURNS TABLE (user_id uuid, chat_id bigint, read_write boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT l.user_id, l.chat_id, l.read_write FROM public.telegram_links l WHERE l.telegram_user_id = tg_user
$$;
--> statement-breakpoint
-- /unlink from the chat: true when a link was removed.
CREATE FUNCTION busymate_private.telegram_unlink(tg_user bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  DELETE FROM public.telegram_links l WHERE l.telegram_user_id = tg_user;
  RETURN FOUND;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION busymate_private.telegram_redeem_code(text, bigint, bigint, text),
  busymate_private.telegram_link_of(bigint), busymate_private.telegram_unlink(bigint) FROM PUBLIC;
