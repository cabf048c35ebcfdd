import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { secretBytes } from "../keys";
import { forbidden } from "./errors";
import type { UserRecord } from "./user-record";

/**
 * Access tokens exactly as GoTrue issues them with an HS256 secret
 * (`internal/tokens/service.go GenerateAccessToken`, `AccessTokenClaims`): header
 * `{"alg":"HS256","typ":"JWT"}` (no `kid` for a plain secret) and the claims in GoTrue's
 * order. Verification reports failures in GoTrue's words (golang-jwt's messages).
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
  jwtSecret: string,
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
  const token = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(secretBytes(jwtSecret));
  return { token, expiresAt };
}

/** GoTrue's `parseJWTClaims`: any failure is a 403 `bad_jwt` saying why. */
export async function verifyAccessToken(jwtSecret: string, token: string): Promise<AccessTokenClaims> {
  const reject = (why: string) => forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${why}`);
  const segments = token.split(".").length;
  if (segments !== 3) throw reject("token is malformed: token contains an invalid number of segments");
  try {
    const { payload } = await jwtVerify<AccessTokenClaims>(token, secretBytes(jwtSecret), { algorithms: ["HS256"] });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw reject("token has invalid claims: token is expired");
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "nbf")
      throw reject("token has invalid claims: token is not valid yet");
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      throw reject("token signature is invalid: signature is invalid");
    if (error instanceof joseErrors.JOSEAlgNotAllowed)
      throw reject(
        `token is unverifiable: error while executing keyfunc: unrecognized JWT kid <nil> for algorithm ${algorithmOf(token)}`,
      );
    throw reject(`token is malformed: ${(error as Error).message}`);
  }
}

function algorithmOf(token: string): string {
  try {
    return String(JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString("utf8")).alg);
  } catch {
    return "<nil>";
  }
}
