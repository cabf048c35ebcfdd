/**
 * The Auth service's settings, with the defaults of the Supabase CLI's local stack
 * (`supabase/config.toml`: `jwt_expiry = 3600`, `refresh_token_reuse_interval = 10`,
 * `minimum_password_length = 6`, `[auth.rate_limit] sign_in_sign_ups = 30`,
 * `token_refresh = 150`, both per 5 minutes per IP). The per-email sign-in limit is our
 * own addition: GoTrue has none, and without it one address can be guessed at from many IPs.
 */
export interface RateLimit {
  /** Requests allowed in one window (also the burst size). */
  limit: number;
  windowSeconds: number;
}

export interface AuthServiceOptions {
  jwtExpirySeconds: number;
  /** A revoked refresh token may still be exchanged this long after it was rotated. */
  refreshTokenReuseIntervalSeconds: number;
  minPasswordLength: number;
  rateLimits: {
    /** Password sign-ins and sign-ups together, per client IP. */
    signInPerIp: RateLimit;
    /** Password sign-ins per email address, whatever the IP. */
    signInPerEmail: RateLimit;
    /** Refresh-token grants per client IP. */
    tokenRefreshPerIp: RateLimit;
  };
  /** Bodies above this many bytes are refused with 413 (GoTrue: 1 MiB). */
  maxBodyBytes: number;
}

export type AuthServiceOverrides = Partial<Omit<AuthServiceOptions, "rateLimits">> & {
  rateLimits?: Partial<AuthServiceOptions["rateLimits"]>;
};

export const DEFAULT_AUTH_OPTIONS: AuthServiceOptions = {
  jwtExpirySeconds: 3600,
  refreshTokenReuseIntervalSeconds: 10,
  minPasswordLength: 6,
  rateLimits: {
    signInPerIp: { limit: 30, windowSeconds: 300 },
    signInPerEmail: { limit: 10, windowSeconds: 300 },
    tokenRefreshPerIp: { limit: 150, windowSeconds: 300 },
  },
  maxBodyBytes: 1 << 20,
};

export function resolveAuthOptions(overrides: AuthServiceOverrides = {}): AuthServiceOptions {
  return {
    ...DEFAULT_AUTH_OPTIONS,
    ...overrides,
    rateLimits: { ...DEFAULT_AUTH_OPTIONS.rateLimits, ...overrides.rateLimits },
  };
}
