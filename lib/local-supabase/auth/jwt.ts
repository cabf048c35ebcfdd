import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { secretBytes, verificationKeys, type ApiKeys } from "../keys";
import { currentSigningKey } from "../signing-keys";
import { forbidden } from "./errors";
import type { UserRecord } from "./user-record";

/**
 * Access tokens exactly as GoTrue issues them (`internal/tokens/service.go
 * GenerateAccessToken`, `AccessTokenClaims`), the claims in GoTrue's order. With a legacy
 * secret the header is `{"alg":"HS256","typ":"JWT"}` (no `kid`); with signing keys it is the
 * current key's `{"alg":"ES256","kid":…,"typ":"JWT"}`. Verification accepts what the project
 * accepts and reports failures in GoTrue's words (golang-jwt's messages).
 */
export interface AccessTokenClaims extends JWTPayload {
  role?: string;
  email?: string;
  session_id?: string;
  is_anonymous?: boolean;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: number;
}

export async function issueAccessToken(
  keys: ApiKeys,
  issuer: string,
  expirySeconds: number,
  user: UserRecord,
  session: { id: string; createdAtEpoch: number },
): Promise<IssuedAccessToken> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + expirySeconds;
  const claims = {
    iss: issuer,
    sub: user.id,
    aud: user.aud ?? "",
    exp: expiresAt,
    iat: issuedAt,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
    role: user.role ?? "",
    aal: "aal1",
    // Password is the only way in here, so the session's method is always "password" at its start.
    amr: [{ method: "password", timestamp: session.createdAtEpoch }],
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  };
  const { signing } = keys;
  const token = signing
    ? await new SignJWT(claims)
        .setProtectedHeader({ alg: signing.current.alg ?? "ES256", kid: signing.current.kid, typ: "JWT" })
        .sign(await currentSigningKey(signing))
    : await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(secretBytes(keys.jwtSecret));
  return { token, expiresAt };
}

/** GoTrue's `parseJWTClaims`: any failure is a 403 `bad_jwt` saying why. */
export async function verifyAccessToken(keys: ApiKeys, token: string): Promise<AccessTokenClaims> {
  const reject = (why: string) => forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${why}`);
  const segments = token.split(".").length;
  if (segments !== 3) throw reject("token is malformed: token contains an invalid number of segments");
  try {
    const { algorithms, key } = verificationKeys(keys);
    const { payload } = await jwtVerify<AccessTokenClaims>(token, key, { algorithms });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw reject("token has invalid claims: token is expired");
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "nbf")
      throw reject("token has invalid claims: token is not valid yet");
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      throw reject("token signature is invalid: signature is invalid");
    if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JWKSNoMatchingKey)
      throw reject(
        `token is unverifiable: error while executing keyfunc: unrecognized JWT kid ${kidOf(token)} for algorithm ${algorithmOf(token)}`,
      );
    throw reject(`token is malformed: ${(error as Error).message}`);
  }
}

function headerMember(token: string, name: "alg" | "kid"): string {
  try {
    const value = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString("utf8"))[name];
    return value === undefined ? "<nil>" : String(value);
  } catch {
    return "<nil>";
  }
}

const algorithmOf = (token: string) => headerMember(token, "alg");
const kidOf = (token: string) => headerMember(token, "kid");
