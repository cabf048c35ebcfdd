-- Workspaces (capture scopes and their tabs), service groups with their BusyBro agents, tags.

CREATE TABLE public.workspaces (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  name text NOT NULL CONSTRAINT workspaces_name_length CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  owner_user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX workspaces_owner_idx ON public.workspaces (owner_user_id);
--> statement-breakpoint
-- A workspace captures live from its devices; entries from elsewhere can be pinned into it
-- (workspace_entries). Membership of new captures is derived, never written per entry.
CREATE TABLE public.workspace_devices (
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE CASCADE,
  device_uuid uuid NOT NULL REFERENCES public.devices (uuid) ON DELETE CASCADE,
  PRIMARY KEY (workspace_id, device_uuid)
);
--> statement-breakpoint
CREATE INDEX workspace_devices_device_idx ON public.workspace_devices (device_uuid);
--> statement-breakpoint
CREATE TABLE public.workspace_tabs (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE CASCADE,
  title text NOT NULL CONSTRAINT workspace_tabs_title_length CHECK (length(title) BETWEEN 1 AND 100),
  position integer NOT NULL DEFAULT 0,
  -- A saved filter, as data: { devices?, hosts?, search?, methods?, statuses? }.
  filter jsonb NOT NULL DEFAULT '{}' CONSTRAINT workspace_tabs_filter_object CHECK (jsonb_typeof(filter) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX workspace_tabs_workspace_idx ON public.workspace_tabs (workspace_id, position);
--> statement-breakpoint
CREATE TABLE public.workspace_entries (
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE CASCADE,
  entry_id bigint NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  added_by uuid DEFAULT auth.uid(),
  PRIMARY KEY (workspace_id, entry_id)
);
--> statement-breakpoint
CREATE INDEX workspace_entries_entry_idx ON public.workspace_entries (entry_id);
--> statement-breakpoint
CREATE FUNCTION public.workspace_in_scope(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.workspaces w
    WHERE w.id = target AND (w.owner_user_id = auth.uid() OR public.has_fleet_scope())
  )
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.workspace_in_scope(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.workspace_in_scope(uuid) TO authenticated, service_role;
--> statement-breakpoint
ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.workspace_devices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.workspace_tabs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.workspace_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.workspaces, public.workspace_devices, public.workspace_tabs, public.workspace_entries TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.workspaces, public.workspace_devices, public.workspace_tabs, public.workspace_entries TO service_role;
--> statement-breakpoint
CREATE POLICY workspaces_select ON public.workspaces FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('workspaces', 'view')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY workspaces_write ON public.workspaces FOR ALL TO authenticated
  USING ((SELECT public.has_capability('workspaces', 'edit')) AND public.owns_or_fleet(owner_user_id))
  WITH CHECK ((SELECT public.has_capability('workspaces', 'edit')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY workspace_devices_select ON public.workspace_devices FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('workspaces', 'view')) AND public.workspace_in_scope(workspace_id));
--> statement-breakpoint
-- Adding a device to a workspace needs both in scope: you cannot pull in someone else's device.
CREATE POLICY workspace_devices_write ON public.workspace_devices FOR ALL TO authenticated
  USING ((SELECT public.has_capability('workspaces', 'edit')) AND public.workspace_in_scope(workspace_id))
  WITH CHECK ((SELECT public.has_capability('workspaces', 'edit')) AND public.workspace_in_scope(workspace_id) AND public.device_in_scope(device_uuid));
--> statement-breakpoint
CREATE POLICY workspace_tabs_select ON public.workspace_tabs FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('workspaces', 'view')) AND public.workspace_in_scope(workspace_id));
--> statement-breakpoint
CREATE POLICY workspace_tabs_write ON public.workspace_tabs FOR ALL TO authenticated
  USING ((SELECT public.has_capability('workspaces', 'edit')) AND public.workspace_in_scope(workspace_id))
  WITH CHECK ((SELECT public.has_capability('workspaces', 'edit')) AND public.workspace_in_scope(workspace_id));
--> statement-breakpoint
CREATE POLICY workspace_entries_select ON public.workspace_entries FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('workspaces', 'view')) AND public.workspace_in_scope(workspace_id));
--> statement-breakpoint
-- Pinning an entry needs the entry to be visible to you (checked through entries' own RLS).
CREATE POLICY workspace_entries_write ON public.workspace_entries FOR ALL TO authenticated
  USING ((SELECT public.has_capability('workspaces', 'edit')) AND public.workspace_in_scope(workspace_id))
  WITH CHECK ((SELECT public.has_capability('workspaces', 'edit')) AND public.workspace_in_scope(workspace_id)
    AND EXISTS (SELECT 1 FROM public.entries e WHERE e.id = entry_id));
--> statement-breakpoint

-- BusyBro agents: the registry of specialist personas. ------------------------------------
CREATE TABLE public.busybro_agents (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  slug text NOT NULL UNIQUE CONSTRAINT busybro_agents_slug_format CHECK (slug ~ '^[a-z][a-z0-9_-]{1,63}$'),
  label text NOT NULL CONSTRAINT busybro_agents_label_length CHECK (length(label) BETWEEN 1 AND 100),
  instructions text NOT NULL DEFAULT '' CONSTRAINT busybro_agents_instructions_length CHECK (length(instructions) <= 20000),
  model text CONSTRAINT busybro_agents_model_length CHECK (length(model) <= 200),
  owner_user_id uuid REFERENCES auth.users (id) ON DELETE SET NULL DEFAULT auth.uid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
ALTER TABLE public.busybro_agents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.busybro_agents TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.busybro_agents TO service_role;
--> statement-breakpoint
-- The registry is shared: anyone with agents:view reads it; editing is scoped to your own
-- agents unless your role has fleet scope.
CREATE POLICY busybro_agents_select ON public.busybro_agents FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('agents', 'view')));
--> statement-breakpoint
CREATE POLICY busybro_agents_write ON public.busybro_agents FOR ALL TO authenticated
  USING ((SELECT public.has_capability('agents', 'edit')) AND public.owns_or_fleet(owner_user_id))
  WITH CHECK ((SELECT public.has_capability('agents', 'edit')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint

-- Service groups: wildcard domain lists for SSL decryption. ---------------------------------
CREATE FUNCTION busymate_private.valid_domain_patterns(patterns text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  -- example.com, *.example.com, api-*.example.co.uk; lower case, no scheme, path or port.
  SELECT coalesce(bool_and(p ~ '^(\*\.)?([a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?\.)*[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?$' AND length(p) <= 253), true)
  FROM unnest(patterns) AS p
$$;
--> statement-breakpoint
CREATE TABLE public.service_groups (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  name text NOT NULL CONSTRAINT service_groups_name_length CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  ssl_proxy_domains text[] NOT NULL DEFAULT '{}'
    CONSTRAINT service_groups_domains_valid CHECK (busymate_private.valid_domain_patterns(ssl_proxy_domains)),
  owner_user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE DEFAULT auth.uid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE public.service_group_agents (
  group_id uuid NOT NULL REFERENCES public.service_groups (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES public.busybro_agents (id) ON DELETE CASCADE,
  is_primary boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (group_id, agent_id)
);
--> statement-breakpoint
-- Exactly one primary agent per group that has agents. Checked at commit, so a primary can
-- be moved from one agent to another inside one transaction (or one UPDATE). Removing the
-- primary while other agents remain is rejected: the caller names the new primary.
CREATE FUNCTION busymate_private.check_one_primary_agent() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.group_id ELSE NEW.group_id END;
  agents integer;
  primaries integer;
BEGIN
  -- The group itself is being deleted: nothing to keep consistent.
  IF NOT EXISTS (SELECT 1 FROM public.service_groups WHERE id = target) THEN RETURN NULL; END IF;
  SELECT count(*), count(*) FILTER (WHERE is_primary) INTO agents, primaries
  FROM public.service_group_agents WHERE group_id = target;
  IF agents > 0 AND primaries <> 1 THEN
    RAISE EXCEPTION 'Service group % must have exactly one primary agent (it would have %).', target, primaries
      USING ERRCODE = '23514', CONSTRAINT = 'service_group_agents_one_primary',
            HINT = 'Mark exactly one agent is_primary; to change it, unset the old one in the same request.';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER service_group_agents_one_primary AFTER INSERT OR UPDATE OR DELETE ON public.service_group_agents
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION busymate_private.check_one_primary_agent();
--> statement-breakpoint
CREATE FUNCTION public.service_group_in_scope(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.service_groups g
    WHERE g.id = target AND (g.owner_user_id = auth.uid() OR public.has_fleet_scope())
  )
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.service_group_in_scope(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.service_group_in_scope(uuid) TO authenticated, service_role;
--> statement-breakpoint
ALTER TABLE public.service_groups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.service_group_agents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.service_groups, public.service_group_agents TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.service_groups, public.service_group_agents TO service_role;
--> statement-breakpoint
CREATE POLICY service_groups_select ON public.service_groups FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('services', 'view')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY service_groups_write ON public.service_groups FOR ALL TO authenticated
  USING ((SELECT public.has_capability('services', 'edit')) AND public.owns_or_fleet(owner_user_id))
  WITH CHECK ((SELECT public.has_capability('services', 'edit')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
-- Mirrors service_groups.
CREATE POLICY service_group_agents_select ON public.service_group_agents FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('services', 'view')) AND public.service_group_in_scope(group_id));
--> statement-breakpoint
CREATE POLICY service_group_agents_write ON public.service_group_agents FOR ALL TO authenticated
  USING ((SELECT public.has_capability('services', 'edit')) AND public.service_group_in_scope(group_id))
  WITH CHECK ((SELECT public.has_capability('services', 'edit')) AND public.service_group_in_scope(group_id));
--> statement-breakpoint

-- Tags --------------------------------------------------------------------------------------
CREATE TABLE public.tags (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  name text NOT NULL CONSTRAINT tags_name_length CHECK (length(name) BETWEEN 1 AND 50),
  color text NOT NULL DEFAULT '#64748b' CONSTRAINT tags_color_hex CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
  owner_user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE DEFAULT auth.uid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_user_id, name)
);
--> statement-breakpoint
CREATE TABLE public.entry_tags (
  entry_id bigint NOT NULL,
  tag_id uuid NOT NULL REFERENCES public.tags (id) ON DELETE CASCADE,
  tagged_at timestamptz NOT NULL DEFAULT now(),
  tagged_by uuid DEFAULT auth.uid(),
  PRIMARY KEY (entry_id, tag_id)
);
--> statement-breakpoint
CREATE INDEX entry_tags_tag_idx ON public.entry_tags (tag_id);
--> statement-breakpoint
CREATE FUNCTION public.tag_in_scope(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (SELECT 1 FROM public.tags t WHERE t.id = target AND (t.owner_user_id = auth.uid() OR public.has_fleet_scope()))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.tag_in_scope(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.tag_in_scope(uuid) TO authenticated, service_role;
--> statement-breakpoint
ALTER TABLE public.tags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.entry_tags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.tags, public.entry_tags TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.tags, public.entry_tags TO service_role;
--> statement-breakpoint
CREATE POLICY tags_select ON public.tags FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('tags', 'view')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY tags_write ON public.tags FOR ALL TO authenticated
  USING ((SELECT public.has_capability('tags', 'edit')) AND public.owns_or_fleet(owner_user_id))
  WITH CHECK ((SELECT public.has_capability('tags', 'edit')) AND public.owns_or_fleet(owner_user_id));
--> statement-breakpoint
CREATE POLICY entry_tags_select ON public.entry_tags FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('tags', 'view')) AND public.tag_in_scope(tag_id));
--> statement-breakpoint
-- Tagging needs the tag in scope and the entry visible to you.
CREATE POLICY entry_tags_write ON public.entry_tags FOR ALL TO authenticated
  USING ((SELECT public.has_capability('tags', 'edit')) AND public.tag_in_scope(tag_id))
  WITH CHECK ((SELECT public.has_capability('tags', 'edit')) AND public.tag_in_scope(tag_id)
    AND EXISTS (SELECT 1 FROM public.entries e WHERE e.id = entry_id));
