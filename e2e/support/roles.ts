import { randomUUID } from "node:crypto";
import type pg from "pg";
import { newPerson, type E2ePerson } from "./factories";

/**
 * A custom role with exactly these capabilities ("section:action"), given to `userId`, as an
 * admin would make one. Specs use it to show what a narrow role sees.
 */
export async function giveRole(
  db: pg.Pool,
  userId: string,
  capabilities: string[],
  scope: "own" | "fleet" = "own",
): Promise<string> {
  const slug = `e2e-${randomUUID().slice(0, 8)}`;
  const { rows } = await db.query<{ id: string }>(
    "INSERT INTO public.roles (slug, name, scope) VALUES ($1, $1, $2) RETURNING id",
    [slug, scope],
  );
  for (const capability of capabilities) {
    const [section, action] = capability.split(":");
    await db.query("INSERT INTO public.role_capabilities (role_id, section, action) VALUES ($1, $2, $3)", [
      rows[0].id,
      section,
      action,
    ]);
  }
  await db.query(
    "INSERT INTO public.user_roles (user_id, role_id) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET role_id = EXCLUDED.role_id",
    [userId, rows[0].id],
  );
  return slug;
}

export async function userIdOf(db: pg.Pool, email: string): Promise<string> {
  return (await db.query<{ id: string }>("SELECT id FROM auth.users WHERE email = $1", [email])).rows[0].id;
}

/**
 * A fresh person with the built-in admin role. Specs sign in as their own admins rather than the
 * seeded one: sign-ins are rate limited per e-mail address (10 per 5 minutes), and the whole
 * suite signing in as one address would run into it.
 */
export async function newAdmin(db: pg.Pool, label = "admin"): Promise<E2ePerson> {
  const person = await newPerson(db, label);
  await db.query(
    "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'admin') WHERE user_id = $1",
    [person.id],
  );
  return person;
}
