import { z } from "zod";
import { cursorField, limitField, offsetOf, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";
import { GROUP_COLUMNS, serviceGroup, toServiceGroup, type GroupRow } from "./shared";

export const listServiceGroups = defineOperation({
  name: "list_service_groups",
  title: "List service groups",
  description:
    "Lists service groups (Proxyman-style 'Apps'): named lists of wildcard domains whose HTTPS traffic devices decrypt, each with its linked BusyBro agents " +
    "(exactly one primary). Shows the first 20 domains of each group; expand_service_groups gives all. Paginated by next_cursor.",
  domain: "services",
  input: z.object({ limit: limitField(), cursor: cursorField }).strict(),
  output: pageOf(serviceGroup),
  capabilities: [{ section: "services", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { limit: 20 },
  async handler(input, { db }) {
    const offset = offsetOf("list_service_groups", input.cursor);
    const rows = await db.query<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM public.service_groups g ORDER BY g.name, g.id OFFSET $1 LIMIT $2`,
      [offset, input.limit + 1],
    );
    return toPage(
      "list_service_groups",
      rows,
      input.limit,
      (row) => toServiceGroup(row),
      () => ({ offset: offset + input.limit }),
    );
  },
});

const MAX_DOMAINS = 1_000;

export const expandServiceGroups = defineOperation({
  name: "expand_service_groups",
  title: "Expand service groups to domains",
  description:
    "The union of the domain patterns of the given service groups, sorted and deduplicated (groups you cannot see contribute nothing).",
  domain: "services",
  input: z
    .object({ group_ids: z.array(z.uuid()).min(1).max(50).describe("Service group ids (from list_service_groups)") })
    .strict(),
  output: z.object({ domains: z.array(z.string()), count: z.number(), truncated: z.boolean() }),
  capabilities: [{ section: "services", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { group_ids: ["3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d"] },
  async handler({ group_ids }, { db }) {
    const [row] = await db.query<{ domains: string[] }>("SELECT public.expand_service_groups($1::uuid[]) AS domains", [
      group_ids,
    ]);
    const domains = row.domains ?? [];
    return { domains: domains.slice(0, MAX_DOMAINS), count: domains.length, truncated: domains.length > MAX_DOMAINS };
  },
});
