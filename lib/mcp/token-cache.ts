import type { VerifiedAccessToken } from "@/lib/auth";

/**
 * Remembers tokens already verified, until they expire: an agent sends the same token with
 * every call, and HMAC verification through WebCrypto is a thread-pool round trip each time.
 * Busymate access tokens are stateless JWTs (nothing is looked up to verify them), so a cached
 * verdict is exactly the verdict verifying again would give while `exp` has not passed.
 * Failures are never cached.
 */
export function cachingVerifier(verify: (token: string) => Promise<VerifiedAccessToken>, maxEntries = 2_000) {
  const verified = new Map<string, VerifiedAccessToken>();
  return async (token: string): Promise<VerifiedAccessToken> => {
    const hit = verified.get(token);
    if (hit && hit.exp * 1000 > Date.now()) return hit;
    if (hit) verified.delete(token);
    const claims = await verify(token);
    if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
    return claims;
  };
}
