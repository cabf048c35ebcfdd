-- Roles & permissions: every person has one role; a role grants (section, action)
-- capabilities and a scope ('own': rows they own; 'fleet': everyone's). Capabilities are
-- read from these tables on every call, never from the token, so a change applies at once.

-- Internals that must not be reachable through PostgREST live in this schema (no grants).
CREATE SCHEMA IF NOT EXISTS busymate_private;
--> statement-breakpoint
REVOKE ALL ON SCHEMA busymate_private FROM PUBLIC;
--> statement-breakpoint
CREATE TABLE public.roles (
  id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
  slug text NOT NULL UNIQUE CONSTRAINT roles_slug_format CHECK (slug ~ '^[a-z][a-z0-9_-]{1,39}$'),
  name text NOT NULL CONSTRAINT roles_name_length CHECK (length(name) BETWEEN 1 AND 80),
  description text NOT NULL DEFAULT '',
  built_in boolean NOT NULL DEFAULT false,
  scope text NOT NULL CONSTRAINT roles_scope_valid CHECK (scope IN ('own', 'fleet')),
  -- The role new users get; exactly one role is the default.
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX roles_one_default ON public.roles (is_default) WHERE is_default;
--> statement-breakpoint
CREATE TABLE public.role_capabilities (
  role_id uuid NOT NULL REFERENCES public.roles (id) ON DELETE CASCADE,
  section text NOT NULL CONSTRAINT role_capabilities_section_valid CHECK (section IN (
    'devices', 'entries', 'workspaces', 'settings', 'services', 'agents', 'tags',
    'breakpoints', 'users', 'roles', 'stats', 'status', 'busybro')),
  action text NOT NULL CONSTRAINT role_capabilities_action_valid CHECK (action IN ('view', 'edit')),
  PRIMARY KEY (role_id, section, action)
);
--> statement-breakpoint
CREATE TABLE public.user_roles (
  user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  role_id uuid NOT NULL REFERENCES public.roles (id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  assigned_by uuid
);
--> statement-breakpoint
CREATE INDEX user_roles_role_id_idx ON public.user_roles (role_id);
--> statement-breakpoint
CREATE TABLE public.audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_user_id uuid,
  action text NOT NULL,
  target_table text NOT NULL,
  target_id text NOT NULL,
  before jsonb,
  after jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX audit_log_at_idx ON public.audit_log (at DESC);
--> statement-breakpoint

-- The capability check every policy and RPC uses. SECURITY DEFINER so it can read the role
-- tables whatever the caller's own RLS; it only ever answers about the caller.
CREATE FUNCTION public.has_capability(section text, action text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (
    SELECT 1
    FROM public.user_roles ur
    JOIN public.role_capabilities rc ON rc.role_id = ur.role_id
    WHERE ur.user_id = auth.uid()
      AND rc.section = has_capability.section
      -- edit implies view
      AND (rc.action = has_capability.action OR (has_capability.action = 'view' AND rc.action = 'edit'))
  )
$$;
--> statement-breakpoint
-- True when the caller's role has fleet scope (sees everyone's rows, not only their own).
CREATE FUNCTION public.has_fleet_scope() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.user_roles ur JOIN public.roles r ON r.id = ur.role_id
    WHERE ur.user_id = auth.uid() AND r.scope = 'fleet'
  )
$$;
--> statement-breakpoint
-- Whether a row owned by `owner` is in the caller's scope.
CREATE FUNCTION public.owns_or_fleet(owner uuid) RETURNS boolean
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT coalesce(owner = auth.uid(), false) OR public.has_fleet_scope()
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.has_capability(text, text), public.has_fleet_scope(), public.owns_or_fleet(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.has_capability(text, text), public.has_fleet_scope(), public.owns_or_fleet(uuid) TO authenticated, device, service_role;
--> statement-breakpoint

-- Built-in roles ---------------------------------------------------------------------------
INSERT INTO public.roles (slug, name, description, built_in, scope, is_default) VALUES
  ('admin', 'Admin', 'Every capability across the whole fleet.', true, 'fleet', false),
  ('member', 'Member', 'Works with their own devices and captures.', true, 'own', true);
--> statement-breakpoint
INSERT INTO public.role_capabilities (role_id, section, action)
SELECT r.id, s.section, a.action
FROM public.roles r,
  unnest(ARRAY['devices','entries','workspaces','settings','services','agents','tags','breakpoints','users','roles','stats','status','busybro']) AS s(section),
  unnest(ARRAY['view','edit']) AS a(action)
WHERE r.slug = 'admin';
--> statement-breakpoint
INSERT INTO public.role_capabilities (role_id, section, action)
SELECT r.id, c.section, c.action
FROM public.roles r,
  (VALUES ('devices','edit'), ('entries','edit'), ('workspaces','edit'), ('settings','edit'),
          ('services','edit'), ('agents','view'), ('tags','edit'), ('breakpoints','edit'),
          ('stats','view'), ('busybro','edit')) AS c(section, action)
WHERE r.slug = 'member';
--> statement-breakpoint

-- Invariants -------------------------------------------------------------------------------
CREATE FUNCTION busymate_private.guard_built_in_role() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.built_in THEN
    RAISE EXCEPTION 'The built-in role "%" cannot be deleted.', OLD.slug USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.slug = 'admin'
     AND (NEW.slug, NEW.scope, NEW.built_in, NEW.name) IS DISTINCT FROM (OLD.slug, OLD.scope, OLD.built_in, OLD.name) THEN
    RAISE EXCEPTION 'The built-in admin role cannot be edited.' USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.built_in AND NEW.slug <> OLD.slug THEN
    RAISE EXCEPTION 'A built-in role keeps its slug.' USING ERRCODE = '42501';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
--> statement-breakpoint
CREATE TRIGGER roles_guard_built_in BEFORE UPDATE OR DELETE ON public.roles
FOR EACH ROW EXECUTE FUNCTION busymate_private.guard_built_in_role();
--> statement-breakpoint
CREATE FUNCTION busymate_private.guard_admin_capabilities() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.role_id ELSE NEW.role_id END;
BEGIN
  -- Cascading from a role deletion is allowed; the role guard already refused built-ins.
  IF pg_trigger_depth() > 1 THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM public.roles WHERE id = target AND slug = 'admin') THEN
    RAISE EXCEPTION 'The built-in admin role always has every capability.' USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER role_capabilities_guard_admin AFTER INSERT OR UPDATE OR DELETE ON public.role_capabilities
FOR EACH ROW EXECUTE FUNCTION busymate_private.guard_admin_capabilities();
--> statement-breakpoint
-- The last admin cannot be demoted or removed: checked at commit so that swapping admins
-- inside one transaction works.
CREATE FUNCTION busymate_private.guard_last_admin() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM public.user_roles ur JOIN public.roles r ON r.id = ur.role_id WHERE r.slug = 'admin'
  ) AND EXISTS (SELECT 1 FROM auth.users) THEN
    RAISE EXCEPTION 'The last admin cannot be demoted or removed.' USING ERRCODE = '42501',
      HINT = 'Make another user an admin first.';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER user_roles_keep_an_admin AFTER UPDATE OR DELETE ON public.user_roles
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION busymate_private.guard_last_admin();
--> statement-breakpoint

-- New users get the default role (the first user ever becomes admin, so a fresh install
-- always has one).
CREATE FUNCTION busymate_private.assign_default_role() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  chosen uuid;
BEGIN
  IF EXISTS (SELECT 1 FROM public.user_roles) THEN
    SELECT id INTO chosen FROM public.roles WHERE is_default;
  ELSE
    SELECT id INTO chosen FROM public.roles WHERE slug = 'admin';
  END IF;
  INSERT INTO public.user_roles (user_id, role_id) VALUES (NEW.id, chosen) ON CONFLICT (user_id) DO NOTHING;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users
FOR EACH ROW EXECUTE FUNCTION busymate_private.assign_default_role();
--> statement-breakpoint

-- Audit: who changed which role or capability, before and after.
CREATE FUNCTION busymate_private.audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  before_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
  after_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
  row_data jsonb := coalesce(after_row, before_row);
BEGIN
  INSERT INTO public.audit_log (actor_user_id, action, target_table, target_id, before, after)
  VALUES (
    auth.uid(), lower(TG_OP), TG_TABLE_NAME,
    coalesce(row_data ->> 'id', row_data ->> 'user_id', (row_data ->> 'role_id') || ':' || (row_data ->> 'section') || ':' || (row_data ->> 'action')),
    before_row, after_row);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER roles_audit AFTER INSERT OR UPDATE OR DELETE ON public.roles
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER role_capabilities_audit AFTER INSERT OR UPDATE OR DELETE ON public.role_capabilities
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER user_roles_audit AFTER INSERT OR UPDATE OR DELETE ON public.user_roles
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint

-- Row-level security -------------------------------------------------------------------------
ALTER TABLE public.roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.role_capabilities ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.user_roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.roles, public.role_capabilities, public.user_roles TO authenticated;
--> statement-breakpoint
GRANT SELECT ON public.audit_log TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.roles, public.role_capabilities, public.user_roles, public.audit_log TO service_role;
--> statement-breakpoint
-- Everyone signed in may read the role catalogue (to show names); editing needs roles:edit.
CREATE POLICY roles_select ON public.roles FOR SELECT TO authenticated USING (true);
--> statement-breakpoint
CREATE POLICY roles_write ON public.roles FOR ALL TO authenticated
  USING ((SELECT public.has_capability('roles', 'edit'))) WITH CHECK ((SELECT public.has_capability('roles', 'edit')));
--> statement-breakpoint
CREATE POLICY role_capabilities_select ON public.role_capabilities FOR SELECT TO authenticated USING (true);
--> statement-breakpoint
CREATE POLICY role_capabilities_write ON public.role_capabilities FOR ALL TO authenticated
  USING ((SELECT public.has_capability('roles', 'edit'))) WITH CHECK ((SELECT public.has_capability('roles', 'edit')));
--> statement-breakpoint
-- Your own assignment is always readable; others' need users:view; changing needs users:edit.
CREATE POLICY user_roles_select ON public.user_roles FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.has_capability('users', 'view')));
--> statement-breakpoint
CREATE POLICY user_roles_write ON public.user_roles FOR ALL TO authenticated
  USING ((SELECT public.has_capability('users', 'edit'))) WITH CHECK ((SELECT public.has_capability('users', 'edit')));
--> statement-breakpoint
CREATE POLICY audit_log_select ON public.audit_log FOR SELECT TO authenticated
  USING ((SELECT public.has_capability('roles', 'view')) AND (SELECT public.has_capability('users', 'view')));
