import { serverConfig } from "@/lib/config";
import { AppError, toErrorResponse } from "@/lib/errors/http";
import { normaliseOrigin, SCOPE_READ, SCOPE_WRITE } from "./token-model";
import { AccessTokenError, verifyAccessToken, type VerifiedAccessToken, type VerifyOptions } from "./verify";

/**
 * RFC 6750 / RFC 9728 challenges: how a protected app surface tells a client where to get a
 * token. Every 401 names the protected-resource metadata, so an MCP client can discover the
 * authorization server from it.
 */

export interface ChallengeOptions {
  /** The app's origin; default from configuration. */
  origin?: string;
  /** The protected resource's path, e.g. "/mcp": the metadata URL gets it path-inserted. */
  resourcePath?: string;
  /** Scopes the operation needs, sent as `scope=` (default: read and write). */
  scope?: string;
}

/** `<origin>/.well-known/oauth-protected-resource[<resourcePath>]` (RFC 9728 §3.1). */
export function protectedResourceMetadataUrl(origin: string, resourcePath = ""): string {
  const path = resourcePath && resourcePath !== "/" ? `/${resourcePath.replace(/^\/+/, "")}` : "";
  return `${normaliseOrigin(origin)}/.well-known/oauth-protected-resource${path}`;
}

const quoted = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;

export function bearerChallenge(
  options: ChallengeOptions & { error?: "invalid_token" | "insufficient_scope"; description?: string } = {},
): string {
  const origin = options.origin ?? serverConfig().appUrl;
  const parts = [];
  if (options.error) parts.push(`error=${quoted(options.error)}`);
  if (options.description) parts.push(`error_description=${quoted(options.description)}`);
  parts.push(`scope=${quoted(options.scope ?? `${SCOPE_READ} ${SCOPE_WRITE}`)}`);
  parts.push(`resource_metadata=${quoted(protectedResourceMetadataUrl(origin, options.resourcePath))}`);
  return `Bearer ${parts.join(", ")}`;
}

const TOKEN_REMEDIATION =
  "Send `Authorization: Bearer <token>`: an OAuth access token, or the dashboard's from POST /first-party-token.";

/**
 * The 401 for a missing or refused token, as an AppError (for `withErrors` routes). Without
 * a token the challenge carries no error code (RFC 6750 §3.1); with a bad one, `invalid_token`.
 */
export function unauthorizedError(error?: AccessTokenError, options: ChallengeOptions = {}): AppError {
  const presented = error && error.problem !== "missing";
  const header = bearerChallenge({
    ...options,
    ...(presented ? { error: "invalid_token", description: error.message } : {}),
  });
  const message = presented ? error.message : "This endpoint needs a Busymate access token.";
  return new AppError("UNAUTHORIZED", message, TOKEN_REMEDIATION, { headers: { "WWW-Authenticate": header } });
}

/** The same 401 as a Response, in the app's error shape. */
export function unauthorizedResponse(error?: AccessTokenError, options: ChallengeOptions = {}): Response {
  return toErrorResponse(unauthorizedError(error, options));
}

/** The 403 for a valid token lacking a scope (e.g. a read-only token asked to write), as an AppError. */
export function insufficientScopeError(scope: string, options: ChallengeOptions = {}): AppError {
  return new AppError(
    "FORBIDDEN",
    `This needs the ${scope} scope, which the token was not granted.`,
    "Authorize again and grant read-write access on the consent page.",
    { headers: { "WWW-Authenticate": bearerChallenge({ ...options, error: "insufficient_scope", scope }) } },
  );
}

export function insufficientScopeResponse(scope: string, options: ChallengeOptions = {}): Response {
  return toErrorResponse(insufficientScopeError(scope, options));
}

/** The bearer token of a request's Authorization header, or "" (never from the query string). */
export function bearerToken(headers: Headers): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? "";
}

/**
 * For route handlers wrapped in `withErrors`: the verified token of the request, or an
 * AppError that becomes the 401 above (with its WWW-Authenticate header).
 */
export async function authenticate(
  request: Request,
  options: ChallengeOptions & VerifyOptions & { requireWrite?: boolean } = {},
): Promise<VerifiedAccessToken> {
  let claims: VerifiedAccessToken;
  try {
    claims = await verifyAccessToken(bearerToken(request.headers), options);
  } catch (error) {
    if (error instanceof AccessTokenError) throw unauthorizedError(error, options);
    throw error;
  }
  if (options.requireWrite && !claims.scopes.has(SCOPE_WRITE)) throw insufficientScopeError(SCOPE_WRITE, options);
  return claims;
}
