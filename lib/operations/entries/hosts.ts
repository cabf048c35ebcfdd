import { z } from "zod";
import { num } from "../fields";
import { defineOperation } from "../types";
import { assertWorkspaceVisible } from "./filters";

export const listHosts = defineOperation({
  name: "list_hosts",
  title: "List captured hosts",
  description:
    "The hosts seen most among your newest 20,000 captures (or a workspace's), most frequent first, with how many captures each has. " +
    "Use it to learn which services an app talks to, or to pick exact hosts for search_entries.",
  domain: "entries",
  input: z
    .object({
      workspace_id: z.uuid().optional().describe("Only this workspace's captures"),
      limit: z.number().int().min(1).max(200).default(100).describe("How many hosts (default 100, at most 200)"),
    })
    .strict(),
  output: z.object({ items: z.array(z.object({ host: z.string(), entries: z.number() })) }),
  capabilities: [{ section: "entries", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { limit: 20 },
  async handler(input, { db }) {
    await assertWorkspaceVisible(db, { workspace_id: input.workspace_id });
    const rows = await db.query<{ host: string; entries: string }>(
      "SELECT host, entries FROM public.entry_hosts(target_workspace => $1, lim => $2)",
      [input.workspace_id ?? null, input.limit],
    );
    return { items: rows.map((row) => ({ host: row.host, entries: num(row.entries) })) };
  },
});
