import { z } from "zod";
import { AppError, notFound } from "@/lib/errors";
import { uuidField } from "../fields";
import { defineOperation, type Db } from "../types";
import { createAuthUser, oneTimePassword, setAuthUserBan } from "./auth-admin";

/** Creating and deactivating people: Supabase Auth's admin API, then the role as the caller. */

async function roleId(db: Db, slug: string): Promise<string> {
  const [role] = await db.query<{ id: string }>("SELECT id FROM public.roles WHERE slug = $1", [slug]);
  if (!role) throw notFound(`Role "${slug}"`, "list_roles shows the roles.");
  return role.id;
}

interface PersonState {
  id: string;
  email: string | null;
  role_slug: string | null;
  banned_until: Date | null;
  devices_owned: number;
}

/** Every person (list_people pages by e-mail, 200 at a time). */
async function everyone(db: Db): Promise<PersonState[]> {
  const all: PersonState[] = [];
  for (;;) {
    const last = all.at(-1);
    const page = await db.query<PersonState>(
      "SELECT id, email, role_slug, banned_until, devices_owned::int AS devices_owned FROM public.list_people(NULL, $1, $2, 200)",
      [last ? (last.email ?? "") : null, last?.id ?? null],
    );
    all.push(...page);
    if (page.length < 200) return all;
  }
}

export const createUser = defineOperation({
  name: "create_user",
  title: "Create a person",
  description:
    "Creates a person who signs in with their e-mail and a one-time password returned here once (it is not stored anywhere " +
    "readable; hand it over and have them change it). Without role_slug they get the default role. Audited.",
  domain: "admin",
  input: z
    .object({
      email: z.email().max(320).describe("Their e-mail address (the sign-in name)"),
      role_slug: z
        .string()
        .trim()
        .min(1)
        .max(40)
        .optional()
        .describe("A role from list_roles; the default role otherwise"),
    })
    .strict(),
  output: z.object({
    user_id: z.string(),
    email: z.string(),
    role_slug: z.string(),
    one_time_password: z.string().describe("Shown once: give it to the person"),
  }),
  capabilities: [{ section: "users", action: "edit" }],
  readOnly: false,
  destructive: false,
  idempotent: false,
  example: { email: "new.person@example.com", role_slug: "member" },
  async handler({ email, role_slug }, { db }) {
    // Checked before Auth creates anyone, so a wrong slug leaves nothing behind.
    const wanted = role_slug ? await roleId(db, role_slug) : null;
    const password = oneTimePassword();
    const user = await createAuthUser(email.toLowerCase(), password);
    if (wanted) {
      await db.query(
        "UPDATE public.user_roles SET role_id = $2, assigned_at = now(), assigned_by = auth.uid() WHERE user_id = $1",
        [user.id, wanted],
      );
    }
    const [row] = await db.query<{ slug: string }>(
      "SELECT r.slug FROM public.user_roles ur JOIN public.roles r ON r.id = ur.role_id WHERE ur.user_id = $1",
      [user.id],
    );
    return {
      user_id: user.id,
      email: user.email ?? email,
      role_slug: row?.slug ?? role_slug ?? "",
      one_time_password: password,
    };
  },
});

export const setUserActive = defineOperation({
  name: "set_user_active",
  title: "Deactivate or reactivate a person",
  description:
    "active=false deactivates a person (an Auth ban): at once every token they hold is refused on every surface, their " +
    "dashboard sessions, OAuth grants (connected apps) and unused pairing codes are revoked and their open Realtime " +
    "channels are closed. Their devices keep capturing with their own credentials (revoke those on the devices page). " +
    "active=true lets them sign in again; connected apps must be authorised anew. You cannot deactivate yourself, nor " +
    "the last active admin.",
  domain: "admin",
  input: z.object({ user_id: uuidField("The person (from list_users)"), active: z.boolean() }).strict(),
  output: z.object({
    user_id: z.string(),
    active: z.boolean(),
    devices_kept: z.number().int().describe("Devices they own, which keep their credentials"),
  }),
  capabilities: [{ section: "users", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { user_id: "4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0", active: false },
  async handler({ user_id, active }, { db, role }) {
    const people = await everyone(db);
    const person = people.find((p) => p.id === user_id);
    if (!person) throw notFound(`Person ${user_id}`, "list_users shows the people.");
    if (!active) {
      if (user_id === role.userId)
        throw new AppError("CONFLICT", "You cannot deactivate yourself.", "Ask another admin.");
      const activeAdmins = people.filter(
        (p) => p.role_slug === "admin" && (p.banned_until === null || p.banned_until.getTime() <= Date.now()),
      );
      if (person.role_slug === "admin" && activeAdmins.length <= 1)
        throw new AppError("CONFLICT", "This is the last active admin.", "Make someone else an admin first.");
    }
    // The ban's trigger (0020) revokes their sessions, grants and codes in Auth's own transaction.
    await setAuthUserBan(user_id, active);
    return { user_id, active, devices_kept: person.devices_owned };
  },
});
