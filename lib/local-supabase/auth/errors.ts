import type { IncomingMessage, ServerResponse } from "node:http";
import { header, sendJson } from "../http";

/**
 * GoTrue's errors (supabase/auth `internal/api/errors.go`, `apierrors/`). The body depends
 * on the `X-Supabase-Api-Version` request header, which auth-js always sends:
 *  - 2024-01-01 or later: `{"code":"<error_code>","message":"…"}`, and the response echoes
 *    the header (auth-js trusts `code` only when it sees the echo);
 *  - absent (the initial API): `{"code":<status>,"error_code":"…","msg":"…"}`.
 * Either way the `x-sb-error-code` header carries the code.
 */
export const API_VERSION_HEADER = "X-Supabase-Api-Version";
const API_VERSION_2024_01_01 = "2024-01-01";

/** GoTrue's codes that the stand-in answers with; `not_found` and `method_not_allowed` are ours (chi answers plain text). */
export type AuthErrorCode =
  | "anonymous_provider_disabled"
  | "bad_json"
  | "bad_jwt"
  | "conflict"
  | "email_exists"
  | "email_not_confirmed"
  | "invalid_credentials"
  | "method_not_allowed"
  | "no_authorization"
  | "not_admin"
  | "not_found"
  | "over_request_rate_limit"
  | "phone_provider_disabled"
  | "refresh_token_already_used"
  | "refresh_token_not_found"
  | "request_entity_too_large"
  | "same_password"
  | "session_expired"
  | "session_not_found"
  | "unexpected_failure"
  | "user_already_exists"
  | "user_banned"
  | "user_not_found"
  | "validation_failed"
  | "weak_password";

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: AuthErrorCode,
    message: string,
    /** Extra response headers (Retry-After on 429). */
    readonly headers: Record<string, string> = {},
    /** `weak_password.reasons`, sent beside the message as GoTrue does. */
    readonly weakPasswordReasons?: string[],
  ) {
    super(message);
    this.name = "AuthError";
  }
}

export const badRequest = (code: AuthErrorCode, message: string) => new AuthError(400, code, message);
export const forbidden = (code: AuthErrorCode, message: string) => new AuthError(403, code, message);
export const unprocessable = (code: AuthErrorCode, message: string) => new AuthError(422, code, message);

/** The API version the request asked for: GoTrue maps any date ≥ 2024-01-01 to 2024-01-01. */
function requestedApiVersion(req: IncomingMessage): string | undefined {
  const value = header(req, API_VERSION_HEADER);
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) return undefined;
  return value >= API_VERSION_2024_01_01 ? API_VERSION_2024_01_01 : undefined;
}

export function sendAuthError(req: IncomingMessage, res: ServerResponse, error: AuthError): void {
  const version = requestedApiVersion(req);
  const headers: Record<string, string> = { "x-sb-error-code": error.code, ...error.headers };
  const weakPassword = error.weakPasswordReasons ? { weak_password: { reasons: error.weakPasswordReasons } } : {};
  if (version) {
    headers[API_VERSION_HEADER] = version;
    sendJson(res, error.status, { code: error.code, message: error.message, ...weakPassword }, headers);
  } else {
    sendJson(
      res,
      error.status,
      { code: error.status, error_code: error.code, msg: error.message, ...weakPassword },
      headers,
    );
  }
}

/** What a failure we did not foresee looks like to the client: GoTrue's 500, nothing leaked. */
export const unexpectedFailure = () =>
  new AuthError(500, "unexpected_failure", "Unexpected failure, please check server logs for more information");
