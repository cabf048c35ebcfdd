import { JwtError, verifyJwt, type ApiKeys } from "../keys";

type Claims = Awaited<ReturnType<typeof verifyJwt>>;

const MAX_ENTRIES = 1000;

/**
 * PostgREST's `allowedSkewSeconds`: `exp`, `nbf` and `iat` are checked with 30 s of leeway, for
 * a minter (Auth, the app) whose clock is a little off this server's. Realtime has none.
 */
export const REST_CLOCK_SKEW_S = 30;

/**
 * PostgREST's JWT cache (`jwt-cache-max-entries`, on by default in v14): a token verified once
 * is not verified again until it expires. Clients send the same token on every request, and
 * an HMAC check with key import costs more than the rest of a simple read's planning.
 * Only successful verifications are cached; an entry is dropped once `exp` has passed, so an
 * expired token is verified again (and refused) exactly as without the cache.
 */
export class JwtCache {
  private readonly entries = new Map<string, { claims: Claims; expiresAt: number }>();

  constructor(private readonly keys: ApiKeys) {}

  async verify(token: string): Promise<Claims> {
    const cached = this.entries.get(token);
    if (cached && Date.now() < cached.expiresAt) return cached.claims;
    this.entries.delete(token);
    const claims = await verifyJwt(this.keys, token, { clockToleranceS: REST_CLOCK_SKEW_S });
    // jose checks `iat` only against a maximum age; PostgREST refuses one in the future.
    if (typeof claims.iat === "number" && claims.iat > Date.now() / 1000 + REST_CLOCK_SKEW_S)
      throw new JwtError("invalid", '"iat" claim timestamp check failed (it is in the future)');
    // Tokens without `exp` are cached for a minute at most.
    const expiresAt = typeof claims.exp === "number" ? (claims.exp + REST_CLOCK_SKEW_S) * 1000 : Date.now() + 60_000;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { claims, expiresAt: Math.min(expiresAt, Date.now() + 60 * 60_000) });
    return claims;
  }
}
