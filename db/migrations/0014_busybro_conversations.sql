-- BusyBro's conversations: a person's own history, kept across reloads, deletable. Private to
-- the person whatever their role (an admin does not read others' questions).
CREATE TABLE public.busybro_conversations (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  owner_user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE DEFAULT auth.uid(),
  title text NOT NULL CONSTRAINT busybro_conversations_title_length CHECK (length(title) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX busybro_conversations_owner_recent ON public.busybro_conversations (owner_user_id, updated_at DESC, id);
--> statement-breakpoint
CREATE TABLE public.busybro_turns (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES public.busybro_conversations (id) ON DELETE CASCADE,
  role text NOT NULL CONSTRAINT busybro_turns_role_valid CHECK (role IN ('user', 'assistant')),
  text text NOT NULL CONSTRAINT busybro_turns_text_length CHECK (length(text) BETWEEN 1 AND 100000),
  artifacts jsonb NOT NULL DEFAULT '[]'
    CONSTRAINT busybro_turns_artifacts_array CHECK (coalesce(jsonb_typeof(artifacts) = 'array', false)),
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX busybro_turns_conversation ON public.busybro_turns (conversation_id, id);
--> statement-breakpoint
ALTER TABLE public.busybro_conversations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.busybro_turns ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY busybro_conversations_select ON public.busybro_conversations FOR SELECT TO authenticated
  USING (owner_user_id = (SELECT auth.uid()) AND (SELECT public.has_capability('busybro', 'view')));
--> statement-breakpoint
CREATE POLICY busybro_conversations_insert ON public.busybro_conversations FOR INSERT TO authenticated
  WITH CHECK (owner_user_id = (SELECT auth.uid()) AND (SELECT public.has_capability('busybro', 'edit')));
--> statement-breakpoint
CREATE POLICY busybro_conversations_update ON public.busybro_conversations FOR UPDATE TO authenticated
  USING (owner_user_id = (SELECT auth.uid()) AND (SELECT public.has_capability('busybro', 'edit')))
  WITH CHECK (owner_user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY busybro_conversations_delete ON public.busybro_conversations FOR DELETE TO authenticated
  USING (owner_user_id = (SELECT auth.uid()) AND (SELECT public.has_capability('busybro', 'edit')));
--> statement-breakpoint
-- Turns follow their conversation (whose own policy hides everyone else's).
CREATE POLICY busybro_turns_select ON public.busybro_turns FOR SELECT TO authenticated
  USING (conversation_id IN (SELECT c.id FROM public.busybro_conversations c));
--> statement-breakpoint
CREATE POLICY busybro_turns_insert ON public.busybro_turns FOR INSERT TO authenticated
  WITH CHECK ((SELECT public.has_capability('busybro', 'edit'))
    AND conversation_id IN (SELECT c.id FROM public.busybro_conversations c));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.busybro_conversations TO authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT ON public.busybro_turns TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.busybro_conversations, public.busybro_turns TO service_role;
