import type { IncomingMessage } from "node:http";
import { JwtError, upstreamToken, type ApiKeys } from "../keys";
import type { JwtCache } from "./jwt-cache";
import { jwtError, RestError } from "./errors";

/**
 * Who a request runs as (PostgREST's `Auth.hs`): the bearer the gateway forwards, verified
 * with the project's secret; its `role` claim names the database role (anon without a token).
 */
export interface AuthResult {
  role: string;
  /** The JWT's claims with `role` set, as `request.jwt.claims` carries them. */
  claims: Record<string, unknown>;
}

/** The request roles this project grants to `authenticator`; any other is refused as PostgreSQL would. */
export const REQUEST_ROLES = new Set(["anon", "authenticated", "service_role", "device"]);

function describeJwtError(error: JwtError): RestError {
  if (error.problem === "malformed") return jwtError("PGRST301", error.message);
  if (error.problem === "expired") return jwtError("PGRST303", "JWT expired");
  const message = error.message;
  if (/"nbf" claim/.test(message)) return jwtError("PGRST303", "JWT not yet valid");
  if (/"iat" claim/.test(message)) return jwtError("PGRST303", "JWT issued at future");
  if (/"exp" claim/.test(message)) return jwtError("PGRST303", "The JWT 'exp' claim must be a number");
  if (message === "No suitable key or wrong key type") return jwtError("PGRST301", message);
  if (/alg/i.test(message)) return jwtError("PGRST301", "Wrong or unsupported encoding algorithm");
  if (/JSON|payload/i.test(message)) return jwtError("PGRST303", "Parsing claims failed");
  return jwtError("PGRST301", "JWT cryptographic operation failed");
}

export async function authenticate(
  keys: ApiKeys,
  jwtCache: JwtCache,
  req: IncomingMessage,
): Promise<AuthResult | RestError> {
  const upstream = upstreamToken(keys, req.headers);
  // An `sb_…` key that is not ours (in `apikey` or as the bearer) reaches PostgREST
  // untranslated, and fails as a JWT there.
  const token = upstream.invalidKey ?? upstream.token;
  if (!token) return { role: "anon", claims: { role: "anon" } };
  try {
    const payload = await jwtCache.verify(token);
    const rawRole = payload.role;
    const role = rawRole === undefined ? "anon" : typeof rawRole === "string" ? rawRole : JSON.stringify(rawRole);
    return { role, claims: { ...payload, role } };
  } catch (error) {
    if (error instanceof JwtError) return describeJwtError(error);
    throw error;
  }
}

/**
 * A role outside the allow-list is answered as PostgREST's `SET ROLE` failure would be:
 * 401 `role "x" does not exist` (22023), or 403 `permission denied to set role "x"` (42501)
 * for a role that exists but is not granted to `authenticator`.
 */
export function refuseRole(role: string, existingRoles: Set<string>): RestError | undefined {
  if (REQUEST_ROLES.has(role)) return undefined;
  if (!existingRoles.has(role))
    return new RestError(401, "22023", `role "${role}" does not exist`, null, null, { "WWW-Authenticate": "Bearer" });
  return new RestError(403, "42501", `permission denied to set role "${role}"`);
}
