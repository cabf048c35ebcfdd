import { AuthError, badRequest } from "./errors";

/**
 * GoTrue's checks on what people type, with its messages: email format
 * (`internal/api/mail.go validateEmail`, badoux/checkmail's pattern), password strength
 * (`internal/api/password.go`) and PKCE parameters (`internal/api/pkce.go`).
 */

/** bcrypt reads at most 72 bytes; GoTrue refuses longer passwords rather than truncate them. */
const MAX_PASSWORD_BYTES = 72;

const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Returns the address lower-cased, as GoTrue stores it. */
export function validateEmail(email: string): string {
  if (email === "") throw badRequest("validation_failed", "An email address is required");
  if (email.length > 255) throw badRequest("validation_failed", "An email address is too long");
  if (!EMAIL_PATTERN.test(email))
    throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  return email.toLowerCase();
}

export function checkPasswordStrength(password: string, minLength: number): void {
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    throw badRequest("validation_failed", `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  // Go's len() counts bytes; so do we.
  if (Buffer.byteLength(password, "utf8") < minLength) {
    throw new AuthError(422, "weak_password", `Password should be at least ${minLength} characters.`, {}, ["length"]);
  }
}

export function validatePkce(challenge: string, method: string): void {
  if ((challenge === "") !== (method === "")) {
    throw badRequest("validation_failed", "PKCE flow requires code_challenge_method and code_challenge");
  }
  if (challenge === "") return;
  if (challenge.length < 43 || challenge.length > 128) {
    throw badRequest("validation_failed", "code challenge has to be between 43 and 128 characters");
  }
  if (!/^[a-zA-Z0-9\-._~]+$/.test(challenge)) {
    throw badRequest(
      "validation_failed",
      "code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes",
    );
  }
  if (!["s256", "plain"].includes(method.toLowerCase())) {
    throw badRequest("validation_failed", `code challenge method not supported: ${method}`);
  }
}

/**
 * Go's `time.ParseDuration` for `ban_duration` ("24h", "1h30m", "90s", "none" handled by
 * the caller): a sequence of decimal numbers, each with a unit.
 */
export function parseGoDuration(text: string): number {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (!match)
    throw badRequest("validation_failed", `invalid format for ban duration: time: invalid duration "${text}"`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g))
    total += Number(amount) * units[unit];
  return match[1] === "-" ? -total : total;
}
