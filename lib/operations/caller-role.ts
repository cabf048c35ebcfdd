import type pg from "pg";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import type { Capability, CallerRole } from "./types";
import { capabilityName } from "./types";

/**
 * The caller's role and capabilities, read from the database as the caller (their
 * `user_roles` row and the public role catalogue are readable under RLS). Never from the
 * token: a role change applies to the very next call. runOperation reads it inside its own
 * transaction (CALLER_ROLE_SQL in withClaims's opening round trip); adapters that only need
 * the role use this.
 */
export function readCallerRole(pool: pg.Pool, claims: Claims): Promise<CallerRole> {
  return withClaims(pool, claims, async (_client, rows) => callerRoleFrom(rows), CALLER_ROLE_SQL);
}

interface CallerRoleRow {
  user_id: string | null;
  id: string | null;
  slug: string;
  name: string;
  scope: "own" | "fleet";
  caps: string[] | null;
}

/** Parameter-free, so withClaims can send it in its opening round trip (see runOperation). */
export const CALLER_ROLE_SQL = `SELECT auth.uid() AS user_id, r.id, r.slug, r.name, r.scope,
            (SELECT array_agg(rc.section || ':' || rc.action) FROM public.role_capabilities rc WHERE rc.role_id = r.id) AS caps
     FROM (SELECT 1) one
     LEFT JOIN public.user_roles ur ON ur.user_id = auth.uid()
     LEFT JOIN public.roles r ON r.id = ur.role_id`;

export function callerRoleFrom(rows: readonly object[]): CallerRole {
  const row = rows[0] as CallerRoleRow | undefined;
  const capabilities = new Set<string>();
  for (const cap of row?.caps ?? []) {
    capabilities.add(cap);
    // edit implies view, as in has_capability.
    if (cap.endsWith(":edit")) capabilities.add(cap.replace(/:edit$/, ":view"));
  }
  return {
    userId: row?.user_id ?? "",
    role: row?.id ? { id: row.id, slug: row.slug, name: row.name, scope: row.scope } : null,
    capabilities,
  };
}

export function missingCapabilities(required: readonly Capability[], role: CallerRole): Capability[] {
  return required.filter((capability) => !role.capabilities.has(capabilityName(capability)));
}
