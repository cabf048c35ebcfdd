import type { RateLimitPolicy } from "./limiter";

/**
 * The limits on Busymate's sensitive endpoints. Generous enough that a person (or a test
 * suite) using the product never meets them; tight enough that guessing passwords, pairing
 * codes or client registrations from one address is hopeless.
 */
export const RATE_LIMITS = {
  /** Dashboard sign-in attempts per client IP. */
  signInIp: { name: "sign_in_ip", limit: 120, periodSeconds: 60 },
  /** Failed sign-ins per email address (password guessing); successful ones are not counted. */
  signInFailures: { name: "sign_in_failures", limit: 10, periodSeconds: 600 },
  /** POST /first-party-token, per person (a tab asks about every 14 minutes). */
  firstPartyToken: { name: "first_party_token", limit: 120, periodSeconds: 60 },
  /** POST /first-party-token answered 401 (no or forged session), per client IP; once over, refused before any session work. */
  firstPartyTokenRefused: { name: "first_party_token_refused", limit: 60, periodSeconds: 60 },
  /** Dynamic Client Registration, per client IP. */
  oauthRegister: { name: "oauth_register", limit: 20, periodSeconds: 3600 },
  /** The token endpoint (code exchange, refresh), per client IP. */
  oauthToken: { name: "oauth_token", limit: 120, periodSeconds: 60 },
  /** Pairing-code redemption, per client IP: codes are 50 bits and live 10 minutes. */
  devicesPair: { name: "devices_pair", limit: 10, periodSeconds: 600 },
  /** Device token requests, per client IP. */
  devicesToken: { name: "devices_token", limit: 120, periodSeconds: 60 },
  /** Questions to BusyBro (POST /functions/v1/ask), per person: each one costs model calls. */
  busybroAsk: { name: "busybro_ask", limit: 30, periodSeconds: 60 },
} satisfies Record<string, RateLimitPolicy>;
