/**
 * Busymate's token verification, for every app surface (/mcp, the ask API, /api/*).
 * The token model itself is documented in ./token-model.ts.
 *
 *   verifyAccessToken(token, options?) → VerifiedAccessToken
 *     {sub, role:"authenticated", scope, scopes:Set, client_id, aud[], iss, exp, iat, jti}
 *     Checks one algorithm only (alg "none" and every other refused): ES256 by `kid` against this
 *     app's keys (BUSYMATE_JWT_SIGNING_KEY, BUSYMATE_JWT_TRUSTED_KEYS), or in legacy mode HS256
 *     with the project's JWT secret (token-keys.ts); then typ at+jwt, iss = this app's origin, aud ∋ options.audience (default
 *     the origin; pass `${origin}/mcp` to insist on the MCP resource — every token names both),
 *     exp (5 s leeway), lifetime ≤ 1 h. Throws AccessTokenError {problem, message}. ~µs per call.
 *
 *   authenticate(request, {resourcePath?, requireWrite?}) → VerifiedAccessToken
 *     The same from `Authorization: Bearer …`; throws an AppError that `withErrors` turns into
 *     401 + `WWW-Authenticate: Bearer …, resource_metadata="<origin>/.well-known/oauth-protected-resource<resourcePath>"`
 *     (or 403 insufficient_scope when `requireWrite` and the token is read-only).
 *
 *   unauthorizedResponse(error?, {resourcePath?, scope?}) / insufficientScopeResponse(scope, …)
 *     Ready Responses for handlers that do not use `withErrors` (e.g. /mcp: resourcePath "/mcp").
 *
 *   mayWrite(claims): whether the token carries busymate:write. The database enforces the same
 *   rule itself (has_capability's `edit` is false for read-only tokens), so this is for
 *   answering early and for filtering tools, never the only check.
 *
 *   Database work for a verified person: `withClaims(pool, claims, …)` with the claims as-is,
 *   so RLS, capabilities and the scope rule apply exactly as on REST.
 */
export {
  authenticate,
  bearerChallenge,
  bearerToken,
  insufficientScopeError,
  insufficientScopeResponse,
  protectedResourceMetadataUrl,
  unauthorizedError,
  unauthorizedResponse,
  type ChallengeOptions,
} from "./challenge";
export {
  AccessTokenError,
  verifyAccessToken,
  verifyDeviceToken,
  type TokenProblem,
  type VerifiedAccessToken,
  type VerifiedDeviceToken,
  type VerifyOptions,
} from "./verify";
export {
  BUSYMATE_SCOPES,
  DASHBOARD_CLIENT_ID,
  SCOPE_READ,
  SCOPE_WRITE,
  appResources,
  mayWrite,
  type AccessTokenClaims,
  type BusymateScope,
} from "./token-model";
