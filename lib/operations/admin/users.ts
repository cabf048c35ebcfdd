import { z } from "zod";
import { notFound } from "@/lib/errors";
import { iso, uuidField } from "../fields";
import { cursorField, decodeCursor, limitField, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";

const person = z.object({
  id: z.string(),
  email: z.string().nullable(),
  role_slug: z.string().nullable(),
  role_name: z.string().nullable(),
  created_at: z.string().nullable(),
  last_sign_in_at: z.string().nullable(),
  active: z.boolean().describe("false while the person is deactivated (they cannot sign in)"),
  devices_owned: z.number(),
});

interface PersonRow {
  id: string;
  email: string | null;
  role_slug: string | null;
  role_name: string | null;
  created_at: Date | null;
  last_sign_in_at: Date | null;
  banned_until: Date | null;
  devices_owned: string;
}

export const listUsers = defineOperation({
  name: "list_users",
  title: "List people",
  description:
    "Lists the people of this Busymate instance with their role, last sign-in, whether they are active and how many devices they own, " +
    "sorted by e-mail; search matches part of the e-mail. Paginated by next_cursor.",
  domain: "admin",
  input: z
    .object({
      search: z.string().trim().min(1).max(200).optional().describe("Part of an e-mail address"),
      limit: limitField(),
      cursor: cursorField,
    })
    .strict(),
  output: pageOf(person),
  capabilities: [{ section: "users", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { search: "@example.com" },
  async handler(input, { db }) {
    const after = decodeCursor("list_users", input.cursor, z.object({ email: z.string(), id: z.uuid() }));
    const rows = await db.query<PersonRow>("SELECT * FROM public.list_people($1, $2, $3, $4)", [
      input.search ?? null,
      after?.email ?? null,
      after?.id ?? null,
      input.limit + 1,
    ]);
    return toPage(
      "list_users",
      rows,
      input.limit,
      ({ banned_until, devices_owned, ...row }) => ({
        ...row,
        created_at: iso(row.created_at),
        last_sign_in_at: iso(row.last_sign_in_at),
        active: banned_until === null || banned_until.getTime() <= Date.now(),
        devices_owned: Number(devices_owned),
      }),
      (last) => ({ email: last.email ?? "", id: last.id }),
    );
  },
});

export const assignRole = defineOperation({
  name: "assign_role",
  title: "Assign a role",
  description:
    "Gives a person a role (each person has exactly one). Takes effect on their very next request. The last admin cannot be demoted. Audited.",
  domain: "admin",
  input: z
    .object({
      user_id: uuidField("The person (from list_users)"),
      role_slug: z.string().trim().min(1).max(40).describe("The role's slug (from list_roles), e.g. admin or member"),
    })
    .strict(),
  output: z.object({ user_id: z.string(), role_slug: z.string(), assigned_at: z.string() }),
  capabilities: [{ section: "users", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { user_id: "4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0", role_slug: "member" },
  async handler({ user_id, role_slug }, { db }) {
    const [role] = await db.query<{ id: string }>("SELECT id FROM public.roles WHERE slug = $1", [role_slug]);
    if (!role) throw notFound(`Role "${role_slug}"`, "list_roles shows the roles.");
    // Every person has a user_roles row (given at sign-up); users:view makes all of them visible.
    const [row] = await db.query<{ assigned_at: Date }>(
      "UPDATE public.user_roles SET role_id = $2, assigned_at = now(), assigned_by = auth.uid() WHERE user_id = $1 RETURNING assigned_at",
      [user_id, role.id],
    );
    if (!row) throw notFound(`Person ${user_id}`, "list_users shows the people.");
    return { user_id, role_slug, assigned_at: iso(row.assigned_at)! };
  },
});
