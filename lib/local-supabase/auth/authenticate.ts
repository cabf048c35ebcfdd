import type { IncomingMessage } from "node:http";
import { upstreamToken, type ApiKeys } from "../keys";
import type { Queryable } from "./db";
import { AuthError, badRequest, forbidden } from "./errors";
import { verifyAccessToken, type AccessTokenClaims } from "./jwt";
import { findUserById } from "./users";
import type { UserRecord } from "./user-record";

/**
 * Who is calling, as GoTrue's middleware decides (`internal/api/auth.go`,
 * `middleware.go requireAdminCredentials`). The bearer is what the CLI's gateway forwards:
 * the caller's `Authorization`, or the `apikey` translated (`upstreamToken`).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";
/** GoTrue's default `GOTRUE_JWT_ADMIN_ROLES`. */
const ADMIN_ROLES = ["service_role", "supabase_admin"];

export interface Caller {
  claims: AccessTokenClaims;
  user?: UserRecord;
  /** The session named by the token's `session_id`, when there is one. */
  sessionId?: string;
}

function bearer(keys: ApiKeys, req: IncomingMessage): string {
  const { token } = upstreamToken(keys, req.headers);
  if (!token) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  return token;
}

/** GoTrue's `maybeLoadUserOrSession`: the user of `sub` and the session of `session_id` must exist. */
async function loadUserAndSession(db: Queryable, claims: AccessTokenClaims): Promise<Caller> {
  if (!claims.sub) throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!UUID.test(claims.sub)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(db, claims.sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  const sessionId = claims.session_id && claims.session_id !== NIL_UUID ? claims.session_id : undefined;
  if (sessionId) {
    if (!UUID.test(sessionId)) throw forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID");
    const { rowCount } = await db.query("SELECT 1 FROM auth.sessions WHERE id = $1", [sessionId]);
    if (!rowCount) throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
  }
  return { claims, user, sessionId };
}

/** `requireAuthentication`: a valid user token whose user and session still exist. */
export async function authenticateUser(
  db: Queryable,
  keys: ApiKeys,
  req: IncomingMessage,
): Promise<Caller & { user: UserRecord }> {
  const claims = await verifyAccessToken(keys, bearer(keys, req));
  const caller = await loadUserAndSession(db, claims);
  if (caller.user?.banned) throw forbidden("user_banned", "User is banned");
  return caller as Caller & { user: UserRecord };
}

/** `requireAdminCredentials`: a token whose role is an admin role (the service-role key). */
export async function authenticateAdmin(db: Queryable, keys: ApiKeys, req: IncomingMessage): Promise<Caller> {
  const claims = await verifyAccessToken(keys, bearer(keys, req));
  // A user token that names a session must still be live, even when its role would do.
  if (claims.session_id && claims.session_id !== NIL_UUID) await loadUserAndSession(db, claims);
  if (!claims.role || !ADMIN_ROLES.includes(claims.role)) throw forbidden("not_admin", "User not allowed");
  return { claims };
}
