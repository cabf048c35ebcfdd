import { verifyJwt, type ApiKeys } from "../keys";

type Claims = Awaited<ReturnType<typeof verifyJwt>>;

const MAX_ENTRIES = 1000;

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
    const claims = await verifyJwt(this.keys, token);
    // Tokens without `exp` are cached for a minute at most.
    const expiresAt = typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 60_000;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { claims, expiresAt: Math.min(expiresAt, Date.now() + 60 * 60_000) });
    return claims;
  }
}
