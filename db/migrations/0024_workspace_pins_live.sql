-- Pins join the catalogue tables the dashboard follows with postgres_changes: the feed's Pinned
-- view, its count and the detail pane's Pin button follow a pin made elsewhere (another tab, a
-- teammate, an agent over MCP). RLS still decides whose pin changes reach a subscriber; a delete
-- carries only the key (workspace and entry ids), as for the other tables.
ALTER PUBLICATION supabase_realtime ADD TABLE public.workspace_entries;
