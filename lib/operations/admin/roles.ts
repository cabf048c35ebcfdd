import { z } from "zod";
import { notFound, AppError } from "@/lib/errors";
import { requireOneOf } from "../fields";
import { defineOperation, SECTIONS, type Db } from "../types";

/** Roles: named capability sets with a scope. The built-in admin role is guarded in SQL (0001). */

const capabilityNames = SECTIONS.flatMap((section) => [`${section}:view`, `${section}:edit`]) as [string, ...string[]];
const capabilityList = z
  .array(z.enum(capabilityNames))
  .max(capabilityNames.length)
  .describe("Capabilities as 'section:action'; edit implies view");
const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, "2–40 characters: a letter, then letters, digits, - or _");

const role = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  built_in: z.boolean(),
  scope: z.enum(["own", "fleet"]),
  is_default: z.boolean().describe("New people get this role"),
  capabilities: z.array(z.string()),
});

const ROLE_COLUMNS = `r.id, r.slug, r.name, r.description, r.built_in, r.scope, r.is_default,
  coalesce((SELECT array_agg(rc.section || ':' || rc.action ORDER BY rc.section, rc.action) FROM public.role_capabilities rc WHERE rc.role_id = r.id), '{}') AS capabilities`;

async function loadRole(db: Db, slug: string): Promise<z.input<typeof role>> {
  const [row] = await db.query<z.input<typeof role>>(`SELECT ${ROLE_COLUMNS} FROM public.roles r WHERE r.slug = $1`, [
    slug,
  ]);
  if (!row) throw notFound(`Role "${slug}"`, "list_roles shows the roles.");
  return row;
}

async function setCapabilities(db: Db, roleId: string, names: string[]): Promise<void> {
  const pairs = [...new Set(names)].map((name) => name.split(":"));
  const sections = pairs.map(([section]) => section);
  const actions = pairs.map(([, action]) => action);
  await db.query(
    `DELETE FROM public.role_capabilities rc WHERE rc.role_id = $1
       AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS w(section, action) WHERE w.section = rc.section AND w.action = rc.action)`,
    [roleId, sections, actions],
  );
  await db.query(
    "INSERT INTO public.role_capabilities (role_id, section, action) SELECT $1, s, a FROM unnest($2::text[], $3::text[]) AS w(s, a) ON CONFLICT DO NOTHING",
    [roleId, sections, actions],
  );
}

export const listRoles = defineOperation({
  name: "list_roles",
  title: "List roles",
  description:
    "Lists every role with its scope ('own' or 'fleet'), whether it is built in or the default for new people, and its capabilities.",
  domain: "admin",
  input: z.object({}).strict(),
  output: z.object({ items: z.array(role) }),
  capabilities: [{ section: "roles", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: {},
  async handler(_input, { db }) {
    return {
      items: await db.query<z.input<typeof role>>(
        `SELECT ${ROLE_COLUMNS} FROM public.roles r ORDER BY r.built_in DESC, r.slug`,
      ),
    };
  },
});

export const createRole = defineOperation({
  name: "create_role",
  title: "Create a role",
  description:
    "Creates a custom role: a slug, a name, a scope ('own': people see their own devices and data; 'fleet': everyone's) and its capabilities. Audited.",
  domain: "admin",
  input: z
    .object({
      slug: slugField,
      name: z.string().trim().min(1).max(80),
      description: z.string().max(500).default(""),
      scope: z.enum(["own", "fleet"]),
      capabilities: capabilityList,
    })
    .strict(),
  output: role,
  capabilities: [{ section: "roles", action: "edit" }],
  readOnly: false,
  destructive: false,
  idempotent: false,
  example: {
    slug: "viewer",
    name: "Viewer",
    scope: "own",
    capabilities: ["devices:view", "entries:view", "stats:view"],
  },
  async handler(input, { db }) {
    const [row] = await db.query<{ id: string }>(
      "INSERT INTO public.roles (slug, name, description, scope) VALUES ($1, $2, $3, $4) RETURNING id",
      [input.slug, input.name, input.description, input.scope],
    );
    await setCapabilities(db, row.id, input.capabilities);
    return loadRole(db, input.slug);
  },
});

export const updateRole = defineOperation({
  name: "update_role",
  title: "Update a role",
  description:
    "Changes a role's name, description, scope or capabilities (the list you pass is the complete new set), or makes it the default for new people. " +
    "The built-in admin role cannot be changed. Applies to everyone holding the role at once. Audited.",
  domain: "admin",
  input: z
    .object({
      role_slug: z.string().trim().min(1).max(40).describe("The role to change"),
      name: z.string().trim().min(1).max(80).optional(),
      description: z.string().max(500).optional(),
      scope: z.enum(["own", "fleet"]).optional(),
      capabilities: capabilityList.optional(),
      make_default: z.literal(true).optional().describe("Make this the role new people get"),
    })
    .strict()
    .superRefine(requireOneOf(["name", "description", "scope", "capabilities", "make_default"])),
  output: role,
  capabilities: [{ section: "roles", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { role_slug: "viewer", capabilities: ["devices:view", "entries:view", "stats:view", "tags:edit"] },
  async handler(input, { db }) {
    const current = await loadRole(db, input.role_slug);
    if (input.name !== undefined || input.description !== undefined || input.scope !== undefined) {
      await db.query(
        "UPDATE public.roles SET name = coalesce($2, name), description = coalesce($3, description), scope = coalesce($4, scope), updated_at = now() WHERE id = $1",
        [current.id, input.name ?? null, input.description ?? null, input.scope ?? null],
      );
    }
    if (input.capabilities) await setCapabilities(db, current.id, input.capabilities);
    if (input.make_default) {
      // Unset first: at most one default role may exist at any moment (a unique index).
      await db.query("UPDATE public.roles SET is_default = false WHERE is_default AND id <> $1", [current.id]);
      await db.query("UPDATE public.roles SET is_default = true WHERE id = $1", [current.id]);
    }
    return loadRole(db, input.role_slug);
  },
});

export const deleteRole = defineOperation({
  name: "delete_role",
  title: "Delete a role",
  description:
    "Deletes a custom role. Built-in roles cannot be deleted, nor a role someone still holds (assign them another first) or the default role. Audited.",
  domain: "admin",
  input: z.object({ role_slug: z.string().trim().min(1).max(40) }).strict(),
  output: z.object({ deleted: z.literal(true), role_slug: z.string() }),
  capabilities: [{ section: "roles", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { role_slug: "viewer" },
  async handler({ role_slug }, { db }) {
    const current = await loadRole(db, role_slug);
    if (current.is_default)
      throw new AppError(
        "CONFLICT",
        `"${role_slug}" is the role new people get.`,
        "Make another role the default first (update_role make_default).",
      );
    try {
      await db.query("DELETE FROM public.roles WHERE id = $1", [current.id]);
    } catch (error) {
      if ((error as { code?: string }).code === "23503") {
        throw new AppError(
          "CONFLICT",
          `Someone still holds the role "${role_slug}".`,
          "Assign those people another role first (assign_role).",
        );
      }
      throw error;
    }
    return { deleted: true as const, role_slug };
  },
});
