import http from "node:http";
import pg from "pg";
import { withClaims } from "@/lib/db/with-claims";
import { userToken } from "@/lib/local-supabase/rest/test-support";
import { createDevice, createPerson, personClaims } from "@/lib/testing/db-fixtures";
import { startTestSupabase } from "@/lib/testing/local-supabase";

/**
 * `npx tsx bench/local-supabase-rest.ts [--seconds=10] [--clients=16]`: a select by primary
 * key through the local Supabase stand-in's REST service, against the same query sent
 * straight to PostgreSQL over `pg`, at 16 concurrent clients. Target: ≥ 0.5× the direct rate.
 *
 *  - REST: `GET /rest/v1/devices?select=uuid,name,os&uuid=eq.<uuid>` as a member (RLS on),
 *    token in `Authorization` and `apikey`, keep-alive HTTP.
 *  - Direct, same transaction: what the stand-in runs, by hand over `pg` (BEGIN, role and
 *    claims with `withClaims`, the SELECT, COMMIT) — the like-for-like baseline.
 *  - Direct, plain: the bare SELECT as the owner, no transaction, no RLS — the floor.
 *
 * Client and server share this process and the machine's cores, as they would locally.
 */

const seconds = Number(process.argv.find((arg) => arg.startsWith("--seconds="))?.split("=")[1] ?? 10);
const clients = Number(process.argv.find((arg) => arg.startsWith("--clients="))?.split("=")[1] ?? 16);
const DEVICES = 200;

interface Result {
  name: string;
  rate: number;
  p50: number;
  p95: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** Runs `once` from `clients` loops for `durationMs`, adding each request's latency to `times`. */
async function round(durationMs: number, once: (i: number) => Promise<void>, times: number[]): Promise<void> {
  const stopAt = performance.now() + durationMs;
  let counter = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < stopAt) {
        const started = performance.now();
        await once(counter++);
        times.push(performance.now() - started);
      }
    }),
  );
}

/**
 * The variants take turns in short rounds, so a change in the machine's load (other work on
 * the same cores) weighs on all of them alike instead of on whichever ran at that moment.
 */
async function measureInterleaved(
  variants: [string, (i: number) => Promise<void>][],
  totalMs: number,
): Promise<Result[]> {
  const rounds = Math.max(1, Math.round(totalMs / 2000));
  const times = variants.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [index, [, once]] of variants.entries()) await round(totalMs / rounds, once, times[index]);
  }
  return variants.map(([name], index) => {
    const sorted = times[index].sort((a, b) => a - b);
    return { name, rate: sorted.length / (totalMs / 1000), p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  });
}

function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        if (response.statusCode !== 200 || !body.startsWith('[{"uuid"'))
          reject(new Error(`unexpected ${response.statusCode}: ${body}`));
        else resolve();
      });
    });
    request.on("error", reject);
  });
}

const stack = await startTestSupabase();
const direct = new pg.Pool({ connectionString: stack.postgres.url, max: clients });
direct.on("connect", (client) => client.on("error", () => undefined));
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
try {
  await createPerson(stack.owner, "admin@bench.local");
  const member = await createPerson(stack.owner, "member@bench.local");
  const devices: string[] = [];
  for (let i = 0; i < DEVICES; i++) devices.push(await createDevice(stack.owner, member, `Device ${i}`));
  await stack.owner.query("ANALYZE public.devices");
  const token = await userToken(stack.keys.jwtSecret, member.id);
  const headers = { Authorization: `Bearer ${token}`, apikey: token, "Accept-Profile": "public" };
  const sql = "SELECT uuid, name, os FROM public.devices WHERE uuid = $1";
  const claims = personClaims(member.id);

  const rest = (i: number) =>
    get(agent, new URL(`${stack.url}/rest/v1/devices?select=uuid,name,os&uuid=eq.${devices[i % DEVICES]}`), headers);
  const sameTransaction = async (i: number) => {
    const rows = await withClaims(
      direct,
      claims,
      async (client) => (await client.query(sql, [devices[i % DEVICES]])).rows,
    );
    if (rows.length !== 1) throw new Error("expected one row");
  };
  const plain = async (i: number) => {
    const { rows } = await direct.query(sql, [devices[i % DEVICES]]);
    if (rows.length !== 1) throw new Error("expected one row");
  };

  // Warm every path (connections, prepared plans, the handler's JIT) before measuring.
  for (const once of [rest, sameTransaction, plain]) await round(1000, once, []);

  const results = await measureInterleaved(
    [
      ["REST (stand-in, member token, RLS)", rest],
      ["direct pg, same role/claims transaction", sameTransaction],
      ["direct pg, plain SELECT as owner", plain],
    ],
    seconds * 1000,
  );
  console.log(
    `\nSelect by primary key, ${clients} concurrent clients, ${seconds} s each in alternating 2 s rounds (${DEVICES} devices, keep-alive):\n`,
  );
  for (const result of results) {
    console.log(
      `  ${result.name.padEnd(42)} ${result.rate.toFixed(0).padStart(7)} req/s   p50 ${result.p50.toFixed(2).padStart(6)} ms   p95 ${result.p95.toFixed(2).padStart(6)} ms`,
    );
  }
  const [restResult, txResult, plainResult] = results;
  console.log(
    `\n  ratio REST / direct same transaction: ${(restResult.rate / txResult.rate).toFixed(2)}  (target ≥ 0.5)`,
  );
  console.log(`  ratio REST / direct plain SELECT:     ${(restResult.rate / plainResult.rate).toFixed(2)}`);
} finally {
  agent.destroy();
  await direct.end();
  await stack.stop();
}
