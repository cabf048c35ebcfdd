import type { Queryable } from "./db";
import { AuthError } from "./errors";
import type { RateLimit } from "./options";

/**
 * Rate limits as token buckets kept in Postgres (`auth.stand_in_take_rate_limit`, migration
 * 0006), so they hold across processes and restarts. A bucket holds up to `limit` requests
 * and refills evenly over `windowSeconds` (the shape of GoTrue's tollbooth limiter). A refusal
 * is GoTrue's 429 `over_request_rate_limit`, plus a Retry-After GoTrue does not send.
 */
export interface RateLimiter {
  /** Takes one request from `bucket`, or throws the 429. */
  take(bucket: string, limit: RateLimit): Promise<void>;
}

/** Idle buckets are full again, the same as no row; every so often they are swept away. */
const SWEEP_EVERY = 500;

/** `idleSeconds`: the longest window in use; a bucket idle that long is full. */
export function createRateLimiter(db: Queryable, idleSeconds: number): RateLimiter {
  let calls = 0;
  return {
    async take(bucket, { limit, windowSeconds }) {
      const { rows } = await db.query<{ allowed: boolean; retry_after_seconds: number }>(
        "SELECT allowed, retry_after_seconds FROM auth.stand_in_take_rate_limit($1, $2, $3)",
        [bucket, limit, windowSeconds],
      );
      calls += 1;
      if (calls % SWEEP_EVERY === 0) {
        await db.query("DELETE FROM auth.stand_in_rate_limits WHERE refilled_at < now() - make_interval(secs => $1)", [
          idleSeconds,
        ]);
      }
      if (!rows[0].allowed) {
        const retryAfter = Math.max(1, Math.ceil(rows[0].retry_after_seconds));
        throw new AuthError(429, "over_request_rate_limit", "Request rate limit reached", {
          "Retry-After": String(retryAfter),
        });
      }
    },
  };
}
