import "server-only";
import type pg from "pg";
import { AppError } from "@/lib/errors/http";

/**
 * Rate limits whose state lives in PostgreSQL (`busymate_identity.rate_limit_hit`, GCRA), so
 * they hold across processes and restarts. A policy allows `limit` requests per `periodSeconds`
 * for one subject (an IP, a person, an email), bursts included, refilling evenly.
 */
export interface RateLimitPolicy {
  /** Part of the key, so policies never share counters. */
  name: string;
  limit: number;
  periodSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Whole seconds until a request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/** Expired rows are swept now and then, by whichever request draws the short straw. */
const SWEEP_PROBABILITY = 1 / 500;

export async function hitRateLimit(pool: pg.Pool, policy: RateLimitPolicy, subject: string): Promise<RateLimitResult> {
  const key = `${policy.name}:${subject}`;
  const { rows } = await pool.query<{ allowed: boolean; retry_after_s: number }>(
    "SELECT allowed, retry_after_s FROM busymate_identity.rate_limit_hit($1, $2, $3)",
    [key, policy.limit, policy.periodSeconds],
  );
  if (Math.random() < SWEEP_PROBABILITY) {
    void pool
      .query("DELETE FROM busymate_identity.rate_limits WHERE tat < now() - interval '1 minute'")
      .catch(() => undefined);
  }
  const { allowed, retry_after_s } = rows[0];
  return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(retry_after_s)) };
}

/**
 * Whether a request would be allowed now, without counting one: for limits that count only
 * failures (a sign-in is checked first, and counted only when the password was wrong).
 */
export async function peekRateLimit(pool: pg.Pool, policy: RateLimitPolicy, subject: string): Promise<RateLimitResult> {
  const { rows } = await pool.query<{ wait_s: number | null }>(
    `SELECT extract(epoch FROM greatest(tat, clock_timestamp()) + make_interval(secs => $2::float8 / $3::int) - make_interval(secs => $2::float8) - clock_timestamp()) AS wait_s
     FROM busymate_identity.rate_limits WHERE key = $1`,
    [`${policy.name}:${subject}`, policy.periodSeconds, policy.limit],
  );
  const wait = rows[0]?.wait_s ?? 0;
  return wait > 0
    ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) }
    : { allowed: true, retryAfterSeconds: 0 };
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      "RATE_LIMITED",
      `Too many requests; try again in ${retryAfterSeconds} s.`,
      "Wait for the time in the Retry-After header before retrying.",
      { headers: { "Retry-After": String(retryAfterSeconds) } },
    );
  }
}

/** Counts one request; throws RateLimitedError (429 + Retry-After through `withErrors`) when over. */
export async function enforceRateLimit(pool: pg.Pool, policy: RateLimitPolicy, subject: string): Promise<void> {
  const result = await hitRateLimit(pool, policy, subject);
  if (!result.allowed) throw new RateLimitedError(result.retryAfterSeconds);
}
