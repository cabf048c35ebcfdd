import type { VerifiedAccessToken } from "@/lib/auth/verify";
import { DASHBOARD_CLIENT_ID, SCOPE_READ, SCOPE_WRITE, type BusymateScope } from "@/lib/auth/token-model";
import type { Caller } from "./types";

/**
 * The one way to say who calls an operation. Every adapter (MCP, the dashboard's operation
 * route and its server prefetch, BusyBro, a Telegram bot, the tests) builds its Caller here,
 * so the claims the database sees cannot differ by surface.
 */

/** A verified Busymate access token (an OAuth client's or the dashboard's first-party one). */
export function callerFromToken(token: VerifiedAccessToken): Caller {
  const { scopes, ...claims } = token;
  return { claims: { ...claims, role: "authenticated" }, scopes, clientId: token.client_id };
}

/**
 * A person signed in to the dashboard, for the server's own prefetches: the same claims the
 * first-party token carries (read-write, client busymate-dashboard), so the first screen and
 * the browser's later reads are the same query with the same rights.
 */
export function callerFromSession(userId: string): Caller {
  return callerFor(userId, { write: true, clientId: DASHBOARD_CLIENT_ID });
}

/** A person by id acting through `clientId`; for adapters holding no token of their own (BusyBro's bot surfaces, tests). */
export function callerFor(userId: string, { write, clientId }: { write: boolean; clientId: string }): Caller {
  const scopes = new Set<BusymateScope>(write ? [SCOPE_READ, SCOPE_WRITE] : [SCOPE_READ]);
  return {
    claims: { role: "authenticated", sub: userId, scope: [...scopes].join(" "), client_id: clientId },
    scopes,
    clientId,
  };
}
