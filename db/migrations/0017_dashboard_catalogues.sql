-- The dashboard's catalogue pages (tags, BusyBro agents, service groups, workspaces) stay current across
-- tabs through postgres_changes, and two editors cannot silently overwrite each other:
--   * tags get updated_at (agents and service groups have one), the version an update checks;
--   * their tables join the supabase_realtime publication. RLS still decides which rows'
--     changes reach a subscriber, so this shows nobody anything they could not read.
ALTER TABLE public.tags ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
--> statement-breakpoint
ALTER PUBLICATION supabase_realtime ADD TABLE
  public.tags, public.busybro_agents, public.service_groups, public.service_group_agents,
  public.workspaces, public.workspace_devices, public.workspace_tabs;
