import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toErrorResponse } from "@/lib/errors/http";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";
import { enforceRateLimit, hitRateLimit, peekRateLimit, RateLimitedError } from "./limiter";

let postgres: TempPostgres;
let poolA: pg.Pool;
let poolB: pg.Pool;

beforeAll(async () => {
  postgres = await startTempPostgres();
  // Two pools stand for two app processes sharing one database.
  poolA = new pg.Pool({ connectionString: postgres.url, max: 4 });
  poolB = new pg.Pool({ connectionString: postgres.url, max: 4 });
  // Stopping PostgreSQL ends connections the pools are still closing; that is expected here.
  for (const pool of [poolA, poolB]) pool.on("error", () => undefined);
});

afterAll(async () => {
  await poolA?.end();
  await poolB?.end();
  await postgres?.stop();
});

const policy = { name: "test_burst", limit: 3, periodSeconds: 60 };

describe("Postgres rate limiter", () => {
  it("allows a burst of `limit`, then refuses with the wait until the next slot", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(i % 2 ? poolA : poolB, policy, "1.2.3.4"));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    // One slot refills every 60 / 3 = 20 s.
    expect(results[3].retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3].retryAfterSeconds).toBeLessThanOrEqual(20);
  });

  it("keeps subjects and policies apart", async () => {
    expect((await hitRateLimit(poolA, policy, "5.6.7.8")).allowed).toBe(true);
    expect((await hitRateLimit(poolA, { ...policy, name: "test_other" }, "1.2.3.4")).allowed).toBe(true);
  });

  it("refills as time passes", async () => {
    const refill = { name: "test_refill", limit: 2, periodSeconds: 60 };
    await hitRateLimit(poolA, refill, "x");
    await hitRateLimit(poolA, refill, "x");
    expect((await hitRateLimit(poolA, refill, "x")).allowed).toBe(false);
    // Thirty seconds later (moved in the database rather than waited for): one slot is back.
    await poolA.query(
      "UPDATE busymate_identity.rate_limits SET tat = tat - interval '30 seconds' WHERE key = 'test_refill:x'",
    );
    expect((await hitRateLimit(poolA, refill, "x")).allowed).toBe(true);
    expect((await hitRateLimit(poolA, refill, "x")).allowed).toBe(false);
  });

  it("counts concurrent requests exactly once each", async () => {
    const tight = { name: "test_concurrent", limit: 5, periodSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => hitRateLimit(i % 2 ? poolA : poolB, tight, "same")),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it("enforceRateLimit throws a 429 with Retry-After", async () => {
    const once = { name: "test_enforce", limit: 1, periodSeconds: 30 };
    await enforceRateLimit(poolA, once, "y");
    const error = await enforceRateLimit(poolA, once, "y").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    const response = toErrorResponse(error);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(30);
    expect(await response.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
  });
});

describe("peekRateLimit", () => {
  it("reports the state without counting", async () => {
    const failures = { name: "test_peek", limit: 2, periodSeconds: 60 };
    expect((await peekRateLimit(poolA, failures, "z")).allowed).toBe(true);
    expect((await peekRateLimit(poolA, failures, "z")).allowed).toBe(true);
    await hitRateLimit(poolA, failures, "z");
    expect((await peekRateLimit(poolA, failures, "z")).allowed).toBe(true);
    await hitRateLimit(poolA, failures, "z");
    const peeked = await peekRateLimit(poolA, failures, "z");
    expect(peeked.allowed).toBe(false);
    expect(peeked.retryAfterSeconds).toBeGreaterThan(0);
    expect(peeked.retryAfterSeconds).toBeLessThanOrEqual(30);
  });
});
