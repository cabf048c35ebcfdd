-- What the operations registry (lib/operations: the MCP tools and BusyBro's tools) needs beyond
-- the tables' own policies: the caller's own e-mail, the people list for users:view, and
-- writes attributable to the OAuth client that made them.

-- A person's own e-mail (auth.users is not readable by request roles).
CREATE FUNCTION public.current_user_email() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT u.email::text FROM auth.users u WHERE u.id = auth.uid()
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.current_user_email() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.current_user_email() TO authenticated, service_role;
--> statement-breakpoint

-- The people of this instance with their role, for users:view. Keyset by (email, id); the
-- search matches a substring of the e-mail (wildcards in it are literal).
CREATE FUNCTION public.list_people(search_q text DEFAULT NULL, after_email text DEFAULT NULL, after_id uuid DEFAULT NULL, lim integer DEFAULT 50)
RETURNS TABLE (id uuid, email text, role_slug text, role_name text, created_at timestamptz, last_sign_in_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF auth.role() IS DISTINCT FROM 'service_role' AND NOT public.has_capability('users', 'view') THEN
    RAISE EXCEPTION 'Your role lacks the users:view capability.' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY
    SELECT u.id, u.email::text, r.slug, r.name, u.created_at, u.last_sign_in_at
    FROM auth.users u
    LEFT JOIN public.user_roles ur ON ur.user_id = u.id
    LEFT JOIN public.roles r ON r.id = ur.role_id
    WHERE u.deleted_at IS NULL
      AND (nullif(btrim(search_q), '') IS NULL
           OR u.email ILIKE '%' || replace(replace(replace(btrim(search_q), '\', '\\'), '%', '\%'), '_', '\_') || '%')
      AND (after_email IS NULL OR (coalesce(u.email, ''), u.id) > (after_email, coalesce(after_id, '00000000-0000-0000-0000-000000000000'::uuid)))
    ORDER BY coalesce(u.email, ''), u.id
    LIMIT least(greatest(coalesce(lim, 50), 1), 200);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.list_people(text, text, uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.list_people(text, text, uuid, integer) TO authenticated, service_role;
--> statement-breakpoint

-- Audit entries name the OAuth client as well as the person: an MCP client, BusyBro or the
-- dashboard (`client_id` of the Busymate access token; NULL for a Supabase session).
ALTER TABLE public.audit_log ADD COLUMN IF NOT EXISTS client_id text;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION busymate_private.audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  before_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
  after_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
  row_data jsonb := coalesce(after_row, before_row);
BEGIN
  INSERT INTO public.audit_log (actor_user_id, action, target_table, target_id, before, after, client_id)
  VALUES (
    auth.uid(), lower(TG_OP), TG_TABLE_NAME,
    coalesce(row_data ->> 'id', row_data ->> 'uuid', row_data ->> 'user_id', row_data ->> 'device_uuid',
             (row_data ->> 'role_id') || ':' || (row_data ->> 'section') || ':' || (row_data ->> 'action')),
    before_row, after_row, nullif(auth.jwt() ->> 'client_id', ''));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Fleet-wide changes are audited like role changes: global settings reach every device, and
-- deleting a device deletes its captures.
CREATE TRIGGER settings_global_audit AFTER UPDATE ON public.settings_global
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
--> statement-breakpoint
CREATE TRIGGER devices_audit_delete AFTER DELETE ON public.devices
FOR EACH ROW EXECUTE FUNCTION busymate_private.audit_row_change();
