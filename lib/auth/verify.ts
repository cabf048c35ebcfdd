import "server-only";
import { errors as joseErrors, jwtVerify } from "jose";
import { serverConfig } from "@/lib/config";
import { asTokenKeys, verificationMaterial } from "./key-material";
import type { TokenKeys } from "./token-keys";
import {
  ACCESS_TOKEN_TYPE,
  appResources,
  busymateScopes,
  deviceTokenAudience,
  normaliseOrigin,
  type AccessTokenClaims,
  type BusymateScope,
  type DeviceTokenClaims,
} from "./token-model";

export type TokenProblem =
  | "missing"
  | "malformed"
  | "bad_algorithm"
  | "bad_signature"
  | "unknown_key"
  | "expired"
  | "wrong_issuer"
  | "wrong_audience"
  | "wrong_role"
  | "invalid";

/** Why a token was refused; `message` is safe to show the caller. */
export class AccessTokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = "AccessTokenError";
  }
}

export interface VerifyOptions {
  /** Expected `iss`; default: this app's origin. */
  issuer?: string;
  /** An audience the token must name; default: this app's origin (every Busymate token names it). */
  audience?: string;
  /** The keys to verify with; default: the configured ones (lib/config `tokenKeys`). */
  keys?: TokenKeys;
  /** The legacy secret (shorthand for `keys: {mode: "legacy", secret}`). */
  secret?: string;
  /** Seconds of clock skew forgiven on `exp`/`iat`; default 5. */
  clockToleranceS?: number;
  /** For tests: the current time in epoch seconds. */
  now?: number;
}

/** What verifyAccessToken returns: the token's claims plus its Busymate scopes, parsed. */
export type VerifiedAccessToken = AccessTokenClaims & { scopes: ReadonlySet<BusymateScope> };
export type VerifiedDeviceToken = DeviceTokenClaims;

/** The longest lifetime any Busymate token may claim; a longer one is refused outright. */
const MAX_LIFETIME_S = 60 * 60;

interface Checked {
  issuer: string;
  payload: Record<string, unknown>;
}

function keysOf(options: VerifyOptions): TokenKeys | undefined {
  if (options.keys) return options.keys;
  if (options.secret) return asTokenKeys(options.secret);
  return undefined;
}

async function checkJwt(token: string, audience: (issuer: string) => string, options: VerifyOptions): Promise<Checked> {
  if (!token) throw new AccessTokenError("missing", "No access token was sent.");
  if (token.split(".").length !== 3) throw new AccessTokenError("malformed", "The access token is not a signed JWT.");
  const given = keysOf(options);
  const config = options.issuer && given ? undefined : serverConfig();
  const issuer = normaliseOrigin(options.issuer ?? config!.appUrl);
  const keys = given ?? config!.tokenKeys;
  try {
    const { algorithms, key } = await verificationMaterial(keys);
    const { payload } = await jwtVerify(token, key, {
      algorithms,
      typ: ACCESS_TOKEN_TYPE,
      issuer,
      audience: options.audience ?? audience(issuer),
      requiredClaims: ["sub", "exp", "iat"],
      clockTolerance: options.clockToleranceS ?? 5,
      currentDate: options.now === undefined ? undefined : new Date(options.now * 1000),
    });
    if (
      typeof payload.exp === "number" &&
      typeof payload.iat === "number" &&
      payload.exp - payload.iat > MAX_LIFETIME_S
    ) {
      throw new AccessTokenError("invalid", "The access token claims a lifetime longer than one hour.");
    }
    return { issuer, payload: payload as Record<string, unknown> };
  } catch (error) {
    throw asTokenError(error, keys);
  }
}

function asTokenError(error: unknown, keys: TokenKeys): AccessTokenError {
  if (error instanceof AccessTokenError) return error;
  if (error instanceof joseErrors.JWTExpired) return new AccessTokenError("expired", "The access token has expired.");
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return new AccessTokenError(
      "bad_algorithm",
      keys.mode === "legacy"
        ? "The access token must be signed with HS256."
        : "The access token must be signed with ES256 by one of this app's keys (see its JWKS).",
    );
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys)
    return new AccessTokenError(
      "unknown_key",
      "The access token names no signing key (kid) this app publishes in its JWKS.",
    );
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return new AccessTokenError("bad_signature", "The access token's signature is not valid.");
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "iss")
      return new AccessTokenError("wrong_issuer", "The access token was issued by someone else.");
    if (error.claim === "aud")
      return new AccessTokenError("wrong_audience", "The access token was issued for another audience.");
    if (error.claim === "typ") return new AccessTokenError("invalid", "The token is not an access token (typ at+jwt).");
    return new AccessTokenError("invalid", `The access token's "${error.claim}" claim is not valid.`);
  }
  if (error instanceof joseErrors.JOSEError)
    return new AccessTokenError("malformed", "The access token could not be read.");
  throw error;
}

const isString = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/**
 * Verifies a person's Busymate access token: one algorithm only (never `none`): ES256 by `kid`
 * against this app's keys, or in legacy mode HS256 with the project's JWT secret; `typ` at+jwt,
 * `iss` = this app, `aud` naming this app, `exp`, and role `authenticated`. Throws AccessTokenError with the reason otherwise.
 */
export async function verifyAccessToken(token: string, options: VerifyOptions = {}): Promise<VerifiedAccessToken> {
  const { payload } = await checkJwt(token, (issuer) => appResources(issuer).app, options);
  if (payload.role !== "authenticated")
    throw new AccessTokenError("wrong_role", "This endpoint takes a person's access token.");
  if (!isString(payload.sub) || !isString(payload.client_id))
    throw new AccessTokenError("invalid", "The access token lacks sub or client_id.");
  const scope = typeof payload.scope === "string" ? payload.scope : "";
  const aud = Array.isArray(payload.aud) ? (payload.aud as string[]) : [payload.aud as string];
  return { ...(payload as unknown as AccessTokenClaims), aud, scope, scopes: busymateScopes(scope) };
}

/** Verifies a device token (role `device`, the devices audience, `device_uuid` = `sub`). */
export async function verifyDeviceToken(token: string, options: VerifyOptions = {}): Promise<VerifiedDeviceToken> {
  const { payload } = await checkJwt(token, (issuer) => deviceTokenAudience(issuer)[1], options);
  if (payload.role !== "device") throw new AccessTokenError("wrong_role", "This endpoint takes a device token.");
  if (!isString(payload.device_uuid) || payload.device_uuid !== payload.sub)
    throw new AccessTokenError("invalid", "The device token's device_uuid does not match sub.");
  return payload as unknown as DeviceTokenClaims;
}
