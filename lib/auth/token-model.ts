/**
 * The Busymate access token: one JWT that REST (PostgREST), Realtime, `/mcp` and the ask API
 * all accept, whether an OAuth client or the dashboard (`POST /first-party-token`) obtained it.
 *
 *   header   {"alg":"ES256","kid":<kid>,"typ":"at+jwt"} signed with the signing key the project imported
 *            {"alg":"HS256","typ":"at+jwt"}           or, in legacy mode, the project's JWT secret
 *                                                     (which keys: token-keys.ts)
 *   iss      the app's origin                          (BUSYMATE_APP_URL, or http://HOST:PORT)
 *   sub      the person's auth.users id                (auth.uid() in SQL)
 *   role     "authenticated"                           (the database role PostgREST switches to)
 *   aud      ["authenticated", <origin>, <origin>/mcp] the database and every resource of this app
 *   client_id the OAuth client, or "busymate-dashboard"
 *   scope    "busymate:read" or "busymate:read busymate:write"
 *   iat, exp (exp - iat = 15 min), jti
 *
 * Device tokens share the keys and issuer but are a different audience and role:
 *   role "device", sub = device_uuid = the device's uuid, aud ["authenticated", <origin>/devices].
 *
 * Capabilities are never in the token: the database reads the person's role on every call.
 * The scope is: `busymate_private.token_may_write()` makes every `edit` capability false for a
 * token whose scope lacks `busymate:write`.
 */

export const SCOPE_READ = "busymate:read";
export const SCOPE_WRITE = "busymate:write";
export const BUSYMATE_SCOPES = [SCOPE_READ, SCOPE_WRITE] as const;

export const isBusymateScope = (scope: string): boolean => (BUSYMATE_SCOPES as readonly string[]).includes(scope);
export type BusymateScope = (typeof BUSYMATE_SCOPES)[number];

/** Short, so a revoked grant or a signed-out session stops working within minutes. */
export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const DEVICE_TOKEN_TTL_S = 15 * 60;

/** The `client_id` of tokens the dashboard mints for itself. */
export const DASHBOARD_CLIENT_ID = "busymate-dashboard";

/** The audience Supabase's own session tokens carry: the database API. */
export const DATABASE_AUDIENCE = "authenticated";

export const ACCESS_TOKEN_TYPE = "at+jwt";

/** Strips a trailing slash so `https://x` and `https://x/` name one origin. */
export function normaliseOrigin(origin: string): string {
  return origin.replace(/\/+$/, "");
}

/** The resource identifiers (RFC 8707) of this app: the app itself and its MCP endpoint. */
export function appResources(origin: string): { app: string; mcp: string } {
  const app = normaliseOrigin(origin);
  return { app, mcp: `${app}/mcp` };
}

export function accessTokenAudience(origin: string): string[] {
  const { app, mcp } = appResources(origin);
  return [DATABASE_AUDIENCE, app, mcp];
}

export function deviceTokenAudience(origin: string): string[] {
  return [DATABASE_AUDIENCE, `${normaliseOrigin(origin)}/devices`];
}

export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  role: "authenticated";
  client_id: string;
  scope: string;
  iat: number;
  exp: number;
  jti: string;
}

export interface DeviceTokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  role: "device";
  device_uuid: string;
  iat: number;
  exp: number;
  jti: string;
}

export type TokenClaims = AccessTokenClaims | DeviceTokenClaims;

/** Space-separated scope string → the Busymate scopes in it, read implied by write. */
export function busymateScopes(scope: string | undefined): Set<BusymateScope> {
  const granted = new Set((scope ?? "").split(" ").filter(Boolean));
  const out = new Set<BusymateScope>();
  if (granted.has(SCOPE_WRITE)) out.add(SCOPE_WRITE).add(SCOPE_READ);
  if (granted.has(SCOPE_READ)) out.add(SCOPE_READ);
  return out;
}

/** Whether a verified person's token may write (the same rule the database applies). */
export function mayWrite(claims: Pick<AccessTokenClaims, "scope">): boolean {
  return busymateScopes(claims.scope).has(SCOPE_WRITE);
}
