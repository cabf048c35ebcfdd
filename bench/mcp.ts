import type { Client } from "@modelcontextprotocol/client";
import os from "node:os";
import pg from "pg";
import { seedCaptures } from "@/db/seed/demo";
import { connectClient, startMcpTestServer, type Era } from "@/lib/mcp/testing";
import { findOperation, runOperation, SCOPE_READ, SCOPE_WRITE, type Caller } from "@/lib/operations";
import { createDevice, createPerson } from "@/lib/testing/db-fixtures";
import { startTempPostgres } from "@/lib/testing/temp-postgres";

/**
 * `npx tsx bench/mcp.ts [--entries=100000] [--calls=40] [--concurrency=16]`: tools/call over /mcp (the real endpoint:
 * token verification, Host/Origin checks, the Postgres rate limiter, the SDK's per-request
 * server) by 16 concurrent SDK clients, against the same operation called in-process with
 * runOperation (the baseline: validation, withClaims, capability check, handler) at the same
 * concurrency on the same pool. p50/p95 per call and calls/s.
 * Targets: MCP p95 < 50 ms; MCP / in-process ≤ 2×.
 */

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const ENTRIES = arg("entries", 100_000);
const CALLS_PER_CLIENT = arg("calls", 40);
const CONCURRENCY = arg("concurrency", 16);

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

interface Figures {
  p50: number;
  p95: number;
  perSecond: number;
}

/** Runs `call` CALLS_PER_CLIENT times on each of CONCURRENCY workers at once. */
async function measure(workers: ((i: number) => Promise<unknown>)[]): Promise<Figures> {
  // Warm: JIT, connections and caches, so the first era measured is not the one that pays.
  for (let i = 0; i < 10; i++) await Promise.all(workers.map((call) => call(-1)));
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    workers.map(async (call) => {
      for (let i = 0; i < CALLS_PER_CLIENT; i++) {
        const t = performance.now();
        await call(i);
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { p50: percentile(times, 50), p95: percentile(times, 95), perSecond: times.length / seconds };
}

const fmt = (ms: number) => ms.toFixed(2).padStart(7);

const db = await startTempPostgres();
const owner = new pg.Pool({ connectionString: db.url, max: 4 });
// The production pools' sizes: operations (lib/operations/pool.ts) and identity, which the rate
// limiter uses (lib/auth/identity-pool.ts).
const pool = new pg.Pool({ connectionString: db.url, max: 10 });
const identity = new pg.Pool({ connectionString: db.url, max: 10 });
for (const p of [owner, pool, identity]) p.on("error", () => undefined);
try {
  await createPerson(owner, "admin@bench.local");
  // Sixteen people, two devices each: 16 concurrent clients are 16 agents, as in production
  // (one person's parallel calls would also queue on their one rate-limit row).
  const people = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) => createPerson(owner, `member${i}@bench.local`, "member")),
  );
  const devices = (await Promise.all(
    people.flatMap((person, i) => [
      createDevice(owner, person, `Phone ${i}`),
      createDevice(owner, person, `Tablet ${i}`),
    ]),
  )) as string[];
  const client = await owner.connect();
  await seedCaptures(
    client,
    devices.map((uuid) => ({ uuid, source: "vpn" as const })),
    ENTRIES,
    { days: 14 },
  );
  await client.query("ANALYZE public.entries");
  client.release();

  // A limit far above the bench's call rate: the limiter's cost is measured, never its refusals.
  const server = await startMcpTestServer(
    { pool, owner: identity },
    { rateLimit: { name: "bench_calls", limit: 1_000_000, periodSeconds: 60 } },
  );
  const tokens = await Promise.all(people.map((person) => server.token(person)));
  const callers: Caller[] = people.map((person) => ({
    claims: { ...person.claims, scope: `${SCOPE_READ} ${SCOPE_WRITE}`, client_id: "bench" },
    scopes: new Set([SCOPE_READ, SCOPE_WRITE]),
    clientId: "bench",
  }));

  const cases: [string, string, Record<string, unknown>][] = [
    ["list_devices", "list_devices", {}],
    ["search_entries newest 20", "search_entries", { limit: 20 }],
    ['search_entries "stripe"', "search_entries", { query: "stripe", limit: 20 }],
  ];

  console.log(
    `tools/call by ${CONCURRENCY} concurrent clients (one person each), ${CALLS_PER_CLIENT} calls each; ${ENTRIES.toLocaleString()} captures on ${devices.length} devices`,
  );
  // Figures on a shared machine mean little without its load: print it beside them.
  console.log(
    `machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")} (1/5/15 min) at start`,
  );
  console.log(
    "case                         era      MCP p50  MCP p95   calls/s | in-process p50  p95   calls/s | p50 ratio  p95 ratio | p95<50  ≤2×",
  );
  for (const era of ["modern", "legacy"] as Era[]) {
    const clients: Client[] = await Promise.all(tokens.map((token) => connectClient(server.url, token, era)));
    for (const [label, name, args] of cases) {
      const operation = findOperation(name)!;
      const mcp = await measure(
        clients.map((c) => async () => {
          const result = await c.callTool({ name, arguments: args });
          if (result.isError) throw new Error(JSON.stringify(result.content));
        }),
      );
      const local = await measure(callers.map((caller) => () => runOperation(pool, operation, args, caller)));
      const ratio50 = mcp.p50 / local.p50;
      const ratio95 = mcp.p95 / local.p95;
      console.log(
        `${label.padEnd(28)} ${era.padEnd(7)} ${fmt(mcp.p50)}  ${fmt(mcp.p95)}  ${mcp.perSecond.toFixed(0).padStart(7)} |      ${fmt(local.p50)} ${fmt(local.p95)} ${local.perSecond.toFixed(0).padStart(7)} |   ${ratio50.toFixed(2)}×     ${ratio95.toFixed(2)}×  | ${mcp.p95 < 50 ? "met" : "MISSED"}   ${ratio95 <= 2 ? "met" : "MISSED"}`,
      );
    }
    await Promise.all(clients.map((c) => c.close()));
  }
  await server.close();
} finally {
  await pool.end();
  await identity.end();
  await owner.end();
  await db.stop();
}
