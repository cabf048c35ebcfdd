import { z } from "zod";
import { notFound } from "@/lib/errors";
import { requireOneOf, uuidField } from "../fields";
import { defineOperation, type Db } from "../types";
import { assertUnchanged, expectedUpdatedAt } from "../versions";
import { domainList, GROUP_COLUMNS, serviceGroup, toServiceGroup, type GroupRow } from "./shared";

const edit = [{ section: "services", action: "edit" }] as const;
export const groupNotFound = (id: string) =>
  notFound(
    `Service group ${id}`,
    "List service groups with list_service_groups; you can change your own (any with a fleet role).",
  );

export async function loadGroup(db: Db, groupId: string) {
  const [row] = await db.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM public.service_groups g WHERE g.id = $1`, [
    groupId,
  ]);
  if (!row) throw groupNotFound(groupId);
  return toServiceGroup(row, 500);
}

export const createServiceGroup = defineOperation({
  name: "create_service_group",
  title: "Create a service group",
  description:
    "Creates a service group you own: a named list of domain patterns (api.example.com, *.example.com) whose HTTPS traffic devices decrypt once a device's settings include it.",
  domain: "services",
  input: z
    .object({
      name: z.string().trim().min(1).max(100),
      description: z.string().max(2000).default(""),
      ssl_proxy_domains: domainList.default([]),
    })
    .strict(),
  output: serviceGroup,
  capabilities: edit,
  readOnly: false,
  destructive: false,
  idempotent: false,
  example: { name: "Stripe", ssl_proxy_domains: ["api.stripe.com", "*.stripe.network"] },
  async handler(input, { db }) {
    const [row] = await db.query<{ id: string }>(
      "INSERT INTO public.service_groups (name, description, ssl_proxy_domains, owner_user_id) VALUES ($1, $2, $3::text[], auth.uid()) RETURNING id",
      [input.name, input.description, [...new Set(input.ssl_proxy_domains)]],
    );
    return loadGroup(db, row.id);
  },
});

export const updateServiceGroup = defineOperation({
  name: "update_service_group",
  title: "Update a service group",
  description:
    "Renames a service group, changes its description, or edits its domains: ssl_proxy_domains replaces the whole list; add_domains / remove_domains change it in place. Only what you pass changes. " +
    "Pass the updated_at you loaded as expected_updated_at to refuse (CONFLICT) instead of overwriting a newer change.",
  domain: "services",
  input: z
    .object({
      group_id: uuidField("The service group"),
      name: z.string().trim().min(1).max(100).optional(),
      description: z.string().max(2000).optional(),
      ssl_proxy_domains: domainList.optional().describe("The complete new list of domain patterns"),
      add_domains: domainList.optional(),
      remove_domains: domainList.optional(),
      expected_updated_at: expectedUpdatedAt,
    })
    .strict()
    .superRefine(requireOneOf(["name", "description", "ssl_proxy_domains", "add_domains", "remove_domains"])),
  output: serviceGroup,
  capabilities: edit,
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { group_id: "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d", add_domains: ["checkout.stripe.com"] },
  async handler(input, { db }) {
    // RLS hides others' groups from FOR UPDATE too, so a miss is "not found" whoever owns it.
    const [current] = await db.query<{ updated_at: Date }>(
      "SELECT updated_at FROM public.service_groups WHERE id = $1 FOR UPDATE",
      [input.group_id],
    );
    if (!current) throw groupNotFound(input.group_id);
    assertUnchanged("The service group", current.updated_at, input.expected_updated_at);
    const rows = await db.query(
      `UPDATE public.service_groups SET
         name = coalesce($2, name),
         description = coalesce($3, description),
         -- Edited in place, first occurrence kept, order kept.
         ssl_proxy_domains = CASE WHEN $4::text[] IS NULL AND $5::text[] IS NULL AND $6::text[] IS NULL THEN ssl_proxy_domains ELSE ARRAY(
           SELECT l.d FROM unnest(coalesce($4::text[], ssl_proxy_domains) || coalesce($5::text[], '{}')) WITH ORDINALITY AS l(d, ord)
           WHERE NOT (l.d = ANY (coalesce($6::text[], '{}'))) GROUP BY l.d ORDER BY min(l.ord)) END,
         -- Strictly later than the version read, so two saves in one millisecond still differ.
         updated_at = greatest(now(), updated_at + interval '1 millisecond')
       WHERE id = $1 RETURNING id`,
      [
        input.group_id,
        input.name ?? null,
        input.description ?? null,
        input.ssl_proxy_domains ?? null,
        input.add_domains ?? null,
        input.remove_domains ?? null,
      ],
    );
    if (rows.length === 0) throw groupNotFound(input.group_id);
    return loadGroup(db, input.group_id);
  },
});

export const deleteServiceGroup = defineOperation({
  name: "delete_service_group",
  title: "Delete a service group",
  description:
    "Deletes a service group and its agent links. Devices whose settings listed it stop decrypting its domains.",
  domain: "services",
  input: z.object({ group_id: uuidField("The service group to delete") }).strict(),
  output: z.object({ deleted: z.literal(true), group_id: z.string(), name: z.string() }),
  capabilities: edit,
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { group_id: "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d" },
  async handler({ group_id }, { db }) {
    const [row] = await db.query<{ id: string; name: string }>(
      "DELETE FROM public.service_groups WHERE id = $1 RETURNING id, name",
      [group_id],
    );
    if (!row) throw groupNotFound(group_id);
    return { deleted: true as const, group_id: row.id, name: row.name };
  },
});
