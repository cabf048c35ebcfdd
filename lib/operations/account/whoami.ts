import { z } from "zod";
import { SCOPE_WRITE, defineOperation } from "../types";

export const whoami = defineOperation({
  name: "whoami",
  title: "Who am I",
  description:
    "Returns the signed-in person (id, e-mail), their role and its scope ('own' = their own devices and data, 'fleet' = everyone's), " +
    "every capability the role grants as 'section:action', and what this token may do (its scopes, whether it may write, the client it was issued to). " +
    "Call it first to learn which tools will work.",
  domain: "account",
  input: z.object({}).strict(),
  output: z.object({
    user: z.object({ id: z.string(), email: z.string().nullable() }),
    role: z.object({ id: z.string(), slug: z.string(), name: z.string(), scope: z.enum(["own", "fleet"]) }).nullable(),
    capabilities: z.array(z.string()).describe("e.g. devices:edit, stats:view; edit implies view"),
    token: z.object({ scopes: z.array(z.string()), may_write: z.boolean(), client_id: z.string().nullable() }),
  }),
  capabilities: [],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: {},
  async handler(_input, { caller, role, db }) {
    const [row] = await db.query<{ email: string | null }>("SELECT public.current_user_email() AS email");
    return {
      user: { id: role.userId, email: row?.email ?? null },
      role: role.role ? { id: role.role.id, slug: role.role.slug, name: role.role.name, scope: role.role.scope } : null,
      capabilities: [...role.capabilities].sort(),
      token: {
        scopes: [...caller.scopes].sort(),
        may_write: caller.scopes.has(SCOPE_WRITE),
        client_id: caller.clientId ?? null,
      },
    };
  },
});
